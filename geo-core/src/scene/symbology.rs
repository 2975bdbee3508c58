//! Fill colours from attributes, and the legend that explains them.
//!
//! One [`Symbology`] decides both what [`Symbology::fill`] paints and what
//! [`legend_group`] lists, so the legend cannot drift from the map: every colour `fill`
//! can return for a layer is the fill of one of the group's entries.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::LayerStyle;
use crate::layer::{Feature, Layer};
use crate::risk::{Grade, Palette as GradePalette, Rgba};

/// Colour of values beyond the named classes: a neutral grey, so the eye reads it as
/// "the rest" rather than as one more class.
const OTHER: Rgba = Rgba(0x9e, 0x9e, 0x9e, 255);
/// Colour of features without a usable number: lighter than [`OTHER`] so "no data" is
/// never mistaken for the lowest class of a light-to-dark ramp.
const NO_DATA: Rgba = Rgba(0xcf, 0xcf, 0xcf, 255);

/// Legend label of the catch-all class.
const OTHER_LABEL: &str = "其他";
/// Legend label of features without a number.
const NO_DATA_LABEL: &str = "无数据";
/// Legend label of a graduated symbology with a single class (no breaks).
const ALL_LABEL: &str = "全部";

/// How a layer's features get their fill colour. Saved with the project.
///
/// Symbology picks the hue; the layer style keeps the opacity: [`Symbology::fill`] returns
/// the class colour with the alpha of the style's fill, so a translucent hazard-zone
/// layer stays see-through whatever palette the user picks, and the legend (built with
/// the same style) shows the same translucent swatch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Symbology {
    /// The layer style's fill for every feature.
    #[default]
    Single,
    /// One colour per text value of `field`; anything else (including a missing value)
    /// gets `other`.
    Categorical {
        field: String,
        classes: Vec<CategoryClass>,
        #[serde(with = "crate::risk::hex_colour")]
        other: Rgba,
    },
    /// Classes of a number: `v < breaks[0]` → `fills[0]`, `breaks[i-1] <= v < breaks[i]`
    /// → `fills[i]`, `v >= last break` → the last fill; no number (or NaN) → `missing`.
    /// `fills.len() == breaks.len() + 1`; other lengths from a hand-edited project are
    /// tolerated (the last fill takes every higher class).
    Graduated {
        field: String,
        breaks: Vec<f64>,
        #[serde(with = "crate::risk::hex_colour::vec")]
        fills: Vec<Rgba>,
        #[serde(with = "crate::risk::hex_colour")]
        missing: Rgba,
    },
    /// The site's grade colour. Grading supplies the fills, so this variant only
    /// contributes the four-colour legend; [`Symbology::fill`] returns the base.
    RiskGrades,
}

/// One class of a [`Symbology::Categorical`]: features whose trimmed text equals `value`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryClass {
    pub value: String,
    #[serde(with = "crate::risk::hex_colour")]
    pub fill: Rgba,
}

/// How [`graduated`] places its class breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Breaks {
    /// About the same number of features per class: readable for skewed data (a few
    /// very large sites would otherwise leave every other class empty).
    Quantile,
    /// Classes of equal width between the minimum and the maximum: breaks a reader can
    /// check against the numbers, at the cost of empty classes on skewed data.
    EqualInterval,
}

/// Colour schemes a user can pick for a layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Palette {
    /// Twelve qualitative colours for categories.
    Category,
    Reds,
    Blues,
    Greens,
    Purples,
    YlOrRd,
    Viridis,
}

/// Paul Tol's "muted" scheme without its pale cyan (too close to 低风险 blue), extended
/// to twelve. None of them is within ΔE 35 (CIELAB) of a risk colour, so a category is
/// never read as a grade; the first eight stay apart under the common colour-vision
/// deficiencies, which is why they come first.
const CATEGORY: [Rgba; 12] = [
    Rgba(0x33, 0x22, 0x88, 255), // indigo
    Rgba(0x11, 0x77, 0x33, 255), // green
    Rgba(0xdd, 0xcc, 0x77, 255), // sand
    Rgba(0xcc, 0x66, 0x77, 255), // rose
    Rgba(0x44, 0xaa, 0x99, 255), // teal
    Rgba(0xaa, 0x44, 0x99, 255), // purple
    Rgba(0x99, 0x99, 0x33, 255), // olive
    Rgba(0x88, 0x22, 0x55, 255), // wine
    Rgba(0x6f, 0x4e, 0x37, 255), // brown
    Rgba(0x75, 0x70, 0xb3, 255), // slate violet
    Rgba(0x00, 0x4d, 0x40, 255), // dark teal
    Rgba(0xe7, 0xa9, 0xd1, 255), // pink
];

