//! The engine in a real browser: the same grading and PDF code, compiled to wasm32 and run
//! in headless Chromium by wasm-bindgen-test (`scripts/test.sh` sets the runner up).
#![cfg(target_arch = "wasm32")]

use geo_core::import::read_geojson;
use geo_core::project::Project;
use geo_core::report::{site_report_pdf, SiteReport};
use geo_core::risk::Grade;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! demo {
    ($name:literal) => {
        read_geojson($name, include_bytes!(concat!("../../public/demo/", $name)))
            .unwrap()
            .layer
    };
}

fn project() -> Project {
    let layers = vec![
        demo!("districts.geojson"),
        demo!("geohazard.geojson"),
        demo!("waterlogging.geojson"),
        demo!("storm_surge.geojson"),
        demo!("hazard_sources.geojson"),
        demo!("enterprises.geojson"),
    ];
    Project::new(layers, Default::default())
}

#[wasm_bindgen_test]
fn wasm_grades_demo_sites_like_native() {
    let p = project();
    let grade = |id: &str| {
        let (l, f) = p.find_site(id).unwrap();
        p.grade(l, f)
    };
    assert_eq!(grade("E0001"), Grade::Major);
    assert_eq!(grade("E0002"), Grade::Major);
    assert_eq!(grade("E0003"), Grade::Major);
    assert_eq!(grade("E0004"), Grade::Low);
}

#[wasm_bindgen_test]
fn wasm_writes_a_pdf_with_an_embedded_font() {
    let p = project();
    let (l, f) = p.find_site("E0001").unwrap();
    let report = SiteReport {
        site_id: "E0001".into(),
        site_name: p.layers[l].feature_name(f),
        assessment: p.assessment(l, f).unwrap(),
        dangers: vec![],
        report_date: "2026-11-29".into(),
        fictional_data: true,
    };
    let font = include_bytes!(
        "../../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
    );
    let pdf = site_report_pdf(&report, font.to_vec()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf.windows(9).any(|w| w == b"FontFile2"),
        "TrueType font program embedded"
    );
    assert!(
        pdf.len() < 200_000,
        "subset, not the whole 10 MB font: {} bytes",
        pdf.len()
    );
}
