//! 隐患等级: the two national levels plus the ones local schemes add (重点隐患, 一级重大 …).

use std::fmt;

use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

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
}

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
            if self.levels[..i].iter().any(|o| o.name == l.name) {
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
}
