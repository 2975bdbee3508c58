use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::layout::{leading, paginate, Line};
use super::measure::Measure;
use super::ReportError;
use crate::inspection::HiddenDanger;
use crate::risk::{Assessment, Palette};

/// What the one-site report prints.
#[derive(Debug, Clone)]
pub struct SiteReport {
    pub site_id: String,
    pub site_name: String,
    pub assessment: Assessment,
    pub dangers: Vec<HiddenDanger>,
    /// Date printed as the report date (YYYY-MM-DD); passed in so output is reproducible.
    pub report_date: String,
    /// Printed as a warning line when the data is the fictional demo.
    pub fictional_data: bool,
}

const PAGE_W: f32 = 595.0; // A4 in points
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 56.0;
const FOOTER: f32 = 28.0;

/// Writes the site report as a PDF.
///
/// `font` is a TrueType/OpenType font with CJK glyphs (the app ships Noto Sans SC); only
/// the glyphs used are embedded. The same input gives the same bytes.
///
/// # Errors
/// [`ReportError::BadFont`] when krilla cannot read the font, [`ReportError::Pdf`] when
/// writing fails.
pub fn site_report_pdf(report: &SiteReport, font: Vec<u8>) -> Result<Vec<u8>, ReportError> {
    let font_len = font.len();
    let font =
        Font::new(Arc::new(font).into(), 0).ok_or(ReportError::BadFont { bytes: font_len })?;
    let pages = paginate(lines(report), PAGE_H - 2.0 * MARGIN - FOOTER);
    let total = pages.len();

    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(format!("{} 风险与隐患报告", report.site_name))
            .creator("险图 Xiantu".to_string())
            .language("zh-CN".to_string()),
    );
    for (pi, page_lines) in pages.iter().enumerate() {
        let mut page =
            doc.start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid size"));
        let mut s = page.surface();
        let mut y = MARGIN;
        for line in page_lines {
            y += line.space_before + leading(line.size);
            let mut x = MARGIN + line.indent;
            if let Some((r, g, b)) = line.swatch {
                let mut pb = PathBuilder::new();
                if let Some(rect) =
                    Rect::from_xywh(x, y - line.size, line.size * 1.6, line.size * 1.1)
                {
                    pb.push_rect(rect);
                }
                if let Some(path) = pb.finish() {
                    s.set_fill(Some(Fill {
                        paint: rgb::Color::new(r, g, b).into(),
                        ..Fill::default()
                    }));
                    s.draw_path(&path);
                }
                x += line.size * 2.2;
            }
            s.set_fill(Some(Fill::default()));
            s.draw_text(
                Point::from_xy(x, y),
                font.clone(),
                line.size,
                &line.text,
                false,
                TextDirection::Auto,
            );
        }
        let footer = format!("第 {} 页 / 共 {} 页    险图 Xiantu", pi + 1, total);
        s.set_fill(Some(Fill {
            paint: rgb::Color::new(110, 110, 110).into(),
            ..Fill::default()
        }));
        s.draw_text(
            Point::from_xy(MARGIN, PAGE_H - MARGIN / 2.0),
            font.clone(),
            9.0,
            &footer,
            false,
            TextDirection::Auto,
        );
        s.finish();
        page.finish();
    }
    doc.finish().map_err(|e| ReportError::Pdf(format!("{e:?}")))
}

