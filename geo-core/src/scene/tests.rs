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
fn viewport_snaps_a_pan_to_whole_device_pixels() {
    let earlier = Viewport::from_lon_lat(118.1, 24.5, 11.3, 800.0, 600.0);
    let mut v = earlier;
    v.pan_by(12.3, -7.8);
    for dpr in [1.0, 2.0] {
        let (snapped, dx, dy) = v.snap_to_pixels(&earlier, dpr).unwrap();
        assert_eq!(
            (dx, dy),
            (
                (12.3f64 * dpr).round() as i64,
                (-7.8f64 * dpr).round() as i64
            )
        );
        // The snapped view is the earlier one moved by exactly (dx, dy) device pixels.
        let (ex, ey) = earlier.to_world(400.0, 300.0);
        let (mx, my) = snapped.to_screen(ex, ey);
        assert!((mx - 400.0 - dx as f64 / dpr).abs() < 1e-6, "{mx}");
        assert!((my - 300.0 - dy as f64 / dpr).abs() < 1e-6, "{my}");
        // Nudged by under half a device pixel.
        let (nx, ny) = v.to_screen(snapped.center.0, snapped.center.1);
        assert!((nx - 400.0).abs() * dpr <= 0.5 && (ny - 300.0).abs() * dpr <= 0.5);
    }
    let mut zoomed = earlier;
    zoomed.zoom_around(0.25, 10.0, 10.0);
    assert!(zoomed.snap_to_pixels(&earlier, 1.0).is_none());
    let wider = Viewport {
        width: 801.0,
        ..earlier
    };
    assert!(wider.snap_to_pixels(&earlier, 1.0).is_none());
    assert_eq!(
        earlier.snap_to_pixels(&earlier, 2.0).map(|s| (s.1, s.2)),
        Some((0, 0))
    );
}

#[test]
fn scene_culls_features_outside_the_view() {
    let scene = demo_scene();
    // Centred on site a at zoom 14: site b (20 km east) is off-screen.
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    let list = scene.draw_list(&v);
    assert_eq!(list.marker_count(), 1);
    let Some(DrawCmd::Markers { points, .. }) = list.cmds.last() else {
        panic!("{:?}", list.cmds);
    };
    assert!((points[0][0] - 200.0).abs() < 0.01 && (points[0][1] - 200.0).abs() < 0.01);
    assert!(
        matches!(list.cmds[0], DrawCmd::Polygons { .. }),
        "zones drawn under sites"
    );
}

#[test]
fn scene_draws_a_marker_centred_just_off_the_edge_whose_disc_reaches_in() {
    let scene = demo_scene();
    // Site a (118.1, 24.5) at zoom 14, 3 px left of a view's left edge: its radius-5
    // disc shows 2 px of itself; 10 px left of it, nothing does.
    let r = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0).resolution();
    let (x, y) = crate::crs::WebMercator.project(118.1, 24.5);
    let view = |px: f64| Viewport {
        center: (x + (200.0 + px) * r, y),
        zoom: 14.0,
        width: 400.0,
        height: 400.0,
    };
    let near = scene.draw_list(&view(3.0));
    let Some(DrawCmd::Markers { points, .. }) = near.cmds.last() else {
        panic!("{:?}", near.cmds);
    };
    assert!((points[0][0] + 3.0).abs() < 0.01, "{points:?}");
    assert_eq!(scene.draw_list(&view(10.0)).marker_count(), 0);
}

#[test]
fn scene_hidden_layer_is_not_drawn_or_picked() {
    let mut scene = demo_scene();
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    assert_eq!(scene.pick_site(&v, 203.0, 198.0, 10.0), Some((1, 0)));
    assert_eq!(scene.pick(&v, 203.0, 198.0, 10.0), Some((1, 0)));
    scene.layers[1].visible = false;
    assert_eq!(scene.pick_site(&v, 203.0, 198.0, 10.0), None);
    assert_eq!(scene.draw_list(&v).marker_count(), 0);
    // With the sites hidden, the tap falls through to the zone under them.
    assert_eq!(scene.pick(&v, 203.0, 198.0, 10.0).map(|p| p.0), Some(0));
}

