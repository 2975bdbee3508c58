//! The table exports: the 隐患台账 as XLSX and the 风险清单 as XLSX (both written by the
//! report worker), CSV or GeoJSON (plain text dumps, written on the page).

use geo_core::export::{scored_sites_csv, scored_sites_geojson, ExportFormat};
use geo_core::inspection::HiddenDanger;
use geo_core::project::Project;
use geo_core::report::{ReportFormat, ReportKind, ReportRequest, RiskRegister};

use super::worker;
use crate::browser::{download, today};
use crate::storage;

/// Writes an XLSX request in the worker and downloads it as `file`.
async fn xlsx_in_worker(report: ReportKind, file: &str) -> Result<(), String> {
    let request = ReportRequest {
        report,
        format: ReportFormat::Xlsx,
        images: Vec::new(),
    };
    let done = worker::make(&request, Vec::new(), |_| {}).await?;
    download(&done.file.to_vec(), file, ReportFormat::Xlsx.mime())
}

/// The 隐患台账 of `records` (the ledger's filtered list, in its order) as XLSX, with each
/// record's 检查类型 from the stored inspections; returns a line for the ledger.
pub async fn export_ledger_xlsx(records: Vec<HiddenDanger>) -> Result<String, String> {
    let inspections = storage::all_inspections()
        .await
        .map_err(|e| e.to_string())?;
    let day = today();
    let n = records.len();
    let report = ReportKind::Ledger {
        records,
        inspections,
        today: day.clone(),
    };
    xlsx_in_worker(report, &format!("隐患台账-{day}.xlsx")).await?;
    Ok(format!("已导出 {n} 条隐患（XLSX）/ exported"))
}

/// The files of the risk register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    Xlsx,
    Csv,
    GeoJson,
}

/// The 风险清单 of the project's current scores as XLSX, written in the worker.
pub async fn export_register_xlsx(register: RiskRegister) -> Result<String, String> {
    let day = today();
    let report = ReportKind::Register {
        register: Box::new(register),
        date: day.clone(),
    };
    xlsx_in_worker(report, &format!("风险清单-{day}.xlsx")).await?;
    Ok("已导出风险清单（XLSX）/ exported".to_string())
}

/// Writes the 风险清单 as CSV or GeoJSON and starts the download; returns a line for the
/// panel. (XLSX goes through [`export_register_xlsx`].)
pub fn export_register_text(project: &Project, format: RegisterFormat) -> Result<String, String> {
    let day = today();
    let (text, ext, mime) = match format {
        RegisterFormat::Csv => (scored_sites_csv(project), "csv", ExportFormat::Csv.mime()),
        RegisterFormat::GeoJson => (
            scored_sites_geojson(project),
            "geojson",
            ExportFormat::GeoJson.mime(),
        ),
        RegisterFormat::Xlsx => {
            return Err("XLSX 由报告线程写入 / XLSX is written by the worker".into())
        }
    };
    download(text.as_bytes(), &format!("风险清单-{day}.{ext}"), mime)?;
    Ok(format!(
        "已导出风险清单（{}）/ exported",
        ext.to_uppercase()
    ))
}
