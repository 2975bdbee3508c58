//! The test vectors of domain.md §1 (LEC), §2 (LS) and §4 (GB 18218) against the
//! default model document, band edges included, plus what a user-edited document changes.

use geo_core::risk::models::gb18218::{
    self, Gb18218Input, HazardSourceGrade, Inventory, Substance, ValueSource,
};
use geo_core::risk::models::lec::{self, Consequence, LecInput};
use geo_core::risk::models::matrix::{self, LsInput};
use geo_core::risk::models::{
    Boundary, DimensionScore, ModelDocument, ModelError, TableValue, DEFAULT_VERSION,
};
use geo_core::risk::Grade;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

// ─── LEC ────────────────────────────────────────────────────────────────────────────

fn lec_classic(doc: &ModelDocument, l: f64, e: f64, c: f64) -> lec::LecResult {
    let input = LecInput {
        likelihood: l,
        exposure: e,
        consequence: Consequence::Classic(c),
    };
    lec::evaluate(doc, &input).unwrap_or_else(|err| panic!("({l},{e},{c}): {err}"))
}

fn dim(dimension: &str, value: f64) -> DimensionScore {
    DimensionScore {
        dimension: dimension.to_string(),
        value,
    }
}

#[test]
fn lec_domain_test_vectors() {
    let doc = ModelDocument::default();
    let cases = [
        ((10.0, 6.0, 7.0), 420.0, Grade::Major),
        ((3.0, 6.0, 15.0), 270.0, Grade::Larger),
        ((3.0, 6.0, 7.0), 126.0, Grade::General),
        ((1.0, 6.0, 7.0), 42.0, Grade::Low),
        ((1.0, 10.0, 7.0), 70.0, Grade::General),
        ((0.5, 1.0, 1.0), 0.5, Grade::Low),
    ];
    for ((l, e, c), d, grade) in cases {
        let r = lec_classic(&doc, l, e, c);
        assert!(close(r.d, d), "({l},{e},{c}) → D {}", r.d);
        assert_eq!(r.grade, grade, "({l},{e},{c})");
        assert_eq!(r.model_version, DEFAULT_VERSION);
    }
}

#[test]
fn lec_edge_70_is_general_both_ways_round() {
    let doc = ModelDocument::default();
    for (l, e) in [(1.0, 10.0), (10.0, 1.0)] {
        let r = lec_classic(&doc, l, e, 7.0);
        assert_eq!(r.d, 70.0);
        assert_eq!(r.grade, Grade::General);
        assert_eq!(r.band_zh, "显著危险，需要整改");
    }
    // The largest product below 70 is 60 (10 × 6 × 1).
    assert_eq!(lec_classic(&doc, 10.0, 6.0, 1.0).grade, Grade::Low);
}

#[test]
fn lec_edge_20_switches_the_classic_wording_not_the_grade() {
    let doc = ModelDocument::default();
    for (l, e, c) in [(0.5, 1.0, 40.0), (0.2, 1.0, 100.0)] {
        let r = lec_classic(&doc, l, e, c);
        assert!(close(r.d, 20.0));
        assert_eq!(r.grade, Grade::Low);
        assert_eq!(r.band_zh, "一般危险，需要注意");
    }
    let below = lec_classic(&doc, 1.0, 6.0, 3.0); // 18
    assert_eq!(below.grade, Grade::Low);
    assert_eq!(below.band_zh, "稍有危险，可以接受");
}

#[test]
fn lec_lower_boundary_setting_moves_edge_values_down() {
    let mut doc = ModelDocument::default();
    doc.lec.boundary = Boundary::Lower;
    assert_eq!(lec_classic(&doc, 1.0, 10.0, 7.0).grade, Grade::Low);
    assert_eq!(
        lec_classic(&doc, 0.5, 1.0, 40.0).band_zh,
        "稍有危险，可以接受"
    );
    assert_eq!(lec_classic(&doc, 3.0, 6.0, 7.0).grade, Grade::General);
}

