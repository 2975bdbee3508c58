//! Makes the site report: fetches the CJK font once (only when a report is asked for),
//! calls geo-core and offers the PDF as a download.

use std::cell::RefCell;
use std::rc::Rc;

use geo_core::report::{site_report_pdf, SiteReport};

use crate::browser::{download, fetch_bytes};

/// Noto Sans SC (OFL), copied from npm into `fonts/` by Trunk.
const FONT_URL: &str = "fonts/NotoSansSC_400Regular.ttf";

thread_local! {
    static FONT: RefCell<Option<Rc<Vec<u8>>>> = const { RefCell::new(None) };
}

async fn font() -> Result<Rc<Vec<u8>>, String> {
    if let Some(f) = FONT.with(|f| f.borrow().clone()) {
        return Ok(f);
    }
    let bytes = Rc::new(
        fetch_bytes(FONT_URL)
            .await
            .map_err(|e| format!("{FONT_URL}: {e}"))?,
    );
    FONT.with(|f| *f.borrow_mut() = Some(bytes.clone()));
    Ok(bytes)
}

/// Writes the report and starts the download; the error text is shown to the user.
pub async fn export_site_report(report: SiteReport) -> Result<(), String> {
    let font = font().await?;
    let pdf = site_report_pdf(&report, font.as_ref().clone()).map_err(|e| e.to_string())?;
    let file = format!(
        "{}-{}-风险与隐患报告.pdf",
        report.site_id, report.report_date
    );
    download(&pdf, &file, "application/pdf")
}
