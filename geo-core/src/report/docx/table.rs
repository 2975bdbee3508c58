//! Tables: the report's data tables, label–value fields, signature blocks, and the
//! `w:tbl` plumbing the cover and the chart share.

use super::parts::ids;
use super::picture::Pictures;
use super::xml::{hex, para, para_raw, run, style, CELL_PAD, EMU_PER_CM, EMU_PER_TWIP};
use crate::report::doc::{text_on, Align, Cell, Column, ImageId, SignOff, Table};

/// Photo thumbnails in a table row stay small so a 隐患清单 row does not fill a page.
const THUMB_MAX_H: i64 = EMU_PER_CM * 5 / 2;
/// Drawn signatures are a line of handwriting.
const SIGNATURE_MAX_H: i64 = EMU_PER_CM * 3 / 2;
/// Attachment photos: as tall as the PDF's gallery (230 pt), two fit a portrait page.
const GALLERY_MAX_H: i64 = 230 * 12_700;
const HEADER_FILL: &str = "D9D9D9";
const LIGHT_RULE: &str = "BFBFBF";
const LABEL_FILL: &str = "F2F2F2";

/// The borders of a table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Every cell boxed in thin black lines.
    Grid,
    /// Thin grey rules between rows, no vertical lines: label–value fields.
    Light,
    /// No borders at all (the cover's fields draw their own underline, the chart's bars
    /// are shaded cells).
    Bare,
}

/// `<w:tbl>` with its properties and grid; the rows follow, then [`CLOSE`].
pub fn open(widths: &[u32], look: Look, centred: bool) -> String {
    open_padded(widths, look, centred, CELL_PAD)
}

/// [`open`] with `pad` twips left and right inside each cell.
pub fn open_padded(widths: &[u32], look: Look, centred: bool, pad: u32) -> String {
    let total: u32 = widths.iter().sum();
    let line = |side: &str, colour: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"{colour}\"/>")
    };
    let none = |side: &str| format!("<w:{side} w:val=\"nil\"/>");
    let borders: String = match look {
        Look::Grid => ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|s| line(s, "000000"))
            .collect(),
        Look::Light => [
            line("top", LIGHT_RULE),
            none("left"),
            line("bottom", LIGHT_RULE),
            none("right"),
            line("insideH", LIGHT_RULE),
            none("insideV"),
        ]
        .concat(),
        Look::Bare => ["top", "left", "bottom", "right", "insideH", "insideV"]
            .iter()
            .map(|s| none(s))
            .collect(),
    };
    let jc = if centred {
        "<w:jc w:val=\"center\"/>"
    } else {
        ""
    };
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"{}\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>{jc}\
         <w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"04A0\"/>\
         </w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        ids::TABLE_GRID
    )
}

pub const CLOSE: &str = "</w:tbl>";

/// A row. A header row repeats at the top of every page the table runs onto; a row that
/// holds pictures is kept on one page.
pub fn row(cells: &[String], header: bool, keep_together: bool, min_height: Option<u32>) -> String {
    let mut pr = String::new();
    if keep_together || header {
        pr.push_str("<w:cantSplit/>");
    }
    if let Some(h) = min_height {
        pr.push_str(&format!("<w:trHeight w:val=\"{h}\" w:hRule=\"atLeast\"/>"));
    }
    if header {
        pr.push_str("<w:tblHeader/>");
    }
    let pr = if pr.is_empty() {
        pr
    } else {
        format!("<w:trPr>{pr}</w:trPr>")
    };
    format!("<w:tr>{pr}{}</w:tr>", cells.concat())
}

/// A cell `width` twips wide. `pr` is extra `w:tcPr` content that comes after the width
/// (`w:gridSpan`, `w:tcBorders`, `w:shd`, in schema order); `content` is one or more
/// paragraphs or tables ending with a paragraph.
pub fn cell(width: u32, pr: &str, content: &str) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{pr}<w:vAlign w:val=\"center\"/></w:tcPr>{content}</w:tc>"
    )
}

pub fn shading(fill: &str) -> String {
    format!("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>")
}

fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "<w:jc w:val=\"left\"/>",
        Align::Centre => "<w:jc w:val=\"center\"/>",
        Align::Right => "<w:jc w:val=\"right\"/>",
    }
}

/// A paragraph of table text.
pub fn text_para(text: &str, align: Align, rpr: &str) -> String {
    para(
        &format!("{}{}", style(ids::TABLE_TEXT), jc(align)),
        text,
        rpr,
    )
}

