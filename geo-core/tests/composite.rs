//! The composite multi-hazard index on the demo layers and on hand-made cases: grades,
//! explanations, impact rings, hidden-danger floor, re-scoring and area aggregation.

use geo_core::import::read_geojson;
use geo_core::layer::{Layer, LayerRole};
use geo_core::risk::models::composite::{
    aggregate_areas, grid_areas, resolve_rings, score_sites, Exposure, FactorKind, OpenDangers,
    ScoreContext, SiteScore,
};
use geo_core::risk::models::ModelDocument;
use geo_core::risk::{Grade, GradingRule, HighestZoneClass, ZoneSet};

fn demo(name: &str) -> Layer {
    let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    read_geojson(name, &std::fs::read(&path).unwrap())
        .unwrap()
        .layer
}

fn layer(src: &str) -> Layer {
    read_geojson("t.geojson", src.as_bytes()).unwrap().layer
}

struct Demo {
    sites: Layer,
    zones: Vec<Layer>,
    sources: Vec<Layer>,
}

fn demo_layers() -> Demo {
    let all: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let of = |r: LayerRole| {
        all.iter()
            .filter(|l| l.meta.role == r)
            .cloned()
            .collect::<Vec<_>>()
    };
    Demo {
        sites: of(LayerRole::Sites).remove(0),
        zones: of(LayerRole::HazardZones),
        sources: of(LayerRole::Sources),
    }
}

/// Runs `f` with the demo's scoring context under `doc`.
fn with_ctx<R>(doc: &ModelDocument, d: &Demo, f: impl FnOnce(&ScoreContext<'_>) -> R) -> R {
    let zones: Vec<&Layer> = d.zones.iter().collect();
    let sources: Vec<&Layer> = d.sources.iter().collect();
    let rings: Vec<_> = sources
        .iter()
        .map(|s| resolve_rings(&doc.composite.rings, s))
        .collect();
    f(&ScoreContext {
        sites: &d.sites,
        hazards: &zones,
        sources: &sources,
        rings: &rings,
    })
}

fn run(doc: &ModelDocument, d: &Demo, dangers: &[OpenDangers]) -> (Exposure, Vec<SiteScore>) {
    with_ctx(doc, d, |ctx| {
        let exposure = Exposure::new(&d.sites, ctx.hazards, ctx.sources, doc.composite.reach_m);
        let scores = score_sites(&doc.composite, ctx, &exposure, dangers);
        (exposure, scores)
    })
}

fn site_index(sites: &Layer, id: &str) -> usize {
    sites
        .features
        .iter()
        .position(|f| f.text("id").as_deref() == Some(id))
        .unwrap()
}

#[test]
fn composite_single_zone_grades_match_the_highest_class_rule() {
    // Without sources, people or dangers, the defaults give every demo site the grade the
    // four-colour practice gives it (highest class of the zones it lies in).
    let d = demo_layers();
    let mut doc = ModelDocument::default();
    doc.composite.vulnerability.clear();
    doc.composite.default_source_weight = 0.0;
    let (_, scores) = run(&doc, &d, &[]);
    let zones = ZoneSet::new(d.zones.iter().collect());
    let rule = HighestZoneClass::default();
    let mut single = 0;
    for (f, s) in d.sites.features.iter().zip(&scores) {
        let geo::Geometry::Point(p) = f.geometry else {
            panic!("point sites")
        };
        let a = rule.assess(&zones, p.x(), p.y());
        if a.reasons.len() <= 1 {
            single += 1;
            assert_eq!(
                s.grade,
                a.grade,
                "{:?}: {} vs {:?}",
                f.text("id"),
                s.score,
                a
            );
        } else {
            assert!(s.grade >= a.grade, "more hazards never lower the grade");
        }
    }
    assert!(single > 1000, "{single} sites in at most one zone");
}

#[test]
fn composite_demo_site_e0001_explains_itself() {
    let d = demo_layers();
    let doc = ModelDocument::default();
    let (exposure, scores) = run(&doc, &d, &[]);
    let i = site_index(&d.sites, "E0001");
    let s = &scores[i];
    assert_eq!(s.grade, Grade::Major);
    let lines: Vec<(String, String)> = with_ctx(&doc, &d, |ctx| {
        s.factors
            .iter()
            .map(|f| f.describe(&doc.composite, ctx, i))
            .collect()
    });
    assert_eq!(
        lines[0].0, "风暴潮淹没区（高，海沧湾沿岸高）+70",
        "{lines:?}"
    );
    assert_eq!(lines[0].1, "风暴潮淹没区 (高, 海沧湾沿岸高) +70");
    assert!(
        lines.iter().any(|(zh, _)| zh == "从业人数 320 +10"),
        "{lines:?}"
    );
    // Largest first, and the score is their sum, capped at 100.
    assert!(s.factors.windows(2).all(|w| w[0].points >= w[1].points));
    let sum: f64 = s.factors.iter().map(|f| f.points).sum();
    assert!((s.score - sum.min(100.0)).abs() < 1e-9);
    assert!(!exposure.zones[i].is_empty());
}

/// One point source at (118, 24.5) with q/Q = 8 (inner ring 150 × 2 = 300 m, then 750 m
/// and 1500 m), and sites due north at chosen distances.
fn ring_case(distances_m: &[f64]) -> (Layer, Layer) {
    let sources = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"源","role":"sources"},"features":[
        {"type":"Feature","properties":{"name":"某LNG储罐","数量_吨":400,"临界量_吨":50},"geometry":{"type":"Point","coordinates":[118.0,24.5]}}]}"#,
    );
    let feats: Vec<String> = distances_m
        .iter()
        .enumerate()
        .map(|(i, d)| {
            // Metres to degrees of latitude at 24.5° N (WGS84 meridian arc ~110,775 m/°).
            let lat = 24.5 + d / 110_775.0;
            format!(r#"{{"type":"Feature","properties":{{"id":"P{i}"}},"geometry":{{"type":"Point","coordinates":[118.0,{lat}]}}}}"#)
        })
        .collect();
    let sites = layer(&format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        feats.join(",")
    ));
    (sources, sites)
}

