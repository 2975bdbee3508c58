//! Every writer's output reads back as the same layer.

use geo_core::crs::Crs;
use geo_core::export::{write_csv, write_geojson, write_kml};
use geo_core::import::{read, read_geojson, ImportOptions};
use geo_core::layer::Layer;
use serde_json::Value;

fn demo(name: &str) -> Layer {
    let path = format!("{}/../public/demo/{name}", env!("CARGO_MANIFEST_DIR"));
    read_geojson(name, &std::fs::read(path).unwrap())
        .unwrap()
        .layer
}

fn tricky() -> Layer {
    let src = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"A & <B> \"引号\"","n":3,"ok":true,"none":null},
       "geometry":{"type":"Polygon","coordinates":[[[118,24],[118.1,24],[118.1,24.1],[118,24.1],[118,24]],
                                                 [[118.02,24.02],[118.02,24.04],[118.04,24.04],[118.02,24.02]]]}},
      {"type":"Feature","properties":{"name":"线"},"geometry":{"type":"LineString","coordinates":[[118,24],[118.5,24.5]]}}]}"#;
    read_geojson("t.geojson", src.as_bytes()).unwrap().layer
}

#[test]
fn export_geojson_round_trip_wgs84_and_projected() {
    for layer in [demo("enterprises.geojson"), tricky()] {
        let text = write_geojson(&layer, &Crs::WGS84);
        let back = read_geojson("out.geojson", text.as_bytes()).unwrap().layer;
        assert_eq!(back.features, layer.features);
    }
    let layer = demo("districts.geojson");
    let gk = Crs::from_epsg(4527).unwrap();
    let text = write_geojson(&layer, &gk);
    assert!(text.contains("\"name\":\"EPSG:4527\""));
    let back = read("out.geojson", text.as_bytes(), &ImportOptions::default())
        .unwrap()
        .layer;
    for (a, b) in back.features.iter().zip(&layer.features) {
        let (ca, cb) = (
            geo::Centroid::centroid(&a.geometry).unwrap(),
            geo::Centroid::centroid(&b.geometry).unwrap(),
        );
        assert!((ca.x() - cb.x()).abs() < 1e-8 && (ca.y() - cb.y()).abs() < 1e-8);
    }
}

#[test]
fn export_csv_round_trip_keeps_columns_and_values() {
    let layer = demo("enterprises.geojson");
    let text = write_csv(&layer, &Crs::WGS84);
    assert!(
        text.starts_with("\u{feff}lon,lat,id,name,行业,从业人数,地址,区\r\n"),
        "{}",
        &text[..80]
    );
    let back = read("out.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", &back.warnings[..1]);
    assert_eq!(back.layer.features.len(), layer.features.len());
    for (a, b) in back.layer.features.iter().zip(&layer.features) {
        assert_eq!(a.geometry, b.geometry);
        assert_eq!(a.properties["name"], b.properties["name"]);
        assert_eq!(a.properties["从业人数"], b.properties["从业人数"]);
    }
}

#[test]
fn export_csv_projected_uses_x_y() {
    let layer = demo("enterprises.geojson");
    let gk = Crs::from_epsg(4527).unwrap();
    let text = write_csv(&layer, &gk);
    assert!(text.starts_with("\u{feff}x,y,"));
    let opts = ImportOptions {
        crs: Some(gk),
        ..Default::default()
    };
    let back = read("out.csv", text.as_bytes(), &opts).unwrap().layer;
    let (geo::Geometry::Point(a), geo::Geometry::Point(b)) =
        (&back.features[0].geometry, &layer.features[0].geometry)
    else {
        panic!()
    };
    assert!((a.x() - b.x()).abs() < 1e-8 && (a.y() - b.y()).abs() < 1e-8);
}

#[test]
fn export_kml_round_trip_escapes_text() {
    let layer = tricky();
    let text = write_kml(&layer);
    assert!(text.contains("A &amp; &lt;B&gt; &quot;引号&quot;"));
    let back = read("out.kml", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.layer.features.len(), 2);
    assert_eq!(back.layer.features[0].geometry, layer.features[0].geometry);
    assert_eq!(
        back.layer.features[0].properties["name"],
        Value::from("A & <B> \"引号\"")
    );
    assert_eq!(
        back.layer.features[0].properties["n"],
        Value::from("3"),
        "KML values are text"
    );
    assert_eq!(back.layer.features[1].geometry, layer.features[1].geometry);
}
