use std::collections::HashMap;
use std::io::{Cursor, Write};

use geo_core::inspection::{
    builtin_templates, merge_dangers, read_project_file, write_project_file,
    write_project_file_with, Answer, DangerLevel, PhotoRef, ProjectContents, ProjectFileError,
    PROJECT_FORMAT,
};
use zip::write::SimpleFileOptions;

use super::{answer, inspection, ready, record};

fn photo(id: &str, mime: &str) -> PhotoRef {
    PhotoRef {
        id: id.into(),
        mime: mime.into(),
        width: 4032,
        height: 3024,
    }
}

fn contents() -> ProjectContents {
    let mut a = ready("YH-20261129-0001", DangerLevel::major());
    a.photos = vec![photo("p1", "image/jpeg"), photo("p2", "image/png")];
    a.signatures.inspector = Some(photo("sig-inspector", "image/png"));
    let b = record("YH-20261129-0002");
    let templates = builtin_templates();
    let mut user = templates[0].clone();
    user.id = "my-fire".into();
    user.name = "本厂消防周检表".into();
    let mut i = inspection(&[&user]);
    let note = "东侧安全出口上锁";
    answer(
        &mut i,
        ("my-fire", "fire-01"),
        Answer::NonConforming,
        note,
        "张工",
        1100,
    );
    ProjectContents {
        dangers: vec![a, b],
        inspections: vec![i],
        templates: vec![user],
        photos: [
            ("p1".to_string(), vec![0xFF, 0xD8, 0xFF, 1, 2, 3]),
            ("p2".to_string(), b"\x89PNG....".to_vec()),
            ("sig-inspector".to_string(), b"\x89PNGsig".to_vec()),
        ]
        .into_iter()
        .collect(),
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

const MANIFEST: &[u8] = br#"{"format":"xiantu-project","version":1,"created":"2026-11-29T10:00:00+08:00","dangers":0,"inspections":0,"templates":0,"photos":0}"#;

#[test]
fn project_file_round_trip() {
    let c = contents();
    let bytes = write_project_file(&c, "2026-11-29T10:00:00+08:00").unwrap();
    let back = read_project_file(&bytes).unwrap();
    assert_eq!(back.contents, c);
    assert_eq!(back.manifest.format, PROJECT_FORMAT);
    assert_eq!(back.manifest.created, "2026-11-29T10:00:00+08:00");
    assert_eq!(
        (
            back.manifest.dangers,
            back.manifest.inspections,
            back.manifest.templates,
            back.manifest.photos
        ),
        (2, 1, 1, 3)
    );
    assert!(back.missing_photos.is_empty());

    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "dangers.json",
            "inspections.json",
            "templates.json",
            "photos/p1.jpg",
            "photos/p2.png",
            "photos/sig-inspector.png"
        ]
    );
    assert!(zip.by_name("photos/p1.jpg").is_ok());
}

#[test]
fn project_file_same_contents_same_bytes() {
    let c = contents();
    let a = write_project_file(&c, "t").unwrap();
    assert_eq!(a, write_project_file(&c, "t").unwrap());
    // Photos from a HashMap (the app's store) give the same file.
    let photos: HashMap<String, Vec<u8>> = c.photos.clone().into_iter().collect();
    let without = ProjectContents {
        photos: Default::default(),
        ..c
    };
    assert_eq!(write_project_file_with(&without, &photos, "t").unwrap(), a);
}

#[test]
fn project_file_lists_photos_it_lacks() {
    let mut c = contents();
    c.photos.remove("p2");
    let back = read_project_file(&write_project_file(&c, "t").unwrap()).unwrap();
    assert_eq!(back.missing_photos, ["p2"]);
    assert_eq!(back.contents.dangers, c.dangers);
}

#[test]
fn project_file_upgrades_v1_records() {
    let v1 = r#"[{"schema":1,"number":"YH-20261129-0001","site_id":"E0001","site_name":"甲","description":"消防通道堵塞","level":"一般","found_on":"2026-11-29","deadline":"2026-12-15"}]"#;
    let bytes = zip_of(&[("manifest.json", MANIFEST), ("dangers.json", v1.as_bytes())]);
    let back = read_project_file(&bytes).unwrap();
    assert_eq!(back.contents.dangers.len(), 1);
    assert_eq!(back.contents.dangers[0].schema, 2);
    assert!(back.contents.inspections.is_empty() && back.contents.templates.is_empty());
}

