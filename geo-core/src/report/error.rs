use std::fmt;

/// Why a report could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportError {
    /// The font bytes are not a TrueType/OpenType font krilla can read.
    BadFont { bytes: usize },
    /// The PDF writer failed (krilla's message).
    Pdf(String),
    /// The request from the app does not hold together (images and their list differ).
    Request(String),
    /// The DOCX zip could not be written.
    Docx(String),
    /// The XLSX writer refused the workbook (rust_xlsxwriter's message), e.g. more rows
    /// than a sheet holds.
    Xlsx(String),
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportError::BadFont { bytes } => {
                write!(f, "字体文件无效（{bytes} 字节）/ the font file is not a usable TrueType font ({bytes} bytes)")
            }
            ReportError::Pdf(msg) => write!(f, "生成 PDF 失败 / PDF writer failed: {msg}"),
            ReportError::Request(msg) => write!(f, "报告请求有误 / bad report request: {msg}"),
            ReportError::Docx(msg) => write!(f, "生成 Word 文件失败 / DOCX writer failed: {msg}"),
            ReportError::Xlsx(msg) => write!(f, "生成 XLSX 失败 / XLSX writer failed: {msg}"),
        }
    }
}

impl std::error::Error for ReportError {}

impl From<rust_xlsxwriter::XlsxError> for ReportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ReportError::Xlsx(e.to_string())
    }
}
