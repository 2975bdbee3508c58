//! Checklist templates (安全检查表): the built-in ones for the twelve categories, and
//! user templates imported and exported as JSON.
//!
//! The file shape is versioned: `{"format": "xiantu-checklists", "version": 1,
//! "templates": [...]}`. An item may omit its `category` (it takes the template's) and
//! its `level` (一般). Import reports every problem with the template and item it is in.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Category, DangerLevel};

/// The `format` of a template file.
pub const TEMPLATE_FORMAT: &str = "xiantu-checklists";
/// The template file version this code writes and reads.
pub const TEMPLATE_VERSION: u32 = 1;

const BUILT_IN: &str = include_str!("templates.json");

/// One check: what to look at, the rule it comes from, and what a failure usually is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Unique within its template (`fire-01`).
    pub id: String,
    /// The requirement as an inspector reads it on site.
    pub text: String,
    /// 判定依据: standard or regulation and clause; empty when none is cited.
    pub basis: String,
    /// The category a finding from this item gets.
    pub category: Category,
    /// The level a finding from this item is suggested at.
    pub level: DangerLevel,
}

/// A checklist: a named list of items, usually of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistTemplate {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub items: Vec<ChecklistItem>,
}

impl ChecklistTemplate {
    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// What is wrong with one template or item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    /// A field is missing or has the wrong type (serde's message).
    Shape(String),
    EmptyId,
    /// Ids are keys in answers and file names: letters, digits, `-`, `_`, `.`, at most 64.
    BadId,
    DuplicateTemplateId,
    DuplicateItemId,
    EmptyName,
    /// A template without a category name (its findings would have none).
    EmptyCategory,
    NoItems,
    EmptyText,
    TooLong {
        field: &'static str,
        chars: usize,
    },
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape(msg) => write!(f, "字段有误：{msg} / wrong shape: {msg}"),
            Self::EmptyId => write!(f, "编号为空 / empty id"),
            Self::BadId => write!(
                f,
                "编号只能含字母、数字、-、_、.，最多 64 个 / id may hold letters, digits, - _ . (64 at most)"
            ),
            Self::DuplicateTemplateId => write!(f, "检查表编号重复 / duplicate template id"),
            Self::DuplicateItemId => write!(f, "检查项编号重复 / duplicate item id"),
            Self::EmptyName => write!(f, "检查表名称为空 / empty template name"),
            Self::EmptyCategory => write!(f, "检查表类别为空 / empty template category"),
            Self::NoItems => write!(f, "检查表没有检查项 / template has no items"),
            Self::EmptyText => write!(f, "检查内容为空 / empty item text"),
            Self::TooLong { field, chars } => {
                write!(f, "{field}过长（{chars} 字）/ {field} too long")
            }
        }
    }
}

/// One problem, located: the template (its id, or `#n` counting from 1 when it has none)
/// and the item if the problem is in one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTemplate {
    pub template: String,
    pub item: Option<String>,
    pub problem: TemplateProblem,
}

impl fmt::Display for InvalidTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "检查表 {}", self.template)?;
        if let Some(item) = &self.item {
            write!(f, " 检查项 {item}")?;
        }
        write!(f, "：{}", self.problem)
    }
}

/// Why a template file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    Json(String),
    WrongFormat {
        found: String,
    },
    UnsupportedVersion {
        found: u64,
    },
    /// Every problem found, in file order.
    Invalid(Vec<InvalidTemplate>),
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "检查表文件不是有效的 JSON：{e} / not valid JSON"),
            Self::WrongFormat { found } => write!(
                f,
                "不是检查表文件（format 为 “{found}”，应为 “{TEMPLATE_FORMAT}”）/ not a checklist file"
            ),
            Self::UnsupportedVersion { found } => write!(
                f,
                "检查表文件版本 {found} 不受支持（支持 {TEMPLATE_VERSION}）/ unsupported version {found}"
            ),
            Self::Invalid(list) => {
                for (i, e) in list.iter().enumerate() {
                    if i > 0 {
                        f.write_str("；")?;
                    }
                    e.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for TemplateError {}

/// The built-in templates, one per category of [`Category::BUILT_IN`], in that order.
pub fn builtin_templates() -> Vec<ChecklistTemplate> {
    // The file is part of the build and a test imports it, so it cannot fail here.
    import_templates(BUILT_IN).expect("templates.json is a valid template file")
}

/// Writes templates as a template file (pretty-printed: people read and diff these).
pub fn export_templates(templates: &[ChecklistTemplate]) -> String {
    #[derive(Serialize)]
    struct File<'a> {
        format: &'static str,
        version: u32,
        templates: &'a [ChecklistTemplate],
    }
    serde_json::to_string_pretty(&File {
        format: TEMPLATE_FORMAT,
        version: TEMPLATE_VERSION,
        templates,
    })
    .expect("templates serialise")
}

/// Reads a template file and checks every template.
///
/// # Errors
/// [`TemplateError::Invalid`] lists every problem with its template and item; the other
/// variants are about the file as a whole.
pub fn import_templates(json: &str) -> Result<Vec<ChecklistTemplate>, TemplateError> {
    let root: Value = serde_json::from_str(json).map_err(|e| TemplateError::Json(e.to_string()))?;
    let format = root.get("format").and_then(Value::as_str).unwrap_or("");
    if format != TEMPLATE_FORMAT {
        return Err(TemplateError::WrongFormat {
            found: format.to_string(),
        });
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(TEMPLATE_VERSION) => {}
        found => {
            return Err(TemplateError::UnsupportedVersion {
                found: found.unwrap_or(0),
            })
        }
    }
    let Some(raw) = root.get("templates").and_then(Value::as_array) else {
        return Err(TemplateError::Invalid(vec![InvalidTemplate {
            template: "-".into(),
            item: None,
            problem: TemplateProblem::Shape("缺少 templates 数组 / no templates array".into()),
        }]));
    };
    let mut errs = Vec::new();
    let mut out = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        if let Some(t) = read_template(i, t, &mut errs) {
            out.push(t);
        }
    }
    errs.extend(validate_templates(&out));
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(TemplateError::Invalid(errs))
    }
}

