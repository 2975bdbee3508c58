//! What the sample reports are made from: the demo project and a few fictional records
//! that exercise the ledger's cases (a 重大 record with its plan, an overdue one, a closed
//! one, a configured level without category). `tests/reports/check_xlsx.py` and
//! `geo-core/tests/report_files.rs` assert on exactly these values.

use std::collections::HashMap;

use geo_core::import::read_geojson;
use geo_core::inspection::{
    Acceptance, Category, DangerLevel, Date, GovernancePlan, HiddenDanger, Inspection,
    InspectionHeader, InspectionType, Location, LocationSource, PhotoRef, Transition,
};
use geo_core::layer::Layer;
use geo_core::project::Project;
use geo_core::risk::models::composite::OpenDangers;
use geo_core::risk::models::ModelDocument;

/// The day the samples are written "on": it decides 是否逾期 and dates the files.
pub const TODAY: &str = "2026-12-05";

pub struct Inputs {
    /// The demo layers scored with the default model and the open sample records.
    pub project: Project,
    pub dangers: Vec<HiddenDanger>,
    pub inspections: Vec<Inspection>,
    pub today: Date,
}

pub fn inputs() -> Inputs {
    let dangers = sample_dangers();
    let mut project = demo_project();
    project.set_dangers(open_dangers(&dangers));
    Inputs {
        project,
        dangers,
        inspections: sample_inspections(),
        today: Date::parse(TODAY).expect("a valid date"),
    }
}

/// The demo layers of `public/demo/`, as the app loads them.
pub fn demo_project() -> Project {
    let layers: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|name| {
            let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            read_geojson(name, &bytes)
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .layer
        })
        .collect();
    Project::new(layers, ModelDocument::default())
}

/// Open records per site, as the app counts them for the score.
pub fn open_dangers(dangers: &[HiddenDanger]) -> HashMap<String, OpenDangers> {
    let mut open: HashMap<String, OpenDangers> = HashMap::new();
    for d in dangers.iter().filter(|d| !d.is_closed()) {
        let e = open.entry(d.site_id.clone()).or_default();
        if d.level.is_major() {
            e.major += 1;
        } else {
            e.general += 1;
        }
    }
    open
}

pub fn sample_inspections() -> Vec<Inspection> {
    vec![Inspection::new(
        InspectionHeader {
            id: "INS-20261120-a1".into(),
            site_id: "E0001".into(),
            site_name: "厦门海沧示范化工有限公司".into(),
            date: "2026-11-20".into(),
            kind: InspectionType::Special,
            inspectors: vec!["张工".into(), "李工".into()],
        },
        &[],
        "张工",
        1_000,
    )]
}

fn photo(id: &str) -> PhotoRef {
    PhotoRef {
        id: id.into(),
        mime: "image/jpeg".into(),
        width: 1600,
        height: 1200,
    }
}

fn step(d: &mut HiddenDanger, t: Transition) {
    let number = d.number.clone();
    d.transition(t)
        .unwrap_or_else(|e| panic!("sample record {number}: {e}"));
}

/// Four records; on [`TODAY`]: one 重大 (整改中, with plan, photos and coordinates), one
/// overdue (待整改), one closed (已闭环), one of the configured level 重点 (待验收).
pub fn sample_dangers() -> Vec<HiddenDanger> {
    let mut major = HiddenDanger::new(
        "E0001",
        "厦门海沧示范化工有限公司",
        "2026-11-20",
        "张工",
        1_000,
    );
    major.number = "YH-20261120-0001".into();
    major.inspection_id = Some("INS-20261120-a1".into());
    major.place = "液氯储罐区".into();
    major.location = Some(Location {
        lon: 118.0452,
        lat: 24.4703,
        accuracy_m: Some(8.0),
        source: LocationSource::Device,
    });
    major.description = "液氯储罐区泄漏报警器失效，未按期检定".into();
    major.photos = vec![photo("p-major-1"), photo("p-major-2")];
    major.category = Some(Category::HazardousChemicals);
    major.level = DangerLevel::major();
    major.basis = "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准 第十条".into();
    major.found_by = vec!["张工".into(), "李工".into()];
    major.measures = "更换泄漏报警器并送检，完善检定台账".into();
    major.department = "设备部".into();
    major.responsible = "李四".into();
    major.deadline = "2026-12-31".into();
    major.funds_fen = 3_000_000;
    major.interim_measures = "储罐区限量储存，设置警戒区，安排专人每小时巡查".into();
    major.plan = GovernancePlan {
        goals: "12月31日前恢复泄漏报警功能".into(),
        methods: "更换报警探头，联动切断阀调试".into(),
        funds_and_materials: "安全费用列支3万元".into(),
        organisation: "设备部牵头，安全部监督".into(),
        time_limit: "12月31日前完成并验收".into(),
        safety_and_emergency: "配备便携式检测仪，演练泄漏处置预案".into(),
    };
    step(
        &mut major,
        Transition::StartRectification {
            by: "李四".into(),
            at: 2_000,
        },
    );

    let mut overdue = HiddenDanger::new(
        "E0001",
        "厦门海沧示范化工有限公司",
        "2026-11-20",
        "张工",
        1_100,
    );
    overdue.number = "YH-20261120-0002".into();
    overdue.place = "3号仓库北侧".into();
    overdue.description = "消防通道堆放纸箱，宽度不足4米".into();
    overdue.category = Some(Category::Fire);
    overdue.found_by = vec!["张工".into()];
    overdue.deadline = "2026-11-30".into();

    let mut closed = HiddenDanger::new(
        "E0002",
        "同安边界示范仓储有限公司",
        "2026-11-25",
        "王工",
        1_200,
    );
    closed.number = "YH-20261125-0001".into();
    closed.place = "配电房".into();
    closed.description = "配电柜前未铺设绝缘胶垫".into();
    closed.category = Some(Category::Electrical);
    closed.found_by = vec!["王工".into()];
    closed.measures = "铺设绝缘胶垫".into();
    closed.department = "行政部".into();
    closed.responsible = "赵六".into();
    closed.deadline = "2026-11-28".into();
    closed.funds_fen = 150_050;
    step(
        &mut closed,
        Transition::StartRectification {
            by: "赵六".into(),
            at: 2_100,
        },
    );
    step(
        &mut closed,
        Transition::SubmitForAcceptance {
            by: "赵六".into(),
            at: 2_200,
            completed_on: "2026-11-27".into(),
        },
    );
    step(
        &mut closed,
        Transition::Accept {
            at: 2_300,
            acceptance: Acceptance {
                by: "王五".into(),
                department: "安全部".into(),
                date: "2026-11-28".into(),
                opinion: "整改到位，同意销号".into(),
                photo: None,
            },
        },
    );

    let mut key = HiddenDanger::new(
        "E0003",
        "翔安沿海示范食品有限公司",
        "2026-12-01",
        "陈工",
        1_300,
    );
    key.number = "YH-20261201-0001".into();
    key.place = "氨制冷机房".into();
    key.description = "氨制冷机房通风机故障，未及时维修".into();
    key.level = DangerLevel::custom("重点", false).expect("a valid level");
    key.found_by = vec!["陈工".into()];
    key.measures = "维修通风机".into();
    key.responsible = "孙七".into();
    key.deadline = "2026-12-20".into();
    step(
        &mut key,
        Transition::StartRectification {
            by: "孙七".into(),
            at: 2_400,
        },
    );
    step(
        &mut key,
        Transition::SubmitForAcceptance {
            by: "孙七".into(),
            at: 2_500,
            completed_on: "2026-12-03".into(),
        },
    );

    vec![major, overdue, closed, key]
}
