//! A [`Project`]: the loaded layers, scored. The app holds one; reports read from it.
//!
//! Scoring is the composite multi-hazard index of the project's [`ModelDocument`]. The
//! overlay behind it (zones per site, sources within reach) is kept per site layer, so a
//! changed weight or a new hidden danger only re-scores ([`Project::rescore`]).

use std::collections::HashMap;
use std::ops::Range;

use crate::index::ZoneIndex;
use crate::layer::{Layer, LayerRole, LayerTally};
use crate::look::{is_line_layer, suggest_field, ColourBy, LayerLook, Ramp, SCORE_FIELD};
use crate::risk::models::composite::{
    aggregate_areas, grid_areas, resolve_rings, ring_polygons, score_range, AreaSummary, Exposure,
    FactorKind, OpenDangers, RingRadii, ScoreContext, SiteScore, SourceReach,
};
use crate::risk::models::gb18218;
use crate::risk::models::{ModelDocument, ModelError};
use crate::risk::{Assessment, Explained, Grade, Palette, Reason, Rgba};
use crate::scene::{
    legend_group, zone_fill, LayerStyle, LegendEntry, LegendGroup, LegendSymbol, Scene, Symbology,
};

fn of_role(layers: &[Layer], role: LayerRole) -> Vec<&Layer> {
    layers.iter().filter(|l| l.meta.role == role).collect()
}

/// Layers in draw order (bottom first) with every site scored.
pub struct Project {
    pub layers: Vec<Layer>,
    /// The model every site is scored with.
    pub model: ModelDocument,
    /// Per layer, per feature: each site's score; empty for non-site layers.
    scores: Vec<Vec<SiteScore>>,
    /// Per layer: the overlay of a site layer; empty for the others.
    exposures: Vec<Exposure>,
    /// Open hidden dangers by site id.
    dangers: HashMap<String, OpenDangers>,
    /// Index over the hazard-zone layers in project order, kept so a large layer can be
    /// scored in steps; rebuilt when a zone layer is inserted below another one.
    zones: ZoneIndex,
    /// A zone layer added on top of the others, indexed slice by slice by
    /// [`Project::add_range`] instead of in one rebuild.
    indexing: Option<usize>,
    /// Boxes of every source feature, and each source's impact rings (per source layer in
    /// project order).
    reach: SourceReach,
    rings: Vec<Vec<Option<RingRadii>>>,
    /// Per layer: how it is drawn.
    looks: Vec<LayerLook>,
    /// Per layer: which class levels (0–3) its hazard zones have, kept as zones are
    /// added so the legend needs no pass over a large layer.
    zone_levels: Vec<[bool; 4]>,
}

impl Project {
    /// Scores every feature of every site layer with `model`.
    pub fn new(layers: Vec<Layer>, model: ModelDocument) -> Self {
        let looks = (0..layers.len())
            .map(|li| default_look(&layers, li))
            .collect();
        let zone_levels = layers
            .iter()
            .map(|l| levels_present(l, 0..l.features.len()))
            .collect();
        let mut project = Project {
            looks,
            zone_levels,
            scores: layers.iter().map(|_| Vec::new()).collect(),
            exposures: layers.iter().map(|_| Exposure::default()).collect(),
            layers,
            model,
            dangers: HashMap::new(),
            zones: ZoneIndex::new(&[]),
            indexing: None,
            reach: SourceReach::new(&[]),
            rings: Vec::new(),
        };
        project.rebuild_zones();
        project.rebuild_sources();
        for li in project.site_layers() {
            project.add_range(li, 0..project.layers[li].features.len());
        }
        project
    }

    fn rebuild_zones(&mut self) {
        self.zones = ZoneIndex::new(&of_role(&self.layers, LayerRole::HazardZones));
    }

    fn rebuild_sources(&mut self) {
        let sources = of_role(&self.layers, LayerRole::Sources);
        let reach = SourceReach::new(&sources);
        let rings = sources
            .iter()
            .map(|l| resolve_rings(&self.model.composite.rings, l))
            .collect();
        self.reach = reach;
        self.rings = rings;
    }

    /// Positions of the site layers.
    pub fn site_layers(&self) -> Vec<usize> {
        (0..self.layers.len())
            .filter(|&i| self.layers[i].meta.role == LayerRole::Sites)
            .collect()
    }

