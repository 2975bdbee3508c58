//! An inspection (排查): one visit to a site with checklists, the answer to each item, and
//! turning a failed item into a prefilled hidden-danger record.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::history::{short_text, Change, FieldChange, Trail};
use super::{ChecklistItem, ChecklistTemplate, Date, HiddenDanger};

/// Version of the stored [`Inspection`] shape (**API Boundary**, as for hidden dangers).
pub const INSPECTION_SCHEMA_VERSION: u32 = 1;

/// 检查类型, serialised by its Chinese name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InspectionType {
    #[default]
    #[serde(rename = "日常")]
    Routine,
    #[serde(rename = "综合")]
    Comprehensive,
    #[serde(rename = "专项")]
    Special,
    #[serde(rename = "季节性")]
    Seasonal,
    #[serde(rename = "节假日")]
    Holiday,
    #[serde(rename = "政府检查")]
    Government,
    #[serde(rename = "第三方")]
    ThirdParty,
}

impl InspectionType {
    pub const ALL: [InspectionType; 7] = [
        InspectionType::Routine,
        InspectionType::Comprehensive,
        InspectionType::Special,
        InspectionType::Seasonal,
        InspectionType::Holiday,
        InspectionType::Government,
        InspectionType::ThirdParty,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            InspectionType::Routine => "日常",
            InspectionType::Comprehensive => "综合",
            InspectionType::Special => "专项",
            InspectionType::Seasonal => "季节性",
            InspectionType::Holiday => "节假日",
            InspectionType::Government => "政府检查",
            InspectionType::ThirdParty => "第三方",
        }
    }
}

/// The answer to one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    #[serde(rename = "符合")]
    Conforming,
    #[serde(rename = "不符合")]
    NonConforming,
    #[serde(rename = "不适用")]
    NotApplicable,
}

impl Answer {
    pub fn zh(self) -> &'static str {
        match self {
            Answer::Conforming => "符合",
            Answer::NonConforming => "不符合",
            Answer::NotApplicable => "不适用",
        }
    }
}

/// One item of the inspection: a copy of the template's item, so an inspection reads the
/// same after its template is edited or deleted, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionItem {
    pub template_id: String,
    pub item: ChecklistItem,
    /// `None` while not answered yet.
    pub answer: Option<Answer>,
    /// What the inspector saw (free text), the start of a finding's description.
    pub note: String,
}

/// An inspection of one site.
///
/// **API Boundary:** stored and carried in project files; its serde shape changes only with
/// [`INSPECTION_SCHEMA_VERSION`]. Answers change through [`Inspection::answer`], which keeps
/// the history that merging relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inspection {
    pub schema: u32,
    /// Unique across devices (the app adds a device part), since project files merge by id.
    pub id: String,
    pub site_id: String,
    pub site_name: String,
    /// 排查日期, YYYY-MM-DD.
    pub date: String,
    #[serde(rename = "type")]
    pub kind: InspectionType,
    pub inspectors: Vec<String>,
    pub template_ids: Vec<String>,
    pub items: Vec<InspectionItem>,
    #[serde(flatten)]
    pub(crate) trail: Trail,
}

/// Why an inspection operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectionError {
    UnknownItem {
        template_id: String,
        item_id: String,
    },
    /// Only a 不符合 item becomes a hidden danger.
    NotNonConforming { item_id: String },
}

impl fmt::Display for InspectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownItem {
                template_id,
                item_id,
            } => write!(
                f,
                "本次排查没有检查项 {template_id}/{item_id} / no item {template_id}/{item_id} in this inspection"
            ),
            Self::NotNonConforming { item_id } => write!(
                f,
                "检查项 {item_id} 未判定为“不符合”，不能登记隐患 / item {item_id} is not answered 不符合"
            ),
        }
    }
}

impl std::error::Error for InspectionError {}

/// What is wrong with an inspection's own fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidInspection {
    EmptyId,
    BadDate { value: String },
    NoInspector,
}

impl fmt::Display for InvalidInspection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyId => write!(f, "排查记录编号为空 / empty inspection id"),
            Self::BadDate { value } => write!(
                f,
                "排查日期无效：\"{value}\" / invalid date, expected YYYY-MM-DD"
            ),
            Self::NoInspector => write!(f, "请填写检查人 / no inspector"),
        }
    }
}

impl std::error::Error for InvalidInspection {}

/// The site and people of a new inspection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InspectionHeader {
    pub id: String,
    pub site_id: String,
    pub site_name: String,
    pub date: String,
    pub kind: InspectionType,
    pub inspectors: Vec<String>,
}

