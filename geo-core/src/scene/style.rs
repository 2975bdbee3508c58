use crate::layer::{LayerMeta, LayerRole};
use crate::risk::Rgba;

/// How a layer is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayerStyle {
    pub fill: Rgba,
    pub stroke: Option<Rgba>,
    pub stroke_width: f32,
    /// Radius of point symbols in CSS pixels.
    pub point_radius: f32,
}

/// Hazard-zone hues, kept away from the four risk colours so a zone is never read as a grade.
const ZONE_HUES: [Rgba; 4] = [
    Rgba(0x7b, 0x61, 0xff, 255), // violet
    Rgba(0x2a, 0x9d, 0x8f, 255), // teal
    Rgba(0x8d, 0x6e, 0x63, 255), // brown
    Rgba(0x55, 0x8b, 0x2f, 255), // olive
];

/// The default style for a layer's role; `nth_zone_layer` picks the hue of hazard-zone layers.
pub fn default_style(meta: &LayerMeta, nth_zone_layer: usize) -> LayerStyle {
    match meta.role {
        LayerRole::Areas => LayerStyle {
            fill: Rgba(0xf4, 0xf1, 0xe8, 255),
            stroke: Some(Rgba(0x6b, 0x6b, 0x6b, 255)),
            stroke_width: 1.5,
            point_radius: 3.0,
        },
        LayerRole::HazardZones => {
            let hue = ZONE_HUES[nth_zone_layer % ZONE_HUES.len()];
            LayerStyle {
                fill: hue.with_alpha(110),
                stroke: Some(hue.with_alpha(200)),
                stroke_width: 1.0,
                point_radius: 3.0,
            }
        }
        LayerRole::Sources => LayerStyle {
            fill: Rgba(0x21, 0x21, 0x21, 255),
            stroke: Some(Rgba(255, 255, 255, 255)),
            stroke_width: 1.0,
            point_radius: 7.0,
        },
        LayerRole::Sites => LayerStyle {
            fill: Rgba(0x90, 0x90, 0x90, 255),
            stroke: Some(Rgba(0x33, 0x33, 0x33, 255)),
            stroke_width: 1.0,
            point_radius: 5.0,
        },
    }
}

/// Fill of a hazard zone whose class has `level` (1–3): the layer hue, more opaque for
/// more severe classes.
pub fn zone_fill(style: &LayerStyle, level: u8) -> Rgba {
    style.fill.with_alpha(match level {
        0 => 40,
        1 => 70,
        2 => 110,
        _ => 160,
    })
}