    /// Inserts a layer at draw position `at` (clamped) and returns its position. It is not
    /// scored or indexed yet: call [`Project::add_range`] over all its features (in slices
    /// if it is large). After a hazard-zone or source layer every site layer needs
    /// `add_range` again.
    pub fn insert_layer(&mut self, at: usize, layer: Layer) -> usize {
        self.insert_tallied_layer(at, layer, None)
    }

    /// [`Project::insert_layer`] with the layer's tally already added up (by the importer,
    /// chunk by chunk), so a large layer is not walked again here in one step.
    pub fn insert_tallied_layer(
        &mut self,
        at: usize,
        layer: Layer,
        tally: Option<&LayerTally>,
    ) -> usize {
        let at = at.min(self.layers.len());
        let role = layer.meta.role;
        if let Some(i) = self.indexing.as_mut().filter(|i| **i >= at) {
            *i += 1;
        }
        let n = layer.features.len();
        self.layers.insert(at, layer);
        let look = default_look(&self.layers, at);
        self.looks.insert(at, look);
        self.zone_levels.insert(at, [false; 4]);
        self.scores.insert(
            at,
            if role == LayerRole::Sites {
                vec![SiteScore::default(); n]
            } else {
                Vec::new()
            },
        );
        self.exposures.insert(at, Exposure::default());
        match role {
            LayerRole::HazardZones => {
                let on_top = self.layers[at + 1..]
                    .iter()
                    .all(|l| l.meta.role != LayerRole::HazardZones);
                if on_top && self.indexing.is_none() {
                    // Zone positions below stay the same: index the new layer as it is added.
                    self.indexing = Some(at);
                    let tally = tally
                        .copied()
                        .unwrap_or_else(|| LayerTally::of(&self.layers[at].features));
                    self.zones.reserve_for(&tally);
                } else {
                    self.indexing = None;
                    self.rebuild_zones();
                }
            }
            LayerRole::Sources => self.rebuild_sources(),
            _ => {}
        }
        at
    }

    /// Brings features `range` of layer `li` into play: overlays and scores them if it is
    /// a site layer, indexes them if it is the zone layer just inserted on top.
    pub fn add_range(&mut self, li: usize, range: Range<usize>) {
        if li >= self.layers.len() {
            return;
        }
        if self.indexing == Some(li) {
            let pos = self.layers[..li]
                .iter()
                .filter(|l| l.meta.role == LayerRole::HazardZones)
                .count();
            self.zones.extend(pos, &self.layers[li], range.clone());
            if range.end >= self.layers[li].features.len() {
                self.indexing = None;
            }
        }
        if self.layers[li].meta.role == LayerRole::HazardZones {
            let seen = levels_present(&self.layers[li], range.clone());
            for (a, b) in self.zone_levels[li].iter_mut().zip(seen) {
                *a |= b;
            }
        }
        if self.layers[li].meta.role != LayerRole::Sites {
            return;
        }
        let hazards = of_role(&self.layers, LayerRole::HazardZones);
        let sources = of_role(&self.layers, LayerRole::Sources);
        let mut exposure = std::mem::take(&mut self.exposures[li]);
        exposure.reach_m = self.model.composite.reach_m;
        exposure.update(
            &self.layers[li],
            range.clone(),
            &self.zones,
            &hazards,
            &self.reach,
            &sources,
        );
        let scored = self.score(li, &exposure, range.clone());
        self.exposures[li] = exposure;
        let out = &mut self.scores[li];
        let n = self.layers[li].features.len();
        if out.len() < n {
            out.resize(n, SiteScore::default());
        }
        let start = range.start.min(out.len());
        for (slot, s) in out[start..].iter_mut().zip(scored) {
            *slot = s;
        }
    }

