//! The composite multi-hazard site index, 0–100: what a consultancy defends in front of a
//! client when a site sits in several hazard zones, near hazard sources, with many people
//! on it and open hidden dangers.
//!
//! No standard defines such an index (domain.md §3, §6 only name the ingredients), so
//! every weight, share and cut-off is configuration ([`CompositeConfig`], part of the
//! versioned [`super::ModelDocument`]). The defaults are chosen so that a site in a single
//! zone gets the grade the four-colour practice gives it (highest class wins: 高 → 重大,
//! 中 → 较大, 低 → 一般); further hazards, sources, vulnerability and dangers only raise it.
//!
//! Work is split so a weight change never touches geometry: [`Exposure`] (the overlay:
//! zones containing each site, sources within reach with their distances) is computed once;
//! [`score_sites`] reruns over it in microseconds a site.

mod areas;
mod config;
mod exposure;
mod rings;
mod score;

pub use areas::{aggregate_areas, grid_areas, AreaSummary};
pub use config::{
    CompositeConfig, DangerRule, HazardWeight, RingConfig, RingDerivation, RingName, SourceWeight,
    Step, VulnerabilityFactor, VulnerabilityKind,
};
pub use exposure::{zone_levels, Exposure, SourceHit, SourceReach, ZoneHitLevel};
pub use rings::{resolve_rings, ring_polygons, RingRadii};
pub use score::{
    score_range, score_sites, FactorKind, OpenDangers, ScoreContext, ScoreFactor, SiteScore,
};
