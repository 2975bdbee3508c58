//! What happened to a record, by whom and when. Histories are append-only, so two copies
//! of a record that share a prefix share their past; [`super::merge`] relies on that. The
//! one exception is typing: an edit of the same fields by the same person shortly after
//! the last one grows that entry instead of adding one ([`Trail::record_edit`]), and
//! [`continues`] lets merging see a grown entry as the same past.

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

    /// Records an edit of `fields`. When the last entry is an edit of the same fields by
    /// the same person at most [`COALESCE_MS`] before `at`, that entry grows instead (the
    /// first old value, this new one, this time): text saved while it is typed becomes
    /// one entry per field and sitting, not one per pause.
    pub(crate) fn record_edit(&mut self, by: &str, at: i64, fields: Vec<FieldChange>) {
        if let Some(last) = self.history.last_mut() {
            if last.by == by && (0..=COALESCE_MS).contains(&(at - last.at)) {
                if let Change::Edited { fields: prev } = &mut last.change {
                    let same = prev.len() == fields.len()
                        && prev.iter().zip(&fields).all(|(a, b)| a.field == b.field);
                    if same {
                        for (p, f) in prev.iter_mut().zip(fields) {
                            p.new = f.new;
                        }
                        last.at = at;
                        self.updated_at = at;
                        return;
                    }
                }
            }
        }
        self.record(by, at, Change::Edited { fields });
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

/// How long after an edit a further edit of the same fields by the same person still
/// belongs to it (`Trail::record_edit`): a pause to think, not a new visit to the record.
pub const COALESCE_MS: i64 = 60_000;

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

/// Whether history `later` carries on from `earlier`: it starts with every entry of
/// `earlier`, except that `earlier`'s last entry may since have grown into `later`'s entry
/// at that place ([`Trail::record_edit`]). Equal histories carry on from each other.
pub(crate) fn continues(later: &[HistoryEntry], earlier: &[HistoryEntry]) -> bool {
    let p = common_prefix(earlier, later);
    if p == earlier.len() {
        return true;
    }
    p + 1 == earlier.len() && p < later.len() && grew_into(&earlier[p], &later[p])
}

/// `later` is `earlier` grown by further typing: same person, same fields with the same
/// old values, not earlier in time.
fn grew_into(earlier: &HistoryEntry, later: &HistoryEntry) -> bool {
    let (Change::Edited { fields: a }, Change::Edited { fields: b }) =
        (&earlier.change, &later.change)
    else {
        return false;
    };
    earlier.by == later.by
        && later.at >= earlier.at
        && a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.field == y.field && x.old == y.old)
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

    fn change(field: &str, old: &str, new: &str) -> Vec<FieldChange> {
        vec![FieldChange {
            field: field.into(),
            old: old.into(),
            new: new.into(),
        }]
    }

    #[test]
    fn history_edits_of_one_field_while_typing_are_one_entry() {
        let mut t = Trail::starting("张工", 0, Change::Created);
        t.record_edit("张工", 1_000, change("description", "", "消防"));
        t.record_edit("张工", 1_400, change("description", "消防", "消防通道"));
        t.record_edit(
            "张工",
            1_000 + COALESCE_MS,
            change("description", "消防通道", "消防通道堵塞"),
        );
        assert_eq!(t.history().len(), 2);
        assert_eq!(
            t.history()[1],
            HistoryEntry {
                at: 1_000 + COALESCE_MS,
                by: "张工".into(),
                change: Change::Edited {
                    fields: change("description", "", "消防通道堵塞")
                },
            }
        );
        assert_eq!(t.updated_at(), 1_000 + COALESCE_MS);
    }

    #[test]
    fn history_other_field_person_or_a_pause_starts_a_new_entry() {
        let mut t = Trail::starting("张工", 0, Change::Created);
        t.record_edit("张工", 1_000, change("description", "", "a"));
        t.record_edit("张工", 2_000, change("place", "", "b"));
        t.record_edit("李工", 3_000, change("place", "b", "c"));
        t.record_edit("李工", 4_000 + COALESCE_MS, change("place", "c", "d"));
        // Two fields at once are not the one field typed before.
        t.record_edit("李工", 5_000 + COALESCE_MS, {
            let mut two = change("place", "d", "e");
            two.extend(change("basis", "", "f"));
            two
        });
        assert_eq!(t.history().len(), 6);
        // A transition in between is never grown.
        t.record(
            "李工",
            6_000 + COALESCE_MS,
            Change::Transition {
                from: Status::Pending,
                to: Status::InProgress,
                note: String::new(),
            },
        );
        t.record_edit("李工", 6_500 + COALESCE_MS, change("place", "e", "g"));
        assert_eq!(t.history().len(), 8);
    }

    #[test]
    fn history_a_grown_entry_continues_the_copy_taken_before() {
        let mut before = Trail::starting("张工", 0, Change::Created);
        before.record_edit("张工", 1_000, change("description", "", "消防"));
        let mut after = before.clone();
        after.record_edit("张工", 2_000, change("description", "消防", "消防通道"));
        assert!(continues(after.history(), before.history()));
        assert!(!continues(before.history(), after.history()));
        after.record_edit("张工", 3_000, change("place", "", "东侧"));
        assert!(continues(after.history(), before.history()));
        // Someone else's edit of the same field is not a continuation.
        let mut other = before.clone();
        other.history.last_mut().unwrap().by = "李工".into();
        assert!(!continues(after.history(), other.history()));
        assert!(continues(before.history(), before.history()));
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
