//! 隐患等级: the two national levels plus the ones local schemes add (重点隐患, 一级重大 …).

use std::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use super::HiddenDanger;

const GENERAL: &str = "一般";
const MAJOR: &str = "重大";

/// A hidden-danger level.
///
/// Each level carries whether it is a 重大 level, so a record alone decides the 重大 rules
/// (six-item plan, interim measures) even on a device whose [`LevelConfig`] lacks it.
/// The built-in levels serialise as their names (`"一般"`, `"重大"`, as schema 1 stored
/// them); a configured one as `{"name": "重点", "major": false}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DangerLevel {
    // Private: "一般" must never be major and "重大" always is.
    name: String,
    major: bool,
}

impl DangerLevel {
    /// 一般隐患.
    pub fn general() -> Self {
        DangerLevel {
            name: GENERAL.into(),
            major: false,
        }
    }

    /// 重大隐患.
    pub fn major() -> Self {
        DangerLevel {
            name: MAJOR.into(),
            major: true,
        }
    }

    /// A configured level. Refuses an empty name and a built-in name with the other meaning.
    pub fn custom(name: &str, major: bool) -> Result<Self, LevelError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(LevelError::EmptyName);
        }
        if name.chars().count() > MAX_NAME {
            return Err(LevelError::NameTooLong {
                name: name.to_string(),
            });
        }
        if (name == GENERAL && major) || (name == MAJOR && !major) {
            return Err(LevelError::BuiltInMeaning {
                name: name.to_string(),
            });
        }
        Ok(DangerLevel {
            name: name.to_string(),
            major,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the 重大 rules apply (治理方案, 临时措施, 重大隐患整改率).
    pub fn is_major(&self) -> bool {
        self.major
    }

    fn is_built_in(&self) -> bool {
        self.name == GENERAL || self.name == MAJOR
    }

    /// The name as ledgers print it: 一般 → 一般隐患.
    pub fn zh(&self) -> String {
        if self.name.ends_with("隐患") {
            self.name.clone()
        } else {
            format!("{}隐患", self.name)
        }
    }

    /// Parses the built-in levels: 一般/重大 (with or without 隐患) and general/major.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().trim_end_matches("隐患") {
            "一般" | "general" => Some(DangerLevel::general()),
            "重大" | "major" => Some(DangerLevel::major()),
            _ => None,
        }
    }
}

impl Default for DangerLevel {
    fn default() -> Self {
        DangerLevel::general()
    }
}

impl fmt::Display for DangerLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Serialize for DangerLevel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_built_in() {
            return s.serialize_str(&self.name);
        }
        let mut st = s.serialize_struct("DangerLevel", 2)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("major", &self.major)?;
        st.end()
    }
}

impl<'de> Deserialize<'de> for DangerLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Name(String),
            Full { name: String, major: bool },
        }
        match Shape::deserialize(d)? {
            // A bare name is a built-in or, leniently, a configured non-major level.
            Shape::Name(n) => match n.as_str() {
                GENERAL => Ok(DangerLevel::general()),
                MAJOR => Ok(DangerLevel::major()),
                _ => DangerLevel::custom(&n, false).map_err(de::Error::custom),
            },
            Shape::Full { name, major } => {
                DangerLevel::custom(&name, major).map_err(de::Error::custom)
            }
        }
    }
}

/// Long enough for 一级重大事故隐患, short enough for a table column.
const MAX_NAME: usize = 16;

/// Why a level or a level list is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelError {
    EmptyName,
    NameTooLong {
        name: String,
    },
    /// 一般 configured as major or 重大 as not major.
    BuiltInMeaning {
        name: String,
    },
    Duplicate {
        name: String,
    },
    MissingBuiltIn {
        name: &'static str,
    },
    UnsupportedVersion {
        found: u32,
    },
    /// 一般 and 重大 cannot be renamed, changed or deleted.
    BuiltInFixed {
        name: String,
    },
    Unknown {
        name: String,
    },
    /// Records carry their level (name and whether it is major), so renaming, changing or
    /// deleting a level they use would leave them with one the list no longer has.
    InUse {
        name: String,
        action: LevelAction,
        /// The numbers of the records, in the order given.
        records: Vec<String>,
    },
}

