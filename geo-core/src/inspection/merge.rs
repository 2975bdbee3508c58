//! Merging records from another device (an imported project file) into ours.
//!
//! Records are matched by key (number or inspection id). Histories are append-only, so the
//! common prefix of two copies' histories is their shared past:
//!
//! * only on one side, or equal: kept;
//! * one history extends the other (only one side changed since they diverged): the
//!   extended one wins, whatever the clocks say, since a device with a slow clock must
//!   not lose its later edit; no conflict. A last entry that has since grown by more
//!   typing (`history::continues`) counts as shared past;
//! * both extend the shared past (both changed): the newer `updated_at` wins and the pair
//!   is listed as a [`Conflict`] with the fields that differ and the losing copy, so the
//!   user can redo what was lost. A tie goes to the copy whose JSON sorts last, so the
//!   result never depends on which side is "ours".
//!
//! When the two copies do not even share their first history entry they are different
//! records that got the same number on two devices (numbers are per device and day): the
//! conflict says so (`unrelated`), and the app should save the loser under a new number.

use std::collections::BTreeMap;

use serde::Serialize;

use super::history::{common_prefix, continues, diff_fields};
use super::{HiddenDanger, Inspection, Trail};

/// Which input a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Ours,
    Theirs,
}

/// Two different copies of one record that both changed; one was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict<T> {
    /// The record number or inspection id.
    pub key: String,
    pub winner: Side,
    /// Keys of the fields whose values differ (see [`super::field_label`]).
    pub fields: Vec<String>,
    /// The copies share no history at all: two records that happen to share a number.
    pub unrelated: bool,
    /// The copy that was not kept.
    pub loser: T,
}

/// The merged set, sorted by key, and the conflicts, also by key.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged<T> {
    pub records: Vec<T>,
    pub conflicts: Vec<Conflict<T>>,
}

/// What merging needs to know about a record type.
pub trait Mergeable: Clone + PartialEq + Serialize {
    fn key(&self) -> &str;
    fn trail(&self) -> &Trail;
    /// Keys of the fields that differ between two copies.
    fn differing_fields(&self, other: &Self) -> Vec<String>;
}

impl Mergeable for HiddenDanger {
    fn key(&self) -> &str {
        &self.number
    }

    fn trail(&self) -> &Trail {
        &self.trail
    }

    fn differing_fields(&self, other: &Self) -> Vec<String> {
        diff_fields(&self.comparable_fields(), &other.comparable_fields())
            .into_iter()
            .map(|c| c.field)
            .collect()
    }
}

impl Mergeable for Inspection {
    fn key(&self) -> &str {
        &self.id
    }

    fn trail(&self) -> &Trail {
        &self.trail
    }

    fn differing_fields(&self, other: &Self) -> Vec<String> {
        let mut out = Vec::new();
        let mut field = |name: &str, differs: bool| {
            if differs {
                out.push(name.to_string());
            }
        };
        field("site_id", self.site_id != other.site_id);
        field("site_name", self.site_name != other.site_name);
        field("date", self.date != other.date);
        field("type", self.kind != other.kind);
        field("inspectors", self.inspectors != other.inspectors);
        field("template_ids", self.template_ids != other.template_ids);
        let items = |i: &Inspection| {
            i.items
                .iter()
                .map(|x| (x.template_id.clone(), x.item.id.clone()))
                .collect::<Vec<_>>()
        };
        if items(self) != items(other) {
            out.push("items".into());
        } else {
            for (a, b) in self.items.iter().zip(&other.items) {
                if a != b {
                    out.push(format!("answer:{}/{}", a.template_id, a.item.id));
                }
            }
        }
        out
    }
}

/// Merges hidden-danger records by number.
pub fn merge_dangers(ours: Vec<HiddenDanger>, theirs: Vec<HiddenDanger>) -> Merged<HiddenDanger> {
    merge(ours, theirs)
}

