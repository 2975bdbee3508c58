//! Makes the reports: the site report (fetching the CJK font once, only when a report is
//! asked for), the 隐患台账 and the 风险清单; each calls geo-core and offers the file as a
//! download.

use std::cell::RefCell;
use std::rc::Rc;

use geo_core::export::{scored_sites_csv, scored_sites_geojson, ExportFormat};
use geo_core::inspection::{Date, HiddenDanger};
use geo_core::project::Project;
use geo_core::report::{
    ledger_xlsx, risk_register_xlsx, site_report_pdf, RiskRegister, SiteReport, XLSX_MIME,
};
use geo_core::risk::Palette;

use crate::browser::{download, fetch_bytes, today};
use crate::storage;

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

/// The 隐患台账 of `records` (the ledger's filtered list, in its order) as XLSX, with each
/// record's 检查类型 from the stored inspections; returns a line for the ledger.
pub async fn export_ledger_xlsx(records: Vec<HiddenDanger>) -> Result<String, String> {
    let inspections = storage::all_inspections()
        .await
        .map_err(|e| e.to_string())?;
    let day = today();
    let date = Date::parse(&day).ok_or_else(|| format!("日期无效 / bad date: {day}"))?;
    let bytes = ledger_xlsx(&records, &inspections, date).map_err(|e| e.to_string())?;
    download(&bytes, &format!("隐患台账-{day}.xlsx"), XLSX_MIME)?;
    Ok(format!("已导出 {} 条隐患（XLSX）/ exported", records.len()))
}

/// The files of the risk register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    Xlsx,
    Csv,
    GeoJson,
}

/// Writes the 风险清单 of the project's current scores and starts the download; returns
/// a line for the panel.
pub fn export_register(project: &Project, format: RegisterFormat) -> Result<String, String> {
    let day = today();
    let date = Date::parse(&day).ok_or_else(|| format!("日期无效 / bad date: {day}"))?;
    let (bytes, ext, mime) = match format {
        RegisterFormat::Xlsx => {
            let register = RiskRegister::from_project(project);
            let bytes = risk_register_xlsx(&register, &Palette::default(), date)
                .map_err(|e| e.to_string())?;
            (bytes, "xlsx", XLSX_MIME)
        }
        RegisterFormat::Csv => (
            scored_sites_csv(project).into_bytes(),
            "csv",
            ExportFormat::Csv.mime(),
        ),
        RegisterFormat::GeoJson => (
            scored_sites_geojson(project).into_bytes(),
            "geojson",
            ExportFormat::GeoJson.mime(),
        ),
    };
    download(&bytes, &format!("风险清单-{day}.{ext}"), mime)?;
    Ok(format!(
        "已导出风险清单（{}）/ exported",
        ext.to_uppercase()
    ))
}