#[test]
fn scene_pick_respects_radius() {
    let scene = demo_scene();
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    assert_eq!(scene.pick_site(&v, 220.0, 200.0, 10.0), None);
    assert_eq!(scene.pick_site(&v, 220.0, 200.0, 22.0), Some((1, 0)));
    assert_eq!(scene.pick(&v, 220.0, 200.0, 22.0), Some((1, 0)));
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
        scene.draw_list(&v).subpath_count()
    };
    // 0.1° is about 11 km: 0.57 px at zoom 3 (19.6 km/px), 36 px at zoom 9.
    assert_eq!(polygons(3.0), 0);
    assert_eq!(polygons(9.0), 1);
}

/// Each command as text: `P` and the vertex count of each ring for polygons, `M` and the
/// marker count for markers.
fn kinds(list: &DrawList) -> Vec<String> {
    list.cmds
        .iter()
        .map(|c| match c {
            DrawCmd::Polygons { path, .. } => format!(
                "P{}",
                path.subpaths()
                    .map(|r| r.len().to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            DrawCmd::Markers { points, .. } => format!("M{}", points.len()),
            _ => "?".to_string(),
        })
        .collect()
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
    let at = |zoom: f64| scene.draw_list(&Viewport::from_lon_lat(118.1, 24.5, zoom, 400.0, 400.0));
    // Zoomed out (about 150 m a pixel): the big zone and the point only, then the marker.
    assert_eq!(kinds(&at(10.0)), ["P4", "M1"]);
    assert_eq!(at(10.0).features, 2);
    // Zoomed in to 0.15 m a pixel: footprints in view are drawn again, batched with the
    // zone (one style) in file order: footprints up to 200, the zone, the rest.
    let close = at(20.0);
    let (polygons, rest) = close.cmds.split_at(close.cmds.len() - 1);
    let [DrawCmd::Markers { points, .. }] = rest else {
        panic!("{:?}", kinds(&close));
    };
    assert_eq!(points.len(), 1);
    let rings: Vec<usize> = polygons
        .iter()
        .flat_map(|c| match c {
            DrawCmd::Polygons { path, .. } => path.subpaths().map(|r| r.len()).collect::<Vec<_>>(),
            _ => panic!("{:?}", kinds(&close)),
        })
        .collect();
    assert!(rings.len() > 3, "{rings:?}");
    assert_eq!(close.features, rings.len() + 1);
    // Joined in slices, the first without a point: the point's mark lines up all the same.
    let mut sliced = Scene::default();
    sliced.insert_layer(0, &l, default_style(&l.meta, 0));
    sliced.extend_layer(0, &l, 0..100, None);
    sliced.extend_layer(0, &l, 100..l.features.len(), None);
    // Zoomed in on footprint 102 too: a mark out of line by the first slice's 100 would
    // put the point (feature 202) there.
    for (lon, lat, zoom) in [
        (118.1, 24.5, 10.0),
        (118.1, 24.5, 20.0),
        (118.1002, 24.5005, 20.0),
    ] {
        let v = Viewport::from_lon_lat(lon, lat, zoom, 400.0, 400.0);
        let shapes = sliced.shapes_within(&v, &[[0.0, 0.0, 400.0, 400.0]]);
        assert_eq!(
            shapes.cmds,
            scene.draw_list(&v).cmds,
            "{lon}, {lat}, zoom {zoom}"
        );
    }
}

/// A ring of `n` vertices around (lon, lat), radius about `r` degrees, every other vertex
/// 0.2 % in (about 10 m for 0.05°).
fn star_polygon(lon: f64, lat: f64, r: f64, n: usize) -> String {
    let mut pts: Vec<String> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            let k = if i % 2 == 0 { 1.0 } else { 0.998 };
            format!("[{},{}]", lon + r * k * a.cos(), lat + r * k * a.sin())
        })
        .collect();
    pts.push(pts[0].clone());
    pts.join(",")
}

