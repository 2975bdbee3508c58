use geo_core::inspection::{Acceptance, DangerLevel, Transition};

use super::{date, ready, record};

#[test]
fn overdue_only_after_the_deadline_day() {
    let d = record("YH-20261129-0001"); // deadline 2026-12-15
    assert!(!d.is_overdue(date("2026-12-14")));
    assert!(
        !d.is_overdue(date("2026-12-15")),
        "the deadline day is in time"
    );
    assert!(d.is_overdue(date("2026-12-16")));
    assert!(d.is_overdue(date("2027-01-01")));
}

#[test]
fn overdue_never_for_a_closed_record() {
    let mut d = ready("YH-20261129-0001", DangerLevel::general());
    let by = || "李四".to_string();
    d.transition(Transition::StartRectification { by: by(), at: 2 })
        .unwrap();
    d.transition(Transition::SubmitForAcceptance {
        by: by(),
        at: 3,
        completed_on: "2026-12-20".into(),
    })
    .unwrap();
    assert!(d.is_overdue(date("2026-12-21")), "待验收 still counts");
    d.transition(Transition::Accept {
        at: 4,
        acceptance: Acceptance {
            by: "王五".into(),
            date: "2026-12-21".into(),
            opinion: "已修复，同意销号".into(),
            ..Default::default()
        },
    })
    .unwrap();
    assert!(!d.is_overdue(date("2026-12-21")));
}

#[test]
fn overdue_never_without_a_valid_deadline() {
    let mut d = record("YH-20261129-0001");
    d.deadline = String::new();
    assert!(!d.is_overdue(date("2030-01-01")));
}
