//! The 风险清单 as XLSX: the register sheet (highest index first, the grade cell in its
//! four-colour fill), counts by grade, by district when the project has districts, and a
//! sheet that says which model and data produced it.

use rust_xlsxwriter::{Workbook, Worksheet};

use super::{
    col, finish, header, row_number, write_date, write_number, write_text, Column, Styles,
};
use crate::inspection::Date;
use crate::report::{ReportError, RiskRegister};
use crate::risk::{Grade, Palette};

const COLUMNS: [Column; 10] = [
    col("序号", 7.0),
    col("场所编号", 12.0),
    col("名称", 30.0),
    col("区/街道", 12.0),
    col("经度", 12.0),
    col("纬度", 12.0),
    col("综合风险指数", 13.0),
    col("风险等级", 11.0),
    col("主要因素", 60.0),
    col("模型版本", 20.0),
];

/// Writes the register with the grade colours of `palette`, dated `date` (printed, and
/// the file's creation time, so the same register gives the same bytes).
///
/// # Errors
/// [`ReportError::Xlsx`] when the writer refuses the workbook (more sites than a sheet
/// holds).
pub fn risk_register_xlsx(
    register: &RiskRegister,
    palette: &Palette,
    date: Date,
) -> Result<Vec<u8>, ReportError> {
    let styles = Styles::new();
    let fills = Grade::ALL.map(|g| (g, styles.fill(palette.colour(g))));
    let fill = |g: Grade| &fills.iter().find(|(x, _)| *x == g).expect("every grade").1;
    let mut wb = Workbook::new();

    let ws = wb.add_worksheet();
    ws.set_name("风险清单")?;
    header(ws, &styles, &COLUMNS, 3, Some(register.rows.len()))?;
    let version = format!("{}（{}）", register.model_version, register.model_name);
    for (i, r) in register.rows.iter().enumerate() {
        let row = row_number(i + 1)?;
        let (t, w) = (&styles.text, &styles.wrap);
        write_number(ws, &styles.integer, row, 0, (i + 1) as f64)?;
        write_text(ws, t, row, 1, &r.site_id)?;
        write_text(ws, w, row, 2, &r.name)?;
        write_text(ws, t, row, 3, r.district.as_deref().unwrap_or_default())?;
        match r.position {
            Some((lon, lat)) => {
                write_number(ws, &styles.degrees, row, 4, lon)?;
                write_number(ws, &styles.degrees, row, 5, lat)?;
            }
            None => {
                ws.write_blank(row, 4, t)?;
                ws.write_blank(row, 5, t)?;
            }
        }
        // Rounded as the panel shows it, so the sheet and the screen agree.
        write_number(ws, &styles.score, row, 6, (r.score * 10.0).round() / 10.0)?;
        ws.write_string_with_format(row, 7, r.grade.zh(), fill(r.grade))?;
        write_text(ws, w, row, 8, &r.factors_text())?;
        write_text(ws, t, row, 9, &version)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("按等级统计")?;
    write_grades(ws, &styles, register, &fill)?;

    if !register.districts.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("按区域统计")?;
        write_districts(ws, &styles, register, &fill)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("说明")?;
    write_about(ws, &styles, register, date)?;
    finish(wb, &format!("风险清单 {date}"), date)
}

fn write_grades<'a>(
    ws: &mut Worksheet,
    styles: &Styles,
    register: &RiskRegister,
    fill: &impl Fn(Grade) -> &'a rust_xlsxwriter::Format,
) -> Result<(), ReportError> {
    let columns = [
        col("风险等级", 12.0),
        col("场所数", 10.0),
        col("占比", 10.0),
    ];
    header(ws, styles, &columns, 0, None)?;
    let counts = register.grade_counts();
    let total: usize = counts.iter().sum();
    for (i, g) in Grade::ALL.into_iter().enumerate() {
        let row = i as u32 + 1;
        let n = counts[g.level() as usize];
        ws.write_string_with_format(row, 0, g.zh(), fill(g))?;
        write_number(ws, &styles.integer, row, 1, n as f64)?;
        if total > 0 {
            write_number(ws, &styles.percent, row, 2, n as f64 / total as f64)?;
        } else {
            write_text(ws, &styles.text, row, 2, "—")?;
        }
    }
    let row = Grade::ALL.len() as u32 + 1;
    ws.write_string_with_format(row, 0, "合计", &styles.header)?;
    write_number(ws, &styles.integer, row, 1, total as f64)?;
    Ok(())
}

fn write_districts<'a>(
    ws: &mut Worksheet,
    styles: &Styles,
    register: &RiskRegister,
    fill: &impl Fn(Grade) -> &'a rust_xlsxwriter::Format,
) -> Result<(), ReportError> {
    let columns = [
        col("区域", 16.0),
        col("重大风险", 10.0),
        col("较大风险", 10.0),
        col("一般风险", 10.0),
        col("低风险", 10.0),
        col("场所合计", 10.0),
        col("最高等级", 11.0),
        col("平均综合指数", 13.0),
    ];
    header(ws, styles, &columns, 1, Some(register.districts.len()))?;
    let layers: Vec<&str> = register
        .districts
        .iter()
        .map(|d| d.layer.as_str())
        .collect();
    let several_layers = layers.iter().any(|l| *l != layers[0]);
    for (i, d) in register.districts.iter().enumerate() {
        let row = row_number(i + 1)?;
        let name = if several_layers {
            format!("{}：{}", d.layer, d.name)
        } else {
            d.name.clone()
        };
        write_text(ws, &styles.text, row, 0, &name)?;
        for (c, g) in Grade::ALL.into_iter().enumerate() {
            let n = d.summary.counts[g.level() as usize];
            write_number(ws, &styles.integer, row, c as u16 + 1, n as f64)?;
        }
        write_number(ws, &styles.integer, row, 5, d.summary.total() as f64)?;
        match d.summary.highest {
            Some(g) => ws.write_string_with_format(row, 6, g.zh(), fill(g))?,
            None => ws.write_blank(row, 6, &styles.text)?,
        };
        match d.summary.mean_score {
            Some(m) => write_number(ws, &styles.score, row, 7, (m * 10.0).round() / 10.0)?,
            None => write_text(ws, &styles.text, row, 7, "")?,
        }
    }
    Ok(())
}

fn write_about(
    ws: &mut Worksheet,
    styles: &Styles,
    register: &RiskRegister,
    date: Date,
) -> Result<(), ReportError> {
    header(ws, styles, &[col("项目", 14.0), col("内容", 70.0)], 0, None)?;
    let lines: [(&str, String); 3] = [
        ("风险模型", register.model_name.clone()),
        ("模型版本", register.model_version.clone()),
        (
            "数据说明",
            if register.fictional {
                "含虚构演示数据，不代表任何真实场所 / includes fictional demo data".to_string()
            } else {
                "用户导入的数据 / user data".to_string()
            },
        ),
    ];
    ws.write_string_with_format(1, 0, "生成日期", &styles.text)?;
    write_date(ws, styles, 1, 1, &date.to_string())?;
    ws.write_string_with_format(2, 0, "场所数", &styles.text)?;
    write_number(ws, &styles.integer, 2, 1, register.rows.len() as f64)?;
    for (i, (label, value)) in lines.iter().enumerate() {
        let row = i as u32 + 3;
        ws.write_string_with_format(row, 0, *label, &styles.text)?;
        write_text(ws, &styles.wrap, row, 1, value)?;
    }
    Ok(())
}
