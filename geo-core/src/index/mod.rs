//! Spatial indexes. [`ZoneIndex`] answers "which hazard zones contain this point".

mod zone_index;
pub use zone_index::{ZoneHit, ZoneIndex};
