//! The project file: a zip that carries one device's inspection records to another (or to
//! a backup). Entries:
//!
//! * `manifest.json`: format name, version, creation time (as the caller gives it), counts;
//! * `dangers.json`: hidden-danger records (any schema [`migrate`](crate::inspection::migrate()) reads);
//! * `inspections.json`: inspections;
//! * `templates.json`: the user's checklist templates, as [`export_templates`](crate::inspection::export_templates) writes;
//! * `photos/<id>.<ext>`: the bytes of photos and signatures, by [`PhotoRef`] id.
//!
//! Reading never trusts the file: sizes are capped while inflating (not taken from the
//! headers), every entry's problem names the entry, and no input panics (fuzzed).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::io::{Cursor, Read, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::photo::{extension_for, is_valid_photo_id};
use super::{
    export_templates, import_templates, migrate, ChecklistTemplate, HiddenDanger, Inspection,
    PhotoRef, INSPECTION_SCHEMA_VERSION,
};

/// The manifest's `format`.
pub const PROJECT_FORMAT: &str = "xiantu-project";
/// The project file version this code writes; it reads this and older.
pub const PROJECT_VERSION: u32 = 1;

const MANIFEST: &str = "manifest.json";
const DANGERS: &str = "dangers.json";
const INSPECTIONS: &str = "inspections.json";
const TEMPLATES: &str = "templates.json";
const PHOTOS: &str = "photos/";

/// Largest JSON entry we inflate: far above a real ledger, far below a tab's memory.
const MAX_JSON: u64 = 256 << 20;
/// Largest photo (a phone photo is a few MB; signatures are tiny).
const MAX_PHOTO: u64 = 32 << 20;
/// Everything inflated from one file.
const MAX_TOTAL: u64 = 2 << 30;
const MAX_ENTRIES: usize = 100_000;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// When the file was written, as the caller formats it (ISO 8601 recommended).
    pub created: String,
    pub dangers: usize,
    pub inspections: usize,
    pub templates: usize,
    pub photos: usize,
}

/// What a project file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectContents {
    pub dangers: Vec<HiddenDanger>,
    pub inspections: Vec<Inspection>,
    /// User templates (built-in ones are part of the app, not of the file).
    pub templates: Vec<ChecklistTemplate>,
    /// Image bytes by [`PhotoRef`] id.
    pub photos: BTreeMap<String, Vec<u8>>,
}

/// A project file read back.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedProject {
    pub manifest: Manifest,
    pub contents: ProjectContents,
    /// Ids the records refer to with no bytes in the file (exported without them); the
    /// records are kept and show a placeholder.
    pub missing_photos: Vec<String>,
}

/// Why a project file cannot be written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectFileError {
    /// Not a zip, or a broken one.
    NotZip(String),
    MissingEntry(&'static str),
    WrongFormat {
        found: String,
    },
    TooNew {
        version: u64,
    },
    /// An entry (or the whole file) inflates past the limits.
    TooLarge {
        entry: String,
    },
    /// An entry's content is wrong: which entry, which record if any, what.
    Entry {
        entry: String,
        record: Option<String>,
        msg: String,
    },
    /// A photo id that cannot be a file name (written) or a `photos/` name that is not one.
    BadPhotoName {
        name: String,
    },
}

impl fmt::Display for ProjectFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotZip(e) => write!(
                f,
                "不是有效的项目文件（zip 无法读取：{e}）/ not a valid project file (zip: {e})"
            ),
            Self::MissingEntry(name) => {
                write!(f, "项目文件缺少 {name} / project file lacks {name}")
            }
            Self::WrongFormat { found } => write!(
                f,
                "不是险图项目文件（format 为 “{found}”）/ not a Xiantu project file"
            ),
            Self::TooNew { version } => write!(
                f,
                "项目文件版本 {version} 比本程序支持的 {PROJECT_VERSION} 新，请更新程序 / project file version {version} is newer than this app's"
            ),
            Self::TooLarge { entry } => write!(
                f,
                "项目文件中 {entry} 过大 / {entry} is too large"
            ),
            Self::Entry { entry, record, msg } => match record {
                Some(r) => write!(f, "{entry} 中的 {r}：{msg} / in {entry}, {r}: {msg}"),
                None => write!(f, "{entry}：{msg} / in {entry}: {msg}"),
            },
            Self::BadPhotoName { name } => write!(
                f,
                "照片名称无效：“{name}” / invalid photo name"
            ),
        }
    }
}

impl std::error::Error for ProjectFileError {}

fn entry_err(entry: &str, record: Option<String>, msg: impl fmt::Display) -> ProjectFileError {
    ProjectFileError::Entry {
        entry: entry.to_string(),
        record,
        msg: msg.to_string(),
    }
}

