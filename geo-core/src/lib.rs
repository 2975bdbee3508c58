//! Xiantu's engine: everything that can be decided without a browser.
//!
//! The app (`xiantu-app`) is glue around this crate. Data flows one way:
//!
//! * **Data in** — [`import`] turns file bytes into a [`layer::Layer`] of WGS84 features,
//!   or an [`import::ImportError`] that names the file and the feature.
//! * **Space** — [`crs`] projects to Web Mercator for drawing; [`index::ZoneIndex`] finds the
//!   hazard zones that contain a site (boundary counts as inside).
//! * **Risk** — [`risk`] grades sites into the four colours behind the [`risk::GradingRule`]
//!   trait, and every grade carries its reasons.
//! * **Project** — [`project::Project`] holds the loaded layers with every site graded.
//! * **Records** — [`inspection`] holds inspections with their checklists and the
//!   hidden-danger (隐患) ledger: the closed loop, KPIs, merging and the project file.
//! * **Out** — [`scene`] turns layers and a viewport into a [`scene::DrawList`] that the
//!   canvas painter only walks; [`report`] writes the site report as PDF.
//!
//! **Architecture invariant:** no IO and no browser crates here. Functions take bytes or
//! strings and return values, so everything is tested natively with `cargo test` and the
//! same code runs in wasm.

pub mod crs;
pub mod demo;
pub mod dto;
pub mod export;
pub mod import;
pub mod index;
pub mod inspection;
#[cfg(feature = "js")]
pub mod js;
pub mod layer;
pub mod look;
pub mod overlay;
pub mod project;
pub mod report;
pub mod risk;
pub mod scene;
/// Escaping for hand-written XML.
mod xml_text;
