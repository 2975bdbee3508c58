//! The 隐患排查治理台账 as XLSX: one row per record with the ledger fields of domain.md
//! §5.2 the record model holds, and a 统计 sheet with the KPIs and counts by category and
//! level.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Workbook, Worksheet};

use super::{
    col, finish, header, row_number, write_date, write_number, write_text, Column, Styles,
};
use crate::inspection::{
    kpis, Category, DangerLevel, Date, HiddenDanger, Inspection, LedgerKpis, PlanItem,
};
use crate::report::ReportError;

/// The ledger columns, in the order of domain.md §5.2's groups. 受检部门 and 照片 themselves
/// are not in the record model; the photo count is.
const COLUMNS: [Column; 29] = [
    col("隐患编号", 18.0),
    col("被检查单位", 26.0),
    col("单位编号", 10.0),
    col("检查类型", 10.0),
    col("排查日期", 12.0),
    col("排查人", 12.0),
    col("隐患部位", 20.0),
    col("经度", 12.0),
    col("纬度", 12.0),
    col("隐患描述", 40.0),
    col("照片数", 8.0),
    col("隐患类别", 12.0),
    col("隐患等级", 11.0),
    col("判定依据", 24.0),
    col("整改措施", 36.0),
    col("整改责任部门", 14.0),
    col("整改责任人", 12.0),
    col("整改期限", 12.0),
    col("整改资金（元）", 14.0),
    col("临时措施", 30.0),
    col("治理方案", 40.0),
    col("状态", 10.0),
    col("是否逾期", 9.0),
    col("实际完成日期", 13.0),
    col("验收人", 10.0),
    col("验收部门", 12.0),
    col("验收日期", 12.0),
    col("验收意见", 24.0),
    col("闭环日期", 12.0),
];

/// Writes the ledger of `records` (in the order given: the app passes its filtered,
/// sorted list) as of `today`, which decides 是否逾期 and the KPIs and is the file's date.
/// `inspections` supply each record's 检查类型 (a record made by hand has none).
///
/// # Errors
/// [`ReportError::Xlsx`] when the writer refuses the workbook (more records than a sheet
/// holds).
pub fn ledger_xlsx(
    records: &[HiddenDanger],
    inspections: &[Inspection],
    today: Date,
) -> Result<Vec<u8>, ReportError> {
    let styles = Styles::new();
    let mut wb = Workbook::new();
    let kinds: HashMap<&str, &str> = inspections
        .iter()
        .map(|i| (i.id.as_str(), i.kind.zh()))
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name("隐患台账")?;
    header(ws, &styles, &COLUMNS, 1, Some(records.len()))?;
    let overdue = styles.text.clone().set_bold().set_font_color(Color::Red);
    for (i, d) in records.iter().enumerate() {
        let row = row_number(i + 1)?;
        let kind = d
            .inspection_id
            .as_deref()
            .and_then(|id| kinds.get(id).copied())
            .unwrap_or_default();
        let late = d.is_overdue(today);
        let acceptance = d.acceptance();
        let (t, w) = (&styles.text, &styles.wrap);
        write_text(ws, t, row, 0, &d.number)?;
        write_text(ws, w, row, 1, &d.site_name)?;
        write_text(ws, t, row, 2, &d.site_id)?;
        write_text(ws, t, row, 3, kind)?;
        write_date(ws, &styles, row, 4, &d.found_on)?;
        write_text(ws, w, row, 5, &d.found_by.join("、"))?;
        write_text(ws, w, row, 6, &d.place)?;
        match d.location.filter(|l| l.is_valid()) {
            Some(l) => {
                write_number(ws, &styles.degrees, row, 7, l.lon)?;
                write_number(ws, &styles.degrees, row, 8, l.lat)?;
            }
            None => {
                ws.write_blank(row, 7, t)?;
                ws.write_blank(row, 8, t)?;
            }
        }
        write_text(ws, w, row, 9, &d.description)?;
        write_number(ws, &styles.integer, row, 10, d.photos.len() as f64)?;
        let category = d.category.as_ref().map(Category::name).unwrap_or_default();
        write_text(ws, t, row, 11, category)?;
        write_text(ws, t, row, 12, &d.level.zh())?;
        write_text(ws, w, row, 13, &d.basis)?;
        write_text(ws, w, row, 14, &d.measures)?;
        write_text(ws, w, row, 15, &d.department)?;
        write_text(ws, t, row, 16, &d.responsible)?;
        write_date(ws, &styles, row, 17, &d.deadline)?;
        // Fen to 元: exact below 2^53 fen, far beyond any budget.
        write_number(ws, &styles.money, row, 18, d.funds_fen as f64 / 100.0)?;
        write_text(ws, w, row, 19, &d.interim_measures)?;
        write_text(ws, w, row, 20, &plan_text(d))?;
        write_text(ws, t, row, 21, d.status().zh())?;
        if late {
            ws.write_string_with_format(row, 22, "是", &overdue)?;
        } else {
            ws.write_string_with_format(row, 22, "否", t)?;
        }
        write_date(ws, &styles, row, 23, d.completed_on().unwrap_or_default())?;
        let a = |f: fn(&crate::inspection::Acceptance) -> &str| acceptance.map(f).unwrap_or("");
        write_text(ws, t, row, 24, a(|a| &a.by))?;
        write_text(ws, w, row, 25, a(|a| &a.department))?;
        write_date(ws, &styles, row, 26, a(|a| &a.date))?;
        write_text(ws, w, row, 27, a(|a| &a.opinion))?;
        // Acceptance is what closes a record (验收闭环), so its date is the 闭环日期.
        let closed_on = if d.is_closed() { a(|a| &a.date) } else { "" };
        write_date(ws, &styles, row, 28, closed_on)?;
    }
    let stats = wb.add_worksheet();
    stats.set_name("统计")?;
    write_stats(stats, &styles, records, today)?;
    finish(wb, &format!("隐患排查治理台账 {today}"), today)
}

