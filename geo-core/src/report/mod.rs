//! Reports as files. A report is first built as a [`doc::Document`] (content only); the
//! PDF writer renders it with the user's Chinese as real text (the caller passes a CJK
//! TrueType font and krilla embeds the subset of glyphs used).

pub mod doc;
mod error;
mod layout;
mod site_pdf;

pub use error::ReportError;
pub use site_pdf::{site_report_pdf, SiteReport};
