//! Scoring over a cached [`Exposure`]: the only part that reruns when a weight changes.

use super::config::{CompositeConfig, VulnerabilityKind};
use super::exposure::Exposure;
use super::rings::RingRadii;
use crate::layer::Layer;
use crate::risk::Grade;

/// The layers an [`Exposure`] was built from, and the resolved rings per source layer.
pub struct ScoreContext<'a> {
    pub sites: &'a Layer,
    pub hazards: &'a [&'a Layer],
    pub sources: &'a [&'a Layer],
    /// Per source layer, per feature (see [`super::resolve_rings`]).
    pub rings: &'a [Vec<Option<RingRadii>>],
}

/// Open hidden dangers at one site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenDangers {
    pub general: u32,
    pub major: u32,
}

/// What a factor is; the text is made only when shown ([`ScoreFactor::describe`]), so
/// re-scoring 100,000 sites formats nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FactorKind {
    Zone {
        layer: usize,
        feature: usize,
        level: u8,
    },
    Source {
        layer: usize,
        feature: usize,
        metres: f64,
        /// The impact ring the site is in (0 innermost); `None` for distance decay.
        ring: Option<u8>,
    },
    Vulnerability {
        index: usize,
    },
    Dangers {
        general: u32,
        major: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreFactor {
    pub kind: FactorKind,
    pub points: f64,
}

/// One site's result.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SiteScore {
    /// 0–100.
    pub score: f64,
    pub grade: Grade,
    /// The grade the score alone gives; lower than `grade` when an open 重大隐患 raised it.
    pub score_grade: Grade,
    /// Largest contribution first.
    pub factors: Vec<ScoreFactor>,
}

/// Scores every site. `dangers` is per site in layer order (missing entries count as
/// none).
pub fn score_sites(
    cfg: &CompositeConfig,
    ctx: &ScoreContext<'_>,
    exposure: &Exposure,
    dangers: &[OpenDangers],
) -> Vec<SiteScore> {
    score_range(cfg, ctx, exposure, dangers, 0..ctx.sites.features.len())
}

/// Scores sites `range` only (a slice of a large layer being added).
pub fn score_range(
    cfg: &CompositeConfig,
    ctx: &ScoreContext<'_>,
    exposure: &Exposure,
    dangers: &[OpenDangers],
    range: std::ops::Range<usize>,
) -> Vec<SiteScore> {
    // Per-layer lookups hoisted out of the site loop: names are matched once.
    let hazard_cfg: Vec<_> = ctx
        .hazards
        .iter()
        .map(|l| cfg.hazard(&l.meta.id, &l.meta.name))
        .collect();
    let source_weight: Vec<f64> = ctx
        .sources
        .iter()
        .map(|l| cfg.source_weight(&l.meta.id, &l.meta.name))
        .collect();
    let end = range.end.min(ctx.sites.features.len());
    let range = range.start.min(end)..end;
    let mut out = Vec::with_capacity(range.len());
    let mut best_source: Vec<Option<ScoreFactor>> = vec![None; ctx.sources.len()];
    for (si, site) in ctx
        .sites
        .features
        .iter()
        .enumerate()
        .take(end)
        .skip(range.start)
    {
        let mut factors: Vec<ScoreFactor> = Vec::new();
        for z in exposure.zones.get(si).into_iter().flatten() {
            let (weight, classes) = hazard_cfg[z.layer];
            let share = classes
                .filter(|c| !c.is_empty())
                .and_then(|c| {
                    let layer = ctx.hazards[z.layer];
                    let class = layer
                        .meta
                        .class_field
                        .as_deref()
                        .and_then(|k| layer.features[z.feature].text(k))?;
                    c.get(class.trim()).copied()
                })
                .unwrap_or(cfg.level_shares[z.level.min(3) as usize]);
            let points = weight * share;
            if points > 0.0 {
                factors.push(ScoreFactor {
                    kind: FactorKind::Zone {
                        layer: z.layer,
                        feature: z.feature,
                        level: z.level,
                    },
                    points,
                });
            }
        }
        // Per source layer, the source that adds most (nearest is not always it: a
        // farther tank's larger ring may reach the site).
        best_source.iter_mut().for_each(|b| *b = None);
        for h in exposure.sources.get(si).into_iter().flatten() {
            let weight = source_weight[h.layer];
            let rings = ctx
                .rings
                .get(h.layer)
                .and_then(|r| r.get(h.feature))
                .and_then(Option::as_ref);
            let (points, ring) = match rings {
                Some(r) => match r.radii.iter().position(|radius| h.metres <= *radius) {
                    Some(i) => (
                        weight * cfg.rings.names.get(i).map_or(0.0, |n| n.share),
                        Some(i as u8),
                    ),
                    None => (0.0, None),
                },
                None => (weight * decay(cfg, h.metres), None),
            };
            let better = best_source[h.layer].is_none_or(|b| points > b.points);
            if points > 0.0 && better {
                best_source[h.layer] = Some(ScoreFactor {
                    kind: FactorKind::Source {
                        layer: h.layer,
                        feature: h.feature,
                        metres: h.metres,
                        ring,
                    },
                    points,
                });
            }
        }
        factors.extend(best_source.iter().flatten().copied());
        for (index, v) in cfg.vulnerability.iter().enumerate() {
            let points = match &v.kind {
                VulnerabilityKind::Steps(steps) => {
                    let Some(x) = site.number(&v.field) else {
                        continue;
                    };
                    steps
                        .iter()
                        .filter(|s| x >= s.min)
                        .max_by(|a, b| a.min.total_cmp(&b.min))
                        .map_or(0.0, |s| s.points)
                }
                VulnerabilityKind::Categories(map) => site
                    .text(&v.field)
                    .and_then(|t| map.get(t.trim()).copied())
                    .unwrap_or(0.0),
            };
            if points != 0.0 {
                factors.push(ScoreFactor {
                    kind: FactorKind::Vulnerability { index },
                    points,
                });
            }
        }
        let d = dangers.get(si).copied().unwrap_or_default();
        if d.general + d.major > 0 {
            factors.push(ScoreFactor {
                kind: FactorKind::Dangers {
                    general: d.general,
                    major: d.major,
                },
                points: d.general as f64 * cfg.dangers.points_per_open_general
                    + d.major as f64 * cfg.dangers.points_per_open_major,
            });
        }
        factors.sort_by(|a, b| b.points.total_cmp(&a.points));
        // `+ 0.0` turns the -0 of an empty sum into 0 (JSON would print -0.0).
        let score = factors
            .iter()
            .map(|f| f.points)
            .sum::<f64>()
            .clamp(0.0, 100.0)
            + 0.0;
        let score_grade = cfg.grade(score);
        let grade = if d.major > 0 && cfg.dangers.major_floor_enabled {
            score_grade.max(cfg.dangers.major_floor)
        } else {
            score_grade
        };
        out.push(SiteScore {
            score,
            grade,
            score_grade,
            factors,
        });
    }
    out
}

