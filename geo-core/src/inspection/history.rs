//! What happened to a record, by whom and when. Histories are append-only, so two copies
//! of a record that share a prefix share their past; [`super::merge`] relies on that.

use serde::{Deserialize, Serialize};

use super::Status;

/// One change to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Milliseconds since the Unix epoch (`Date.now()`); 0 when unknown (migrated records).
    pub at: i64,
    /// Who made the change, as the user entered their name; empty when unknown.
    pub by: String,
    pub change: Change,
}

/// Who changed a record last, when, and every change before: what [`super::merge`] reads.
/// Records flatten it into their own JSON object (`updated_at`, `updated_by`, `history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trail {
    /// Milliseconds since the Unix epoch of the last change; 0 when unknown.
    updated_at: i64,
    updated_by: String,
    history: Vec<HistoryEntry>,
}

impl Trail {
    /// A trail that starts with `change` (created, or migrated).
    pub(crate) fn starting(by: &str, at: i64, change: Change) -> Self {
        Trail {
            updated_at: at,
            updated_by: by.to_string(),
            history: vec![HistoryEntry {
                at,
                by: by.to_string(),
                change,
            }],
        }
    }

    /// Appends a change and makes it the last one.
    pub(crate) fn record(&mut self, by: &str, at: i64, change: Change) {
        self.history.push(HistoryEntry {
            at,
            by: by.to_string(),
            change,
        });
        self.updated_at = at;
        self.updated_by = by.to_string();
    }

    /// Milliseconds since the Unix epoch of the last change (0: unknown).
    pub fn updated_at(&self) -> i64 {
        self.updated_at
    }

    pub fn updated_by(&self) -> &str {
        &self.updated_by
    }

    /// Oldest first.
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }
}

/// What a history entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Created,
    /// Upgraded from an older stored shape by [`super::migrate`].
    Migrated {
        from_schema: u32,
    },
    /// Fields edited, each with its old and new value shortened for display.
    Edited {
        fields: Vec<FieldChange>,
    },
    /// A status change; `note` holds the return reason, acceptance opinion or completion date.
    Transition {
        from: Status,
        to: Status,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
    },
}

impl Change {
    /// One line for a history list: 创建, 修改 隐患描述：旧 → 新, 待整改 → 整改中（note）.
    pub fn describe(&self) -> String {
        match self {
            Change::Created => "创建".into(),
            Change::Migrated { from_schema } => format!("由格式版本 {from_schema} 升级"),
            Change::Edited { fields } => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}：{} → {}", super::field_label(&f.field), f.old, f.new))
                    .collect();
                format!("修改 {}", parts.join("；"))
            }
            Change::Transition { from, to, note } if note.is_empty() => format!("{from} → {to}"),
            Change::Transition { from, to, note } => format!("{from} → {to}（{note}）"),
        }
    }
}

/// One field's change. `field` is the field's key (`description`, `plan.goals` …; see
/// [`super::field_label`] for the Chinese label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// Longest value a history entry keeps: enough to recognise the change, and a history
/// never grows by whole descriptions.
const SHORT_CHARS: usize = 60;

/// A value shortened for history: whitespace runs collapsed, cut at 60 characters with "…".
pub fn short_text(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= SHORT_CHARS {
        return collapsed;
    }
    let mut out: String = collapsed.chars().take(SHORT_CHARS - 1).collect();
    out.push('…');
    out
}

/// The changes between two field lists of the same shape (keys in the same order),
/// comparing full values and keeping shortened ones.
pub(crate) fn diff_fields(
    old: &[(&'static str, String)],
    new: &[(&'static str, String)],
) -> Vec<FieldChange> {
    debug_assert_eq!(old.len(), new.len());
    old.iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((key, a), (_, b))| FieldChange {
            field: (*key).to_string(),
            old: short_text(a),
            new: short_text(b),
        })
        .collect()
}

/// Length of the longest common prefix of two histories.
pub(crate) fn common_prefix(a: &[HistoryEntry], b: &[HistoryEntry]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_collapses_and_cuts() {
        assert_eq!(short_text(" 消防通道\n  堵塞 "), "消防通道 堵塞");
        let long = "隐".repeat(100);
        let s = short_text(&long);
        assert_eq!(s.chars().count(), SHORT_CHARS);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn history_change_serde_is_tagged() {
        let e = HistoryEntry {
            at: 1,
            by: "张工".into(),
            change: Change::Transition {
                from: Status::Pending,
                to: Status::InProgress,
                note: String::new(),
            },
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"at":1,"by":"张工","change":{"kind":"transition","from":"待整改","to":"整改中"}}"#
        );
        assert_eq!(serde_json::from_str::<HistoryEntry>(&json).unwrap(), e);
    }
}
