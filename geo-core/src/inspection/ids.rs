//! Ids that meet ids of other devices: inspections, photos and signature images are
//! merged by id when a project file is imported, so each id carries the part of the device
//! that made it (a random [`DeviceId`], drawn once per browser profile). Two tablets that
//! start their first inspection of the same day then make `INS-20261205-K7QM3X-0001` and
//! `INS-20261205-9ZT2HC-0001`, not the same id twice.
//!
//! Inspection ids written before the device part existed (`PC-20261129-<ms hex>-<random>`)
//! stay valid: ids are opaque keys everywhere, and [`inspection_id_date`] reads both forms.

use std::fmt;

use super::Date;

/// Crockford's base 32: digits and capitals without I, L, O and U, so a device part read
/// aloud or copied by hand cannot be misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Characters of a new device part: 30 random bits, so among a thousand devices two share
/// a part with odds of about 1 in 2,000 (and even then only ids of the same day and
/// sequence meet).
pub const DEVICE_ID_LEN: usize = 6;

/// The device part of ids: [`DEVICE_ID_LEN`] characters of Crockford base 32 (4 to 12 are
/// read, so the length can change without making older ids unreadable).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId(String);

impl DeviceId {
    /// The device part made from the low 30 bits of `random` (the caller draws them).
    pub fn from_random(random: u64) -> Self {
        let s = (0..DEVICE_ID_LEN)
            .rev()
            .map(|i| char::from(ALPHABET[((random >> (5 * i)) & 31) as usize]))
            .collect();
        DeviceId(s)
    }

    /// A stored device part; `None` when it is not 4–12 characters of the alphabet.
    pub fn parse(s: &str) -> Option<Self> {
        ((4..=12).contains(&s.len()) && s.bytes().all(|b| ALPHABET.contains(&b)))
            .then(|| DeviceId(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A parsed inspection id `INS-YYYYMMDD-<device>-NNNN`: the inspection's date, the device
/// that started it, and that device's sequence of the day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InspectionId {
    pub date: Date,
    pub device: DeviceId,
    /// 1 or more; printed with at least four digits.
    pub seq: u32,
}

impl fmt::Display for InspectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "INS-{}-{}-{:04}",
            self.date.compact(),
            self.device,
            self.seq
        )
    }
}

/// A string that is not an inspection id of the current form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    pub id: String,
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "排查记录编号“{}”格式应为 INS-YYYYMMDD-设备-NNNN / not an inspection id (INS-YYYYMMDD-DEVICE-NNNN)",
            self.id
        )
    }
}

impl std::error::Error for IdError {}

/// Parses `INS-YYYYMMDD-<device>-NNNN`: a real date, a device part, and a sequence of 4 to
/// 9 digits that is not 0 and has no padding beyond four digits (one spelling per id).
pub fn parse_inspection_id(s: &str) -> Result<InspectionId, IdError> {
    let err = || IdError { id: s.to_string() };
    let rest = s.strip_prefix("INS-").ok_or_else(err)?;
    let mut parts = rest.split('-');
    let (Some(date), Some(device), Some(seq), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(err());
    };
    let date = Date::parse_compact(date).ok_or_else(err)?;
    let device = DeviceId::parse(device).ok_or_else(err)?;
    if !(4..=9).contains(&seq.len())
        || !seq.bytes().all(|b| b.is_ascii_digit())
        || (seq.len() > 4 && seq.starts_with('0'))
    {
        return Err(err());
    }
    let seq: u32 = seq.parse().map_err(|_| err())?;
    if seq == 0 {
        return Err(err());
    }
    Ok(InspectionId { date, device, seq })
}

/// The date an inspection id names, in either form: `INS-YYYYMMDD-…` or the older
/// `PC-YYYYMMDD-…`. `None` for any other string (ids are keys, so an id of another shape
/// is still a valid id; it just names no date).
pub fn inspection_id_date(id: &str) -> Option<Date> {
    if let Ok(parsed) = parse_inspection_id(id) {
        return Some(parsed.date);
    }
    let rest = id.strip_prefix("PC-")?;
    Date::parse_compact(rest.split('-').next()?)
}

/// The id of the next inspection `device` starts on `date`: one past the highest sequence
/// among `existing` ids of that device and day (older forms and other devices' ids are
/// ignored; gaps are never filled, so a deleted inspection's id does not come back while
/// a later one of its day exists).
pub fn next_inspection_id<'a>(
    existing: impl IntoIterator<Item = &'a str>,
    date: Date,
    device: &DeviceId,
) -> String {
    let max = existing
        .into_iter()
        .filter_map(|id| parse_inspection_id(id).ok())
        .filter(|id| id.date == date && &id.device == device)
        .map(|id| id.seq)
        .max()
        .unwrap_or(0);
    InspectionId {
        date,
        device: device.clone(),
        seq: max.saturating_add(1),
    }
    .to_string()
}

