//! The closed loop of a hidden danger: 待整改 → 整改中 → 待验收 → 已闭环, with 退回 from
//! 待验收 back to 整改中. Transitions check what each step needs and write the history.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::history::Change;
use super::{Date, HiddenDanger, InvalidHiddenDanger, PhotoRef, PlanItem};

/// Where a record is in the closed loop, serialised by its Chinese name.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Status {
    #[default]
    #[serde(rename = "待整改")]
    Pending,
    #[serde(rename = "整改中")]
    InProgress,
    /// 已整改待验收
    #[serde(rename = "待验收")]
    AwaitingAcceptance,
    /// 已验收/已闭环 (销号)
    #[serde(rename = "已闭环")]
    Closed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::InProgress,
        Status::AwaitingAcceptance,
        Status::Closed,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Status::Pending => "待整改",
            Status::InProgress => "整改中",
            Status::AwaitingAcceptance => "待验收",
            Status::Closed => "已闭环",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.zh())
    }
}

/// 验收/复查: who accepted the rectification, when, and what they found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acceptance {
    /// 验收人
    pub by: String,
    /// 验收部门
    pub department: String,
    /// 验收日期, YYYY-MM-DD.
    pub date: String,
    /// 验收意见
    pub opinion: String,
    /// 验收照片
    pub photo: Option<PhotoRef>,
}

impl Acceptance {
    /// One line for history and conflict lists.
    pub fn describe(&self) -> String {
        format!("{} {} {}", self.date, self.by, self.opinion)
    }
}

/// A step of the closed loop. `by` is who does it, `at` when (ms since the Unix epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// 待整改 → 整改中
    StartRectification { by: String, at: i64 },
    /// 整改中 → 待验收, with 实际完成日期 (YYYY-MM-DD).
    SubmitForAcceptance {
        by: String,
        at: i64,
        completed_on: String,
    },
    /// 待验收 → 已闭环; the acceptor is `acceptance.by`.
    Accept { at: i64, acceptance: Acceptance },
    /// 退回: 待验收 → 整改中, with the reason.
    Return { by: String, at: i64, reason: String },
}

impl Transition {
    pub fn zh(&self) -> &'static str {
        match self {
            Transition::StartRectification { .. } => "开始整改",
            Transition::SubmitForAcceptance { .. } => "提交验收",
            Transition::Accept { .. } => "验收闭环",
            Transition::Return { .. } => "退回整改",
        }
    }

    /// The state it starts from and the one it leads to.
    pub fn edge(&self) -> (Status, Status) {
        match self {
            Transition::StartRectification { .. } => (Status::Pending, Status::InProgress),
            Transition::SubmitForAcceptance { .. } => {
                (Status::InProgress, Status::AwaitingAcceptance)
            }
            Transition::Accept { .. } => (Status::AwaitingAcceptance, Status::Closed),
            Transition::Return { .. } => (Status::AwaitingAcceptance, Status::InProgress),
        }
    }

    fn by(&self) -> &str {
        match self {
            Transition::StartRectification { by, .. }
            | Transition::SubmitForAcceptance { by, .. }
            | Transition::Return { by, .. } => by,
            Transition::Accept { acceptance, .. } => &acceptance.by,
        }
    }

    fn at(&self) -> i64 {
        match self {
            Transition::StartRectification { at, .. }
            | Transition::SubmitForAcceptance { at, .. }
            | Transition::Accept { at, .. }
            | Transition::Return { at, .. } => *at,
        }
    }
}

/// Something a step needs that the record or the transition lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Missing {
    /// Who does the step.
    Actor,
    Measures,
    Responsible,
    InterimMeasures,
    Plan(PlanItem),
    CompletedOn,
    Acceptor,
    AcceptanceDate,
    AcceptanceOpinion,
    ReturnReason,
}

impl Missing {
    pub fn zh(self) -> &'static str {
        match self {
            Missing::Actor => "操作人",
            Missing::Measures => "整改措施",
            Missing::Responsible => "整改责任人",
            Missing::InterimMeasures => "临时措施（应急预案）",
            Missing::Plan(item) => item.zh(),
            Missing::CompletedOn => "实际完成日期",
            Missing::Acceptor => "验收人",
            Missing::AcceptanceDate => "验收日期",
            Missing::AcceptanceOpinion => "验收意见",
            Missing::ReturnReason => "退回原因",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Missing::Actor => "who",
            Missing::Measures => "measures",
            Missing::Responsible => "person responsible",
            Missing::InterimMeasures => "interim measures",
            Missing::Plan(_) => "plan item",
            Missing::CompletedOn => "completion date",
            Missing::Acceptor => "acceptor",
            Missing::AcceptanceDate => "acceptance date",
            Missing::AcceptanceOpinion => "acceptance opinion",
            Missing::ReturnReason => "reason",
        }
    }
}

pub(crate) fn write_missing(f: &mut fmt::Formatter<'_>, missing: &[Missing]) -> fmt::Result {
    let zh: Vec<&str> = missing.iter().map(|m| m.zh()).collect();
    let mut en: Vec<&str> = missing.iter().map(|m| m.en()).collect();
    en.dedup();
    write!(
        f,
        "请先填写：{} / missing: {}",
        zh.join("、"),
        en.join(", ")
    )
}

