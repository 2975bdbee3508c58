//! CSV and XLSX enterprise lists: encodings, coordinate columns, DMS, CRSs and bad rows.
//! Fixtures are written here, so each test shows exactly the bytes it reads.

use encoding_rs::GB18030;
use geo_core::crs::{gcj02_to_wgs84, Crs};
use geo_core::import::{read, Format, ImportError, ImportOptions, TextEncoding};
use serde_json::Value;

fn point(imp: &geo_core::import::Imported, i: usize) -> (f64, f64) {
    match imp.layer.features[i].geometry {
        geo::Geometry::Point(p) => (p.x(), p.y()),
        ref g => panic!("not a point: {g:?}"),
    }
}

#[test]
fn csv_gbk_with_chinese_headers_and_gcj02() {
    let text = "企业名称,行业,从业人数,东经,北纬\r\n厦门甲乙化工有限公司,化工,120,118.094377,24.477153\r\n集美某食品厂,食品加工,0085,118.05,24.6\r\n";
    let (gbk, _, _) = GB18030.encode(text);
    let opts = ImportOptions {
        crs: Some(Crs::Gcj02),
        ..Default::default()
    };
    let imp = read("企业名录.csv", &gbk, &opts).unwrap();
    assert_eq!(imp.format, Format::Csv);
    assert_eq!(imp.encoding, Some(TextEncoding::Gb18030));
    let cols = imp.columns.clone().unwrap();
    assert_eq!((cols.lon.as_str(), cols.lat.as_str()), ("东经", "北纬"));
    assert_eq!(imp.layer.features.len(), 2);
    let (lon, lat) = point(&imp, 0);
    let expected = gcj02_to_wgs84(118.094377, 24.477153);
    assert!((lon - expected.0).abs() < 1e-12 && (lat - expected.1).abs() < 1e-12);
    assert!(
        (lon - 118.0894).abs() < 1e-4 && (lat - 24.4798).abs() < 1e-4,
        "GCJ offset removed: {lon},{lat}"
    );
    let props = &imp.layer.features[0].properties;
    assert_eq!(props["企业名称"], Value::from("厦门甲乙化工有限公司"));
    assert_eq!(props["从业人数"], Value::from(120));
    assert_eq!(
        imp.layer.features[1].properties["从业人数"],
        Value::from("0085"),
        "leading zero keeps text"
    );
    assert!(
        !props.contains_key("东经"),
        "coordinate columns are not properties"
    );
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
}

#[test]
fn csv_utf8_bom_dms_and_bad_rows_reported() {
    let text = "\u{feff}name, Longitude ,Latitude\nA,118°05'30\"E,24°28'12.5\"N\nB,abc,24.5\nC,118.1,\nD,118.2,24.6\n";
    let imp = read("sites.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.encoding, Some(TextEncoding::Utf8));
    assert_eq!(imp.layer.features.len(), 2);
    let (lon, lat) = point(&imp, 0);
    assert!((lon - 118.091_666_666_7).abs() < 1e-9 && (lat - 24.470_138_888_9).abs() < 1e-9);
    let msgs: Vec<String> = imp.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs[0].starts_with("sites.csv: 第 3 行“Longitude”列的值 \"abc\""),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[0].contains("row 3, column \"Longitude\", value \"abc\""),
        "{}",
        msgs[0]
    );
    assert!(
        msgs[1].contains("row 4, column \"Latitude\", value \"\""),
        "{}",
        msgs[1]
    );
}

#[test]
fn csv_projected_columns_chosen_by_the_user() {
    // EPSG:4527 (CGCS2000 3° zone 39) metres, columns the detector does not know.
    let gk = Crs::from_epsg(4527).unwrap();
    let (x, y) = gk.from_wgs84(118.0894, 24.4798);
    let text = format!("编号;X坐标;Y坐标\nE1;{x:.3};{y:.3}\n");
    let err = read("gk.csv", text.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::NoCoordinateColumns { .. }));
    assert!(err.to_string().contains("编号、X坐标、Y坐标"), "{err}");
    let opts = ImportOptions {
        crs: Some(gk),
        lon_column: Some("X坐标".into()),
        lat_column: Some("Y坐标".into()),
        ..Default::default()
    };
    let imp = read("gk.csv", text.as_bytes(), &opts).unwrap();
    let (lon, lat) = point(&imp, 0);
    assert!((lon - 118.0894).abs() < 1e-7 && (lat - 24.4798).abs() < 1e-7);
    let wrong = ImportOptions {
        lon_column: Some("经度".into()),
        ..opts
    };
    assert!(read("gk.csv", text.as_bytes(), &wrong)
        .unwrap_err()
        .to_string()
        .contains("没有名为“经度”的列"));
}

#[test]
fn csv_swapped_coordinates_warn() {
    let text = "名称,经度,纬度\n甲,24.48,118.09\n乙,24.5,118.1\n";
    let imp = read("swapped.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.layer.features.len(), 2);
    assert!(
        imp.warnings.iter().any(|w| w.msg.contains("swapped")),
        "{:?}",
        imp.warnings
    );
}

#[test]
fn csv_every_row_bad_is_an_error() {
    let err = read(
        "bad.csv",
        "lon,lat\nx,y\n".as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::NoUsableFeatures { .. }), "{err}");
    assert!(err.to_string().contains("row 2"), "{err}");
}

#[test]
fn xlsx_numbers_text_and_bad_rows() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["企业名称", "从业人数", "经度", "纬度"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "厦门某物流公司").unwrap();
    sheet.write_number(1, 1, 42.0).unwrap();
    sheet.write_number(1, 2, 118.1).unwrap();
    sheet.write_number(1, 3, 24.5).unwrap();
    sheet.write_string(2, 0, "坐标缺失公司").unwrap();
    sheet.write_string(2, 2, "118°06'").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let imp = read("名录.xlsx", &bytes, &ImportOptions::default()).unwrap();
    assert_eq!(imp.format, Format::Xlsx);
    assert_eq!(imp.layer.features.len(), 1);
    assert_eq!(point(&imp, 0), (118.1, 24.5));
    assert_eq!(
        imp.layer.features[0].properties["从业人数"],
        Value::from(42.0)
    );
    assert_eq!(imp.warnings.len(), 1);
    assert!(
        imp.warnings[0]
            .to_string()
            .contains("row 3, column \"纬度\""),
        "{}",
        imp.warnings[0]
    );
}

#[test]
fn xlsx_corrupt_file_is_a_clear_error() {
    let err = read(
        "broken.xlsx",
        b"PK\x03\x04not really a zip",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("broken.xlsx: XLSX 文件已损坏或无法读取"),
        "{err}"
    );
}

#[test]
fn geojson_crs_member_is_honoured() {
    let gk = Crs::from_epsg(4548).unwrap();
    let (x, y) = gk.from_wgs84(118.0894, 24.4798);
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::4548"}}}},
        "features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Point","coordinates":[{x},{y}]}}}}]}}"#
    );
    let imp = read("gk.geojson", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(imp.crs, gk);
    let (lon, lat) = point(&imp, 0);
    assert!((lon - 118.0894).abs() < 1e-8 && (lat - 24.4798).abs() < 1e-8);
}

#[test]
fn unknown_format_is_named() {
    let err = read("notes.docx", b"\x00\x01\x02", &ImportOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("notes.docx: 无法识别的文件格式"),
        "{err}"
    );
}