#[test]
fn scene_long_rings_are_simplified_when_zoomed_out_and_whole_when_zoomed_in() {
    let ring = star_polygon(118.1, 24.5, 0.05, 2000);
    let l = layer(
        &format!(
            r#"{{"type":"FeatureCollection","xiantu":{{"name":"Z","role":"areas"}},"features":[
            {{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[{ring}]]}}}}]}}"#
        ),
        "z.geojson",
    );
    let mut scene = Scene::default();
    scene.push_layer(&l, default_style(&l.meta, 0), None);
    let vertices = |zoom: f64| {
        let list = scene.draw_list(&Viewport::from_lon_lat(118.1, 24.5, zoom, 800.0, 800.0));
        list.cmds
            .iter()
            .map(|c| match c {
                DrawCmd::Polygons { path, .. } => path.points.len(),
                _ => 0,
            })
            .sum::<usize>()
    };
    // About 10 km across: at zoom 8 (600 m a pixel) a handful of vertices, at zoom 14
    // (10 m a pixel; 1,000 px across, so partly off screen) many more.
    let far = vertices(8.0);
    let near = vertices(14.0);
    assert!((4..60).contains(&far), "{far}");
    assert!(near > 1000, "{near}");
}

#[test]
fn scene_holes_are_wound_against_their_exterior_for_non_zero_filling() {
    // The exterior given clockwise and the hole counter-clockwise: the scene flips both.
    let l = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"H","role":"areas"},"features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
        [[118.0,24.4],[118.0,24.6],[118.2,24.6],[118.2,24.4],[118.0,24.4]],
        [[118.05,24.45],[118.15,24.45],[118.15,24.55],[118.05,24.55],[118.05,24.45]]]}}]}"#,
        "h.geojson",
    );
    let mut scene = Scene::default();
    scene.push_layer(&l, default_style(&l.meta, 0), None);
    let list = scene.draw_list(&Viewport::from_lon_lat(118.1, 24.5, 10.0, 800.0, 800.0));
    let DrawCmd::Polygons { path, .. } = &list.cmds[0] else {
        panic!()
    };
    let area = |r: &[[f32; 2]]| -> f64 {
        r.windows(2)
            .map(|w| w[0][0] as f64 * w[1][1] as f64 - w[1][0] as f64 * w[0][1] as f64)
            .sum()
    };
    let rings: Vec<f64> = path.subpaths().map(area).collect();
    assert_eq!(rings.len(), 2);
    assert!(rings[0] * rings[1] < 0.0, "opposite windings: {rings:?}");
    // A tap in the hole picks nothing; on the ring, the zone.
    let v = Viewport::from_lon_lat(118.1, 24.5, 10.0, 800.0, 800.0);
    assert_eq!(scene.pick(&v, 400.0, 400.0, 22.0), None);
    let (sx, sy) = {
        let (x, y) = crate::crs::WebMercator.project(118.02, 24.5);
        v.to_screen(x, y)
    };
    assert_eq!(scene.pick(&v, sx, sy, 22.0), Some((0, 0)));
}