/// Share of a source's weight at `metres` without rings: 1 up to `decay_full_m`, then
/// linear to 0 at `decay_zero_m`.
fn decay(cfg: &CompositeConfig, metres: f64) -> f64 {
    if metres <= cfg.decay_full_m {
        1.0
    } else if metres >= cfg.decay_zero_m || cfg.decay_zero_m <= cfg.decay_full_m {
        0.0
    } else {
        (cfg.decay_zero_m - metres) / (cfg.decay_zero_m - cfg.decay_full_m)
    }
}

impl ScoreFactor {
    /// The factor as the panel and reports print it, Chinese and English:
    /// "风暴潮淹没区（高，海沧湾沿岸高）+70"; `site` is the site's position in its layer.
    pub fn describe(
        &self,
        cfg: &CompositeConfig,
        ctx: &ScoreContext<'_>,
        site: usize,
    ) -> (String, String) {
        let pts = format!(
            "+{}",
            super::super::format_number((self.points * 10.0).round() / 10.0)
        );
        match self.kind {
            FactorKind::Zone { layer, feature, .. } => {
                let l = ctx.hazards[layer];
                let class = l
                    .meta
                    .class_field
                    .as_deref()
                    .and_then(|k| l.features[feature].text(k))
                    .unwrap_or_default();
                let zone = l.feature_name(feature);
                (
                    format!("{}（{class}，{zone}）{pts}", l.meta.name),
                    format!("{} ({class}, {zone}) {pts}", l.meta.name),
                )
            }
            FactorKind::Source {
                layer,
                feature,
                metres,
                ring,
            } => {
                let l = ctx.sources[layer];
                let name = l.feature_name(feature);
                let m = format!("{:.0} m", metres);
                match ring.and_then(|r| cfg.rings.names.get(r as usize)) {
                    Some(r) => (
                        format!("距{name} {m}（{}影响圈）{pts}", r.zh),
                        format!("{m} from {name} ({} impact ring) {pts}", r.en),
                    ),
                    None => (
                        format!("距{name} {m} {pts}"),
                        format!("{m} from {name} {pts}"),
                    ),
                }
            }
            FactorKind::Vulnerability { index } => {
                let v = &cfg.vulnerability[index];
                let value = ctx
                    .sites
                    .features
                    .get(site)
                    .and_then(|f| f.text(&v.field))
                    .unwrap_or_default();
                (
                    format!("{} {value} {pts}", v.label_zh),
                    format!("{} {value} {pts}", v.label_en),
                )
            }
            FactorKind::Dangers { general, major } => {
                let floor = (major > 0 && cfg.dangers.major_floor_enabled)
                    .then_some(cfg.dangers.major_floor);
                let zh_floor = floor.map_or(String::new(), |g| {
                    format!(" → 至少{}", g.zh().trim_end_matches("风险"))
                });
                let en_floor = floor.map_or(String::new(), |g| format!(" → at least {}", g.en()));
                (
                    format!("未闭环隐患：重大 {major} 项、一般 {general} 项 {pts}{zh_floor}"),
                    format!(
                        "open hidden dangers: {major} major, {general} general {pts}{en_floor}"
                    ),
                )
            }
        }
    }
}
