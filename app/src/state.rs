//! App-wide state, provided as context. Large data (the project and its scene) sits in
//! non-reactive `StoredValue`s; small signals say when it changed.

use geo_core::layer::{Layer, LayerRole, LayerTally};
use geo_core::look::{ColourBy, LayerLook};
use geo_core::project::Project;
use geo_core::risk::models::composite::OpenDangers;
use geo_core::risk::models::ModelDocument;
use geo_core::risk::Palette;
use geo_core::scene::{CategoryCount, Scene};
use leptos::prelude::*;

use crate::slices::{Redraws, Slicer};

/// Layers of up to this many features are restyled in one step.
const RESTYLE_AT_ONCE: usize = 20_000;

/// Loading outcome of the demo layers; errors are full user-facing messages.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    Failed(Vec<String>),
}

/// One row of the layer list.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerEntry {
    pub index: usize,
    pub id: String,
    pub name: String,
    pub role: LayerRole,
    pub visible: bool,
    pub count: usize,
}

/// The site the panel shows: (layer, feature) in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selected {
    pub layer: usize,
    pub feature: usize,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub load: RwSignal<LoadState>,
    pub project: StoredValue<Option<Project>>,
    /// Changed only through [`AppState::edit_scene`], which counts the changes.
    pub scene: StoredValue<Scene>,
    /// Changes made to the scene: the map reuses its last frame's pixels for a pan only
    /// while this stands still.
    scene_rev: StoredValue<u64>,
    /// Bumped whenever the scene changes so the map redraws.
    pub scene_version: RwSignal<u64>,
    pub layers: RwSignal<Vec<LayerEntry>>,
    pub site_count: RwSignal<usize>,
    pub selected: RwSignal<Option<Selected>>,
    /// WGS84 bounds the map should fit next (set after an import).
    pub fit_request: RwSignal<Option<[f64; 4]>>,
    /// True while an imported layer is being added in slices; a second confirm waits.
    pub busy: RwSignal<bool>,
    /// Bumped when scores change (model edited, dangers recorded) so panels refresh.
    pub score_version: RwSignal<u64>,
    /// Milliseconds the last re-scoring took, shown in the model editor.
    pub last_rescore_ms: RwSignal<Option<f64>>,
    /// Bumped when a layer's look or the layer order changes (the legend and the style
    /// editor follow it).
    pub look_version: RwSignal<u64>,
    /// Restyles being applied in slices (the style editor says so while any is).
    pub restyling: RwSignal<usize>,
    /// Per layer id, the number of its latest restyle: a slice of an older one stops.
    restyle_of: StoredValue<std::collections::BTreeMap<String, u64>>,
    /// Someone waits for a position on the map: the next tap is given to it as WGS84
    /// (lon, lat) instead of picking a feature, and clears this.
    pub point_request: RwSignal<Option<Callback<(f64, f64)>>>,
}

impl AppState {
    /// Changes the scene; every change goes through here (see `scene_rev`).
    pub fn edit_scene(&self, f: impl FnOnce(&mut Scene)) {
        self.scene_rev.update_value(|r| *r += 1);
        self.scene.update_value(f);
    }

    /// Number of changes made to the scene so far.
    pub fn scene_rev(&self) -> u64 {
        self.scene_rev.get_value()
    }

    pub fn new() -> Self {
        AppState {
            load: RwSignal::new(LoadState::Loading),
            project: StoredValue::new(None),
            scene: StoredValue::new(Scene::default()),
            scene_rev: StoredValue::new(0),
            scene_version: RwSignal::new(0),
            layers: RwSignal::new(Vec::new()),
            site_count: RwSignal::new(0),
            selected: RwSignal::new(None),
            fit_request: RwSignal::new(None),
            busy: RwSignal::new(false),
            score_version: RwSignal::new(0),
            last_rescore_ms: RwSignal::new(None),
            look_version: RwSignal::new(0),
            restyling: RwSignal::new(0),
            restyle_of: StoredValue::new(Default::default()),
            point_request: RwSignal::new(None),
        }
    }

    /// Scores the layers, builds the scene and a fresh layer list (every layer visible).
    pub fn set_layers(&self, layers: Vec<Layer>) {
        let project = Project::new(layers, self.model());
        let gcj02 = crate::map::basemap::vectors_gcj02();
        self.scene
            .set_value(project.scene_in(&Palette::default(), gcj02));
        self.project.set_value(Some(project));
        self.layers.set(Vec::new());
        self.refresh_entries();
        self.scene_version.update(|v| *v += 1);
    }

