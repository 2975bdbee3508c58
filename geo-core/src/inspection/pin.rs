//! How a hidden-danger record looks on the map: its pin's colour, from its level and status,
//! and the legend that explains the colours. Kept here so the map, the legend and reports
//! agree.

use super::{HiddenDanger, Status};
use crate::risk::Rgba;

/// An open 重大 record (待整改 or 整改中).
pub const MAJOR_OPEN: Rgba = Rgba(0xd7, 0x19, 0x1c, 255);
/// An open record of any other level.
pub const GENERAL_OPEN: Rgba = Rgba(0xf5, 0x8a, 0x07, 255);
/// Rectified, waiting for acceptance (待验收): still open, no longer urgent.
pub const AWAITING: Rgba = Rgba(0x2b, 0x83, 0xba, 255);
/// 已闭环.
pub const CLOSED: Rgba = Rgba(0x9e, 0x9e, 0x9e, 255);
/// Every pin's outline.
pub const PIN_STROKE: Rgba = Rgba(0x22, 0x22, 0x22, 255);
/// A pin's radius, CSS px: larger than a site's marker, so a pin on a site shows around it.
pub const PIN_RADIUS: f32 = 7.0;

/// The pin colour of `record`.
pub fn pin_colour(record: &HiddenDanger) -> Rgba {
    match record.status() {
        Status::Closed => CLOSED,
        Status::AwaitingAcceptance => AWAITING,
        Status::Pending | Status::InProgress if record.level.is_major() => MAJOR_OPEN,
        Status::Pending | Status::InProgress => GENERAL_OPEN,
    }
}

/// Whether the map and the scores read `a` and `b` alike: same site, position, level and
/// pin colour (so the same open/closed state). A record edited only in its text need not
/// re-score every site, which matters while text is saved as it is typed.
pub fn same_on_map(a: &HiddenDanger, b: &HiddenDanger) -> bool {
    a.site_id == b.site_id
        && a.location == b.location
        && a.level == b.level
        && a.is_closed() == b.is_closed()
        && pin_colour(a) == pin_colour(b)
}

/// Legend lines for the pins, in the order of urgency.
pub fn pin_legend() -> [(Rgba, &'static str); 4] {
    [
        (MAJOR_OPEN, "重大隐患（待整改/整改中）"),
        (GENERAL_OPEN, "一般隐患（待整改/整改中）"),
        (AWAITING, "待验收"),
        (CLOSED, "已闭环"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::{DangerLevel, Location, LocationSource, Transition};

    #[test]
    fn pin_same_on_map_ignores_text_only() {
        let mut a = HiddenDanger::new("E0001", "示范化工", "2026-12-05", "张工", 1);
        a.description = "消防通道堵塞".into();
        a.deadline = "2026-12-15".into();
        let mut b = a.clone();
        b.description = "东侧消防通道堵塞".into();
        b.measures = "清理".into();
        assert!(same_on_map(&a, &b));
        let mut moved = a.clone();
        moved.location = Some(Location {
            lon: 118.1,
            lat: 24.5,
            accuracy_m: None,
            source: LocationSource::MapTap,
        });
        assert!(!same_on_map(&a, &moved));
        let mut major = a.clone();
        major.level = DangerLevel::major();
        assert!(!same_on_map(&a, &major));
        let mut other_site = a.clone();
        other_site.site_id = "E0002".into();
        assert!(!same_on_map(&a, &other_site));
        let mut started = a.clone();
        started.measures = "清理".into();
        started.responsible = "李四".into();
        started
            .transition(Transition::StartRectification {
                by: "李四".into(),
                at: 2,
            })
            .unwrap();
        // 待整改 → 整改中 keeps the pin's colour and the open count.
        assert!(same_on_map(&a, &started));
    }
}
