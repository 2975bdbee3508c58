//! Reports as files, all written on the device. The site report is a PDF with the user's
//! Chinese as real text: the caller passes a CJK TrueType font and krilla embeds the
//! subset of glyphs used. The 隐患台账 and the 风险清单 are XLSX ([`xlsx`]); the register's
//! rows ([`RiskRegister`]) also feed the CSV and GeoJSON of scored sites
//! ([`crate::export::scored_sites_csv`]).

mod error;
mod layout;
mod register;
mod site_pdf;
pub mod xlsx;

pub use error::ReportError;
pub use register::{DistrictRow, RegisterRow, RiskRegister};
pub use site_pdf::{site_report_pdf, SiteReport};
pub use xlsx::{ledger_xlsx, risk_register_xlsx, XLSX_MIME};
