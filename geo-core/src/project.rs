//! A [`Project`]: the loaded layers, graded. The app holds one; reports read from it.

use std::ops::Range;

use geo::Geometry;

use crate::index::ZoneIndex;
use crate::layer::{Layer, LayerRole};
use crate::risk::{Assessment, GradingRule, Palette, Rgba, ZoneSet};
use crate::scene::{default_style, zone_fill, LayerStyle, Scene};

/// Layers in draw order (bottom first) with every site graded.
pub struct Project {
    pub layers: Vec<Layer>,
    /// Per layer, per feature: the assessment of each site; empty for non-site layers.
    pub assessments: Vec<Vec<Assessment>>,
    /// Index over the hazard-zone layers in project order, kept so a large layer can be
    /// graded in steps; rebuilt when a zone layer is inserted below another one.
    zones: ZoneIndex,
    /// A zone layer added on top of the others, indexed slice by slice by
    /// [`Project::add_range`] instead of in one rebuild.
    indexing: Option<usize>,
}

impl Project {
    /// Grades every feature of every site layer against every hazard-zone layer.
    /// Sites that are not points are graded at their interior point.
    pub fn new(layers: Vec<Layer>, rule: &dyn GradingRule) -> Self {
        let mut project = Project {
            assessments: layers.iter().map(|_| Vec::new()).collect(),
            layers,
            zones: ZoneIndex::new(&[]),
            indexing: None,
        };
        project.rebuild_zones();
        for li in project.site_layers() {
            project.assessments[li] =
                vec![Assessment::default(); project.layers[li].features.len()];
            project.grade_range(li, 0..project.layers[li].features.len(), rule);
        }
        project
    }

    fn rebuild_zones(&mut self) {
        let zones: Vec<&Layer> = self
            .layers
            .iter()
            .filter(|l| l.meta.role == LayerRole::HazardZones)
            .collect();
        self.zones = ZoneIndex::new(&zones);
    }

