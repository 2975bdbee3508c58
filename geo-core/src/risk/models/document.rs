use serde::{Deserialize, Serialize};

use super::gb18218::Gb18218Config;
use super::lec::LecConfig;
use super::matrix::LsConfig;
use super::{above, at_least, grade_serde, same_value, ModelError};
use crate::risk::Grade;

/// Name of the built-in document.
pub const DEFAULT_NAME: &str = "险图标准风险模型 / Xiantu standard risk models";

/// Version of the built-in document. Results carry the version of the document that
/// produced them, so a stored grade can be traced to the cut-offs it was computed with;
/// change it whenever a default value changes.
pub const DEFAULT_VERSION: &str = "xiantu-standard-1";

/// Every cut-off, table and weight of the standard models, as one JSON document.
///
/// Sources disagree on cut-offs and band edges, and several values are UNCONFIRMED
/// (domain.md §8), so nothing the models decide with is hard-coded: a consultancy edits a
/// copy of this document, gives it its own `name` and `version`, and every result records
/// which version graded it. [`Default`] holds the values domain.md names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelDocument {
    pub name: String,
    pub version: String,
    pub lec: LecConfig,
    pub ls: LsConfig,
    pub gb18218: Gb18218Config,
    /// The composite multi-hazard site index (weights, rings, vulnerability, dangers,
    /// bands); a document without the section gets the defaults.
    #[serde(default)]
    pub composite: super::composite::CompositeConfig,
}

impl Default for ModelDocument {
    fn default() -> Self {
        ModelDocument {
            name: DEFAULT_NAME.to_string(),
            version: DEFAULT_VERSION.to_string(),
            lec: LecConfig::default(),
            ls: LsConfig::default(),
            gb18218: Gb18218Config::default(),
            composite: Default::default(),
        }
    }
}

impl ModelDocument {
    /// Reads a document saved by [`ModelDocument::to_json`] or written by hand.
    ///
    /// # Errors
    /// [`ModelError::BadDocument`] with serde's message (field and line) when the text is
    /// not JSON or a field is missing or mistyped.
    pub fn from_json(text: &str) -> Result<Self, ModelError> {
        serde_json::from_str(text).map_err(|e| ModelError::BadDocument { msg: e.to_string() })
    }

    /// Pretty JSON, since people read and diff these documents.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// One row of a score table: the score and what an assessor reads next to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableValue {
    pub value: f64,
    pub zh: String,
    pub en: String,
}

impl TableValue {
    pub(crate) fn new(value: f64, zh: &str, en: &str) -> Self {
        TableValue {
            value,
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}

/// A factor's table of allowed scores (LEC L, E, C; LS L) or one dimension of a
/// multi-dimension factor (LEC C 人员伤亡, LS S 停工 …). Scores outside it are rejected,
/// since an off-table score makes D or R meaningless against the bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreTable {
    /// The symbol (`L`, `E`, `C`) or the dimension key (`casualties`) inputs refer to.
    pub key: String,
    pub zh: String,
    pub en: String,
    pub values: Vec<TableValue>,
}

impl ScoreTable {
    pub(crate) fn new(key: &str, zh: &str, en: &str, values: Vec<TableValue>) -> Self {
        ScoreTable {
            key: key.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
            values,
        }
    }

    /// The row for `value`, allowing for binary rounding of scores like 0.2.
    pub fn find(&self, value: f64) -> Option<&TableValue> {
        self.values.iter().find(|row| same_value(value, row.value))
    }

    /// The allowed scores, for error messages and pickers.
    pub fn allowed(&self) -> Vec<f64> {
        self.values.iter().map(|row| row.value).collect()
    }
}

/// Which band a value exactly on a cut-off belongs to.
///
/// UNCONFIRMED for LEC (domain.md §1.2, §8 item 2): public code differs on whether D = 70
/// is 一般 or 低, so it is a setting; the default follows the half-open rule domain.md
/// recommends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Boundary {
    /// `value ≥ min` takes the band: D = 70 is 一般风险.
    #[default]
    Upper,
    /// `value > min` takes the band: D = 70 stays 低风险.
    Lower,
}

