//! Writes the fuzzers' seed corpus into `fuzz/corpus/<target>/`: one or two small valid
//! files per format, so fuzzing starts from inputs that reach deep into each reader.
//! Deterministic; the output is committed. Run: `cargo run -p geo-core --example fuzz_seeds`.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use encoding_rs::GB18030;
use shapefile::dbase::{self, encoding::EncodingRs, FieldName, FieldValue, TableWriterBuilder};
use zip::write::SimpleFileOptions;

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn shapefile_zip() -> Vec<u8> {
    let ring = [
        (39_600_000.0, 2_708_000.0),
        (39_600_000.0, 2_709_000.0),
        (39_601_000.0, 2_709_000.0),
        (39_601_000.0, 2_708_000.0),
        (39_600_000.0, 2_708_000.0),
    ]
    .map(|(x, y)| shapefile::Point::new(x, y))
    .to_vec();
    let polygon = shapefile::Polygon::new(shapefile::PolygonRing::Outer(ring));
    let (mut shp, mut shx, mut dbf) = (
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
    );
    {
        let table = TableWriterBuilder::with_encoding(EncodingRs::from(encoding_rs::GB18030))
            .add_character_field(FieldName::try_from("NAME").unwrap(), 20)
            .add_numeric_field(FieldName::try_from("LEVEL").unwrap(), 4, 0);
        let mut w = shapefile::Writer::new(
            shapefile::ShapeWriter::with_shx(&mut shp, &mut shx),
            table.build_with_dest(&mut dbf),
        );
        let mut rec = dbase::Record::default();
        rec.insert(
            "NAME".into(),
            FieldValue::Character(Some("高风险区".into())),
        );
        rec.insert("LEVEL".into(), FieldValue::Numeric(Some(3.0)));
        w.write_shape_and_record(&polygon, &rec).unwrap();
    }
    let prj = br#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],UNIT["Meter",1.0]]"#;
    zip_of(&[
        ("z.shp", shp.get_ref()),
        ("z.shx", shx.get_ref()),
        ("z.dbf", dbf.get_ref()),
        ("z.prj", prj),
        ("z.cpg", b"GBK"),
    ])
}

fn fgb() -> Vec<u8> {
    use flatgeobuf::{ColumnType, FgbWriter, GeometryType};
    use geozero::{ColumnValue, PropertyProcessor};
    let mut w = FgbWriter::create("s", GeometryType::Unknown).unwrap();
    w.add_column("name", ColumnType::String, |_, _| {});
    for (x, y) in [(118.1, 24.5), (118.2, 24.6)] {
        w.add_feature_geom(geo::Geometry::Point(geo::Point::new(x, y)), |f| {
            f.property(0, "name", &ColumnValue::String("点")).unwrap();
        })
        .unwrap();
    }
    let mut out = Vec::new();
    w.write(&mut out).unwrap();
    out
}

