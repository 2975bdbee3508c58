//! 隐患编号 YH-YYYYMMDD-NNNN: the day the danger was found and a per-day sequence.

use std::fmt;

use super::Date;

/// A parsed record number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DangerNumber {
    pub date: Date,
    /// 1 or more; printed with at least four digits.
    pub seq: u32,
}

impl fmt::Display for DangerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "YH-{}-{:04}", self.date.compact(), self.seq)
    }
}

/// A string that is not a record number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub number: String,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "隐患编号“{}”格式应为 YH-YYYYMMDD-NNNN / not a record number (YH-YYYYMMDD-NNNN)",
            self.number
        )
    }
}

impl std::error::Error for NumberError {}

/// Parses `YH-YYYYMMDD-NNNN`: a real date, and a sequence of 4 to 9 digits that is not 0
/// (more than 4 digits only once a day passes 9999 records).
pub fn parse_number(s: &str) -> Result<DangerNumber, NumberError> {
    let err = || NumberError {
        number: s.to_string(),
    };
    let rest = s.strip_prefix("YH-").ok_or_else(err)?;
    let (date, seq) = rest.split_once('-').ok_or_else(err)?;
    let date = Date::parse_compact(date).ok_or_else(err)?;
    if !(4..=9).contains(&seq.len()) || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    // Longer than four digits only without padding: "00012" would be a second spelling.
    if seq.len() > 4 && seq.starts_with('0') {
        return Err(err());
    }
    let seq: u32 = seq.parse().map_err(|_| err())?;
    if seq == 0 {
        return Err(err());
    }
    Ok(DangerNumber { date, seq })
}

/// The next free number for a record found on `date`: YH-YYYYMMDD-NNNN with NNNN one past
/// the highest sequence used that day. Gaps are never filled, so a deleted record's number
/// is not given to another as long as a later number of that day exists; pass the numbers
/// of deleted records too if they must never come back. Strings that are not numbers are
/// ignored.
pub fn next_number<'a>(existing: impl IntoIterator<Item = &'a str>, date: Date) -> String {
    let max = existing
        .into_iter()
        .filter_map(|n| parse_number(n).ok())
        .filter(|n| n.date == date)
        .map(|n| n.seq)
        .max()
        .unwrap_or(0);
    DangerNumber {
        date,
        seq: max.saturating_add(1),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_parse_and_print() {
        let n = parse_number("YH-20261129-0003").unwrap();
        assert_eq!(n.date, Date::parse("2026-11-29").unwrap());
        assert_eq!(n.seq, 3);
        assert_eq!(n.to_string(), "YH-20261129-0003");
        assert_eq!(parse_number("YH-20261129-12345").unwrap().seq, 12345);
        for bad in [
            "",
            "YH-20261129-0000",
            "YH-20261129-003",
            "YH-20261129-00012",
            "YH-20260230-0001",
            "yh-20261129-0001",
            "YH-2026112-0001",
            "YH-20261129-+001",
            "YH-20261129-0001-1",
            "YH-２０２61129-0001",
        ] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }
}
