//! Adding a layer in slices (as the app does for large imports) ends where building the
//! project in one go ends: same grades, same scene, picks still find the right site.

use geo_core::import::read_geojson;
use geo_core::layer::{Layer, LayerRole};
use geo_core::project::Project;
use geo_core::risk::{Grade, Palette};
use geo_core::scene::{DrawCmd, Viewport};

fn demo(name: &str) -> Layer {
    let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    read_geojson(name, &std::fs::read(&path).unwrap())
        .unwrap()
        .layer
}

/// Inserts `layer` at `at` and adds it in slices of `step`, keeping `scene` in step the way
/// the app's ingest does; then regrades every site layer if it was a zone layer.
fn add_in_slices(
    project: &mut Project,
    scene: &mut geo_core::scene::Scene,
    at: usize,
    layer: Layer,
    step: usize,
) -> usize {
    let palette = Palette::default();
    let zone = layer.meta.role == LayerRole::HazardZones;
    let li = project.insert_layer(at, layer);
    scene.insert_layer(li, &project.layers[li], project.layer_style(li));
    let n = project.layers[li].features.len();
    for start in (0..n).step_by(step) {
        let range = start..(start + step).min(n);
        project.add_range(li, range.clone());
        let fills = project.fills(li, range.clone(), &palette);
        scene.extend_layer(li, &project.layers[li], range, fills.as_deref());
    }
    if zone {
        for sl in project.site_layers() {
            let n = project.layers[sl].features.len();
            project.add_range(sl, 0..n);
            let fills = project.fills(sl, 0..n, &palette).unwrap();
            scene.set_fills_from(sl, 0, &fills);
        }
    }
    li
}

fn grades(p: &Project) -> Vec<Vec<Grade>> {
    (0..p.layers.len())
        .map(|li| {
            (0..p.layers[li].features.len())
                .filter_map(|fi| p.site_score(li, fi).map(|s| s.grade))
                .collect()
        })
        .collect()
}

fn markers(scene: &geo_core::scene::Scene, view: &Viewport) -> Vec<String> {
    scene
        .draw_list(view)
        .cmds
        .iter()
        .flat_map(|c| match c {
            DrawCmd::Markers { points, fill, .. } => points
                .iter()
                .map(|p| format!("M{:.1},{:.1},{fill:?}", p[0], p[1]))
                .collect(),
            DrawCmd::Polygons { path, fill, .. } => path
                .subpaths()
                .map(|r| format!("P{},{fill:?}", r.len()))
                .collect(),
            DrawCmd::Lines { path, .. } => {
                path.subpaths().map(|l| format!("L{}", l.len())).collect()
            }
            other => vec![format!("{other:?}")],
        })
        .collect()
}

#[test]
fn project_adding_layers_in_slices_matches_building_at_once() {
    let all: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let whole = Project::new(all.clone(), Default::default());
    let whole_scene = whole.scene(&Palette::default());

    // Start without the storm-surge zones and the sites; add the sites, then the zones
    // (on top of the other zone layers, so indexed slice by slice), as a user would.
    let surge_at = all
        .iter()
        .position(|l| l.meta.id == "storm_surge")
        .expect("demo has storm_surge");
    let mut rest = all.clone();
    let surge = rest.remove(surge_at);
    let sites = rest.pop().expect("sites last");
    assert_eq!(sites.meta.role, LayerRole::Sites);
    let mut p = Project::new(rest, Default::default());
    let mut scene = p.scene(&Palette::default());
    let at = p.layers.len();
    add_in_slices(&mut p, &mut scene, at, sites, 97);
    let zones_on_top = p.site_layers()[0];
    let li = add_in_slices(&mut p, &mut scene, zones_on_top, surge, 3);
    assert_eq!(p.layers[li].meta.id, "storm_surge");

    let (sl, fi) = p.find_site("E0001").unwrap();
    assert_eq!(p.grade(sl, fi), Grade::Major);
    // Same grades for every site as the one-go project (zone order differs, grades not).
    let site_grades = |p: &Project| {
        grades(p)
            .into_iter()
            .filter(|g| !g.is_empty())
            .collect::<Vec<_>>()
    };
    assert_eq!(site_grades(&p), site_grades(&whole));
    // Same markers drawn; picks map to the (shifted) layer positions.
    let view = Viewport::from_lon_lat(118.045, 24.47, 13.0, 800.0, 600.0);
    let site_markers = |s: &geo_core::scene::Scene| {
        let mut m: Vec<String> = markers(s, &view)
            .into_iter()
            .filter(|m| m.starts_with('M'))
            .collect();
        m.sort();
        m
    };
    assert_eq!(site_markers(&scene), site_markers(&whole_scene));
    let close = Viewport::from_lon_lat(118.045, 24.47, 17.0, 400.0, 300.0);
    assert_eq!(scene.pick_site(&close, 205.0, 150.0, 22.0), Some((sl, fi)));
}

#[test]
fn project_zone_layer_inserted_below_another_rebuilds_the_index() {
    let all: Vec<Layer> = geo_core::demo::DEMO_LAYERS
        .iter()
        .map(|n| demo(n))
        .collect();
    let whole = Project::new(all.clone(), Default::default());
    let first_zone = all
        .iter()
        .position(|l| l.meta.role == LayerRole::HazardZones)
        .unwrap();
    let mut rest = all.clone();
    let zone = rest.remove(first_zone);
    let mut p = Project::new(rest, Default::default());
    let mut scene = p.scene(&Palette::default());
    add_in_slices(&mut p, &mut scene, first_zone, zone, 1);
    assert_eq!(grades(&p), grades(&whole));
    assert_eq!(
        p.layers.iter().map(|l| &l.meta.id).collect::<Vec<_>>(),
        whole.layers.iter().map(|l| &l.meta.id).collect::<Vec<_>>()
    );
}