// Sequential stops, light to dark (ColorBrewer; viridis reversed). The palest ColorBrewer
// step is left out: near-white vanishes on a light base map.
const REDS: [Rgba; 5] = [
    Rgba(0xfe, 0xe0, 0xd2, 255),
    Rgba(0xfc, 0x92, 0x72, 255),
    Rgba(0xef, 0x3b, 0x2c, 255),
    Rgba(0xa5, 0x0f, 0x15, 255),
    Rgba(0x67, 0x00, 0x0d, 255),
];
const BLUES: [Rgba; 5] = [
    Rgba(0xde, 0xeb, 0xf7, 255),
    Rgba(0x9e, 0xca, 0xe1, 255),
    Rgba(0x42, 0x92, 0xc6, 255),
    Rgba(0x08, 0x51, 0x9c, 255),
    Rgba(0x08, 0x30, 0x6b, 255),
];
const GREENS: [Rgba; 5] = [
    Rgba(0xe5, 0xf5, 0xe0, 255),
    Rgba(0xa1, 0xd9, 0x9b, 255),
    Rgba(0x41, 0xab, 0x5d, 255),
    Rgba(0x00, 0x6d, 0x2c, 255),
    Rgba(0x00, 0x44, 0x1b, 255),
];
const PURPLES: [Rgba; 5] = [
    Rgba(0xef, 0xed, 0xf5, 255),
    Rgba(0xbc, 0xbd, 0xdc, 255),
    Rgba(0x80, 0x7d, 0xba, 255),
    Rgba(0x54, 0x27, 0x8f, 255),
    Rgba(0x3f, 0x00, 0x7d, 255),
];
const YLORRD: [Rgba; 5] = [
    Rgba(0xff, 0xed, 0xa0, 255),
    Rgba(0xfe, 0xb2, 0x4c, 255),
    Rgba(0xfc, 0x4e, 0x2a, 255),
    Rgba(0xe3, 0x1a, 0x1c, 255),
    Rgba(0x80, 0x00, 0x26, 255),
];
const VIRIDIS: [Rgba; 5] = [
    Rgba(0xfd, 0xe7, 0x25, 255),
    Rgba(0x5e, 0xc9, 0x62, 255),
    Rgba(0x21, 0x91, 0x8c, 255),
    Rgba(0x3b, 0x52, 0x8b, 255),
    Rgba(0x44, 0x01, 0x54, 255),
];

impl Palette {
    pub const ALL: [Palette; 7] = [
        Palette::Category,
        Palette::Reds,
        Palette::Blues,
        Palette::Greens,
        Palette::Purples,
        Palette::YlOrRd,
        Palette::Viridis,
    ];

    /// The most colours [`Palette::colours`] returns: a bound on what a saved project or
    /// a slider can make the engine allocate.
    pub const MAX_COLOURS: usize = 256;

    /// Name for the palette picker.
    pub fn zh(self) -> &'static str {
        match self {
            Palette::Category => "分类色",
            Palette::Reds => "红色渐变",
            Palette::Blues => "蓝色渐变",
            Palette::Greens => "绿色渐变",
            Palette::Purples => "紫色渐变",
            Palette::YlOrRd => "黄—橙—红",
            Palette::Viridis => "Viridis（色盲友好）",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Palette::Category => "Categories",
            Palette::Reds => "Reds",
            Palette::Blues => "Blues",
            Palette::Greens => "Greens",
            Palette::Purples => "Purples",
            Palette::YlOrRd => "Yellow–orange–red",
            Palette::Viridis => "Viridis (colour-blind safe)",
        }
    }

    /// True for the light-to-dark ramps meant for numbers.
    pub fn is_sequential(self) -> bool {
        self != Palette::Category
    }

    /// How many classes the constructors give this palette at most: the twelve distinct
    /// category colours (more would repeat one), or nine steps of a ramp (ColorBrewer's
    /// limit: beyond that neighbouring steps cannot be told apart on a map).
    pub fn max_classes(self) -> usize {
        match self {
            Palette::Category => CATEGORY.len(),
            _ => 9,
        }
    }

    fn stops(self) -> &'static [Rgba] {
        match self {
            Palette::Category => &CATEGORY,
            Palette::Reds => &REDS,
            Palette::Blues => &BLUES,
            Palette::Greens => &GREENS,
            Palette::Purples => &PURPLES,
            Palette::YlOrRd => &YLORRD,
            Palette::Viridis => &VIRIDIS,
        }
    }

    /// `n` colours (at most [`Palette::MAX_COLOURS`]). Sequential palettes are sampled
    /// evenly from light to dark, one colour being the middle of the ramp, so higher
    /// values always read darker; the category palette repeats after twelve.
    pub fn colours(self, n: usize) -> Vec<Rgba> {
        let n = n.min(Self::MAX_COLOURS);
        let stops = self.stops();
        if !self.is_sequential() {
            return stops.iter().copied().cycle().take(n).collect();
        }
        (0..n)
            .map(|i| {
                let t = if n == 1 {
                    0.5
                } else {
                    i as f64 / (n - 1) as f64
                };
                ramp(stops, t)
            })
            .collect()
    }
}