/// A small project file: one 重大 record with a photo and signature, one inspection, one
/// user template.
fn project_file() -> Vec<u8> {
    use geo_core::inspection::{
        builtin_templates, write_project_file, Answer, DangerLevel, Inspection, InspectionHeader,
        PhotoRef, ProjectContents,
    };
    let mut template = builtin_templates().swap_remove(0);
    template.id = "my-fire".into();
    template.items.truncate(2);
    let mut inspection = Inspection::new(
        InspectionHeader {
            id: "PC-20261129-a1".into(),
            site_id: "E0001".into(),
            site_name: "甲".into(),
            date: "2026-11-29".into(),
            inspectors: vec!["张工".into()],
            ..Default::default()
        },
        &[&template],
        "张工",
        1,
    );
    inspection
        .answer(
            "my-fire",
            "fire-01",
            Some(Answer::NonConforming),
            "安全出口上锁",
            "张工",
            2,
        )
        .unwrap();
    let mut danger = inspection
        .danger_from_item("my-fire", "fire-01", "YH-20261129-0001", "张工", 3)
        .unwrap();
    danger.level = DangerLevel::major();
    danger.deadline = "2026-12-15".into();
    let photo = |id: &str, mime: &str| PhotoRef {
        id: id.into(),
        mime: mime.into(),
        width: 2,
        height: 2,
    };
    danger.photos = vec![photo("p1", "image/jpeg")];
    danger.signatures.inspector = Some(photo("s1", "image/png"));
    let contents = ProjectContents {
        dangers: vec![danger],
        inspections: vec![inspection],
        templates: vec![template],
        photos: [
            ("p1".to_string(), vec![0xFF, 0xD8]),
            ("s1".to_string(), b"PNG".to_vec()),
        ]
        .into_iter()
        .collect(),
    };
    write_project_file(&contents, "2026-11-29T10:00:00+08:00").unwrap()
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let kml = r#"<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>d</name>
<Placemark><name>点 &amp; 名</name><ExtendedData><Data name="k"><value>v</value></Data></ExtendedData><Point><coordinates>118.1,24.5,0</coordinates></Point></Placemark>
<Placemark><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>118,24 118.1,24 118.1,24.1 118,24</coordinates></LinearRing></outerBoundaryIs></Polygon><LineString><coordinates>118,24 119,25</coordinates></LineString></MultiGeometry></Placemark>
</Document></kml>"#;
    let mut xlsx = rust_xlsxwriter::Workbook::new();
    let sheet = xlsx.add_worksheet();
    for (c, h) in ["名称", "经度", "纬度"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "甲").unwrap();
    sheet.write_number(1, 1, 118.1).unwrap();
    sheet.write_string(1, 2, "24°30'N").unwrap();
    let seeds: Vec<(&str, &str, Vec<u8>)> = vec![
        ("geojson", "fc", br#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0.2,0.2],[0.4,0.2],[0.4,0.4],[0.2,0.2]]]}},{"type":"Feature","properties":null,"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"MultiLineString","coordinates":[[[0,0],[1,1]]]}]}}]}"#.to_vec()),
        ("geojson", "districts", std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/demo/districts.geojson")).unwrap()),
        ("csv", "gbk", GB18030.encode("名称,东经,北纬,人数\r\n甲,118°05'30\"E,24.47,0012\r\n乙,x,24.5,3\r\n").0.into_owned()),
        ("csv", "utf8", "\u{feff}name;lng;lat\nA;118.1;24.5\n".as_bytes().to_vec()),
        ("xlsx", "sheet", xlsx.save_to_buffer().unwrap()),
        ("kml", "doc", kml.as_bytes().to_vec()),
        ("kmz", "doc", zip_of(&[("doc.kml", kml.as_bytes())])),
        ("shapefile", "gk", shapefile_zip()),
        ("topojson", "topo", r#"{"type":"Topology","transform":{"scale":[0.1,0.1],"translate":[118,24]},"arcs":[[[10,0],[-10,0],[0,10],[10,0]],[[10,10],[0,-10]]],"objects":{"z":{"type":"GeometryCollection","geometries":[{"type":"Polygon","arcs":[[0,1]],"properties":{"n":"西"}},{"type":"LineString","arcs":[-2]}]},"p":{"type":"Point","coordinates":[5,5]}}}"#.as_bytes().to_vec()),
        ("flatgeobuf", "points", fgb()),
        ("project_file", "project", project_file()),
        ("text_inputs", "dms", "118°05'30\"E".as_bytes().to_vec()),
        ("text_inputs", "epsg", b"urn:ogc:def:crs:EPSG::4527".to_vec()),
        ("text_inputs", "prj", br#"PROJCS["x",GEOGCS["GCS_WGS_1984"],PROJECTION["Transverse_Mercator"],PARAMETER["Central_Meridian",117.0],PARAMETER["False_Easting",500000.0],AUTHORITY["EPSG","32650"]]"#.to_vec()),
    ];
    for (target, name, bytes) in seeds {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("seed-{name}")), bytes).unwrap();
    }
    println!("seeds written to {}", root.display());
}
