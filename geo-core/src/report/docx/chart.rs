//! A bar chart as a table: the numbers as text, and the bars drawn as shaded cells of a
//! nested table. A DrawingML chart part would need an embedded workbook for Word to edit
//! it and renders differently in WPS and LibreOffice; shaded cells look the same
//! everywhere and keep the numbers readable (and copyable) as text.

use super::parts::ids;
use super::table::{cell, open, open_padded, row, shading, text_para, Look, CLOSE};
use super::xml::{hex, para, para_raw, run, style, CELL_PAD};
use crate::report::doc::{Align, BarChart};

const CATEGORY_W: u32 = 1800;
const SERIES_W: u32 = 2200;
const NUMBER_W: u32 = 1000;
/// Narrower than this the bars would be unreadable.
const MIN_BAR_W: u32 = 1700;
/// Height of one bar, in twips.
const BAR_H: u32 = 170;
/// Up to this many number columns (series, plus 合计 when stacked) sit side by side in
/// one row per category; more would not fit the page (nor Word's 63-column limit), so
/// the table then gets one row per category and series instead.
const MAX_WIDE: usize = 8;

/// A number as a report prints it: whole numbers without decimals, others to two places,
/// and a dash for a value that is not a number.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The chart, `width` twips wide: caption, table, legend.
pub fn chart(c: &BarChart, width: u32) -> String {
    let mut out = String::new();
    if !c.caption.is_empty() {
        out.push_str(&para(&style(ids::CAPTION), &c.caption, ""));
    }
    if c.categories.is_empty() || c.series.is_empty() {
        out.push_str(&para(&style(ids::NOTE), "（无数据）", ""));
        return out;
    }
    let numbers = c.series.len() + usize::from(c.stacked);
    if numbers <= MAX_WIDE {
        out.push_str(&wide(c, numbers, width));
    } else {
        out.push_str(&long(c, width));
    }
    out.push_str(&legend(c));
    out
}

fn value(c: &BarChart, s: usize, i: usize) -> f64 {
    c.series[s].values.get(i).copied().unwrap_or(0.0)
}

fn head(titles: &[&str], widths: &[u32]) -> String {
    let cells: Vec<String> = titles
        .iter()
        .zip(widths)
        .map(|(t, &w)| {
            cell(
                w,
                &shading("D9D9D9"),
                &text_para(t, Align::Centre, "<w:rPr><w:b/><w:bCs/></w:rPr>"),
            )
        })
        .collect();
    row(&cells, true, false, None)
}

fn number_cell(w: u32, v: f64) -> String {
    cell(w, "", &text_para(&number(v), Align::Right, ""))
}

/// The spans of category `i`'s stacked bar, one per series.
fn stack(c: &BarChart, i: usize, max: f64) -> Vec<Span> {
    let mut acc = 0.0;
    c.series
        .iter()
        .enumerate()
        .map(|(s, series)| {
            let from = acc;
            acc += positive(value(c, s, i));
            Span {
                from: fraction(from, max),
                to: fraction(acc, max),
                colour: hex(series.colour),
            }
        })
        .collect()
}

fn single(v: f64, max: f64, colour: (u8, u8, u8)) -> Vec<Span> {
    vec![Span {
        from: 0.0,
        to: fraction(positive(v), max),
        colour: hex(colour),
    }]
}

/// 类别 | one column per series | 合计 (stacked) | 图示: a row per category.
fn wide(c: &BarChart, numbers: usize, width: u32) -> String {
    let room = width - CATEGORY_W;
    let number_w = NUMBER_W.min((room - MIN_BAR_W) / numbers as u32);
    let bar_w = room - numbers as u32 * number_w;
    let mut widths = vec![CATEGORY_W];
    widths.extend(std::iter::repeat_n(number_w, numbers));
    widths.push(bar_w);

    let mut titles: Vec<&str> = vec!["类别"];
    titles.extend(c.series.iter().map(|s| s.name.as_str()));
    if c.stacked {
        titles.push("合计");
    }
    titles.push("图示");
    let mut out = open(&widths, Look::Grid, true);
    out.push_str(&head(&titles, &widths));
    let max = c.max_value();
    let inner = bar_w.saturating_sub(2 * CELL_PAD);
    for (i, category) in c.categories.iter().enumerate() {
        let mut cells = vec![cell(CATEGORY_W, "", &text_para(category, Align::Left, ""))];
        for s in 0..c.series.len() {
            cells.push(number_cell(number_w, value(c, s, i)));
        }
        let bars = if c.stacked {
            let total: f64 = (0..c.series.len()).map(|s| value(c, s, i)).sum();
            cells.push(number_cell(number_w, total));
            vec![stack(c, i, max)]
        } else {
            c.series
                .iter()
                .enumerate()
                .map(|(s, series)| single(value(c, s, i), max, series.colour))
                .collect()
        };
        cells.push(cell(bar_w, "", &bar_table(&bars, inner)));
        out.push_str(&row(&cells, false, true, None));
    }
    out.push_str(CLOSE);
    out
}