    /// Runs `f` with the scoring context of site layer `li` (the zone and source layers in
    /// project order, and the resolved rings).
    fn with_context<R>(&self, li: usize, f: impl FnOnce(&ScoreContext<'_>) -> R) -> R {
        let hazards = of_role(&self.layers, LayerRole::HazardZones);
        let sources = of_role(&self.layers, LayerRole::Sources);
        f(&ScoreContext {
            sites: &self.layers[li],
            hazards: &hazards,
            sources: &sources,
            rings: &self.rings,
        })
    }

    fn score(&self, li: usize, exposure: &Exposure, range: Range<usize>) -> Vec<SiteScore> {
        let dangers: Vec<OpenDangers> = if self.dangers.is_empty() {
            Vec::new()
        } else {
            let end = range.end.min(self.layers[li].features.len());
            (0..end)
                .map(|fi| match fi < range.start {
                    true => OpenDangers::default(),
                    false => self
                        .dangers
                        .get(&self.site_id(li, fi))
                        .copied()
                        .unwrap_or_default(),
                })
                .collect()
        };
        self.with_context(li, |ctx| {
            score_range(&self.model.composite, ctx, exposure, &dangers, range)
        })
    }

    /// Re-scores every site from the kept overlay: what a changed weight or cut-off costs.
    pub fn rescore(&mut self) {
        for li in self.site_layers() {
            let exposure = std::mem::take(&mut self.exposures[li]);
            self.scores[li] = self.score(li, &exposure, 0..self.layers[li].features.len());
            self.exposures[li] = exposure;
        }
    }

    /// Switches to another model: re-scores, and re-runs the overlay only when the search
    /// reach changed (rings are re-resolved, which is cheap).
    pub fn set_model(&mut self, model: ModelDocument) {
        let reach_changed = model.composite.reach_m != self.model.composite.reach_m;
        self.model = model;
        self.rebuild_sources();
        if reach_changed {
            for li in self.site_layers() {
                self.add_range(li, 0..self.layers[li].features.len());
            }
        } else {
            self.rescore();
        }
    }

    /// Sets the open hidden dangers (by site id) and re-scores.
    pub fn set_dangers(&mut self, dangers: HashMap<String, OpenDangers>) {
        if dangers != self.dangers {
            self.dangers = dangers;
            self.rescore();
        }
    }

    /// A site's score (site layers only).
    pub fn site_score(&self, li: usize, fi: usize) -> Option<&SiteScore> {
        self.scores.get(li)?.get(fi)
    }

    pub fn grade(&self, li: usize, fi: usize) -> Grade {
        self.site_score(li, fi).map_or(Grade::Low, |s| s.grade)
    }

    /// The site's result with its factors in words, for the panel and reports.
    pub fn assessment(&self, li: usize, fi: usize) -> Option<Assessment> {
        let s = self.site_score(li, fi)?;
        let hazards = of_role(&self.layers, LayerRole::HazardZones);
        let factors = self.with_context(li, |ctx| {
            s.factors
                .iter()
                .map(|f| {
                    let (zh, en) = f.describe(&self.model.composite, ctx, fi);
                    Explained {
                        zh,
                        en,
                        points: f.points,
                    }
                })
                .collect()
        });
        let reasons = s
            .factors
            .iter()
            .filter_map(|f| match f.kind {
                FactorKind::Zone {
                    layer,
                    feature,
                    level,
                } => {
                    let l = hazards[layer];
                    Some(Reason {
                        layer_name: l.meta.name.clone(),
                        feature,
                        zone_name: l.feature_name(feature),
                        class: l
                            .meta
                            .class_field
                            .as_deref()
                            .and_then(|k| l.features[feature].text(k))
                            .unwrap_or_default(),
                        level,
                    })
                }
                _ => None,
            })
            .collect();
        Some(Assessment {
            grade: s.grade,
            reasons,
            score: Some(s.score),
            factors,
            model_version: Some(self.model.version.clone()),
        })
    }

    /// Per feature of area layer `li`: the summary of the sites of every site layer in it.
    pub fn area_summaries(&self, li: usize) -> Vec<AreaSummary> {
        let areas = &self.layers[li];
        let mut total = vec![AreaSummary::default(); areas.features.len()];
        for sl in self.site_layers() {
            let part = aggregate_areas(areas, &self.layers[sl], &self.scores[sl]);
            for (t, p) in total.iter_mut().zip(part) {
                t.merge(&p);
            }
        }
        total
    }

    /// A grid of `cell_m`-metre cells over the largest site layer, each cell carrying its
    /// sites' counts, highest grade and mean score: an area layer for the choropleth.
    pub fn grid_layer(&self, cell_m: f64) -> Option<Layer> {
        let li = self
            .site_layers()
            .into_iter()
            .max_by_key(|&li| self.layers[li].features.len())?;
        let (mut grid, _) = grid_areas(&self.layers[li], &self.scores[li], cell_m);
        grid.meta.id = format!("grid-{}m", cell_m.round());
        grid.meta.name = format!("网格汇总（{} m）", cell_m.round());
        (!grid.features.is_empty()).then_some(grid)
    }

    /// Distinct values of the ring type field over the source layers (for the editor).
    pub fn source_types(&self) -> Vec<String> {
        let field = &self.model.composite.rings.type_field;
        let mut types: Vec<String> = of_role(&self.layers, LayerRole::Sources)
            .iter()
            .flat_map(|l| l.features.iter().filter_map(|f| f.text(field)))
            .collect();
        types.sort();
        types.dedup();
        types
    }

    /// Property names of the site layers (for mapping vulnerability factors).
    pub fn site_fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = of_role(&self.layers, LayerRole::Sites)
            .iter()
            .filter_map(|l| l.features.first())
            .flat_map(|f| f.properties.keys().cloned())
            .collect();
        fields.sort();
        fields.dedup();
        fields
    }