    /// Rebuilds the map scene in GCJ-02 or WGS84 (the basemap's datum changed), keeping
    /// which layers are shown.
    pub fn rebuild_scene(&self, gcj02: bool) {
        let Some(mut scene) = self
            .project
            .with_value(|p| p.as_ref().map(|p| p.scene_in(&Palette::default(), gcj02)))
        else {
            return;
        };
        let hidden: Vec<bool> = self
            .scene
            .with_value(|s| s.layers.iter().map(|l| !l.visible).collect());
        for (layer, hide) in scene.layers.iter_mut().zip(hidden) {
            layer.visible = !hide;
        }
        scene.set_pins(self.scene.with_value(|s| s.pins()));
        self.edit_scene(|s| *s = scene);
        self.scene_version.update(|v| *v += 1);
    }

    /// Inserts an imported layer, not yet on the map: on top if it holds sites, else below
    /// the sites. Returns its position; [`AppState::extend_layer`] then adds it in slices.
    /// `tally`: the layer's box and sizes if the caller added them up already.
    pub fn insert_layer(&self, layer: Layer, tally: Option<&LayerTally>) -> usize {
        self.busy.set(true);
        let mut at = 0;
        self.project.update_value(|p| {
            let p = p.get_or_insert_with(|| Project::new(Vec::new(), ModelDocument::default()));
            at = if layer.meta.role == LayerRole::Sites {
                p.layers.len()
            } else {
                p.site_layers().first().copied().unwrap_or(p.layers.len())
            };
            at = p.insert_tallied_layer(at, layer, tally);
            let style = p.layer_style(at);
            self.edit_scene(|s| s.insert_layer(at, &p.layers[at], style));
        });
        self.refresh_entries();
        at
    }

    /// Scores (if sites) and draws features `range` of layer `li`.
    pub fn extend_layer(&self, li: usize, range: std::ops::Range<usize>, palette: &Palette) {
        self.project.update_value(|p| {
            let Some(p) = p else { return };
            p.add_range(li, range.clone());
            let fills = p.fills(li, range.clone(), palette);
            self.edit_scene(|s| s.extend_layer(li, &p.layers[li], range, fills.as_deref()));
        });
    }

    /// Re-scores features `range` of site layer `li` (after a zone or source layer joined)
    /// and recolours them.
    pub fn regrade(&self, li: usize, range: std::ops::Range<usize>, palette: &Palette) {
        self.project.update_value(|p| {
            let Some(p) = p else { return };
            p.add_range(li, range.clone());
            if let Some(fills) = p.fills(li, range.clone(), palette) {
                self.edit_scene(|s| s.set_fills_from(li, range.start, &fills));
            }
        });
    }

    /// Moves the map to show all of layer `li` (nothing for an empty layer).
    pub fn fit_layer(&self, li: usize) {
        let bounds = self.project.with_value(|p| {
            let r = p.as_ref()?.layers.get(li)?.bbox()?;
            Some([r.min().x, r.min().y, r.max().x, r.max().y])
        });
        if bounds.is_some() {
            self.fit_request.set(bounds);
        }
    }

    /// Asks the map to redraw (the scene changed).
    pub fn redraw(&self) {
        self.scene_version.update(|v| *v += 1);
    }

    /// Positions of the site layers.
    pub fn site_layers(&self) -> Vec<usize> {
        self.project
            .with_value(|p| p.as_ref().map(Project::site_layers).unwrap_or_default())
    }

    pub fn feature_count(&self, li: usize) -> usize {
        self.project.with_value(|p| {
            p.as_ref()
                .and_then(|p| p.layers.get(li))
                .map_or(0, |l| l.features.len())
        })
    }

    /// Ends an insertion: counts, list, area colours, rings and redraw.
    pub fn finish_insert(&self) {
        self.refresh_entries();
        self.recolour();
        self.busy.set(false);
    }

