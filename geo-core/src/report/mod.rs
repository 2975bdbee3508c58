//! Reports as files. The site report is a PDF with the user's Chinese as real text: the
//! caller passes a CJK TrueType font and krilla embeds the subset of glyphs used.

mod error;
mod layout;
mod site_pdf;

pub use error::ReportError;
pub use site_pdf::{site_report_pdf, SiteReport};
