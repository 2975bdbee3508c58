//! A layer's look as the user sets it: style, opacity and how features are coloured.
//!
//! [`crate::project::Project`] keeps one [`LayerLook`] per layer; its `fills` and `legend`
//! both read it, so the legend lists the colours the map draws.

use serde::{Deserialize, Serialize};

use geo::Geometry;

use crate::layer::{Layer, LayerMeta, LayerRole};
use crate::risk::Rgba;
use crate::scene::{
    categorical, default_style, graduated, Breaks, CategoryCount, LayerStyle, Palette, Symbology,
};

/// The field name under which the style editor offers a site's composite score (0–100)
/// for graduated colours: not a property of the data, the project supplies the numbers.
pub const SCORE_FIELD: &str = "@score";

/// A field's name for the editor: [`SCORE_FIELD`] reads 综合得分.
pub fn field_label(field: &str) -> String {
    if field == SCORE_FIELD {
        "综合得分（评估）".to_string()
    } else {
        field.to_string()
    }
}

/// How a layer is drawn. Serialisable (colours as `#rrggbbaa`) so it can be saved with a
/// layer or a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerLook {
    /// Fill, stroke, stroke width and point size, before `opacity`.
    #[serde(with = "StyleDef")]
    pub style: LayerStyle,
    /// 0–1, multiplies the alpha of every colour the layer draws (fills, strokes, a
    /// source layer's impact rings). Out-of-range or NaN values count as clamped / 1.
    pub opacity: f32,
    /// Feature colours. [`Symbology::RiskGrades`] means "coloured by the assessment":
    /// sites in their grade colour, areas as the choropleth of their sites' grades,
    /// hazard zones shaded by their class level (the defaults).
    pub symbology: Symbology,
    /// What a categorical or graduated symbology was built from, so an editor shows the
    /// same choices and can rebuild it from new data.
    #[serde(default)]
    pub ramp: Ramp,
}

/// The choices behind a categorical or graduated [`Symbology`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ramp {
    pub palette: Palette,
    /// Classes asked for (graduated; categorical takes as many categories as the palette
    /// has distinct colours, the rest being 其他).
    pub classes: usize,
    pub method: Breaks,
}

impl Default for Ramp {
    fn default() -> Self {
        Ramp {
            palette: Palette::YlOrRd,
            classes: 5,
            method: Breaks::Quantile,
        }
    }
}

/// The colouring choices an editor offers (着色方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColourBy {
    /// 单一颜色: the style's fill.
    Single,
    /// 按类别: one colour per text value of a field.
    Categories,
    /// 分级: classes of a number.
    Graduated,
    /// 风险等级 (sites, areas) / 危险等级 (hazard zones): from the assessment.
    Assessment,
}

impl ColourBy {
    /// What `role` can be coloured by, in the order an editor lists them.
    pub fn choices(role: LayerRole) -> Vec<ColourBy> {
        let mut v = vec![ColourBy::Single, ColourBy::Categories, ColourBy::Graduated];
        if role != LayerRole::Sources {
            v.push(ColourBy::Assessment);
        }
        v
    }

    /// Chinese name for `role`'s editor.
    pub fn zh(self, role: LayerRole) -> &'static str {
        match self {
            ColourBy::Single => "单一颜色",
            ColourBy::Categories => "按类别",
            ColourBy::Graduated => "分级",
            ColourBy::Assessment => match role {
                LayerRole::HazardZones => "危险等级",
                LayerRole::Areas => "风险等级（区域）",
                _ => "风险等级",
            },
        }
    }

    /// Stable key for a form control's value.
    pub fn key(self) -> &'static str {
        match self {
            ColourBy::Single => "single",
            ColourBy::Categories => "categorical",
            ColourBy::Graduated => "graduated",
            ColourBy::Assessment => "assessment",
        }
    }

    pub fn from_key(key: &str) -> Option<ColourBy> {
        [
            ColourBy::Single,
            ColourBy::Categories,
            ColourBy::Graduated,
            ColourBy::Assessment,
        ]
        .into_iter()
        .find(|c| c.key() == key)
    }
}

impl LayerLook {
    /// Today's default look for a layer: the role's style (`nth_zone_layer` picks a
    /// hazard-zone layer's hue), fully opaque, coloured by the assessment except for
    /// hazard sources (one colour).
    pub fn default_for(meta: &LayerMeta, nth_zone_layer: usize) -> Self {
        LayerLook {
            style: default_style(meta, nth_zone_layer),
            opacity: 1.0,
            symbology: match meta.role {
                LayerRole::Sources => Symbology::Single,
                _ => Symbology::RiskGrades,
            },
            ramp: Ramp::default(),
        }
    }

    /// The opacity in 0–1 (NaN → 1).
    pub fn opacity(&self) -> f32 {
        if self.opacity.is_nan() {
            1.0
        } else {
            self.opacity.clamp(0.0, 1.0)
        }
    }