impl Inspection {
    /// Starts an inspection with every item of the templates, unanswered.
    pub fn new(
        header: InspectionHeader,
        templates: &[&ChecklistTemplate],
        by: &str,
        at: i64,
    ) -> Self {
        let items = templates
            .iter()
            .flat_map(|t| {
                t.items.iter().map(|item| InspectionItem {
                    template_id: t.id.clone(),
                    item: item.clone(),
                    answer: None,
                    note: String::new(),
                })
            })
            .collect();
        Inspection {
            schema: INSPECTION_SCHEMA_VERSION,
            id: header.id,
            site_id: header.site_id,
            site_name: header.site_name,
            date: header.date,
            kind: header.kind,
            inspectors: header.inspectors,
            template_ids: templates.iter().map(|t| t.id.clone()).collect(),
            items,
            trail: Trail::starting(by, at, Change::Created),
        }
    }

    /// Who changed it last, when, and its history.
    pub fn trail(&self) -> &Trail {
        &self.trail
    }

    pub fn item(&self, template_id: &str, item_id: &str) -> Option<&InspectionItem> {
        self.items
            .iter()
            .find(|i| i.template_id == template_id && i.item.id == item_id)
    }

    /// Sets (or with `None` clears) an item's answer and note, recording the change.
    ///
    /// # Errors
    /// [`InspectionError::UnknownItem`] when the inspection has no such item.
    pub fn answer(
        &mut self,
        template_id: &str,
        item_id: &str,
        answer: Option<Answer>,
        note: &str,
        by: &str,
        at: i64,
    ) -> Result<(), InspectionError> {
        let Some(item) = self
            .items
            .iter_mut()
            .find(|i| i.template_id == template_id && i.item.id == item_id)
        else {
            return Err(InspectionError::UnknownItem {
                template_id: template_id.to_string(),
                item_id: item_id.to_string(),
            });
        };
        let text = |a: Option<Answer>, n: &str| {
            let a = a.map(Answer::zh).unwrap_or("未答");
            if n.is_empty() {
                a.to_string()
            } else {
                format!("{a}：{}", short_text(n))
            }
        };
        if item.answer == answer && item.note == note {
            return Ok(());
        }
        let change = FieldChange {
            field: format!("answer:{template_id}/{item_id}"),
            old: text(item.answer, &item.note),
            new: text(answer, note),
        };
        item.answer = answer;
        item.note = note.to_string();
        self.trail.record(
            by,
            at,
            Change::Edited {
                fields: vec![change],
            },
        );
        Ok(())
    }

    /// (answered, total) items.
    pub fn progress(&self) -> (usize, usize) {
        let answered = self.items.iter().filter(|i| i.answer.is_some()).count();
        (answered, self.items.len())
    }

    /// Every item answered.
    pub fn is_complete(&self) -> bool {
        self.items.iter().all(|i| i.answer.is_some())
    }

    /// The 不符合 items, in checklist order.
    pub fn findings(&self) -> impl Iterator<Item = &InspectionItem> {
        self.items
            .iter()
            .filter(|i| i.answer == Some(Answer::NonConforming))
    }

    pub fn validation_errors(&self) -> Vec<InvalidInspection> {
        let mut errs = Vec::new();
        if self.id.trim().is_empty() {
            errs.push(InvalidInspection::EmptyId);
        }
        if Date::parse(&self.date).is_none() {
            errs.push(InvalidInspection::BadDate {
                value: self.date.clone(),
            });
        }
        if self.inspectors.iter().all(|p| p.trim().is_empty()) {
            errs.push(InvalidInspection::NoInspector);
        }
        errs
    }

    /// A hidden-danger record prefilled from a 不符合 item: the site, date, inspectors and
    /// this inspection's id; description from the inspector's note and the item; the item's
    /// basis, category and suggested level. The caller adds the deadline and measures.
    ///
    /// # Errors
    /// [`InspectionError::UnknownItem`], or [`InspectionError::NotNonConforming`] when the
    /// item is not answered 不符合.
    pub fn danger_from_item(
        &self,
        template_id: &str,
        item_id: &str,
        number: &str,
        by: &str,
        at: i64,
    ) -> Result<HiddenDanger, InspectionError> {
        let Some(it) = self.item(template_id, item_id) else {
            return Err(InspectionError::UnknownItem {
                template_id: template_id.to_string(),
                item_id: item_id.to_string(),
            });
        };
        if it.answer != Some(Answer::NonConforming) {
            return Err(InspectionError::NotNonConforming {
                item_id: item_id.to_string(),
            });
        }
        let mut d = HiddenDanger::new(&self.site_id, &self.site_name, &self.date, by, at);
        d.number = number.to_string();
        d.inspection_id = Some(self.id.clone());
        d.checklist_item = Some(format!("{template_id}/{item_id}"));
        d.description = if it.note.trim().is_empty() {
            format!("不符合检查要求：{}", it.item.text)
        } else {
            format!("{}（检查要求：{}）", it.note.trim(), it.item.text)
        };
        d.basis = it.item.basis.clone();
        d.category = Some(it.item.category.clone());
        d.level = it.item.level.clone();
        d.found_by = self.inspectors.clone();
        Ok(d)
    }
}