/// 类别 | 系列 | 数值 | 图示: a row per category and series (and a 合计 row per category
/// when stacked), the category cell merged down its rows.
fn long(c: &BarChart, width: u32) -> String {
    let bar_w = width - CATEGORY_W - SERIES_W - NUMBER_W;
    let widths = [CATEGORY_W, SERIES_W, NUMBER_W, bar_w];
    let mut out = open(&widths, Look::Grid, true);
    out.push_str(&head(&["类别", "系列", "数值", "图示"], &widths));
    let max = c.max_value();
    let inner = bar_w.saturating_sub(2 * CELL_PAD);
    for (i, category) in c.categories.iter().enumerate() {
        let mut lines: Vec<(&str, f64, Vec<Span>)> = c
            .series
            .iter()
            .enumerate()
            .map(|(s, series)| {
                let v = value(c, s, i);
                (series.name.as_str(), v, single(v, max, series.colour))
            })
            .collect();
        if c.stacked {
            let total: f64 = (0..c.series.len()).map(|s| value(c, s, i)).sum();
            lines.push(("合计", total, stack(c, i, max)));
        }
        for (k, (name, v, spans)) in lines.into_iter().enumerate() {
            let merged = if k == 0 {
                cell(
                    CATEGORY_W,
                    "<w:vMerge w:val=\"restart\"/>",
                    &text_para(category, Align::Left, ""),
                )
            } else {
                cell(CATEGORY_W, "<w:vMerge/>", &text_para("", Align::Left, ""))
            };
            let cells = [
                merged,
                cell(SERIES_W, "", &text_para(name, Align::Left, "")),
                number_cell(NUMBER_W, v),
                cell(bar_w, "", &bar_table(&[spans], inner)),
            ];
            out.push_str(&row(&cells, false, true, None));
        }
    }
    out.push_str(CLOSE);
    out
}

fn positive(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

fn fraction(v: f64, max: f64) -> f64 {
    let f = v / max;
    if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// A shaded stretch of a bar, as fractions of the bar cell's width.
struct Span {
    from: f64,
    to: f64,
    colour: String,
}

/// The bars of one category: a borderless table, one row per bar, whose grid is every
/// span edge so each span is one cell (spanning grid columns) with its fill. The empty
/// paragraph after it is required: a cell must end with a paragraph.
fn bar_table(bars: &[Vec<Span>], width: u32) -> String {
    let twips = |f: f64| (f * width as f64).round() as u32;
    let mut edges: Vec<u32> = vec![0, width];
    for bar in bars {
        for s in bar {
            edges.push(twips(s.from));
            edges.push(twips(s.to));
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let grid: Vec<u32> = edges.windows(2).map(|p| p[1] - p[0]).collect();
    let span_of = |from: u32, to: u32| {
        let a = edges.iter().position(|&e| e == from).unwrap_or(0);
        let b = edges.iter().position(|&e| e == to).unwrap_or(a);
        b.saturating_sub(a)
    };
    let tiny = "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/></w:pPr>";
    let empty_para = format!("<w:p>{tiny}</w:p>");
    let gap = "<w:tcBorders><w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"FFFFFF\"/>\
               <w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"FFFFFF\"/></w:tcBorders>";
    let mut out = open_padded(&grid, Look::Bare, false, 0);
    for bar in bars {
        // Cells of this bar from left to right: the shaded spans, then blank to the end.
        let mut pieces: Vec<(u32, u32, Option<&str>)> = Vec::new();
        let mut at = 0;
        for s in bar {
            let (a, b) = (twips(s.from), twips(s.to));
            if b > a {
                if a > at {
                    pieces.push((at, a, None));
                }
                pieces.push((a, b, Some(&s.colour)));
                at = b;
            }
        }
        if at < width {
            pieces.push((at, width, None));
        }
        let cells: Vec<String> = pieces
            .iter()
            .map(|&(a, b, fill)| {
                let n = span_of(a, b);
                let mut pr = String::new();
                if n > 1 {
                    pr.push_str(&format!("<w:gridSpan w:val=\"{n}\"/>"));
                }
                pr.push_str(gap);
                if let Some(f) = fill {
                    pr.push_str(&shading(f));
                }
                format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{pr}</w:tcPr>{empty_para}</w:tc>",
                    b - a
                )
            })
            .collect();
        out.push_str(&format!(
            "<w:tr><w:trPr><w:trHeight w:val=\"{BAR_H}\" w:hRule=\"exact\"/></w:trPr>{}</w:tr>",
            cells.concat()
        ));
    }
    out.push_str(CLOSE);
    out.push_str(&empty_para);
    out
}

/// ■ series name, in the series colour, under the table.
fn legend(c: &BarChart) -> String {
    let runs: String = c
        .series
        .iter()
        .map(|s| {
            format!(
                "{}{}",
                run(
                    "■",
                    &format!("<w:rPr><w:color w:val=\"{}\"/></w:rPr>", hex(s.colour))
                ),
                run(&format!(" {}    ", s.name), "")
            )
        })
        .collect();
    para_raw(
        &format!(
            "{}<w:spacing w:before=\"60\" w:after=\"120\"/><w:jc w:val=\"center\"/>",
            style(ids::NOTE)
        ),
        &runs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_a_report() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.33");
        assert_eq!(number(-4.0), "-4");
        assert_eq!(number(f64::NAN), "—");
    }

    #[test]
    fn bar_cells_span_the_grid_between_their_edges() {
        let bars = vec![vec![
            Span {
                from: 0.0,
                to: 0.25,
                colour: "FF0000".into(),
            },
            Span {
                from: 0.25,
                to: 0.75,
                colour: "0000FF".into(),
            },
        ]];
        let xml = bar_table(&bars, 4000);
        assert!(xml.contains(
            "<w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"1000\"/>"
        ));
        assert!(xml.contains("<w:tcW w:w=\"1000\" w:type=\"dxa\"/><w:tcBorders>"));
        assert!(xml.contains("w:fill=\"FF0000\""));
        assert!(xml.contains("w:fill=\"0000FF\""));
        // The blank remainder is the last quarter.
        assert_eq!(xml.matches("<w:tc>").count(), 3);
    }
}