/// Keeps both records of every unrelated pair in `merged` (two devices that numbered
/// different dangers alike on the same day): ours under its number, theirs under the next
/// free number of its day. Returns `(old, new)` for each renumbered record. Without this
/// an import would drop one of two real records.
pub fn keep_both_unrelated(merged: &mut Merged<HiddenDanger>) -> Vec<(String, String)> {
    let mut renumbered = Vec::new();
    for c in merged.conflicts.iter().filter(|c| c.unrelated) {
        let Some(at) = merged.records.iter().position(|r| r.number == c.key) else {
            continue;
        };
        let mut theirs = match c.winner {
            Side::Theirs => std::mem::replace(&mut merged.records[at], c.loser.clone()),
            Side::Ours => c.loser.clone(),
        };
        let Ok(n) = super::parse_number(&theirs.number) else {
            continue;
        };
        let fresh = super::next_number(merged.records.iter().map(|r| r.number.as_str()), n.date);
        renumbered.push((theirs.number.clone(), fresh.clone()));
        theirs.number = fresh;
        merged.records.push(theirs);
    }
    merged.records.sort_by(|a, b| a.number.cmp(&b.number));
    renumbered
}

/// Merges inspections by id.
pub fn merge_inspections(ours: Vec<Inspection>, theirs: Vec<Inspection>) -> Merged<Inspection> {
    merge(ours, theirs)
}

/// Merges two sets by key with the rules of the module doc. Deterministic: the output is
/// sorted by key and does not depend on input order (a key twice on one side is merged
/// with itself first, by the same rules).
pub fn merge<T: Mergeable>(ours: Vec<T>, theirs: Vec<T>) -> Merged<T> {
    let mut conflicts = Vec::new();
    let mut by_key = |records: Vec<T>, side: Side| {
        let mut map: BTreeMap<String, T> = BTreeMap::new();
        for r in records {
            match map.remove(r.key()) {
                None => {
                    map.insert(r.key().to_string(), r);
                }
                Some(prev) => {
                    let (kept, conflict) = merge_pair(prev, r);
                    conflicts.extend(conflict.map(|c| Conflict { winner: side, ..c }));
                    map.insert(kept.key().to_string(), kept);
                }
            }
        }
        map
    };
    let ours = by_key(ours, Side::Ours);
    let mut theirs = by_key(theirs, Side::Theirs);
    let mut records = Vec::with_capacity(ours.len() + theirs.len());
    for (key, a) in ours {
        match theirs.remove(&key) {
            None => records.push(a),
            Some(b) => {
                let (kept, conflict) = merge_pair(a, b);
                records.push(kept);
                conflicts.extend(conflict);
            }
        }
    }
    records.extend(theirs.into_values());
    records.sort_by(|a, b| a.key().cmp(b.key()));
    conflicts.sort_by(|a, b| a.key.cmp(&b.key));
    Merged { records, conflicts }
}

/// One key on both sides: the copy to keep and, if both changed, the conflict.
fn merge_pair<T: Mergeable>(a: T, b: T) -> (T, Option<Conflict<T>>) {
    if a == b {
        return (a, None);
    }
    let (ha, hb) = (a.trail().history(), b.trail().history());
    match (continues(hb, ha), continues(ha, hb)) {
        (true, false) => return (b, None),
        (false, true) => return (a, None),
        _ => {}
    }
    let unrelated = common_prefix(ha, hb) == 0 && !ha.is_empty() && !hb.is_empty();
    let a_wins = match a.trail().updated_at().cmp(&b.trail().updated_at()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => json(&a) >= json(&b),
    };
    let fields = a.differing_fields(&b);
    let key = a.key().to_string();
    let (winner, kept, loser) = if a_wins {
        (Side::Ours, a, b)
    } else {
        (Side::Theirs, b, a)
    };
    (
        kept,
        Some(Conflict {
            key,
            winner,
            fields,
            unrelated,
            loser,
        }),
    )
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}
