//! KML and KMZ as Google Earth and 奥维互动地图 write them.

use std::io::{Cursor, Write};

use geo::Geometry;
use geo_core::import::{read, Format, ImportError, ImportOptions};
use serde_json::Value;

const DOC: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>厦门应急资源</name>
  <Placemark>
    <name>筼筜街道避难场所</name>
    <description><![CDATA[容纳 <b>2000</b> 人]]></description>
    <ExtendedData>
      <Data name="类型"><value>应急避难场所</value></Data>
      <Data name="容量"><value>2000</value></Data>
    </ExtendedData>
    <Point><coordinates>118.0894,24.4798,0</coordinates></Point>
  </Placemark>
  <Placemark>
    <name>疏散路线 &amp; 备用</name>
    <LineString><coordinates>118.08,24.47 118.09,24.48
      118.10,24.49</coordinates></LineString>
  </Placemark>
  <Placemark>
    <name>仓储区</name>
    <ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="等级">高</SimpleData></SchemaData></ExtendedData>
    <MultiGeometry>
      <Polygon>
        <outerBoundaryIs><LinearRing><coordinates>118,24 118.1,24 118.1,24.1 118,24.1 118,24</coordinates></LinearRing></outerBoundaryIs>
        <innerBoundaryIs><LinearRing><coordinates>118.02,24.02 118.04,24.02 118.04,24.04 118.02,24.02</coordinates></LinearRing></innerBoundaryIs>
      </Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>118.2,24 118.3,24 118.3,24.1 118.2,24</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>
  <Placemark>
    <name>坏点</name>
    <Point><coordinates>118.1;24.5</coordinates></Point>
  </Placemark>
</Document>
</kml>"##;

#[test]
fn kml_placemarks_geometries_and_extended_data() {
    let imp = read("资源.kml", DOC.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.format, Format::Kml);
    assert_eq!(imp.layer.meta.name, "厦门应急资源");
    assert_eq!(imp.layer.features.len(), 3);
    let p = &imp.layer.features[0];
    assert_eq!(
        p.geometry,
        Geometry::Point(geo::Point::new(118.0894, 24.4798))
    );
    assert_eq!(p.properties["name"], Value::from("筼筜街道避难场所"));
    assert_eq!(
        p.properties["description"],
        Value::from("容纳 <b>2000</b> 人"),
        "CDATA kept as text"
    );
    assert_eq!(p.properties["类型"], Value::from("应急避难场所"));
    assert_eq!(p.properties["容量"], Value::from("2000"));
    assert_eq!(
        imp.layer.features[1].properties["name"],
        Value::from("疏散路线 & 备用")
    );
    assert!(matches!(&imp.layer.features[1].geometry, Geometry::LineString(l) if l.0.len() == 3));
    match &imp.layer.features[2].geometry {
        Geometry::MultiPolygon(mp) => {
            assert_eq!(mp.0.len(), 2);
            assert_eq!(mp.0[0].interiors().len(), 1);
        }
        g => panic!("{g:?}"),
    }
    assert_eq!(imp.layer.features[2].properties["等级"], Value::from("高"));
    assert_eq!(imp.warnings.len(), 1);
    let w = imp.warnings[0].to_string();
    assert!(w.starts_with("资源.kml: 第 4 个要素"), "{w}");
    assert!(w.contains("line 32") && w.contains("\"118.1;24.5\""), "{w}");
}

#[test]
fn kmz_reads_doc_kml() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("doc.kml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(DOC.as_bytes()).unwrap();
    zip.start_file("files/icon.png", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"\x89PNG").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let imp = read("资源.kmz", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imp.format, Format::Kmz);
    assert_eq!(imp.layer.features.len(), 3);
    // Detected by content too.
    assert_eq!(
        read("upload.bin", &bytes, &ImportOptions::default())
            .unwrap()
            .format,
        Format::Kmz
    );
}

#[test]
fn kml_broken_xml_names_the_line() {
    let err = read(
        "bad.kml",
        b"<kml>\n<Document>\n<Placemark></Document>\n</kml>",
        &ImportOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("bad.kml: KML 文件已损坏"), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
}

#[test]
fn kml_deep_nesting_is_refused() {
    let deep = format!(
        "<kml>{}{}</kml>",
        "<Folder>".repeat(1000),
        "</Folder>".repeat(1000)
    );
    let err = read("deep.kml", deep.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
}
