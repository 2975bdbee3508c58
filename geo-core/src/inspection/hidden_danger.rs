use std::fmt;

use serde::{Deserialize, Serialize};

use super::history::{diff_fields, Change, FieldChange, Trail};
use super::numbering::parse_number;
use super::photo::{is_valid_photo_id, MAX_PHOTOS};
use super::{
    Acceptance, Category, DangerLevel, Date, GovernancePlan, Location, Missing, PhotoRef, PlanItem,
    Status,
};

/// Version of the stored [`HiddenDanger`] shape. **API Boundary:** records in IndexedDB
/// and project files carry it; bump it and extend [`super::migrate`] when a field changes.
pub const SCHEMA_VERSION: u32 = 2;

/// 签字: the inspector's and the enterprise representative's signature images.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatures {
    /// 检查人签字
    pub inspector: Option<PhotoRef>,
    /// 企业负责人/代表签字
    pub enterprise: Option<PhotoRef>,
}

/// A hidden danger found at a site: one row of the 隐患排查治理台账 (domain.md §5.2).
///
/// **API Boundary:** this is the stored record (IndexedDB, project files), so its serde
/// shape only changes with [`SCHEMA_VERSION`]; older shapes go through [`super::migrate`].
///
/// The status, completion, acceptance and history change only through
/// [`HiddenDanger::transition`] and [`HiddenDanger::edit`], which keep the rules (a 重大
/// record never leaves 待整改 without its plan) and write the history; they are readable
/// through getters. Whether a record is overdue is computed ([`HiddenDanger::is_overdue`]),
/// never stored, so it cannot go stale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenDanger {
    pub schema: u32,
    /// 隐患编号 YH-YYYYMMDD-NNNN; unique, the key in storage. Empty until saved.
    pub number: String,
    /// The site's id (the enterprise's `id` property) and its name at recording time.
    pub site_id: String,
    pub site_name: String,
    /// The inspection that found it, if it came from a checklist.
    pub inspection_id: Option<String>,
    /// The checklist item (`template_id/item_id`) it was recorded from, so the checklist
    /// reopens this record instead of making a second one. Absent in records made by
    /// hand (and in records written before it existed, which read as `None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist_item: Option<String>,
    /// 隐患部位/地点 as words (“3号车间东侧配电房”).
    pub place: String,
    /// `None` when no coordinates were taken.
    pub location: Option<Location>,
    pub description: String,
    /// 隐患照片, at most [`MAX_PHOTOS`].
    pub photos: Vec<PhotoRef>,
    /// `None`: not classified yet.
    pub category: Option<Category>,
    pub level: DangerLevel,
    /// 判定依据: the standard and clause.
    pub basis: String,
    /// 排查日期, YYYY-MM-DD.
    pub found_on: String,
    /// 排查人/发现人.
    pub found_by: Vec<String>,
    /// 整改措施
    pub measures: String,
    /// 整改责任部门
    pub department: String,
    /// 整改责任人
    pub responsible: String,
    /// 整改期限, YYYY-MM-DD.
    pub deadline: String,
    /// 整改资金 in fen (分), so sums are exact.
    pub funds_fen: u64,
    /// 临时措施/应急预案 while the danger persists; required for 重大.
    pub interim_measures: String,
    /// 治理方案; its six items are required for 重大.
    pub plan: GovernancePlan,
    pub(crate) status: Status,
    /// 实际完成日期, set when submitted for acceptance.
    pub(crate) completed_on: Option<String>,
    pub(crate) acceptance: Option<Acceptance>,
    pub signatures: Signatures,
    #[serde(flatten)]
    pub(crate) trail: Trail,
}

