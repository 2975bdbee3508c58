use geo_core::inspection::{
    migrate, Change, DangerLevel, HiddenDanger, MigrationError, Status, SCHEMA_VERSION,
};
use serde_json::json;

/// A record exactly as schema 1 (the skeleton's `HiddenDanger`) serialised it.
const V1: &str = r#"{"schema":1,"number":"YH-20261129-0001","site_id":"E0001","site_name":"厦门示范化工有限公司","description":"消防通道堵塞","level":"重大","found_on":"2026-11-29","deadline":"2026-12-15"}"#;

#[test]
fn migrate_v1_record_to_v2() {
    let d = migrate(serde_json::from_str(V1).unwrap()).unwrap();
    assert_eq!(d.schema, SCHEMA_VERSION);
    assert_eq!(d.number, "YH-20261129-0001");
    assert_eq!(d.site_id, "E0001");
    assert_eq!(d.site_name, "厦门示范化工有限公司");
    assert_eq!(d.description, "消防通道堵塞");
    assert_eq!(d.level, DangerLevel::major());
    assert_eq!(d.found_on, "2026-11-29");
    assert_eq!(d.deadline, "2026-12-15");
    assert_eq!(d.status(), Status::Pending);
    assert_eq!(d.trail().updated_at(), 0);
    assert_eq!(d.trail().history().len(), 1);
    assert_eq!(
        d.trail().history()[0].change,
        Change::Migrated { from_schema: 1 }
    );
    assert!(d.photos.is_empty() && d.location.is_none() && d.category.is_none());
    assert!(d.is_valid(), "{:?}", d.validation_errors());
    // Two devices migrating the same record get the same value.
    assert_eq!(d, migrate(serde_json::from_str(V1).unwrap()).unwrap());
}

#[test]
fn migrate_v2_round_trip() {
    let mut d = HiddenDanger::new("E0001", "甲", "2026-11-29", "张工", 7);
    d.number = "YH-20261129-0002".into();
    d.description = "x".into();
    d.deadline = "2026-11-30".into();
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(v["schema"], json!(2));
    assert_eq!(migrate(v).unwrap(), d);
}

#[test]
fn migrate_refuses_what_it_cannot_read() {
    assert_eq!(migrate(json!([1])), Err(MigrationError::NotAnObject));
    assert_eq!(
        migrate(json!({"number": "YH-20261129-0001"})),
        Err(MigrationError::MissingSchema)
    );
    assert_eq!(
        migrate(json!({"schema": 3})),
        Err(MigrationError::TooNew { found: 3 })
    );
    assert_eq!(
        migrate(json!({"schema": 0})),
        Err(MigrationError::UnknownSchema { found: 0 })
    );
    let Err(MigrationError::Shape { schema: 1, msg }) =
        migrate(json!({"schema": 1, "number": "YH-20261129-0001"}))
    else {
        panic!("a v1 record without its fields is a shape error");
    };
    assert!(msg.contains("site_id"), "{msg}");
    let err = migrate(json!({"schema": 3})).unwrap_err().to_string();
    assert!(err.contains("请更新程序"), "{err}");
}
