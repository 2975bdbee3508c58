//! The data model: a [`Layer`] is a named list of [`Feature`]s in WGS84 lon/lat, with a
//! [`LayerMeta`] that says what role the layer plays (hazard zones, sites, sources, areas).

mod meta;
mod tally;
pub use meta::{LayerMeta, LayerRole};
pub(crate) use tally::for_each_polygon;
pub use tally::LayerTally;

use geo::{BoundingRect, Geometry, Rect};
use serde_json::{Map, Value};

/// One feature of a layer: a WGS84 geometry and its attributes, kept with their JSON types.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub geometry: Geometry<f64>,
    pub properties: Map<String, Value>,
}

impl Feature {
    /// The property as display text: strings unquoted, numbers and booleans as written,
    /// `None` when absent or null.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.properties.get(key)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    /// The property as a number: a JSON number, or a string holding one (tables and DBF
    /// files often store numbers as text); `None` otherwise.
    pub fn number(&self, key: &str) -> Option<f64> {
        let v = self.properties.get(key)?;
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    }
}

/// A loaded layer. Features keep their file order: reports and tests refer to them by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub meta: LayerMeta,
    pub features: Vec<Feature>,
}

impl Layer {
    /// A layer of bare geometries without properties (tests, generated layers).
    pub fn from_geometries(
        meta: LayerMeta,
        geometries: impl IntoIterator<Item = Geometry<f64>>,
    ) -> Self {
        Layer {
            meta,
            features: geometries
                .into_iter()
                .map(|geometry| Feature {
                    geometry,
                    properties: Default::default(),
                })
                .collect(),
        }
    }

    /// The bounding box of all features, `None` for an empty layer.
    pub fn bbox(&self) -> Option<Rect<f64>> {
        self.features
            .iter()
            .filter_map(|f| f.geometry.bounding_rect())
            .reduce(tally::union)
    }

    /// The feature's display name: the layer's name field, else its id, else "#index".
    pub fn feature_name(&self, index: usize) -> String {
        let Some(f) = self.features.get(index) else {
            return format!("#{}", index + 1);
        };
        f.text(&self.meta.name_field)
            .or_else(|| f.text("id"))
            .unwrap_or_else(|| format!("#{}", index + 1))
    }
}