/// What is wrong with a record, one variant per rule, so the form can point at the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvalidHiddenDanger {
    EmptyDescription,
    DescriptionTooLong { chars: usize },
    BadDate { field: &'static str, value: String },
    DeadlineBeforeFound,
    BadNumber { number: String },
    TooManyPhotos { count: usize },
    BadPhotoId { id: String },
    BadLocation,
    TextTooLong { field: &'static str, chars: usize },
}

impl fmt::Display for InvalidHiddenDanger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyDescription => write!(f, "请填写隐患描述 / description is empty"),
            Self::DescriptionTooLong { chars } => {
                write!(
                    f,
                    "隐患描述过长（{chars} 字，上限 {MAX_DESCRIPTION} 字）/ description too long"
                )
            }
            Self::BadDate { field, value } => {
                write!(
                    f,
                    "{field}日期无效：\"{value}\" / invalid date, expected YYYY-MM-DD"
                )
            }
            Self::DeadlineBeforeFound => write!(
                f,
                "整改期限早于排查日期 / deadline is before the inspection date"
            ),
            Self::BadNumber { number } => write!(
                f,
                "隐患编号“{number}”应为 YH-YYYYMMDD-NNNN / number should read YH-YYYYMMDD-NNNN"
            ),
            Self::TooManyPhotos { count } => write!(
                f,
                "隐患照片 {count} 张，上限 {MAX_PHOTOS} 张 / {count} photos, at most {MAX_PHOTOS}"
            ),
            Self::BadPhotoId { id } => write!(
                f,
                "照片编号“{id}”无效（仅限字母、数字、- 和 _）/ invalid photo id"
            ),
            Self::BadLocation => write!(
                f,
                "隐患位置坐标无效 / location is not a valid WGS84 coordinate"
            ),
            Self::TextTooLong { field, chars } => write!(
                f,
                "{}过长（{chars} 字，上限 {MAX_TEXT} 字）/ {field} too long",
                field_label(field)
            ),
        }
    }
}

impl std::error::Error for InvalidHiddenDanger {}

/// Long enough for a detailed finding, short enough to fit a report table cell.
const MAX_DESCRIPTION: usize = 2000;
/// Every other free-text field: a plan item or measure can be long, but not a document.
const MAX_TEXT: usize = 4000;

/// Why [`HiddenDanger::edit`] refused a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// 已闭环 records are final: reopening one is a new record.
    Closed,
    /// The draft changed a field that only transitions may change, or it was taken before
    /// a transition or edit that has since happened (a stale form).
    Protected {
        field: &'static str,
    },
    Invalid(Vec<InvalidHiddenDanger>),
    /// The record has left 待整改, and the draft removes something that required.
    Incomplete(Vec<Missing>),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed => write!(f, "隐患已闭环，不能再修改 / the record is closed"),
            Self::Protected { field } => write!(
                f,
                "“{}”只能通过状态流转修改，或表单已过期，请重新打开 / {field} changes only through a transition, or the form is stale",
                field_label(field)
            ),
            Self::Invalid(errs) => write_list(f, errs),
            Self::Incomplete(missing) => super::status::write_missing(f, missing),
        }
    }
}

impl std::error::Error for EditError {}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[impl fmt::Display]) -> fmt::Result {
    for (i, e) in items.iter().enumerate() {
        if i > 0 {
            f.write_str("；")?;
        }
        e.fmt(f)?;
    }
    Ok(())
}

/// The Chinese label of a field key, as history and conflict lists show it.
pub fn field_label(key: &str) -> &'static str {
    match key {
        "schema" => "格式版本",
        "number" => "隐患编号",
        "site_id" => "企业编号",
        "site_name" => "企业名称",
        "inspection_id" => "排查记录",
        "place" => "隐患部位",
        "location" => "隐患位置",
        "description" => "隐患描述",
        "photos" => "隐患照片",
        "category" => "隐患类别",
        "level" => "隐患等级",
        "basis" => "判定依据",
        "found_on" => "排查日期",
        "found_by" => "排查人",
        "measures" => "整改措施",
        "department" => "整改责任部门",
        "responsible" => "整改责任人",
        "deadline" => "整改期限",
        "funds_fen" => "整改资金",
        "interim_measures" => "临时措施",
        "plan.goals" => PlanItem::Goals.zh(),
        "plan.methods" => PlanItem::Methods.zh(),
        "plan.funds_and_materials" => PlanItem::FundsAndMaterials.zh(),
        "plan.organisation" => PlanItem::Organisation.zh(),
        "plan.time_limit" => PlanItem::TimeLimit.zh(),
        "plan.safety_and_emergency" => PlanItem::SafetyAndEmergency.zh(),
        "status" => "状态",
        "completed_on" => "实际完成日期",
        "acceptance" => "验收",
        "signatures.inspector" => "检查人签字",
        "signatures.enterprise" => "企业代表签字",
        "history" => "修改记录",
        _ => "字段",
    }
}