/// The colour at `t` (0–1) along piecewise-linear sRGB stops.
fn ramp(stops: &[Rgba], t: f64) -> Rgba {
    let Some(last) = stops.len().checked_sub(1) else {
        return OTHER;
    };
    let pos = t.clamp(0.0, 1.0) * last as f64;
    let i = (pos.floor() as usize).min(last.saturating_sub(1));
    let (a, b) = (stops[i], stops[(i + 1).min(last)]);
    let f = pos - i as f64;
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    Rgba(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2), 255)
}

/// One class per distinct trimmed text value of `field`, most frequent first (ties by
/// value, so the result does not depend on file order). Values beyond `max_classes`
/// (or beyond the palette's [`Palette::max_classes`]) and features without the field
/// fall into `other`, listed as 其他.
pub fn categorical(layer: &Layer, field: &str, palette: Palette, max_classes: usize) -> Symbology {
    let mut count = CategoryCount::new(field);
    count.add(&layer.features);
    count.symbology(palette, max_classes)
}

/// How often each trimmed text value of a field occurs, added a slice of features at a
/// time: [`categorical`] in parts. Why: counting 660,000 footprints at once held the page
/// for 150–200 ms in the browser, so the app counts a large layer between frames.
#[derive(Debug, Clone)]
pub struct CategoryCount {
    field: String,
    counts: HashMap<String, usize>,
}

impl CategoryCount {
    pub fn new(field: &str) -> Self {
        CategoryCount {
            field: field.to_string(),
            counts: HashMap::new(),
        }
    }

    /// Counts the field's values in `features`.
    pub fn add(&mut self, features: &[Feature]) {
        for f in features {
            if let Some(t) = f.text(&self.field) {
                let t = t.trim();
                if !t.is_empty() {
                    *self.counts.entry(t.to_string()).or_default() += 1;
                }
            }
        }
    }

    /// The symbology of the values counted: see [`categorical`].
    pub fn symbology(self, palette: Palette, max_classes: usize) -> Symbology {
        let mut values: Vec<(String, usize)> = self.counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let k = max_classes.min(palette.max_classes()).min(values.len());
        let classes = values
            .into_iter()
            .take(k)
            .zip(palette.colours(k))
            .map(|((value, _), fill)| CategoryClass { value, fill })
            .collect();
        Symbology::Categorical {
            field: self.field,
            classes,
            other: OTHER,
        }
    }
}

/// Classes of the numbers in `field` ([`Feature::number`], so numeric strings count;
/// NaN, infinities and missing values are left to `missing`). Asks for `classes`
/// classes (1 up to the palette's [`Palette::max_classes`]); equal breaks merge, and a
/// break at the minimum is dropped, so no class is empty by construction of the breaks
/// alone. Without any number there is one class.
pub fn graduated(
    layer: &Layer,
    field: &str,
    classes: usize,
    method: Breaks,
    palette: Palette,
) -> Symbology {
    let values = layer.features.iter().filter_map(|f| f.number(field));
    Symbology::graduated_values(values, field, classes, method, palette)
}

/// The body of [`graduated`] and [`Symbology::graduated_values`].
fn graduated_from(
    values: impl IntoIterator<Item = f64>,
    field: &str,
    classes: usize,
    method: Breaks,
    palette: Palette,
) -> Symbology {
    let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    values.sort_by(f64::total_cmp);
    let k = classes.clamp(1, palette.max_classes());
    let mut breaks: Vec<f64> = match (values.first(), values.last()) {
        (Some(&min), Some(&max)) => {
            let n = values.len();
            let raw: Vec<f64> = (1..k)
                .map(|i| match method {
                    Breaks::Quantile => {
                        // u64: `i * n` overflows a 32-bit usize on a large layer in wasm.
                        let at = (i as u64 * n as u64 / k as u64) as usize;
                        values[at.min(n - 1)]
                    }
                    Breaks::EqualInterval => min + (max - min) * i as f64 / k as f64,
                })
                .collect();
            raw.into_iter()
                .filter(|b| *b > min && b.is_finite())
                .collect()
        }
        _ => Vec::new(),
    };
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    let fills = palette.colours(breaks.len() + 1);
    Symbology::Graduated {
        field: field.to_string(),
        breaks,
        fills,
        missing: NO_DATA,
    }
}

