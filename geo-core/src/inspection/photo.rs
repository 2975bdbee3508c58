//! References to photos and signature images. The bytes live in the app's photo store and
//! in project files under `photos/`; records carry only these references, so a record
//! stays small enough to list and merge.

use serde::{Deserialize, Serialize};

/// Photos per record, as ledgers allow (domain.md §5.2).
pub const MAX_PHOTOS: usize = 6;

/// A photo or signature image kept elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhotoRef {
    /// The key in the photo store and the file stem in a project file's `photos/`.
    pub id: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub mime: String,
    /// Pixels, for laying out reports before the bytes are loaded.
    pub width: u32,
    pub height: u32,
}

impl PhotoRef {
    /// The file extension its bytes are stored under.
    pub fn extension(&self) -> &'static str {
        extension_for(&self.mime)
    }
}

/// `jpg` for JPEG and anything unknown, so a project file always names photos `<id>.<ext>`.
pub fn extension_for(mime: &str) -> &'static str {
    match mime {
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpg",
    }
}

/// Photo ids become file names inside project files: ASCII letters, digits, `-` and `_`,
/// 1–64 of them, so no id can climb out of `photos/` or clash by case-folding dots.
pub fn is_valid_photo_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_id_rules() {
        assert!(is_valid_photo_id("p-20261129_01"));
        assert!(!is_valid_photo_id(""));
        assert!(!is_valid_photo_id("../x"));
        assert!(!is_valid_photo_id("a.jpg"));
        assert!(!is_valid_photo_id("照片"));
        assert!(!is_valid_photo_id(&"a".repeat(65)));
    }
}