fn photo_text(p: &Option<PhotoRef>) -> String {
    p.as_ref().map(|p| p.id.clone()).unwrap_or_default()
}

impl HiddenDanger {
    /// A new, empty record for a site (status 待整改, level 一般), its history starting with
    /// "created". The caller fills the finding and assigns the number when saving.
    pub fn new(site_id: &str, site_name: &str, found_on: &str, by: &str, at: i64) -> Self {
        HiddenDanger {
            schema: SCHEMA_VERSION,
            number: String::new(),
            site_id: site_id.to_string(),
            site_name: site_name.to_string(),
            inspection_id: None,
            checklist_item: None,
            place: String::new(),
            location: None,
            description: String::new(),
            photos: Vec::new(),
            category: None,
            level: DangerLevel::general(),
            basis: String::new(),
            found_on: found_on.to_string(),
            found_by: Vec::new(),
            measures: String::new(),
            department: String::new(),
            responsible: String::new(),
            deadline: String::new(),
            funds_fen: 0,
            interim_measures: String::new(),
            plan: GovernancePlan::default(),
            status: Status::Pending,
            completed_on: None,
            acceptance: None,
            signatures: Signatures::default(),
            trail: Trail::starting(by, at, Change::Created),
        }
    }

    pub fn status(&self) -> Status {
        self.status
    }

    /// 实际完成日期 (YYYY-MM-DD), once submitted for acceptance.
    pub fn completed_on(&self) -> Option<&str> {
        self.completed_on.as_deref()
    }

    pub fn acceptance(&self) -> Option<&Acceptance> {
        self.acceptance.as_ref()
    }

    /// Who changed it last, when, and its history.
    pub fn trail(&self) -> &Trail {
        &self.trail
    }

    pub fn is_closed(&self) -> bool {
        self.status == Status::Closed
    }

    /// Overdue: not closed and `today` is after the deadline (the deadline day itself is
    /// still in time). A record without a valid deadline is never overdue.
    pub fn is_overdue(&self, today: Date) -> bool {
        !self.is_closed() && Date::parse(&self.deadline).is_some_and(|d| today > d)
    }

    /// Every image the record refers to: photos, the acceptance photo, the signatures.
    pub fn photo_refs(&self) -> impl Iterator<Item = &PhotoRef> {
        self.photos
            .iter()
            .chain(self.acceptance.as_ref().and_then(|a| a.photo.as_ref()))
            .chain(self.signatures.inspector.as_ref())
            .chain(self.signatures.enterprise.as_ref())
    }

    /// All rule violations, in field order (empty when valid). An empty number passes: a
    /// record is validated before it is numbered.
    pub fn validation_errors(&self) -> Vec<InvalidHiddenDanger> {
        let mut errs = Vec::new();
        if !self.number.is_empty() && parse_number(&self.number).is_err() {
            errs.push(InvalidHiddenDanger::BadNumber {
                number: self.number.clone(),
            });
        }
        if self.location.is_some_and(|l| !l.is_valid()) {
            errs.push(InvalidHiddenDanger::BadLocation);
        }
        let chars = self.description.trim().chars().count();
        if chars == 0 {
            errs.push(InvalidHiddenDanger::EmptyDescription);
        } else if chars > MAX_DESCRIPTION {
            errs.push(InvalidHiddenDanger::DescriptionTooLong { chars });
        }
        if self.photos.len() > MAX_PHOTOS {
            errs.push(InvalidHiddenDanger::TooManyPhotos {
                count: self.photos.len(),
            });
        }
        for p in self.photo_refs() {
            if !is_valid_photo_id(&p.id) {
                errs.push(InvalidHiddenDanger::BadPhotoId { id: p.id.clone() });
            }
        }
        let found = Date::parse(&self.found_on);
        if found.is_none() {
            errs.push(InvalidHiddenDanger::BadDate {
                field: "排查",
                value: self.found_on.clone(),
            });
        }
        let deadline = Date::parse(&self.deadline);
        if deadline.is_none() {
            errs.push(InvalidHiddenDanger::BadDate {
                field: "整改期限",
                value: self.deadline.clone(),
            });
        }
        if let (Some(f), Some(d)) = (found, deadline) {
            if d < f {
                errs.push(InvalidHiddenDanger::DeadlineBeforeFound);
            }
        }
        for (field, text) in self.long_texts() {
            let chars = text.chars().count();
            if chars > MAX_TEXT {
                errs.push(InvalidHiddenDanger::TextTooLong { field, chars });
            }
        }
        errs
    }

