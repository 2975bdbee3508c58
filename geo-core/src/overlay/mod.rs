//! The multi-hazard overlay: which hazard zones each site lies in, and how far each site
//! is from the nearest hazard source. The composite index keeps its own per-site cache of
//! these answers ([`crate::risk::models::composite::Exposure`]).
//!
//! * [`containing`] — per site, the zones of a hazard layer that contain or touch it
//!   (boundary inclusive, as Turf's `booleanPointInPolygon`), through the
//!   [`crate::index::ZoneIndex`] R-tree.
//! * [`nearest_distances`] and [`SourceIndex`] — per site, the geodesic distance in metres
//!   on WGS84 to the nearest feature of a point, line or polygon layer (0 inside or
//!   touching): a packed R-tree of Earth-centred chords, never longer than the geodesic,
//!   leaves a few candidates, each then measured on the ellipsoid.
//! * [`geodesic_distance`] — the same measure for one pair of geometries, by brute force;
//!   the module docs of `geodesic.rs` give the method and its error.
//!
//! Nothing here panics on user geometry: empty geometries match nothing and are
//! infinitely far, degenerate rings and zero-length edges are measured as what they are.

/// Site-in-zone tests for a whole layer.
mod containing;
pub use containing::{containing, containing_table, SiteZones};

/// The packed tree of source edges the nearest search walks.
mod chord_tree;

/// WGS84 chords and bounds for the distance search.
mod ellipsoid;

/// Point, edge and geometry geodesic distances.
mod geodesic;
pub use geodesic::geodesic_distance;

/// The source-layer index behind `nearest_distances`.
mod source_index;
pub use source_index::{nearest_distances, Nearest, SourceIndex};

/// Fixed-seed layers for benchmarks (Rust and JavaScript).
#[doc(hidden)]
pub mod synthetic;

#[cfg(test)]
mod tests;
