use std::fmt;

/// A calendar date (proleptic Gregorian), as the forms enter deadlines: no time, no zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (what `<input type="date">` gives); `None` for anything else,
    /// including impossible days such as 2026-02-30.
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::from_parts(y, m, d)
    }

    /// Parses `YYYYMMDD`, the form inside record numbers.
    pub fn parse_compact(s: &str) -> Option<Date> {
        if s.len() != 8 || !s.is_ascii() {
            return None;
        }
        Date::from_parts(&s[..4], &s[4..6], &s[6..])
    }

    fn from_parts(y: &str, m: &str, d: &str) -> Option<Date> {
        // `parse` accepts a leading '+', which no date field should carry.
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y) && digits(m) && digits(d)) {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= date.days_in_month())
            .then_some(date)
    }

    fn days_in_month(self) -> u8 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0) => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// `YYYYMMDD`, as in record numbers.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parse_rejects_impossible_days() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-01-01").is_none());
        assert!(Date::parse("2026-1-1").is_none());
        assert!(Date::parse("+026-01-01").is_none());
    }

    #[test]
    fn date_parse_compact() {
        assert_eq!(Date::parse_compact("20261129"), Date::parse("2026-11-29"));
        assert!(Date::parse_compact("20261131").is_none());
        assert!(Date::parse_compact("2026113").is_none());
    }
}