/// The report's content as lines, in reading order.
fn lines(r: &SiteReport) -> Vec<Line> {
    let width = PAGE_W - 2.0 * MARGIN;
    let mut out = Vec::new();
    let para = |text: &str, size: f32, indent: f32, space_before: f32, out: &mut Vec<Line>| {
        for (i, t) in Measure::estimate()
            .wrap(text, size, width - indent)
            .into_iter()
            .enumerate()
        {
            out.push(Line {
                text: t,
                size,
                indent,
                swatch: None,
                space_before: if i == 0 { space_before } else { 0.0 },
            });
        }
    };
    para("场所风险与隐患报告", 20.0, 0.0, 0.0, &mut out);
    para(
        &format!("报告日期：{}", r.report_date),
        10.0,
        0.0,
        4.0,
        &mut out,
    );
    if r.fictional_data {
        para(
            "注意：本报告使用的是虚构的演示数据。Note: fictional demo data.",
            9.0,
            0.0,
            2.0,
            &mut out,
        );
    }
    para("一、场所", 14.0, 0.0, 14.0, &mut out);
    para(&format!("名称：{}", r.site_name), 11.0, 0.0, 2.0, &mut out);
    para(&format!("编号：{}", r.site_id), 11.0, 0.0, 0.0, &mut out);

    para("二、风险等级", 14.0, 0.0, 14.0, &mut out);
    let g = r.assessment.grade;
    let c = Palette::default().colour(g);
    out.push(Line {
        text: g.to_string(),
        size: 12.0,
        indent: 0.0,
        swatch: Some((c.0, c.1, c.2)),
        space_before: 4.0,
    });
    if let Some(score) = r.assessment.score {
        let model = r.assessment.model_version.as_deref().unwrap_or("—");
        para(
            &format!("综合风险指数：{score:.1}（满分 100；模型 {model}）"),
            11.0,
            0.0,
            4.0,
            &mut out,
        );
    }
    para("判定依据：", 11.0, 0.0, 6.0, &mut out);
    if r.assessment.reasons.is_empty() && r.assessment.factors.is_empty() {
        para("不在任何已加载的危险区内。", 11.0, 14.0, 0.0, &mut out);
    }
    // The scored factors, largest first, when the grade came from the composite index;
    // otherwise the zones (the skeleton's rule).
    for (i, f) in r.assessment.factors.iter().enumerate() {
        para(&format!("{}. {}", i + 1, f.zh), 11.0, 14.0, 0.0, &mut out);
    }
    for (i, reason) in r
        .assessment
        .reasons
        .iter()
        .enumerate()
        .filter(|_| r.assessment.factors.is_empty())
    {
        para(
            &format!("{}. 位于{}", i + 1, reason.describe()),
            11.0,
            14.0,
            0.0,
            &mut out,
        );
    }

    para("三、隐患", 14.0, 0.0, 14.0, &mut out);
    if r.dangers.is_empty() {
        para("未记录隐患。", 11.0, 0.0, 2.0, &mut out);
    }
    for (i, d) in r.dangers.iter().enumerate() {
        para(
            &format!("{}. {}  {}", i + 1, d.number, d.level.zh()),
            11.0,
            0.0,
            8.0,
            &mut out,
        );
        para(
            &format!("排查日期：{}    整改期限：{}", d.found_on, d.deadline),
            10.0,
            14.0,
            0.0,
            &mut out,
        );
        para(
            &format!("描述：{}", d.description),
            10.0,
            14.0,
            0.0,
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::DangerLevel;
    use crate::risk::{Grade, Reason};

    pub(crate) fn sample() -> SiteReport {
        SiteReport {
            site_id: "E0001".into(),
            site_name: "厦门示范化工有限公司".into(),
            assessment: Assessment {
                grade: Grade::Major,
                reasons: vec![Reason {
                    layer_name: "风暴潮淹没区".into(),
                    feature: 0,
                    zone_name: "海沧湾".into(),
                    class: "高".into(),
                    level: 3,
                }],
                ..Default::default()
            },
            dangers: vec![{
                let mut d =
                    HiddenDanger::new("E0001", "厦门示范化工有限公司", "2026-11-29", "张工", 0);
                d.number = "YH-20261129-0001".into();
                d.description = "储罐区防火堤破损".into();
                d.level = DangerLevel::major();
                d.deadline = "2026-12-15".into();
                d
            }],
            report_date: "2026-11-29".into(),
            fictional_data: true,
        }
    }

    #[test]
    fn site_report_lines_contain_the_content() {
        let text: Vec<String> = lines(&sample()).into_iter().map(|l| l.text).collect();
        let all = text.join("\n");
        assert!(all.contains("名称：厦门示范化工有限公司"));
        assert!(all.contains("重大风险（红）"));
        assert!(all.contains("1. 位于风暴潮淹没区：高（海沧湾）"));
        assert!(all.contains("描述：储罐区防火堤破损"));
        assert!(all.contains("YH-20261129-0001  重大隐患"));
    }

    #[test]
    fn site_report_rejects_a_non_font() {
        let err = site_report_pdf(&sample(), b"not a font".to_vec()).unwrap_err();
        assert_eq!(err, ReportError::BadFont { bytes: 10 });
    }
}
