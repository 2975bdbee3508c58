use super::{Assessment, Grade, GradingRule, Reason, ZoneSet};

/// The skeleton's rule: a site takes the most severe class among the hazard zones that
/// contain it (boundary counts as inside), mapped to a grade by level; outside every zone
/// it is 低风险.
///
/// The level → grade table is a field so a user can, say, make level 3 only 较大.
#[derive(Debug, Clone, PartialEq)]
pub struct HighestZoneClass {
    /// Grade for levels 0, 1, 2 and 3.
    pub grade_by_level: [Grade; 4],
}

impl Default for HighestZoneClass {
    fn default() -> Self {
        HighestZoneClass {
            grade_by_level: [0, 1, 2, 3].map(Grade::from_level),
        }
    }
}

impl GradingRule for HighestZoneClass {
    fn assess(&self, zones: &ZoneSet<'_>, lon: f64, lat: f64) -> Assessment {
        let mut reasons: Vec<Reason> = zones
            .index
            .containing(lon, lat)
            .into_iter()
            .map(|hit| {
                let layer = zones.layers[hit.layer];
                let feature = &layer.features[hit.feature];
                let class = layer
                    .meta
                    .class_field
                    .as_deref()
                    .and_then(|k| feature.text(k))
                    .unwrap_or_default();
                Reason {
                    layer_name: layer.meta.name.clone(),
                    feature: hit.feature,
                    zone_name: layer.feature_name(hit.feature),
                    level: layer.meta.level_of(&class),
                    class,
                }
            })
            .filter(|r| r.level > 0)
            .collect();
        // Most severe first; ties keep layer order so output is stable.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.level));
        let level = reasons.first().map_or(0, |r| r.level);
        Assessment {
            grade: self.grade_by_level[level.min(3) as usize],
            reasons,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read_geojson;
    use crate::layer::Layer;

    /// Two overlapping square zones in two layers: A (level 2, 中) covers [0,2]², B (level 3,
    /// 高) covers [1,3]²; a low-class zone C covers [5,6]².
    fn layers() -> (Layer, Layer) {
        let a = read_geojson(
            "a.geojson",
            r#"{"type":"FeatureCollection","xiantu":{"name":"内涝","role":"hazard_zones",
            "class_field":"c","class_levels":{"高":3,"中":2,"低":1}},"features":[
            {"type":"Feature","properties":{"c":"中","name":"A"},"geometry":{"type":"Polygon",
             "coordinates":[[[0,0],[2,0],[2,2],[0,2],[0,0]]]}},
            {"type":"Feature","properties":{"c":"低","name":"C"},"geometry":{"type":"MultiPolygon",
             "coordinates":[[[[5,5],[6,5],[6,6],[5,6],[5,5]]],[[[5.5,5.5],[7,5.5],[7,7],[5.5,5.5]]]]}}]}"#
            .as_bytes(),
        )
        .unwrap()
        .layer;
        let b = read_geojson(
            "b.geojson",
            r#"{"type":"FeatureCollection","xiantu":{"name":"风暴潮","role":"hazard_zones",
            "class_field":"c","class_levels":{"高":3,"中":2,"低":1}},"features":[
            {"type":"Feature","properties":{"c":"高","name":"B"},"geometry":{"type":"Polygon",
             "coordinates":[[[1,1],[3,1],[3,3],[1,3],[1,1]]]}}]}"#
                .as_bytes(),
        )
        .unwrap()
        .layer;
        (a, b)
    }

    fn grade_at(lon: f64, lat: f64) -> Assessment {
        let (a, b) = layers();
        let zones = ZoneSet::new(vec![&a, &b]);
        HighestZoneClass::default().assess(&zones, lon, lat)
    }

    #[test]
    fn highest_zone_outside_every_zone_is_low() {
        let a = grade_at(4.0, 4.0);
        assert_eq!(a.grade, Grade::Low);
        assert!(a.reasons.is_empty());
    }

    #[test]
    fn highest_zone_inside_one_zone() {
        let a = grade_at(0.5, 0.5);
        assert_eq!(a.grade, Grade::Larger);
        assert_eq!(a.reasons.len(), 1);
        assert_eq!(a.reasons[0].describe(), "内涝：中（A）");
    }

    #[test]
    fn highest_zone_two_overlapping_zones_takes_the_worst() {
        let a = grade_at(1.5, 1.5);
        assert_eq!(a.grade, Grade::Major);
        let names: Vec<_> = a.reasons.iter().map(|r| r.zone_name.as_str()).collect();
        assert_eq!(names, ["B", "A"], "most severe reason first");
    }

    #[test]
    fn highest_zone_point_on_edge_counts_as_inside() {
        // On B's west edge (x = 1), outside A? No: A spans to x = 2, so use A's east edge
        // at y = 0.5, where B does not reach.
        let a = grade_at(2.0, 0.5);
        assert_eq!(a.grade, Grade::Larger, "on A's east edge");
        let b = grade_at(3.0, 2.5);
        assert_eq!(b.grade, Grade::Major, "on B's east edge");
    }

    #[test]
    fn highest_zone_point_on_vertex_counts_as_inside() {
        assert_eq!(grade_at(3.0, 3.0).grade, Grade::Major);
        assert_eq!(grade_at(0.0, 0.0).grade, Grade::Larger);
    }

    #[test]
    fn highest_zone_just_outside_edge_is_low() {
        assert_eq!(grade_at(3.000_000_1, 2.5).grade, Grade::Low);
    }

    #[test]
    fn highest_zone_multipolygon_parts_count_once() {
        // (5.75, 5.75) lies in both parts of C.
        let a = grade_at(5.75, 5.75);
        assert_eq!(a.grade, Grade::General);
        assert_eq!(a.reasons.len(), 1);
    }

    #[test]
    fn highest_zone_unknown_class_does_not_raise_grade() {
        let (mut a, b) = layers();
        a.features[0].properties.insert("c".into(), "极高?".into());
        let zones = ZoneSet::new(vec![&a, &b]);
        let r = HighestZoneClass::default().assess(&zones, 0.5, 0.5);
        assert_eq!(r.grade, Grade::Low);
    }

    #[test]
    fn highest_zone_level_table_is_configurable() {
        let (a, b) = layers();
        let zones = ZoneSet::new(vec![&a, &b]);
        let rule = HighestZoneClass {
            grade_by_level: [Grade::Low, Grade::Low, Grade::General, Grade::Larger],
        };
        assert_eq!(rule.assess(&zones, 1.5, 1.5).grade, Grade::Larger);
    }
}
