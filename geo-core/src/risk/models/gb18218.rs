//! GB 18218-2018 危险化学品重大危险源辨识: identification (S = Σq/Q ≥ 1) and grading
//! (R = α·Σβ·q/Q → 一级–四级), domain.md §4.
//!
//! Each inventory line is a chemical named in Table 1 (by Chinese name, alias or CAS),
//! a chemical outside Table 1 with its hazard category (Table 2 gives Q, Table 4 β), or
//! values the assessor read off the standard. Table 1 and Table 3 in the default document
//! hold only domain.md's selection; the rest of the standard is added by editing the
//! document, not the code.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::document::ModelDocument;
use super::{at_least, format_number, Factor, ModelError};

/// The GB 18218 tables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gb18218Config {
    /// A unit is a major hazard source when S reaches this (1: S ≥ 1).
    pub identification_threshold: f64,
    /// Table 1: critical quantity Q of named chemicals (domain.md §4.3's selection; names,
    /// aliases and CAS numbers from the same source, idx 69838096272).
    pub chemicals: Vec<NamedChemical>,
    /// Table 3: β of the listed toxic gases, which overrides the category β of Table 4.
    pub toxic_gases: Vec<ToxicGasBeta>,
    /// Tables 2 and 4: Q and β by hazard category symbol, for chemicals not in Table 1
    /// (Q) or not in Table 3 (β). A chemical in several categories takes the smallest Q:
    /// UNCONFIRMED (domain.md §4.1), so the assessor chooses the one category to use.
    pub categories: Vec<HazardCategory>,
    /// Table 5: α from the resident population within 500 m outside the plant boundary.
    pub alpha: Vec<AlphaRow>,
    /// Table 6: R cut-offs, 100 一级, 50 二级, 10 三级, 0 四级; R on a cut-off takes the
    /// higher grade (the standard writes R ≥ 100, 100 > R ≥ 50 …).
    pub grades: Vec<HazardSourceBand>,
    /// Where a source layer keeps its inventory, and how the exposed people are counted.
    #[serde(default)]
    pub fields: SourceFields,
}

/// Property names of a hazard-source layer for grading each feature, and the people
/// count: the headcount of every site within `radius_m` of the source and outside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceFields {
    pub chemical: String,
    pub quantity_t: String,
    /// Hazard category (W2, W5.3 …) for β when Table 3 does not list the chemical.
    pub category: String,
    /// Headcount field of the site (or population) layers.
    pub headcount: String,
    /// Field of the source itself holding the people within `radius_m`, entered by the
    /// assessor (a survey count beats a sum of registered headcounts); when the source has
    /// a number there, nothing is counted.
    pub people: String,
    pub radius_m: f64,
}

impl Default for SourceFields {
    fn default() -> Self {
        SourceFields {
            chemical: "危险化学品".into(),
            quantity_t: "数量_吨".into(),
            category: "危险性类别".into(),
            headcount: "从业人数".into(),
            people: "周边人数".into(),
            radius_m: 500.0,
        }
    }
}

/// A Table 1 entry. Inputs match `name`, any of `aliases` (full-width brackets and spaces
/// ignored) or any of `cas`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedChemical {
    pub name: String,
    pub aliases: Vec<String>,
    pub cas: Vec<String>,
    /// Q in tonnes.
    pub critical_quantity_t: f64,
}

/// A Table 3 entry, matched like [`NamedChemical`]; CAS numbers let 氯化氢 here find
/// Table 1's 氯化氢(无水).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToxicGasBeta {
    pub name: String,
    pub aliases: Vec<String>,
    pub cas: Vec<String>,
    pub beta: f64,
}

/// A Table 2 / Table 4 row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardCategory {
    /// J1 … J5, W1.1 … W11.
    pub symbol: String,
    pub zh: String,
    pub en: String,
    /// Q in tonnes (for W3 aerosols, net weight).
    pub critical_quantity_t: f64,
    pub beta: f64,
}

