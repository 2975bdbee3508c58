//! The 5 × 5 risk matrix (风险矩阵法, LS): R = L × S, S the maximum over the scored
//! dimensions (domain.md §2).

use serde::{Deserialize, Serialize};

use super::document::{pick_band, Boundary, GradeBand, ModelDocument, ScoreTable, TableValue};
use super::{
    grade_serde, product_line, score_dimensions, worst, DimensionScore, Factor, ModelError,
};
use crate::risk::Grade;

const MODEL: &str = "LS";

/// The LS tables and R bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LsConfig {
    /// L, 事故发生的可能性, 1–5. How platforms that split L into sub-criteria combine them
    /// is UNCONFIRMED (domain.md §2.1), so L is taken as one score.
    pub likelihood: ScoreTable,
    /// How S is printed in formulas and panels.
    pub severity: FactorName,
    /// S by dimension (法律法规, 人员, 直接经济损失, 停工, 企业形象, 环境), 1–5 each. The
    /// economic-loss wording is variant A of domain.md §2.2 (≤1万 / >1万 / >50万 / >100万);
    /// CESMS's variant B (<10万 / <50万 / ≤300万 / >300万) differs only in text, so it is an
    /// edit of this table, not a different model. 环境 comes from variant B.
    pub severity_dimensions: Vec<ScoreTable>,
    /// R cut-offs: 20 重大, 15 较大, 9 一般, 1 低. Other public code uses other cut-offs
    /// (≥15 重大, ≥9 较大, ≥4 一般), hence configurable. Every product of the default tables
    /// is an integer and the sources write R ≥ 20 etc., so a value on a cut-off takes the
    /// upper band.
    pub bands: Vec<GradeBand>,
}

/// A factor's symbol and names, for factors that have no table of their own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactorName {
    pub symbol: String,
    pub zh: String,
    pub en: String,
}

/// An assessor's LS scores for one risk point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LsInput {
    pub likelihood: f64,
    /// At least one dimension; S is the highest.
    pub severity: Vec<DimensionScore>,
}

/// R, its grade and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LsResult {
    /// [`ModelDocument::version`] of the document that graded it.
    pub model_version: String,
    pub likelihood: f64,
    pub severity: f64,
    pub r: f64,
    #[serde(with = "grade_serde")]
    pub grade: Grade,
    /// The band's wording with its typical action.
    pub band_zh: String,
    pub band_en: String,
    /// L and S in formula order; S names the dimension that set it.
    pub factors: Vec<Factor>,
    /// Every scored S dimension, in input order.
    pub severity_dimensions: Vec<Factor>,
}

impl LsResult {
    /// "L=4（…）× S=5（人员：死亡）= 20 → 重大风险".
    pub fn describe_zh(&self) -> String {
        product_line(&self.factors, self.r, self.grade, true)
    }

    /// The same line in English.
    pub fn describe_en(&self) -> String {
        product_line(&self.factors, self.r, self.grade, false)
    }
}

/// One row of the printed matrix: a likelihood and its cells by ascending severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridRow {
    pub likelihood: f64,
    pub cells: Vec<GridCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridCell {
    pub severity: f64,
    pub r: f64,
    #[serde(with = "grade_serde")]
    pub grade: Grade,
}

