//! The committed demo layers load and grade the fixed test sites as the generator promises.

use geo_core::import::read_geojson;
use geo_core::layer::{Layer, LayerRole};
use geo_core::risk::{Grade, GradingRule, HighestZoneClass, ZoneSet};

fn demo(name: &str) -> Layer {
    let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let imp = read_geojson(name, &bytes).unwrap();
    assert!(imp.warnings.is_empty(), "{name}: {:?}", imp.warnings);
    imp.layer
}

fn site(sites: &Layer, id: &str) -> (f64, f64) {
    let f = sites
        .features
        .iter()
        .find(|f| f.text("id").as_deref() == Some(id))
        .expect("site exists");
    match f.geometry {
        geo::Geometry::Point(p) => (p.x(), p.y()),
        _ => panic!("site {id} is not a point"),
    }
}

#[test]
fn demo_layers_have_the_promised_content() {
    let districts = demo("districts.geojson");
    assert_eq!(districts.features.len(), 6);
    assert_eq!(districts.meta.role, LayerRole::Areas);
    let sources = demo("hazard_sources.geojson");
    assert!(sources.features.len() >= 20);
    let sites = demo("enterprises.geojson");
    assert!(sites.features.len() >= 2000);
    for l in [&districts, &sources, &sites] {
        assert!(l.meta.fictional, "{} must be marked fictional", l.meta.name);
        let b = l.bbox().unwrap();
        assert!(
            b.min().x >= 117.9 && b.max().x <= 118.45 && b.min().y >= 24.4 && b.max().y <= 24.8,
            "{b:?}"
        );
    }
}

#[test]
fn demo_fixed_sites_grade_as_documented() {
    let surge = demo("storm_surge.geojson");
    let water = demo("waterlogging.geojson");
    let geoh = demo("geohazard.geojson");
    let sites = demo("enterprises.geojson");
    let zones = ZoneSet::new(vec![&surge, &water, &geoh]);
    let rule = HighestZoneClass::default();
    let grade = |id: &str| {
        let (lon, lat) = site(&sites, id);
        rule.assess(&zones, lon, lat)
    };
    let e1 = grade("E0001");
    assert_eq!(e1.grade, Grade::Major);
    assert_eq!(e1.reasons[0].describe(), "风暴潮淹没区：高（海沧湾沿岸高）");
    let e2 = grade("E0002");
    assert_eq!(e2.grade, Grade::Major, "on the edge counts as inside");
    assert_eq!(e2.reasons[0].zone_name, "同安城区片区");
    let e3 = grade("E0003");
    assert_eq!(e3.grade, Grade::Major);
    let layers: Vec<_> = e3.reasons.iter().map(|r| r.layer_name.as_str()).collect();
    assert_eq!(layers, ["风暴潮淹没区", "内涝易发区"]);
    assert_eq!(grade("E0004").grade, Grade::Low);

    // Every grade occurs in the demo, so the map shows all four colours.
    let mut seen = std::collections::BTreeSet::new();
    for f in &sites.features {
        if let geo::Geometry::Point(p) = f.geometry {
            seen.insert(rule.assess(&zones, p.x(), p.y()).grade);
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

#[test]
fn demo_project_scene_colours_sites_by_grade() {
    use geo_core::project::Project;
    use geo_core::risk::Palette;
    use geo_core::scene::{DrawCmd, Viewport};
    let project = Project::new(
        geo_core::demo::DEMO_LAYERS
            .iter()
            .map(|n| demo(n))
            .collect(),
        Default::default(),
    );
    let (li, fi) = project.find_site("E0001").unwrap();
    assert_eq!(project.site_id(li, fi), "E0001");
    assert_eq!(project.grade(li, fi), Grade::Major);
    let scene = project.scene(&Palette::default());
    let view = Viewport::from_lon_lat(118.045, 24.47, 17.0, 400.0, 300.0);
    let centre = scene
        .draw_list(&view)
        .cmds
        .into_iter()
        .find(|c| {
            matches!(c, DrawCmd::Markers { points, .. }
            if points.iter().any(|p| (p[0] - 200.0).abs() < 0.5 && (p[1] - 150.0).abs() < 0.5))
        })
        .expect("E0001 drawn at the centre");
    assert!(matches!(centre, DrawCmd::Markers { fill, .. } if fill == Palette::default().major));
    assert_eq!(scene.pick_site(&view, 205.0, 150.0, 22.0), Some((li, fi)));
}

#[test]
fn demo_scene_labels_district_names_and_site_names_only_zoomed_in() {
    let layers: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let project = geo_core::project::Project::new(layers, Default::default());
    let scene = project.scene(&geo_core::risk::Palette::default());
    let texts = |zoom: f64| -> Vec<String> {
        let view = geo_core::scene::Viewport::from_lon_lat(118.045, 24.47, zoom, 1280.0, 800.0);
        scene
            .draw_list(&view)
            .labels
            .into_iter()
            .filter_map(|c| match c {
                geo_core::scene::DrawCmd::Label { text, .. } => Some(text),
                _ => None,
            })
            .collect()
    };
    let overview = texts(11.0);
    assert!(overview.iter().any(|t| t == "海沧区"), "{overview:?}");
    assert!(
        !overview.iter().any(|t| t.ends_with("有限公司")),
        "{overview:?}"
    );
    let close = texts(17.0);
    assert!(
        close.iter().any(|t| t == "厦门海沧示范化工有限公司"),
        "{close:?}"
    );
}