/// The six plan items of a 重大 record, one per line; empty for a record without a plan.
fn plan_text(d: &HiddenDanger) -> String {
    PlanItem::ALL
        .into_iter()
        .filter(|&i| !d.plan.get(i).trim().is_empty())
        .map(|i| format!("{}：{}", i.zh(), d.plan.get(i).trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The KPI table, then the counts by category (rows) and level (columns) with totals.
fn write_stats(
    ws: &mut Worksheet,
    styles: &Styles,
    records: &[HiddenDanger],
    today: Date,
) -> Result<(), ReportError> {
    let k: LedgerKpis = kpis(records, today);
    header(ws, styles, &[col("指标", 22.0), col("数值", 14.0)], 0, None)?;
    ws.write_string_with_format(1, 0, "统计日期", &styles.text)?;
    write_date(ws, styles, 1, 1, &today.to_string())?;
    let counts: [(&str, usize); 5] = [
        ("查出隐患数", k.found),
        ("重大隐患数", k.major),
        ("已整改数（已闭环）", k.rectified),
        ("待验收数", k.awaiting_acceptance),
        ("逾期未整改数", k.overdue),
    ];
    let mut row = 2;
    for (label, n) in counts {
        ws.write_string_with_format(row, 0, label, &styles.text)?;
        write_number(ws, &styles.integer, row, 1, n as f64)?;
        row += 1;
    }
    for (label, rate) in [
        ("隐患整改率", k.rectification_rate),
        ("重大隐患整改率", k.major_rectification_rate),
    ] {
        ws.write_string_with_format(row, 0, label, &styles.text)?;
        match rate {
            Some(r) => write_number(ws, &styles.percent, row, 1, r)?,
            // No record (or no 重大 record): a rate of nothing is not 0 %.
            None => write_text(ws, &styles.text, row, 1, "—")?,
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, "整改资金（元）", &styles.text)?;
    write_number(ws, &styles.money, row, 1, k.funds_fen as f64 / 100.0)?;
    row += 2;

    let levels = level_columns(records);
    let categories = category_rows(records);
    let top = row;
    ws.write_string_with_format(top, 0, "隐患类别 \\ 等级", &styles.header)?;
    for (c, l) in levels.iter().enumerate() {
        let c = c as u16 + 1;
        ws.write_string_with_format(top, c, l.zh(), &styles.header)?;
        ws.set_column_width(c, 14)?;
    }
    let total_col = levels.len() as u16 + 1;
    ws.write_string_with_format(top, total_col, "合计", &styles.header)?;
    ws.set_column_width(total_col, 10)?;
    let mut column_totals = vec![0usize; levels.len() + 1];
    for (r, category) in categories.iter().enumerate() {
        let row = top + 1 + r as u32;
        let label = category.as_ref().map_or("未分类", Category::name);
        ws.write_string_with_format(row, 0, label, &styles.text)?;
        let mut line = 0;
        for (c, l) in levels.iter().enumerate() {
            let n = records
                .iter()
                .filter(|d| d.category == *category && d.level.name() == l.name())
                .count();
            write_number(ws, &styles.integer, row, c as u16 + 1, n as f64)?;
            column_totals[c] += n;
            line += n;
        }
        write_number(ws, &styles.integer, row, total_col, line as f64)?;
        column_totals[levels.len()] += line;
    }
    let row = top + 1 + categories.len() as u32;
    ws.write_string_with_format(row, 0, "合计", &styles.header)?;
    for (c, n) in column_totals.iter().enumerate() {
        write_number(ws, &styles.integer, row, c as u16 + 1, *n as f64)?;
    }
    Ok(())
}

/// 一般 and 重大 always (a ledger states "重大 0"), then configured levels as they occur.
fn level_columns(records: &[HiddenDanger]) -> Vec<DangerLevel> {
    let mut levels = vec![DangerLevel::general(), DangerLevel::major()];
    for d in records {
        if !levels.iter().any(|l| l.name() == d.level.name()) {
            levels.push(d.level.clone());
        }
    }
    levels
}

/// The categories present: built-in ones in their order, then others as they occur, then
/// unclassified records (`None`).
fn category_rows(records: &[HiddenDanger]) -> Vec<Option<Category>> {
    let mut rows: Vec<Option<Category>> = Category::BUILT_IN
        .into_iter()
        .filter(|c| records.iter().any(|d| d.category.as_ref() == Some(c)))
        .map(Some)
        .collect();
    for d in records {
        if let Some(c @ Category::Other(_)) = &d.category {
            if !rows.iter().any(|r| r.as_ref() == Some(c)) {
                rows.push(Some(c.clone()));
            }
        }
    }
    if records.iter().any(|d| d.category.is_none()) {
        rows.push(None);
    }
    rows
}
