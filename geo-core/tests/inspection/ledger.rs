use geo_core::inspection::{
    kpis, money::format_yuan, Acceptance, Category, DangerLevel, HiddenDanger, LedgerFilter,
    Status, Transition,
};

use super::{date, ready};

fn to(d: &mut HiddenDanger, status: Status) {
    let by = || "李四".to_string();
    let mut steps = vec![Transition::StartRectification { by: by(), at: 2 }];
    steps.push(Transition::SubmitForAcceptance {
        by: by(),
        at: 3,
        completed_on: "2026-12-10".into(),
    });
    steps.push(Transition::Accept {
        at: 4,
        acceptance: Acceptance {
            by: "王五".into(),
            date: "2026-12-11".into(),
            opinion: "合格".into(),
            ..Default::default()
        },
    });
    let n = Status::ALL.iter().position(|s| *s == status).unwrap();
    for s in steps.into_iter().take(n) {
        d.transition(s).unwrap();
    }
}

/// Ten records: 3 重大 (1 closed, 1 待验收, 1 待整改), one 重点, 4 closed in all.
fn ledger() -> Vec<HiddenDanger> {
    use Status::*;
    let key = DangerLevel::custom("重点", false).unwrap();
    let rows: [(DangerLevel, Status, u64, Option<Category>, &str); 10] = [
        (DangerLevel::major(), Closed, 3_000_000, None, "E0001"),
        (
            DangerLevel::major(),
            AwaitingAcceptance,
            500_000,
            None,
            "E0001",
        ),
        (DangerLevel::major(), Pending, 0, None, "E0001"),
        (key, Closed, 0, None, "E0001"),
        (
            DangerLevel::general(),
            Closed,
            12_345,
            Some(Category::Fire),
            "E0001",
        ),
        (
            DangerLevel::general(),
            Closed,
            0,
            Some(Category::Fire),
            "E0001",
        ),
        (DangerLevel::general(), AwaitingAcceptance, 0, None, "E0001"),
        (DangerLevel::general(), InProgress, 0, None, "E0001"),
        (
            DangerLevel::general(),
            Pending,
            0,
            Some(Category::Electrical),
            "E0002",
        ),
        (DangerLevel::general(), Pending, 0, None, "E0002"),
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, (level, status, fen, category, site))| {
            let mut d = ready(&format!("YH-20261129-{:04}", i + 1), level);
            d.funds_fen = fen;
            d.category = category;
            d.site_id = site.into();
            if i == 9 {
                d.deadline = "2026-12-31".into();
            }
            to(&mut d, status);
            d
        })
        .collect()
}

fn numbers(v: &[&HiddenDanger]) -> Vec<u32> {
    v.iter().map(|d| d.number[12..].parse().unwrap()).collect()
}

#[test]
fn ledger_kpis_with_figures() {
    let records = ledger();
    let k = kpis(&records, date("2026-12-16"));
    assert_eq!(k.found, 10);
    assert_eq!(k.major, 3);
    assert_eq!(k.rectified, 4, "已闭环 only; 待验收 is counted apart");
    assert_eq!(k.major_rectified, 1);
    assert_eq!(k.awaiting_acceptance, 2);
    assert_eq!(k.overdue, 5);
    assert_eq!(k.rectification_rate, Some(0.4));
    assert_eq!(k.major_rectification_rate, Some(1.0 / 3.0));
    assert_eq!(k.funds_fen, 3_512_345);
    assert_eq!(format_yuan(k.funds_fen), "35123.45");
}

#[test]
fn ledger_kpis_rates_absent_without_records() {
    let k = kpis(&[], date("2026-12-16"));
    assert_eq!(k.found, 0);
    assert_eq!(k.rectification_rate, None);
    assert_eq!(k.major_rectification_rate, None);
    let records = ledger();
    let general = LedgerFilter {
        site_id: Some("E0002".into()),
        ..Default::default()
    }
    .apply(&records);
    let k = kpis(general, date("2026-12-16"));
    assert_eq!(k.rectification_rate, Some(0.0));
    assert_eq!(k.major_rectification_rate, None, "no 重大 here");
}

#[test]
fn ledger_filters() {
    let records = ledger();
    let f = |filter: LedgerFilter| numbers(&filter.apply(&records));
    assert_eq!(
        f(LedgerFilter {
            site_id: Some("E0002".into()),
            ..Default::default()
        }),
        [9, 10]
    );
    assert_eq!(
        f(LedgerFilter {
            status: Some(Status::Closed),
            ..Default::default()
        }),
        [1, 4, 5, 6]
    );
    assert_eq!(
        f(LedgerFilter {
            major_only: true,
            ..Default::default()
        }),
        [1, 2, 3]
    );
    assert_eq!(
        f(LedgerFilter {
            level: Some("重点".into()),
            ..Default::default()
        }),
        [4]
    );
    assert_eq!(
        f(LedgerFilter {
            category: Some(Category::Fire),
            ..Default::default()
        }),
        [5, 6]
    );
    assert_eq!(
        f(LedgerFilter {
            overdue_on: Some(date("2026-12-16")),
            ..Default::default()
        }),
        [2, 3, 7, 8, 9]
    );
    assert_eq!(
        f(LedgerFilter {
            site_id: Some("E0001".into()),
            overdue_on: Some(date("2026-12-16")),
            ..Default::default()
        }),
        [2, 3, 7, 8]
    );
    assert_eq!(f(LedgerFilter::default()).len(), 10);
}