    /// Distinct trimmed values of site field `field`, sorted, at most `limit`, and whether
    /// every present value is a number: what the model editor offers when the user maps a
    /// field (numbers get steps, labels such as 耐火等级 get points per value).
    pub fn site_field_values(&self, field: &str, limit: usize) -> (Vec<String>, bool) {
        let mut numeric = true;
        let mut values = std::collections::BTreeSet::new();
        for f in of_role(&self.layers, LayerRole::Sites)
            .iter()
            .flat_map(|l| l.features.iter())
        {
            let Some(t) = f.text(field) else { continue };
            let t = t.trim();
            if t.is_empty() {
                continue;
            }
            numeric &= f.number(field).is_some();
            if values.len() < limit {
                values.insert(t.to_string());
            }
        }
        (values.into_iter().collect(), numeric)
    }

    /// GB 18218 grading of every feature of source layer `li`, from its inventory fields
    /// and the people counted around it (see [`gb18218::SourceFields`]): `(people, result)`.
    pub fn major_hazard_grades(
        &self,
        li: usize,
    ) -> Vec<(u32, Result<gb18218::Gb18218Result, ModelError>)> {
        let fields = &self.model.gb18218.fields;
        let sites = of_role(&self.layers, LayerRole::Sites);
        let reach = SourceReach::new(&sites);
        self.layers[li]
            .features
            .iter()
            .map(|f| {
                let entered = f
                    .number(&fields.people)
                    .filter(|n| n.is_finite() && *n >= 0.0);
                // Outside the plant: a site at distance 0 is the plant itself or inside it.
                let people: f64 = entered.unwrap_or_else(|| {
                    reach
                        .within(&f.geometry, &sites, fields.radius_m)
                        .iter()
                        .filter(|h| h.metres > 0.0)
                        .filter_map(|h| {
                            sites[h.layer].features[h.feature].number(&fields.headcount)
                        })
                        .filter(|n| n.is_finite() && *n > 0.0)
                        .sum()
                });
                let people = people.round().min(u32::MAX as f64) as u32;
                let quantity = f.number(&fields.quantity_t).unwrap_or(f64::NAN);
                let item = gb18218::Inventory {
                    substance: gb18218::Substance::Named {
                        name: f.text(&fields.chemical).unwrap_or_default(),
                        category: f.text(&fields.category).filter(|c| !c.trim().is_empty()),
                    },
                    quantity_t: quantity,
                };
                let input = gb18218::Gb18218Input {
                    items: vec![item],
                    exposed_people: people,
                };
                (people, gb18218::grade(&self.model, &input))
            })
            .collect()
    }

    /// Impact-ring polygons of source layer `li` (empty when none of its sources has rings).
    pub fn ring_layer(&self, li: usize) -> Option<Layer> {
        let pos = self.layers[..li]
            .iter()
            .filter(|l| l.meta.role == LayerRole::Sources)
            .count();
        let rings = self.rings.get(pos)?;
        let layer = ring_polygons(&self.layers[li], rings, &self.model.composite.rings);
        (!layer.features.is_empty()).then_some(layer)
    }