    /// Recolours every site and area and redraws the rings from the project's current
    /// scores: after a re-scoring, no re-projection.
    pub fn recolour(&self) {
        let palette = Palette::default();
        self.project.with_value(|p| {
            let Some(p) = p else { return };
            self.edit_scene(|s| {
                for li in 0..p.layers.len() {
                    let role = p.layers[li].meta.role;
                    if matches!(role, LayerRole::Sites | LayerRole::Areas) {
                        if let Some(f) = p.fills(li, 0..p.layers[li].features.len(), &palette) {
                            s.set_fills(li, &f);
                        }
                    }
                }
                p.refresh_scene_rings(s, &palette);
            });
        });
        self.score_version.update(|v| *v += 1);
        self.scene_version.update(|v| *v += 1);
    }

    /// Switches the risk model: every site is re-scored from the kept overlay.
    pub fn set_model(&self, model: ModelDocument) {
        let t0 = js_sys::Date::now();
        self.project.update_value(|p| {
            if let Some(p) = p {
                p.set_model(model);
            }
        });
        self.last_rescore_ms.set(Some(js_sys::Date::now() - t0));
        self.recolour();
    }

    /// Adds a grid summary layer of `cell_m`-metre cells (counts, highest grade, mean
    /// score per cell), drawn as a choropleth; replaces an earlier grid of the same size.
    pub fn add_grid(&self, cell_m: f64) -> Result<(), String> {
        let grid = self
            .project
            .with_value(|p| p.as_ref().and_then(|p| p.grid_layer(cell_m)))
            .ok_or_else(|| "没有可汇总的场所 / no sites to aggregate".to_string())?;
        let id = grid.meta.id.clone();
        let existing = self
            .project
            .with_value(|p| p.as_ref().map(|p| p.layers.iter().any(|l| l.meta.id == id)))
            .unwrap_or(false);
        if existing {
            return Ok(());
        }
        let n = grid.features.len();
        let at = self.insert_layer(grid, None);
        self.extend_layer(at, 0..n, &Palette::default());
        self.finish_insert();
        Ok(())
    }

    /// The model in use.
    pub fn model(&self) -> ModelDocument {
        self.project
            .with_value(|p| p.as_ref().map(|p| p.model.clone()))
            .unwrap_or_default()
    }

    /// Tells the project which sites have open hidden dangers (every record not yet
    /// 已闭环) and re-scores.
    pub fn set_dangers(&self, dangers: &[geo_core::inspection::HiddenDanger]) {
        let mut open: std::collections::HashMap<String, OpenDangers> = Default::default();
        for d in dangers.iter().filter(|d| !d.is_closed()) {
            let e = open.entry(d.site_id.clone()).or_default();
            if d.level.is_major() {
                e.major += 1;
            } else {
                e.general += 1;
            }
        }
        // Pins: where the record was taken, else at its site (one lookup per site).
        let mut at_site: std::collections::HashMap<&str, Option<(f64, f64)>> = Default::default();
        let pins: Vec<(f64, f64, geo_core::risk::Rgba)> = self.project.with_value(|p| {
            dangers
                .iter()
                .filter_map(|d| {
                    let pos = match &d.location {
                        Some(l) if l.is_valid() => Some((l.lon, l.lat)),
                        _ => *at_site.entry(d.site_id.as_str()).or_insert_with(|| {
                            let p = p.as_ref()?;
                            let (li, fi) = p.find_site(&d.site_id)?;
                            let pt = geo::InteriorPoint::interior_point(
                                &p.layers[li].features[fi].geometry,
                            )?;
                            Some((pt.x(), pt.y()))
                        }),
                    };
                    pos.map(|(x, y)| (x, y, geo_core::inspection::pin::pin_colour(d)))
                })
                .collect()
        });
        self.edit_scene(|s| s.set_pins(pins));
        self.project.update_value(|p| {
            if let Some(p) = p {
                p.set_dangers(open);
            }
        });
        self.recolour();
    }

    /// Rebuilds the layer list and site count from the project, keeping each layer's
    /// visibility (by id).
    fn refresh_entries(&self) {
        let visible: Vec<(String, bool)> = self
            .layers
            .get_untracked()
            .into_iter()
            .map(|e| (e.id, e.visible))
            .collect();
        let (entries, sites) = self.project.with_value(|p| {
            let Some(p) = p else {
                return (Vec::new(), 0);
            };
            let entries: Vec<LayerEntry> = p
                .layers
                .iter()
                .enumerate()
                .map(|(index, l)| LayerEntry {
                    index,
                    id: l.meta.id.clone(),
                    name: l.meta.name.clone(),
                    role: l.meta.role,
                    visible: visible
                        .iter()
                        .find(|(id, _)| *id == l.meta.id)
                        .is_none_or(|(_, v)| *v),
                    count: l.features.len(),
                })
                .collect();
            let sites = p
                .site_layers()
                .into_iter()
                .map(|i| p.layers[i].features.len())
                .sum();
            (entries, sites)
        });
        self.edit_scene(|s| {
            for e in &entries {
                if let Some(l) = s.layers.get_mut(e.index) {
                    l.visible = e.visible;
                }
            }
        });
        self.site_count.set(sites);
        self.layers.set(entries);
    }

