//! Importing user files: the page hands the bytes to the import worker, shows the stage and
//! a cancel button, then the import dialog with what was detected; on confirm the layer
//! joins the project.

mod ingest;
mod worker;

use geo_core::dto::{ImportSummary, OptionsDto};
use leptos::prelude::*;

pub use ingest::{ingest_layer, LayerChoice};
pub use worker::ImportWorker;

/// Where an import is.
#[derive(Clone, Debug)]
pub enum ImportState {
    Idle,
    /// The worker is reading the file.
    Running {
        file: String,
        stage: &'static str,
    },
    /// Parsed: the dialog shows the summary; `head` and `chunks` are the worker's encoded
    /// layer (chunks stay JS buffers until the layer is added).
    Review {
        summary: Box<ImportSummary>,
        head: std::rc::Rc<Vec<u8>>,
        chunks: std::rc::Rc<Vec<js_sys::Uint8Array>>,
    },
    /// Confirmed: the layer joins the project and the map a chunk at a time.
    Adding {
        file: String,
    },
    /// Failed; `columns` offers the coordinate columns when a table had none we recognised.
    Failed {
        file: String,
        message: String,
        columns: Vec<String>,
    },
}

/// The file being imported and the options last used, kept so the dialog can re-run the
/// import with another CRS or other columns.
#[derive(Clone)]
pub struct PendingFile {
    pub name: String,
    /// The picked or dropped file; the worker reads it, the page never holds its bytes.
    pub blob: web_sys::Blob,
    pub options: OptionsDto,
}

/// Import context shared by the file button, drag-and-drop and the dialog.
#[derive(Clone, Copy)]
pub struct ImportCtx {
    pub state: RwSignal<ImportState, LocalStorage>,
    /// Fraction done of the current stage, `None` when unknown (indeterminate bar). Kept
    /// apart from `state` so a progress tick does not re-render the panel.
    pub progress: RwSignal<Option<f64>>,
    pub pending: StoredValue<Option<PendingFile>, LocalStorage>,
    pub worker: StoredValue<Option<ImportWorker>, LocalStorage>,
    next_id: StoredValue<u32, LocalStorage>,
}

impl ImportCtx {
    pub fn new() -> Self {
        ImportCtx {
            state: RwSignal::new_local(ImportState::Idle),
            progress: RwSignal::new(None),
            pending: StoredValue::new_local(None),
            worker: StoredValue::new_local(None),
            next_id: StoredValue::new_local(0),
        }
    }

    /// Starts (or restarts with new options) the import of the pending file.
    pub fn run(&self) {
        let Some(p) = self.pending.get_value() else {
            return;
        };
        let id = self.next_id.get_value() + 1;
        self.next_id.set_value(id);
        let state = self.state;
        let ctx = *self;
        if self.worker.with_value(|w| w.is_none()) {
            match ImportWorker::spawn(move |reply| ctx.on_reply(reply)) {
                Ok(w) => self.worker.set_value(Some(w)),
                Err(e) => {
                    state.set(ImportState::Failed {
                        file: p.name,
                        message: e,
                        columns: vec![],
                    });
                    return;
                }
            }
        }
        self.progress.set(None);
        state.set(ImportState::Running {
            file: p.name.clone(),
            stage: "读取文件",
        });
        let sent = self
            .worker
            .with_value(|w| w.as_ref().map(|w| w.post(id, &p.name, &p.blob, &p.options)));
        if let Some(Err(e)) = sent {
            state.set(ImportState::Failed {
                file: p.name,
                message: e,
                columns: vec![],
            });
        }
    }

    /// Stops the worker mid-parse; a fresh one is spawned for the next import.
    pub fn cancel(&self) {
        self.worker.update_value(|w| {
            if let Some(w) = w.take() {
                w.terminate();
            }
        });
        self.state.set(ImportState::Idle);
    }

    fn on_reply(&self, reply: worker::Reply) {
        // Replies to an earlier request (the user changed options meanwhile) are dropped.
        // u32::MAX marks a worker crash, which ends whatever is running.
        if reply.id != u32::MAX && reply.id != self.next_id.get_value() {
            return;
        }
        if reply.id == u32::MAX {
            // The worker died: start a fresh one for the next import.
            self.worker.update_value(|w| {
                if let Some(w) = w.take() {
                    w.terminate();
                }
            });
        }
        let file = self
            .pending
            .with_value(|p| p.as_ref().map(|p| p.name.clone()))
            .unwrap_or_default();
        match reply.body {
            worker::ReplyBody::Stage(stage, progress) => {
                self.progress.set(progress);
                if self.state.with_untracked(
                    |s| matches!(s, ImportState::Running { stage: st, .. } if *st != stage),
                ) {
                    self.state.update(|s| {
                        if let ImportState::Running { stage: st, .. } = s {
                            *st = stage;
                        }
                    });
                }
            }
            worker::ReplyBody::Outcome(
                Ok(geo_core::dto::ImportOutcome::Ok { summary, head, .. }),
                chunks,
            ) => self.state.set(ImportState::Review {
                summary,
                head: std::rc::Rc::new(head),
                chunks: std::rc::Rc::new(chunks),
            }),
            worker::ReplyBody::Outcome(
                Ok(geo_core::dto::ImportOutcome::Failed { message, columns }),
                _,
            ) => self.state.set(ImportState::Failed {
                file,
                message,
                columns,
            }),
            worker::ReplyBody::Outcome(Err(message), _) => self.state.set(ImportState::Failed {
                file,
                message,
                columns: vec![],
            }),
        }
    }
}

impl Default for ImportCtx {
    fn default() -> Self {
        Self::new()
    }
}

/// Starts the import of a picked or dropped file; `near` is the extent of the layers
/// already loaded, for the "far from the other layers" warning.
pub fn start_import(ctx: ImportCtx, file: web_sys::File, near: Option<[f64; 4]>) {
    let name = file.name();
    ctx.pending.set_value(Some(PendingFile {
        name,
        blob: file.into(),
        options: OptionsDto {
            near,
            ..Default::default()
        },
    }));
    ctx.run();
}
