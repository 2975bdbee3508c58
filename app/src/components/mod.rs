//! Reusable UI pieces, one per file.

mod danger_form;
mod error_banner;
mod layer_list;
mod site_panel;

pub use error_banner::ErrorBanner;
pub use layer_list::LayerList;
pub use site_panel::SitePanel;
