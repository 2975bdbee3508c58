//! Reports as files. A report is first built as a [`doc::Document`] (content only); the
//! PDF writer renders it with the user's Chinese as real text (the caller passes a CJK
//! TrueType font and krilla embeds the subset of glyphs used).

pub mod doc;
pub mod docx;
mod error;
pub mod flow;
mod inspection_report;
mod layout;
mod measure;
mod pdf;
mod request;
mod risk_report;
mod site_pdf;

pub use docx::document_docx;
pub use error::ReportError;
pub use inspection_report::{
    default_basis, inspection_report, percent, InspectionReportInput, UnitProfile,
};
pub use measure::Measure;
pub use pdf::{document_pdf, PdfOutput, Progress};
pub use request::{
    make_report, ImageMeta, ReportFile, ReportFormat, ReportKind, ReportRequest, CHOROPLETH_IMAGE,
    MAP_IMAGE,
};
pub use risk_report::{
    risk_report, AreaRow, RiskReportInput, SiteRow, SourceRow, WeightRow, REGISTER_ROWS,
};
pub use site_pdf::{site_report_pdf, SiteReport};