/// The id for messages, or `#n` (1-based position) when it is blank.
fn id_label(id: &str, index: usize) -> String {
    if id.trim().is_empty() {
        format!("#{}", index + 1)
    } else {
        id.to_string()
    }
}

/// [`id_label`] of a JSON object's `id`.
fn label(v: &Value, index: usize) -> String {
    id_label(v.get("id").and_then(Value::as_str).unwrap_or(""), index)
}

fn read_template(
    index: usize,
    v: &Value,
    errs: &mut Vec<InvalidTemplate>,
) -> Option<ChecklistTemplate> {
    #[derive(Deserialize)]
    struct Head {
        id: String,
        name: String,
        category: Category,
        items: Vec<Value>,
    }
    #[derive(Deserialize)]
    struct RawItem {
        id: String,
        text: String,
        #[serde(default)]
        basis: String,
        category: Option<Category>,
        #[serde(default)]
        level: DangerLevel,
    }
    let template = label(v, index);
    let head: Head = match Head::deserialize(v) {
        Ok(h) => h,
        Err(e) => {
            errs.push(InvalidTemplate {
                template,
                item: None,
                problem: TemplateProblem::Shape(e.to_string()),
            });
            return None;
        }
    };
    let mut items = Vec::with_capacity(head.items.len());
    let mut ok = true;
    for (j, raw) in head.items.iter().enumerate() {
        match RawItem::deserialize(raw) {
            Ok(r) => items.push(ChecklistItem {
                id: r.id,
                text: r.text,
                basis: r.basis,
                category: r.category.unwrap_or_else(|| head.category.clone()),
                level: r.level,
            }),
            Err(e) => {
                ok = false;
                errs.push(InvalidTemplate {
                    template: template.clone(),
                    item: Some(label(raw, j)),
                    problem: TemplateProblem::Shape(e.to_string()),
                });
            }
        }
    }
    ok.then_some(ChecklistTemplate {
        id: head.id,
        name: head.name,
        category: head.category,
        items,
    })
}

fn is_valid_id(id: &str) -> bool {
    id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// What is wrong with an id (blank, bad characters, or already in `seen`); notes it as seen.
fn id_problem<'a>(
    id: &'a str,
    seen: &mut HashSet<&'a str>,
    duplicate: TemplateProblem,
) -> Option<TemplateProblem> {
    if id.trim().is_empty() {
        Some(TemplateProblem::EmptyId)
    } else if !is_valid_id(id) {
        Some(TemplateProblem::BadId)
    } else if !seen.insert(id) {
        Some(duplicate)
    } else {
        None
    }
}

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 1000;
/// The field names [`TemplateProblem::TooLong`] carries, so the editor can place it.
pub(super) const NAME_FIELD: &str = "名称";
pub(super) const TEXT_FIELD: &str = "检查内容";
pub(super) const BASIS_FIELD: &str = "依据";

/// Every problem in a list of templates (ids, names, texts, duplicates), in order.
pub fn validate_templates(templates: &[ChecklistTemplate]) -> Vec<InvalidTemplate> {
    let mut errs = Vec::new();
    let mut template_ids = HashSet::new();
    for (i, t) in templates.iter().enumerate() {
        let template = id_label(&t.id, i);
        for (item, problem) in template_problems(t, &mut template_ids) {
            errs.push(InvalidTemplate {
                template: template.clone(),
                item: item.map(|j| id_label(&t.items[j].id, j)),
                problem,
            });
        }
    }
    errs
}

/// The problems of one template, each with the index of the item it is in. `template_ids`
/// holds the ids of the templates checked before (a duplicate is a problem) and gets this
/// one's.
pub(super) fn template_problems<'a>(
    t: &'a ChecklistTemplate,
    template_ids: &mut HashSet<&'a str>,
) -> Vec<(Option<usize>, TemplateProblem)> {
    let mut out = Vec::new();
    if let Some(p) = id_problem(&t.id, template_ids, TemplateProblem::DuplicateTemplateId) {
        out.push((None, p));
    }
    let name = t.name.trim().chars().count();
    if name == 0 {
        out.push((None, TemplateProblem::EmptyName));
    } else if name > MAX_NAME {
        out.push((
            None,
            TemplateProblem::TooLong {
                field: NAME_FIELD,
                chars: name,
            },
        ));
    }
    if t.category.name().trim().is_empty() {
        out.push((None, TemplateProblem::EmptyCategory));
    }
    if t.items.is_empty() {
        out.push((None, TemplateProblem::NoItems));
    }
    let mut item_ids = HashSet::new();
    for (j, item) in t.items.iter().enumerate() {
        if let Some(p) = id_problem(&item.id, &mut item_ids, TemplateProblem::DuplicateItemId) {
            out.push((Some(j), p));
        }
        let text = item.text.trim().chars().count();
        if text == 0 {
            out.push((Some(j), TemplateProblem::EmptyText));
        }
        for (field, chars) in [
            (TEXT_FIELD, text),
            (BASIS_FIELD, item.basis.chars().count()),
        ] {
            if chars > MAX_TEXT {
                out.push((Some(j), TemplateProblem::TooLong { field, chars }));
            }
        }
    }
    out
}