    /// How layer `li` is drawn.
    pub fn look(&self, li: usize) -> Option<&LayerLook> {
        self.looks.get(li)
    }

    /// Restyles layer `li`. The caller redraws: the scene layer takes
    /// [`Project::layer_style`] and [`Project::fills`] (and, for a source layer, its rings
    /// again through [`Project::refresh_scene_rings`], which follow the opacity).
    pub fn set_look(&mut self, li: usize, look: LayerLook) {
        if let Some(l) = self.looks.get_mut(li) {
            *l = look;
        }
    }

    /// The map style of layer `li` as drawn: its look's style with the opacity applied.
    pub fn layer_style(&self, li: usize) -> LayerStyle {
        self.looks[li].drawn_style()
    }

    /// Property names of layer `li` (from its first thousand features), for the style
    /// editor's field list.
    pub fn layer_fields(&self, li: usize) -> Vec<String> {
        self.layers
            .get(li)
            .map(|l| crate::look::layer_fields(l, 1000))
            .unwrap_or_default()
    }

    /// The fields layer `li` can be coloured `by`: its properties, and for classes of a
    /// site layer first the composite score ([`SCORE_FIELD`]).
    pub fn colour_fields(&self, li: usize, by: ColourBy) -> Vec<String> {
        let mut fields = self.layer_fields(li);
        if by == ColourBy::Graduated && self.is_site_layer(li) {
            fields.insert(0, SCORE_FIELD.to_string());
        }
        fields
    }

    fn is_site_layer(&self, li: usize) -> bool {
        self.layers
            .get(li)
            .is_some_and(|l| l.meta.role == LayerRole::Sites)
    }

    /// The field [`Project::recolour_look`] colours layer `li` by: `field` when the editor
    /// chose one, else a site layer's score for classes, else [`suggest_field`]'s choice
    /// (empty without one).
    pub fn colour_field(&self, li: usize, by: ColourBy, field: Option<&str>) -> String {
        let Some(layer) = self.layers.get(li) else {
            return String::new();
        };
        match field {
            Some(f) => f.to_string(),
            None if self.is_site_layer(li) && by == ColourBy::Graduated => SCORE_FIELD.to_string(),
            None => suggest_field(layer, by).unwrap_or_default(),
        }
    }

    /// Rebuilds `look`'s colouring over layer `li`'s data, as [`LayerLook::recolour`]
    /// does; `field` `None` takes the suggested one (for classes of sites, their score).
    /// [`SCORE_FIELD`] classes a site layer's composite scores.
    pub fn recolour_look(
        &self,
        li: usize,
        look: &mut LayerLook,
        by: ColourBy,
        field: Option<&str>,
        ramp: Ramp,
    ) {
        let Some(layer) = self.layers.get(li) else {
            return;
        };
        let sites = self.is_site_layer(li);
        let field = self.colour_field(li, by, field);
        if sites && by == ColourBy::Graduated && field == SCORE_FIELD {
            look.ramp = ramp;
            look.symbology = Symbology::graduated_values(
                self.scores[li].iter().map(|s| s.score),
                SCORE_FIELD,
                ramp.classes,
                ramp.method,
                ramp.palette,
            );
        } else {
            look.recolour(layer, by, &field, ramp);
        }
    }

