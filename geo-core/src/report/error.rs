use std::fmt;

/// Why a report could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportError {
    /// The font bytes are not a TrueType/OpenType font krilla can read.
    BadFont { bytes: usize },
    /// The PDF writer failed (krilla's message).
    Pdf(String),
    /// The DOCX zip could not be written.
    Docx(String),
    /// A cell, figure or signature names an image the document does not hold.
    MissingImage { index: usize, count: usize },
    /// An image's bytes are not the format it is declared as.
    BadImage { index: usize, format: &'static str },
    /// A table row has more cells than the table has columns (row counted from 1).
    TableShape {
        caption: String,
        row: usize,
        cells: usize,
        columns: usize,
    },
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::BadFont { bytes } => {
                write!(f, "字体文件无效（{bytes} 字节）/ the font file is not a usable TrueType font ({bytes} bytes)")
            }
            ReportError::Pdf(msg) => write!(f, "生成 PDF 失败 / PDF writer failed: {msg}"),
            ReportError::Docx(msg) => write!(f, "生成 Word 文件失败 / DOCX writer failed: {msg}"),
            ReportError::MissingImage { index, count } => write!(
                f,
                "报告引用的第 {} 张图片不存在（共 {count} 张）/ the report refers to image {} but holds {count}",
                index + 1,
                index + 1
            ),
            ReportError::BadImage { index, format } => write!(
                f,
                "第 {} 张图片不是有效的 {format} 数据 / image {} is not valid {format} data",
                index + 1,
                index + 1
            ),
            ReportError::TableShape {
                caption,
                row,
                cells,
                columns,
            } => write!(
                f,
                "表格“{caption}”第 {row} 行有 {cells} 个单元格，但只有 {columns} 列 / table “{caption}” row {row} has {cells} cells for {columns} columns"
            ),
        }
    }
}

impl std::error::Error for ReportError {}