/// Grades one risk point by LS.
///
/// # Errors
/// [`ModelError::NotInTable`] for an L or a dimension score outside its table,
/// [`ModelError::UnknownDimension`] for a dimension the document lacks,
/// [`ModelError::NoDimensionScored`] when `severity` is empty, [`ModelError::NoBand`] when
/// the document's bands leave R uncovered.
pub fn evaluate(doc: &ModelDocument, input: &LsInput) -> Result<LsResult, ModelError> {
    let cfg = &doc.ls;
    let table = &cfg.likelihood;
    let row = table
        .find(input.likelihood)
        .ok_or_else(|| ModelError::NotInTable {
            model: MODEL,
            factor: table.key.clone(),
            value: input.likelihood,
            allowed: table.allowed(),
        })?;
    let l = Factor {
        symbol: table.key.clone(),
        label_zh: table.zh.clone(),
        label_en: table.en.clone(),
        value: row.value,
        detail_zh: row.zh.clone(),
        detail_en: row.en.clone(),
    };
    let dims = score_dimensions(MODEL, "S", &cfg.severity_dimensions, &input.severity)?;
    let top = worst(&dims).ok_or(ModelError::NoDimensionScored {
        model: MODEL,
        factor: "S",
    })?;
    let s = Factor {
        symbol: cfg.severity.symbol.clone(),
        label_zh: cfg.severity.zh.clone(),
        label_en: cfg.severity.en.clone(),
        value: top.value,
        detail_zh: format!("{}：{}", top.label_zh, top.detail_zh),
        detail_en: format!("{}: {}", top.label_en, top.detail_en),
    };
    let r = l.value * s.value;
    let band = pick_band(&cfg.bands, r, Boundary::Upper).ok_or(ModelError::NoBand {
        model: MODEL,
        value: r,
    })?;
    Ok(LsResult {
        model_version: doc.version.clone(),
        likelihood: l.value,
        severity: s.value,
        r,
        grade: band.grade,
        band_zh: band.zh.clone(),
        band_en: band.en.clone(),
        factors: vec![l, s],
        severity_dimensions: dims,
    })
}