#[test]
fn composite_impact_rings_from_inventory_score_by_ring() {
    let (sources, sites) = ring_case(&[0.0, 290.0, 310.0, 740.0, 1490.0, 1510.0, 4000.0]);
    let doc = ModelDocument::default();
    let rings = resolve_rings(&doc.composite.rings, &sources);
    let r = rings[0].as_ref().unwrap();
    assert_eq!(r.origin, "derived");
    assert!(
        (r.radii[0] - 300.0).abs() < 1e-9
            && (r.radii[1] - 750.0).abs() < 1e-9
            && (r.radii[2] - 1500.0).abs() < 1e-9,
        "{r:?}"
    );
    let exposure = Exposure::new(&sites, &[], &[&sources], doc.composite.reach_m);
    let all_rings = vec![rings];
    let ctx = ScoreContext {
        sites: &sites,
        hazards: &[],
        sources: &[&sources],
        rings: &all_rings,
    };
    let scores = score_sites(&doc.composite, &ctx, &exposure, &[]);
    let pts: Vec<f64> = scores.iter().map(|s| s.score).collect();
    // 30 points × 1.0 / 0.6 / 0.3 by ring, nothing outside the outer ring.
    let expect = [30.0, 30.0, 18.0, 18.0, 9.0, 0.0, 0.0];
    for (p, e) in pts.iter().zip(expect) {
        assert!((p - e).abs() < 1e-9, "{pts:?}");
    }
    let (zh, en) = scores[2].factors[0].describe(&doc.composite, &ctx, 2);
    assert!(zh.starts_with("距某LNG储罐 310 m（中度影响圈）+18"), "{zh}");
    assert!(en.contains("(moderate impact ring)"), "{en}");
    // Rings drawn: three 72-gons, outermost first.
    let drawn = geo_core::risk::models::composite::ring_polygons(
        &sources,
        &all_rings[0],
        &doc.composite.rings,
    );
    assert_eq!(drawn.features.len(), 3);
    assert_eq!(drawn.features[0].text("radius_m").as_deref(), Some("1500"));
}

