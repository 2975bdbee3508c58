//! LEC (作业条件危险性评价法, Graham–Kinney): D = L × E × C (domain.md §1).

use serde::{Deserialize, Serialize};

use super::document::{pick_band, Boundary, GradeBand, ModelDocument, ScoreTable, TableValue};
use super::{
    above, grade_serde, product_line, score_dimensions, worst, DimensionScore, Factor, ModelError,
};
use crate::risk::Grade;

const MODEL: &str = "LEC";

/// The LEC tables and D bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LecConfig {
    /// L, 事故发生的可能性: 10, 6, 3, 1, 0.5, 0.2, 0.1.
    pub likelihood: ScoreTable,
    /// E, 暴露于危险环境的频繁程度: 10, 6, 3, 2, 1, 0.5.
    pub exposure: ScoreTable,
    /// E from the cumulative exposure per working day, the alternative criterion used for
    /// hazardous maintenance work.
    pub exposure_by_duration: ExposureByDuration,
    /// C, 后果严重性, the classic single-dimension table: 100, 40, 15, 7, 3, 1.
    pub consequence: ScoreTable,
    /// C by dimension (法律法规, 人员伤亡, 直接经济损失, 环境破坏, 形象受损), as the
    /// Fairyzhongqin platform scores it; C is the maximum over the scored dimensions.
    pub consequence_dimensions: Vec<ScoreTable>,
    /// Which band D exactly on a cut-off falls in. UNCONFIRMED (domain.md §8 item 2).
    pub boundary: Boundary,
    /// D cut-offs: 320 重大, 160 较大, 70 一般, 20 and 0 低 (two bands so the classic
    /// five-level wording survives). The exact edges are UNCONFIRMED in a national text
    /// (domain.md §1.2): classic Graham–Kinney writes D > 320, implementations D ≥ 320.
    pub bands: Vec<GradeBand>,
}

/// E from minutes of exposure per working day: the first step whose `more_than_minutes`
/// the time exceeds, else `otherwise`. Minutes, not hours, so the 10-minute step is exact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExposureByDuration {
    pub steps: Vec<DurationStep>,
    pub otherwise: f64,
}

/// Exposure of more than `more_than_minutes` a day scores `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DurationStep {
    pub more_than_minutes: f64,
    pub value: f64,
}

/// An assessor's LEC scores for one risk point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LecInput {
    pub likelihood: f64,
    pub exposure: f64,
    pub consequence: Consequence,
}

/// C as a single score or as scores on several dimensions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    Classic(f64),
    /// C = the maximum over these, each checked against its dimension's table.
    Dimensions(Vec<DimensionScore>),
}

/// D, its grade and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LecResult {
    /// [`ModelDocument::version`] of the document that graded it.
    pub model_version: String,
    pub likelihood: f64,
    pub exposure: f64,
    pub consequence: f64,
    pub d: f64,
    #[serde(with = "grade_serde")]
    pub grade: Grade,
    /// The band's wording (高度危险，需立即整改), finer than the grade.
    pub band_zh: String,
    pub band_en: String,
    /// L, E and C in formula order.
    pub factors: Vec<Factor>,
    /// Each scored C dimension, when C was scored by dimension; empty for a classic C.
    pub consequence_dimensions: Vec<Factor>,
}

impl LecResult {
    /// "L=6（相当可能）× E=3（每周一次，或偶然暴露）× C=15（非常严重，一人死亡）= 270 → 较大风险".
    pub fn describe_zh(&self) -> String {
        product_line(&self.factors, self.d, self.grade, true)
    }

    /// The same line in English.
    pub fn describe_en(&self) -> String {
        product_line(&self.factors, self.d, self.grade, false)
    }
}

/// Grades one risk point by LEC.
///
/// # Errors
/// [`ModelError::NotInTable`] when L, E or C (or a dimension's score) is not one of its
/// table's values, [`ModelError::UnknownDimension`] / [`ModelError::NoDimensionScored`]
/// for a bad multi-dimension C, [`ModelError::NoBand`] when the document's bands leave D
/// uncovered.
pub fn evaluate(doc: &ModelDocument, input: &LecInput) -> Result<LecResult, ModelError> {
    let cfg = &doc.lec;
    let l = lookup(&cfg.likelihood, input.likelihood)?;
    let e = lookup(&cfg.exposure, input.exposure)?;
    let (c, consequence_dimensions) = match &input.consequence {
        Consequence::Classic(value) => (lookup(&cfg.consequence, *value)?, Vec::new()),
        Consequence::Dimensions(scores) => consequence_by_dimension(cfg, scores)?,
    };
    let d = l.value * e.value * c.value;
    let band = pick_band(&cfg.bands, d, cfg.boundary).ok_or(ModelError::NoBand {
        model: MODEL,
        value: d,
    })?;
    Ok(LecResult {
        model_version: doc.version.clone(),
        likelihood: l.value,
        exposure: e.value,
        consequence: c.value,
        d,
        grade: band.grade,
        band_zh: band.zh.clone(),
        band_en: band.en.clone(),
        factors: vec![l, e, c],
        consequence_dimensions,
    })
}

