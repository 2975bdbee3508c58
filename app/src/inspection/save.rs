//! Writing a record at once, one write at a time, with the state the screen shows.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// What happened to the open record's last change.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    /// Nothing changed since it was opened.
    Idle,
    Saving,
    Saved,
    /// The write failed (the change is still on screen).
    Failed(String),
    /// The change was refused before writing (the input is still on screen).
    Invalid(String),
}

type Write<T> = Box<dyn Fn(T) -> Pin<Box<dyn Future<Output = Result<(), String>>>>>;

/// Saves the latest value of a record: a change during a write is written after it, so
/// writes never overtake each other and the last change is the one stored.
pub struct Saver<T: Clone + Send + Sync + 'static> {
    pending: StoredValue<Option<T>>,
    running: StoredValue<bool>,
    pub state: RwSignal<SaveState>,
    write: StoredValue<Write<T>, LocalStorage>,
    /// The value whose write failed, for 重试.
    unsaved: StoredValue<Option<T>>,
}

impl<T: Clone + Send + Sync + 'static> Clone for Saver<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Clone + Send + Sync + 'static> Copy for Saver<T> {}

impl<T: Clone + Send + Sync + 'static> Saver<T> {
    pub fn new<F: Future<Output = Result<(), String>> + 'static>(
        write: impl Fn(T) -> F + 'static,
    ) -> Self {
        let write: Write<T> = Box::new(move |v| Box::pin(write(v)));
        Saver {
            pending: StoredValue::new(None),
            running: StoredValue::new(false),
            state: RwSignal::new(SaveState::Idle),
            write: StoredValue::new_local(write),
            unsaved: StoredValue::new(None),
        }
    }

    /// Queues `value` for writing (replacing a queued one) and starts writing.
    pub fn save(&self, value: T) {
        self.pending.set_value(Some(value));
        self.state.set(SaveState::Saving);
        if self.running.get_value() {
            return;
        }
        self.running.set_value(true);
        let this = *self;
        let writing = super::pending::Writing::start();
        spawn_local(async move {
            let _writing = writing;
            // Each value is the whole record, so only the last write's outcome counts.
            let mut failed = None;
            while let Some(v) = this.pending.try_update_value(Option::take).flatten() {
                let Some(fut) = this.write.try_with_value(|w| w(v.clone())) else {
                    return;
                };
                failed = fut.await.err().map(|e| (e, v));
            }
            let failed = failed.map(|(e, v)| {
                this.unsaved.set_value(Some(v));
                e
            });
            this.running.set_value(false);
            this.state.set(match failed {
                Some(e) => SaveState::Failed(e),
                None => SaveState::Saved,
            });
        });
    }

    /// Says a change is on its way (typed, saved after a pause): 保存中… until it is
    /// written, so the screen never claims 已保存 for text not yet stored.
    pub fn expect_change(&self) {
        self.state.set(SaveState::Saving);
    }

    /// The expected change turned out to be none (typed, then typed back): the stored
    /// record is what the screen shows.
    pub fn nothing_to_save(&self) {
        if !self.running.get_value() && self.state.get_untracked() == SaveState::Saving {
            self.state.set(SaveState::Saved);
        }
    }

    /// Whether the last change was written (or nothing changed): no failed or refused one.
    pub fn is_clean(&self) -> bool {
        matches!(
            self.state.get_untracked(),
            SaveState::Idle | SaveState::Saving | SaveState::Saved
        )
    }

    /// Writes again the value whose write failed.
    pub fn retry(&self) {
        if let Some(v) = self.unsaved.try_update_value(Option::take).flatten() {
            self.save(v);
        }
    }
}

/// "已保存" / "保存中…" / "保存失败" (with 重试) for the open record.
#[component]
pub fn SaveBadge<T: Clone + Send + Sync + 'static>(saver: Saver<T>) -> impl IntoView {
    let state = saver.state;
    let key = move || match state.get() {
        SaveState::Idle => "idle",
        SaveState::Saving => "saving",
        SaveState::Saved => "saved",
        SaveState::Failed(_) => "failed",
        SaveState::Invalid(_) => "invalid",
    };
    let text = move || match state.get() {
        SaveState::Idle => "未修改".to_string(),
        SaveState::Saving => "保存中… / saving".to_string(),
        SaveState::Saved => "已保存 / saved".to_string(),
        SaveState::Failed(e) => format!("保存失败 / not saved: {e}"),
        SaveState::Invalid(e) => format!("未保存 / not saved: {e}"),
    };
    view! {
        <span class=move || format!("save-state {}", key()) data-testid="save-state" data-state=key role="status">
            {text}
            <Show when=move || matches!(state.get(), SaveState::Failed(_))>
                <button class="small" data-testid="save-retry" on:click=move |_| saver.retry()>"重试"</button>
            </Show>
        </span>
    }
}
