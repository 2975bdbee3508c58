//! Reading zip containers (zipped Shapefiles, KMZ, XLSX) within limits, so a zip bomb
//! fails with a clear message instead of exhausting the tab's memory.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::ImportError;

/// Total uncompressed bytes we accept from one archive.
pub const MAX_TOTAL: u64 = 1 << 30;
/// Largest compression ratio we accept for an entry bigger than [`RATIO_FLOOR`].
pub const MAX_RATIO: u64 = 200;
const RATIO_FLOOR: u64 = 1 << 20;
const MAX_ENTRIES: usize = 10_000;

/// Checks every entry's declared sizes against the limits.
pub fn check(file: &str, bytes: &[u8], format: &'static str) -> Result<(), ImportError> {
    let mut zip = open(file, bytes, format)?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_large(
            file,
            format!(
                "{} 个条目，上限 {MAX_ENTRIES} / {} entries",
                zip.len(),
                zip.len()
            ),
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let e = zip.by_index_raw(i).map_err(|e| bad(file, format, e))?;
        total = total.saturating_add(e.size());
        if e.size() > RATIO_FLOOR && e.size() / e.compressed_size().max(1) > MAX_RATIO {
            return Err(too_large(file, {
                let name = e.name().map(|n| n.into_owned()).unwrap_or_default();
                format!("“{name}”压缩比超过 {MAX_RATIO}:1（疑似压缩炸弹）/ entry \"{name}\" compresses more than {MAX_RATIO}:1 (zip bomb?)")
            }));
        }
    }
    if total > MAX_TOTAL {
        return Err(too_large(
            file,
            format!(
                "解压后 {} MB，上限 {} MB / uncompressed size over the limit",
                total >> 20,
                MAX_TOTAL >> 20
            ),
        ));
    }
    Ok(())
}

pub fn open<'a>(
    file: &str,
    bytes: &'a [u8],
    format: &'static str,
) -> Result<ZipArchive<Cursor<&'a [u8]>>, ImportError> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(file, format, e))
}

/// Reads one entry, never more than its declared size (a lying header cannot inflate it).
pub fn read_entry(
    file: &str,
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    format: &'static str,
) -> Result<Vec<u8>, ImportError> {
    let entry = zip.by_name(name).map_err(|e| bad(file, format, e))?;
    let declared = entry.size();
    if declared > MAX_TOTAL {
        return Err(too_large(
            file,
            format!("“{name}”过大 / entry \"{name}\" is too large"),
        ));
    }
    let mut out = Vec::with_capacity(declared as usize);
    entry
        .take(declared + 1)
        .read_to_end(&mut out)
        .map_err(|e| bad(file, format, e))?;
    if out.len() as u64 > declared {
        return Err(too_large(
            file,
            format!("“{name}”实际大小超过声明 / entry \"{name}\" is larger than declared"),
        ));
    }
    Ok(out)
}

/// Entry names, in archive order.
pub fn names(zip: &ZipArchive<Cursor<&[u8]>>) -> Vec<String> {
    zip.file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect()
}

fn bad(file: &str, format: &'static str, e: impl std::fmt::Display) -> ImportError {
    ImportError::Malformed {
        file: file.to_string(),
        format,
        msg: e.to_string(),
    }
}

fn too_large(file: &str, msg: String) -> ImportError {
    ImportError::TooLarge {
        file: file.to_string(),
        msg,
    }
}
