//! Text decoding for tabular and XML files: UTF-8 (with or without BOM) or, when the bytes
//! are not valid UTF-8, GB18030 — what Excel and many Chinese tools save CSV and DBF in.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// The encoding a file was read in, for the import dialog and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf16,
    Gb18030,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16 => "UTF-16",
            TextEncoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// Decodes `bytes`, choosing UTF-8 when valid and GB18030 otherwise. GB18030 decodes every
/// byte sequence (bad ones become U+FFFD), so this never fails.
pub fn decode(bytes: &[u8]) -> (String, TextEncoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            TextEncoding::Utf8,
        );
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return (UTF_16LE.decode(bytes).0.into_owned(), TextEncoding::Utf16);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return (UTF_16BE.decode(bytes).0.into_owned(), TextEncoding::Utf16);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), TextEncoding::Utf8),
        Err(_) => (
            GB18030.decode_without_bom_handling(bytes).0.into_owned(),
            TextEncoding::Gb18030,
        ),
    }
}

/// True for the code-page names a `.cpg` file uses for Simplified Chinese.
pub fn is_gbk_label(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    ["gbk", "gb2312", "gb18030", "936", "cp936", "ansi 936"].contains(&l.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_utf8_bom_and_gbk() {
        assert_eq!(
            decode("\u{feff}经度".as_bytes()),
            ("经度".to_string(), TextEncoding::Utf8)
        );
        let (gbk, _, _) = GB18030.encode("企业名称,经度");
        assert_eq!(
            decode(&gbk),
            ("企业名称,经度".to_string(), TextEncoding::Gb18030)
        );
        assert!(is_gbk_label(" GBK ") && is_gbk_label("936") && !is_gbk_label("UTF-8"));
    }
}