/// What a refused change of a level in use would have done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelAction {
    Delete,
    Change,
}

/// Record numbers listed in an [`LevelError::InUse`] message before "等 N 条".
const LISTED_RECORDS: usize = 5;

impl fmt::Display for LevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyName => write!(f, "隐患等级名称为空 / empty level name"),
            Self::NameTooLong { name } => write!(
                f,
                "隐患等级名称“{name}”过长（上限 {MAX_NAME} 字）/ level name too long"
            ),
            Self::BuiltInMeaning { name } => write!(
                f,
                "“{name}”是内置等级，不能改变其是否为重大隐患 / \"{name}\" is built in; its major flag is fixed"
            ),
            Self::Duplicate { name } => {
                write!(f, "隐患等级“{name}”重复 / duplicate level \"{name}\"")
            }
            Self::MissingBuiltIn { name } => write!(
                f,
                "等级列表缺少内置等级“{name}” / the list lacks the built-in level \"{name}\""
            ),
            Self::UnsupportedVersion { found } => write!(
                f,
                "等级配置版本 {found} 不受支持（支持 {LEVEL_CONFIG_VERSION}）/ unsupported level config version"
            ),
            Self::BuiltInFixed { name } => write!(
                f,
                "“{name}”是内置等级，不能修改或删除 / \"{name}\" is built in and cannot be changed or deleted"
            ),
            Self::Unknown { name } => {
                write!(f, "没有隐患等级“{name}” / no level \"{name}\"")
            }
            Self::InUse {
                name,
                action,
                records,
            } => {
                let (zh, en) = match action {
                    LevelAction::Delete => ("删除", "deleted"),
                    LevelAction::Change => ("修改", "changed"),
                };
                let mut list = records[..records.len().min(LISTED_RECORDS)].join("、");
                if records.len() > LISTED_RECORDS {
                    list.push_str(&format!(" 等 {} 条", records.len()));
                }
                write!(
                    f,
                    "隐患等级“{name}”已用于 {} 条隐患（{list}），不能{zh}；请先把这些隐患改为其他等级 / level \"{name}\" is used by {} record(s) and cannot be {en}",
                    records.len(),
                    records.len()
                )
            }
        }
    }
}

impl std::error::Error for LevelError {}

/// Version of the [`LevelConfig`] JSON shape.
pub const LEVEL_CONFIG_VERSION: u32 = 1;

/// The levels a user may pick, in display order: always 一般 and 重大, plus local ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelConfig {
    pub version: u32,
    levels: Vec<DangerLevel>,
}

impl Default for LevelConfig {
    fn default() -> Self {
        LevelConfig {
            version: LEVEL_CONFIG_VERSION,
            levels: vec![DangerLevel::general(), DangerLevel::major()],
        }
    }
}

impl LevelConfig {
    /// Checks the list: both built-ins present, names unique, version known.
    pub fn new(levels: Vec<DangerLevel>) -> Result<Self, LevelError> {
        let config = LevelConfig {
            version: LEVEL_CONFIG_VERSION,
            levels,
        };
        config.check()?;
        Ok(config)
    }

    /// Reads a saved list and checks it as [`LevelConfig::new`] does.
    pub fn from_json(json: &str) -> Result<Self, LevelConfigError> {
        let config: LevelConfig =
            serde_json::from_str(json).map_err(|e| LevelConfigError::Json(e.to_string()))?;
        config.check().map_err(LevelConfigError::Invalid)?;
        Ok(config)
    }

    fn check(&self) -> Result<(), LevelError> {
        if self.version != LEVEL_CONFIG_VERSION {
            return Err(LevelError::UnsupportedVersion {
                found: self.version,
            });
        }
        for built_in in [GENERAL, MAJOR] {
            if !self.levels.iter().any(|l| l.name == built_in) {
                return Err(LevelError::MissingBuiltIn { name: built_in });
            }
        }
        for (i, l) in self.levels.iter().enumerate() {
            if self.levels[..i].iter().any(|o| same_name(&o.name, &l.name)) {
                return Err(LevelError::Duplicate {
                    name: l.name.clone(),
                });
            }
        }
        Ok(())
    }