/// Column widths in twips from relative weights, summing to `total`. A weight that is
/// not a positive number counts as an average column, so a bad weight never makes a
/// column vanish or the table overflow.
pub fn widths(weights: &[f32], total: u32) -> Vec<u32> {
    if weights.is_empty() {
        return Vec::new();
    }
    let good: Vec<f64> = weights
        .iter()
        .map(|&w| w as f64)
        .filter(|w| w.is_finite() && *w > 0.0)
        .collect();
    let fallback = if good.is_empty() {
        1.0
    } else {
        good.iter().sum::<f64>() / good.len() as f64
    };
    let ws: Vec<f64> = weights
        .iter()
        .map(|&w| {
            let w = w as f64;
            if w.is_finite() && w > 0.0 {
                w
            } else {
                fallback
            }
        })
        .collect();
    let sum: f64 = ws.iter().sum();
    let mut out = Vec::with_capacity(ws.len());
    let mut acc = 0.0;
    let mut placed = 0u32;
    for w in &ws {
        acc += w;
        let edge = (acc / sum * total as f64).round() as u32;
        out.push(edge.saturating_sub(placed));
        placed = edge;
    }
    out
}

/// EMU room inside a cell of `width` twips.
pub fn inner_emu(width: u32) -> i64 {
    (width.saturating_sub(2 * CELL_PAD) as i64) * EMU_PER_TWIP
}

fn header_row(titles: &[&str], widths: &[u32]) -> String {
    let cells: Vec<String> = titles
        .iter()
        .zip(widths)
        .map(|(t, &w)| {
            cell(
                w,
                &shading(HEADER_FILL),
                &text_para(t, Align::Centre, "<w:rPr><w:b/><w:bCs/></w:rPr>"),
            )
        })
        .collect();
    row(&cells, true, false, None)
}

/// A report table: caption above, header row repeated on each page.
///
/// A row with fewer cells than columns is padded with empty cells and extra cells are
/// left out, as the PDF writer does, so both formats show the same table.
pub fn table(t: &Table, width: u32, pics: &mut Pictures) -> String {
    let mut out = String::new();
    if !t.caption.is_empty() {
        out.push_str(&para(&style(ids::CAPTION), &t.caption, ""));
    }
    if t.columns.is_empty() {
        return out;
    }
    let weights: Vec<f32> = t.columns.iter().map(|c| c.weight).collect();
    let ws = widths(&weights, width);
    out.push_str(&open(&ws, Look::Grid, true));
    let titles: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
    out.push_str(&header_row(&titles, &ws));
    for cells in &t.rows {
        let mut has_picture = false;
        let mut xml = Vec::with_capacity(t.columns.len());
        for (i, (col, &w)) in t.columns.iter().zip(&ws).enumerate() {
            let c = cells.get(i).cloned().unwrap_or(Cell::Text(String::new()));
            xml.push(data_cell(&c, col, w, pics));
            has_picture |= matches!(c, Cell::Image(_));
        }
        out.push_str(&row(&xml, false, has_picture, None));
    }
    out.push_str(CLOSE);
    out
}

fn data_cell(c: &Cell, col: &Column, w: u32, pics: &mut Pictures) -> String {
    match c {
        Cell::Text(text) => cell(w, "", &text_para(text, col.align, "")),
        Cell::Filled { text, fill } => {
            let rpr = format!(
                "<w:rPr><w:color w:val=\"{}\"/></w:rPr>",
                hex(text_on(*fill))
            );
            cell(w, &shading(&hex(*fill)), &text_para(text, col.align, &rpr))
        }
        Cell::Image(id) => {
            let pic = pics.fitted(*id, inner_emu(w), THUMB_MAX_H);
            cell(
                w,
                "",
                &para_raw(
                    &format!("{}{}", style(ids::TABLE_TEXT), jc(Align::Centre)),
                    &pic,
                ),
            )
        }
    }
}

/// Label–value pairs as a light two-column table, labels on a pale fill.
pub fn fields(pairs: &[(String, String)], width: u32) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let ws = widths(&[1.0, 3.0], width);
    let mut out = open(&ws, Look::Light, true);
    for (label, value) in pairs {
        let cells = [
            cell(
                ws[0],
                &shading(LABEL_FILL),
                &text_para(label, Align::Left, "<w:rPr><w:b/><w:bCs/></w:rPr>"),
            ),
            cell(ws[1], "", &text_para(value, Align::Left, "")),
        ];
        out.push_str(&row(&cells, false, false, None));
    }
    out.push_str(CLOSE);
    out
}

