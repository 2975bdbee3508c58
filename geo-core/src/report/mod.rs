//! Reports as files, all written on the device. A report is first built as a
//! [`doc::Document`] (content only); the PDF writer renders it with the user's Chinese as
//! real text (the caller passes a CJK TrueType font and krilla embeds the subset of glyphs
//! used), the DOCX writer ([`docx`]) as WordprocessingML. The 隐患台账 and the 风险清单 are
//! XLSX ([`xlsx`]); the register's rows ([`RiskRegister`]) also feed the CSV and GeoJSON of
//! scored sites ([`crate::export::scored_sites_csv`]).

pub mod doc;
pub mod docx;
mod error;
pub mod flow;
mod inspection_report;
mod layout;
mod measure;
mod pdf;
mod register;
mod request;
mod risk_report;
mod site_pdf;
pub mod xlsx;

pub use docx::document_docx;
pub use error::ReportError;
pub use inspection_report::{
    default_basis, inspection_report, percent, InspectionReportInput, UnitProfile,
};
pub use measure::Measure;
pub use pdf::{document_pdf, PdfOutput, Progress};
pub use register::{DistrictRow, RegisterRow, RiskRegister};
pub use request::{
    make_report, ImageMeta, ReportFile, ReportFormat, ReportKind, ReportRequest, CHOROPLETH_IMAGE,
    MAP_IMAGE,
};
pub use risk_report::{
    risk_report, AreaRow, RiskReportInput, SiteRow, SourceRow, WeightRow, REGISTER_ROWS,
};
pub use site_pdf::{site_report_pdf, SiteReport};
pub use xlsx::{ledger_xlsx, risk_register_xlsx, XLSX_MIME};
