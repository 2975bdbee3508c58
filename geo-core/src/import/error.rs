use std::fmt;

/// Why a file could not be loaded at all. Messages are Chinese first, then English,
/// because they are shown to users as they are.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The bytes are not UTF-8 text.
    NotText { file: String, offset: usize },
    /// The text is not JSON; line and column are 1-based as editors show them.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        msg: String,
    },
    /// Valid JSON but not GeoJSON (no `type`, or a type we do not know).
    NotGeoJson { file: String, msg: String },
    /// The `"xiantu"` layer metadata is malformed.
    BadMeta { file: String, msg: String },
    /// Every feature was rejected; the first reason is kept.
    NoUsableFeatures {
        file: String,
        first: Option<ImportWarning>,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::NotText { file, offset } => write!(
                f,
                "{file}: 第 {offset} 字节起不是 UTF-8 文本 / not UTF-8 text from byte {offset}"
            ),
            ImportError::Syntax { file, line, column, msg } => write!(
                f,
                "{file}: 第 {line} 行第 {column} 列 JSON 语法错误 / JSON syntax error at line {line}, column {column}: {msg}"
            ),
            ImportError::NotGeoJson { file, msg } => {
                write!(f, "{file}: 不是 GeoJSON / not GeoJSON: {msg}")
            }
            ImportError::BadMeta { file, msg } => {
                write!(f, "{file}: 图层元数据 \"xiantu\" 有误 / bad layer metadata: {msg}")
            }
            ImportError::NoUsableFeatures { file, first } => match first {
                Some(w) => write!(f, "{file}: 没有可用的要素 / no usable features; {w}"),
                None => write!(f, "{file}: 文件中没有要素 / the file has no features"),
            },
        }
    }
}

impl std::error::Error for ImportError {}

/// A feature that was skipped or repaired, by 0-based index in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportWarning {
    pub file: String,
    pub feature: usize,
    pub msg: String,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: 第 {} 个要素 / feature {}: {}",
            self.file,
            self.feature + 1,
            self.feature,
            self.msg
        )
    }
}
