use geo_core::inspection::{next_number, parse_number};

use super::date;

#[test]
fn next_number_counts_per_day() {
    let d = date("2026-11-29");
    assert_eq!(next_number([], d), "YH-20261129-0001");
    let existing = ["YH-20261129-0001", "YH-20261129-0007", "YH-20261128-0042"];
    assert_eq!(next_number(existing, d), "YH-20261129-0008");
    assert_eq!(
        next_number(existing, date("2026-11-28")),
        "YH-20261128-0043"
    );
    assert_eq!(
        next_number(existing, date("2026-11-30")),
        "YH-20261130-0001"
    );
}

#[test]
fn next_number_never_fills_gaps() {
    // 0002 was deleted: the next number is still past the highest.
    let existing = ["YH-20261129-0001", "YH-20261129-0003"];
    assert_eq!(
        next_number(existing, date("2026-11-29")),
        "YH-20261129-0004"
    );
}

#[test]
fn next_number_ignores_strings_that_are_not_numbers() {
    let existing = [
        "YH-20261129-9x99",
        "YH-20261129-0000",
        "",
        "YH-20261129-0002",
    ];
    assert_eq!(
        next_number(existing, date("2026-11-29")),
        "YH-20261129-0003"
    );
}

#[test]
fn next_number_past_9999_grows_a_digit() {
    let n = next_number(["YH-20261129-9999"], date("2026-11-29"));
    assert_eq!(n, "YH-20261129-10000");
    assert_eq!(parse_number(&n).unwrap().seq, 10_000);
}

#[test]
fn parse_number_round_trips_what_next_number_gives() {
    let n = next_number([], date("2024-02-29"));
    let parsed = parse_number(&n).unwrap();
    assert_eq!(parsed.date, date("2024-02-29"));
    assert_eq!(parsed.to_string(), n);
    let err = parse_number("YH-20261129-1").unwrap_err();
    assert!(err.to_string().contains("YH-YYYYMMDD-NNNN"), "{err}");
}