/// 160 and 320 are unreachable with the standard values (domain.md §1.2), so the edges are
/// checked through a document with extra C values, which is also what a user could do.
#[test]
fn lec_edges_160_and_320_with_custom_values() {
    let mut doc = ModelDocument::default();
    for c in [16.0, 32.0] {
        doc.lec.consequence.values.push(TableValue {
            value: c,
            zh: "自定义".into(),
            en: "custom".into(),
        });
    }
    assert_eq!(lec_classic(&doc, 10.0, 1.0, 16.0).grade, Grade::Larger);
    assert_eq!(lec_classic(&doc, 10.0, 1.0, 32.0).grade, Grade::Major);
    assert_eq!(lec_classic(&doc, 1.0, 10.0, 15.0).grade, Grade::General); // 150
    assert_eq!(lec_classic(&doc, 10.0, 3.0, 7.0).grade, Grade::Larger); // 210
}

#[test]
fn lec_describe_reads_like_the_form() {
    let r = lec_classic(&ModelDocument::default(), 6.0, 3.0, 15.0);
    assert_eq!(
        r.describe_zh(),
        "L=6（相当可能） × E=3（每周一次，或偶然暴露） × C=15（非常严重，一人死亡） = 270 → 较大风险"
    );
    assert_eq!(
        r.describe_en(),
        "L=6 (quite possible) × E=3 (weekly or occasionally) × C=15 (very serious, one death) = 270 → larger risk"
    );
    let labels: Vec<&str> = r.factors.iter().map(|f| f.label_zh.as_str()).collect();
    assert_eq!(
        labels,
        ["事故发生的可能性", "暴露于危险环境的频繁程度", "后果严重性"]
    );
}

#[test]
fn lec_value_not_in_table_is_an_error_with_message() {
    let doc = ModelDocument::default();
    let input = LecInput {
        likelihood: 7.0,
        exposure: 6.0,
        consequence: Consequence::Classic(15.0),
    };
    let err = lec::evaluate(&doc, &input).unwrap_err();
    assert_eq!(
        err,
        ModelError::NotInTable {
            model: "LEC",
            factor: "L".into(),
            value: 7.0,
            allowed: vec![10.0, 6.0, 3.0, 1.0, 0.5, 0.2, 0.1],
        }
    );
    assert_eq!(
        err.to_string(),
        "LEC：L = 7 不在取值表中（可选：10, 6, 3, 1, 0.5, 0.2, 0.1）/ LEC: L = 7 is not in the table (allowed: 10, 6, 3, 1, 0.5, 0.2, 0.1)"
    );
    let bad_e = LecInput {
        exposure: 4.0,
        ..input.clone()
    };
    let bad_e = LecInput {
        likelihood: 6.0,
        ..bad_e
    };
    assert!(lec::evaluate(&doc, &bad_e)
        .unwrap_err()
        .to_string()
        .contains("E = 4 is not in the table"));
    let nan = LecInput {
        likelihood: f64::NAN,
        ..input
    };
    assert!(matches!(
        lec::evaluate(&doc, &nan),
        Err(ModelError::NotInTable { .. })
    ));
}

#[test]
fn lec_multi_dimension_consequence_takes_the_maximum() {
    let doc = ModelDocument::default();
    let input = LecInput {
        likelihood: 6.0,
        exposure: 3.0,
        consequence: Consequence::Dimensions(vec![
            dim("economic_loss", 7.0),
            dim("casualties", 15.0),
        ]),
    };
    let r = lec::evaluate(&doc, &input).unwrap();
    assert_eq!(r.consequence, 15.0);
    assert_eq!(r.d, 270.0);
    assert_eq!(r.grade, Grade::Larger);
    assert_eq!(r.factors[2].detail_zh, "人员伤亡：一人死亡");
    assert_eq!(r.consequence_dimensions.len(), 2);
    assert_eq!(r.consequence_dimensions[0].label_zh, "直接经济损失");
}

