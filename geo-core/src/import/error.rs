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
    /// A table without recognisable longitude/latitude headers.
    NoCoordinateColumns { file: String, headers: Vec<String> },
    /// The user named a column the table does not have.
    NoSuchColumn {
        file: String,
        column: String,
        headers: Vec<String>,
    },
    /// Neither the name nor the content says what format this is.
    UnknownFormat { file: String },
    /// A container (zip, xlsx, kmz) or a binary format that could not be read.
    Malformed {
        file: String,
        format: &'static str,
        msg: String,
    },
    /// A size or nesting limit protecting the page from hostile input.
    TooLarge { file: String, msg: String },
    /// The coordinate system given or found is not usable.
    Crs { file: String, msg: String },
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
            ImportError::NoCoordinateColumns { file, headers } => write!(
                f,
                "{file}: 找不到经纬度列（表头为 {}）/ no longitude/latitude columns found; name them 经度/纬度 or lon/lat, or choose them in the import dialog",
                headers.join("、")
            ),
            ImportError::NoSuchColumn { file, column, headers } => write!(
                f,
                "{file}: 没有名为“{column}”的列（现有：{}）/ no column named \"{column}\"",
                headers.join("、")
            ),
            ImportError::UnknownFormat { file } => write!(
                f,
                "{file}: 无法识别的文件格式 / unknown file format (GeoJSON, TopoJSON, CSV, XLSX, KML, KMZ, zipped Shapefile or FlatGeobuf)"
            ),
            ImportError::Malformed { file, format, msg } => {
                write!(f, "{file}: {format} 文件已损坏或无法读取 / unreadable {format} file: {msg}")
            }
            ImportError::TooLarge { file, msg } => write!(f, "{file}: 超出安全限制 / over a safety limit: {msg}"),
            ImportError::Crs { file, msg } => write!(f, "{file}: {msg}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// A feature that was skipped or repaired, or something about the whole layer worth
/// checking (swapped axes, far from the other layers).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportWarning {
    pub file: String,
    /// 0-based index of the feature in the file, when the warning is about one.
    pub feature: usize,
    /// 1-based row of a table; the message then names row and column itself.
    pub row: Option<usize>,
    pub msg: String,
}

impl ImportWarning {
    /// A warning about the layer as a whole.
    pub fn layer(file: &str, msg: String) -> Self {
        ImportWarning {
            file: file.to_string(),
            feature: usize::MAX,
            row: None,
            msg,
        }
    }
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.row.is_some() || self.feature == usize::MAX {
            return write!(f, "{}: {}", self.file, self.msg);
        }
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