#[test]
fn composite_source_without_rings_decays_with_distance() {
    let (mut sources, sites) = ring_case(&[50.0, 550.0, 1200.0]);
    sources.features[0].properties.remove("数量_吨");
    let doc = ModelDocument::default();
    let rings = vec![resolve_rings(&doc.composite.rings, &sources)];
    assert!(rings[0][0].is_none());
    let exposure = Exposure::new(&sites, &[], &[&sources], doc.composite.reach_m);
    let ctx = ScoreContext {
        sites: &sites,
        hazards: &[],
        sources: &[&sources],
        rings: &rings,
    };
    let scores = score_sites(&doc.composite, &ctx, &exposure, &[]);
    assert!((scores[0].score - 30.0).abs() < 1e-9);
    // 550 m: halfway between 100 m and 1000 m.
    assert!((scores[1].score - 15.0).abs() < 0.05, "{}", scores[1].score);
    assert_eq!(scores[2].score, 0.0);
    match scores[1].factors[0].kind {
        FactorKind::Source { metres, ring, .. } => {
            assert!((metres - 550.0).abs() < 1.0, "{metres}");
            assert_eq!(ring, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn composite_open_major_danger_forces_at_least_larger_and_is_configurable() {
    let d = demo_layers();
    let doc = ModelDocument::default();
    let i = site_index(&d.sites, "E0004");
    let mut dangers = vec![OpenDangers::default(); d.sites.features.len()];
    let (_, before) = run(&doc, &d, &dangers);
    assert_eq!(before[i].grade, Grade::Low, "{:?}", before[i]);
    dangers[i] = OpenDangers {
        general: 0,
        major: 2,
    };
    let (_, after) = run(&doc, &d, &dangers);
    assert_eq!(after[i].grade, Grade::Larger);
    assert!(after[i].score_grade < Grade::Larger);
    let mut off = ModelDocument::default();
    off.composite.dangers.major_floor_enabled = false;
    let (_, without) = run(&off, &d, &dangers);
    assert_eq!(without[i].grade, without[i].score_grade);
    let text: Vec<String> = with_ctx(&doc, &d, |ctx| {
        after[i]
            .factors
            .iter()
            .map(|f| f.describe(&doc.composite, ctx, i).0)
            .collect()
    });
    assert!(
        text.iter()
            .any(|t| t == "未闭环隐患：重大 2 项、一般 0 项 +20 → 至少较大"),
        "{text:?}"
    );
}

#[test]
fn composite_rescoring_reuses_the_overlay() {
    let d = demo_layers();
    let mut doc = ModelDocument::default();
    let zones: Vec<&Layer> = d.zones.iter().collect();
    let sources: Vec<&Layer> = d.sources.iter().collect();
    let exposure = Exposure::new(&d.sites, &zones, &sources, doc.composite.reach_m);
    let rings: Vec<_> = sources
        .iter()
        .map(|s| resolve_rings(&doc.composite.rings, s))
        .collect();
    let ctx = ScoreContext {
        sites: &d.sites,
        hazards: &zones,
        sources: &sources,
        rings: &rings,
    };
    let count = |s: &[SiteScore], g| s.iter().filter(|x| x.grade == g).count();
    let base = score_sites(&doc.composite, &ctx, &exposure, &[]);
    // Halve every hazard weight: a 高 zone alone is now 35 points, no longer 重大.
    doc.composite.default_hazard_weight = 35.0;
    let halved = score_sites(&doc.composite, &ctx, &exposure, &[]);
    assert!(count(&halved, Grade::Major) < count(&base, Grade::Major));
    // Raise the 重大 cut-off instead: fewer red sites again, none more.
    doc.composite.default_hazard_weight = 70.0;
    doc.composite.bands[0].min = 95.0;
    let strict = score_sites(&doc.composite, &ctx, &exposure, &[]);
    assert!(count(&strict, Grade::Major) < count(&base, Grade::Major));
    assert!(strict.iter().zip(&base).all(|(a, b)| a.score == b.score));
}

#[test]
fn composite_footprint_touching_a_zone_is_exposed() {
    let zones = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"内涝","role":"hazard_zones","class_field":"c","class_levels":{"高":3}},"features":[
        {"type":"Feature","properties":{"c":"高","name":"低洼区"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}"#,
    );
    let sites = layer(
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"id":"straddles"},"geometry":{"type":"Polygon","coordinates":[[[0.9,0.9],[1.5,0.9],[1.5,1.5],[0.9,1.5],[0.9,0.9]]]}},
        {"type":"Feature","properties":{"id":"outside"},"geometry":{"type":"Polygon","coordinates":[[[1.1,1.1],[1.5,1.1],[1.5,1.5],[1.1,1.5],[1.1,1.1]]]}}]}"#,
    );
    let exposure = Exposure::new(&sites, &[&zones], &[], 1000.0);
    assert_eq!(exposure.zones[0].len(), 1);
    assert!(exposure.zones[1].is_empty());
}