/// A grade band: values from `min` up to the next band's `min` take `grade`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradeBand {
    pub min: f64,
    #[serde(with = "grade_serde")]
    pub grade: Grade,
    /// The band's own wording, which may be finer than the grade (the classic five LEC
    /// levels put 一般危险 and 稍有危险 both under 低风险).
    pub zh: String,
    pub en: String,
}

impl GradeBand {
    pub(crate) fn new(min: f64, grade: Grade, zh: &str, en: &str) -> Self {
        GradeBand {
            min,
            grade,
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}

/// The band whose `min` is the highest one `value` reaches. Order in the document does
/// not matter, so a hand-edited list cannot silently change grades by being reordered.
pub(crate) fn pick_band(bands: &[GradeBand], value: f64, boundary: Boundary) -> Option<&GradeBand> {
    bands
        .iter()
        .filter(|b| match boundary {
            Boundary::Upper => at_least(value, b.min),
            Boundary::Lower => above(value, b.min),
        })
        .max_by(|a, b| a.min.total_cmp(&b.min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_default_round_trips_through_json() {
        let doc = ModelDocument::default();
        let json = doc.to_json();
        let back = ModelDocument::from_json(&json).unwrap();
        assert_eq!(back, doc);
        assert!(json.contains("\"composite\""));
    }

    #[test]
    fn document_without_composite_gets_its_defaults() {
        let mut v: serde_json::Value =
            serde_json::from_str(&ModelDocument::default().to_json()).unwrap();
        v.as_object_mut().unwrap().remove("composite");
        let back = ModelDocument::from_json(&v.to_string()).unwrap();
        assert_eq!(
            back.composite,
            super::super::composite::CompositeConfig::default()
        );
        // A partial section keeps the rest at defaults.
        v["composite"] = serde_json::json!({"default_hazard_weight": 50});
        let back = ModelDocument::from_json(&v.to_string()).unwrap();
        assert_eq!(back.composite.default_hazard_weight, 50.0);
        assert_eq!(back.composite.reach_m, 5000.0);
    }

    #[test]
    fn document_bad_json_is_an_error() {
        let err = ModelDocument::from_json("{\"name\": 1}").unwrap_err();
        assert!(matches!(err, ModelError::BadDocument { .. }));
        assert!(err
            .to_string()
            .starts_with("风险模型文件有误 / bad risk model document"));
    }

    #[test]
    fn document_grades_are_written_in_chinese_and_read_in_either_language() {
        let band = GradeBand::new(20.0, Grade::Major, "", "");
        let json = serde_json::to_string(&band).unwrap();
        assert!(json.contains("\"重大风险\""), "{json}");
        let en: GradeBand =
            serde_json::from_str(r#"{"min":1,"grade":"larger","zh":"","en":""}"#).unwrap();
        assert_eq!(en.grade, Grade::Larger);
        let short: GradeBand =
            serde_json::from_str(r#"{"min":1,"grade":"一般","zh":"","en":""}"#).unwrap();
        assert_eq!(short.grade, Grade::General);
        let bad = serde_json::from_str::<GradeBand>(r#"{"min":1,"grade":"红","zh":"","en":""}"#);
        assert!(bad.unwrap_err().to_string().contains("unknown grade"));
    }

    #[test]
    fn pick_band_ignores_order_and_honours_boundary() {
        let bands = vec![
            GradeBand::new(0.0, Grade::Low, "", ""),
            GradeBand::new(160.0, Grade::Larger, "", ""),
            GradeBand::new(70.0, Grade::General, "", ""),
        ];
        let grade = |v, b| pick_band(&bands, v, b).map(|b| b.grade);
        assert_eq!(grade(70.0, Boundary::Upper), Some(Grade::General));
        assert_eq!(grade(70.0, Boundary::Lower), Some(Grade::Low));
        assert_eq!(grade(500.0, Boundary::Upper), Some(Grade::Larger));
        assert_eq!(grade(-1.0, Boundary::Upper), None);
    }
}