/// E for `minutes` of cumulative exposure per working day (domain.md §1.1, the
/// alternative E criterion); `None` for a negative or non-numeric time.
pub fn exposure_for_daily_minutes(doc: &ModelDocument, minutes: f64) -> Option<f64> {
    if !minutes.is_finite() || minutes < 0.0 {
        return None;
    }
    let by = &doc.lec.exposure_by_duration;
    let step = by
        .steps
        .iter()
        .filter(|s| above(minutes, s.more_than_minutes))
        .max_by(|a, b| a.more_than_minutes.total_cmp(&b.more_than_minutes));
    Some(step.map_or(by.otherwise, |s| s.value))
}

fn lookup(table: &ScoreTable, value: f64) -> Result<Factor, ModelError> {
    let row = table.find(value).ok_or_else(|| ModelError::NotInTable {
        model: MODEL,
        factor: table.key.clone(),
        value,
        allowed: table.allowed(),
    })?;
    Ok(Factor {
        symbol: table.key.clone(),
        label_zh: table.zh.clone(),
        label_en: table.en.clone(),
        value: row.value,
        detail_zh: row.zh.clone(),
        detail_en: row.en.clone(),
    })
}

/// C = max over the scored dimensions; the C factor names the dimension that set it.
fn consequence_by_dimension(
    cfg: &LecConfig,
    scores: &[DimensionScore],
) -> Result<(Factor, Vec<Factor>), ModelError> {
    let dims = score_dimensions(MODEL, "C", &cfg.consequence_dimensions, scores)?;
    let worst = worst(&dims).ok_or(ModelError::NoDimensionScored {
        model: MODEL,
        factor: "C",
    })?;
    let c = Factor {
        symbol: cfg.consequence.key.clone(),
        label_zh: cfg.consequence.zh.clone(),
        label_en: cfg.consequence.en.clone(),
        value: worst.value,
        detail_zh: format!("{}：{}", worst.label_zh, worst.detail_zh),
        detail_en: format!("{}: {}", worst.label_en, worst.detail_en),
    };
    Ok((c, dims))
}

