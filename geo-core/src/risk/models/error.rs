use std::fmt;

use super::format_number;

/// Why a model could not produce a result. Messages are Chinese first, then English,
/// because the assessment form shows them as they are.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelError {
    /// A score that is not one of its table's values (LEC L = 7, LS S = 6).
    NotInTable {
        model: &'static str,
        /// The symbol and, for a multi-dimension table, the dimension: `L`, `C·人员伤亡`.
        factor: String,
        value: f64,
        allowed: Vec<f64>,
    },
    /// A dimension key the document does not define.
    UnknownDimension {
        model: &'static str,
        factor: &'static str,
        dimension: String,
        known: Vec<String>,
    },
    /// A multi-dimension factor with no dimension scored, so there is no maximum to take.
    NoDimensionScored {
        model: &'static str,
        factor: &'static str,
    },
    /// The value falls below every band of the document (a misconfigured document).
    NoBand { model: &'static str, value: f64 },
    /// GB 18218: not in Table 1 and no hazard category given to fall back on.
    UnknownChemical { name: String },
    /// GB 18218: the name or CAS matches several Table 1 entries (硝酸铵 has two).
    AmbiguousChemical {
        name: String,
        candidates: Vec<String>,
    },
    /// GB 18218: a category symbol the document's Table 2/4 does not define.
    UnknownCategory { symbol: String, known: Vec<String> },
    /// GB 18218: no β for a chemical outside Table 3 when no category was given.
    NoBeta { name: String },
    /// GB 18218: an actual quantity q that is negative or not a number.
    BadQuantity { substance: String, quantity_t: f64 },
    /// GB 18218: a critical quantity Q that is not positive (assessor's or document's).
    BadCriticalQuantity {
        substance: String,
        critical_quantity_t: f64,
    },
    /// GB 18218: a correction factor β that is not positive.
    BadBeta { substance: String, beta: f64 },
    /// GB 18218: the document's α table has no row for this head count.
    NoAlpha { people: u32 },
    /// A model document that is not valid JSON for [`super::ModelDocument`].
    BadDocument { msg: String },
}

fn list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format_number(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::NotInTable {
                model,
                factor,
                value,
                allowed,
            } => {
                let (v, a) = (format_number(*value), list(allowed));
                write!(
                    f,
                    "{model}：{factor} = {v} 不在取值表中（可选：{a}）/ {model}: {factor} = {v} is not in the table (allowed: {a})"
                )
            }
            ModelError::UnknownDimension {
                model,
                factor,
                dimension,
                known,
            } => write!(
                f,
                "{model}：{factor} 没有名为“{dimension}”的维度（现有：{}）/ {model}: {factor} has no dimension \"{dimension}\"",
                known.join(", ")
            ),
            ModelError::NoDimensionScored { model, factor } => write!(
                f,
                "{model}：{factor} 至少要评一个维度 / {model}: score at least one {factor} dimension"
            ),
            ModelError::NoBand { model, value } => {
                let v = format_number(*value);
                write!(
                    f,
                    "{model}：{v} 低于模型文件中所有分级的下限 / {model}: {v} is below every band of the model document"
                )
            }
            ModelError::UnknownChemical { name } => write!(
                f,
                "GB 18218：“{name}”不在表1中，请给出危险性类别（表2）/ GB 18218: \"{name}\" is not in Table 1; give its hazard category (Table 2)"
            ),
            ModelError::AmbiguousChemical { name, candidates } => write!(
                f,
                "GB 18218：“{name}”对应表1中多个条目（{}），请写明具体名称 / GB 18218: \"{name}\" matches several Table 1 entries; use the full name",
                candidates.join("；")
            ),
            ModelError::UnknownCategory { symbol, known } => write!(
                f,
                "GB 18218：没有类别符号“{symbol}”（现有：{}）/ GB 18218: no hazard category \"{symbol}\"",
                known.join(", ")
            ),
            ModelError::NoBeta { name } => write!(
                f,
                "GB 18218：“{name}”不在表3中，请给出危险性类别以确定 β（表4）/ GB 18218: \"{name}\" is not in Table 3; give its hazard category to find β (Table 4)"
            ),
            ModelError::BadQuantity {
                substance,
                quantity_t,
            } => write!(
                f,
                "GB 18218：“{substance}”的实际存在量 {} t 无效 / GB 18218: quantity {} t of \"{substance}\" must be a number ≥ 0",
                format_number(*quantity_t),
                format_number(*quantity_t)
            ),
            ModelError::BadCriticalQuantity {
                substance,
                critical_quantity_t,
            } => write!(
                f,
                "GB 18218：“{substance}”的临界量 {} t 无效 / GB 18218: critical quantity {} t of \"{substance}\" must be > 0",
                format_number(*critical_quantity_t),
                format_number(*critical_quantity_t)
            ),
            ModelError::BadBeta { substance, beta } => write!(
                f,
                "GB 18218：“{substance}”的校正系数 β = {} 无效 / GB 18218: β = {} of \"{substance}\" must be > 0",
                format_number(*beta),
                format_number(*beta)
            ),
            ModelError::NoAlpha { people } => write!(
                f,
                "GB 18218：α 表中没有 {people} 人对应的行 / GB 18218: the α table has no row for {people} people"
            ),
            ModelError::BadDocument { msg } => {
                write!(f, "风险模型文件有误 / bad risk model document: {msg}")
            }
        }
    }
}

impl std::error::Error for ModelError {}