    /// The zone layers with the kept index, for a [`GradingRule`].
    pub fn zone_set(&self) -> ZoneSet<'_> {
        ZoneSet {
            layers: self
                .layers
                .iter()
                .filter(|l| l.meta.role == LayerRole::HazardZones)
                .collect(),
            index: std::borrow::Cow::Borrowed(&self.zones),
        }
    }

    /// Positions of the site layers.
    pub fn site_layers(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&i| self.layers[i].meta.role == LayerRole::Sites)
            .collect()
    }

    /// Inserts a layer at draw position `at` (clamped) and returns its position. It is not
    /// graded or indexed yet: call [`Project::add_range`] over all its features (in slices
    /// if it is large). After a hazard-zone layer every site layer needs grading again.
    pub fn insert_layer(&mut self, at: usize, layer: Layer) -> usize {
        let at = at.min(self.layers.len());
        let n = if layer.meta.role == LayerRole::Sites {
            layer.features.len()
        } else {
            0
        };
        let zone = layer.meta.role == LayerRole::HazardZones;
        if let Some(i) = self.indexing.as_mut().filter(|i| **i >= at) {
            *i += 1;
        }
        self.layers.insert(at, layer);
        self.assessments.insert(at, vec![Assessment::default(); n]);
        if zone {
            let on_top = self.layers[at + 1..]
                .iter()
                .all(|l| l.meta.role != LayerRole::HazardZones);
            if on_top && self.indexing.is_none() {
                // Zone positions below stay the same: index the new layer as it is added.
                self.indexing = Some(at);
                self.zones.reserve(self.layers[at].features.len());
            } else {
                self.indexing = None;
                self.rebuild_zones();
            }
        }
        at
    }

    /// Brings features `range` of layer `li` into play: grades them if it is a site layer,
    /// indexes them if it is the zone layer just inserted on top.
    pub fn add_range(&mut self, li: usize, range: Range<usize>, rule: &dyn GradingRule) {
        if self.indexing == Some(li) {
            let pos = self.layers[..li]
                .iter()
                .filter(|l| l.meta.role == LayerRole::HazardZones)
                .count();
            self.zones.extend(pos, &self.layers[li], range.clone());
            if range.end >= self.layers[li].features.len() {
                self.indexing = None;
            }
        }
        self.grade_range(li, range, rule);
    }

    /// Grades features `range` of site layer `li` (out-of-range parts are ignored).
    pub fn grade_range(&mut self, li: usize, range: Range<usize>, rule: &dyn GradingRule) {
        let Some(layer) = self.layers.get(li) else {
            return;
        };
        if layer.meta.role != LayerRole::Sites {
            return;
        }
        let end = range.end.min(layer.features.len());
        let start = range.start.min(end);
        let zones = self.zone_set();
        let graded: Vec<Assessment> = layer.features[start..end]
            .iter()
            .map(|f| {
                let p = match &f.geometry {
                    Geometry::Point(p) => Some(*p),
                    g => geo::InteriorPoint::interior_point(g),
                };
                match p {
                    Some(p) => rule.assess(&zones, p.x(), p.y()),
                    None => rule.assess(&zones, f64::NAN, f64::NAN),
                }
            })
            .collect();
        drop(zones);
        let out = &mut self.assessments[li];
        if out.len() < end {
            out.resize(end, Assessment::default());
        }
        for (slot, a) in out[start..end].iter_mut().zip(graded) {
            *slot = a;
        }
    }

    /// The map style of layer `li`: hazard-zone layers take the next zone colour ramp.
    pub fn layer_style(&self, li: usize) -> LayerStyle {
        let nth_zone = self.layers[..li.min(self.layers.len())]
            .iter()
            .filter(|l| l.meta.role == LayerRole::HazardZones)
            .count();
        default_style(&self.layers[li].meta, nth_zone)
    }

    /// Fill colours of features `range` of layer `li`: grade colours for sites, class
    /// shades for hazard zones, `None` (the style's fill) for the rest.
    pub fn fills(&self, li: usize, range: Range<usize>, palette: &Palette) -> Option<Vec<Rgba>> {
        let layer = &self.layers[li];
        let end = range.end.min(layer.features.len());
        let range = range.start.min(end)..end;
        match layer.meta.role {
            LayerRole::Sites => Some(
                self.assessments[li][range]
                    .iter()
                    .map(|a| palette.colour(a.grade))
                    .collect(),
            ),
            LayerRole::HazardZones => {
                let style = self.layer_style(li);
                let field = layer.meta.class_field.as_deref().unwrap_or("class");
                Some(
                    layer.features[range]
                        .iter()
                        .map(|f| {
                            zone_fill(
                                &style,
                                layer.meta.level_of(&f.text(field).unwrap_or_default()),
                            )
                        })
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// The map scene: default styles per role, sites in their grade colours, hazard zones
    /// shaded by class level.
    pub fn scene(&self, palette: &Palette) -> Scene {
        let mut scene = Scene::default();
        for (li, layer) in self.layers.iter().enumerate() {
            let fills = self.fills(li, 0..layer.features.len(), palette);
            scene.push_layer(layer, self.layer_style(li), fills.as_deref());
        }
        scene
    }

    /// (layer, feature) of the site whose `id` property is `id`.
    pub fn find_site(&self, id: &str) -> Option<(usize, usize)> {
        self.layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.meta.role == LayerRole::Sites)
            .find_map(|(li, l)| {
                l.features
                    .iter()
                    .position(|f| f.text("id").as_deref() == Some(id))
                    .map(|fi| (li, fi))
            })
    }

    /// The site's stable id: its `id` property, else layer id and feature number.
    pub fn site_id(&self, layer: usize, feature: usize) -> String {
        self.layers[layer].features[feature]
            .text("id")
            .unwrap_or_else(|| format!("{}#{}", self.layers[layer].meta.id, feature + 1))
    }

    /// WGS84 bounds of all layers: min lon, min lat, max lon, max lat.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        self.layers
            .iter()
            .filter_map(Layer::bbox)
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }

    /// True when any layer is generated demo data.
    pub fn fictional(&self) -> bool {
        self.layers.iter().any(|l| l.meta.fictional)
    }
}
