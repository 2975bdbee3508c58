//! Reports. The inspection report is gathered on the page ([`gather`]) and written by the
//! engine worker ([`worker`]), with progress; the short site report is still written on
//! the page: it fetches the CJK font once (only when a report is asked for), calls
//! geo-core and offers the PDF as a download.

mod exports;
pub mod gather;
pub mod worker;

pub use exports::{export_ledger_xlsx, export_register_text, export_register_xlsx, RegisterFormat};

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

/// Has the worker write the risk-assessment report of the project and offers the
/// download; returns the line to show the user.
pub async fn export_risk_report(
    state: crate::state::AppState,
    cover: gather::CoverInfo,
    title: String,
    format: geo_core::report::ReportFormat,
    on_stage: impl Fn(worker::Stage) + 'static,
) -> Result<String, String> {
    let date = crate::browser::today();
    let (request, images) = gather::risk_request(state, cover, title, date.clone(), format).await?;
    let file = format!("{date}-风险评估报告.{}", request.format.extension());
    deliver(&request, images, &file, on_stage).await
}

/// Runs the request in the worker and downloads the file as `file`.
async fn deliver(
    request: &geo_core::report::ReportRequest,
    images: Vec<js_sys::Uint8Array>,
    file: &str,
    on_stage: impl Fn(worker::Stage) + 'static,
) -> Result<String, String> {
    let mime = request.format.mime();
    let done = worker::make(request, images, on_stage).await?;
    let blob = {
        let parts = js_sys::Array::of1(&done.file);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
            .map_err(|e| crate::browser::js_error_text(&e))?
    };
    crate::browser::download_blob(&blob, file)?;
    let mut summary = if done.pages > 0 {
        format!("报告已生成：{file}，共 {} 页", done.pages)
    } else {
        format!("报告已生成：{file}")
    };
    if done.unreadable > 0 {
        summary.push_str(&format!("；{} 张照片无法读取", done.unreadable));
    }
    Ok(summary)
}

/// Gathers the site's records, has the worker write the inspection report and offers
/// the download; returns the line to show the user.
pub async fn export_inspection_report(
    state: crate::state::AppState,
    site_id: &str,
    site_name: &str,
    cover: gather::CoverInfo,
    format: geo_core::report::ReportFormat,
    on_stage: impl Fn(worker::Stage) + 'static,
) -> Result<String, String> {
    let date = crate::browser::today();
    let (request, images) =
        gather::inspection_request(state, site_id, site_name, cover, date.clone(), format).await?;
    let file = format!(
        "{site_id}-{date}-隐患排查报告.{}",
        request.format.extension()
    );
    deliver(&request, images, &file, on_stage).await
}
