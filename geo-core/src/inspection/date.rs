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

    /// The date `days` later (earlier when negative), as a form's default deadline.
    pub fn add_days(self, days: i64) -> Date {
        Date::from_day_number(self.day_number() + days)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn day_number(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    fn from_day_number(z: i64) -> Date {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            month: month as u8,
            day: day as u8,
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
    fn date_add_days_crosses_months_and_leap_days() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(d("2026-11-29").add_days(7), d("2026-12-06"));
        assert_eq!(d("2026-12-29").add_days(3), d("2027-01-01"));
        assert_eq!(d("2024-02-28").add_days(1), d("2024-02-29"));
        assert_eq!(d("2100-02-28").add_days(1), d("2100-03-01"));
        assert_eq!(d("2026-03-01").add_days(-1), d("2026-02-28"));
        assert_eq!(d("1970-01-01").add_days(0).day_number(), 0);
    }

    #[test]
    fn date_parse_compact() {
        assert_eq!(Date::parse_compact("20261129"), Date::parse("2026-11-29"));
        assert!(Date::parse_compact("20261131").is_none());
        assert!(Date::parse_compact("2026113").is_none());
    }
}