    pub fn levels(&self) -> &[DangerLevel] {
        &self.levels
    }

    /// The configured level of that name; `None` for names not in the list.
    pub fn get(&self, name: &str) -> Option<&DangerLevel> {
        self.levels.iter().find(|l| l.name == name.trim())
    }

    /// The JSON [`LevelConfig::from_json`] reads.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a level list serialises")
    }

    /// Adds a configured level at the end of the list.
    ///
    /// # Errors
    /// As [`DangerLevel::custom`], and [`LevelError::Duplicate`] when the name is taken
    /// (with or without 隐患: 重点隐患 is 重点).
    pub fn add(&mut self, name: &str, major: bool) -> Result<&DangerLevel, LevelError> {
        let level = DangerLevel::custom(name, major)?;
        if let Some(taken) = self.levels.iter().find(|l| same_name(&l.name, &level.name)) {
            return Err(LevelError::Duplicate {
                name: taken.name.clone(),
            });
        }
        self.levels.push(level);
        Ok(self.levels.last().expect("just pushed"))
    }

    /// Renames the configured level `old` and sets whether it is major. Nothing to change
    /// is no error.
    ///
    /// # Errors
    /// [`LevelError::BuiltInFixed`] for 一般/重大, [`LevelError::Unknown`],
    /// [`LevelError::InUse`] listing the `records` that have the level, and those of
    /// [`LevelConfig::add`] for the new name.
    pub fn update(
        &mut self,
        old: &str,
        name: &str,
        major: bool,
        records: &[HiddenDanger],
    ) -> Result<(), LevelError> {
        let index = self.user_level(old)?;
        let level = DangerLevel::custom(name, major)?;
        if level == self.levels[index] {
            return Ok(());
        }
        if let Some(taken) = self
            .levels
            .iter()
            .enumerate()
            .find(|(i, l)| *i != index && same_name(&l.name, &level.name))
        {
            return Err(LevelError::Duplicate {
                name: taken.1.name.clone(),
            });
        }
        self.refuse_in_use(index, LevelAction::Change, records)?;
        self.levels[index] = level;
        Ok(())
    }

    /// Deletes the configured level `name`.
    ///
    /// # Errors
    /// [`LevelError::BuiltInFixed`], [`LevelError::Unknown`], or [`LevelError::InUse`]
    /// listing the `records` that have it.
    pub fn remove(&mut self, name: &str, records: &[HiddenDanger]) -> Result<(), LevelError> {
        let index = self.user_level(name)?;
        self.refuse_in_use(index, LevelAction::Delete, records)?;
        self.levels.remove(index);
        Ok(())
    }

    /// The index of a configured (not built-in) level.
    fn user_level(&self, name: &str) -> Result<usize, LevelError> {
        let name = name.trim();
        if name == GENERAL || name == MAJOR {
            return Err(LevelError::BuiltInFixed { name: name.into() });
        }
        self.levels
            .iter()
            .position(|l| l.name == name)
            .ok_or_else(|| LevelError::Unknown { name: name.into() })
    }

    fn refuse_in_use(
        &self,
        index: usize,
        action: LevelAction,
        records: &[HiddenDanger],
    ) -> Result<(), LevelError> {
        let name = &self.levels[index].name;
        let using: Vec<String> = records_with_level(records, name)
            .into_iter()
            .map(str::to_string)
            .collect();
        if using.is_empty() {
            Ok(())
        } else {
            Err(LevelError::InUse {
                name: name.clone(),
                action,
                records: using,
            })
        }
    }

    /// What a level picker offers: the configured levels in order, then any other level
    /// of `used` (records keep their level after it leaves the list, or come from a
    /// device with other levels), once per name.
    pub fn choices<'a>(&self, used: impl IntoIterator<Item = &'a DangerLevel>) -> Vec<DangerLevel> {
        let mut out = self.levels.clone();
        for l in used {
            if !out.iter().any(|o| o.name == l.name) {
                out.push(l.clone());
            }
        }
        out
    }
}

