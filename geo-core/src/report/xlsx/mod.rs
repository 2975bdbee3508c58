//! Spreadsheets for the office: the 隐患台账 and the 风险清单 as XLSX, with real cell types
//! (dates are Excel dates, counts and money are numbers) so the recipient can sort, filter
//! and sum them in Excel or WPS without retyping.
//!
//! Same input, same bytes: rust_xlsxwriter stamps zip entries with a fixed time, and the
//! document's creation time is the report date passed in, never the clock.

mod ledger;
mod register;

pub use ledger::ledger_xlsx;
pub use register::risk_register_xlsx;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::ReportError;
use crate::inspection::Date;
use crate::risk::Rgba;

/// The MIME type to download an XLSX with.
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The cell formats both workbooks use.
struct Styles {
    header: Format,
    text: Format,
    /// Long free text (descriptions, measures): wrapped in its column.
    wrap: Format,
    date: Format,
    integer: Format,
    money: Format,
    percent: Format,
    score: Format,
    degrees: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Styles {
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2)),
            text: cell.clone().set_align(FormatAlign::Top),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            date: cell
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Top),
            integer: cell.clone().set_num_format("0").set_align(FormatAlign::Top),
            money: cell
                .clone()
                .set_num_format("#,##0.00")
                .set_align(FormatAlign::Top),
            percent: cell
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::Top),
            score: cell
                .clone()
                .set_num_format("0.0")
                .set_align(FormatAlign::Top),
            degrees: cell.set_num_format("0.000000").set_align(FormatAlign::Top),
        }
    }

    /// A cell filled with a grade colour, its text black or white, whichever reads.
    fn fill(&self, colour: Rgba) -> Format {
        let Rgba(r, g, b, _) = colour;
        let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
        let ink = if luma > 140.0 {
            Color::Black
        } else {
            Color::White
        };
        self.text
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_background_color(Color::RGB(
                (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b),
            ))
            .set_font_color(ink)
    }
}

/// A column: its header and width in characters (a CJK character counts about two).
struct Column {
    title: &'static str,
    width: f64,
}

const fn col(title: &'static str, width: f64) -> Column {
    Column { title, width }
}

/// Writes the header row of a table sheet: bold, frozen, column widths set, and with
/// `filter` an autofilter over `rows` data rows below it.
fn header(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[Column],
    frozen_cols: u16,
    filter_rows: Option<usize>,
) -> Result<(), ReportError> {
    for (c, column) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, column.title, &styles.header)?;
        ws.set_column_width(c, column.width)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, frozen_cols)?;
    if let Some(rows) = filter_rows {
        let last = row_number(rows)?;
        ws.autofilter(0, 0, last, columns.len().saturating_sub(1) as u16)?;
    }
    Ok(())
}

/// The sheet row of the `n`th data row (1 below the header), refused past Excel's limit
/// instead of wrapping around.
fn row_number(n: usize) -> Result<u32, ReportError> {
    u32::try_from(n)
        .ok()
        .filter(|&r| r < 1_048_576)
        .ok_or_else(|| {
            ReportError::Xlsx(format!(
                "{n} 行超过 Excel 工作表上限 1048576 行 / {n} rows exceed a worksheet's 1,048,576"
            ))
        })
}

/// An Excel date for a calendar date, `None` outside what Excel shows as a date (before
/// March 1900, whose serial numbers Excel counts with its false 1900-02-29, or after 9999).
fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year).ok()?;
    if year < 1900 || (year == 1900 && d.month < 3) {
        return None;
    }
    ExcelDateTime::from_ymd(year, d.month, d.day).ok()
}

/// A date field (YYYY-MM-DD) as an Excel date; text that is not a date stays text, so a
/// stray value is shown rather than lost; empty stays blank.
fn write_date(
    ws: &mut Worksheet,
    styles: &Styles,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), ReportError> {
    match Date::parse(value).and_then(excel_date) {
        Some(d) => ws.write_datetime_with_format(row, col, d, &styles.date)?,
        None if value.trim().is_empty() => ws.write_blank(row, col, &styles.text)?,
        None => ws.write_string_with_format(row, col, value, &styles.text)?,
    };
    Ok(())
}

/// A cell holds at most 32,767 UTF-16 units.
const MAX_CELL_UTF16: usize = 32_767;

/// `value` cut to what a cell holds, ending in "…" when cut: one oversized imported field
/// should not cost the whole file.
fn fit_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.encode_utf16().count() <= MAX_CELL_UTF16 {
        return value.into();
    }
    let mut units = 0;
    let mut out: String = value
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_CELL_UTF16
        })
        .collect();
    out.push('…');
    out.into()
}

fn write_text(
    ws: &mut Worksheet,
    format: &Format,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), ReportError> {
    if value.is_empty() {
        ws.write_blank(row, col, format)?;
    } else {
        ws.write_string_with_format(row, col, fit_cell(value), format)?;
    }
    Ok(())
}

/// A number cell; a non-finite value (never expected) is written blank rather than as an
/// error value Excel would show as #NUM!.
fn write_number(
    ws: &mut Worksheet,
    format: &Format,
    row: u32,
    col: u16,
    value: f64,
) -> Result<(), ReportError> {
    if value.is_finite() {
        ws.write_number_with_format(row, col, value, format)?;
    } else {
        ws.write_blank(row, col, format)?;
    }
    Ok(())
}

/// The workbook's bytes, with the title and a creation time of `date` (midnight; a date
/// Excel cannot hold becomes 2000-01-01) so the same input gives the same file.
fn finish(mut wb: Workbook, title: &str, date: Date) -> Result<Vec<u8>, ReportError> {
    let mut props = DocProperties::new()
        .set_title(title)
        .set_author("险图 Xiantu")
        .set_company("险图 Xiantu");
    if let Some(d) = excel_date(date).or_else(|| ExcelDateTime::from_ymd(2000, 1, 1).ok()) {
        props = props.set_creation_datetime(&d);
    }
    wb.set_properties(&props);
    Ok(wb.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_row_limit_is_an_error_not_a_wrap() {
        assert_eq!(row_number(1_048_575), Ok(1_048_575));
        let err = row_number(1_048_576).unwrap_err();
        assert!(err.to_string().contains("1048576"), "{err}");
        assert!(row_number(usize::MAX).is_err());
    }

    #[test]
    fn xlsx_oversized_text_is_cut_to_a_cell() {
        assert_eq!(fit_cell("消防通道"), "消防通道");
        let long = "险".repeat(40_000);
        let cut = fit_cell(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UTF16);
        assert!(cut.ends_with('…'));
        // Astral characters take two units each and are never split.
        let astral = "𠀀".repeat(20_000);
        let cut = fit_cell(&astral);
        assert!(cut.encode_utf16().count() <= MAX_CELL_UTF16);
        assert!(cut.trim_end_matches('…').chars().all(|c| c == '𠀀'));
        let mut ws = Worksheet::new();
        write_text(&mut ws, &Format::new(), 0, 0, &long).expect("written, cut");
    }

    #[test]
    fn xlsx_dates_outside_excel_stay_text() {
        let d = |s| Date::parse(s).unwrap();
        assert!(excel_date(d("1900-03-01")).is_some());
        assert!(
            excel_date(d("1900-02-28")).is_none(),
            "Excel's false leap year"
        );
        assert!(excel_date(d("1899-12-31")).is_none());
        assert!(excel_date(d("9999-12-31")).is_some());
    }
}