#[test]
fn composite_areas_take_the_highest_grade_and_count_every_site() {
    let d = demo_layers();
    let doc = ModelDocument::default();
    let (_, scores) = run(&doc, &d, &[]);
    let districts = demo("districts.geojson");
    let summaries = aggregate_areas(&districts, &d.sites, &scores);
    assert_eq!(summaries.len(), districts.features.len());
    let counted: usize = summaries.iter().map(|s| s.total()).sum();
    assert!(counted >= d.sites.features.len() * 9 / 10, "{counted}");
    for s in &summaries {
        let worst = (0..4)
            .rev()
            .find(|&g| s.counts[g] > 0)
            .map(|g| Grade::from_level(g as u8));
        assert_eq!(s.highest, worst);
    }
    // Haicang holds E0001 (重大).
    let haicang = districts
        .features
        .iter()
        .position(|f| f.text("name").as_deref() == Some("海沧区"))
        .unwrap();
    assert_eq!(summaries[haicang].highest, Some(Grade::Major));
    let (grid, cells) = grid_areas(&d.sites, &scores, 2000.0);
    assert_eq!(grid.features.len(), cells.len());
    assert_eq!(
        cells.iter().map(|c| c.total()).sum::<usize>(),
        d.sites.features.len()
    );
    assert!(cells.iter().any(|c| c.highest == Some(Grade::Major)));
}

#[test]
fn composite_project_grades_demo_sources_by_gb18218_with_people_counted_within_500_m() {
    use geo_core::overlay::geodesic_distance;
    use geo_core::project::Project;
    let all: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let project = Project::new(all, ModelDocument::default());
    let li = project
        .layers
        .iter()
        .position(|l| l.meta.role == LayerRole::Sources)
        .unwrap();
    let grades = project.major_hazard_grades(li);
    assert_eq!(grades.len(), project.layers[li].features.len());
    let sites = project
        .layers
        .iter()
        .find(|l| l.meta.role == LayerRole::Sites)
        .unwrap();
    for (fi, (people, result)) in grades.iter().enumerate() {
        let source = &project.layers[li].features[fi];
        let r = result
            .as_ref()
            .unwrap_or_else(|e| panic!("{:?}: {e}", source.text("name")));
        // People: brute force over every site, outside the source (distance > 0).
        let expect: f64 = sites
            .features
            .iter()
            .filter(|s| {
                let d = geodesic_distance(&s.geometry, &source.geometry);
                d > 0.0 && d <= 500.0
            })
            .filter_map(|s| s.properties.get("从业人数").and_then(|v| v.as_f64()))
            .sum();
        assert_eq!(*people, expect as u32, "{:?}", source.text("name"));
        assert_eq!(r.exposed_people, *people);
        let q = source.properties["数量_吨"].as_f64().unwrap();
        let cap_q = source.properties["临界量_吨"].as_f64().unwrap();
        assert!(
            (r.s - q / cap_q).abs() < 1e-9,
            "S = q/Q for one chemical: {:?} {} vs {}",
            source.text("name"),
            r.s,
            q / cap_q
        );
        assert_eq!(r.is_major, q / cap_q >= 1.0);
    }
    // 液氯: β from Table 3 (氯 4), so R = α · 4 · q/Q.
    let (fi, chlorine) = project.layers[li]
        .features
        .iter()
        .enumerate()
        .find(|(_, f)| f.text("危险化学品").as_deref() == Some("氯"))
        .unwrap();
    let r = grades[fi].1.as_ref().unwrap();
    let q = chlorine.properties["数量_吨"].as_f64().unwrap();
    assert!((r.r - r.alpha * 4.0 * q / 5.0).abs() < 1e-9, "{r:?}");
}

#[test]
fn composite_project_gb18218_uses_people_entered_on_the_source_over_the_count() {
    use geo_core::project::Project;
    let mut all: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let li = all
        .iter()
        .position(|l| l.meta.role == LayerRole::Sources)
        .unwrap();
    // The chlorine store: a survey found 120 people within 500 m (α 2.0 for 100–499).
    let fi = all[li]
        .features
        .iter()
        .position(|f| f.text("危险化学品").as_deref() == Some("氯"))
        .unwrap();
    all[li].features[fi]
        .properties
        .insert("周边人数".into(), serde_json::json!(120));
    let project = Project::new(all, ModelDocument::default());
    let (people, r) = &project.major_hazard_grades(li)[fi];
    let r = r.as_ref().unwrap();
    assert_eq!(*people, 120);
    assert_eq!(r.exposed_people, 120);
    assert_eq!(r.alpha, 2.0);
}