#[test]
fn scene_markers_go_out_one_command_per_colour_rarest_on_top() {
    let pts: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[{},24.5]}}}}"#,
                118.0 + i as f64 * 0.001
            )
        })
        .collect();
    let l = layer(
        &format!(
            r#"{{"type":"FeatureCollection","xiantu":{{"name":"S","role":"sites"}},"features":[{}]}}"#,
            pts.join(",")
        ),
        "s.geojson",
    );
    let red = Rgba(230, 48, 49, 255);
    let blue = Rgba(0, 100, 200, 255);
    let fills: Vec<Rgba> = (0..30)
        .map(|i| if i % 10 == 3 { red } else { blue })
        .collect();
    let mut scene = Scene::default();
    scene.push_layer(&l, default_style(&l.meta, 0), Some(&fills));
    let list = scene.draw_list(&Viewport::from_lon_lat(118.015, 24.5, 14.0, 800.0, 400.0));
    assert_eq!(kinds(&list), ["M27", "M3"]);
    assert!(matches!(list.cmds[1], DrawCmd::Markers { fill, .. } if fill == red));
}

#[test]
fn scene_highlight_outlines_the_picked_feature() {
    let scene = demo_scene();
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 400.0, 400.0);
    let cyan = Rgba(0, 188, 212, 255);
    let site = scene.highlight(&v, 1, 0, cyan);
    assert!(
        matches!(&site[..], [DrawCmd::Markers { points, stroke: Some(c), .. }] if points.len() == 1 && *c == cyan)
    );
    let zone = scene.highlight(&v, 0, 0, cyan);
    assert!(
        matches!(&zone[..], [DrawCmd::Lines { path, width, .. }] if !path.is_empty() && *width == 3.0)
    );
    assert!(scene.highlight(&v, 9, 0, cyan).is_empty());
}

#[test]
fn scene_gcj02_moves_features_onto_gcj02_imagery() {
    let sites = layer(
        r#"{"type":"FeatureCollection","xiantu":{"name":"S","role":"sites"},"features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[118.1,24.5]}}]}"#,
        "s.geojson",
    );
    let v = Viewport::from_lon_lat(118.1, 24.5, 15.0, 400.0, 400.0);
    let at = |gcj02: bool| {
        let mut scene = Scene::with_gcj02(gcj02);
        scene.push_layer(&sites, default_style(&sites.meta, 0), None);
        match &scene.draw_list(&v).cmds[..] {
            [DrawCmd::Markers { points, .. }] => points[0],
            other => panic!("{other:?}"),
        }
    };
    let (plain, shifted) = (at(false), at(true));
    assert!((plain[0] - 200.0).abs() < 0.01);
    // GCJ-02 near Xiamen is a few hundred metres off: tens of pixels at z15.
    let (dx, dy) = (shifted[0] - plain[0], shifted[1] - plain[1]);
    let (lon, lat) = crate::crs::wgs84_to_gcj02(118.1, 24.5);
    let (ex, ey) = crate::crs::WebMercator.project(lon, lat);
    let (px, py) = v.to_screen(ex, ey);
    assert!((shifted[0] as f64 - px).abs() < 0.01 && (shifted[1] as f64 - py).abs() < 0.01);
    assert!(dx > 50.0 && dy > 20.0, "{dx} {dy}");
}