/// 职责 / 姓名 / 签名 / 日期, one row per person. Rows are tall enough to sign a printed
/// copy by hand when there is no drawn signature.
pub fn signatures(list: &[SignOff], total: u32, pics: &mut Pictures) -> String {
    if list.is_empty() {
        return String::new();
    }
    let ws = widths(&[2.0, 3.0, 4.0, 3.0], total);
    let mut out = open(&ws, Look::Grid, true);
    out.push_str(&header_row(&["职责", "姓名", "签名", "日期"], &ws));
    for s in list {
        let signature = match s.image {
            Some(id) => para_raw(
                &format!("{}{}", style(ids::TABLE_TEXT), jc(Align::Centre)),
                &pics.fitted(id, inner_emu(ws[2]), SIGNATURE_MAX_H),
            ),
            None => text_para("", Align::Centre, ""),
        };
        let cells = [
            cell(ws[0], "", &text_para(&s.role, Align::Centre, "")),
            cell(ws[1], "", &text_para(&s.name, Align::Centre, "")),
            cell(ws[2], "", &signature),
            cell(ws[3], "", &text_para(&s.date, Align::Centre, "")),
        ];
        out.push_str(&row(&cells, false, true, Some(680)));
    }
    out.push_str(CLOSE);
    out
}

/// Attachment photos two to a row, each centred over its caption, in a borderless
/// table so Word keeps each pair together and the captions under their photos.
pub fn gallery(items: &[(ImageId, String)], total: u32, pics: &mut Pictures) -> String {
    if items.is_empty() {
        return String::new();
    }
    let ws = widths(&[1.0, 1.0], total);
    let centred = format!("{}{}", style(ids::NOTE), jc(Align::Centre));
    let mut out = open(&ws, Look::Bare, true);
    for pair in items.chunks(2) {
        let mut cells = Vec::with_capacity(2);
        for (k, &w) in ws.iter().enumerate() {
            let content = match pair.get(k) {
                Some((id, caption)) => {
                    let pic = pics.fitted(*id, inner_emu(w), GALLERY_MAX_H);
                    para_raw(
                        &format!(
                            "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/>{}",
                            jc(Align::Centre)
                        ),
                        &pic,
                    ) + &para(&centred, caption, "")
                }
                None => para("", "", ""),
            };
            cells.push(cell(w, "", &content));
        }
        out.push_str(&row(&cells, false, true, None));
    }
    out.push_str(CLOSE);
    out
}

/// The cover's 受检单位 / 报告编号 / … lines: a centred borderless table whose values
/// are underlined like a printed form.
pub fn cover_fields(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let ws = [2600, 5200];
    let rpr = "<w:rPr><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>";
    let bold = "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>";
    let underline = "<w:tcBorders><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/></w:tcBorders>";
    let mut out = open(&ws, Look::Bare, true);
    for (label, value) in pairs {
        let label = if label.ends_with('：') || label.ends_with(':') || label.is_empty() {
            label.clone()
        } else {
            format!("{label}：")
        };
        let spaced = "<w:spacing w:before=\"120\" w:after=\"40\"/>";
        let cells = [
            cell(
                ws[0],
                "",
                &para_raw(
                    &format!("{}{spaced}{}", style(ids::TABLE_TEXT), jc(Align::Right)),
                    &run(&label, bold),
                ),
            ),
            cell(
                ws[1],
                underline,
                &para_raw(
                    &format!("{}{spaced}{}", style(ids::TABLE_TEXT), jc(Align::Centre)),
                    &run(value, rpr),
                ),
            ),
        ];
        out.push_str(&row(&cells, false, false, None));
    }
    out.push_str(CLOSE);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_weights_and_fill_the_text_width() {
        let ws = widths(&[1.0, 2.0, 1.0], 9638);
        assert_eq!(ws.iter().sum::<u32>(), 9638);
        assert_eq!(ws, [2410, 4819, 2409]);
        // A NaN or zero weight counts as an average column instead of vanishing.
        let ws = widths(&[2.0, f32::NAN, 0.0, 2.0], 8000);
        assert_eq!(ws, [2000, 2000, 2000, 2000]);
        assert_eq!(widths(&[f32::INFINITY], 100), [100]);
        assert!(widths(&[], 100).is_empty());
    }
}
