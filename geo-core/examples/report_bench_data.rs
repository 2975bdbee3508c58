//! Records for the report benchmark (tests/bench/report.mjs): 50 hidden dangers of the
//! demo site E0001, each with one 1600 × 1200 photo (the bench draws the photos in the
//! browser and stores them under these ids), and the inspection that found them.
//!   cargo run -p geo-core --example report_bench_data -- <out.json>

use geo_core::inspection::{
    builtin_templates, Category, DangerLevel, HiddenDanger, Inspection, InspectionHeader,
    InspectionType, PhotoRef,
};

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-data/report/records.json".into());
    let (site, name) = ("E0001", "厦门海沧示范化工有限公司");
    let templates = builtin_templates();
    let insp = Inspection::new(
        InspectionHeader {
            id: "INS-20261201-bench-0001".into(),
            site_id: site.into(),
            site_name: name.into(),
            date: "2026-12-01".into(),
            kind: InspectionType::Comprehensive,
            inspectors: vec!["张工".into(), "李工".into()],
        },
        &templates.iter().take(3).collect::<Vec<_>>(),
        "张工",
        0,
    );
    let cats = Category::BUILT_IN;
    let dangers: Vec<HiddenDanger> = (0..50)
        .map(|i| {
            let mut d = HiddenDanger::new(site, name, "2026-12-01", "张工", i as i64);
            d.number = format!("YH-20261201-{:04}", i + 1);
            d.inspection_id = Some(insp.id.clone());
            d.place = format!("{}号车间{}侧", i % 7 + 1, ["东", "南", "西", "北"][i % 4]);
            d.description = format!(
                "第{}处：现场检查发现安全防护设施缺失或失效，存在人员伤害和火灾风险，需按要求整改并留存记录。",
                i + 1
            );
            d.category = Some(cats[i % cats.len()].clone());
            d.level = if i % 10 == 0 {
                DangerLevel::major()
            } else {
                DangerLevel::general()
            };
            d.basis = "《工贸企业重大事故隐患判定标准》第三条".into();
            d.found_by = vec!["张工".into()];
            d.measures = "立即整改，完善防护设施，建立检查记录。".into();
            d.department = "安全部".into();
            d.responsible = "王主任".into();
            d.deadline = "2026-12-31".into();
            d.photos.push(PhotoRef {
                id: format!("bench-p{i}"),
                mime: "image/jpeg".into(),
                width: 1600,
                height: 1200,
            });
            d
        })
        .collect();
    let json = serde_json::json!({ "inspection": insp, "dangers": dangers });
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("output directory");
    }
    std::fs::write(&out, serde_json::to_string(&json).expect("json")).expect("write");
    println!("{out}");
}