    /// Fill colours of features `range` of layer `li`, from its look, faded by its
    /// opacity. Coloured by the assessment ([`Symbology::RiskGrades`], the default): sites
    /// in their grade colour, areas as the choropleth of the sites in them (the style's
    /// fill when there are no sites, or none inside), hazard zones shaded by class level.
    /// `Some` for every layer (`None` only when `li` is out of range).
    pub fn fills(&self, li: usize, range: Range<usize>, palette: &Palette) -> Option<Vec<Rgba>> {
        let layer = self.layers.get(li)?;
        let look = &self.looks[li];
        let style = look.drawn_style();
        let end = range.end.min(layer.features.len());
        let range = range.start.min(end)..end;
        let fills = match (&look.symbology, layer.meta.role) {
            (Symbology::RiskGrades, LayerRole::Sites) => self.scores[li][range]
                .iter()
                .map(|a| look.fade(palette.colour(a.grade)))
                .collect(),
            // The choropleth: each area in the colour of its highest grade (or of its
            // mean score's band, when the model turns "highest wins" off).
            (Symbology::RiskGrades, LayerRole::Areas) if !self.site_layers().is_empty() => {
                let summaries = self.area_summaries(li);
                let cfg = &self.model.composite;
                summaries[range]
                    .iter()
                    .map(|s| {
                        let g = if cfg.area_highest_wins {
                            s.highest
                        } else {
                            s.mean_score.map(|m| cfg.grade(m))
                        };
                        g.map_or(style.fill, |g| look.fade(area_fill(palette, g)))
                    })
                    .collect()
            }
            (Symbology::RiskGrades, LayerRole::HazardZones) => {
                let colours = zone_colours(look);
                zone_levels(layer, range)
                    .map(|level| colours[level])
                    .collect()
            }
            (Symbology::RiskGrades, _) => vec![style.fill; range.len()],
            (symbology @ Symbology::Graduated { field, .. }, LayerRole::Sites)
                if field == SCORE_FIELD =>
            {
                self.scores[li][range]
                    .iter()
                    .map(|s| symbology.fill_number(Some(s.score), style.fill))
                    .collect()
            }
            (symbology, _) if range == (0..layer.features.len()) => {
                symbology.fills(layer, style.fill)
            }
            (symbology, _) => layer.features[range]
                .iter()
                .map(|f| symbology.fill(f, style.fill))
                .collect(),
        };
        if is_line_layer(layer) {
            return Some(fills.into_iter().map(|c| line_colour(c, &style)).collect());
        }
        Some(fills)
    }

    /// The legend of layer `li`, built from its look with the same colours
    /// [`Project::fills`] gives (opacity included), then cut to the colours some feature
    /// is drawn in; a source layer adds its impact rings. Titles and labels in Chinese.
    pub fn legend(&self, li: usize, palette: &Palette) -> Option<LegendGroup> {
        let layer = self.layers.get(li)?;
        let look = &self.looks[li];
        let style = look.drawn_style();
        let role = layer.meta.role;
        let symbol = match role {
            LayerRole::Sites => LegendSymbol::Circle,
            LayerRole::Sources => LegendSymbol::Diamond,
            _ if is_line_layer(layer) => LegendSymbol::Line,
            _ => LegendSymbol::Area,
        };
        let (id, title) = (layer.meta.id.as_str(), layer.meta.name.as_str());
        let entry = |label: &str, fill: Rgba| LegendEntry {
            label: label.to_string(),
            fill,
            stroke: style.stroke,
            symbol,
        };
        let entries = match (&look.symbology, role) {
            (Symbology::RiskGrades, LayerRole::Sites) => Grade::ALL
                .into_iter()
                .map(|g| entry(g.zh(), look.fade(palette.colour(g))))
                .collect(),
            (Symbology::RiskGrades, LayerRole::Areas) if !self.site_layers().is_empty() => {
                Grade::ALL
                    .into_iter()
                    .map(|g| entry(g.zh(), look.fade(area_fill(palette, g))))
                    .chain(std::iter::once(entry("无场所", style.fill)))
                    .collect()
            }
            (Symbology::RiskGrades, LayerRole::HazardZones) => {
                let mut classes: Vec<(&String, u8)> = layer
                    .meta
                    .class_levels
                    .iter()
                    .map(|(label, level)| (label, *level))
                    .collect();
                classes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                let rest = if classes.is_empty() { title } else { "其他" };
                classes
                    .into_iter()
                    .map(|(label, level)| entry(label, look.fade(zone_fill(&look.style, level))))
                    .chain(std::iter::once(entry(
                        rest,
                        look.fade(zone_fill(&look.style, 0)),
                    )))
                    .collect()
            }
            (Symbology::RiskGrades, _) => vec![entry(title, style.fill)],
            (symbology, _) => legend_group(id, title, &style, symbology, symbol).entries,
        };
        let mut group = LegendGroup {
            layer_id: id.to_string(),
            title: title.to_string(),
            entries,
        };
        if symbol == LegendSymbol::Line {
            for e in &mut group.entries {
                e.fill = line_colour(e.fill, &style);
            }
        }
        let n = layer.features.len();
        // The colours in use, without a fill per feature where the classes tell (a layer
        // can hold 600,000 features).
        let drawn = match (&look.symbology, role) {
            (Symbology::RiskGrades, LayerRole::HazardZones) => {
                let colours = zone_colours(look);
                (0..4)
                    .filter(|l| self.zone_levels[li][*l])
                    .map(|l| colours[l])
                    .collect()
            }
            (Symbology::RiskGrades, LayerRole::Sites) => {
                let mut present = [false; 4];
                for s in &self.scores[li] {
                    present[s.grade as usize] = true;
                }
                Grade::ALL
                    .into_iter()
                    .filter(|g| present[*g as usize])
                    .map(|g| look.fade(palette.colour(g)))
                    .collect()
            }
            _ => self.fills(li, 0..n, palette)?,
        };
        group.retain_drawn(&drawn);
        if role == LayerRole::Sources {
            if let Some(rings) = self.ring_layer(li) {
                for (k, grade) in RING_GRADES.into_iter().enumerate() {
                    if rings.features.iter().any(|f| ring_of(f) == k) {
                        group.entries.push(LegendEntry {
                            label: format!("影响范围（{}）", grade.zh().trim_end_matches("风险")),
                            fill: look.fade(ring_fill(palette, k)),
                            stroke: style.stroke,
                            symbol: LegendSymbol::Area,
                        });
                    }
                }
            }
        }
        Some(group)
    }

