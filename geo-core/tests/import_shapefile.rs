//! Zipped Shapefiles: a CGCS2000 Gauss–Krüger layer with a GBK attribute table and a .prj,
//! written here with the shapefile and zip crates, and hostile archives.

use std::io::{Cursor, Write};

use geo::{Area, Centroid};
use geo_core::crs::Crs;
use geo_core::import::{read, Format, ImportError, ImportOptions, TextEncoding};
use serde_json::Value;
use shapefile::dbase::{self, encoding::EncodingRs, FieldName, FieldValue, TableWriterBuilder};
use zip::write::SimpleFileOptions;

const PRJ_4527: &str = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;

/// A 1 km square zone around (118.0894, 24.4798) in EPSG:4527, attributes in GBK.
fn shapefile_zip(with_prj: bool, cpg: Option<&str>) -> Vec<u8> {
    let gk = Crs::from_epsg(4527).unwrap();
    let (cx, cy) = gk.from_wgs84(118.0894, 24.4798);
    // Shapefile outer rings are clockwise.
    let ring = vec![
        shapefile::Point::new(cx - 500.0, cy - 500.0),
        shapefile::Point::new(cx - 500.0, cy + 500.0),
        shapefile::Point::new(cx + 500.0, cy + 500.0),
        shapefile::Point::new(cx + 500.0, cy - 500.0),
        shapefile::Point::new(cx - 500.0, cy - 500.0),
    ];
    let polygon = shapefile::Polygon::new(shapefile::PolygonRing::Outer(ring));
    let (mut shp, mut shx, mut dbf) = (
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
        Cursor::new(Vec::new()),
    );
    {
        let table = TableWriterBuilder::with_encoding(EncodingRs::from(encoding_rs::GB18030))
            .add_character_field(FieldName::try_from("NAME").unwrap(), 40)
            .add_character_field(FieldName::try_from("CLASS").unwrap(), 10)
            .add_numeric_field(FieldName::try_from("AREA_KM2").unwrap(), 10, 2);
        let mut w = shapefile::Writer::new(
            shapefile::ShapeWriter::with_shx(&mut shp, &mut shx),
            table.build_with_dest(&mut dbf),
        );
        let mut rec = dbase::Record::default();
        rec.insert(
            "NAME".into(),
            FieldValue::Character(Some("海沧湾风暴潮高风险区".into())),
        );
        rec.insert("CLASS".into(), FieldValue::Character(Some("高".into())));
        rec.insert("AREA_KM2".into(), FieldValue::Numeric(Some(1.0)));
        w.write_shape_and_record(&polygon, &rec).unwrap();
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default();
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    };
    add("zones/surge.shp", shp.get_ref());
    add("zones/surge.shx", shx.get_ref());
    add("zones/surge.dbf", dbf.get_ref());
    if with_prj {
        add("zones/surge.prj", PRJ_4527.as_bytes());
    }
    if let Some(c) = cpg {
        add("zones/surge.cpg", c.as_bytes());
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn shapefile_gauss_kruger_with_gbk_dbf() {
    let imp = read(
        "风暴潮.zip",
        &shapefile_zip(true, None),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.format, Format::Shapefile);
    assert!(
        matches!(imp.crs, Crs::Projected { tm, .. } if tm.lon0 == 117.0 && tm.false_easting == 39_500_000.0)
    );
    assert_eq!(
        imp.encoding,
        Some(TextEncoding::Gb18030),
        "not valid UTF-8, so GBK"
    );
    assert_eq!(imp.layer.features.len(), 1);
    let f = &imp.layer.features[0];
    assert_eq!(f.properties["NAME"], Value::from("海沧湾风暴潮高风险区"));
    assert_eq!(f.properties["CLASS"], Value::from("高"));
    assert_eq!(f.properties["AREA_KM2"], Value::from(1));
    let c = f.geometry.centroid().unwrap();
    assert!(
        (c.x() - 118.0894).abs() < 1e-6 && (c.y() - 24.4798).abs() < 1e-6,
        "{c:?}"
    );
    // 1 km² in degrees² at this latitude: about 1/(111.32² · cos 24.48°).
    let deg2 = f.geometry.unsigned_area();
    assert!(
        (deg2 * 111.32 * 111.32 * 24.4798f64.to_radians().cos() - 1.0).abs() < 0.01,
        "{deg2}"
    );
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
}

#[test]
fn shapefile_cpg_names_the_encoding() {
    let imp = read(
        "surge.zip",
        &shapefile_zip(true, Some("GBK")),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imp.encoding, Some(TextEncoding::Gb18030));
    assert_eq!(imp.layer.features[0].properties["CLASS"], Value::from("高"));
}

#[test]
fn shapefile_without_prj_uses_the_chosen_crs() {
    let bytes = shapefile_zip(false, None);
    // Without .prj and without a choice the metres are taken as degrees: warned as odd.
    let imp = read("surge.zip", &bytes, &ImportOptions::default()).unwrap();
    assert!(
        imp.warnings.iter().any(|w| w.msg.contains("swapped")),
        "{:?}",
        imp.warnings
    );
    let opts = ImportOptions {
        crs: Some(Crs::parse("EPSG:4527").unwrap()),
        ..Default::default()
    };
    let imp = read("surge.zip", &bytes, &opts).unwrap();
    let c = imp.layer.features[0].geometry.centroid().unwrap();
    assert!((c.x() - 118.0894).abs() < 1e-6 && (c.y() - 24.4798).abs() < 1e-6);
}

#[test]
fn shapefile_zip_without_shp_is_named() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("readme.txt", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let err = read("data.zip", &bytes, &ImportOptions::default()).unwrap_err();
    assert!(err.to_string().contains("no .shp file in the zip"), "{err}");
}

#[test]
fn shapefile_zip_bomb_is_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "bomb.shp",
        SimpleFileOptions::default().compression_level(Some(9)),
    )
    .unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..40 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(
        bytes.len() < 200_000,
        "a 40 MB entry compresses to {} bytes",
        bytes.len()
    );
    let err = read("bomb.zip", &bytes, &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn shapefile_truncated_shp_is_an_error_not_a_panic() {
    let good = shapefile_zip(true, None);
    let mut zip = zip::ZipArchive::new(Cursor::new(good.as_slice())).unwrap();
    let mut shp = Vec::new();
    std::io::copy(&mut zip.by_name("zones/surge.shp").unwrap(), &mut shp).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("cut.shp", SimpleFileOptions::default())
        .unwrap();
    out.write_all(&shp[..shp.len() / 2]).unwrap();
    let bytes = out.finish().unwrap().into_inner();
    let result = read("cut.zip", &bytes, &ImportOptions::default());
    match result {
        Err(e) => assert!(e.to_string().starts_with("cut.zip: "), "{e}"),
        Ok(imp) => assert!(!imp.warnings.is_empty(), "a cut file must at least warn"),
    }
}