/// Index of the class of `v`, clamped to the last fill; `None` → the missing colour.
fn graduated_class(breaks: &[f64], n_fills: usize, v: Option<f64>) -> Option<usize> {
    let v = v.filter(|v| v.is_finite())?;
    let last = n_fills.checked_sub(1)?;
    Some(breaks.partition_point(|b| *b <= v).min(last))
}

impl Symbology {
    /// The fill of one feature. `base` is the layer style's fill: Single and RiskGrades
    /// return it as is, the others lend it their alpha (see [`Symbology`]).
    pub fn fill(&self, feature: &Feature, base: Rgba) -> Rgba {
        match self {
            Symbology::Single | Symbology::RiskGrades => base,
            Symbology::Categorical {
                field,
                classes,
                other,
            } => feature
                .text(field)
                .and_then(|t| {
                    let t = t.trim();
                    classes.iter().find(|c| c.value.trim() == t).map(|c| c.fill)
                })
                .unwrap_or(*other)
                .with_alpha(base.3),
            Symbology::Graduated {
                field,
                breaks,
                fills,
                missing,
            } => graduated_class(breaks, fills.len(), feature.number(field))
                .map_or(*missing, |i| fills[i])
                .with_alpha(base.3),
        }
    }

    /// [`graduated`] over numbers that are not a property of the features (a site's
    /// score, kept by the project): `field` only names them in the result.
    pub fn graduated_values(
        values: impl IntoIterator<Item = f64>,
        field: &str,
        classes: usize,
        method: Breaks,
        palette: Palette,
    ) -> Symbology {
        graduated_from(values, field, classes, method, palette)
    }

    /// The fill for the number `v` of a graduated symbology (`None` or NaN: the missing
    /// colour); the other variants answer as [`Symbology::fill`] does for any feature,
    /// except categorical, which has no class for a bare number (its `other`).
    pub fn fill_number(&self, v: Option<f64>, base: Rgba) -> Rgba {
        match self {
            Symbology::Single | Symbology::RiskGrades => base,
            Symbology::Categorical { other, .. } => other.with_alpha(base.3),
            Symbology::Graduated {
                breaks,
                fills,
                missing,
                ..
            } => graduated_class(breaks, fills.len(), v)
                .map_or(*missing, |i| fills[i])
                .with_alpha(base.3),
        }
    }

    /// The fill of every feature of `layer`, aligned with its features (what
    /// [`super::Scene::push_layer`] takes). Same result as [`Symbology::fill`] per
    /// feature, with the category lookup built once.
    pub fn fills(&self, layer: &Layer, base: Rgba) -> Vec<Rgba> {
        match self {
            Symbology::Categorical {
                field,
                classes,
                other,
            } => {
                let mut by_value: HashMap<&str, Rgba> = HashMap::with_capacity(classes.len());
                for c in classes {
                    // First class wins, as in `fill`'s linear search.
                    by_value.entry(c.value.trim()).or_insert(c.fill);
                }
                layer
                    .features
                    .iter()
                    .map(|f| {
                        f.text(field)
                            .and_then(|t| by_value.get(t.trim()).copied())
                            .unwrap_or(*other)
                            .with_alpha(base.3)
                    })
                    .collect()
            }
            _ => layer.features.iter().map(|f| self.fill(f, base)).collect(),
        }
    }
}

/// The swatch drawn next to a legend label, after the layer's geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegendSymbol {
    Area,
    Line,
    Circle,
    /// Hazard sources, drawn as diamonds on the map.
    Diamond,
}

/// One line of the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub fill: Rgba,
    pub stroke: Option<Rgba>,
    pub symbol: LegendSymbol,
}

/// A layer's block in the legend.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendGroup {
    pub layer_id: String,
    pub title: String,
    pub entries: Vec<LegendEntry>,
}

impl LegendGroup {
    /// Drops the entries whose fill is not among `drawn` (e.g. 其他 or 无数据 when no
    /// feature needs them). [`legend_group`] lists them always, since it cannot see the
    /// data; call this with the layer's fills when an unused line would confuse.
    pub fn retain_drawn(&mut self, drawn: &[Rgba]) {
        let drawn: std::collections::HashSet<Rgba> = drawn.iter().copied().collect();
        self.entries.retain(|e| drawn.contains(&e.fill));
    }
}