/// Writes a project file. Photos are written in id order with the extension of the
/// [`PhotoRef`] that names them (`jpg` when no record does), and every entry carries the
/// zip epoch as its time, so the same contents give the same bytes.
///
/// # Errors
/// [`ProjectFileError::BadPhotoName`] for a photo id that is not a safe file name.
pub fn write_project_file(
    contents: &ProjectContents,
    created: &str,
) -> Result<Vec<u8>, ProjectFileError> {
    write_with_photos(contents, &contents.photos, created)
}

/// As [`write_project_file`], with the photo bytes from a map kept elsewhere (the app's
/// store); `contents.photos` is ignored.
pub fn write_project_file_with(
    contents: &ProjectContents,
    photos: &HashMap<String, Vec<u8>>,
    created: &str,
) -> Result<Vec<u8>, ProjectFileError> {
    let sorted: BTreeMap<String, Vec<u8>> =
        photos.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    write_with_photos(contents, &sorted, created)
}

fn write_with_photos(
    contents: &ProjectContents,
    photos: &BTreeMap<String, Vec<u8>>,
    created: &str,
) -> Result<Vec<u8>, ProjectFileError> {
    let mime: HashMap<&str, &str> = contents
        .dangers
        .iter()
        .flat_map(HiddenDanger::photo_refs)
        .map(|p| (p.id.as_str(), p.mime.as_str()))
        .collect();
    for id in photos.keys() {
        if !is_valid_photo_id(id) {
            return Err(ProjectFileError::BadPhotoName { name: id.clone() });
        }
    }
    let manifest = Manifest {
        format: PROJECT_FORMAT.into(),
        version: PROJECT_VERSION,
        created: created.to_string(),
        dangers: contents.dangers.len(),
        inspections: contents.inspections.len(),
        templates: contents.templates.len(),
        photos: photos.len(),
    };
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    // Photos are already compressed; deflating them again only costs time.
    let stored = opts.compression_method(CompressionMethod::Stored);
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let io = |e: zip::result::ZipError| ProjectFileError::NotZip(e.to_string());
    let put = |z: &mut ZipWriter<Cursor<Vec<u8>>>,
               name: &str,
               o: SimpleFileOptions,
               bytes: &[u8]|
     -> Result<(), ProjectFileError> {
        z.start_file(name, o).map_err(io)?;
        z.write_all(bytes)
            .map_err(|e| ProjectFileError::NotZip(e.to_string()))
    };
    put(&mut z, MANIFEST, opts, json(&manifest).as_bytes())?;
    put(
        &mut z,
        DANGERS,
        opts,
        json(contents.dangers.as_slice()).as_bytes(),
    )?;
    put(
        &mut z,
        INSPECTIONS,
        opts,
        json(contents.inspections.as_slice()).as_bytes(),
    )?;
    put(
        &mut z,
        TEMPLATES,
        opts,
        export_templates(&contents.templates).as_bytes(),
    )?;
    for (id, bytes) in photos {
        let ext = extension_for(mime.get(id.as_str()).copied().unwrap_or(""));
        put(&mut z, &format!("{PHOTOS}{id}.{ext}"), stored, bytes)?;
    }
    Ok(z.finish().map_err(io)?.into_inner())
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string_pretty(v).expect("records serialise")
}