    /// Moves layer `from` to draw position `to` (both in `0..layers.len()`), keeping each
    /// layer's look and scores. When the order among the hazard-zone layers or among the
    /// source layers changes, the indexes that refer to them by position are rebuilt and
    /// every site is overlaid and scored again; otherwise nothing is recomputed. Returns
    /// false (and changes nothing) for a bad position or while a zone layer is still being
    /// added in slices.
    pub fn move_layer(&mut self, from: usize, to: usize) -> bool {
        let n = self.layers.len();
        if from >= n || to >= n || self.indexing.is_some() {
            return false;
        }
        if from == to {
            return true;
        }
        let mut order: Vec<usize> = (0..n).collect();
        let moved = order.remove(from);
        order.insert(to, moved);
        let kept = |role: LayerRole| {
            order
                .iter()
                .filter(|&&k| self.layers[k].meta.role == role)
                .is_sorted()
        };
        let (zones_kept, sources_kept) = (kept(LayerRole::HazardZones), kept(LayerRole::Sources));
        fn shift<T>(v: &mut Vec<T>, from: usize, to: usize) {
            let x = v.remove(from);
            v.insert(to, x);
        }
        shift(&mut self.layers, from, to);
        shift(&mut self.scores, from, to);
        shift(&mut self.exposures, from, to);
        shift(&mut self.looks, from, to);
        shift(&mut self.zone_levels, from, to);
        if !zones_kept {
            self.rebuild_zones();
        }
        if !sources_kept {
            self.rebuild_sources();
        }
        if !(zones_kept && sources_kept) {
            for li in self.site_layers() {
                self.add_range(li, 0..self.layers[li].features.len());
            }
        }
        true
    }

    /// The map scene: every layer in its look (by default sites in their grade colours,
    /// hazard zones shaded by class level, areas as the choropleth).
    pub fn scene(&self, palette: &Palette) -> Scene {
        self.scene_in(palette, false)
    }

    /// [`Project::scene`] drawn in GCJ-02 when `gcj02` (under a GCJ-02 basemap).
    pub fn scene_in(&self, palette: &Palette, gcj02: bool) -> Scene {
        let mut scene = Scene::with_gcj02(gcj02);
        for (li, layer) in self.layers.iter().enumerate() {
            let fills = self.fills(li, 0..layer.features.len(), palette);
            scene.push_layer(layer, self.layer_style(li), fills.as_deref());
        }
        self.refresh_scene_rings(&mut scene, palette);
        scene
    }

    /// Puts each source layer's impact rings under it on the map, innermost in the
    /// 重大 colour, then 较大, then 一般, faded by the layer's opacity.
    pub fn refresh_scene_rings(&self, scene: &mut Scene, palette: &Palette) {
        for li in 0..self.layers.len() {
            if self.layers[li].meta.role != LayerRole::Sources {
                continue;
            }
            let rings = self.ring_layer(li);
            let look = &self.looks[li];
            let fills: Vec<Rgba> = rings
                .iter()
                .flat_map(|l| &l.features)
                .map(|f| look.fade(ring_fill(palette, ring_of(f))))
                .collect();
            scene.set_underlay(li, rings.as_ref(), &fills);
        }
    }

