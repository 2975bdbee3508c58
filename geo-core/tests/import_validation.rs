//! What every reader's output goes through: rings closed and oriented, bad geometries
//! dropped or reported per feature, hostile nesting refused with a message.

use geo::{Geometry, Winding};
use geo_core::import::{read, ImportError, ImportOptions};

fn fc(features: &str) -> String {
    format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#)
}

#[test]
fn validation_closes_and_orients_rings() {
    // Exterior clockwise and not closed; hole counter-clockwise.
    let src = fc(
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
        [[0,0],[0,10],[10,10],[10,0]],
        [[2,2],[4,2],[4,4],[2,4],[2,2]]]}}"#,
    );
    let imp = read("rings.geojson", src.as_bytes(), &ImportOptions::default()).unwrap();
    let Geometry::Polygon(p) = &imp.layer.features[0].geometry else {
        panic!()
    };
    assert!(p.exterior().is_closed(), "unclosed ring closed");
    assert!(p.exterior().is_ccw(), "exterior counter-clockwise");
    assert!(p.interiors()[0].is_cw(), "hole clockwise");
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
}

#[test]
fn validation_reports_self_intersection_by_feature() {
    let bowtie = r#"{"type":"Feature","properties":{"n":"bowtie"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}}"#;
    let ok =
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
    let imp = read(
        "bad.geojson",
        fc(&format!("{ok},{bowtie}")).as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.layer.features.len(), 2, "reported, not dropped");
    assert_eq!(imp.warnings.len(), 1);
    let w = imp.warnings[0].to_string();
    assert!(w.starts_with("bad.geojson: 第 2 个要素 / feature 1"), "{w}");
    assert!(w.contains("self-intersection"), "{w}");
}

#[test]
fn validation_drops_empty_geometries_with_a_warning() {
    let empty =
        r#"{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[]}}"#;
    let ok =
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}"#;
    let imp = read(
        "e.geojson",
        fc(&format!("{empty},{ok}")).as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.layer.features.len(), 1);
    assert!(
        imp.warnings[0].to_string().contains("empty geometry"),
        "{:?}",
        imp.warnings
    );
}

#[test]
fn validation_deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = read("deep.geojson", deep.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::NotGeoJson { .. }), "{err}");
    for (member, close) in [("\"x\":", "}"), ("\"features\":[", "]}")] {
        let deep = format!(
            "{{\"type\":\"FeatureCollection\",{member}{}{}{close}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let err = read("deep.geojson", deep.as_bytes(), &ImportOptions::default()).unwrap_err();
        // In "features" the one feature fails on its own, so the error is "no usable
        // features" quoting that feature's reason.
        assert!(
            matches!(
                err,
                ImportError::Syntax { .. } | ImportError::NoUsableFeatures { .. }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("recursion limit"), "{err}");
    }
    let nested_gc = format!(
        r#"{{"type":"Feature","properties":{{}},"geometry":{}{}}}"#,
        r#"{"type":"GeometryCollection","geometries":["#.repeat(200),
        "]}".repeat(200)
    );
    assert!(read(
        "gc.geojson",
        nested_gc.as_bytes(),
        &ImportOptions::default()
    )
    .is_err());
}

#[test]
fn validation_repairs_a_bowtie_when_asked() {
    let bowtie = fc(
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,10],[10,0],[0,10],[0,0]]]}}"#,
    );
    let opts = ImportOptions {
        repair: true,
        ..Default::default()
    };
    let imp = read("bowtie.geojson", bowtie.as_bytes(), &opts).unwrap();
    let g = &imp.layer.features[0].geometry;
    assert!(geo::Validation::is_valid(g), "{g:?}");
    assert!(
        matches!(g, Geometry::MultiPolygon(m) if m.0.len() == 2),
        "two triangles: {g:?}"
    );
    assert!(
        (geo::Area::unsigned_area(g) - 50.0).abs() < 1e-9,
        "both lobes kept: {g:?}"
    );
    assert!(
        imp.warnings[0]
            .to_string()
            .contains("invalid polygon repaired"),
        "{:?}",
        imp.warnings
    );
    // Without the option the polygon is only reported.
    let plain = read(
        "bowtie.geojson",
        bowtie.as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(!geo::Validation::is_valid(
        &plain.layer.features[0].geometry
    ));
}