/// A photo or signature image id: `<prefix>-<device>-<ms hex>-<random hex>`, unique by the
/// device, the time and 40 random bits (the caller's), and a valid
/// [`super::is_valid_photo_id`] for any prefix of ASCII letters.
pub fn image_id(prefix: &str, device: &DeviceId, at_ms: i64, random: u64) -> String {
    format!(
        "{prefix}-{device}-{:x}-{:010x}",
        at_ms.max(0),
        random & 0xff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::is_valid_photo_id;

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn device_id_from_random_uses_the_alphabet() {
        assert_eq!(DeviceId::from_random(0).as_str(), "000000");
        assert_eq!(DeviceId::from_random((1 << 30) - 1).as_str(), "ZZZZZZ");
        // 5 bits a character, most significant first; bits above 30 are ignored.
        assert_eq!(
            DeviceId::from_random((1 << 40) | (18 << 25) | 31).as_str(),
            "J0000Z"
        );
        let d = DeviceId::from_random(0x2f3a_91c4);
        assert_eq!(DeviceId::parse(d.as_str()), Some(d));
    }

    #[test]
    fn device_id_parse_rules() {
        for good in ["K7QM", "K7QM3X", "0123456789AB"] {
            assert!(DeviceId::parse(good).is_some(), "{good}");
        }
        for bad in [
            "",
            "K7Q",
            "k7qm3x",
            "K7QM3I",
            "K7QM-3",
            "0123456789ABC",
            "Ｋ7QM",
        ] {
            assert!(DeviceId::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn inspection_id_parse_and_print() {
        let id = parse_inspection_id("INS-20261205-K7QM3X-0001").unwrap();
        assert_eq!(id.date, date("2026-12-05"));
        assert_eq!(id.device.as_str(), "K7QM3X");
        assert_eq!(id.seq, 1);
        assert_eq!(id.to_string(), "INS-20261205-K7QM3X-0001");
        assert_eq!(
            parse_inspection_id("INS-20261205-K7QM-12345").unwrap().seq,
            12345
        );
        for bad in [
            "",
            "INS-20261205-K7QM3X-0000",
            "INS-20261205-K7QM3X-001",
            "INS-20261205-K7QM3X-00012",
            "INS-20260230-K7QM3X-0001",
            "INS-20261205-k7qm3x-0001",
            "INS-20261205-0001",
            "INS-20261205-K7QM3X-0001-2",
            "ins-20261205-K7QM3X-0001",
            "PC-20261129-18c1f2a3b4c-0123456789",
        ] {
            assert!(parse_inspection_id(bad).is_err(), "{bad}");
        }
        assert!(parse_inspection_id("x")
            .unwrap_err()
            .to_string()
            .contains("INS-YYYYMMDD"));
    }

    #[test]
    fn inspection_id_dates_of_both_forms() {
        assert_eq!(
            inspection_id_date("INS-20261205-K7QM3X-0001"),
            Some(date("2026-12-05"))
        );
        // Ids the app wrote before the device part existed.
        assert_eq!(
            inspection_id_date("PC-20261129-18c1f2a3b4c-0123456789"),
            Some(date("2026-11-29"))
        );
        assert_eq!(
            inspection_id_date("PC-20261129-a1"),
            Some(date("2026-11-29"))
        );
        assert_eq!(inspection_id_date("PC--18c1f2a3b4c-01"), None);
        assert_eq!(inspection_id_date("whatever"), None);
    }

    #[test]
    fn next_inspection_id_counts_per_device_and_day() {
        let me = DeviceId::parse("K7QM3X").unwrap();
        let existing = [
            "INS-20261205-K7QM3X-0001",
            "INS-20261205-K7QM3X-0003",
            "INS-20261205-9ZT2HC-0007",
            "INS-20261204-K7QM3X-0009",
            "PC-20261205-18c1f2a3b4c-0123456789",
        ];
        assert_eq!(
            next_inspection_id(existing, date("2026-12-05"), &me),
            "INS-20261205-K7QM3X-0004"
        );
        let other = DeviceId::parse("9ZT2HC").unwrap();
        assert_eq!(
            next_inspection_id(existing, date("2026-12-05"), &other),
            "INS-20261205-9ZT2HC-0008"
        );
        assert_eq!(
            next_inspection_id([], date("2026-12-06"), &me),
            "INS-20261206-K7QM3X-0001"
        );
    }

    #[test]
    fn image_ids_carry_the_device_and_are_photo_ids() {
        let me = DeviceId::parse("K7QM3X").unwrap();
        let id = image_id("P", &me, 0x018c_1f2a_3b4c, 0xab01_2345_6789);
        assert_eq!(id, "P-K7QM3X-18c1f2a3b4c-0123456789");
        assert!(is_valid_photo_id(&id));
        assert!(is_valid_photo_id(&image_id("S", &me, -5, u64::MAX)));
    }
}