/// Head counts from `min_people` up to the next row's take `alpha`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlphaRow {
    pub min_people: u32,
    pub alpha: f64,
}

/// R from `min` up to the next band's `min` takes `grade`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardSourceBand {
    pub min: f64,
    pub grade: HazardSourceGrade,
}

/// 重大危险源分级. A scale of its own, not the four risk colours (domain.md §3), ordered
/// from least to most severe so that `max` picks the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum HazardSourceGrade {
    #[serde(rename = "四级")]
    Fourth,
    #[serde(rename = "三级")]
    Third,
    #[serde(rename = "二级")]
    Second,
    #[serde(rename = "一级")]
    First,
}

impl HazardSourceGrade {
    pub fn zh(self) -> &'static str {
        match self {
            HazardSourceGrade::First => "一级",
            HazardSourceGrade::Second => "二级",
            HazardSourceGrade::Third => "三级",
            HazardSourceGrade::Fourth => "四级",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            HazardSourceGrade::First => "grade 1",
            HazardSourceGrade::Second => "grade 2",
            HazardSourceGrade::Third => "grade 3",
            HazardSourceGrade::Fourth => "grade 4",
        }
    }
}

impl fmt::Display for HazardSourceGrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}重大危险源", self.zh())
    }
}

/// One line of a unit's inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    pub substance: Substance,
    /// q, the actual (design maximum) quantity in tonnes.
    pub quantity_t: f64,
}

/// What the chemical is, as far as Q and β are concerned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Substance {
    /// A chemical by Chinese name, alias or CAS. Q comes from Table 1 if it is listed,
    /// else from `category` (Table 2); β from Table 3 if listed, else from `category`
    /// (Table 4). 柴油, for example, is not in Table 1 and needs a category (W5.4).
    Named {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<String>,
    },
    /// Q and β as the assessor read them off the standard, for Table 1 entries the
    /// document does not carry yet. β may be left out for identification alone.
    Explicit {
        label: String,
        critical_quantity_t: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        beta: Option<f64>,
    },
}

/// A unit's inventory and the people around it, for grading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gb18218Input {
    pub items: Vec<Inventory>,
    /// Residents within 500 m outside the plant boundary (厂区边界向外扩展500m范围内常住人口).
    pub exposed_people: u32,
}

/// Which table a Q or β came from, so a report can cite it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    Table1,
    Table2 { symbol: String },
    Table3,
    Table4 { symbol: String },
    Assessor,
}

/// One inventory line with the values the standard gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Table 1's name when listed, else the name the assessor gave.
    pub label: String,
    pub quantity_t: f64,
    pub critical_quantity_t: f64,
    pub q_source: ValueSource,
    /// q / Q.
    pub ratio: f64,
    /// `None` only in an [`Identification`] when β is not known and was not needed.
    pub beta: Option<f64>,
    pub beta_source: Option<ValueSource>,
    /// β · q / Q, when β is known.
    pub weighted: Option<f64>,
}

/// Whether a unit is a major hazard source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identification {
    /// [`ModelDocument::version`] of the document used.
    pub model_version: String,
    pub items: Vec<ItemResult>,
    /// S = Σ q/Q.
    pub s: f64,
    pub is_major: bool,
    /// One q/Q term per item.
    pub factors: Vec<Factor>,
}

impl Identification {
    /// "S = Σq/Q = 0.4 + 2 + 0.2 = 2.6 ≥ 1，构成重大危险源".
    pub fn describe_zh(&self) -> String {
        s_line(&self.factors, self.s, self.is_major, true)
    }

    pub fn describe_en(&self) -> String {
        s_line(&self.factors, self.s, self.is_major, false)
    }
}

/// The identification and the grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gb18218Result {
    /// [`ModelDocument::version`] of the document used.
    pub model_version: String,
    pub items: Vec<ItemResult>,
    pub s: f64,
    pub is_major: bool,
    pub exposed_people: u32,
    pub alpha: f64,
    /// R = α · Σ β·q/Q, computed even below the threshold so a panel can show how close
    /// the unit is.
    pub r: f64,
    /// Only a major hazard source is graded: `None` when S is below the threshold.
    pub grade: Option<HazardSourceGrade>,
    /// α, then one β·q/Q term per item.
    pub factors: Vec<Factor>,
}