    /// WGS84 extent of everything loaded.
    pub fn loaded_bounds(&self) -> Option<[f64; 4]> {
        self.project
            .with_value(|p| p.as_ref().and_then(|p| p.bounds()))
    }

    /// The ids in use, so an imported layer gets a fresh one.
    pub fn unique_layer_id(&self, wanted: &str) -> String {
        let taken: Vec<String> = self
            .layers
            .get_untracked()
            .into_iter()
            .map(|e| e.id)
            .collect();
        (1..)
            .map(|n| {
                if n == 1 {
                    wanted.to_string()
                } else {
                    format!("{wanted}-{n}")
                }
            })
            .find(|id| !taken.contains(id))
            .unwrap_or_default()
    }

    pub fn set_visible(&self, index: usize, visible: bool) {
        self.edit_scene(|s| {
            if let Some(l) = s.layers.get_mut(index) {
                l.visible = visible;
            }
        });
        self.layers.update(|ls| {
            if let Some(e) = ls.get_mut(index) {
                e.visible = visible;
            }
        });
        self.scene_version.update(|v| *v += 1);
    }
}

impl AppState {
    /// How layer `li` is drawn.
    pub fn look(&self, li: usize) -> Option<LayerLook> {
        self.project
            .with_value(|p| p.as_ref().and_then(|p| p.look(li).cloned()))
    }

    /// Restyles layer `li`: the scene layer takes the new style and fills (a source
    /// layer's rings too) and the map redraws; no re-projection. A layer of more than
    /// [`RESTYLE_AT_ONCE`] features takes its fills in slices between frames: colouring
    /// 660,000 footprints by class was one 470 ms task. A later restyle of the layer
    /// overtakes one still running.
    pub fn set_look(&self, li: usize, look: LayerLook) {
        let palette = Palette::default();
        let mut sliced = None;
        self.project.update_value(|p| {
            let Some(p) = p else { return };
            if li >= p.layers.len() {
                return;
            }
            p.set_look(li, look);
            let style = p.layer_style(li);
            let n = p.layers[li].features.len();
            let fills = (n <= RESTYLE_AT_ONCE)
                .then(|| p.fills(li, 0..n, &palette))
                .flatten();
            self.edit_scene(|s| {
                if let Some(l) = s.layers.get_mut(li) {
                    l.style = style;
                }
                if let Some(f) = &fills {
                    s.set_fills(li, f);
                }
                if p.layers[li].meta.role == LayerRole::Sources {
                    p.refresh_scene_rings(s, &palette);
                }
            });
            if n > RESTYLE_AT_ONCE {
                sliced = Some((p.layers[li].meta.id.clone(), n));
            }
        });
        self.look_version.update(|v| *v += 1);
        self.scene_version.update(|v| *v += 1);
        if let Some((id, n)) = sliced {
            self.recolour_in_slices(id, n, palette);
        }
    }

