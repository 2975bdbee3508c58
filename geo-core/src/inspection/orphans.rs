//! Which stored images no record needs any more. Photos, acceptance photos and signatures
//! are kept apart from the records (by [`super::PhotoRef`] id), so removing one from a
//! record leaves its bytes behind unless someone deletes them; a tablet that takes a
//! dozen photos a day would fill up with images nobody can see.
//!
//! Only ids a record *dropped* are candidates, never "every image not referenced": an image
//! is stored before the record that refers to it is saved, and a sweep between the two
//! would delete a photo just taken.

use std::collections::BTreeSet;

use super::HiddenDanger;

/// Ids `before` referred to (photos, acceptance photo, signatures) that `after` does not.
pub fn dropped_images(before: &HiddenDanger, after: &HiddenDanger) -> BTreeSet<String> {
    let kept: BTreeSet<&str> = after.photo_refs().map(|p| p.id.as_str()).collect();
    before
        .photo_refs()
        .filter(|p| !kept.contains(p.id.as_str()))
        .map(|p| p.id.clone())
        .collect()
}

/// The `candidates` that none of `records` refers to: the images whose bytes may go. A
/// photo another record still shows (a copy made on import, a shared signature) stays.
pub fn orphaned_images<'a>(
    candidates: BTreeSet<String>,
    records: impl IntoIterator<Item = &'a HiddenDanger>,
) -> Vec<String> {
    let mut left = candidates;
    for r in records {
        if left.is_empty() {
            break;
        }
        for p in r.photo_refs() {
            left.remove(&p.id);
        }
    }
    left.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::{Acceptance, PhotoRef};

    fn photo(id: &str) -> PhotoRef {
        PhotoRef {
            id: id.into(),
            mime: "image/jpeg".into(),
            width: 4,
            height: 3,
        }
    }

    fn record(number: &str, photos: &[&str]) -> HiddenDanger {
        let mut r = HiddenDanger::new("E0001", "示范化工", "2026-12-05", "张工", 1);
        r.number = number.into();
        r.photos = photos.iter().map(|id| photo(id)).collect();
        r
    }

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn orphans_dropped_photos_signatures_and_acceptance_photo() {
        let mut before = record("YH-20261205-0001", &["P-a", "P-b"]);
        before.signatures.inspector = Some(photo("S-old"));
        before.acceptance = Some(Acceptance {
            by: "王工".into(),
            department: String::new(),
            date: "2026-12-06".into(),
            opinion: "合格".into(),
            photo: Some(photo("P-acc")),
        });
        let mut after = before.clone();
        after.photos.retain(|p| p.id != "P-a");
        after.signatures.inspector = Some(photo("S-new"));
        assert_eq!(dropped_images(&before, &after), set(&["P-a", "S-old"]));
        // Nothing dropped when nothing changed, or only added.
        assert!(dropped_images(&after, &after).is_empty());
        assert!(dropped_images(&record("x", &[]), &after).is_empty());
        // A whole record going (its images against an empty one).
        assert_eq!(
            dropped_images(&after, &record("x", &[])),
            set(&["P-acc", "P-b", "S-new"])
        );
    }

    #[test]
    fn orphans_keep_what_another_record_still_refers_to() {
        let a = record("YH-20261205-0001", &["P-b"]);
        let mut b = record("YH-20261205-0002", &[]);
        b.signatures.enterprise = Some(photo("S-1"));
        let candidates = set(&["P-a", "P-b", "S-1"]);
        assert_eq!(orphaned_images(candidates.clone(), [&a, &b]), ["P-a"]);
        assert_eq!(
            orphaned_images(candidates, std::iter::empty()),
            ["P-a", "P-b", "S-1"]
        );
        assert!(orphaned_images(BTreeSet::new(), [&a]).is_empty());
    }
}