impl Gb18218Result {
    /// "S = … = 2.6 ≥ 1，构成重大危险源；R = α × Σβ·q/Q = 2 × (2 + 40 + 0.8) = 85.6 → 二级".
    pub fn describe_zh(&self) -> String {
        self.describe(true)
    }

    pub fn describe_en(&self) -> String {
        self.describe(false)
    }

    fn describe(&self, zh: bool) -> String {
        let ratios: Vec<Factor> = self.items.iter().map(ratio_factor).collect();
        let s = s_line(&ratios, self.s, self.is_major, zh);
        let Some(grade) = self.grade else {
            return s;
        };
        let terms: Vec<String> = self
            .items
            .iter()
            .filter_map(|i| i.weighted)
            .map(format_number)
            .collect();
        let r = format!(
            "R = α × Σβ·q/Q = {} × ({}) = {} → {}",
            format_number(self.alpha),
            terms.join(" + "),
            format_number(self.r),
            if zh { grade.zh() } else { grade.en() }
        );
        if zh {
            format!("{s}；{r}")
        } else {
            format!("{s}; {r}")
        }
    }
}

/// Identifies whether the inventory makes its unit a major hazard source. β is looked
/// up where possible but not required.
///
/// # Errors
/// [`ModelError::UnknownChemical`], [`ModelError::AmbiguousChemical`] and
/// [`ModelError::UnknownCategory`] for a substance that cannot be placed in the tables,
/// [`ModelError::BadQuantity`] / [`ModelError::BadCriticalQuantity`] /
/// [`ModelError::BadBeta`] for a value that is negative, zero or not a number.
pub fn identify(doc: &ModelDocument, items: &[Inventory]) -> Result<Identification, ModelError> {
    let cfg = &doc.gb18218;
    let items = items
        .iter()
        .map(|item| resolve(cfg, item))
        .collect::<Result<Vec<_>, _>>()?;
    let s: f64 = items.iter().map(|i| i.ratio).sum();
    Ok(Identification {
        model_version: doc.version.clone(),
        factors: items.iter().map(ratio_factor).collect(),
        is_major: at_least(s, cfg.identification_threshold),
        items,
        s,
    })
}

/// Identifies and, for a major hazard source, grades the unit.
///
/// # Errors
/// Those of [`identify`], plus [`ModelError::NoBeta`] for a chemical outside Table 3
/// given without a category, [`ModelError::NoAlpha`] / [`ModelError::NoBand`] when the
/// document's tables leave the head count or R uncovered.
pub fn grade(doc: &ModelDocument, input: &Gb18218Input) -> Result<Gb18218Result, ModelError> {
    let cfg = &doc.gb18218;
    let id = identify(doc, &input.items)?;
    let alpha = alpha_for(doc, input.exposed_people)?;
    let mut sum = 0.0;
    let mut factors = vec![Factor {
        symbol: "α".to_string(),
        label_zh: "暴露人员校正系数".to_string(),
        label_en: "exposure correction".to_string(),
        value: alpha,
        detail_zh: format!("厂区边界外 500 m 内常住人口 {} 人", input.exposed_people),
        detail_en: format!(
            "{} residents within 500 m outside the plant boundary",
            input.exposed_people
        ),
    }];
    for item in &id.items {
        let (Some(beta), Some(weighted)) = (item.beta, item.weighted) else {
            return Err(ModelError::NoBeta {
                name: item.label.clone(),
            });
        };
        sum += weighted;
        let working = format!(
            "β={} × {} t ÷ {} t",
            format_number(beta),
            format_number(item.quantity_t),
            format_number(item.critical_quantity_t)
        );
        factors.push(Factor {
            symbol: "β·q/Q".to_string(),
            label_zh: item.label.clone(),
            label_en: item.label.clone(),
            value: weighted,
            detail_zh: working.clone(),
            detail_en: working,
        });
    }
    let r = alpha * sum;
    let grade = if id.is_major {
        let band = cfg
            .grades
            .iter()
            .filter(|b| at_least(r, b.min))
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .ok_or(ModelError::NoBand {
                model: "GB 18218",
                value: r,
            })?;
        Some(band.grade)
    } else {
        None
    };
    Ok(Gb18218Result {
        model_version: id.model_version,
        items: id.items,
        s: id.s,
        is_major: id.is_major,
        exposed_people: input.exposed_people,
        alpha,
        r,
        grade,
        factors,
    })
}

