//! App-wide state, provided as context. Large data (the project and its scene) sits in
//! non-reactive `StoredValue`s; small signals say when it changed.

use geo_core::layer::{Layer, LayerRole};
use geo_core::project::Project;
use geo_core::risk::{HighestZoneClass, Palette};
use geo_core::scene::Scene;
use leptos::prelude::*;

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
    pub scene: StoredValue<Scene>,
    /// Bumped whenever the scene changes so the map redraws.
    pub scene_version: RwSignal<u64>,
    pub layers: RwSignal<Vec<LayerEntry>>,
    pub site_count: RwSignal<usize>,
    pub selected: RwSignal<Option<Selected>>,
    /// WGS84 bounds the map should fit next (set after an import).
    pub fit_request: RwSignal<Option<[f64; 4]>>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            load: RwSignal::new(LoadState::Loading),
            project: StoredValue::new(None),
            scene: StoredValue::new(Scene::default()),
            scene_version: RwSignal::new(0),
            layers: RwSignal::new(Vec::new()),
            site_count: RwSignal::new(0),
            selected: RwSignal::new(None),
            fit_request: RwSignal::new(None),
        }
    }

    /// Grades the layers, builds the scene and the layer list.
    pub fn set_layers(&self, layers: Vec<Layer>) {
        let project = Project::new(layers, &HighestZoneClass::default());
        let scene = project.scene(&Palette::default());
        let entries = project
            .layers
            .iter()
            .enumerate()
            .map(|(index, l)| LayerEntry {
                index,
                id: l.meta.id.clone(),
                name: l.meta.name.clone(),
                role: l.meta.role,
                visible: true,
                count: l.features.len(),
            })
            .collect();
        self.site_count.set(
            project
                .layers
                .iter()
                .filter(|l| l.meta.role == LayerRole::Sites)
                .map(|l| l.features.len())
                .sum(),
        );
        self.project.set_value(Some(project));
        self.scene.set_value(scene);
        self.layers.set(entries);
        self.scene_version.update(|v| *v += 1);
    }

    /// Adds an imported layer on top (sites) or below the sites (everything else),
    /// re-grades every site, keeps the other layers' visibility and fits the map to it.
    pub fn add_layer(&self, layer: Layer) {
        let bounds = layer
            .bbox()
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
        let mut layers: Vec<Layer> = self
            .project
            .with_value(|p| p.as_ref().map(|p| p.layers.clone()).unwrap_or_default());
        let visible: Vec<(String, bool)> = self
            .layers
            .get_untracked()
            .into_iter()
            .map(|e| (e.id, e.visible))
            .collect();
        let at = if layer.meta.role == LayerRole::Sites {
            layers.len()
        } else {
            layers
                .iter()
                .position(|l| l.meta.role == LayerRole::Sites)
                .unwrap_or(layers.len())
        };
        layers.insert(at, layer);
        self.selected.set(None);
        self.set_layers(layers);
        for (i, e) in self.layers.get_untracked().into_iter().enumerate() {
            if let Some((_, false)) = visible.iter().find(|(id, _)| *id == e.id) {
                self.set_visible(i, false);
            }
        }
        self.fit_request.set(bounds);
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
        self.scene.update_value(|s| {
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

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
