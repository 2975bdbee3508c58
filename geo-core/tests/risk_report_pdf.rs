//! The risk-assessment report of the demo project as a real PDF read back with poppler:
//! the model's parameters, the register sorted by score with explanations, the grade
//! table and the districts, the data sources. The sample is kept in target/report-samples.

mod report_fixture;

use std::path::PathBuf;
use std::process::Command;

use geo_core::import::read_geojson;
use geo_core::project::Project;
use geo_core::report::doc::{ImageFormat, Picture};
use geo_core::report::{document_pdf, risk_report, RiskReportInput};
use geo_core::risk::models::ModelDocument;
use report_fixture::{font, png};

fn demo_project() -> Project {
    let layers = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| {
            let path = format!("{}/../public/demo/{n}", env!("CARGO_MANIFEST_DIR"));
            read_geojson(n, &std::fs::read(&path).unwrap())
                .unwrap()
                .layer
        })
        .collect();
    Project::new(layers, ModelDocument::default())
}

#[test]
fn risk_report_pdf_prints_the_register_by_score_with_the_model() {
    let project = demo_project();
    let mut input = RiskReportInput::from_project(&project);
    input.number = "XT-FX-2026-001".into();
    input.date = "2026-12-05".into();
    input.title = "厦门市企业多灾种风险评估（演示）".into();
    input.register_rows = 40;
    input.map = Some(Picture {
        bytes: png(900, 640, true),
        format: ImageFormat::Png,
        width: 900,
        height: 640,
    });
    assert!(input.sites.len() >= 10, "demo sites: {}", input.sites.len());
    assert!(!input.areas.is_empty(), "demo districts aggregate");

    let out = document_pdf(&risk_report(&input), font(), &mut |_, _| {}).expect("pdf");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/report-samples");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("risk-report.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let text = String::from_utf8(
        Command::new("pdftotext")
            .args(["-layout", path.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext (poppler-utils) runs")
            .stdout,
    )
    .unwrap();
    for needle in [
        "安全风险评估报告",
        "XT-FX-2026-001",
        "二、评估方法与模型参数",
        "危险区和危险源权重",
        "风暴潮",
        "前 40 家",
        "四、风险清单",
        "五、区域汇总",
        "数据来源",
        "虚构演示数据",
        "WGS84",
    ] {
        assert!(
            text.contains(needle.split("  ").next().unwrap()),
            "lacks {needle:?}"
        );
    }
    // The register is sorted by score: the highest-scored site comes first.
    let mut sites = input.sites.clone();
    sites.sort_by(|a, b| b.score.unwrap_or(-1.0).total_cmp(&a.score.unwrap_or(-1.0)));
    let top = &sites[0];
    let second = sites
        .iter()
        .find(|s| s.score < top.score)
        .expect("two scores");
    let register = &text[text.find("表 4").expect("register caption")..];
    let at = |id: &str| register.find(id).unwrap_or(usize::MAX);
    assert!(
        at(&top.id) < at(&second.id),
        "{} before {}",
        top.id,
        second.id
    );
    assert!(
        register.contains(&top.factors[0][..top.factors[0].len().min(12)]),
        "explanation printed"
    );
    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(&path).output().unwrap().stdout).unwrap();
    assert!(
        fonts
            .lines()
            .any(|l| l.contains('+') && l.contains("yes yes")),
        "{fonts}"
    );
}
