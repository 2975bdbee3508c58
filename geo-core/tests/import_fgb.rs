//! FlatGeobuf written by the flatgeobuf crate's own writer, in WGS84 and in a projected CRS.

use flatgeobuf::{ColumnType, FgbCrs, FgbWriter, FgbWriterOptions, GeometryType};
use geo::Geometry;
use geo_core::crs::Crs;
use geo_core::import::{read, Format, ImportOptions};
use geozero::{ColumnValue, PropertyProcessor};
use serde_json::Value;

fn fgb(points: &[(f64, f64, &str, i32)], epsg: Option<i32>) -> Vec<u8> {
    let options = FgbWriterOptions {
        crs: FgbCrs {
            code: epsg.unwrap_or(0),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut w = FgbWriter::create_with_options("sites", GeometryType::Point, options).unwrap();
    w.add_column("name", ColumnType::String, |_, _| {});
    w.add_column("staff", ColumnType::Int, |_, _| {});
    for &(x, y, name, staff) in points {
        w.add_feature_geom(Geometry::Point(geo::Point::new(x, y)), |f| {
            f.property(0, "name", &ColumnValue::String(name)).unwrap();
            f.property(1, "staff", &ColumnValue::Int(staff)).unwrap();
        })
        .unwrap();
    }
    let mut out = Vec::new();
    w.write(&mut out).unwrap();
    out
}

#[test]
fn fgb_points_with_typed_properties() {
    let bytes = fgb(
        &[(118.1, 24.5, "甲厂", 120), (118.2, 24.6, "乙厂", 35)],
        Some(4326),
    );
    let imp = read("sites.fgb", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imp.format, Format::FlatGeobuf);
    assert_eq!(imp.layer.features.len(), 2);
    let names: Vec<&Value> = imp
        .layer
        .features
        .iter()
        .map(|f| &f.properties["name"])
        .collect();
    assert!(names.contains(&&Value::from("甲厂")) && names.contains(&&Value::from("乙厂")));
    let jia = imp
        .layer
        .features
        .iter()
        .find(|f| f.properties["name"] == "甲厂")
        .unwrap();
    assert_eq!(jia.properties["staff"], Value::from(120));
    assert_eq!(jia.geometry, Geometry::Point(geo::Point::new(118.1, 24.5)));
    // Detected by magic bytes, whatever the name.
    assert_eq!(
        read("upload", &bytes, &ImportOptions::default())
            .unwrap()
            .format,
        Format::FlatGeobuf
    );
}

#[test]
fn fgb_header_crs_is_honoured() {
    let gk = Crs::from_epsg(4548).unwrap();
    let (x, y) = gk.from_wgs84(118.0894, 24.4798);
    let imp = read(
        "gk.fgb",
        &fgb(&[(x, y, "站", 1)], Some(4548)),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.crs, gk);
    let Geometry::Point(p) = imp.layer.features[0].geometry else {
        panic!()
    };
    assert!((p.x() - 118.0894).abs() < 1e-8 && (p.y() - 24.4798).abs() < 1e-8);
}

#[test]
fn fgb_garbage_after_magic_is_an_error() {
    let mut bytes = b"fgb\x03fgb\x00".to_vec();
    bytes.extend_from_slice(&[0xff; 64]);
    let err = read("bad.fgb", &bytes, &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("bad.fgb: FlatGeobuf 文件已损坏"),
        "{err}"
    );
}

#[test]
fn fgb_lying_feature_size_is_refused_without_allocating() {
    // Regression for a fuzzer find: this 456-byte file declares a feature of ~3.4 GB, which
    // the flatgeobuf crate allocates before reading.
    let bytes = include_bytes!("fixtures/fgb_oom_regression.fgb");
    let err = read("lie.fgb", bytes, &ImportOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("lie.fgb: FlatGeobuf"), "{err}");
    assert!(
        err.to_string().contains("past the end of the file")
            || err.to_string().contains("implausible"),
        "{err}"
    );
}

#[test]
fn fgb_corrupt_property_buffer_is_a_warning_not_a_panic() {
    // Regression for a fuzzer find: the flatgeobuf crate slices property bytes unchecked.
    let bytes = include_bytes!("fixtures/fgb_crash_properties.fgb");
    match read("props.fgb", bytes, &ImportOptions::default()) {
        Ok(imp) => assert!(
            imp.warnings
                .iter()
                .any(|w| w.msg.contains("corrupt") || w.msg.contains("invalid")),
            "{:?}",
            imp.warnings
        ),
        Err(e) => assert!(e.to_string().starts_with("props.fgb: "), "{e}"),
    }
}

#[test]
fn fgb_corrupt_geometry_is_a_warning_not_a_panic() {
    // Regression for a fuzzer find: the crate's geometry reader indexes past `xy`.
    let bytes = include_bytes!("fixtures/fgb_crash_geometry.fgb");
    if let Err(e) = read("geom.fgb", bytes, &ImportOptions::default()) {
        assert!(e.to_string().starts_with("geom.fgb: "), "{e}");
    }
}
