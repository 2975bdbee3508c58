use crate::risk::Rgba;

/// One thing to paint, in CSS pixels from the canvas's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawCmd {
    /// Filled (even-odd) polygon: exterior ring then holes.
    Polygon {
        rings: Vec<Vec<[f32; 2]>>,
        fill: Rgba,
        stroke: Option<Rgba>,
        stroke_width: f32,
    },
    Line {
        points: Vec<[f32; 2]>,
        stroke: Rgba,
        width: f32,
    },
    /// A point symbol: a circle, or a diamond for hazard sources.
    Marker {
        x: f32,
        y: f32,
        radius: f32,
        fill: Rgba,
        stroke: Option<Rgba>,
        diamond: bool,
    },
    /// Centred text with a halo.
    Label { x: f32, y: f32, text: String },
}

/// The commands for one frame: shapes bottom-up, then labels on top of every shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrawList {
    pub cmds: Vec<DrawCmd>,
    pub labels: Vec<DrawCmd>,
}
