//! The standard risk models: LEC, the 5 × 5 risk matrix (LS) and GB 18218-2018 major
//! hazard sources, as pure functions over a [`ModelDocument`].
//!
//! Every cut-off, value table and weight lives in the document, not in code, because the
//! public sources disagree on several of them (domain.md §1.2, §2.3, §8) and a consultancy
//! must be able to use its own. [`ModelDocument::default`] holds the values domain.md names.
//!
//! * [`lec::evaluate`]: D = L × E × C → [`Grade`] (重大/较大/一般/低).
//! * [`matrix::evaluate`]: R = L × S, S the maximum over the scored dimensions → [`Grade`];
//!   [`matrix::grid`] is the 5 × 5 table the UI prints.
//! * [`gb18218::identify`] (S = Σq/Q ≥ 1) and [`gb18218::grade`]
//!   (R = α·Σβ·q/Q → [`gb18218::HazardSourceGrade`] 一级–四级). That grade is a different
//!   scale from the four colours (domain.md §3), so it has its own type.
//!
//! Each result carries the document version that produced it and its [`Factor`]s, so a
//! panel or report can print "L=6（相当可能）× E=3 × C=15 = 270 → 较大风险" without knowing
//! the model. A value that is not in a table is a [`ModelError`], never a panic.
//!
//! These three grade one risk point from an assessor's scores and know nothing of
//! geometry. [`composite`] is the one model that looks at the map: the multi-hazard site
//! index, configured by the document's `composite` section.

pub mod composite;
pub mod document;
pub mod error;
pub mod gb18218;
pub mod lec;
pub mod matrix;

pub use document::{
    Boundary, GradeBand, ModelDocument, ScoreTable, TableValue, DEFAULT_NAME, DEFAULT_VERSION,
};
pub use error::ModelError;

use serde::{Deserialize, Serialize};

use super::Grade;

/// One term of a model's formula as the UI shows it: "L=6（相当可能）".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// The symbol in the formula: L, E, C, S, α, or β·q/Q.
    pub symbol: String,
    /// What the symbol stands for, or for a chemical its name (事故发生的可能性, 硫化氢).
    pub label_zh: String,
    pub label_en: String,
    /// The score, or for GB 18218 the term's contribution to the sum.
    pub value: f64,
    /// The table descriptor or the working behind the value (相当可能, β=5 × 2 t ÷ 5 t).
    pub detail_zh: String,
    pub detail_en: String,
}

/// A score on one named dimension (人员伤亡, 直接经济损失 …) of a multi-dimension table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    /// The dimension's `key` in the document, e.g. `casualties`.
    pub dimension: String,
    pub value: f64,
}

/// Floating-point slack for table look-ups and band edges. Scores like 0.2 and sums like
/// 0.7 + 0.2 + 0.1 are not exact in binary, and a value that is on a cut-off on paper must
/// land on it here (S = 1 is a major hazard source, not 0.9999999999999999).
const EPS: f64 = 1e-9;

fn slack(reference: f64) -> f64 {
    EPS * reference.abs().max(1.0)
}

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= slack(b)
}

/// `value ≥ cut` up to rounding.
fn at_least(value: f64, cut: f64) -> bool {
    value >= cut - slack(cut)
}

/// `value > cut` beyond rounding.
fn above(value: f64, cut: f64) -> bool {
    value > cut + slack(cut)
}

/// A number as an assessor writes it: 270, 0.5, 85.6 (never 85.60000000000001).
pub fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// "L=6（相当可能）" for the Chinese line, "L=6 (quite possible)" for the English one.
fn term(f: &Factor, zh: bool) -> String {
    let detail = if zh { &f.detail_zh } else { &f.detail_en };
    let value = format_number(f.value);
    match (detail.is_empty(), zh) {
        (true, _) => format!("{}={value}", f.symbol),
        (false, true) => format!("{}={value}（{detail}）", f.symbol),
        (false, false) => format!("{}={value} ({detail})", f.symbol),
    }
}

/// The product line shared by LEC and LS: "L=… × E=… × C=… = 270 → 较大风险".
fn product_line(factors: &[Factor], result: f64, grade: Grade, zh: bool) -> String {
    let terms: Vec<String> = factors.iter().map(|f| term(f, zh)).collect();
    let grade = if zh {
        grade.zh().to_string()
    } else {
        format!("{} risk", grade.en())
    };
    format!(
        "{} = {} → {grade}",
        terms.join(" × "),
        format_number(result)
    )
}

/// Checks each dimension score against its table: the per-dimension factors, in input order.
fn score_dimensions(
    model: &'static str,
    factor: &'static str,
    dimensions: &[ScoreTable],
    scores: &[DimensionScore],
) -> Result<Vec<Factor>, ModelError> {
    scores
        .iter()
        .map(|score| {
            let table = dimensions
                .iter()
                .find(|t| t.key == score.dimension)
                .ok_or_else(|| ModelError::UnknownDimension {
                    model,
                    factor,
                    dimension: score.dimension.clone(),
                    known: dimensions.iter().map(|t| t.key.clone()).collect(),
                })?;
            let row = table
                .find(score.value)
                .ok_or_else(|| ModelError::NotInTable {
                    model,
                    factor: format!("{factor}·{}", table.zh),
                    value: score.value,
                    allowed: table.allowed(),
                })?;
            Ok(Factor {
                symbol: factor.to_string(),
                label_zh: table.zh.clone(),
                label_en: table.en.clone(),
                value: row.value,
                detail_zh: row.zh.clone(),
                detail_en: row.en.clone(),
            })
        })
        .collect()
}

/// The highest-scoring dimension; the first one on a tie, so the explanation is stable.
fn worst(dimensions: &[Factor]) -> Option<&Factor> {
    dimensions
        .iter()
        .reduce(|best, f| if f.value > best.value { f } else { best })
}

/// Serde for [`Grade`], which lives outside this module and has no serde of its own.
/// Written as the Chinese grade name the four-colour map prints; the English name is
/// accepted too so hand-written documents can use either.
pub(crate) mod grade_serde {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::risk::Grade;

    pub fn serialize<S: Serializer>(grade: &Grade, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(grade.zh())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        let text = String::deserialize(d)?;
        let t = text.trim();
        Grade::ALL
            .into_iter()
            .find(|g| g.zh() == t || g.zh().trim_end_matches("风险") == t || g.en() == t)
            .ok_or_else(|| {
                D::Error::custom(format!(
                    "未知的风险等级“{text}”/ unknown grade \"{text}\" (重大风险, 较大风险, 一般风险, 低风险)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_number_trims_rounding_noise() {
        assert_eq!(format_number(270.0), "270");
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(2.0 * (2.0 + 40.0 + 0.8)), "85.6");
        assert_eq!(format_number(0.7 + 0.2 + 0.1), "1");
        assert_eq!(format_number(-0.00001), "0");
    }

    #[test]
    fn band_edges_absorb_rounding() {
        assert!(at_least(0.7 + 0.2 + 0.1, 1.0));
        assert!(!at_least(0.999, 1.0));
        assert!(!above(70.0 + 1e-12, 70.0));
        assert!(above(70.001, 70.0));
        assert!(same_value(0.1 * 3.0, 0.3));
    }
}