#[test]
fn lec_multi_dimension_errors() {
    let doc = ModelDocument::default();
    let with = |scores| LecInput {
        likelihood: 1.0,
        exposure: 1.0,
        consequence: Consequence::Dimensions(scores),
    };
    let err = lec::evaluate(&doc, &with(vec![dim("casualties", 5.0)])).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("LEC：C·人员伤亡 = 5 不在取值表中"),
        "{err}"
    );
    let err = lec::evaluate(&doc, &with(vec![dim("noise", 3.0)])).unwrap_err();
    assert!(
        matches!(err, ModelError::UnknownDimension { ref dimension, .. } if dimension == "noise")
    );
    assert!(err
        .to_string()
        .contains("law, casualties, economic_loss, environment, reputation"));
    let err = lec::evaluate(&doc, &with(vec![])).unwrap_err();
    assert_eq!(
        err,
        ModelError::NoDimensionScored {
            model: "LEC",
            factor: "C"
        }
    );
}

#[test]
fn lec_exposure_by_daily_duration_edges() {
    let doc = ModelDocument::default();
    let cases = [
        (301.0, 10.0),
        (300.0, 6.0),
        (121.0, 6.0),
        (120.0, 3.0),
        (61.0, 3.0),
        (60.0, 2.0),
        (31.0, 2.0),
        (30.0, 1.0),
        (11.0, 1.0),
        (10.0, 0.5),
        (0.0, 0.5),
    ];
    for (minutes, e) in cases {
        assert_eq!(
            lec::exposure_for_daily_minutes(&doc, minutes),
            Some(e),
            "{minutes} min"
        );
    }
}

// ─── LS ─────────────────────────────────────────────────────────────────────────────

fn letter(g: Grade) -> char {
    match g {
        Grade::Major => 'A',
        Grade::Larger => 'B',
        Grade::General => 'C',
        Grade::Low => 'D',
    }
}

/// domain.md §2.4, verbatim.
const DOMAIN_GRID: &str = "
5     5D  10C  15B  20A  25A
4     4D   8D  12C  16B  20A
3     3D   6D   9C  12C  15B
2     2D   4D   6D   8D  10C
1     1D   2D   3D   4D   5D";

#[test]
fn ls_grid_matches_domain_table() {
    let grid = matrix::grid(&ModelDocument::default()).unwrap();
    let printed: Vec<String> = grid
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .cells
                .iter()
                .map(|c| format!("{}{}", c.r, letter(c.grade)))
                .collect();
            format!("{} {}", row.likelihood, cells.join(" "))
        })
        .collect();
    let expected: Vec<String> = DOMAIN_GRID
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(printed, expected);
}

#[test]
fn ls_evaluate_agrees_with_every_grid_cell() {
    let doc = ModelDocument::default();
    for row in matrix::grid(&doc).unwrap() {
        for cell in row.cells {
            let input = LsInput {
                likelihood: row.likelihood,
                severity: vec![dim("people", cell.severity)],
            };
            let r = matrix::evaluate(&doc, &input).unwrap();
            assert_eq!((r.r, r.grade), (cell.r, cell.grade));
            assert_eq!(r.model_version, DEFAULT_VERSION);
        }
    }
}

#[test]
fn ls_band_edges() {
    let doc = ModelDocument::default();
    let grade = |l: f64, s: f64| {
        let input = LsInput {
            likelihood: l,
            severity: vec![dim("downtime", s)],
        };
        matrix::evaluate(&doc, &input).unwrap().grade
    };
    assert_eq!(grade(4.0, 5.0), Grade::Major); // 20, lowest 重大
    assert_eq!(grade(4.0, 4.0), Grade::Larger); // 16
    assert_eq!(grade(3.0, 5.0), Grade::Larger); // 15, lowest 较大
    assert_eq!(grade(4.0, 3.0), Grade::General); // 12
    assert_eq!(grade(3.0, 3.0), Grade::General); // 9, lowest 一般
    assert_eq!(grade(2.0, 4.0), Grade::Low); // 8, highest 低
    assert_eq!(grade(1.0, 1.0), Grade::Low); // 1
}

