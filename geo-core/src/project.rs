//! A [`Project`]: the loaded layers, graded. The app holds one; reports read from it.

use geo::Geometry;

use crate::layer::{Layer, LayerRole};
use crate::risk::{Assessment, GradingRule, Palette, Rgba, ZoneSet};
use crate::scene::{default_style, zone_fill, Scene};

/// Layers in draw order (bottom first) with every site graded.
pub struct Project {
    pub layers: Vec<Layer>,
    /// Per layer, per feature: the assessment of each site; empty for non-site layers.
    pub assessments: Vec<Vec<Assessment>>,
}

impl Project {
    /// Grades every feature of every site layer against every hazard-zone layer.
    /// Sites that are not points are graded at their interior point.
    pub fn new(layers: Vec<Layer>, rule: &dyn GradingRule) -> Self {
        let zones = ZoneSet::new(
            layers
                .iter()
                .filter(|l| l.meta.role == LayerRole::HazardZones)
                .collect(),
        );
        let assessments = layers
            .iter()
            .map(|l| {
                if l.meta.role != LayerRole::Sites {
                    return Vec::new();
                }
                l.features
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
                    .collect()
            })
            .collect();
        Project {
            layers,
            assessments,
        }
    }

    /// The map scene: default styles per role, sites in their grade colours, hazard zones
    /// shaded by class level.
    pub fn scene(&self, palette: &Palette) -> Scene {
        let mut scene = Scene::default();
        let mut nth_zone = 0;
        for (li, layer) in self.layers.iter().enumerate() {
            let style = default_style(&layer.meta, nth_zone);
            let fills: Option<Vec<Rgba>> = match layer.meta.role {
                LayerRole::Sites => Some(
                    self.assessments[li]
                        .iter()
                        .map(|a| palette.colour(a.grade))
                        .collect(),
                ),
                LayerRole::HazardZones => {
                    nth_zone += 1;
                    let field = layer.meta.class_field.as_deref().unwrap_or("class");
                    Some(
                        layer
                            .features
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
            };
            scene.push_layer(layer, style, fills.as_deref());
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