    /// `c` with its alpha multiplied by the opacity.
    pub fn fade(&self, c: Rgba) -> Rgba {
        c.with_alpha((c.3 as f32 * self.opacity()).round() as u8)
    }

    /// The style the map draws with: fill and stroke faded by the opacity.
    pub fn drawn_style(&self) -> LayerStyle {
        LayerStyle {
            fill: self.fade(self.style.fill),
            stroke: self.style.stroke.map(|s| self.fade(s)),
            ..self.style
        }
    }

    /// What the symbology colours by.
    pub fn colour_by(&self) -> ColourBy {
        match self.symbology {
            Symbology::Single => ColourBy::Single,
            Symbology::Categorical { .. } => ColourBy::Categories,
            Symbology::Graduated { .. } => ColourBy::Graduated,
            Symbology::RiskGrades => ColourBy::Assessment,
        }
    }

    /// The field a categorical or graduated symbology reads.
    pub fn field(&self) -> Option<&str> {
        match &self.symbology {
            Symbology::Categorical { field, .. } | Symbology::Graduated { field, .. } => {
                Some(field)
            }
            _ => None,
        }
    }

    /// Colours by the categories counted (a large layer's, counted in slices), as
    /// [`LayerLook::recolour`] does for [`ColourBy::Categories`].
    pub fn categories_counted(&mut self, count: CategoryCount, ramp: Ramp) {
        self.ramp = ramp;
        self.symbology = count.symbology(ramp.palette, usize::MAX);
    }

    /// Rebuilds the symbology from the editor's choices over `layer`'s data: the
    /// categories of `field` (as many as `ramp.palette` has distinct colours, the rarer
    /// ones 其他), or `ramp.classes` classes of its numbers by `ramp.method`, in
    /// `ramp.palette`. Assessment on a source layer falls back to a single colour.
    pub fn recolour(&mut self, layer: &Layer, by: ColourBy, field: &str, ramp: Ramp) {
        self.ramp = ramp;
        self.symbology = match by {
            ColourBy::Single => Symbology::Single,
            ColourBy::Categories => categorical(layer, field, ramp.palette, usize::MAX),
            ColourBy::Graduated => graduated(layer, field, ramp.classes, ramp.method, ramp.palette),
            ColourBy::Assessment if layer.meta.role == LayerRole::Sources => Symbology::Single,
            ColourBy::Assessment => Symbology::RiskGrades,
        };
    }
}

/// Property names of `layer` in first-seen order over its first `sample` features: what an
/// editor offers as 字段.
pub fn layer_fields(layer: &Layer, sample: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in layer.features.iter().take(sample) {
        for k in f.properties.keys() {
            if !out.iter().any(|o| o == k) {
                out.push(k.clone());
            }
        }
    }
    out
}

/// A field to colour `layer` by when the user has not picked one: for classes of numbers
/// the first field that is a number in most features; for categories the field with the
/// fewest distinct values (at least two) among the first thousand features, so a class or
/// district column wins over names and ids. `None` for the other choices or a layer
/// without fields.
pub fn suggest_field(layer: &Layer, by: ColourBy) -> Option<String> {
    const SAMPLE: usize = 1000;
    let fields = layer_fields(layer, SAMPLE);
    let sample = &layer.features[..layer.features.len().min(SAMPLE)];
    match by {
        ColourBy::Graduated => fields
            .iter()
            .find(|k| {
                let numbers = sample.iter().filter(|f| f.number(k).is_some()).count();
                numbers * 2 > sample.len()
            })
            .or(fields.first())
            .cloned(),
        ColourBy::Categories => {
            let distinct = |k: &str| {
                let mut values: Vec<String> = sample
                    .iter()
                    .filter_map(|f| f.text(k))
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect();
                values.sort();
                values.dedup();
                values.len()
            };
            fields
                .iter()
                .map(|k| (distinct(k), k))
                .filter(|(n, _)| *n >= 2)
                .min_by_key(|(n, _)| *n)
                .map(|(_, k)| k)
                .or(fields.first())
                .cloned()
        }
        _ => None,
    }
}

/// True when the layer's first feature with a geometry is a line (its legend swatch is a
/// line).
pub(crate) fn is_line_layer(layer: &Layer) -> bool {
    matches!(
        layer.features.first().map(|f| &f.geometry),
        Some(Geometry::LineString(_) | Geometry::MultiLineString(_) | Geometry::Line(_))
    )
}

/// Serde shape of [`LayerStyle`] (which stays free of serde), colours as `#rrggbbaa`.
#[derive(Serialize, Deserialize)]
#[serde(remote = "LayerStyle")]
struct StyleDef {
    #[serde(with = "crate::risk::hex_colour")]
    fill: Rgba,
    #[serde(with = "crate::risk::hex_colour::opt")]
    stroke: Option<Rgba>,
    stroke_width: f32,
    point_radius: f32,
}