#[test]
fn project_file_corrupt_zip_is_an_error() {
    let bytes = write_project_file(&contents(), "t").unwrap();
    for bad in [&b""[..], b"not a zip at all", &bytes[..bytes.len() / 2]] {
        assert!(
            matches!(read_project_file(bad), Err(ProjectFileError::NotZip(_))),
            "{:?}",
            read_project_file(bad)
        );
    }
    // Flip bytes inside the compressed data: an error naming an entry, never a panic.
    let mut flipped = bytes.clone();
    for b in flipped.iter_mut().skip(60).take(200) {
        *b ^= 0x5A;
    }
    assert!(read_project_file(&flipped).is_err());
    let msg = read_project_file(b"PK").unwrap_err().to_string();
    assert!(msg.starts_with("不是有效的项目文件"), "{msg}");
}

#[test]
fn project_file_errors_name_the_entry_and_record() {
    let no_manifest = zip_of(&[("dangers.json", b"[]")]);
    assert_eq!(
        read_project_file(&no_manifest),
        Err(ProjectFileError::MissingEntry("manifest.json"))
    );
    let other = zip_of(&[("manifest.json", br#"{"format":"kmz"}"#)]);
    assert_eq!(
        read_project_file(&other),
        Err(ProjectFileError::WrongFormat {
            found: "kmz".into()
        })
    );
    let newer = zip_of(&[(
        "manifest.json",
        br#"{"format":"xiantu-project","version":7}"#,
    )]);
    assert_eq!(
        read_project_file(&newer),
        Err(ProjectFileError::TooNew { version: 7 })
    );
    let bad_record = zip_of(&[
        ("manifest.json", MANIFEST),
        (
            "dangers.json",
            br#"[{"schema":1,"number":"YH-20261129-0009","site_id":"E1"}]"#,
        ),
    ]);
    let err = read_project_file(&bad_record).unwrap_err();
    let ProjectFileError::Entry { entry, record, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(entry, "dangers.json");
    assert_eq!(record.as_deref(), Some("第 1 条（YH-20261129-0009）"));
    assert!(
        err.to_string()
            .starts_with("dangers.json 中的 第 1 条（YH-20261129-0009）："),
        "{err}"
    );
    let bad_template = zip_of(&[
        ("manifest.json", MANIFEST),
        (
            "templates.json",
            r#"{"format":"xiantu-checklists","version":1,"templates":[{"id":"t","name":"","category":"消防","items":[]}]}"#.as_bytes(),
        ),
    ]);
    assert!(matches!(
        read_project_file(&bad_template),
        Err(ProjectFileError::Entry { ref entry, .. }) if entry == "templates.json"
    ));
    let escape = zip_of(&[("manifest.json", MANIFEST), ("photos/../x.jpg", b"x")]);
    assert_eq!(
        read_project_file(&escape),
        Err(ProjectFileError::BadPhotoName {
            name: "photos/../x.jpg".into()
        })
    );
}

#[test]
fn project_file_refuses_unsafe_photo_ids_when_writing() {
    let mut c = contents();
    c.photos.insert("../../etc".into(), vec![1]);
    assert_eq!(
        write_project_file(&c, "t"),
        Err(ProjectFileError::BadPhotoName {
            name: "../../etc".into()
        })
    );
}

#[test]
fn project_file_keeps_configured_levels_through_file_and_merge() {
    let key = DangerLevel::custom("重点", false).unwrap();
    let grade1 = DangerLevel::custom("一级重大", true).unwrap();
    let a = ready("YH-20261129-0001", key.clone());
    let b = ready("YH-20261129-0002", grade1.clone());
    let mut user = builtin_templates()[0].clone();
    user.id = "my-fire".into();
    user.items[0].level = key.clone();
    let c = ProjectContents {
        dangers: vec![a.clone(), b.clone()],
        templates: vec![user],
        ..ProjectContents::default()
    };
    let bytes = write_project_file(&c, "t").unwrap();
    let text = {
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("dangers.json").unwrap(), &mut s).unwrap();
        s
    };
    let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        stored[0]["level"],
        serde_json::json!({"name": "重点", "major": false})
    );
    let back = read_project_file(&bytes).unwrap().contents;
    assert_eq!(back, c);
    assert_eq!(back.dangers[0].level, key);
    assert!(back.dangers[1].level.is_major(), "一级重大 stays major");
    assert_eq!(back.templates[0].items[0].level, key);

    // Another device edited the 重点 record; merging keeps its level.
    let mut theirs = back.dangers[0].clone();
    let mut draft = theirs.clone();
    draft.measures = "设置隔离护栏".into();
    theirs.edit(draft, "李四", 5000).unwrap();
    let merged = merge_dangers(vec![a, b], vec![theirs.clone()]);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.records[0], theirs);
    assert_eq!(merged.records[0].level, key);
    assert_eq!(merged.records[1].level, grade1);
}
