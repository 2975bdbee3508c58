use geo_core::inspection::{
    builtin_templates, keep_both_unrelated, merge_dangers, merge_inspections, Answer, HiddenDanger,
    Side,
};

use super::{answer, inspection, record};

/// `d` edited by `by` at `at` with `f`.
fn edited(d: &HiddenDanger, by: &str, at: i64, f: impl FnOnce(&mut HiddenDanger)) -> HiddenDanger {
    let mut out = d.clone();
    let mut draft = d.clone();
    f(&mut draft);
    out.edit(draft, by, at).unwrap();
    out
}

fn numbers(v: &[HiddenDanger]) -> Vec<&str> {
    v.iter().map(|d| d.number.as_str()).collect()
}

#[test]
fn merge_keeps_records_on_one_side_only_and_equal_ones() {
    let a = record("YH-20261129-0001");
    let b = record("YH-20261129-0002");
    let c = record("YH-20261130-0001");
    let m = merge_dangers(vec![c.clone(), a.clone()], vec![b.clone(), a.clone()]);
    assert_eq!(
        numbers(&m.records),
        ["YH-20261129-0001", "YH-20261129-0002", "YH-20261130-0001"]
    );
    assert!(m.conflicts.is_empty());
    assert_eq!(m.records[0], a);
}

#[test]
fn merge_takes_the_side_that_extends_the_shared_history() {
    let base = record("YH-20261129-0001");
    // Their device's clock is behind: its later edit carries an older timestamp.
    let theirs = edited(&base, "李四", 500, |d| d.measures = "修补防火堤".into());
    let m = merge_dangers(vec![base.clone()], vec![theirs.clone()]);
    assert_eq!(m.records, std::slice::from_ref(&theirs));
    assert!(m.conflicts.is_empty());
    let m = merge_dangers(vec![theirs.clone()], vec![base]);
    assert_eq!(m.records, [theirs]);
    assert!(m.conflicts.is_empty());
}

#[test]
fn merge_a_copy_taken_while_typing_is_the_shared_past_of_the_finished_text() {
    let base = record("YH-20261129-0001");
    // Exported after the first save of the typing, which went on on this device and grew
    // that history entry instead of adding one.
    let exported = edited(&base, "张工", 2000, |d| d.measures = "修补".into());
    let finished = edited(&exported, "张工", 2400, |d| {
        d.measures = "修补防火堤".into()
    });
    assert_eq!(
        finished.trail().history().len(),
        exported.trail().history().len()
    );
    for (ours, theirs) in [(&finished, &exported), (&exported, &finished)] {
        let m = merge_dangers(vec![ours.clone()], vec![theirs.clone()]);
        assert_eq!(m.records, std::slice::from_ref(&finished));
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    }
}

#[test]
fn merge_both_changed_newer_wins_and_conflict_is_listed() {
    let base = record("YH-20261129-0001");
    let ours = edited(&base, "张工", 2000, |d| d.measures = "修补防火堤".into());
    let theirs = edited(&base, "李四", 3000, |d| {
        d.measures = "拆除重建防火堤".into();
        d.funds_fen = 3_000_000;
    });
    let m = merge_dangers(vec![ours.clone()], vec![theirs.clone()]);
    assert_eq!(m.records, std::slice::from_ref(&theirs));
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(c.key, "YH-20261129-0001");
    assert_eq!(c.winner, Side::Theirs);
    assert_eq!(c.fields, ["measures", "funds_fen"]);
    assert!(!c.unrelated);
    assert_eq!(c.loser, ours);

    // The same pair the other way round: the same record wins, now called "ours".
    let m2 = merge_dangers(vec![theirs.clone()], vec![ours]);
    assert_eq!(m2.records, m.records);
    assert_eq!(m2.conflicts[0].winner, Side::Ours);
}

#[test]
fn merge_same_timestamp_is_decided_the_same_both_ways() {
    let base = record("YH-20261129-0001");
    let a = edited(&base, "张工", 2000, |d| d.place = "东侧".into());
    let b = edited(&base, "李四", 2000, |d| d.place = "西侧".into());
    let ab = merge_dangers(vec![a.clone()], vec![b.clone()]);
    let ba = merge_dangers(vec![b], vec![a]);
    assert_eq!(ab.records, ba.records);
    assert_ne!(ab.conflicts[0].winner, ba.conflicts[0].winner);
}

#[test]
fn merge_flags_unrelated_records_sharing_a_number() {
    let ours = record("YH-20261129-0001");
    let mut theirs = HiddenDanger::new(
        "E0002",
        "厦门同安示范食品有限公司",
        "2026-11-29",
        "陈工",
        4000,
    );
    theirs.number = "YH-20261129-0001".into();
    theirs.description = "配电箱前堆放纸箱".into();
    theirs.deadline = "2026-12-01".into();
    let m = merge_dangers(vec![ours.clone()], vec![theirs.clone()]);
    assert_eq!(m.records, [theirs]);
    let c = &m.conflicts[0];
    assert!(c.unrelated);
    assert_eq!(
        c.loser, ours,
        "the loser is handed back to be saved under a new number"
    );
    assert!(c.fields.contains(&"site_id".to_string()));

    // Both are kept: ours under its number, theirs under the day's next one.
    let mut m = m;
    let renumbered = keep_both_unrelated(&mut m);
    assert_eq!(
        renumbered,
        [(
            "YH-20261129-0001".to_string(),
            "YH-20261129-0002".to_string()
        )]
    );
    assert_eq!(m.records.len(), 2);
    assert_eq!(m.records[0], ours);
    assert_eq!(m.records[1].number, "YH-20261129-0002");
    assert_eq!(m.records[1].description, "配电箱前堆放纸箱");
}

#[test]
fn merge_inspections_by_id() {
    let templates = builtin_templates();
    let base = inspection(&[&templates[0]]);
    let mut ours = base.clone();
    answer(
        &mut ours,
        ("fire", "fire-01"),
        Answer::Conforming,
        "",
        "张工",
        2000,
    );
    let mut theirs = base.clone();
    let note = "消防车道停放货车";
    answer(
        &mut theirs,
        ("fire", "fire-02"),
        Answer::NonConforming,
        note,
        "李四",
        3000,
    );
    let mut other = base.clone();
    other.id = "PC-20261129-b7".into();
    let m = merge_inspections(vec![ours.clone()], vec![theirs.clone(), other.clone()]);
    assert_eq!(m.records, [theirs.clone(), other]);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].winner, Side::Theirs);
    assert_eq!(
        m.conflicts[0].fields,
        ["answer:fire/fire-01", "answer:fire/fire-02"]
    );
    // Only one side answered since the shared start: no conflict.
    let m = merge_inspections(vec![base], vec![ours.clone()]);
    assert_eq!(m.records, [ours]);
    assert!(m.conflicts.is_empty());
}
