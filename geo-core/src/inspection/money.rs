//! 整改资金: amounts are kept in fen (分) so ledger totals add up exactly.

/// `150000` fen → `"1500.00"` (元, two decimals, no grouping).
pub fn format_yuan(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Parses an amount in 元 as typed: `1500`, `1500.5`, `1,500.50`, `１５００` is refused.
/// `None` for negatives, more than two decimals, or amounts past what fen can hold.
pub fn parse_yuan(s: &str) -> Option<u64> {
    let s: String = s
        .trim()
        .trim_end_matches('元')
        .trim()
        .chars()
        .filter(|&c| c != ',')
        .collect();
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 2 {
        return None;
    }
    let yuan: u64 = int.parse().ok()?;
    let fen: u64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    yuan.checked_mul(100)?.checked_add(fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_round_trip() {
        assert_eq!(format_yuan(150_050), "1500.50");
        assert_eq!(format_yuan(7), "0.07");
        assert_eq!(parse_yuan("1500"), Some(150_000));
        assert_eq!(parse_yuan("1,500.5 元"), Some(150_050));
        assert_eq!(parse_yuan("0.07"), Some(7));
        assert_eq!(parse_yuan("-3"), None);
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan(""), None);
        assert_eq!(parse_yuan(".5"), None);
        assert_eq!(parse_yuan("99999999999999999999"), None);
    }
}
