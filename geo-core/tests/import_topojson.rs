//! TopoJSON: quantised, delta-coded arcs shared by neighbours, every object read.

use geo::{Area, Geometry};
use geo_core::import::{read, Format, ImportOptions};
use serde_json::Value;

/// Two unit squares sharing an edge (arc 1), quantised with scale 0.1 from (118, 24), plus
/// a point object.
const TOPO: &str = r#"{
  "type": "Topology",
  "transform": {"scale": [0.1, 0.1], "translate": [118, 24]},
  "arcs": [
    [[10, 0], [-10, 0], [0, 10], [10, 0]],
    [[10, 10], [0, -10]],
    [[10, 0], [10, 0], [0, 10], [-10, 0]]
  ],
  "objects": {
    "zones": {"type": "GeometryCollection", "geometries": [
      {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "西区", "class": "高"}, "id": "w"},
      {"type": "Polygon", "arcs": [[2, -2]], "properties": {"name": "东区", "class": "中"}},
      {"type": "Polygon", "arcs": [[7]], "properties": {"name": "坏"}}
    ]},
    "sites": {"type": "MultiPoint", "coordinates": [[5, 5], [15, 5]], "properties": {"name": "两点"}}
  }
}"#;

#[test]
fn topojson_decodes_shared_arcs_and_all_objects() {
    let imp = read("区划.topojson", TOPO.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.format, Format::TopoJson);
    assert_eq!(imp.layer.features.len(), 3);
    let west = &imp.layer.features[0];
    assert_eq!(west.properties["name"], Value::from("西区"));
    assert_eq!(west.properties["id"], Value::from("w"));
    assert_eq!(west.properties["topojson_object"], Value::from("zones"));
    let east = &imp.layer.features[1];
    for f in [west, east] {
        assert!(
            (f.geometry.unsigned_area() - 1.0).abs() < 1e-9,
            "each square is 1 deg²: {:?}",
            f.geometry
        );
    }
    match &east.geometry {
        Geometry::Polygon(p) => {
            let xs: Vec<f64> = p.exterior().0.iter().map(|c| c.x).collect();
            assert!(
                xs.iter().all(|x| (118.99..=120.01).contains(x)),
                "east square spans 119–120: {xs:?}"
            );
        }
        g => panic!("{g:?}"),
    }
    assert!(
        matches!(&imp.layer.features[2].geometry, Geometry::MultiPoint(m) if m.0[1].x() == 119.5)
    );
    assert_eq!(imp.warnings.len(), 1);
    assert!(
        imp.warnings[0]
            .to_string()
            .contains("arc index 7 out of range"),
        "{}",
        imp.warnings[0]
    );
}
