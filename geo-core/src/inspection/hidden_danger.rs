use std::fmt;

use serde::{Deserialize, Serialize};

use super::Date;

/// Version of the stored [`HiddenDanger`] shape. **API Boundary:** records in IndexedDB
/// carry it; bump it and add a migration when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// 隐患等级. Serialised by its Chinese name, which is what ledgers print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DangerLevel {
    #[serde(rename = "一般")]
    General,
    #[serde(rename = "重大")]
    Major,
}

impl DangerLevel {
    pub fn zh(self) -> &'static str {
        match self {
            DangerLevel::General => "一般隐患",
            DangerLevel::Major => "重大隐患",
        }
    }

    /// Parses 一般/重大 (with or without 隐患) and general/major.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().trim_end_matches("隐患") {
            "一般" | "general" => Some(DangerLevel::General),
            "重大" | "major" => Some(DangerLevel::Major),
            _ => None,
        }
    }
}

/// A hidden danger found at a site.
///
/// **API Boundary:** this is the stored record (IndexedDB, project files), so its serde
/// shape only changes with [`SCHEMA_VERSION`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenDanger {
    pub schema: u32,
    /// 隐患编号 YH-YYYYMMDD-NNNN; unique, the key in storage.
    pub number: String,
    /// The site's id (the enterprise's `id` property) and its name at recording time.
    pub site_id: String,
    pub site_name: String,
    pub description: String,
    pub level: DangerLevel,
    /// 排查日期, YYYY-MM-DD.
    pub found_on: String,
    /// 整改期限, YYYY-MM-DD.
    pub deadline: String,
}

/// What is wrong with a record, one variant per rule, so the form can point at the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidHiddenDanger {
    EmptyDescription,
    DescriptionTooLong { chars: usize },
    BadDate { field: &'static str, value: String },
    DeadlineBeforeFound,
}

impl fmt::Display for InvalidHiddenDanger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyDescription => write!(f, "请填写隐患描述 / description is empty"),
            Self::DescriptionTooLong { chars } => {
                write!(
                    f,
                    "隐患描述过长（{chars} 字，上限 {MAX_DESCRIPTION} 字）/ description too long"
                )
            }
            Self::BadDate { field, value } => {
                write!(
                    f,
                    "{field}日期无效：\"{value}\" / invalid date, expected YYYY-MM-DD"
                )
            }
            Self::DeadlineBeforeFound => write!(
                f,
                "整改期限早于排查日期 / deadline is before the inspection date"
            ),
        }
    }
}

impl std::error::Error for InvalidHiddenDanger {}

/// Long enough for a detailed finding, short enough to fit a report table cell.
const MAX_DESCRIPTION: usize = 2000;

impl HiddenDanger {
    /// All rule violations, in field order (empty when valid).
    pub fn validation_errors(&self) -> Vec<InvalidHiddenDanger> {
        let mut errs = Vec::new();
        let chars = self.description.trim().chars().count();
        if chars == 0 {
            errs.push(InvalidHiddenDanger::EmptyDescription);
        } else if chars > MAX_DESCRIPTION {
            errs.push(InvalidHiddenDanger::DescriptionTooLong { chars });
        }
        let found = Date::parse(&self.found_on);
        if found.is_none() {
            errs.push(InvalidHiddenDanger::BadDate {
                field: "排查",
                value: self.found_on.clone(),
            });
        }
        let deadline = Date::parse(&self.deadline);
        if deadline.is_none() {
            errs.push(InvalidHiddenDanger::BadDate {
                field: "整改期限",
                value: self.deadline.clone(),
            });
        }
        if let (Some(f), Some(d)) = (found, deadline) {
            if d < f {
                errs.push(InvalidHiddenDanger::DeadlineBeforeFound);
            }
        }
        errs
    }

    pub fn is_valid(&self) -> bool {
        self.validation_errors().is_empty()
    }
}

/// The next free number for a record found on `date`: YH-YYYYMMDD-NNNN with NNNN one past
/// the highest number already used that day (numbers are never reused after a delete).
pub fn next_number<'a>(existing: impl IntoIterator<Item = &'a str>, date: Date) -> String {
    let prefix = format!("YH-{}-", date.compact());
    let max = existing
        .into_iter()
        .filter_map(|n| n.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:04}", max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> HiddenDanger {
        HiddenDanger {
            schema: SCHEMA_VERSION,
            number: "YH-20261129-0001".into(),
            site_id: "E0001".into(),
            site_name: "厦门示范化工有限公司".into(),
            description: "消防通道堵塞".into(),
            level: DangerLevel::General,
            found_on: "2026-11-29".into(),
            deadline: "2026-12-15".into(),
        }
    }

    #[test]
    fn hidden_danger_valid_record() {
        assert!(record().is_valid());
    }

    #[test]
    fn hidden_danger_reports_each_problem() {
        let mut r = record();
        r.description = "  ".into();
        r.deadline = "2026-02-30".into();
        assert_eq!(
            r.validation_errors(),
            [
                InvalidHiddenDanger::EmptyDescription,
                InvalidHiddenDanger::BadDate {
                    field: "整改期限",
                    value: "2026-02-30".into()
                }
            ]
        );
    }

    #[test]
    fn hidden_danger_deadline_before_found() {
        let mut r = record();
        r.deadline = "2026-11-28".into();
        assert_eq!(
            r.validation_errors(),
            [InvalidHiddenDanger::DeadlineBeforeFound]
        );
        r.deadline = "2026-11-29".into();
        assert!(r.is_valid(), "same day is allowed (立即整改)");
    }

    #[test]
    fn hidden_danger_serde_uses_chinese_level() {
        let json = serde_json::to_string(&record()).unwrap();
        assert!(json.contains(r#""level":"一般""#), "{json}");
        let back: HiddenDanger = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record());
    }

    #[test]
    fn next_number_counts_per_day() {
        let d = Date::parse("2026-11-29").unwrap();
        assert_eq!(next_number([], d), "YH-20261129-0001");
        let existing = ["YH-20261129-0001", "YH-20261129-0007", "YH-20261128-0042"];
        assert_eq!(next_number(existing, d), "YH-20261129-0008");
    }

    #[test]
    fn date_parse_rejects_impossible_days() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2026-02-29").is_none());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2026-13-01").is_none());
        assert!(Date::parse("26-01-01").is_none());
        assert!(Date::parse("2026-1-1").is_none());
    }

    #[test]
    fn danger_level_parse() {
        assert_eq!(DangerLevel::parse("重大隐患"), Some(DangerLevel::Major));
        assert_eq!(DangerLevel::parse("一般"), Some(DangerLevel::General));
        assert_eq!(DangerLevel::parse("严重"), None);
    }
}