/// α for a head count: the row with the highest `min_people` the count reaches.
///
/// # Errors
/// [`ModelError::NoAlpha`] when every row starts above the count.
pub fn alpha_for(doc: &ModelDocument, people: u32) -> Result<f64, ModelError> {
    doc.gb18218
        .alpha
        .iter()
        .filter(|row| row.min_people <= people)
        .max_by_key(|row| row.min_people)
        .map(|row| row.alpha)
        .ok_or(ModelError::NoAlpha { people })
}

/// The Table 1 entry for a Chinese name, alias or CAS number, if any.
///
/// # Errors
/// [`ModelError::AmbiguousChemical`] when it matches several entries: both 硝酸铵 rows
/// share a CAS number, and guessing between Q = 5 and Q = 50 is not ours to do.
pub fn find_chemical<'a>(
    doc: &'a ModelDocument,
    name: &str,
) -> Result<Option<&'a NamedChemical>, ModelError> {
    find_listed(&doc.gb18218, name)
}

fn find_listed<'a>(
    cfg: &'a Gb18218Config,
    name: &str,
) -> Result<Option<&'a NamedChemical>, ModelError> {
    let hits: Vec<&NamedChemical> = cfg
        .chemicals
        .iter()
        .filter(|c| matches(name, &c.name, &c.aliases, &c.cas))
        .collect();
    match hits.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => Err(ModelError::AmbiguousChemical {
            name: name.trim().to_string(),
            candidates: many.iter().map(|c| c.name.clone()).collect(),
        }),
    }
}

/// Compares names the way assessors type them: full-width and half-width brackets and
/// commas alike, spaces ignored, Latin letters in any case.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '［' | '【' => '[',
            '］' | '】' => ']',
            '，' | '、' => ',',
            '／' => '/',
            _ => c.to_ascii_lowercase(),
        })
        .collect()
}

fn matches(input: &str, name: &str, aliases: &[String], cas: &[String]) -> bool {
    let key = normalise(input);
    if key.is_empty() {
        return false;
    }
    std::iter::once(name)
        .chain(aliases.iter().map(String::as_str))
        .any(|n| normalise(n) == key)
        || cas.iter().any(|c| c.trim() == input.trim())
}

fn find_category<'a>(
    cfg: &'a Gb18218Config,
    symbol: &str,
) -> Result<&'a HazardCategory, ModelError> {
    let key = normalise(symbol);
    cfg.categories
        .iter()
        .find(|c| normalise(&c.symbol) == key)
        .ok_or_else(|| ModelError::UnknownCategory {
            symbol: symbol.trim().to_string(),
            known: cfg.categories.iter().map(|c| c.symbol.clone()).collect(),
        })
}

/// Table 3's β for the chemical as typed or, when it is in Table 1, under any of its
/// Table 1 names or CAS numbers.
fn toxic_beta(cfg: &Gb18218Config, input: &str, listed: Option<&NamedChemical>) -> Option<f64> {
    cfg.toxic_gases
        .iter()
        .find(|g| {
            matches(input, &g.name, &g.aliases, &g.cas)
                || listed.is_some_and(|c| {
                    std::iter::once(&c.name)
                        .chain(&c.aliases)
                        .chain(&c.cas)
                        .any(|n| matches(n, &g.name, &g.aliases, &g.cas))
                })
        })
        .map(|g| g.beta)
}

fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

fn resolve(cfg: &Gb18218Config, item: &Inventory) -> Result<ItemResult, ModelError> {
    let (label, q_cap, q_source, beta) = match &item.substance {
        Substance::Named { name, category } => {
            let category = category
                .as_deref()
                .map(|s| find_category(cfg, s))
                .transpose()?;
            let listed = find_listed(cfg, name)?;
            let (label, q_cap, q_source) = match (listed, category) {
                (Some(c), _) => (c.name.clone(), c.critical_quantity_t, ValueSource::Table1),
                (None, Some(cat)) => (
                    name.trim().to_string(),
                    cat.critical_quantity_t,
                    ValueSource::Table2 {
                        symbol: cat.symbol.clone(),
                    },
                ),
                (None, None) => {
                    return Err(ModelError::UnknownChemical {
                        name: name.trim().to_string(),
                    })
                }
            };
            let beta = match (toxic_beta(cfg, name, listed), category) {
                (Some(b), _) => Some((b, ValueSource::Table3)),
                (None, Some(cat)) => Some((
                    cat.beta,
                    ValueSource::Table4 {
                        symbol: cat.symbol.clone(),
                    },
                )),
                (None, None) => None,
            };
            (label, q_cap, q_source, beta)
        }
        Substance::Explicit {
            label,
            critical_quantity_t,
            beta,
        } => (
            label.trim().to_string(),
            *critical_quantity_t,
            ValueSource::Assessor,
            beta.map(|b| (b, ValueSource::Assessor)),
        ),
    };
    if !(item.quantity_t.is_finite() && item.quantity_t >= 0.0) {
        return Err(ModelError::BadQuantity {
            substance: label,
            quantity_t: item.quantity_t,
        });
    }
    if !positive(q_cap) {
        return Err(ModelError::BadCriticalQuantity {
            substance: label,
            critical_quantity_t: q_cap,
        });
    }
    if let Some((b, _)) = beta {
        if !positive(b) {
            return Err(ModelError::BadBeta {
                substance: label,
                beta: b,
            });
        }
    }
    let ratio = item.quantity_t / q_cap;
    Ok(ItemResult {
        label,
        quantity_t: item.quantity_t,
        critical_quantity_t: q_cap,
        q_source,
        ratio,
        beta: beta.as_ref().map(|(b, _)| *b),
        weighted: beta.as_ref().map(|(b, _)| b * ratio),
        beta_source: beta.map(|(_, s)| s),
    })
}

fn ratio_factor(item: &ItemResult) -> Factor {
    let working = format!(
        "{} t ÷ {} t",
        format_number(item.quantity_t),
        format_number(item.critical_quantity_t)
    );
    Factor {
        symbol: "q/Q".to_string(),
        label_zh: item.label.clone(),
        label_en: item.label.clone(),
        value: item.ratio,
        detail_zh: working.clone(),
        detail_en: working,
    }
}

fn s_line(ratios: &[Factor], s: f64, is_major: bool, zh: bool) -> String {
    let terms: Vec<String> = ratios.iter().map(|f| format_number(f.value)).collect();
    let sum = if terms.is_empty() {
        "0".to_string()
    } else {
        terms.join(" + ")
    };
    let verdict = match (is_major, zh) {
        (true, true) => "≥ 1，构成重大危险源",
        (false, true) => "< 1，不构成重大危险源",
        (true, false) => "≥ 1: a major hazard source",
        (false, false) => "< 1: not a major hazard source",
    };
    format!("S = Σq/Q = {sum} = {} {verdict}", format_number(s))
}

