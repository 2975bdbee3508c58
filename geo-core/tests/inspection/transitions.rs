use geo_core::inspection::{
    Acceptance, Change, DangerLevel, EditError, HiddenDanger, Missing, PlanItem, Status,
    Transition, TransitionError,
};

use super::{ready, record};

fn start(at: i64) -> Transition {
    Transition::StartRectification {
        by: "李四".into(),
        at,
    }
}

fn submit(at: i64, on: &str) -> Transition {
    Transition::SubmitForAcceptance {
        by: "李四".into(),
        at,
        completed_on: on.into(),
    }
}

fn acceptance() -> Acceptance {
    Acceptance {
        by: "王五".into(),
        department: "安全部".into(),
        date: "2026-12-12".into(),
        opinion: "防火堤已修复，排放阀关闭上锁，同意闭环".into(),
        photo: None,
    }
}

fn accept(at: i64) -> Transition {
    Transition::Accept {
        at,
        acceptance: acceptance(),
    }
}

fn give_back(at: i64, reason: &str) -> Transition {
    Transition::Return {
        by: "王五".into(),
        at,
        reason: reason.into(),
    }
}

/// A ready record brought to `status` through the allowed steps.
fn at_status(status: Status, level: DangerLevel) -> HiddenDanger {
    let mut d = ready("YH-20261129-0001", level);
    let steps = match status {
        Status::Pending => vec![],
        Status::InProgress => vec![start(2)],
        Status::AwaitingAcceptance => vec![start(2), submit(3, "2026-12-10")],
        Status::Closed => vec![start(2), submit(3, "2026-12-10"), accept(4)],
    };
    for s in steps {
        d.transition(s).unwrap();
    }
    assert_eq!(d.status(), status);
    d
}

