use super::*;

#[test]
fn crs_parse_names() {
    assert_eq!(Crs::parse("EPSG:4326").unwrap(), Crs::WGS84);
    assert_eq!(
        Crs::parse("epsg:4490").unwrap(),
        Crs::Geographic { epsg: 4490 }
    );
    assert_eq!(
        Crs::parse("urn:ogc:def:crs:EPSG::3857").unwrap(),
        Crs::WebMercator
    );
    assert_eq!(
        Crs::parse("urn:ogc:def:crs:OGC:1.3:CRS84").unwrap(),
        Crs::WGS84
    );
    assert_eq!(Crs::parse("gcj02").unwrap(), Crs::Gcj02);
    assert_eq!(Crs::parse("BD-09").unwrap(), Crs::Bd09);
    assert_eq!(Crs::parse("EPSG:4547").unwrap().name(), "EPSG:4547");
    assert!(matches!(
        Crs::parse("EPSG:2000"),
        Err(CrsError::UnsupportedEpsg(2000))
    ));
    let err = Crs::parse("Beijing54").unwrap_err();
    assert!(err.to_string().contains("\"Beijing54\""), "{err}");
}

#[test]
fn crs_epsg_families_have_the_right_grids() {
    let tm = |code| match Crs::from_epsg(code).unwrap() {
        Crs::Projected { tm, .. } => (tm.lon0, tm.false_easting, tm.k0),
        other => panic!("{other:?}"),
    };
    assert_eq!(tm(4491), (75.0, 13_500_000.0, 1.0), "6° zone 13");
    assert_eq!(tm(4501), (135.0, 23_500_000.0, 1.0), "6° zone 23");
    assert_eq!(tm(4502), (75.0, 500_000.0, 1.0), "6° CM 75");
    assert_eq!(tm(4512), (135.0, 500_000.0, 1.0), "6° CM 135");
    assert_eq!(tm(4513), (75.0, 25_500_000.0, 1.0), "3° zone 25");
    assert_eq!(tm(4527), (117.0, 39_500_000.0, 1.0), "3° zone 39 (Xiamen)");
    assert_eq!(tm(4533), (135.0, 45_500_000.0, 1.0), "3° zone 45");
    assert_eq!(tm(4534), (75.0, 500_000.0, 1.0), "3° CM 75");
    assert_eq!(tm(4548), (117.0, 500_000.0, 1.0), "3° CM 117");
    assert_eq!(tm(4554), (135.0, 500_000.0, 1.0), "3° CM 135");
    assert_eq!(tm(32650), (117.0, 500_000.0, 0.9996), "UTM 50N");
}

#[test]
fn crs_transform_interleaved_coordinates() {
    let mut c = [118.0894, 24.4798, 119.2965, 26.0745, 7.0];
    let gk = Crs::from_epsg(4527).unwrap();
    transform(&mut c, &Crs::WGS84, &gk);
    assert!(c[0] > 39_000_000.0 && c[1] > 2_700_000.0);
    assert_eq!(c[4], 7.0, "odd trailing value untouched");
    transform(&mut c, &gk, &Crs::Gcj02);
    let (lon, lat) = gcj02_to_wgs84(c[0], c[1]);
    assert!((lon - 118.0894).abs() < 1e-9 && (lat - 24.4798).abs() < 1e-9);
}

#[test]
fn crs_outside_china_gcj_is_identity() {
    assert_eq!(wgs84_to_gcj02(2.35, 48.85), (2.35, 48.85));
    assert_eq!(gcj02_to_wgs84(2.35, 48.85), (2.35, 48.85));
}

const ESRI_GK_CM_117: &str = r#"PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
const ESRI_GK_ZONE_39: &str = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
const ESRI_UTM_50N: &str = r#"PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
const OGC_4548: &str = r#"PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 117E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",117],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","4548"]]"#;

#[test]
fn crs_prj_esri_and_ogc_forms() {
    let same_place = |crs: Crs, reference: Crs| {
        let a = crs.from_wgs84(118.0894, 24.4798);
        let b = reference.from_wgs84(118.0894, 24.4798);
        assert!(
            (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
            "{crs:?}"
        );
    };
    same_place(
        Crs::from_prj(ESRI_GK_CM_117).unwrap(),
        Crs::from_epsg(4548).unwrap(),
    );
    same_place(
        Crs::from_prj(ESRI_GK_ZONE_39).unwrap(),
        Crs::from_epsg(4527).unwrap(),
    );
    same_place(
        Crs::from_prj(ESRI_UTM_50N).unwrap(),
        Crs::from_epsg(32650).unwrap(),
    );
    assert_eq!(
        Crs::from_prj(OGC_4548).unwrap(),
        Crs::from_epsg(4548).unwrap(),
        "EPSG authority wins"
    );
    assert_eq!(
        Crs::from_prj(r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#).unwrap(),
        Crs::WGS84
    );
    assert_eq!(Crs::from_prj(r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]]"#).unwrap(), Crs::Geographic { epsg: 4490 });
    let lambert = r#"PROJCS["Asia_Lambert_Conformal_Conic",GEOGCS["GCS_WGS_1984"],PROJECTION["Lambert_Conformal_Conic"]]"#;
    assert!(matches!(
        Crs::from_prj(lambert),
        Err(CrsError::UnsupportedPrj(_))
    ));
}
