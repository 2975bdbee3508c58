//! The real inspection report (the builder the app uses) written as DOCX: the package
//! is complete, the Chinese chapters are there, the ledger is on a landscape section,
//! every photo is stored once, a corrupt photo leaves a note, and the same input gives
//! the same bytes. The sample is kept in target/report-samples to open in Word or WPS.

mod report_fixture;

use std::io::{Cursor, Read};
use std::path::PathBuf;

use geo_core::report::docx::unreadable_images;
use geo_core::report::{document_docx, inspection_report};
use report_fixture::input;

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            (f.name().unwrap().into_owned(), buf)
        })
        .collect()
}

fn document_xml(files: &[(String, Vec<u8>)]) -> String {
    let (_, b) = files
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .expect("document.xml");
    String::from_utf8(b.clone()).expect("UTF-8")
}

#[test]
fn inspection_report_docx_holds_the_whole_report() {
    let inp = input(8, 2, 640);
    let doc = inspection_report(&inp);
    assert!(unreadable_images(&doc).is_empty());
    let bytes = document_docx(&doc).expect("docx");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/report-samples");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("inspection-report.docx"), &bytes).unwrap();

    let files = unzip(&bytes);
    let xml = document_xml(&files);
    for needle in [
        "生产安全事故隐患排查报告",
        "厦门海沧示范化工有限公司",
        "一、项目概况",
        "四、排查结果统计",
        "五、隐患清单",
        "六、重大事故隐患专项",
        "八、结论",
        "YH-20261201-0001",
        "YH-20261201-0008",
        "本次排查共查出隐患 8 项，其中重大事故隐患 2 项",
        "右键更新域以生成目录",
    ] {
        assert!(xml.contains(needle), "document.xml lacks {needle:?}");
    }
    // User text with markup characters is escaped, not markup.
    assert!(xml.contains("流出堤外&lt;0&gt;"));
    // 五、隐患清单 is on a landscape section of its own, between portrait ones.
    let orient: Vec<bool> = xml
        .match_indices("<w:pgSz ")
        .map(|(i, _)| xml[i..i + 80].contains("landscape"))
        .collect();
    assert_eq!(orient, [false, false, true, false]);
    // Every image the report uses is stored once: 16 photos, the map, the signature.
    let media: Vec<&str> = files
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    let jpegs = media.iter().filter(|n| n.ends_with(".jpeg")).count();
    assert_eq!(jpegs, 16, "{media:?}");
    assert!(media.iter().any(|n| n.ends_with(".png")), "{media:?}");
    assert!(
        xml.matches("<w:drawing>").count() > media.len(),
        "thumbnails reuse the photos"
    );

    assert_eq!(document_docx(&inspection_report(&inp)).unwrap(), bytes);
}

#[test]
fn a_corrupt_photo_leaves_a_note_in_the_docx() {
    let mut inp = input(2, 1, 320);
    inp.photos.get_mut("p1-0").unwrap().bytes = b"not a jpeg".to_vec();
    let doc = inspection_report(&inp);
    assert_eq!(unreadable_images(&doc).len(), 1);
    let xml = document_xml(&unzip(&document_docx(&doc).expect("docx")));
    assert!(xml.contains("图片无法读取"));
}