/// The matrix as printed on risk-notice boards: rows from the highest L down, columns
/// by ascending S, every cell graded with the document's bands.
///
/// # Errors
/// [`ModelError::NoBand`] when the document's bands leave a cell uncovered.
pub fn grid(doc: &ModelDocument) -> Result<Vec<GridRow>, ModelError> {
    let cfg = &doc.ls;
    let mut ls = cfg.likelihood.allowed();
    ls.sort_by(|a, b| b.total_cmp(a));
    ls.dedup();
    let mut ss: Vec<f64> = cfg
        .severity_dimensions
        .iter()
        .flat_map(|t| t.allowed())
        .collect();
    ss.sort_by(f64::total_cmp);
    ss.dedup();
    ls.into_iter()
        .map(|l| {
            let cells = ss
                .iter()
                .map(|&s| {
                    let r = l * s;
                    let band =
                        pick_band(&cfg.bands, r, Boundary::Upper).ok_or(ModelError::NoBand {
                            model: MODEL,
                            value: r,
                        })?;
                    Ok(GridCell {
                        severity: s,
                        r,
                        grade: band.grade,
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(GridRow {
                likelihood: l,
                cells,
            })
        })
        .collect()
}

impl Default for LsConfig {
    fn default() -> Self {
        let v = TableValue::new;
        let likelihood = ScoreTable::new(
            "L",
            "事故发生的可能性",
            "likelihood",
            vec![
                v(
                    5.0,
                    "无任何防范、监测、保护、控制措施，危害无法发现；在正常情况下经常发生此类事故或事件",
                    "no prevention, monitoring, protection or control; the hazard cannot be detected; happens often under normal conditions",
                ),
                v(
                    4.0,
                    "危害不易发现，无监测；或有控制措施但未有效执行；危害常发生或在预期情况下发生",
                    "hazard not easily detected, no monitoring, or controls not effectively implemented; happens often or as expected",
                ),
                v(
                    3.0,
                    "无防护装置或个体防护用品，或未严格执行操作规程；过去曾经发生或在异常情况下发生",
                    "no protective devices or PPE, or procedures not strictly followed; has happened before or under abnormal conditions",
                ),
                v(
                    2.0,
                    "危害能及时发现并定期监测，控制措施有效执行；过去偶尔发生",
                    "detected promptly and monitored regularly, controls effectively implemented; occasional past events",
                ),
                v(
                    1.0,
                    "控制措施充分有效，安全意识高；极不可能发生",
                    "sufficient, effective controls and high awareness; extremely unlikely",
                ),
            ],
        );
        let dim = |key, zh, en, rows: [(&str, &str); 5]| {
            let values = (1..=5)
                .map(f64::from)
                .zip(rows)
                .map(|(value, (z, e))| v(value, z, e))
                .collect();
            ScoreTable::new(key, zh, en, values)
        };
        let severity_dimensions = vec![
            dim(
                "law",
                "法律法规",
                "laws and regulations",
                [
                    ("完全符合", "fully compliant"),
                    (
                        "不符合企业操作程序规定",
                        "breaches company operating procedures",
                    ),
                    (
                        "不符合上级/行业方针制度",
                        "breaches higher-authority or industry policies",
                    ),
                    (
                        "潜在违反法规和标准",
                        "potential breach of laws or standards",
                    ),
                    (
                        "违反法律法规和标准",
                        "breaches laws, regulations or standards",
                    ),
                ],
            ),
            dim(
                "people",
                "人员",
                "people",
                [
                    ("无伤亡", "no casualties"),
                    (
                        "轻微受伤，间歇不舒服",
                        "minor injury, intermittent discomfort",
                    ),
                    (
                        "截肢、骨折、听力丧失、慢性病",
                        "amputation, fracture, hearing loss, chronic disease",
                    ),
                    ("丧失劳动能力", "incapacity for work"),
                    ("死亡", "death"),
                ],
            ),
            dim(
                "economic_loss",
                "直接经济损失",
                "direct economic loss",
                [
                    ("无损失", "none"),
                    ("≤1万元", "≤ CNY 10k"),
                    (">1万元", "> CNY 10k"),
                    (">50万元", "> CNY 500k"),
                    (">100万元", "> CNY 1M"),
                ],
            ),
            dim(
                "downtime",
                "停工",
                "downtime",
                [
                    ("没有停工", "no stoppage"),
                    (
                        "受影响不大，几乎不停工",
                        "little effect, almost no stoppage",
                    ),
                    ("1套装置或设备停工", "one unit or piece of equipment stops"),
                    ("2套装置停工", "two units stop"),
                    (
                        "部分装置(>2套)/全系统停车",
                        "more than two units or the whole system stop",
                    ),
                ],
            ),
            dim(
                "reputation",
                "企业形象",
                "reputation",
                [
                    ("没有受损", "no damage"),
                    ("公司及周边", "the company and its surroundings"),
                    ("地区影响", "regional"),
                    ("行业内、省内影响", "within the industry or province"),
                    ("重大国际/国内影响", "major national or international"),
                ],
            ),
            dim(
                "environment",
                "环境",
                "environment",
                [
                    ("没有污染", "no pollution"),
                    ("装置范围污染", "within the unit"),
                    ("厂内中等污染", "moderate, within the plant"),
                    ("企业内严重污染", "severe, within the enterprise"),
                    ("大规模、企业外", "large-scale, beyond the enterprise"),
                ],
            ),
        ];
        let b = GradeBand::new;
        let bands = vec![
            b(
                20.0,
                Grade::Major,
                "极其危险：立即补充控制措施，定期检查、测量及评估；公司级管控",
                "extremely dangerous: add controls at once, inspect, measure and evaluate regularly; company-level control",
            ),
            b(
                15.0,
                Grade::Larger,
                "高度危险：立即或近期补充控制措施；公司级管控",
                "highly dangerous: add controls now or soon; company-level control",
            ),
            b(
                9.0,
                Grade::General,
                "显著危险：建立目标和操作规程，加强培训；车间级管控",
                "clearly dangerous: set targets and procedures, train; workshop-level control",
            ),
            b(
                1.0,
                Grade::Low,
                "轻度危险：有条件、有经费时改进；班组、岗位级管控",
                "mildly dangerous: improve when funds allow; team- and post-level control",
            ),
        ];
        LsConfig {
            likelihood,
            severity: FactorName {
                symbol: "S".to_string(),
                zh: "后果严重性".to_string(),
                en: "severity".to_string(),
            },
            severity_dimensions,
            bands,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_severity_factor_names_the_deciding_dimension() {
        let input = LsInput {
            likelihood: 3.0,
            severity: vec![
                DimensionScore {
                    dimension: "law".into(),
                    value: 2.0,
                },
                DimensionScore {
                    dimension: "people".into(),
                    value: 4.0,
                },
            ],
        };
        let r = evaluate(&ModelDocument::default(), &input).unwrap();
        assert_eq!(r.severity, 4.0);
        assert_eq!(r.factors[1].detail_zh, "人员：丧失劳动能力");
        assert_eq!(r.severity_dimensions.len(), 2);
    }
}