/// The legend of one layer, from the same symbology and style the map is filled with,
/// so each colour [`Symbology::fill`] can return with `style.fill` as base has an entry.
/// The catch-all lines (其他, 无数据) are always listed; see [`LegendGroup::retain_drawn`].
/// RiskGrades lists the four grades, 重大风险 first, in the default grade colours at
/// full opacity, as site markers are drawn.
pub fn legend_group(
    layer_id: &str,
    title: &str,
    style: &LayerStyle,
    symbology: &Symbology,
    symbol: LegendSymbol,
) -> LegendGroup {
    let alpha = style.fill.3;
    let entry = |label: String, fill: Rgba| LegendEntry {
        label,
        fill,
        stroke: style.stroke,
        symbol,
    };
    let entries = match symbology {
        Symbology::Single => vec![entry(title.to_string(), style.fill)],
        Symbology::RiskGrades => {
            let palette = GradePalette::default();
            Grade::ALL
                .into_iter()
                .map(|g| entry(g.zh().to_string(), palette.colour(g)))
                .collect()
        }
        Symbology::Categorical { classes, other, .. } => classes
            .iter()
            .map(|c| entry(c.value.trim().to_string(), c.fill.with_alpha(alpha)))
            .chain(std::iter::once(entry(
                OTHER_LABEL.to_string(),
                other.with_alpha(alpha),
            )))
            .collect(),
        Symbology::Graduated {
            breaks,
            fills,
            missing,
            ..
        } => {
            let mut out = Vec::with_capacity(fills.len() + 1);
            if let Some(last) = fills.len().checked_sub(1).map(|l| l.min(breaks.len())) {
                for (i, fill) in fills.iter().enumerate().take(last + 1) {
                    let lo = i.checked_sub(1).and_then(|j| breaks.get(j));
                    let hi = (i < last).then(|| breaks.get(i)).flatten();
                    let label = match (lo, hi) {
                        (None, None) => ALL_LABEL.to_string(),
                        (None, Some(h)) => format!("< {}", fmt_number(*h)),
                        (Some(l), None) => format!("≥ {}", fmt_number(*l)),
                        (Some(l), Some(h)) => format!("{} – {}", fmt_number(*l), fmt_number(*h)),
                    };
                    out.push(entry(label, fill.with_alpha(alpha)));
                }
            }
            out.push(entry(NO_DATA_LABEL.to_string(), missing.with_alpha(alpha)));
            out
        }
    };
    LegendGroup {
        layer_id: layer_id.to_string(),
        title: title.to_string(),
        entries,
    }
}

