//! The composite index's configuration, with defaults.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::super::{grade_serde, GradeBand};
use crate::risk::Grade;

/// Every number the composite index uses. Layers are named by id or by display name, so
/// one document serves every project that loads layers of those names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompositeConfig {
    /// Per hazard-zone layer: points at its most severe class.
    pub hazards: Vec<HazardWeight>,
    /// Points for a hazard-zone layer the list does not name.
    pub default_hazard_weight: f64,
    /// Share of a layer's weight by the class level (0 none … 3 most severe).
    pub level_shares: [f64; 4],
    /// Per hazard-source layer: points at zero distance or in the innermost ring.
    pub sources: Vec<SourceWeight>,
    pub default_source_weight: f64,
    /// Plain distance decay for a source without impact rings: the full weight within
    /// `decay_full_m`, falling linearly to nothing at `decay_zero_m`.
    pub decay_full_m: f64,
    pub decay_zero_m: f64,
    pub rings: RingConfig,
    /// Site attributes that raise the score (people on site, chemical inventory, building
    /// fire resistance …), each mapped by the user to a field of the site layer.
    pub vulnerability: Vec<VulnerabilityFactor>,
    pub dangers: DangerRule,
    /// Score ≥ `min` → grade, checked from the highest `min` down.
    pub bands: Vec<GradeBand>,
    /// An area (district, grid cell) takes the highest grade among its sites, as the
    /// four-colour map and ThinkHazard do (domain.md §3, UNCONFIRMED as a regulation);
    /// off, it takes the band of its mean score.
    pub area_highest_wins: bool,
    /// How far (m) the overlay looks for sources. Rings and decay beyond it need a new
    /// overlay, anything within it is only re-scoring.
    pub reach_m: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HazardWeight {
    /// Layer id or display name.
    pub layer: String,
    pub weight: f64,
    /// Share by class label, overriding [`CompositeConfig::level_shares`] (e.g. 高 → 1.0).
    #[serde(default)]
    pub class_shares: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceWeight {
    pub layer: String,
    pub weight: f64,
}

/// Impact rings (影响圈) around major hazard sources, innermost first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RingConfig {
    /// The rings and the share of the source weight each gives, innermost first.
    pub names: Vec<RingName>,
    /// Per-source radii (m) read from these properties, one per ring; the first source
    /// of radii that a source has wins: its own fields, then its type, then derivation.
    pub radius_fields: Vec<String>,
    /// The property holding the source's type (LNG储罐区, 液氯仓库 …).
    pub type_field: String,
    /// Radii (m) per source type, innermost first.
    pub by_type: BTreeMap<String, Vec<f64>>,
    /// Radii derived from the inventory; `None` turns derivation off.
    pub derive: Option<RingDerivation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RingName {
    pub zh: String,
    pub en: String,
    pub share: f64,
}

/// Derived rings: the innermost radius is `base_m × (q/Q)^(1/3)` (the cube root because a
/// blast or release volume scales with quantity, a distance with its cube root), the
/// others `multiples` of it; q/Q is the GB 18218 ratio read from the source's fields.
/// A screening rule, not a consequence model: replace it with the assessor's radii.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RingDerivation {
    pub quantity_field: String,
    pub critical_field: String,
    pub base_m: f64,
    pub multiples: Vec<f64>,
    /// Radii never go below these (m), innermost first.
    pub min_m: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnerabilityFactor {
    /// Site-layer field, e.g. 从业人数.
    pub field: String,
    pub label_zh: String,
    pub label_en: String,
    pub kind: VulnerabilityKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum VulnerabilityKind {
    /// A number: the points of the highest step whose `min` it reaches.
    Steps(Vec<Step>),
    /// A label: points per value (e.g. 耐火等级 四级 → 8).
    Categories(BTreeMap<String, f64>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub min: f64,
    pub points: f64,
}

/// Open hidden dangers (未闭环隐患) at a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DangerRule {
    pub points_per_open_general: f64,
    pub points_per_open_major: f64,
    /// An open 重大隐患 forces at least `major_floor` when set.
    pub major_floor_enabled: bool,
    #[serde(with = "grade_serde")]
    pub major_floor: Grade,
}

impl Default for DangerRule {
    fn default() -> Self {
        DangerRule {
            points_per_open_general: 3.0,
            points_per_open_major: 10.0,
            major_floor_enabled: true,
            major_floor: Grade::Larger,
        }
    }
}

impl Default for RingConfig {
    fn default() -> Self {
        let ring = |zh: &str, en: &str, share| RingName {
            zh: zh.into(),
            en: en.into(),
            share,
        };
        RingConfig {
            names: vec![
                ring("重度", "severe", 1.0),
                ring("中度", "moderate", 0.6),
                ring("轻度", "light", 0.3),
            ],
            radius_fields: vec![
                "重度半径_米".into(),
                "中度半径_米".into(),
                "轻度半径_米".into(),
            ],
            type_field: "类型".into(),
            by_type: BTreeMap::new(),
            derive: Some(RingDerivation {
                quantity_field: "数量_吨".into(),
                critical_field: "临界量_吨".into(),
                base_m: 150.0,
                multiples: vec![1.0, 2.5, 5.0],
                min_m: vec![50.0, 150.0, 300.0],
            }),
        }
    }
}

impl Default for CompositeConfig {
    fn default() -> Self {
        use Grade::*;
        let band = |min, g: Grade| GradeBand::new(min, g, g.zh(), g.en());
        CompositeConfig {
            hazards: Vec::new(),
            default_hazard_weight: 70.0,
            level_shares: [0.0, 0.3, 0.7, 1.0],
            sources: Vec::new(),
            default_source_weight: 30.0,
            decay_full_m: 100.0,
            decay_zero_m: 1000.0,
            rings: RingConfig::default(),
            vulnerability: vec![VulnerabilityFactor {
                field: "从业人数".into(),
                label_zh: "从业人数".into(),
                label_en: "employees".into(),
                kind: VulnerabilityKind::Steps(vec![
                    Step {
                        min: 30.0,
                        points: 3.0,
                    },
                    Step {
                        min: 100.0,
                        points: 6.0,
                    },
                    Step {
                        min: 300.0,
                        points: 10.0,
                    },
                ]),
            }],
            dangers: DangerRule::default(),
            bands: vec![
                band(70.0, Major),
                band(45.0, Larger),
                band(20.0, General),
                band(0.0, Low),
            ],
            area_highest_wins: true,
            reach_m: 5000.0,
        }
    }
}

impl CompositeConfig {
    /// Weight and class overrides for a hazard layer (matched by id, then name).
    pub fn hazard(&self, id: &str, name: &str) -> (f64, Option<&BTreeMap<String, f64>>) {
        self.hazards
            .iter()
            .find(|h| h.layer == id)
            .or_else(|| self.hazards.iter().find(|h| h.layer == name))
            .map_or((self.default_hazard_weight, None), |h| {
                (h.weight, Some(&h.class_shares))
            })
    }

    pub fn source_weight(&self, id: &str, name: &str) -> f64 {
        self.sources
            .iter()
            .find(|s| s.layer == id)
            .or_else(|| self.sources.iter().find(|s| s.layer == name))
            .map_or(self.default_source_weight, |s| s.weight)
    }

    /// The grade of a score: the band with the highest `min` at or below it.
    pub fn grade(&self, score: f64) -> Grade {
        self.bands
            .iter()
            .filter(|b| score >= b.min - 1e-9)
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .map_or(Grade::Low, |b| b.grade)
    }
}