    /// (layer, feature) of the site whose `id` property is `id`.
    pub fn find_site(&self, id: &str) -> Option<(usize, usize)> {
        self.layers
            .iter()
            .enumerate()
            .filter(|(_, l)| l.meta.role == LayerRole::Sites)
            .find_map(|(li, l)| {
                l.features
                    .iter()
                    .position(|f| f.text("id").as_deref() == Some(id))
                    .map(|fi| (li, fi))
            })
    }

    /// The site's stable id: its `id` property, else layer id and feature number.
    pub fn site_id(&self, layer: usize, feature: usize) -> String {
        self.layers[layer].features[feature]
            .text("id")
            .unwrap_or_else(|| format!("{}#{}", self.layers[layer].meta.id, feature + 1))
    }

    /// WGS84 bounds of all layers: min lon, min lat, max lon, max lat.
    pub fn bounds(&self) -> Option<[f64; 4]> {
        self.layers
            .iter()
            .filter_map(Layer::bbox)
            .map(|r| [r.min().x, r.min().y, r.max().x, r.max().y])
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    }

    /// True when any layer is generated demo data.
    pub fn fictional(&self) -> bool {
        self.layers.iter().any(|l| l.meta.fictional)
    }
}

/// The colour a line feature is drawn in, from the fill its look gives it: the layer's
/// stroke where the fill is the layer's own (a single colour: an area's pale fill would
/// vanish as a line), the fill itself where the look colours by attribute, so categorical
/// and graduated colours recolour lines too. [`Project::fills`] returns these for a line
/// layer and its legend lists them, so the legend shows what the map draws.
fn line_colour(fill: Rgba, style: &LayerStyle) -> Rgba {
    if fill == style.fill {
        style.stroke.unwrap_or(fill)
    } else {
        fill
    }
}

/// Alpha of an area's grade colour in the choropleth: light enough to read the map under it.
const AREA_ALPHA: u8 = 90;

fn area_fill(palette: &Palette, g: Grade) -> Rgba {
    palette.colour(g).with_alpha(AREA_ALPHA)
}

/// Grades of the impact rings, innermost first.
const RING_GRADES: [Grade; 3] = [Grade::Major, Grade::Larger, Grade::General];

/// Which ring (0 innermost … 2) a ring polygon is.
fn ring_of(f: &crate::layer::Feature) -> usize {
    f.properties
        .get("ring")
        .and_then(|v| v.as_u64())
        .unwrap_or(0)
        .min(2) as usize
}

fn ring_fill(palette: &Palette, ring: usize) -> Rgba {
    palette.colour(RING_GRADES[ring.min(2)]).with_alpha(40)
}

/// Class level (0–3) of each zone of `range`, read without copying the class text.
fn zone_levels(layer: &Layer, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
    let field = layer.meta.class_field.as_deref().unwrap_or("class");
    layer.features[range].iter().map(move |f| {
        let level = match f.properties.get(field) {
            Some(serde_json::Value::String(s)) => layer.meta.level_of(s),
            Some(serde_json::Value::Null) | None => layer.meta.level_of(""),
            Some(v) => layer.meta.level_of(&v.to_string()),
        };
        (level as usize).min(3)
    })
}

/// Which class levels the zones of `range` have (all false for other roles).
fn levels_present(layer: &Layer, range: Range<usize>) -> [bool; 4] {
    let mut present = [false; 4];
    if layer.meta.role == LayerRole::HazardZones {
        zone_levels(layer, range).for_each(|l| present[l] = true);
    }
    present
}

/// The drawn fill of a zone of each class level.
fn zone_colours(look: &LayerLook) -> [Rgba; 4] {
    [0, 1, 2, 3].map(|level| look.fade(zone_fill(&look.style, level)))
}

/// The default look of `layers[li]`: a hazard-zone layer takes the hue after those of
/// the zone layers below it.
fn default_look(layers: &[Layer], li: usize) -> LayerLook {
    let nth_zone = layers[..li]
        .iter()
        .filter(|l| l.meta.role == LayerRole::HazardZones)
        .count();
    LayerLook::default_for(&layers[li].meta, nth_zone)
}
