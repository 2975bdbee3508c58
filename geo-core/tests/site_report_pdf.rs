//! The site report is a real PDF: poppler reads the Chinese back and sees an embedded
//! subset font. Needs the npm font (`npm ci` at the repo root) and poppler-utils, both
//! installed by `scripts/test.sh`.

use std::process::Command;

use geo_core::inspection::{DangerLevel, HiddenDanger};
use geo_core::report::{site_report_pdf, SiteReport};
use geo_core::risk::{Assessment, Grade, Reason};

const FONT: &str =
    "../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

fn report(dangers: usize) -> SiteReport {
    SiteReport {
        site_id: "E0001".into(),
        site_name: "厦门海沧示范化工有限公司".into(),
        assessment: Assessment {
            grade: Grade::Major,
            reasons: vec![Reason {
                layer_name: "风暴潮淹没区".into(),
                feature: 0,
                zone_name: "海沧湾沿岸高".into(),
                class: "高".into(),
                level: 3,
            }],
            ..Default::default()
        },
        dangers: (0..dangers)
            .map(|i| {
                let mut d =
                    HiddenDanger::new("E0001", "厦门海沧示范化工有限公司", "2026-11-29", "张工", 0);
                d.number = format!("YH-20261129-{:04}", i + 1);
                d.description = format!(
                    "第{}处：储罐区防火堤破损，雨水排放阀常开，需立即关闭并修补。",
                    i + 1
                );
                d.level = if i == 0 {
                    DangerLevel::major()
                } else {
                    DangerLevel::general()
                };
                d.deadline = "2026-12-15".into();
                d
            })
            .collect(),
        report_date: "2026-11-29".into(),
        fictional_data: true,
    }
}

fn font() -> Vec<u8> {
    let path = format!("{}/{FONT}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}; run `npm ci` at the repository root"))
}

fn poppler(tool: &str, pdf: &[u8], name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("xiantu-pdf-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let mut cmd = Command::new(tool);
    cmd.arg(&path);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}; install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn site_report_pdf_text_is_extractable_chinese() {
    let pdf = site_report_pdf(&report(2), font()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = poppler("pdftotext", &pdf, "text");
    for needle in [
        "厦门海沧示范化工有限公司",
        "重大风险（红）",
        "风暴潮淹没区：高（海沧湾沿岸高）",
        "储罐区防火堤破损",
        "YH-20261129-0002",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // Subsetting keeps a 10 MB font down to the glyphs used.
    assert!(pdf.len() < 200_000, "PDF is {} bytes", pdf.len());
}

#[test]
fn site_report_pdf_prints_the_composite_score_and_its_factors() {
    let mut r = report(0);
    r.assessment.score = Some(80.0);
    r.assessment.model_version = Some("xiantu-standard-1".into());
    r.assessment.factors = vec![
        geo_core::risk::Explained {
            zh: "风暴潮淹没区（高，海沧湾沿岸高）+70".into(),
            en: "storm surge (高) +70".into(),
            points: 70.0,
        },
        geo_core::risk::Explained {
            zh: "从业人数 320 +10".into(),
            en: "employees 320 +10".into(),
            points: 10.0,
        },
    ];
    let text = poppler("pdftotext", &site_report_pdf(&r, font()).unwrap(), "text");
    for needle in [
        "综合风险指数：80.0（满分 100；模型 xiantu-standard-1）",
        "1. 风暴潮淹没区（高，海沧湾沿岸高）+70",
        "2. 从业人数 320 +10",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(
        !text.contains("位于"),
        "zones are not listed twice:\n{text}"
    );
}

#[test]
fn site_report_pdf_embeds_a_subset_font() {
    let pdf = site_report_pdf(&report(1), font()).unwrap();
    let fonts = poppler("pdffonts", &pdf, "fonts");
    let row = fonts
        .lines()
        .nth(2)
        .unwrap_or_else(|| panic!("no font rows:\n{fonts}"));
    // Subset fonts are named ABCDEF+Name; the "emb" and "sub" columns say yes.
    assert!(
        row.split_whitespace().next().unwrap().contains('+'),
        "{fonts}"
    );
    assert!(row.contains("yes yes"), "{fonts}");
}

#[test]
fn site_report_pdf_is_reproducible_and_paginates() {
    let a = site_report_pdf(&report(40), font()).unwrap();
    let b = site_report_pdf(&report(40), font()).unwrap();
    assert_eq!(a, b, "same input, same bytes");
    let text = poppler("pdftotext", &a, "pages");
    assert!(text.contains("第 1 页 / 共 "), "{text}");
    assert!(
        text.contains("第 2 页"),
        "40 dangers do not fit on one page"
    );
    assert!(text.contains("第40处"));
}