#[test]
fn scene_pins_go_over_every_layer_open_major_on_top_and_follow_gcj02() {
    use crate::inspection::pin::{CLOSED, GENERAL_OPEN, MAJOR_OPEN};
    let mut scene = demo_scene();
    scene.set_pins([
        (118.1, 24.5, MAJOR_OPEN),
        (118.1, 24.5, CLOSED),
        (118.11, 24.5, GENERAL_OPEN),
        (179.0, 0.0, MAJOR_OPEN), // off-screen
        (f64::NAN, 24.5, CLOSED),
    ]);
    let v = Viewport::from_lon_lat(118.1, 24.5, 14.0, 800.0, 600.0);
    let list = scene.draw_list(&v);
    let pins: Vec<(Rgba, usize, [f32; 2])> = list
        .cmds
        .iter()
        .filter_map(|c| match c {
            DrawCmd::Markers {
                points,
                fill,
                radius,
                ..
            } if *radius == PIN_RADIUS => Some((*fill, points.len(), points[0])),
            _ => None,
        })
        .collect();
    assert_eq!(
        pins.iter().map(|p| (p.0, p.1)).collect::<Vec<_>>(),
        vec![(CLOSED, 1), (GENERAL_OPEN, 1), (MAJOR_OPEN, 1)]
    );
    assert!(matches!(list.cmds.last(), Some(DrawCmd::Markers { fill, .. }) if *fill == MAJOR_OPEN));
    assert_eq!(
        pins[2].2,
        [408.0, 292.0],
        "up and right of its point, as a badge"
    );
    assert_eq!(scene.pins().len(), 4, "the non-finite pin is dropped");
    // The same pin on a GCJ-02 scene moves by the GCJ-02 offset (a few hundred metres).
    let mut shifted = Scene::with_gcj02(true);
    shifted.set_pins(scene.pins());
    let moved = shifted.draw_list(&v);
    let p = moved
        .cmds
        .iter()
        .find_map(|c| match c {
            DrawCmd::Markers { points, fill, .. } if *fill == MAJOR_OPEN => Some(points[0]),
            _ => None,
        })
        .unwrap();
    let d = ((p[0] - 408.0).powi(2) + (p[1] - 292.0).powi(2)).sqrt() * v.resolution() as f32;
    assert!(d > 200.0 && d < 1000.0, "{d} m");
}

#[test]
fn scene_lon_lat_at_is_where_a_pin_there_is_drawn() {
    let v = Viewport::from_lon_lat(118.1, 24.5, 16.0, 800.0, 600.0);
    for gcj02 in [false, true] {
        let mut scene = Scene::with_gcj02(gcj02);
        let (lon, lat) = scene.lon_lat_at(&v, 250.0, 420.0);
        scene.set_pins([(lon, lat, Rgba(255, 0, 0, 255))]);
        let (x, y) = display_mercator(lon, lat, gcj02);
        let (sx, sy) = v.to_screen(x, y);
        assert!(
            (sx - 250.0).abs() < 1e-3 && (sy - 420.0).abs() < 1e-3,
            "gcj02 {gcj02}: ({sx}, {sy})"
        );
        assert_eq!(scene.pins()[0].0, lon);
    }
    // The GCJ-02 scene's point is shifted back to WGS84 (hundreds of metres in Xiamen).
    let plain = Scene::default().lon_lat_at(&v, 400.0, 300.0);
    let shifted = Scene::with_gcj02(true).lon_lat_at(&v, 400.0, 300.0);
    assert!((plain.0 - 118.1).abs() < 1e-9 && (plain.1 - 24.5).abs() < 1e-9);
    assert!((shifted.0 - plain.0).abs() > 1e-3, "{shifted:?}");
}

/// Zones in three colours in runs (so commands batch several overlapping ones) under
/// 4,000 sites in three colours.
fn busy_map() -> Scene {
    use crate::overlay::synthetic;
    let sites = synthetic::sites(4_000, 7);
    let zones = synthetic::detailed_zones(80, 4_000, 3);
    let mut scene = Scene::default();
    scene.push_layer(&zones, default_style(&zones.meta, 0), None);
    let hues = [
        Rgba(200, 60, 40, 110),
        Rgba(40, 90, 200, 110),
        Rgba(30, 160, 80, 110),
    ];
    let zone_fills: Vec<Rgba> = (0..80).map(|i| hues[(i / 3) % 3]).collect();
    scene.set_fills(0, &zone_fills);
    let colours = [
        Rgba(0x1f, 0x78, 0xb4, 255),
        Rgba(0xe6, 0x30, 0x31, 255),
        Rgba(0xff, 0xd7, 0, 255),
    ];
    let fills: Vec<Rgba> = (0..4_000)
        .map(|i| colours[[0, 0, 0, 2, 2, 1][i % 6]])
        .collect();
    scene.push_layer(&sites, default_style(&sites.meta, 0), Some(&fills));
    scene
}