#[test]
fn transition_general_full_loop_writes_history() {
    let mut d = ready("YH-20261129-0001", DangerLevel::general());
    d.transition(start(2)).unwrap();
    assert_eq!(d.status(), Status::InProgress);
    d.transition(submit(3, "2026-12-10")).unwrap();
    assert_eq!(d.status(), Status::AwaitingAcceptance);
    assert_eq!(d.completed_on(), Some("2026-12-10"));
    d.transition(accept(4)).unwrap();
    assert_eq!(d.status(), Status::Closed);
    assert!(d.is_closed());
    assert_eq!(d.acceptance(), Some(&acceptance()));
    assert_eq!(d.trail().updated_at(), 4);
    assert_eq!(d.trail().updated_by(), "王五");
    let steps: Vec<(Status, Status)> = d
        .trail()
        .history()
        .iter()
        .filter_map(|h| match h.change {
            Change::Transition { from, to, .. } => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(
        steps,
        [
            (Status::Pending, Status::InProgress),
            (Status::InProgress, Status::AwaitingAcceptance),
            (Status::AwaitingAcceptance, Status::Closed),
        ]
    );
    assert_eq!(d.trail().history()[0].change, Change::Created);
    assert_eq!(d.trail().history().len(), 4);
}

#[test]
fn transition_refused_from_every_other_status() {
    let all = [
        start(9),
        submit(9, "2026-12-10"),
        accept(9),
        give_back(9, "未修复"),
    ];
    for status in Status::ALL {
        for t in &all {
            let mut d = at_status(status, DangerLevel::general());
            let before = d.clone();
            let (from, to) = t.edge();
            let result = d.transition(t.clone());
            if from == status {
                assert_eq!(result, Ok(()), "{status} {}", t.zh());
                assert_eq!(d.status(), to);
            } else {
                assert_eq!(
                    result,
                    Err(TransitionError::NotAllowed {
                        from: status,
                        transition: t.zh()
                    }),
                    "{status} {}",
                    t.zh()
                );
                assert_eq!(d, before, "a refused step changes nothing");
            }
        }
    }
}

#[test]
fn transition_start_needs_measures_and_person() {
    let mut d = record("YH-20261129-0001");
    assert_eq!(
        d.transition(start(2)),
        Err(TransitionError::Missing(vec![
            Missing::Measures,
            Missing::Responsible
        ]))
    );
    assert_eq!(d.status(), Status::Pending);
    assert_eq!(d.trail().history().len(), 1);
}

#[test]
fn transition_major_needs_plan_and_interim_measures() {
    let mut d = ready("YH-20261129-0001", DangerLevel::major());
    d.interim_measures.clear();
    d.plan = Default::default();
    let Err(TransitionError::Missing(missing)) = d.transition(start(2)) else {
        panic!("重大 without a plan must not start");
    };
    let mut expected = vec![Missing::InterimMeasures];
    expected.extend(PlanItem::ALL.map(Missing::Plan));
    assert_eq!(missing, expected);

    // Five of six items and the interim measures: still refused, naming the last item.
    d.interim_measures = "设置警戒区，专人监护".into();
    d.plan = super::full_plan();
    d.plan.safety_and_emergency = "  ".into();
    assert_eq!(
        d.transition(start(2)),
        Err(TransitionError::Missing(vec![Missing::Plan(
            PlanItem::SafetyAndEmergency
        )]))
    );
    assert_eq!(d.status(), Status::Pending);

    d.plan.safety_and_emergency = "施工期间限量储存，现场配备应急物资".into();
    assert_eq!(d.transition(start(2)), Ok(()));
}

#[test]
fn transition_configured_major_level_follows_the_major_rules() {
    let first_class = DangerLevel::custom("一级重大", true).unwrap();
    let mut d = ready("YH-20261129-0001", DangerLevel::general());
    d.level = first_class;
    assert!(matches!(
        d.transition(start(2)),
        Err(TransitionError::Missing(_))
    ));
    // 重点 is configured as not major: the 一般 rules apply.
    let mut d = ready("YH-20261129-0002", DangerLevel::general());
    d.level = DangerLevel::custom("重点", false).unwrap();
    assert_eq!(d.transition(start(2)), Ok(()));
}

#[test]
fn transition_return_goes_back_to_rectification() {
    let mut d = at_status(Status::AwaitingAcceptance, DangerLevel::major());
    assert_eq!(
        d.transition(give_back(5, " ")),
        Err(TransitionError::Missing(vec![Missing::ReturnReason]))
    );
    d.transition(give_back(5, "排放阀未上锁")).unwrap();
    assert_eq!(d.status(), Status::InProgress);
    assert_eq!(d.completed_on(), None, "the next submission dates it again");
    let last = d.trail().history().last().unwrap();
    assert_eq!(
        last.change,
        Change::Transition {
            from: Status::AwaitingAcceptance,
            to: Status::InProgress,
            note: "排放阀未上锁".into()
        }
    );
    assert_eq!(last.by, "王五");
    d.transition(submit(6, "2026-12-11")).unwrap();
    d.transition(accept(7)).unwrap();
    assert!(d.is_closed());
}

#[test]
fn transition_accept_needs_acceptor_date_and_opinion() {
    let mut d = at_status(Status::AwaitingAcceptance, DangerLevel::general());
    let empty = Transition::Accept {
        at: 5,
        acceptance: Acceptance::default(),
    };
    assert_eq!(
        d.transition(empty),
        Err(TransitionError::Missing(vec![
            Missing::Acceptor,
            Missing::AcceptanceDate,
            Missing::AcceptanceOpinion
        ]))
    );
    let early = Transition::Accept {
        at: 5,
        acceptance: Acceptance {
            date: "2026-12-09".into(), // completed 2026-12-10
            ..acceptance()
        },
    };
    assert_eq!(
        d.transition(early),
        Err(TransitionError::DateTooEarly {
            field: "验收日期",
            value: "2026-12-09".into()
        })
    );
    assert_eq!(d.status(), Status::AwaitingAcceptance);
}

#[test]
fn transition_submit_needs_a_valid_completion_date() {
    let mut d = at_status(Status::InProgress, DangerLevel::general());
    assert_eq!(
        d.transition(submit(3, "")),
        Err(TransitionError::Missing(vec![Missing::CompletedOn]))
    );
    assert_eq!(
        d.transition(submit(3, "2026-12-32")),
        Err(TransitionError::BadDate {
            field: "实际完成日期",
            value: "2026-12-32".into()
        })
    );
    assert_eq!(
        d.transition(submit(3, "2026-11-28")),
        Err(TransitionError::DateTooEarly {
            field: "实际完成日期",
            value: "2026-11-28".into()
        })
    );
    // Completing after the deadline is allowed (late, but done).
    assert_eq!(d.transition(submit(3, "2027-01-05")), Ok(()));
}

#[test]
fn transition_needs_who_and_a_valid_record() {
    let mut d = ready("YH-20261129-0001", DangerLevel::general());
    assert_eq!(
        d.transition(Transition::StartRectification {
            by: " ".into(),
            at: 2
        }),
        Err(TransitionError::Missing(vec![Missing::Actor]))
    );
    d.deadline = "2026-11-01".into();
    assert!(matches!(
        d.transition(start(2)),
        Err(TransitionError::Invalid(_))
    ));
}

#[test]
fn transition_errors_read_in_chinese_and_english() {
    let mut d = ready("YH-20261129-0001", DangerLevel::major());
    d.plan.goals.clear();
    let msg = d.transition(start(2)).unwrap_err().to_string();
    assert_eq!(msg, "请先填写：治理的目标和任务 / missing: plan item");
    let msg = d.transition(accept(2)).unwrap_err().to_string();
    assert_eq!(
        msg,
        "“待整改”状态的隐患不能验收闭环 / not allowed from 待整改"
    );
}

#[test]
fn edit_after_start_keeps_the_major_rules() {
    let mut d = at_status(Status::InProgress, DangerLevel::general());
    let mut draft = d.clone();
    draft.level = DangerLevel::major();
    let Err(EditError::Incomplete(missing)) = d.edit(draft, "李四", 5) else {
        panic!("raising to 重大 without a plan while 整改中 must be refused");
    };
    assert_eq!(missing[0], Missing::InterimMeasures);
    assert_eq!(missing.len(), 7);
    // Before rectification starts anything goes: the plan can be written later.
    let mut p = record("YH-20261129-0002");
    let mut draft = p.clone();
    draft.level = DangerLevel::major();
    assert!(p.edit(draft, "张工", 5).is_ok());
}

#[test]
fn edit_refused_once_closed_or_status_changed() {
    let mut d = at_status(Status::Closed, DangerLevel::general());
    let mut draft = d.clone();
    draft.measures = "改".into();
    assert_eq!(d.edit(draft, "李四", 9), Err(EditError::Closed));

    let mut d = at_status(Status::Pending, DangerLevel::general());
    let mut draft = d.clone();
    d.transition(start(5)).unwrap();
    draft.measures = "改".into();
    assert!(matches!(
        d.edit(draft, "李四", 9),
        Err(EditError::Protected { .. })
    ));
}

#[test]
fn pin_colour_follows_level_then_status() {
    use geo_core::inspection::pin::{pin_colour, AWAITING, CLOSED, GENERAL_OPEN, MAJOR_OPEN};
    let major = DangerLevel::major();
    let general = DangerLevel::general();
    for (status, level, want) in [
        (Status::Pending, major.clone(), MAJOR_OPEN),
        (Status::InProgress, major.clone(), MAJOR_OPEN),
        (Status::Pending, general.clone(), GENERAL_OPEN),
        (Status::InProgress, general.clone(), GENERAL_OPEN),
        (Status::AwaitingAcceptance, major.clone(), AWAITING),
        (Status::Closed, major, CLOSED),
        (Status::Closed, general, CLOSED),
    ] {
        assert_eq!(
            pin_colour(&at_status(status, level.clone())),
            want,
            "{status:?} {level:?}"
        );
    }
}
