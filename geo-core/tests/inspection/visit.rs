use geo_core::inspection::{
    builtin_templates, Answer, Category, Change, DangerLevel, Inspection, InspectionError,
    InspectionType, InvalidInspection,
};

use super::answer;

/// A 专项 inspection by two inspectors with the 消防 and 粉尘防爆 checklists.
fn inspection() -> Inspection {
    let templates = builtin_templates();
    let fire = templates.iter().find(|t| t.id == "fire").unwrap();
    let dust = templates.iter().find(|t| t.id == "dust").unwrap();
    let mut i = super::inspection(&[fire, dust]);
    i.kind = InspectionType::Special;
    i.inspectors.push("李工".into());
    i
}

#[test]
fn inspection_starts_unanswered_with_every_item() {
    let i = inspection();
    let templates = builtin_templates();
    let n = templates
        .iter()
        .filter(|t| t.id == "fire" || t.id == "dust")
        .map(|t| t.items.len())
        .sum::<usize>();
    assert_eq!(i.progress(), (0, n));
    assert!(!i.is_complete());
    assert_eq!(i.template_ids, ["fire", "dust"]);
    assert!(i.validation_errors().is_empty());
    let json = serde_json::to_string(&i).unwrap();
    assert!(json.contains(r#""type":"专项""#), "{json}");
    assert!(json.contains(r#""updated_at":1000"#), "{json}");
    assert_eq!(serde_json::from_str::<Inspection>(&json).unwrap(), i);
}

#[test]
fn inspection_answers_are_recorded_in_history() {
    let mut i = inspection();
    answer(
        &mut i,
        ("fire", "fire-01"),
        Answer::Conforming,
        "",
        "张工",
        2000,
    );
    answer(
        &mut i,
        ("fire", "fire-01"),
        Answer::Conforming,
        "",
        "张工",
        2001,
    );
    assert_eq!(
        i.trail().history().len(),
        2,
        "an unchanged answer adds nothing"
    );
    let note = "砂光车间地面、设备顶部积尘约5 mm";
    answer(
        &mut i,
        ("dust", "dust-10"),
        Answer::NonConforming,
        note,
        "李工",
        3000,
    );
    assert_eq!(i.progress().0, 2);
    assert_eq!(i.trail().updated_at(), 3000);
    let Change::Edited { fields } = &i.trail().history().last().unwrap().change else {
        panic!("an answer is an edit");
    };
    assert_eq!(fields[0].field, "answer:dust/dust-10");
    assert_eq!(fields[0].old, "未答");
    assert_eq!(fields[0].new, format!("不符合：{note}"));
    assert_eq!(
        i.answer("fire", "nope", Some(Answer::Conforming), "", "张工", 1),
        Err(InspectionError::UnknownItem {
            template_id: "fire".into(),
            item_id: "nope".into()
        })
    );
    assert_eq!(i.findings().count(), 1);
    // Clearing an answer is a change too.
    i.answer("fire", "fire-01", None, "", "张工", 4000).unwrap();
    assert_eq!(i.progress().0, 1);
}

#[test]
fn inspection_non_conforming_item_prefills_a_danger() {
    let mut i = inspection();
    let note = "砂光车间积尘严重";
    answer(
        &mut i,
        ("dust", "dust-10"),
        Answer::NonConforming,
        note,
        "李工",
        3000,
    );
    let d = i
        .danger_from_item("dust", "dust-10", "YH-20261129-0001", "李工", 3100)
        .unwrap();
    assert_eq!(d.number, "YH-20261129-0001");
    assert_eq!(d.site_id, "E0001");
    assert_eq!(d.site_name, "厦门海沧示范化工有限公司");
    assert_eq!(d.found_on, "2026-11-29");
    assert_eq!(d.found_by, ["张工", "李工"]);
    assert_eq!(d.inspection_id.as_deref(), Some("PC-20261129-a1"));
    assert_eq!(d.checklist_item.as_deref(), Some("dust/dust-10"));
    assert_eq!(d.category, Some(Category::CombustibleDust));
    assert_eq!(d.level, DangerLevel::major());
    assert!(d.basis.contains("第十一条"), "{}", d.basis);
    assert!(
        d.description.starts_with("砂光车间积尘严重（检查要求："),
        "{}",
        d.description
    );
    assert_eq!(d.trail().history()[0].change, Change::Created);
    // Only the deadline is left for the form.
    let mut d = d;
    assert_eq!(d.validation_errors().len(), 1);
    d.deadline = "2026-12-29".into();
    assert!(d.is_valid());
}

#[test]
fn inspection_only_non_conforming_items_become_dangers() {
    let mut i = inspection();
    answer(
        &mut i,
        ("fire", "fire-01"),
        Answer::NotApplicable,
        "",
        "张工",
        2000,
    );
    assert_eq!(
        i.danger_from_item("fire", "fire-01", "YH-20261129-0001", "张工", 1)
            .unwrap_err(),
        InspectionError::NotNonConforming {
            item_id: "fire-01".into()
        }
    );
    assert!(matches!(
        i.danger_from_item("fire", "fire-02", "YH-20261129-0001", "张工", 1),
        Err(InspectionError::NotNonConforming { .. })
    ));
}

#[test]
fn inspection_validation() {
    let mut i = inspection();
    i.id = " ".into();
    i.date = "2026-11-31".into();
    i.inspectors = vec!["".into()];
    assert_eq!(
        i.validation_errors(),
        [
            InvalidInspection::EmptyId,
            InvalidInspection::BadDate {
                value: "2026-11-31".into()
            },
            InvalidInspection::NoInspector
        ]
    );
}
