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

/// Legend lines for the pins, in the order of urgency.
pub fn pin_legend() -> [(Rgba, &'static str); 4] {
    [
        (MAJOR_OPEN, "重大隐患（待整改/整改中）"),
        (GENERAL_OPEN, "一般隐患（待整改/整改中）"),
        (AWAITING, "待验收"),
        (CLOSED, "已闭环"),
    ]
}