/// A break for a legend: six significant digits, no trailing zeros, so an equal-interval
/// break of 0.30000000000000004 reads 0.3.
fn fmt_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    let magnitude = if v == 0.0 {
        0
    } else {
        v.abs().log10().floor() as i32
    };
    let decimals = (5 - magnitude).clamp(0, 12) as usize;
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{LayerMeta, LayerRole};
    use geo::{Geometry, Point};
    use serde_json::{json, Value};

    fn layer_of(values: &[Value], field: &str) -> Layer {
        Layer {
            meta: LayerMeta::new("t", "测试图层", LayerRole::Areas),
            features: values
                .iter()
                .map(|v| {
                    let mut properties = serde_json::Map::new();
                    if !v.is_null() {
                        properties.insert(field.to_string(), v.clone());
                    }
                    Feature {
                        geometry: Geometry::Point(Point::new(118.0, 24.5)),
                        properties,
                    }
                })
                .collect(),
        }
    }

    fn style() -> LayerStyle {
        LayerStyle {
            fill: Rgba(10, 20, 30, 110),
            stroke: Some(Rgba(0, 0, 0, 255)),
            stroke_width: 1.0,
            point_radius: 3.0,
        }
    }

    fn labels(g: &LegendGroup) -> Vec<&str> {
        g.entries.iter().map(|e| e.label.as_str()).collect()
    }

    fn manual_graduated() -> Symbology {
        Symbology::Graduated {
            field: "v".into(),
            breaks: vec![20.0, 45.0, 70.0],
            fills: vec![
                Rgba(1, 0, 0, 255),
                Rgba(2, 0, 0, 255),
                Rgba(3, 0, 0, 255),
                Rgba(4, 0, 0, 255),
            ],
            missing: Rgba(9, 9, 9, 255),
        }
    }

    fn mixed_layer() -> Layer {
        layer_of(
            &[
                json!(3),
                json!("12.5"),
                json!(" 7 "),
                json!("NaN"),
                json!("inf"),
                Value::Null,
                json!("甲"),
                json!(true),
                json!(-4),
                json!(100),
                json!(100),
                json!(55.25),
                json!(""),
                json!("乙"),
                json!("甲"),
            ],
            "v",
        )
    }

    #[test]
    fn graduated_fill_follows_the_break_rule() {
        let s = manual_graduated();
        let base = Rgba(0, 0, 0, 200);
        let layer = layer_of(
            &[
                json!(19.9),
                json!(20),
                json!(44.9),
                json!(45),
                json!(70),
                json!(1e9),
                json!("30"),
                Value::Null,
                json!("NaN"),
                json!("abc"),
            ],
            "v",
        );
        let got: Vec<u8> = s.fills(&layer, base).iter().map(|c| c.0).collect();
        assert_eq!(got, vec![1, 2, 2, 3, 4, 4, 2, 9, 9, 9]);
        assert!(s.fills(&layer, base).iter().all(|c| c.3 == 200));
    }

    #[test]
    fn graduated_legend_labels_have_no_trailing_zeros() {
        let g = legend_group(
            "t",
            "人口",
            &style(),
            &manual_graduated(),
            LegendSymbol::Area,
        );
        assert_eq!(labels(&g), ["< 20", "20 – 45", "45 – 70", "≥ 70", "无数据"]);
        assert_eq!(fmt_number(2.5), "2.5");
        assert_eq!(fmt_number(0.1 + 0.2), "0.3");
        assert_eq!(fmt_number(-0.0), "0");
        assert_eq!(fmt_number(1234567.0), "1234567");
        assert_eq!(fmt_number(f64::NAN), "NaN");
    }

    #[test]
    fn quantile_breaks_split_features_evenly() {
        let values: Vec<Value> = (1..=10).map(|i| json!(i)).collect();
        let layer = layer_of(&values, "v");
        let s = graduated(&layer, "v", 2, Breaks::Quantile, Palette::Reds);
        let Symbology::Graduated { breaks, fills, .. } = &s else {
            panic!("not graduated")
        };
        assert_eq!(breaks, &vec![6.0]);
        assert_eq!(fills.len(), 2);
        let fs = s.fills(&layer, Rgba(0, 0, 0, 255));
        assert_eq!(fs.iter().filter(|c| **c == fs[0]).count(), 5);
    }

    #[test]
    fn equal_interval_breaks_span_min_to_max() {
        let layer = layer_of(&[json!(0), json!(10), json!("100")], "v");
        let s = graduated(&layer, "v", 4, Breaks::EqualInterval, Palette::Blues);
        let Symbology::Graduated { breaks, fills, .. } = &s else {
            panic!("not graduated")
        };
        assert_eq!(breaks, &vec![25.0, 50.0, 75.0]);
        assert_eq!(fills.len(), 4);
    }

    #[test]
    fn equal_breaks_are_merged() {
        let mut values = vec![json!(0); 50];
        values.push(json!(1));
        let layer = layer_of(&values, "v");
        let s = graduated(&layer, "v", 5, Breaks::Quantile, Palette::Greens);
        let Symbology::Graduated { breaks, fills, .. } = &s else {
            panic!("not graduated")
        };
        assert!(breaks.windows(2).all(|w| w[0] < w[1]));
        assert!(breaks.iter().all(|b| *b > 0.0));
        assert_eq!(fills.len(), breaks.len() + 1);
    }

    #[test]
    fn no_numbers_make_one_class() {
        for layer in [
            layer_of(&[], "v"),
            layer_of(&[json!("甲"), Value::Null, json!("NaN")], "v"),
            layer_of(&[json!(5), json!(5)], "v"),
        ] {
            for method in [Breaks::Quantile, Breaks::EqualInterval] {
                let s = graduated(&layer, "v", 5, method, Palette::Viridis);
                let Symbology::Graduated { breaks, fills, .. } = &s else {
                    panic!("not graduated")
                };
                assert!(breaks.is_empty());
                assert_eq!(fills.len(), 1);
                let g = legend_group("t", "t", &style(), &s, LegendSymbol::Circle);
                assert_eq!(labels(&g), ["全部", "无数据"]);
                assert_eq!(s.fills(&layer, style().fill).len(), layer.features.len());
            }
        }
    }

    #[test]
    fn huge_class_counts_are_capped() {
        let values: Vec<Value> = (0..100).map(|i| json!(i)).collect();
        let layer = layer_of(&values, "v");
        let s = graduated(
            &layer,
            "v",
            usize::MAX,
            Breaks::EqualInterval,
            Palette::YlOrRd,
        );
        let Symbology::Graduated { fills, .. } = &s else {
            panic!("not graduated")
        };
        assert_eq!(fills.len(), Palette::YlOrRd.max_classes());
        let c = categorical(&layer, "v", Palette::Category, usize::MAX);
        let Symbology::Categorical { classes, .. } = &c else {
            panic!("not categorical")
        };
        assert_eq!(classes.len(), 12);
        assert_eq!(
            Palette::Reds.colours(usize::MAX).len(),
            Palette::MAX_COLOURS
        );
    }

    #[test]
    fn category_count_added_in_slices_gives_the_symbology_of_one_count() {
        let values: Vec<Value> = (0..500)
            .map(|i| match i % 7 {
                0 => Value::Null,
                1 | 4 => json!("乙"),
                2 => json!(i % 3),
                _ => json!(format!(" 类{} ", i % 5)),
            })
            .collect();
        let layer = layer_of(&values, "v");
        let whole = categorical(&layer, "v", Palette::Category, usize::MAX);
        let mut count = CategoryCount::new("v");
        for part in layer.features.chunks(37) {
            count.add(part);
        }
        assert_eq!(count.symbology(Palette::Category, usize::MAX), whole);
        let Symbology::Categorical { classes, .. } = &whole else {
            panic!("not categorical")
        };
        // 乙, the five 类 values and the numbers 0, 1, 2.
        assert_eq!(classes.len(), 9, "{classes:?}");
    }

    #[test]
    fn categories_by_frequency_then_value_rest_in_other() {
        let layer = layer_of(
            &[
                json!("乙"),
                json!(" 甲 "),
                json!("甲"),
                json!("丙"),
                json!("乙"),
                json!("丁"),
                json!(""),
                Value::Null,
            ],
            "v",
        );
        let s = categorical(&layer, "v", Palette::Category, 3);
        let Symbology::Categorical { classes, other, .. } = &s else {
            panic!("not categorical")
        };
        let values: Vec<&str> = classes.iter().map(|c| c.value.as_str()).collect();
        // 乙 and 甲 twice (乙 U+4E59 < 甲 U+7532), then 丁 (U+4E01) before 丙 (U+4E19).
        assert_eq!(values, ["乙", "甲", "丁"]);
        let base = Rgba(0, 0, 0, 255);
        let fs = s.fills(&layer, base);
        let c: Vec<Rgba> = classes.iter().map(|c| c.fill).collect();
        assert_eq!(fs, [c[0], c[1], c[1], *other, c[0], c[2], *other, *other]);
        let g = legend_group("t", "类型", &style(), &s, LegendSymbol::Area);
        assert_eq!(labels(&g), ["乙", "甲", "丁", "其他"]);
    }

    #[test]
    fn zero_classes_put_everything_in_other() {
        let layer = layer_of(&[json!("a"), json!("b")], "v");
        let s = categorical(&layer, "v", Palette::Category, 0);
        let Symbology::Categorical { other, .. } = &s else {
            panic!("not categorical")
        };
        assert!(s
            .fills(&layer, style().fill)
            .iter()
            .all(|c| *c == other.with_alpha(110)));
    }

    #[test]
    fn fill_takes_the_alpha_of_the_base_style() {
        let layer = layer_of(&[json!("a"), json!(3)], "v");
        let base = Rgba(1, 2, 3, 77);
        for s in [
            categorical(&layer, "v", Palette::Category, 5),
            graduated(&layer, "v", 3, Breaks::Quantile, Palette::Purples),
        ] {
            assert!(s.fills(&layer, base).iter().all(|c| c.3 == 77));
        }
        assert_eq!(Symbology::Single.fill(&layer.features[0], base), base);
        assert_eq!(Symbology::RiskGrades.fill(&layer.features[0], base), base);
    }

    /// The issue's promise: what the legend shows is what the map draws.
    #[test]
    fn legend_has_an_entry_for_every_drawn_fill() {
        let layer = mixed_layer();
        let st = style();
        let mut symbologies = vec![Symbology::Single, manual_graduated()];
        for p in Palette::ALL {
            symbologies.push(categorical(&layer, "v", p, 4));
            symbologies.push(categorical(&layer, "v", p, 100));
            for n in [1, 3, 7, 50] {
                symbologies.push(graduated(&layer, "v", n, Breaks::Quantile, p));
                symbologies.push(graduated(&layer, "v", n, Breaks::EqualInterval, p));
            }
        }
        for s in &symbologies {
            let g = legend_group("t", "测试", &st, s, LegendSymbol::Area);
            let fills = s.fills(&layer, st.fill);
            assert_eq!(fills.len(), layer.features.len());
            for (f, c) in layer.features.iter().zip(&fills) {
                assert_eq!(s.fill(f, st.fill), *c, "{s:?}");
                assert!(g.entries.iter().any(|e| e.fill == *c), "{c:?} not in {g:?}");
            }
            let mut kept = g.clone();
            kept.retain_drawn(&fills);
            assert!(fills
                .iter()
                .all(|c| kept.entries.iter().any(|e| e.fill == *c)));
        }
    }

    #[test]
    fn single_and_risk_grade_legends() {
        let st = style();
        let g = legend_group("a", "行政区", &st, &Symbology::Single, LegendSymbol::Area);
        assert_eq!(g.entries.len(), 1);
        assert_eq!(
            (g.entries[0].label.as_str(), g.entries[0].fill),
            ("行政区", st.fill)
        );
        let g = legend_group(
            "s",
            "企业",
            &st,
            &Symbology::RiskGrades,
            LegendSymbol::Circle,
        );
        assert_eq!(labels(&g), ["重大风险", "较大风险", "一般风险", "低风险"]);
        let p = GradePalette::default();
        assert_eq!(g.entries[0].fill, p.major);
        assert_eq!(g.entries[3].fill, p.low);
        assert!(g.entries.iter().all(|e| e.stroke == st.stroke));
    }

    #[test]
    fn mismatched_graduated_lengths_do_not_panic() {
        let layer = mixed_layer();
        for (breaks, n) in [
            (vec![], 0),
            (vec![1.0, 2.0, 3.0], 1),
            (vec![1.0], 5),
            (vec![5.0, 1.0], 2),
        ] {
            let s = Symbology::Graduated {
                field: "v".into(),
                breaks,
                fills: Palette::Reds.colours(n),
                missing: NO_DATA,
            };
            let g = legend_group("t", "t", &style(), &s, LegendSymbol::Line);
            for c in s.fills(&layer, style().fill) {
                assert!(g.entries.iter().any(|e| e.fill == c));
            }
        }
    }

    /// Relative luminance, for ordering ramps.
    fn luminance(c: Rgba) -> f64 {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    fn lab(c: Rgba) -> [f64; 3] {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn delta_e(a: Rgba, b: Rgba) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    #[test]
    fn category_colours_are_distinct_and_never_a_risk_colour() {
        let cat = Palette::Category.colours(12);
        let risk = GradePalette::default();
        for (i, a) in cat.iter().enumerate() {
            for g in Grade::ALL {
                assert!(delta_e(*a, risk.colour(g)) > 35.0, "{a:?} near {g:?}");
            }
            assert!(delta_e(*a, OTHER) > 30.0 && delta_e(*a, NO_DATA) > 20.0);
            for b in &cat[i + 1..] {
                assert!(delta_e(*a, *b) > 20.0, "{a:?} near {b:?}");
            }
        }
        assert_eq!(Palette::Category.colours(13)[12], cat[0]);
    }

    #[test]
    fn sequential_palettes_go_light_to_dark() {
        for p in Palette::ALL.into_iter().filter(|p| p.is_sequential()) {
            for n in [2, 5, 9, 40] {
                let cs = p.colours(n);
                assert_eq!(cs.len(), n);
                assert!(
                    cs.windows(2).all(|w| luminance(w[0]) >= luminance(w[1])),
                    "{p:?} {n}"
                );
                assert!(luminance(cs[0]) > luminance(cs[n - 1]) + 0.3, "{p:?}");
            }
            assert_eq!(p.colours(1).len(), 1);
            assert!(p.colours(0).is_empty());
        }
    }

    #[test]
    fn palettes_have_names() {
        for (i, p) in Palette::ALL.iter().enumerate() {
            assert!(!p.zh().is_empty() && !p.en().is_empty());
            assert!(Palette::ALL[..i].iter().all(|q| q.zh() != p.zh()));
        }
    }

    #[test]
    fn symbology_round_trips_through_json() {
        let layer = mixed_layer();
        for s in [
            Symbology::Single,
            Symbology::RiskGrades,
            manual_graduated(),
            categorical(&layer, "v", Palette::Category, 5),
            graduated(&layer, "v", 4, Breaks::Quantile, Palette::Viridis),
        ] {
            let text = serde_json::to_string(&s).unwrap();
            assert_eq!(
                serde_json::from_str::<Symbology>(&text).unwrap(),
                s,
                "{text}"
            );
        }
        let text = serde_json::to_string(&categorical(&layer, "v", Palette::Category, 1)).unwrap();
        assert!(
            text.contains("\"kind\":\"categorical\"") && text.contains("#332288ff"),
            "{text}"
        );
    }

    #[test]
    fn bad_saved_colours_are_errors_not_panics() {
        for bad in ["#zzzzzz", "#ééé", "#12345", "332288", "#1234567", ""] {
            let text =
                format!(r#"{{"kind":"categorical","field":"v","classes":[],"other":"{bad}"}}"#);
            assert!(serde_json::from_str::<Symbology>(&text).is_err(), "{bad}");
        }
        let text = r##"{"kind":"graduated","field":"v","breaks":[1],"fills":["#ffffff","#000000"],"missing":"#00000080"}"##;
        let s: Symbology = serde_json::from_str(text).unwrap();
        assert!(matches!(
            s,
            Symbology::Graduated {
                missing: Rgba(0, 0, 0, 0x80),
                ..
            }
        ));
    }
}
