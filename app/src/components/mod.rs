//! Reusable UI pieces, one per file.

mod danger_form;
mod error_banner;
mod import_button;
mod import_dialog;
mod layer_list;
pub mod legend;
mod level_settings;
mod model_panel;
mod register_export;
mod report_form;
mod risk_point;
mod settings;
mod site_panel;
mod style_editor;
mod update_banner;
mod vulnerability_editor;

pub use error_banner::ErrorBanner;
pub use import_button::ImportButton;
pub use import_dialog::ImportDialog;
pub use layer_list::LayerList;
pub use model_panel::ModelPanel;
pub use settings::{Attribution, SettingsPanel};
pub use site_panel::SitePanel;
pub use update_banner::UpdateBanner;
