//! The inspection loop of domain.md §5: numbering, the closed loop, ledger, merging,
//! migration, checklists and the project file. One test binary, one module per subject.

mod checklist;
mod ledger;
mod merge;
mod migration;
mod numbering;
mod overdue;
mod project_file;
mod transitions;
mod visit;

use geo_core::inspection::{
    Answer, ChecklistTemplate, DangerLevel, Date, GovernancePlan, HiddenDanger, Inspection,
    InspectionHeader,
};

pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// A valid 一般 record, 待整改, found 2026-11-29 with deadline 2026-12-15, created at t=1000.
pub fn record(number: &str) -> HiddenDanger {
    let mut d = HiddenDanger::new(
        "E0001",
        "厦门海沧示范化工有限公司",
        "2026-11-29",
        "张工",
        1000,
    );
    d.number = number.into();
    d.description = "储罐区防火堤破损，雨水排放阀常开".into();
    d.deadline = "2026-12-15".into();
    d
}

/// As [`record`], with what leaving 待整改 needs (measures, person; for 重大 also the
/// interim measures and the six-item plan).
pub fn ready(number: &str, level: DangerLevel) -> HiddenDanger {
    let mut d = record(number);
    d.level = level;
    d.measures = "修补防火堤破损处，关闭雨水排放阀并上锁".into();
    d.responsible = "李四".into();
    d.department = "设备部".into();
    if d.level.is_major() {
        d.interim_measures = "储罐区限量储存，设置警戒区，安排专人巡查".into();
        d.plan = full_plan();
    }
    d
}

pub fn full_plan() -> GovernancePlan {
    GovernancePlan {
        goals: "12月15日前完成防火堤修复，恢复围堰容积".into(),
        methods: "凿除破损混凝土，植筋后浇筑C30混凝土".into(),
        funds_and_materials: "安全费用列支3万元，材料由设备部采购".into(),
        organisation: "设备部牵头，安全部监督，负责人李四".into(),
        time_limit: "12月1日开工，12月15日前完成并验收".into(),
        safety_and_emergency: "施工期间储罐限量储存，动火作业审批，现场配备灭火器".into(),
    }
}

/// A 日常 inspection of E0001 on 2026-11-29 by 张工 with `templates`, created at t=1000.
pub fn inspection(templates: &[&ChecklistTemplate]) -> Inspection {
    Inspection::new(
        InspectionHeader {
            id: "PC-20261129-a1".into(),
            site_id: "E0001".into(),
            site_name: "厦门海沧示范化工有限公司".into(),
            date: "2026-11-29".into(),
            inspectors: vec!["张工".into()],
            ..Default::default()
        },
        templates,
        "张工",
        1000,
    )
}

/// Answers an item that exists.
pub fn answer(i: &mut Inspection, item: (&str, &str), a: Answer, note: &str, by: &str, at: i64) {
    i.answer(item.0, item.1, Some(a), note, by, at).unwrap();
}