impl Default for LecConfig {
    fn default() -> Self {
        let v = TableValue::new;
        let likelihood = ScoreTable::new(
            "L",
            "事故发生的可能性",
            "likelihood",
            vec![
                v(10.0, "完全可以预料", "fully expected"),
                v(6.0, "相当可能", "quite possible"),
                v(3.0, "可能，但不经常", "possible but unusual"),
                v(1.0, "可能性小，完全意外", "unlikely, a pure accident"),
                v(0.5, "很不可能，可以设想", "very unlikely but conceivable"),
                v(0.2, "极不可能", "extremely unlikely"),
                v(0.1, "实际不可能", "practically impossible"),
            ],
        );
        let exposure = ScoreTable::new(
            "E",
            "暴露于危险环境的频繁程度",
            "exposure",
            vec![
                v(10.0, "连续暴露", "continuous"),
                v(6.0, "每天工作时间内暴露", "daily, in working hours"),
                v(3.0, "每周一次，或偶然暴露", "weekly or occasionally"),
                v(2.0, "每月一次暴露", "monthly"),
                v(1.0, "每年几次暴露", "a few times a year"),
                v(0.5, "非常罕见地暴露", "very rarely"),
            ],
        );
        let exposure_by_duration = ExposureByDuration {
            steps: [
                (300.0, 10.0),
                (120.0, 6.0),
                (60.0, 3.0),
                (30.0, 2.0),
                (10.0, 1.0),
            ]
            .map(|(more_than_minutes, value)| DurationStep {
                more_than_minutes,
                value,
            })
            .to_vec(),
            otherwise: 0.5,
        };
        let consequence = ScoreTable::new(
            "C",
            "后果严重性",
            "consequence",
            vec![
                v(100.0, "大灾难，许多人死亡", "catastrophe, many deaths"),
                v(40.0, "灾难，数人死亡", "disaster, several deaths"),
                v(15.0, "非常严重，一人死亡", "very serious, one death"),
                v(
                    7.0,
                    "严重，重伤 / 严重职业病",
                    "serious, severe injury or occupational disease",
                ),
                v(
                    3.0,
                    "重大，致残 / 轻伤",
                    "considerable, disabling or minor injury",
                ),
                v(
                    1.0,
                    "引人注目（一般无损伤）",
                    "noticeable, usually no injury",
                ),
            ],
        );
        let dim = |key, zh, en, rows: [(&str, &str); 6]| {
            let values = [1.0, 3.0, 7.0, 15.0, 40.0, 100.0]
                .into_iter()
                .zip(rows)
                .map(|(value, (z, e))| v(value, z, e))
                .collect();
            ScoreTable::new(key, zh, en, values)
        };
        let consequence_dimensions = vec![
            dim(
                "law",
                "法律法规",
                "laws and regulations",
                [
                    (
                        "不利于基本安全卫生要求",
                        "short of basic health and safety requirements",
                    ),
                    ("不符合企业规章制度", "breaches company rules"),
                    (
                        "不符合上级方针制度",
                        "breaches the higher authority's policies",
                    ),
                    ("潜在违反法规标准", "potential breach of laws or standards"),
                    (
                        "违反法律法规标准",
                        "breaches laws, regulations or standards",
                    ),
                    (
                        "严重违反法律法规标准",
                        "serious breach of laws, regulations or standards",
                    ),
                ],
            ),
            dim(
                "casualties",
                "人员伤亡",
                "casualties",
                [
                    ("一般无损伤", "usually no injury"),
                    ("轻（微）伤", "minor injury"),
                    (
                        "重伤/严重职业病",
                        "severe injury or serious occupational disease",
                    ),
                    ("一人死亡", "one death"),
                    ("数人死亡", "several deaths"),
                    ("许多人死亡", "many deaths"),
                ],
            ),
            dim(
                "economic_loss",
                "直接经济损失",
                "direct economic loss (one accident)",
                [
                    ("< 1万元", "< CNY 10k"),
                    ("1万 ≤ x < 10万元", "CNY 10k ≤ x < 100k"),
                    ("10万 ≤ x < 25万元", "CNY 100k ≤ x < 250k"),
                    ("25万 ≤ x < 50万元", "CNY 250k ≤ x < 500k"),
                    ("50万 ≤ x < 100万元", "CNY 500k ≤ x < 1M"),
                    ("≥ 100万元", "≥ CNY 1M"),
                ],
            ),
            dim(
                "environment",
                "环境破坏",
                "environmental damage",
                [
                    ("基本无影响", "practically none"),
                    ("设备设施周围", "around the equipment"),
                    ("车间范围", "within the workshop"),
                    ("企业范围", "within the enterprise"),
                    ("企业及周边", "the enterprise and its surroundings"),
                    ("大面积环境破坏", "large-scale damage"),
                ],
            ),
            dim(
                "reputation",
                "形象受损",
                "damage to reputation",
                [
                    ("本岗位/作业点", "this post or work point"),
                    ("本车间/部门", "this workshop or department"),
                    ("本企业", "this enterprise"),
                    ("区域影响", "regional"),
                    ("同行业影响", "across the industry"),
                    ("重大国际/国内影响", "major national or international"),
                ],
            ),
        ];
        let b = GradeBand::new;
        let bands = vec![
            b(
                320.0,
                Grade::Major,
                "极其危险，不能继续作业",
                "extremely dangerous, stop work",
            ),
            b(
                160.0,
                Grade::Larger,
                "高度危险，需立即整改",
                "highly dangerous, rectify at once",
            ),
            b(
                70.0,
                Grade::General,
                "显著危险，需要整改",
                "clearly dangerous, needs rectification",
            ),
            b(
                20.0,
                Grade::Low,
                "一般危险，需要注意",
                "some danger, needs attention",
            ),
            b(
                0.0,
                Grade::Low,
                "稍有危险，可以接受",
                "slight danger, acceptable",
            ),
        ];
        LecConfig {
            likelihood,
            exposure,
            exposure_by_duration,
            consequence,
            consequence_dimensions,
            boundary: Boundary::Upper,
            bands,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classic(l: f64, e: f64, c: f64) -> LecInput {
        LecInput {
            likelihood: l,
            exposure: e,
            consequence: Consequence::Classic(c),
        }
    }

    #[test]
    fn lec_factors_carry_table_descriptors() {
        let r = evaluate(&ModelDocument::default(), &classic(6.0, 3.0, 15.0)).unwrap();
        assert_eq!(r.factors[0].detail_zh, "相当可能");
        assert_eq!(r.factors[1].symbol, "E");
        assert_eq!(r.model_version, crate::risk::models::DEFAULT_VERSION);
    }

    #[test]
    fn lec_duplicate_dimension_takes_the_maximum() {
        let input = LecInput {
            likelihood: 1.0,
            exposure: 1.0,
            consequence: Consequence::Dimensions(vec![
                DimensionScore {
                    dimension: "law".into(),
                    value: 40.0,
                },
                DimensionScore {
                    dimension: "law".into(),
                    value: 3.0,
                },
            ]),
        };
        let r = evaluate(&ModelDocument::default(), &input).unwrap();
        assert_eq!(r.consequence, 40.0);
        assert_eq!(r.consequence_dimensions.len(), 2);
    }

    #[test]
    fn lec_duration_rejects_negative_time() {
        let doc = ModelDocument::default();
        assert_eq!(exposure_for_daily_minutes(&doc, -1.0), None);
        assert_eq!(exposure_for_daily_minutes(&doc, f64::NAN), None);
        assert_eq!(exposure_for_daily_minutes(&doc, 0.0), Some(0.5));
    }
}