#[test]
fn scene_strips_of_a_pan_rasterise_to_the_whole_view() {
    use crate::scene::FrameRaster;
    let scene = busy_map();
    let bg = Some(Rgba(0xdf, 0xe9, 0xef, 255));
    for dpr in [1.0, 2.0] {
        let start = Viewport::from_lon_lat(118.3, 25.0, 10.5, 360.0, 240.0);
        let (w, h) = ((360.0 * dpr) as usize, (240.0 * dpr) as usize);
        let mut moved = FrameRaster::default();
        moved.begin(w, h, bg);
        moved.draw(&scene.draw_list(&start).cmds, dpr as f32);
        moved.finish();
        let mut last = start;
        for (px, py) in [(37.0, 0.0), (-12.5, 21.25), (0.0, -40.0), (55.0, 30.0)] {
            let mut v = last;
            v.pan_by(px, py);
            let (v, dx, dy) = v.snap_to_pixels(&last, dpr).unwrap();
            assert!(moved.begin_shifted(w, h, dx, dy, bg));
            let strips: Vec<[f64; 4]> = moved
                .clips()
                .iter()
                .map(|c| c.map(|k| k as f64 / dpr))
                .collect();
            let part = scene.draw_list_within(&v, &strips);
            let all = scene.draw_list(&v);
            assert!(
                part.marker_count() < all.marker_count() / 2,
                "culled to the strips"
            );
            assert_eq!(part.labels, all.labels);
            moved.draw(&part.cmds, dpr as f32);
            moved.finish();
            let whole = frame_raster::whole_frame((w, h), bg, &all.cmds, dpr as f32);
            let worst = frame_raster::worst_difference(&moved, &whole);
            assert!(
                worst <= 2,
                "dpr {dpr}, pan ({px}, {py}): a channel differs by {worst}"
            );
            last = v;
        }
    }
}

#[test]
fn scene_two_bands_listed_apart_rasterise_to_the_whole_view() {
    use crate::scene::{wire, FrameRaster};
    let scene = busy_map();
    let bg = Some(Rgba(0xdf, 0xe9, 0xef, 255));
    for dpr in [1.0, 2.0] {
        let v = Viewport::from_lon_lat(118.3, 25.0, 10.5, 360.0, 240.0);
        let (w, h) = ((360.0 * dpr) as usize, (240.0 * dpr) as usize);
        let all = scene.draw_list(&v);
        let split = h * 3 / 8 / 4 * 4;
        let cut = split as f64 / dpr;
        // The page's band, with the view's labels; the worker's, shapes only, as bytes.
        let mine = scene.draw_list_within(&v, &[[0.0, 0.0, 360.0, cut]]);
        let theirs = scene.shapes_within(&v, &[[0.0, cut, 360.0, 240.0]]);
        assert_eq!(mine.labels, all.labels);
        assert!(theirs.labels.is_empty());
        assert!(
            mine.marker_count() < all.marker_count() * 2 / 3,
            "culled to the band"
        );
        let mut page = FrameRaster::default();
        page.begin_band(w, h, 0..split, bg);
        page.draw(&mine.cmds, dpr as f32);
        page.finish();
        let bytes = wire::encode_band(&theirs.cmds, cut as f32, 240.0);
        let mut worker = FrameRaster::default();
        worker.begin_band(w, h, split..h, bg);
        worker.draw(&wire::decode(&bytes).unwrap(), dpr as f32);
        assert!(page.put_band(split, worker.band_pixels(split..h)));
        let whole = frame_raster::whole_frame((w, h), bg, &all.cmds, dpr as f32);
        let worst = frame_raster::worst_difference(&page, &whole);
        assert!(worst <= 2, "dpr {dpr}: a channel differs by {worst}");
    }
}