    pub fn is_valid(&self) -> bool {
        self.validation_errors().is_empty()
    }

    fn long_texts(&self) -> Vec<(&'static str, &str)> {
        let mut out = vec![
            ("place", self.place.as_str()),
            ("basis", &self.basis),
            ("measures", &self.measures),
            ("department", &self.department),
            ("responsible", &self.responsible),
            ("interim_measures", &self.interim_measures),
        ];
        out.extend(
            PlanItem::ALL
                .into_iter()
                .map(|i| (i.key(), self.plan.get(i))),
        );
        out
    }

    /// What must be filled before the record may leave 待整改 (and stay out of it): the
    /// measures and the person responsible (五落实), and for a 重大 level the interim
    /// measures and all six plan items.
    pub fn rectification_gaps(&self) -> Vec<Missing> {
        let mut missing = Vec::new();
        if self.measures.trim().is_empty() {
            missing.push(Missing::Measures);
        }
        if self.responsible.trim().is_empty() {
            missing.push(Missing::Responsible);
        }
        if self.level.is_major() {
            if self.interim_measures.trim().is_empty() {
                missing.push(Missing::InterimMeasures);
            }
            missing.extend(self.plan.missing().into_iter().map(Missing::Plan));
        }
        missing
    }

    /// The fields [`HiddenDanger::edit`] may change, as (key, full text) in a fixed order.
    fn editable_fields(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("site_id", self.site_id.clone()),
            ("site_name", self.site_name.clone()),
            (
                "inspection_id",
                self.inspection_id.clone().unwrap_or_default(),
            ),
            ("place", self.place.clone()),
            (
                "location",
                self.location.map(|l| l.describe()).unwrap_or_default(),
            ),
            ("description", self.description.clone()),
            (
                "photos",
                self.photos
                    .iter()
                    .map(|p| format!("{}({} {}×{})", p.id, p.mime, p.width, p.height))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "category",
                self.category
                    .as_ref()
                    .map(|c| c.name().to_string())
                    .unwrap_or_default(),
            ),
            ("level", self.level.zh()),
            ("basis", self.basis.clone()),
            ("found_on", self.found_on.clone()),
            ("found_by", self.found_by.join("、")),
            ("measures", self.measures.clone()),
            ("department", self.department.clone()),
            ("responsible", self.responsible.clone()),
            ("deadline", self.deadline.clone()),
            ("funds_fen", super::money::format_yuan(self.funds_fen)),
            ("interim_measures", self.interim_measures.clone()),
        ];
        out.extend(
            PlanItem::ALL
                .into_iter()
                .map(|i| (i.key(), self.plan.get(i).to_string())),
        );
        out.push((
            "signatures.inspector",
            photo_text(&self.signatures.inspector),
        ));
        out.push((
            "signatures.enterprise",
            photo_text(&self.signatures.enterprise),
        ));
        out
    }

    /// Every field that can differ between two copies of a record, as (key, full text),
    /// for conflict lists: the editable ones plus the status and its data.
    pub(crate) fn comparable_fields(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![("number", self.number.clone())];
        out.extend(self.editable_fields());
        out.push(("status", self.status.zh().to_string()));
        out.push((
            "completed_on",
            self.completed_on.clone().unwrap_or_default(),
        ));
        out.push((
            "acceptance",
            self.acceptance
                .as_ref()
                .map(Acceptance::describe)
                .unwrap_or_default(),
        ));
        out
    }

    /// Replaces the editable fields with the draft's, recording each changed field (old and
    /// new value, shortened) in one history entry. Returns the changes; none, and no
    /// history entry, when the draft equals the record. A form saves text while it is
    /// typed, so an edit of the same fields by the same person within
    /// [`super::COALESCE_MS`] of the last entry grows that entry instead of
    /// adding one (its old value stays the first one).
    ///
    /// The draft is a clone of this record that a form changed. Fields only transitions may
    /// change (status, completion, acceptance, history, the number) must be as they are
    /// here: if they differ the draft is stale or wrong and nothing is changed.
    ///
    /// # Errors
    /// [`EditError::Closed`] for an 已闭环 record; [`EditError::Protected`] as above;
    /// [`EditError::Invalid`] when the draft fails validation; [`EditError::Incomplete`]
    /// when the record is past 待整改 and the draft blanks what that requires (say, a
    /// plan item, or raising the level to 重大 without a plan).
    pub fn edit(
        &mut self,
        draft: HiddenDanger,
        by: &str,
        at: i64,
    ) -> Result<Vec<FieldChange>, EditError> {
        if self.is_closed() {
            return Err(EditError::Closed);
        }
        let protected: [(&'static str, bool); 6] = [
            ("schema", draft.schema == self.schema),
            ("number", draft.number == self.number),
            ("status", draft.status == self.status),
            ("completed_on", draft.completed_on == self.completed_on),
            ("acceptance", draft.acceptance == self.acceptance),
            ("history", draft.trail == self.trail),
        ];
        if let Some((field, _)) = protected.iter().find(|(_, same)| !same) {
            return Err(EditError::Protected { field });
        }
        let errs = draft.validation_errors();
        if !errs.is_empty() {
            return Err(EditError::Invalid(errs));
        }
        if self.status != Status::Pending {
            let gaps = draft.rectification_gaps();
            if !gaps.is_empty() {
                return Err(EditError::Incomplete(gaps));
            }
        }
        let changes = diff_fields(&self.editable_fields(), &draft.editable_fields());
        if changes.is_empty() {
            return Ok(changes);
        }
        *self = draft;
        self.trail.record_edit(by, at, changes.clone());
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> HiddenDanger {
        let mut r = HiddenDanger::new("E0001", "厦门示范化工有限公司", "2026-11-29", "张工", 1);
        r.number = "YH-20261129-0001".into();
        r.description = "消防通道堵塞".into();
        r.deadline = "2026-12-15".into();
        r
    }

    #[test]
    fn hidden_danger_valid_record() {
        assert!(record().is_valid(), "{:?}", record().validation_errors());
    }

    #[test]
    fn hidden_danger_reports_each_problem() {
        let mut r = record();
        r.description = "  ".into();
        r.deadline = "2026-02-30".into();
        assert_eq!(
            r.validation_errors(),
            [
                InvalidHiddenDanger::EmptyDescription,
                InvalidHiddenDanger::BadDate {
                    field: "整改期限",
                    value: "2026-02-30".into()
                }
            ]
        );
    }

    #[test]
    fn hidden_danger_deadline_before_found() {
        let mut r = record();
        r.deadline = "2026-11-28".into();
        assert_eq!(
            r.validation_errors(),
            [InvalidHiddenDanger::DeadlineBeforeFound]
        );
        r.deadline = "2026-11-29".into();
        assert!(r.is_valid(), "same day is allowed (立即整改)");
    }

    #[test]
    fn hidden_danger_photos_location_and_number_rules() {
        let mut r = record();
        let photo = |id: &str| PhotoRef {
            id: id.into(),
            mime: "image/jpeg".into(),
            width: 1,
            height: 1,
        };
        r.photos = (0..7).map(|i| photo(&format!("p{i}"))).collect();
        r.signatures.enterprise = Some(photo("../evil"));
        r.location = Some(Location {
            lon: 200.0,
            lat: 24.0,
            accuracy_m: None,
            source: super::super::LocationSource::MapTap,
        });
        r.number = "YH-2026-1".into();
        assert_eq!(
            r.validation_errors(),
            [
                InvalidHiddenDanger::BadNumber {
                    number: "YH-2026-1".into()
                },
                InvalidHiddenDanger::BadLocation,
                InvalidHiddenDanger::TooManyPhotos { count: 7 },
                InvalidHiddenDanger::BadPhotoId {
                    id: "../evil".into()
                },
            ]
        );
    }

    #[test]
    fn hidden_danger_serde_uses_chinese_names() {
        let json = serde_json::to_string(&record()).unwrap();
        assert!(json.contains(r#""level":"一般""#), "{json}");
        assert!(json.contains(r#""status":"待整改""#), "{json}");
        // The trail is flattened: the record is one flat object, as schema 1 was.
        assert!(
            json.contains(r#""updated_at":1,"updated_by":"张工","history":["#),
            "{json}"
        );
        let back: HiddenDanger = serde_json::from_str(&json).unwrap();
        assert_eq!(back, record());
    }

    #[test]
    fn hidden_danger_edit_records_changed_fields() {
        let mut r = record();
        let mut draft = r.clone();
        draft.description = "东侧消防通道堆放纸箱".into();
        draft.funds_fen = 150_000;
        let changes = r.edit(draft, "李工", 5).unwrap();
        assert_eq!(
            changes,
            [
                FieldChange {
                    field: "description".into(),
                    old: "消防通道堵塞".into(),
                    new: "东侧消防通道堆放纸箱".into()
                },
                FieldChange {
                    field: "funds_fen".into(),
                    old: "0.00".into(),
                    new: "1500.00".into()
                },
            ]
        );
        assert_eq!(r.trail().history().len(), 2);
        assert_eq!(r.trail().updated_at(), 5);
        assert_eq!(r.trail().updated_by(), "李工");
        // Nothing changed: no entry.
        assert_eq!(r.edit(r.clone(), "李工", 6), Ok(vec![]));
        assert_eq!(r.trail().history().len(), 2);
    }

    #[test]
    fn hidden_danger_edits_saved_while_typing_are_one_history_entry() {
        let mut r = record();
        let typed = ["东侧", "东侧消防通道", "东侧消防通道堆放纸箱"];
        for (i, text) in typed.into_iter().enumerate() {
            let mut draft = r.clone();
            draft.description = text.into();
            r.edit(draft, "李工", 10 + 400 * i as i64).unwrap();
        }
        assert_eq!(r.trail().history().len(), 2);
        assert_eq!(
            r.trail().history()[1].change,
            Change::Edited {
                fields: vec![FieldChange {
                    field: "description".into(),
                    old: "消防通道堵塞".into(),
                    new: "东侧消防通道堆放纸箱".into()
                }]
            }
        );
        assert_eq!(r.trail().updated_at(), 810);
        // The next field is an entry of its own.
        let mut draft = r.clone();
        draft.place = "2号仓库".into();
        r.edit(draft, "李工", 1_000).unwrap();
        assert_eq!(r.trail().history().len(), 3);
    }

    #[test]
    fn hidden_danger_edit_refuses_stale_or_invalid_drafts() {
        let mut r = record();
        let stale = r.clone();
        let mut draft = r.clone();
        draft.place = "仓库".into();
        r.edit(draft, "李工", 5).unwrap();
        assert_eq!(
            r.edit(stale, "王工", 6),
            Err(EditError::Protected { field: "history" })
        );
        let mut bad = r.clone();
        bad.description.clear();
        assert_eq!(
            r.edit(bad, "王工", 6),
            Err(EditError::Invalid(vec![
                InvalidHiddenDanger::EmptyDescription
            ]))
        );
        assert_eq!(r.trail().history().len(), 2);
    }
}
