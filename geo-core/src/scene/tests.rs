use super::*;
use crate::import::read_geojson;

fn layer(src: &str, file: &str) -> Layer {
    read_geojson(file, src.as_bytes()).unwrap().layer
}

fn demo_scene() -> Scene {
    let zones = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"Z","role":"hazard_zones","class_field":"c"},
        "features":[{"type":"Feature","properties":{"c":"高"},"geometry":{"type":"Polygon",
        "coordinates":[[[118.0,24.4],[118.2,24.4],[118.2,24.6],[118.0,24.6],[118.0,24.4]]]}}]}"#,
        "z.geojson",
    );
    let sites = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"S","role":"sites"},"features":[
        {"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[118.1,24.5]}},
        {"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Point","coordinates":[118.3,24.5]}}]}"#,
        "s.geojson",
    );
    let mut scene = Scene::default();
    scene.push_layer(&zones, default_style(&zones.meta, 0), None);
    let red = Rgba(255, 0, 0, 255);
    scene.push_layer(&sites, default_style(&sites.meta, 0), Some(&[red, red]));
    scene
}

#[test]
fn viewport_screen_world_round_trip() {
    let v = Viewport::from_lon_lat(118.1, 24.5, 12.0, 800.0, 600.0);
    let (sx, sy) = v.to_screen(v.center.0, v.center.1);
    assert_eq!((sx, sy), (400.0, 300.0));
    let (wx, wy) = v.to_world(10.0, 20.0);
    let (bx, by) = v.to_screen(wx, wy);
    assert!((bx - 10.0).abs() < 1e-6 && (by - 20.0).abs() < 1e-6);
}

#[test]
fn viewport_zoom_around_keeps_point_fixed() {
    let mut v = Viewport::from_lon_lat(118.1, 24.5, 12.0, 800.0, 600.0);
    let w = v.to_world(100.0, 50.0);
    v.zoom_around(1.5, 100.0, 50.0);
    assert_eq!(v.zoom, 13.5);
    let (sx, sy) = v.to_screen(w.0, w.1);
    assert!((sx - 100.0).abs() < 1e-6 && (sy - 50.0).abs() < 1e-6);
}

#[test]
fn viewport_pan_moves_content_with_the_drag() {
    let mut v = Viewport::from_lon_lat(118.1, 24.5, 12.0, 800.0, 600.0);
    let w = v.to_world(400.0, 300.0);
    v.pan_by(30.0, -10.0);
    let (sx, sy) = v.to_screen(w.0, w.1);
    assert!((sx - 430.0).abs() < 1e-6 && (sy - 290.0).abs() < 1e-6);
}

#[test]
fn scene_culls_features_outside_the_view() {
    let scene = demo_scene();
    // Centred on site a at zoom 14: site b (20 km east) is off-screen.
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    let list = scene.draw_list(&v);
    let markers: Vec<_> = list
        .cmds
        .iter()
        .filter(|c| matches!(c, DrawCmd::Marker { .. }))
        .collect();
    assert_eq!(markers.len(), 1);
    assert!(
        matches!(markers[0], DrawCmd::Marker { x, y, .. } if (*x - 200.0).abs() < 0.01 && (*y - 200.0).abs() < 0.01)
    );
    assert!(
        matches!(list.cmds[0], DrawCmd::Polygon { .. }),
        "zones drawn under sites"
    );
}

#[test]
fn scene_hidden_layer_is_not_drawn_or_picked() {
    let mut scene = demo_scene();
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    assert_eq!(scene.pick_site(&v, 203.0, 198.0, 10.0), Some((1, 0)));
    scene.layers[1].visible = false;
    assert_eq!(scene.pick_site(&v, 203.0, 198.0, 10.0), None);
    assert!(scene
        .draw_list(&v)
        .cmds
        .iter()
        .all(|c| !matches!(c, DrawCmd::Marker { .. })));
}

#[test]
fn scene_pick_respects_radius() {
    let scene = demo_scene();
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    assert_eq!(scene.pick_site(&v, 220.0, 200.0, 10.0), None);
    assert_eq!(scene.pick_site(&v, 220.0, 200.0, 22.0), Some((1, 0)));
}

#[test]
fn scene_drops_sub_pixel_polygons() {
    let tiny = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"T","role":"areas"},"features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Polygon",
        "coordinates":[[[118.1,24.5],[118.2,24.5],[118.2,24.6],[118.1,24.5]]]}}]}"#,
        "t.geojson",
    );
    let mut scene = Scene::default();
    scene.push_layer(&tiny, default_style(&tiny.meta, 0), None);
    let polygons = |zoom: f64| {
        let v = Viewport::from_lon_lat(118.15, 24.55, zoom, 400.0, 400.0);
        scene
            .draw_list(&v)
            .cmds
            .iter()
            .filter(|c| matches!(c, DrawCmd::Polygon { .. }))
            .count()
    };
    // 0.1° is about 11 km: 0.57 px at zoom 3 (19.6 km/px), 36 px at zoom 9.
    assert_eq!(polygons(3.0), 0);
    assert_eq!(polygons(9.0), 1);
}

#[test]
fn scene_size_classes_skip_tiny_footprints_but_keep_file_order() {
    // 400 footprints of about 1 m, a 10 km zone in the middle of the list, and a point.
    let mut features = Vec::new();
    for i in 0..400 {
        let (x, y) = (
            118.1 + (i % 20) as f64 * 1e-4,
            24.5 + (i / 20) as f64 * 1e-4,
        );
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"i":{i}}},"geometry":{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{y}]]]}}}}"#,
            x + 1e-5,
            x + 1e-5,
            y + 1e-5
        ));
        if i == 200 {
            features.push(r#"{"type":"Feature","properties":{"i":"big"},"geometry":{"type":"Polygon","coordinates":[[[118.05,24.45],[118.15,24.45],[118.15,24.55],[118.05,24.45]]]}}"#.to_string());
            features.push(r#"{"type":"Feature","properties":{"i":"pt"},"geometry":{"type":"Point","coordinates":[118.1,24.5]}}"#.to_string());
        }
    }
    let src = format!(
        r#"{{"type":"FeatureCollection","xiantu":{{"name":"F","role":"sources"}},"features":[{}]}}"#,
        features.join(",")
    );
    let l = layer(&src, "f.geojson");
    let mut scene = Scene::default();
    scene.push_layer(&l, default_style(&l.meta, 0), None);
    let kinds = |zoom: f64| {
        let v = Viewport::from_lon_lat(118.1, 24.5, zoom, 400.0, 400.0);
        scene
            .draw_list(&v)
            .cmds
            .iter()
            .map(|c| match c {
                DrawCmd::Polygon { rings, .. } => format!("P{}", rings[0].len()),
                DrawCmd::Marker { .. } => "M".to_string(),
                _ => "?".to_string(),
            })
            .collect::<Vec<_>>()
    };
    // Zoomed out (about 150 m a pixel): the big zone and the point only, in file order.
    assert_eq!(kinds(10.0), ["P4", "M"]);
    // Zoomed in to 0.15 m a pixel: footprints in view are drawn again, the zone (larger
    // than the view but intersecting it) still before the point.
    let close = kinds(20.0);
    assert!(close.len() > 3, "{close:?}");
    assert_eq!(close.iter().filter(|k| *k == "M").count(), 1, "{close:?}");
    // File order: footprint 0 first, the zone and the point after footprint 200.
    assert_eq!(close[0], "P4");
    assert_eq!(close.last().map(String::as_str), Some("M"));
}
