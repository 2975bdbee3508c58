use std::collections::HashSet;

use geo_core::inspection::{
    builtin_templates, export_templates, import_templates, Category, DangerLevel, InvalidTemplate,
    TemplateError, TemplateProblem,
};

#[test]
fn checklist_builtin_covers_every_category_with_eight_items() {
    let templates = builtin_templates();
    let categories: Vec<&Category> = templates.iter().map(|t| &t.category).collect();
    assert_eq!(categories, Category::BUILT_IN.iter().collect::<Vec<_>>());
    for t in &templates {
        assert!(t.items.len() >= 8, "{} has {} items", t.name, t.items.len());
        for item in &t.items {
            assert_eq!(item.category, t.category, "{}", item.id);
            assert!(item.text.chars().count() >= 10, "{}", item.id);
        }
    }
    let ids: HashSet<&str> = templates
        .iter()
        .flat_map(|t| t.items.iter().map(|i| i.id.as_str()))
        .collect();
    let total: usize = templates.iter().map(|t| t.items.len()).sum();
    assert_eq!(ids.len(), total, "item ids are unique across the built-ins");
}

#[test]
fn checklist_builtin_major_items_cite_the_major_danger_standard() {
    // A suggested 重大 must rest on a 重大隐患判定 rule.
    for t in builtin_templates() {
        for item in t.items.iter().filter(|i| i.level.is_major()) {
            assert!(
                item.basis.contains("重大事故隐患判定标准"),
                "{}: {}",
                item.id,
                item.basis
            );
        }
    }
}

#[test]
fn checklist_json_round_trip() {
    let templates = builtin_templates();
    let json = export_templates(&templates);
    assert!(json.contains(r#""format": "xiantu-checklists""#));
    assert_eq!(import_templates(&json).unwrap(), templates);
}

#[test]
fn checklist_item_defaults_from_its_template() {
    let json = r#"{"format":"xiantu-checklists","version":1,"templates":[
        {"id":"my-kitchen","name":"食堂检查表","category":"消防","items":[
            {"id":"k1","text":"燃气管道无泄漏，燃气报警器完好"},
            {"id":"k2","text":"厨房排油烟管道定期清洗","category":"厨房","level":{"name":"重点","major":false}}
        ]}]}"#;
    let t = &import_templates(json).unwrap()[0];
    assert_eq!(t.items[0].category, Category::Fire);
    assert_eq!(t.items[0].level, DangerLevel::general());
    assert_eq!(t.items[0].basis, "");
    assert_eq!(t.items[1].category, Category::Other("厨房".into()));
    assert_eq!(t.items[1].level.name(), "重点");
}

#[test]
fn checklist_bad_template_names_template_and_item() {
    let json = r#"{"format":"xiantu-checklists","version":1,"templates":[
        {"id":"a","name":"甲","category":"消防","items":[
            {"id":"a1","text":"灭火器完好"},
            {"id":"a1","text":"  "},
            {"text":"缺编号"}
        ]},
        {"id":"a","name":"","category":"消防","items":[]},
        {"name":"丙","category":"消防","items":[{"id":"c/1","text":"路径"}]}
    ]}"#;
    let Err(TemplateError::Invalid(errs)) = import_templates(json) else {
        panic!("expected validation errors");
    };
    let at = |t: &str, i: Option<&str>| {
        errs.iter()
            .filter(|e| e.template == t && e.item.as_deref() == i)
            .map(|e| e.problem.clone())
            .collect::<Vec<_>>()
    };
    assert!(matches!(
        at("a", Some("#3"))[..],
        [TemplateProblem::Shape(_)]
    ));
    assert!(matches!(at("#3", None)[..], [TemplateProblem::Shape(_)]));
    // The second "a" is no duplicate: the first failed to parse and was left out.
    assert_eq!(
        at("a", None),
        [TemplateProblem::EmptyName, TemplateProblem::NoItems]
    );
    let json_ok_shapes = r#"{"format":"xiantu-checklists","version":1,"templates":[
        {"id":"a","name":"甲","category":"消防","items":[
            {"id":"a1","text":"灭火器完好"},
            {"id":"a1","text":"  "}
        ]},
        {"id":"a","name":"","category":"消防","items":[]},
        {"id":"c","name":"丙","category":"消防","items":[{"id":"c/1","text":"路径"}]}
    ]}"#;
    let Err(TemplateError::Invalid(errs)) = import_templates(json_ok_shapes) else {
        panic!("expected validation errors");
    };
    let problem = |template: &str, item: Option<&str>, problem| InvalidTemplate {
        template: template.into(),
        item: item.map(str::to_string),
        problem,
    };
    assert_eq!(
        errs,
        [
            problem("a", Some("a1"), TemplateProblem::DuplicateItemId),
            problem("a", Some("a1"), TemplateProblem::EmptyText),
            problem("a", None, TemplateProblem::DuplicateTemplateId),
            problem("a", None, TemplateProblem::EmptyName),
            problem("a", None, TemplateProblem::NoItems),
            problem("c", Some("c/1"), TemplateProblem::BadId),
        ]
    );
    assert_eq!(
        errs[0].to_string(),
        "检查表 a 检查项 a1：检查项编号重复 / duplicate item id"
    );
}

#[test]
fn checklist_file_level_errors() {
    assert!(matches!(import_templates("{"), Err(TemplateError::Json(_))));
    assert_eq!(
        import_templates(r#"{"format":"other","version":1,"templates":[]}"#),
        Err(TemplateError::WrongFormat {
            found: "other".into()
        })
    );
    assert_eq!(
        import_templates(r#"{"format":"xiantu-checklists","version":2,"templates":[]}"#),
        Err(TemplateError::UnsupportedVersion { found: 2 })
    );
}

#[test]
fn checklist_template_without_category_is_refused() {
    let json = r#"{"format":"xiantu-checklists","version":1,"templates":[
        {"id":"a","name":"甲","category":" ","items":[{"id":"a1","text":"灭火器完好"}]}]}"#;
    assert_eq!(
        import_templates(json),
        Err(TemplateError::Invalid(vec![InvalidTemplate {
            template: "a".into(),
            item: None,
            problem: TemplateProblem::EmptyCategory,
        }]))
    );
}

#[test]
fn checklist_edited_template_exports_and_imports() {
    // What the editor makes is a template file like any other.
    let mut t = geo_core::inspection::ChecklistTemplate::blank("tpl-18f-01", Category::Fire);
    t.name = "食堂消防检查表".into();
    t.items[0].text = "燃气报警器完好".into();
    t.items[0].basis = "GB 50028".into();
    let i = t.add_item();
    t.items[i].text = "排油烟管道定期清洗".into();
    t.items[i].level = DangerLevel::custom("重点", false).unwrap();
    assert_eq!(t.field_problems(&[]), []);
    let back = import_templates(&export_templates(std::slice::from_ref(&t))).unwrap();
    assert_eq!(back, [t]);
}
