//! Readers: file bytes in, a [`Layer`](crate::layer::Layer) out.
//!
//! A reader returns [`Imported`]: the layer plus soft [`ImportWarning`]s for features it had
//! to skip. It returns `Err` only when nothing usable came out, and every error names the
//! file and, where there is one, the line or the feature.

mod error;
mod geojson;

pub use error::{ImportError, ImportWarning};
pub use geojson::read_geojson;

use crate::layer::Layer;

/// A layer plus the problems that did not stop it from loading.
#[derive(Debug, Clone)]
pub struct Imported {
    pub layer: Layer,
    pub warnings: Vec<ImportWarning>,
}