/// Reads a project file.
///
/// # Errors
/// A [`ProjectFileError`] naming the entry (and record) at fault. Records of older schemas
/// are upgraded; a record newer than this app refuses the file rather than lose fields.
pub fn read_project_file(bytes: &[u8]) -> Result<ImportedProject, ProjectFileError> {
    let mut zip =
        ZipArchive::new(Cursor::new(bytes)).map_err(|e| ProjectFileError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(ProjectFileError::TooLarge {
            entry: format!("{} 个条目 / entries", zip.len()),
        });
    }
    let mut budget = MAX_TOTAL;
    let manifest_bytes = read_entry(&mut zip, MANIFEST, MAX_JSON, &mut budget)?
        .ok_or(ProjectFileError::MissingEntry(MANIFEST))?;
    let manifest = read_manifest(&manifest_bytes)?;

    let dangers = match read_entry(&mut zip, DANGERS, MAX_JSON, &mut budget)? {
        None => Vec::new(),
        Some(b) => read_dangers(&b)?,
    };
    let inspections = match read_entry(&mut zip, INSPECTIONS, MAX_JSON, &mut budget)? {
        None => Vec::new(),
        Some(b) => read_inspections(&b)?,
    };
    let templates = match read_entry(&mut zip, TEMPLATES, MAX_JSON, &mut budget)? {
        None => Vec::new(),
        Some(b) => {
            let text = utf8(TEMPLATES, &b)?;
            import_templates(text).map_err(|e| entry_err(TEMPLATES, None, e))?
        }
    };

    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with(PHOTOS) && n.len() > PHOTOS.len())
        .map(|n| n.into_owned())
        .collect();
    let mut photos = BTreeMap::new();
    for name in names {
        let stem = name[PHOTOS.len()..]
            .rsplit_once('.')
            .map_or(&name[PHOTOS.len()..], |(s, _)| s);
        if !is_valid_photo_id(stem) {
            return Err(ProjectFileError::BadPhotoName { name });
        }
        if let Some(b) = read_entry(&mut zip, &name, MAX_PHOTO, &mut budget)? {
            photos.insert(stem.to_string(), b);
        }
    }
    let referenced: BTreeSet<&str> = dangers
        .iter()
        .flat_map(HiddenDanger::photo_refs)
        .map(|p: &PhotoRef| p.id.as_str())
        .collect();
    let missing_photos = referenced
        .into_iter()
        .filter(|id| !photos.contains_key(*id))
        .map(str::to_string)
        .collect();
    Ok(ImportedProject {
        manifest,
        contents: ProjectContents {
            dangers,
            inspections,
            templates,
            photos,
        },
        missing_photos,
    })
}

/// One entry's bytes (`None` if absent), inflating at most `limit` bytes and drawing on
/// the file's total `budget`, whatever the headers claim.
fn read_entry(
    zip: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, ProjectFileError> {
    let entry = match zip.by_name(name) {
        Ok(e) => e,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(entry_err(name, None, e)),
    };
    let cap = limit.min(*budget);
    let mut out = Vec::with_capacity(entry.size().min(cap).min(1 << 20) as usize);
    entry
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| entry_err(name, None, e))?;
    if out.len() as u64 > cap {
        return Err(ProjectFileError::TooLarge {
            entry: name.to_string(),
        });
    }
    *budget -= out.len() as u64;
    Ok(Some(out))
}

fn utf8<'a>(entry: &str, bytes: &'a [u8]) -> Result<&'a str, ProjectFileError> {
    std::str::from_utf8(bytes).map_err(|e| entry_err(entry, None, e))
}

fn read_manifest(bytes: &[u8]) -> Result<Manifest, ProjectFileError> {
    let v: Value =
        serde_json::from_str(utf8(MANIFEST, bytes)?).map_err(|e| entry_err(MANIFEST, None, e))?;
    let format = v.get("format").and_then(Value::as_str).unwrap_or("");
    if format != PROJECT_FORMAT {
        return Err(ProjectFileError::WrongFormat {
            found: format.to_string(),
        });
    }
    if let Some(version) = v.get("version").and_then(Value::as_u64) {
        if version > u64::from(PROJECT_VERSION) {
            return Err(ProjectFileError::TooNew { version });
        }
    }
    serde_json::from_value(v).map_err(|e| entry_err(MANIFEST, None, e))
}

/// `#n` (1-based) and the record's key if it has one, for messages.
fn record_label(index: usize, v: &Value, key: &str) -> String {
    match v.get(key).and_then(Value::as_str) {
        Some(k) if !k.is_empty() => format!("第 {} 条（{k}）", index + 1),
        _ => format!("第 {} 条", index + 1),
    }
}

fn read_dangers(bytes: &[u8]) -> Result<Vec<HiddenDanger>, ProjectFileError> {
    let values: Vec<Value> =
        serde_json::from_str(utf8(DANGERS, bytes)?).map_err(|e| entry_err(DANGERS, None, e))?;
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let label = record_label(i, &v, "number");
            migrate(v).map_err(|e| entry_err(DANGERS, Some(label), e))
        })
        .collect()
}

fn read_inspections(bytes: &[u8]) -> Result<Vec<Inspection>, ProjectFileError> {
    let values: Vec<Value> = serde_json::from_str(utf8(INSPECTIONS, bytes)?)
        .map_err(|e| entry_err(INSPECTIONS, None, e))?;
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let label = record_label(i, &v, "id");
            match v.get("schema").and_then(Value::as_u64) {
                Some(s) if s > u64::from(INSPECTION_SCHEMA_VERSION) => {
                    return Err(entry_err(
                        INSPECTIONS,
                        Some(label),
                        format!("格式版本 {s} 过新 / schema {s} is newer than this app's"),
                    ))
                }
                _ => {}
            }
            serde_json::from_value(v).map_err(|e| entry_err(INSPECTIONS, Some(label), e))
        })
        .collect()
}
