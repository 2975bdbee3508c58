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