/// Whether two level names are the same level: 重点隐患 is 重点.
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| s.trim().trim_end_matches("隐患").to_string();
    key(a) == key(b)
}

/// The numbers of the records whose level is named `name`.
pub fn records_with_level<'a>(records: &'a [HiddenDanger], name: &str) -> Vec<&'a str> {
    records
        .iter()
        .filter(|d| d.level.name == name)
        .map(|d| d.number.as_str())
        .collect()
}

/// Why a saved level list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelConfigError {
    Json(String),
    Invalid(LevelError),
}

impl fmt::Display for LevelConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(
                f,
                "等级配置不是有效的 JSON：{e} / level config is not valid JSON"
            ),
            Self::Invalid(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LevelConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_built_ins_serialise_as_names() {
        assert_eq!(
            serde_json::to_string(&DangerLevel::major()).unwrap(),
            r#""重大""#
        );
        let back: DangerLevel = serde_json::from_str(r#""一般""#).unwrap();
        assert_eq!(back, DangerLevel::general());
        assert!(!back.is_major());
    }

    #[test]
    fn level_custom_round_trip() {
        let key = DangerLevel::custom("一级重大", true).unwrap();
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, r#"{"name":"一级重大","major":true}"#);
        let back: DangerLevel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, key);
        assert!(back.is_major());
        assert_eq!(back.zh(), "一级重大隐患");
    }

    #[test]
    fn level_custom_refuses_changing_built_in_meaning() {
        assert_eq!(
            DangerLevel::custom("重大", false),
            Err(LevelError::BuiltInMeaning {
                name: "重大".into()
            })
        );
        assert!(serde_json::from_str::<DangerLevel>(r#"{"name":"一般","major":true}"#).is_err());
        assert_eq!(DangerLevel::custom(" ", false), Err(LevelError::EmptyName));
    }

    #[test]
    fn level_parse() {
        assert_eq!(DangerLevel::parse("重大隐患"), Some(DangerLevel::major()));
        assert_eq!(DangerLevel::parse("一般"), Some(DangerLevel::general()));
        assert_eq!(DangerLevel::parse("严重"), None);
    }

    #[test]
    fn level_config_checks_the_list() {
        let key = DangerLevel::custom("重点", false).unwrap();
        let config = LevelConfig::new(vec![
            DangerLevel::general(),
            key.clone(),
            DangerLevel::major(),
        ])
        .unwrap();
        assert_eq!(config.get("重点"), Some(&key));
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(LevelConfig::from_json(&json).unwrap(), config);
        assert_eq!(
            LevelConfig::new(vec![DangerLevel::general()]),
            Err(LevelError::MissingBuiltIn { name: "重大" })
        );
        assert_eq!(
            LevelConfig::new(vec![
                DangerLevel::general(),
                DangerLevel::major(),
                key.clone(),
                key
            ]),
            Err(LevelError::Duplicate {
                name: "重点".into()
            })
        );
        assert!(matches!(
            LevelConfig::from_json(r#"{"version":9,"levels":["一般","重大"]}"#),
            Err(LevelConfigError::Invalid(LevelError::UnsupportedVersion {
                found: 9
            }))
        ));
    }

    fn with_level(number: &str, level: DangerLevel) -> HiddenDanger {
        let mut d = HiddenDanger::new("E0001", "甲公司", "2026-11-29", "张工", 1);
        d.number = number.into();
        d.level = level;
        d
    }

    #[test]
    fn level_config_add_appends_and_refuses_taken_names() {
        let mut config = LevelConfig::default();
        let added = config.add(" 重点 ", false).unwrap().clone();
        assert_eq!(added.name(), "重点");
        assert_eq!(
            config
                .levels()
                .iter()
                .map(DangerLevel::name)
                .collect::<Vec<_>>(),
            ["一般", "重大", "重点"]
        );
        assert_eq!(
            config.add("重点隐患", true),
            Err(LevelError::Duplicate {
                name: "重点".into()
            })
        );
        assert_eq!(
            config.add("重大隐患", true),
            Err(LevelError::Duplicate {
                name: "重大".into()
            })
        );
        assert_eq!(config.add("", false), Err(LevelError::EmptyName));
        assert!(matches!(
            config.add("很长很长很长很长很长很长很长很长的等级", false),
            Err(LevelError::NameTooLong { .. })
        ));
        assert_eq!(config.levels().len(), 3);
        // Saved and read back through the settings' JSON.
        assert_eq!(LevelConfig::from_json(&config.to_json()).unwrap(), config);
    }

    #[test]
    fn level_config_built_ins_are_fixed() {
        let mut config = LevelConfig::default();
        assert_eq!(
            config.remove("一般", &[]),
            Err(LevelError::BuiltInFixed {
                name: "一般".into()
            })
        );
        assert_eq!(
            config.update("重大", "特别重大", true, &[]),
            Err(LevelError::BuiltInFixed {
                name: "重大".into()
            })
        );
        assert_eq!(
            config.remove("重点", &[]),
            Err(LevelError::Unknown {
                name: "重点".into()
            })
        );
        assert_eq!(config, LevelConfig::default());
    }

    #[test]
    fn level_config_refuses_deleting_or_changing_a_level_records_use() {
        let mut config = LevelConfig::default();
        config.add("重点", false).unwrap();
        config.add("一级重大", true).unwrap();
        let key = config.get("重点").unwrap().clone();
        let records = [
            with_level("YH-20261129-0001", key.clone()),
            with_level("YH-20261129-0002", DangerLevel::general()),
            with_level("YH-20261129-0003", key),
        ];
        let err = config.remove("重点", &records).unwrap_err();
        assert_eq!(
            err,
            LevelError::InUse {
                name: "重点".into(),
                action: LevelAction::Delete,
                records: vec!["YH-20261129-0001".into(), "YH-20261129-0003".into()],
            }
        );
        assert_eq!(
            err.to_string().split(" / ").next().unwrap(),
            "隐患等级“重点”已用于 2 条隐患（YH-20261129-0001、YH-20261129-0003），不能删除；请先把这些隐患改为其他等级"
        );
        assert!(matches!(
            config.update("重点", "重点关注", false, &records),
            Err(LevelError::InUse {
                action: LevelAction::Change,
                ..
            })
        ));
        // Unchanged is no change, even in use.
        assert_eq!(config.update("重点", "重点", false, &records), Ok(()));
        // A level nobody uses is renamed, made major, or deleted.
        config.update("一级重大", "特级", false, &records).unwrap();
        assert_eq!(
            config.get("特级"),
            Some(&DangerLevel::custom("特级", false).unwrap())
        );
        assert_eq!(
            config.update("特级", "重点", false, &records),
            Err(LevelError::Duplicate {
                name: "重点".into()
            })
        );
        config.remove("特级", &records).unwrap();
        assert_eq!(config.levels().len(), 3);
    }

    #[test]
    fn level_in_use_message_lists_five_then_counts() {
        let err = LevelError::InUse {
            name: "重点".into(),
            action: LevelAction::Change,
            records: (1..=7).map(|n| format!("YH-20261129-000{n}")).collect(),
        };
        let text = err.to_string();
        assert!(
            text.contains("已用于 7 条隐患（YH-20261129-0001、YH-20261129-0002、YH-20261129-0003、YH-20261129-0004、YH-20261129-0005 等 7 条），不能修改"),
            "{text}"
        );
        assert!(!text.contains("0006"), "{text}");
    }

    #[test]
    fn level_choices_add_the_records_levels_once() {
        let mut config = LevelConfig::default();
        config.add("重点", false).unwrap();
        let other = DangerLevel::custom("三级", false).unwrap();
        let used = [
            DangerLevel::major(),
            other.clone(),
            other.clone(),
            DangerLevel::custom("重点", true).unwrap(),
        ];
        let names: Vec<String> = config
            .choices(&used)
            .iter()
            .map(|l| l.name().to_string())
            .collect();
        assert_eq!(names, ["一般", "重大", "重点", "三级"]);
        // The configured 重点 (not major) wins over a record's of the same name.
        assert!(!config.choices(&used)[2].is_major());
    }
}