    /// Runs a restyle of layer `id` over its `n` features in slices between frames: `step`
    /// on each slice with `acc`, while this is the layer's latest restyle (a later one
    /// overtakes it), then `done` with `acc` and whether it still is. `restyling` counts it
    /// from the start until after `done`, so a restyle that `done` starts keeps the style
    /// editor's 正在重新着色 up.
    fn restyle_in_slices<A: 'static>(
        &self,
        id: String,
        n: usize,
        mut acc: A,
        mut step: impl FnMut(&mut A, &str, std::ops::Range<usize>) -> bool + 'static,
        done: impl FnOnce(A, bool) + 'static,
    ) {
        let state = *self;
        let mut number = 0;
        self.restyle_of.update_value(|m| {
            let latest = m.entry(id.clone()).or_insert(0);
            *latest += 1;
            number = *latest;
        });
        let current = move |id: &str| {
            state
                .restyle_of
                .with_value(|m| m.get(id).copied() == Some(number))
        };
        self.restyling.update(|k| *k += 1);
        leptos::task::spawn_local(async move {
            let slice = |range: std::ops::Range<usize>| current(&id) && step(&mut acc, &id, range);
            Slicer::new().run(n, slice, |_| {}).await;
            done(acc, current(&id));
            state.restyling.update(|k| *k = k.saturating_sub(1));
        });
    }

    /// Whether colouring layer `li` by category should count its values in slices
    /// ([`AppState::count_categories`]) rather than at once.
    pub fn counts_in_slices(&self, li: usize) -> bool {
        self.feature_count(li) > RESTYLE_AT_ONCE
    }

    /// Counts the values of the field layer `li` would be coloured by (`field`, or the
    /// suggested one), in slices between frames, then hands the count to `apply` unless a
    /// later restyle of the layer came first. Why: counting 660,000 footprints at once held
    /// the page for 150–200 ms. The style editor shows 正在重新着色 meanwhile.
    pub fn count_categories(
        &self,
        li: usize,
        field: Option<String>,
        apply: impl FnOnce(CategoryCount) + 'static,
    ) {
        let state = *self;
        let Some((id, n, field)) = self.project.with_value(|p| {
            let p = p.as_ref()?;
            let l = p.layers.get(li)?;
            let field = p.colour_field(li, ColourBy::Categories, field.as_deref());
            Some((l.meta.id.clone(), l.features.len(), field))
        }) else {
            return;
        };
        let step = move |count: &mut CategoryCount, id: &str, range: std::ops::Range<usize>| {
            state.project.with_value(|p| {
                let layer = p
                    .as_ref()
                    .and_then(|p| p.layers.iter().find(|l| l.meta.id == id));
                if let Some(part) = layer.and_then(|l| l.features.get(range)) {
                    count.add(part);
                }
            });
            true
        };
        // Applied while still counted as restyling: a large layer's fills then start
        // their own slices, so 正在重新着色 stays up from the count to the last fill.
        let done = |count, current: bool| {
            if current {
                apply(count);
            }
        };
        self.restyle_in_slices(id, n, CategoryCount::new(&field), step, done);
    }

    /// Recolours the `n` features of layer `id` from its look, in slices.
    fn recolour_in_slices(&self, id: String, n: usize, palette: Palette) {
        let state = *self;
        let step = move |redraws: &mut Redraws, id: &str, range: std::ops::Range<usize>| {
            let mut found = false;
            state.project.update_value(|p| {
                let Some(p) = p else { return };
                let Some(li) = p.layers.iter().position(|l| l.meta.id == id) else {
                    return;
                };
                found = true;
                if let Some(f) = p.fills(li, range.clone(), &palette) {
                    state.edit_scene(|s| s.set_fills_from(li, range.start, &f));
                }
            });
            if redraws.due() {
                state.redraw();
            }
            found
        };
        self.restyle_in_slices(id, n, Redraws::new(n), step, move |_, _| state.redraw());
    }

    /// Moves layer `from` to draw position `to` in the project and the scene alike (the
    /// layer list shows the same order, top first). Looks, visibility and the selected
    /// site follow their layers. Refused (false) while a layer is being added.
    pub fn move_layer(&self, from: usize, to: usize) -> bool {
        if self.busy.get_untracked() || from == to {
            return false;
        }
        let mut moved = false;
        self.project.update_value(|p| {
            if let Some(p) = p {
                moved = p.move_layer(from, to);
            }
        });
        if !moved {
            return false;
        }
        self.edit_scene(|s| {
            if from < s.layers.len() && to < s.layers.len() {
                let l = s.layers.remove(from);
                s.layers.insert(to, l);
            }
        });
        let remap = |i: usize| {
            if i == from {
                to
            } else if from < i && i <= to {
                i - 1
            } else if to <= i && i < from {
                i + 1
            } else {
                i
            }
        };
        if let Some(sel) = self.selected.get_untracked() {
            let layer = remap(sel.layer);
            if layer != sel.layer {
                self.selected.set(Some(Selected { layer, ..sel }));
            }
        }
        self.refresh_entries();
        // Rings are placed by source position; scores may have been recomputed.
        self.recolour();
        self.look_version.update(|v| *v += 1);
        true
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
