//! The table exports, written on the page (they take well under a second): the 隐患台账
//! as XLSX and the 风险清单 as XLSX, CSV or GeoJSON.

use geo_core::export::{scored_sites_csv, scored_sites_geojson, ExportFormat};
use geo_core::inspection::{Date, HiddenDanger};
use geo_core::project::Project;
use geo_core::report::{ledger_xlsx, risk_register_xlsx, RiskRegister, XLSX_MIME};
use geo_core::risk::Palette;

use crate::browser::{download, today};
use crate::storage;
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