#[test]
fn scene_batches_are_runs_of_one_colour_and_a_recoloured_slice_rebatches_as_new() {
    use crate::overlay::synthetic;
    let zones = synthetic::detailed_zones(200, 1_200, 5);
    let (a, b) = (Rgba(200, 60, 40, 110), Rgba(40, 90, 200, 110));
    let first: Vec<Rgba> = (0..200)
        .map(|i| if (i / 7) % 2 == 0 { a } else { b })
        .collect();
    let mut scene = Scene::default();
    scene.push_layer(&zones, default_style(&zones.meta, 0), Some(&first));
    let batches = |s: &Scene| {
        s.layers[0]
            .features
            .iter()
            .map(|f| f.batch)
            .collect::<Vec<_>>()
    };
    let got = batches(&scene);
    // Runs of 7 features of one colour: each its own batch, named by its first feature,
    // and cut at every 16th feature.
    assert_eq!(
        &got[..18],
        &[0, 0, 0, 0, 0, 0, 0, 7, 7, 7, 7, 7, 7, 7, 14, 14, 16, 16]
    );
    // One colour throughout: batches of 16.
    let mut one = Scene::default();
    one.push_layer(&zones, default_style(&zones.meta, 0), Some(&[a; 200]));
    assert_eq!(batches(&one)[15..18], [0, 16, 16]);
    // Recolouring slices (as a restyle does) gives the batches of the new colours from scratch.
    let next: Vec<Rgba> = (0..200).map(|i| if i % 5 == 0 { b } else { a }).collect();
    for start in (0..200).step_by(30) {
        let end = (start + 30).min(200);
        scene.set_fills_from(0, start, &next[start..end]);
    }
    let mut fresh = Scene::default();
    fresh.push_layer(&zones, default_style(&zones.meta, 0), Some(&next));
    assert_eq!(batches(&scene), batches(&fresh));
}

#[test]
fn scene_markers_read_from_marks_are_those_read_from_features_and_follow_recolouring() {
    use crate::overlay::synthetic;
    let sites = synthetic::sites(20_000, 9);
    let colours = [Rgba(230, 48, 49, 255), Rgba(0, 176, 240, 255)];
    let fills: Vec<Rgba> = (0..20_000).map(|i| colours[(i / 7) % 2]).collect();
    let mut scene = Scene::default();
    scene.push_layer(&sites, default_style(&sites.meta, 0), Some(&fills));
    let Geometry::Point(p) = sites.features[0].geometry else {
        panic!("a site is a point")
    };
    // Zoomed in far enough for site names: the whole list reads each feature (for its
    // label); the shapes alone read the marks.
    let v = Viewport::from_lon_lat(p.x(), p.y(), 16.0, 6000.0, 6000.0);
    let markers = |l: &DrawList| {
        l.cmds
            .iter()
            .filter_map(|c| match c {
                DrawCmd::Markers { points, fill, .. } => Some((*fill, points.clone())),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let check = |scene: &Scene| {
        assert!(v.resolution() <= SITE_LABEL_RES, "site names are wanted");
        let from_features = scene.draw_list(&v);
        let from_marks = scene.shapes_within(&v, &[[0.0, 0.0, 6000.0, 6000.0]]);
        assert_eq!(markers(&from_marks), markers(&from_features));
        assert_eq!(from_marks.features, from_features.features);
        markers(&from_marks)
    };
    let before = check(&scene);
    let count = |m: &[(Rgba, Vec<[f32; 2]>)], c: Rgba| {
        m.iter()
            .filter(|(f, _)| *f == c)
            .map(|(_, p)| p.len())
            .sum::<usize>()
    };
    assert!(before.iter().map(|(_, p)| p.len()).sum::<usize>() > 50);
    // Every site blue: the marks follow.
    scene.set_fills(0, &[colours[1]; 20_000]);
    let after = check(&scene);
    assert_eq!(count(&after, colours[0]), 0);
    assert_eq!(
        count(&after, colours[1]),
        count(&before, colours[0]) + count(&before, colours[1])
    );
}