/// Why a transition was refused. The record is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// The step does not start from the record's status (e.g. 验收 while 整改中).
    NotAllowed {
        from: Status,
        transition: &'static str,
    },
    /// What must be filled first, all of it at once so the form can mark every field.
    Missing(Vec<Missing>),
    /// The record itself fails validation.
    Invalid(Vec<InvalidHiddenDanger>),
    /// A date of the step is not YYYY-MM-DD.
    BadDate { field: &'static str, value: String },
    /// A date of the step is before the record was found (or, for acceptance, completed).
    DateTooEarly { field: &'static str, value: String },
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAllowed { from, transition } => write!(
                f,
                "“{from}”状态的隐患不能{transition} / not allowed from {from}"
            ),
            Self::Missing(m) => write_missing(f, m),
            Self::Invalid(errs) => {
                for (i, e) in errs.iter().enumerate() {
                    if i > 0 {
                        f.write_str("；")?;
                    }
                    e.fmt(f)?;
                }
                Ok(())
            }
            Self::BadDate { field, value } => write!(
                f,
                "{field}无效：\"{value}\" / invalid date, expected YYYY-MM-DD"
            ),
            Self::DateTooEarly { field, value } => write!(
                f,
                "{field} {value} 早于排查或完成日期 / {value} is before the record's earlier dates"
            ),
        }
    }
}

impl std::error::Error for TransitionError {}

impl HiddenDanger {
    /// Moves the record one step along the closed loop and appends the step to its
    /// history (`updated_at`/`updated_by` follow).
    ///
    /// Requirements: every step needs who does it and a valid record. Leaving 待整改
    /// needs [`HiddenDanger::rectification_gaps`] empty (for 重大: interim measures and the
    /// six-item plan); 提交验收 a completion date not before 排查日期; 验收 the acceptor,
    /// date (not before completion) and opinion; 退回 a reason.
    ///
    /// # Errors
    /// A [`TransitionError`]; the record is then unchanged.
    pub fn transition(&mut self, t: Transition) -> Result<(), TransitionError> {
        let (from, to) = t.edge();
        if self.status != from {
            return Err(TransitionError::NotAllowed {
                from: self.status,
                transition: t.zh(),
            });
        }
        let errs = self.validation_errors();
        if !errs.is_empty() {
            return Err(TransitionError::Invalid(errs));
        }
        let mut missing = Vec::new();
        if t.by().trim().is_empty() {
            missing.push(if matches!(t, Transition::Accept { .. }) {
                Missing::Acceptor
            } else {
                Missing::Actor
            });
        }
        let note = match &t {
            Transition::StartRectification { .. } => {
                missing.extend(self.rectification_gaps());
                String::new()
            }
            Transition::SubmitForAcceptance { completed_on, .. } => {
                if completed_on.trim().is_empty() {
                    missing.push(Missing::CompletedOn);
                } else {
                    self.check_date("实际完成日期", completed_on, &self.found_on)?;
                }
                format!("实际完成日期 {completed_on}")
            }
            Transition::Accept { acceptance, .. } => {
                if acceptance.date.trim().is_empty() {
                    missing.push(Missing::AcceptanceDate);
                } else {
                    let after = self.completed_on.as_deref().unwrap_or(&self.found_on);
                    self.check_date("验收日期", &acceptance.date, after)?;
                }
                if acceptance.opinion.trim().is_empty() {
                    missing.push(Missing::AcceptanceOpinion);
                }
                acceptance.describe()
            }
            Transition::Return { reason, .. } => {
                if reason.trim().is_empty() {
                    missing.push(Missing::ReturnReason);
                }
                reason.trim().to_string()
            }
        };
        if !missing.is_empty() {
            return Err(TransitionError::Missing(missing));
        }
        if let Some(p) = match &t {
            Transition::Accept { acceptance, .. } => acceptance.photo.as_ref(),
            _ => None,
        } {
            if !super::photo::is_valid_photo_id(&p.id) {
                return Err(TransitionError::Invalid(vec![
                    InvalidHiddenDanger::BadPhotoId { id: p.id.clone() },
                ]));
            }
        }
        let (by, at) = (t.by().trim().to_string(), t.at());
        match t {
            Transition::SubmitForAcceptance { completed_on, .. } => {
                self.completed_on = Some(completed_on.trim().to_string());
            }
            Transition::Accept { acceptance, .. } => self.acceptance = Some(acceptance),
            // Work resumes: the next submission gives the new completion date.
            Transition::Return { .. } => self.completed_on = None,
            Transition::StartRectification { .. } => {}
        }
        self.status = to;
        self.trail
            .record(&by, at, Change::Transition { from, to, note });
        Ok(())
    }

    fn check_date(
        &self,
        field: &'static str,
        value: &str,
        not_before: &str,
    ) -> Result<(), TransitionError> {
        let Some(d) = Date::parse(value) else {
            return Err(TransitionError::BadDate {
                field,
                value: value.to_string(),
            });
        };
        if Date::parse(not_before).is_some_and(|earliest| d < earliest) {
            return Err(TransitionError::DateTooEarly {
                field,
                value: value.to_string(),
            });
        }
        Ok(())
    }
}
