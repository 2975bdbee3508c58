//! Spatial indexes. [`ZoneIndex`] answers "which hazard zones contain this point".

/// Polygon parts as flat coordinate runs, and the exact point test on them.
mod flat_rings;
/// A uniform grid for point lookups after a bulk load.
mod point_grid;
mod zone_index;
pub use zone_index::{ZoneHit, ZoneIndex};