#[test]
fn ls_severity_is_the_maximum_over_dimensions() {
    let doc = ModelDocument::default();
    let input = LsInput {
        likelihood: 4.0,
        severity: vec![dim("law", 2.0), dim("people", 5.0), dim("environment", 3.0)],
    };
    let r = matrix::evaluate(&doc, &input).unwrap();
    assert_eq!((r.severity, r.r, r.grade), (5.0, 20.0, Grade::Major));
    assert!(
        r.describe_zh()
            .ends_with("S=5（人员：死亡） = 20 → 重大风险"),
        "{}",
        r.describe_zh()
    );
    assert_eq!(r.severity_dimensions.len(), 3);
}

#[test]
fn ls_errors_name_the_bad_value() {
    let doc = ModelDocument::default();
    let err = matrix::evaluate(
        &doc,
        &LsInput {
            likelihood: 6.0,
            severity: vec![dim("people", 1.0)],
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "LS：L = 6 不在取值表中（可选：5, 4, 3, 2, 1）/ LS: L = 6 is not in the table (allowed: 5, 4, 3, 2, 1)"
    );
    let err = matrix::evaluate(
        &doc,
        &LsInput {
            likelihood: 2.0,
            severity: vec![dim("people", 0.0)],
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("LS：S·人员 = 0 不在取值表中"),
        "{err}"
    );
    let err = matrix::evaluate(
        &doc,
        &LsInput {
            likelihood: 2.0,
            severity: vec![],
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "LS：S 至少要评一个维度 / LS: score at least one S dimension"
    );
}

/// domain.md §2.3: other public code grades ≥15 重大, ≥9 较大, ≥4 一般.
#[test]
fn ls_cut_offs_come_from_the_document() {
    let mut doc = ModelDocument::default();
    let mins = [15.0, 9.0, 4.0, 1.0];
    for (band, min) in doc.ls.bands.iter_mut().zip(mins) {
        band.min = min;
    }
    let grid = matrix::grid(&doc).unwrap();
    // Row L=3: 3 6 9 12 15 → D C B B A.
    let row3: String = grid[2].cells.iter().map(|c| letter(c.grade)).collect();
    assert_eq!(row3, "DCBBA");
}

// ─── GB 18218 ───────────────────────────────────────────────────────────────────────

fn named(name: &str, category: Option<&str>, q: f64) -> Inventory {
    Inventory {
        substance: Substance::Named {
            name: name.to_string(),
            category: category.map(str::to_string),
        },
        quantity_t: q,
    }
}

fn explicit(label: &str, critical: f64, beta: f64, q: f64) -> Inventory {
    Inventory {
        substance: Substance::Explicit {
            label: label.to_string(),
            critical_quantity_t: critical,
            beta: Some(beta),
        },
        quantity_t: q,
    }
}

/// domain.md §4.4: A1 2 t (Q=5, β=5), A2 2 t (Q=1, β=20), A3 1 t (Q=5, β=4), 102 residents.
#[test]
fn gb18218_worked_example_is_grade_two() {
    let doc = ModelDocument::default();
    let input = Gb18218Input {
        items: vec![
            explicit("A1", 5.0, 5.0, 2.0),
            explicit("A2", 1.0, 20.0, 2.0),
            explicit("A3", 5.0, 4.0, 1.0),
        ],
        exposed_people: 102,
    };
    let r = gb18218::grade(&doc, &input).unwrap();
    assert!(close(r.s, 2.6), "S = {}", r.s);
    assert!(r.is_major);
    assert_eq!(r.alpha, 2.0);
    assert!(close(r.r, 85.6), "R = {}", r.r);
    assert_eq!(r.grade, Some(HazardSourceGrade::Second));
    assert_eq!(r.model_version, DEFAULT_VERSION);
    assert_eq!(
        r.describe_zh(),
        "S = Σq/Q = 0.4 + 2 + 0.2 = 2.6 ≥ 1，构成重大危险源；R = α × Σβ·q/Q = 2 × (2 + 40 + 0.8) = 85.6 → 二级"
    );
    assert_eq!(
        r.describe_en(),
        "S = Σq/Q = 0.4 + 2 + 0.2 = 2.6 ≥ 1: a major hazard source; R = α × Σβ·q/Q = 2 × (2 + 40 + 0.8) = 85.6 → grade 2"
    );
    assert_eq!(r.factors[0].symbol, "α");
    assert_eq!(r.factors[2].detail_zh, "β=20 × 2 t ÷ 1 t");
}

/// The same example with A1 and A3 looked up by name: 硫化氢 (Q 5, β 5) and 氯 (Q 5, β 4)
/// have exactly the example's values; A2's Q = 1, β = 20 matches 磷化氢, whose Q is not in
/// domain.md's Table 1 selection, so it stays explicit.
#[test]
fn gb18218_worked_example_with_table_lookups() {
    let doc = ModelDocument::default();
    let input = Gb18218Input {
        items: vec![
            named("硫化氢", None, 2.0),
            explicit("A2", 1.0, 20.0, 2.0),
            named("7782-50-5", None, 1.0),
        ],
        exposed_people: 102,
    };
    let r = gb18218::grade(&doc, &input).unwrap();
    assert!(close(r.r, 85.6));
    assert_eq!(r.grade, Some(HazardSourceGrade::Second));
    assert_eq!(r.items[0].q_source, ValueSource::Table1);
    assert_eq!(r.items[0].beta_source, Some(ValueSource::Table3));
    assert_eq!(r.items[2].label, "氯");
    assert_eq!(
        (r.items[2].critical_quantity_t, r.items[2].beta),
        (5.0, Some(4.0))
    );
}

#[test]
fn gb18218_identification_edges() {
    let doc = ModelDocument::default();
    // A single chemical at exactly Q qualifies (q ≥ Q).
    let at_q = gb18218::identify(&doc, &[named("氨", None, 10.0)]).unwrap();
    assert_eq!(at_q.s, 1.0);
    assert!(at_q.is_major);
    assert_eq!(at_q.describe_zh(), "S = Σq/Q = 1 = 1 ≥ 1，构成重大危险源");
    // A sum that is 1 on paper but 0.9999999999999999 in binary still qualifies.
    let parts = [
        explicit("甲", 10.0, 1.0, 7.0),
        explicit("乙", 10.0, 1.0, 2.0),
        explicit("丙", 10.0, 1.0, 1.0),
    ];
    assert!(gb18218::identify(&doc, &parts).unwrap().is_major);
    // Just below.
    let below = gb18218::identify(&doc, &[named("氨", None, 9.99)]).unwrap();
    assert!(!below.is_major);
    assert_eq!(
        below.describe_en(),
        "S = Σq/Q = 0.999 = 0.999 < 1: not a major hazard source"
    );
}

#[test]
fn gb18218_below_threshold_is_not_graded() {
    let doc = ModelDocument::default();
    let input = Gb18218Input {
        items: vec![named("氯", None, 2.5)],
        exposed_people: 500,
    };
    let r = gb18218::grade(&doc, &input).unwrap();
    assert!(!r.is_major);
    assert_eq!(r.grade, None);
    assert!(close(r.r, 2.0 * 4.0 * 0.5));
    assert_eq!(
        r.describe_zh(),
        "S = Σq/Q = 0.5 = 0.5 < 1，不构成重大危险源"
    );
}

#[test]
fn gb18218_grade_band_edges() {
    let doc = ModelDocument::default();
    // α = 1 (1–29 people), Q = 1, β = 1: R = q.
    let grade_at = |r: f64| {
        let input = Gb18218Input {
            items: vec![explicit("X", 1.0, 1.0, r)],
            exposed_people: 10,
        };
        gb18218::grade(&doc, &input).unwrap().grade
    };
    use HazardSourceGrade::*;
    assert_eq!(grade_at(100.0), Some(First));
    assert_eq!(grade_at(99.99), Some(Second));
    assert_eq!(grade_at(50.0), Some(Second));
    assert_eq!(grade_at(49.99), Some(Third));
    assert_eq!(grade_at(10.0), Some(Third));
    assert_eq!(grade_at(9.99), Some(Fourth));
    assert_eq!(grade_at(1.0), Some(Fourth));
}

#[test]
fn gb18218_alpha_edges() {
    let doc = ModelDocument::default();
    let cases = [
        (0, 0.5),
        (1, 1.0),
        (29, 1.0),
        (30, 1.2),
        (49, 1.2),
        (50, 1.5),
        (99, 1.5),
        (100, 2.0),
        (10_000, 2.0),
    ];
    for (people, alpha) in cases {
        assert_eq!(
            gb18218::alpha_for(&doc, people).unwrap(),
            alpha,
            "{people} people"
        );
    }
    let mut doc = doc;
    doc.gb18218.alpha.retain(|row| row.min_people > 0);
    assert_eq!(
        gb18218::alpha_for(&doc, 0).unwrap_err(),
        ModelError::NoAlpha { people: 0 }
    );
}

#[test]
fn gb18218_category_fallback_for_unlisted_chemical() {
    let doc = ModelDocument::default();
    let input = Gb18218Input {
        items: vec![named("柴油", Some("W5.4"), 5000.0)],
        exposed_people: 0,
    };
    let r = gb18218::grade(&doc, &input).unwrap();
    let item = &r.items[0];
    assert_eq!(item.label, "柴油");
    assert_eq!(
        item.q_source,
        ValueSource::Table2 {
            symbol: "W5.4".into()
        }
    );
    assert_eq!(
        item.beta_source,
        Some(ValueSource::Table4 {
            symbol: "W5.4".into()
        })
    );
    assert!(r.is_major);
    assert_eq!((r.alpha, r.r), (0.5, 0.5));
    assert_eq!(r.grade, Some(HazardSourceGrade::Fourth));
}

#[test]
fn gb18218_table1_chemical_takes_beta_from_its_category() {
    let doc = ModelDocument::default();
    // 苯: Q from Table 1 (50 t) even with a category; β from Table 4 since it is not in Table 3.
    let input = Gb18218Input {
        items: vec![named("苯", Some("W5.1"), 100.0)],
        exposed_people: 40,
    };
    let r = gb18218::grade(&doc, &input).unwrap();
    assert_eq!(r.items[0].critical_quantity_t, 50.0);
    assert_eq!(r.items[0].beta, Some(1.5));
    assert!(close(r.r, 1.2 * 1.5 * 2.0));
    assert_eq!(r.grade, Some(HazardSourceGrade::Fourth));
}

#[test]
fn gb18218_table3_gas_outside_table1_keeps_its_beta() {
    let doc = ModelDocument::default();
    let r = gb18218::grade(
        &doc,
        &Gb18218Input {
            items: vec![named("一氧化碳", Some("J3"), 50.0)],
            exposed_people: 1,
        },
    )
    .unwrap();
    assert_eq!(
        r.items[0].q_source,
        ValueSource::Table2 {
            symbol: "J3".into()
        }
    );
    assert_eq!(r.items[0].beta, Some(2.0));
    assert_eq!(r.items[0].beta_source, Some(ValueSource::Table3));
}

#[test]
fn gb18218_lookup_errors() {
    let doc = ModelDocument::default();
    let err = gb18218::identify(&doc, &[named("柴油", None, 1.0)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "GB 18218：“柴油”不在表1中，请给出危险性类别（表2）/ GB 18218: \"柴油\" is not in Table 1; give its hazard category (Table 2)"
    );
    let err = gb18218::identify(&doc, &[named("柴油", Some("W99"), 1.0)]).unwrap_err();
    assert!(matches!(err, ModelError::UnknownCategory { ref symbol, .. } if symbol == "W99"));
    let err = gb18218::identify(&doc, &[named("6484-52-2", None, 1.0)]).unwrap_err();
    assert!(
        matches!(err, ModelError::AmbiguousChemical { ref candidates, .. } if candidates.len() == 2)
    );
    let err = gb18218::identify(&doc, &[named("氨", None, -1.0)]).unwrap_err();
    assert_eq!(
        err,
        ModelError::BadQuantity {
            substance: "氨".into(),
            quantity_t: -1.0
        }
    );
    let err = gb18218::identify(&doc, &[explicit("X", 0.0, 1.0, 1.0)]).unwrap_err();
    assert!(matches!(err, ModelError::BadCriticalQuantity { .. }));
}

#[test]
fn gb18218_identify_needs_no_beta_but_grade_does() {
    let doc = ModelDocument::default();
    let items = vec![named("苯", None, 60.0)];
    let id = gb18218::identify(&doc, &items).unwrap();
    assert!(id.is_major);
    assert_eq!(id.items[0].beta, None);
    let err = gb18218::grade(
        &doc,
        &Gb18218Input {
            items,
            exposed_people: 0,
        },
    )
    .unwrap_err();
    assert_eq!(err, ModelError::NoBeta { name: "苯".into() });
    assert!(err
        .to_string()
        .contains("give its hazard category to find β"));
}

#[test]
fn gb18218_input_json_shape() {
    let json = r#"{"items":[{"substance":{"named":{"name":"硫化氢"}},"quantity_t":2},
        {"substance":{"explicit":{"label":"A2","critical_quantity_t":1,"beta":20}},"quantity_t":2}],
        "exposed_people":102}"#;
    let input: Gb18218Input = serde_json::from_str(json).unwrap();
    let r = gb18218::grade(&ModelDocument::default(), &input).unwrap();
    assert!(close(r.r, 2.0 * (2.0 + 40.0)));
    assert!(serde_json::to_string(&r)
        .unwrap()
        .contains("\"grade\":\"二级\""));
}

// ─── The document ───────────────────────────────────────────────────────────────────

#[test]
fn document_default_serde_round_trip() {
    let doc = ModelDocument::default();
    let json = serde_json::to_string(&doc).unwrap();
    let back: ModelDocument = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
    assert_eq!(ModelDocument::from_json(&doc.to_json()).unwrap(), doc);
}

#[test]
fn results_carry_the_document_version() {
    let doc = ModelDocument {
        version: "acme-2025-03".into(),
        ..ModelDocument::default()
    };
    assert_eq!(
        lec_classic(&doc, 3.0, 6.0, 7.0).model_version,
        "acme-2025-03"
    );
    let ls = matrix::evaluate(
        &doc,
        &LsInput {
            likelihood: 1.0,
            severity: vec![dim("law", 1.0)],
        },
    )
    .unwrap();
    assert_eq!(ls.model_version, "acme-2025-03");
    let gb = gb18218::identify(&doc, &[named("氢", None, 1.0)]).unwrap();
    assert_eq!(gb.model_version, "acme-2025-03");
}

#[test]
fn document_edited_in_json_changes_the_grade() {
    let doc = ModelDocument::default();
    let mut value: serde_json::Value = serde_json::from_str(&doc.to_json()).unwrap();
    // A consultancy that reads domain.md §1.2's "D > 320" strictly and lowers 较大 to 150.
    value["lec"]["bands"][1]["min"] = serde_json::json!(150.0);
    value["version"] = serde_json::json!("consultancy-1");
    let edited = ModelDocument::from_json(&value.to_string()).unwrap();
    let r = lec_classic(&edited, 1.0, 10.0, 15.0); // 150
    assert_eq!(r.grade, Grade::Larger);
    assert_eq!(r.model_version, "consultancy-1");
}