impl Default for Gb18218Config {
    fn default() -> Self {
        let chem = |name: &str, aliases: &[&str], cas: &[&str], q: f64| NamedChemical {
            name: name.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            cas: cas.iter().map(|s| s.to_string()).collect(),
            critical_quantity_t: q,
        };
        let chemicals = vec![
            chem("氨", &["液氨", "氨气"], &["7664-41-7"], 10.0),
            chem("氯", &["液氯", "氯气"], &["7782-50-5"], 5.0),
            chem("硫化氢", &[], &["7783-06-4"], 5.0),
            // Table 3 and everyday usage say 氯化氢 for the anhydrous gas; without the
            // alias a typed 氯化氢 would fall back to a category Q larger than 20 t.
            chem(
                "氯化氢(无水)",
                &["氯化氢", "无水氯化氢"],
                &["7647-01-0"],
                20.0,
            ),
            chem("二氧化硫", &["亚硫酸酐"], &["7446-09-5"], 20.0),
            chem("光气", &["碳酰氯"], &["75-44-5"], 0.3),
            chem("异氰酸甲酯", &["甲基异氰酸酯"], &["624-83-9"], 0.75),
            chem("氰化氢", &["无水氢氰酸"], &["74-90-8"], 1.0),
            chem("氟化氢", &[], &["7664-39-3"], 1.0),
            chem("环氧乙烷", &["氧化乙烯"], &["75-21-8"], 10.0),
            chem("溴甲烷", &["甲基溴"], &["74-83-9"], 10.0),
            chem(
                "甲烷",
                // LNG is natural gas stored liquefied; registers and plant lists write 液化天然气.
                &["天然气", "甲烷,天然气", "甲烷/天然气", "液化天然气", "LNG"],
                &["74-82-8", "8006-14-2"],
                50.0,
            ),
            chem(
                "液化石油气",
                &["液化石油气(含丙烷、丁烷及其混合物)", "石油气(液化的)"],
                &["68476-85-7", "74-98-6", "106-97-8"],
                50.0,
            ),
            chem("氢", &["氢气"], &["1333-74-0"], 5.0),
            chem("乙炔", &["电石气"], &["74-86-2"], 1.0),
            chem("乙烯", &[], &["74-85-1"], 50.0),
            chem("1,3-丁二烯", &["联乙烯"], &["106-99-0"], 5.0),
            chem("二甲醚", &["甲醚"], &["115-10-6"], 50.0),
            chem("氯乙烯", &["乙烯基氯"], &["75-01-4"], 50.0),
            chem(
                "氧(压缩的或液化的)",
                &["氧(压缩/液化)", "氧", "氧气", "液氧"],
                &["7782-44-7"],
                200.0,
            ),
            chem("苯", &["纯苯"], &["71-43-2"], 50.0),
            chem("甲苯", &["甲基苯", "苯基甲烷"], &["108-88-3"], 500.0),
            chem("甲醇", &["木醇", "木精"], &["67-56-1"], 500.0),
            chem("乙醇", &["酒精"], &["64-17-5"], 500.0),
            chem("丙酮", &["二甲基酮"], &["67-64-1"], 500.0),
            chem(
                "汽油",
                &[
                    "汽油(乙醇汽油、甲醇汽油)",
                    "汽油(含乙醇/甲醇汽油)",
                    "乙醇汽油",
                    "甲醇汽油",
                ],
                &["86290-81-5"],
                200.0,
            ),
            chem("乙醚", &["二乙基醚"], &["60-29-7"], 10.0),
            chem("乙酸乙酯", &["醋酸乙酯"], &["141-78-6"], 500.0),
            chem("正己烷", &["己烷"], &["110-54-3"], 500.0),
            chem("二硫化碳", &[], &["75-15-0"], 50.0),
            chem(
                "丙烯腈",
                &["2-丙烯腈", "乙烯基氰", "氰基乙烯"],
                &["107-13-1"],
                50.0,
            ),
            chem(
                "硝酸铵(含可燃物>0.2%)",
                &["硝酸铵(含可燃物>0.2%,包括以碳计算的任何有机物,但不包括任何其他添加剂)"],
                &["6484-52-2"],
                5.0,
            ),
            chem(
                "硝酸铵(含可燃物≤0.2%)",
                &["硝酸铵(≤0.2%)"],
                &["6484-52-2"],
                50.0,
            ),
            chem("电石", &["碳化钙"], &["75-20-7"], 100.0),
            chem("钠", &["金属钠"], &["7440-23-5"], 10.0),
            chem("钾", &["金属钾"], &["7440-09-7"], 1.0),
            chem("煤气", &["煤气(CO,CO和H₂、CH₄的混合物等)"], &[], 20.0),
        ];
        let gas = |name: &str, aliases: &[&str], cas: &str, beta: f64| ToxicGasBeta {
            name: name.to_string(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            cas: vec![cas.to_string()],
            beta,
        };
        let toxic_gases = vec![
            gas("一氧化碳", &[], "630-08-0", 2.0),
            gas("二氧化硫", &[], "7446-09-5", 2.0),
            gas("氨", &[], "7664-41-7", 2.0),
            gas("环氧乙烷", &[], "75-21-8", 2.0),
            gas("氯化氢", &[], "7647-01-0", 3.0),
            gas("溴甲烷", &[], "74-83-9", 3.0),
            gas("氯", &[], "7782-50-5", 4.0),
            gas("硫化氢", &[], "7783-06-4", 5.0),
            gas("氟化氢", &[], "7664-39-3", 5.0),
            gas("二氧化氮", &[], "10102-44-0", 10.0),
            gas("氰化氢", &[], "74-90-8", 10.0),
            gas("碳酰氯", &["光气"], "75-44-5", 20.0),
            gas("磷化氢", &["膦"], "7803-51-2", 20.0),
            gas("异氰酸甲酯", &[], "624-83-9", 20.0),
        ];
        let cat = |symbol: &str, zh: &str, en: &str, q: f64, beta: f64| HazardCategory {
            symbol: symbol.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
            critical_quantity_t: q,
            beta,
        };
        let categories = vec![
            cat(
                "J1",
                "急性毒性 类别1，所有暴露途径，气体",
                "acute toxicity cat. 1, all routes, gas",
                5.0,
                4.0,
            ),
            cat(
                "J2",
                "急性毒性 类别1，所有暴露途径，固体、液体",
                "acute toxicity cat. 1, all routes, solid or liquid",
                50.0,
                1.0,
            ),
            cat(
                "J3",
                "急性毒性 类别2、类别3，所有暴露途径，气体",
                "acute toxicity cat. 2/3, all routes, gas",
                50.0,
                2.0,
            ),
            cat(
                "J4",
                "急性毒性 类别2、类别3，吸入途径，液体（沸点≤35℃）",
                "acute toxicity cat. 2/3, inhalation, liquid (bp ≤ 35 °C)",
                50.0,
                2.0,
            ),
            cat(
                "J5",
                "急性毒性 类别2，所有暴露途径，液体（除J4外）、固体",
                "acute toxicity cat. 2, all routes, liquid (not J4) or solid",
                500.0,
                1.0,
            ),
            cat(
                "W1.1",
                "不稳定爆炸物，1.1项爆炸物",
                "unstable explosives, division 1.1",
                1.0,
                2.0,
            ),
            cat(
                "W1.2",
                "1.2、1.3、1.5、1.6项爆炸物",
                "explosives, divisions 1.2/1.3/1.5/1.6",
                10.0,
                2.0,
            ),
            cat("W1.3", "1.4项爆炸物", "explosives, division 1.4", 50.0, 2.0),
            cat(
                "W2",
                "易燃气体 类别1和类别2",
                "flammable gases cat. 1 and 2",
                10.0,
                1.5,
            ),
            cat(
                "W3",
                "气溶胶 类别1和类别2（净重）",
                "aerosols cat. 1 and 2 (net weight)",
                150.0,
                1.0,
            ),
            cat(
                "W4",
                "氧化性气体 类别1",
                "oxidising gases cat. 1",
                50.0,
                1.0,
            ),
            cat(
                "W5.1",
                "易燃液体 类别1；类别2和3，工作温度高于沸点",
                "flammable liquids cat. 1; cat. 2/3 above boiling point",
                10.0,
                1.5,
            ),
            cat(
                "W5.2",
                "易燃液体 类别2和3，具有引发重大事故的特殊工艺条件",
                "flammable liquids cat. 2/3 under special process conditions",
                50.0,
                1.0,
            ),
            cat(
                "W5.3",
                "不属于W5.1或W5.2的其他类别2易燃液体",
                "other flammable liquids cat. 2",
                1000.0,
                1.0,
            ),
            cat(
                "W5.4",
                "不属于W5.1或W5.2的其他类别3易燃液体",
                "other flammable liquids cat. 3",
                5000.0,
                1.0,
            ),
            cat(
                "W6.1",
                "自反应物质和混合物 A型和B型",
                "self-reactive substances types A and B",
                10.0,
                1.5,
            ),
            cat(
                "W6.2",
                "自反应物质和混合物 C型、D型、E型",
                "self-reactive substances types C, D, E",
                50.0,
                1.0,
            ),
            cat(
                "W7.1",
                "有机过氧化物 A型和B型",
                "organic peroxides types A and B",
                10.0,
                1.5,
            ),
            cat(
                "W7.2",
                "有机过氧化物 C型、D型、E型、F型",
                "organic peroxides types C, D, E, F",
                50.0,
                1.0,
            ),
            cat(
                "W8",
                "自燃液体和自燃固体 类别1",
                "pyrophoric liquids and solids cat. 1",
                50.0,
                1.0,
            ),
            cat(
                "W9.1",
                "氧化性固体和液体 类别1",
                "oxidising solids and liquids cat. 1",
                50.0,
                1.0,
            ),
            cat(
                "W9.2",
                "氧化性固体和液体 类别2、类别3",
                "oxidising solids and liquids cat. 2/3",
                200.0,
                1.0,
            ),
            cat(
                "W10",
                "易燃固体 类别1",
                "flammable solids cat. 1",
                200.0,
                1.0,
            ),
            cat(
                "W11",
                "遇水放出易燃气体的物质和混合物 类别1和类别2",
                "substances emitting flammable gas with water cat. 1 and 2",
                200.0,
                1.0,
            ),
        ];
        let alpha = [(100, 2.0), (50, 1.5), (30, 1.2), (1, 1.0), (0, 0.5)]
            .map(|(min_people, alpha)| AlphaRow { min_people, alpha })
            .to_vec();
        let grades = [
            (100.0, HazardSourceGrade::First),
            (50.0, HazardSourceGrade::Second),
            (10.0, HazardSourceGrade::Third),
            (0.0, HazardSourceGrade::Fourth),
        ]
        .map(|(min, grade)| HazardSourceBand { min, grade })
        .to_vec();
        Gb18218Config {
            identification_threshold: 1.0,
            chemicals,
            toxic_gases,
            categories,
            alpha,
            grades,
            fields: SourceFields::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18218_names_match_across_bracket_widths_and_spaces() {
        assert_eq!(normalise(" 氧（压缩/液化） "), normalise("氧(压缩/液化)"));
        assert_eq!(normalise("w5.4"), normalise("W5.4"));
        let doc = ModelDocument::default();
        let c = find_chemical(&doc, "氯化氢（无水）").unwrap().unwrap();
        assert_eq!(c.critical_quantity_t, 20.0);
        assert_eq!(
            find_chemical(&doc, "7782-44-7").unwrap().unwrap().name,
            "氧(压缩的或液化的)"
        );
        assert_eq!(find_chemical(&doc, "").unwrap(), None);
    }

    #[test]
    fn gb18218_table3_beta_found_through_table1_cas() {
        let cfg = Gb18218Config::default();
        let listed = cfg.chemicals.iter().find(|c| c.name == "氯化氢(无水)");
        assert_eq!(toxic_beta(&cfg, "氯化氢(无水)", listed), Some(3.0));
        let phosgene = cfg.chemicals.iter().find(|c| c.name == "光气");
        assert_eq!(toxic_beta(&cfg, "光气", phosgene), Some(20.0));
        assert_eq!(toxic_beta(&cfg, "苯", None), None);
    }
}
