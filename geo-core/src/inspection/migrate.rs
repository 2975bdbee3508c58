//! Upgrading stored hidden-danger records to [`SCHEMA_VERSION`]. Every reader of stored or
//! imported records (IndexedDB, project files) goes through [`migrate`], so old records
//! never fail to load after an upgrade.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use super::history::{Change, Trail};
use super::{DangerLevel, HiddenDanger, SCHEMA_VERSION};

/// Why a stored value cannot become a current record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationError {
    NotAnObject,
    /// No numeric `schema` field.
    MissingSchema,
    /// Written by a newer version of the app: refuse rather than drop its fields.
    TooNew {
        found: u64,
    },
    UnknownSchema {
        found: u64,
    },
    /// The value does not have the shape its schema says.
    Shape {
        schema: u64,
        msg: String,
    },
}

impl fmt::Display for MigrationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnObject => write!(f, "隐患记录不是 JSON 对象 / record is not an object"),
            Self::MissingSchema => write!(
                f,
                "隐患记录缺少格式版本（schema）/ record has no schema version"
            ),
            Self::TooNew { found } => write!(
                f,
                "隐患记录格式版本 {found} 比本程序支持的 {SCHEMA_VERSION} 新，请更新程序 / record schema {found} is newer than this app's {SCHEMA_VERSION}"
            ),
            Self::UnknownSchema { found } => write!(
                f,
                "未知的隐患记录格式版本 {found} / unknown record schema {found}"
            ),
            Self::Shape { schema, msg } => write!(
                f,
                "隐患记录（格式版本 {schema}）字段有误：{msg} / record does not match schema {schema}: {msg}"
            ),
        }
    }
}

impl std::error::Error for MigrationError {}

/// Schema 1, the skeleton's record, exactly as it was serialised.
#[derive(Deserialize)]
struct V1 {
    number: String,
    site_id: String,
    site_name: String,
    description: String,
    level: DangerLevel,
    found_on: String,
    deadline: String,
}

/// Reads a stored record of any known schema as the current [`HiddenDanger`].
///
/// Schema 1 records become 待整改 records with the new fields empty, `updated_at` 0 (their
/// time is unknown, so any later edit on another device counts as newer) and one history
/// entry saying they were migrated. Two devices migrating the same record produce the
/// same value, so [`super::merge`] sees them as equal.
///
/// # Errors
/// A [`MigrationError`] naming what is wrong; never panics on arbitrary JSON.
pub fn migrate(value: Value) -> Result<HiddenDanger, MigrationError> {
    let Value::Object(ref map) = value else {
        return Err(MigrationError::NotAnObject);
    };
    let schema = map
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or(MigrationError::MissingSchema)?;
    let shape = |e: serde_json::Error| MigrationError::Shape {
        schema,
        msg: e.to_string(),
    };
    match schema {
        1 => {
            let v1: V1 = serde_json::from_value(value).map_err(shape)?;
            Ok(from_v1(v1))
        }
        2 => serde_json::from_value(value).map_err(shape),
        n if n > u64::from(SCHEMA_VERSION) => Err(MigrationError::TooNew { found: n }),
        n => Err(MigrationError::UnknownSchema { found: n }),
    }
}

fn from_v1(v1: V1) -> HiddenDanger {
    let mut d = HiddenDanger::new(&v1.site_id, &v1.site_name, &v1.found_on, "", 0);
    d.number = v1.number;
    d.description = v1.description;
    d.level = v1.level;
    d.deadline = v1.deadline;
    d.trail = Trail::starting("", 0, Change::Migrated { from_schema: 1 });
    d
}
