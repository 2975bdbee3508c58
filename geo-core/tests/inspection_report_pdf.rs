//! The inspection report as a real PDF, read back with poppler (installed by
//! scripts/test.sh): the Chinese text comes out, the font is an embedded subset, every
//! photo is embedded once as JPEG, the pages are numbered, and the same input gives the
//! same bytes. The sample is kept in target/report-samples for a look with pdftoppm.

mod report_fixture;

use std::path::PathBuf;
use std::process::Command;

use geo_core::report::{document_pdf, inspection_report};
use report_fixture::{font, input};

fn sample_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/report-samples");
    std::fs::create_dir_all(&dir).expect("sample dir");
    dir
}

fn poppler(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) runs: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn inspection_report_pdf_reads_back_in_poppler() {
    let inp = input(8, 2, 640);
    let doc = inspection_report(&inp);
    let mut calls = Vec::new();
    let out =
        document_pdf(&doc, font(), &mut |done, total| calls.push((done, total))).expect("pdf");
    assert!(out.unreadable_images.is_empty());
    assert_eq!(
        calls.last(),
        Some(&(out.pages, out.pages)),
        "progress reaches the end"
    );
    let path = sample_dir().join("inspection-report.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let p = path.to_str().unwrap();

    let text = poppler("pdftotext", &["-layout", p, "-"]);
    for needle in [
        "生产安全事故隐患排查报告",
        "厦门海沧示范化工有限公司",
        "报告编号",
        "XT-YH-20261201-01",
        "目",
        "一、项目概况",
        "二、排查依据",
        "三、排查方法与范围",
        "四、排查结果统计",
        "五、隐患清单",
        "六、重大事故隐患专项",
        "七、整改建议与管理建议",
        "八、结论",
        "隐患照片",
        "签字",
        "YH-20261201-0001",
        "YH-20261201-0008",
        "治理的目标和任务",
        "本次排查共查出隐患 8 项，其中重大事故隐患 2 项",
        "注意：本报告使用虚构的演示数据",
        "第 1 页 共",
    ] {
        assert!(text.contains(needle), "pdftotext lacks {needle:?}");
    }
    // User text with markup characters prints as typed.
    assert!(text.contains("流出堤外<0>"), "angle brackets print as text");

    let fonts = poppler("pdffonts", &[p]);
    let line = fonts
        .lines()
        .find(|l| l.contains("NotoSansSC"))
        .unwrap_or_else(|| panic!("Noto Sans SC listed:\n{fonts}"));
    assert!(line.contains("yes"), "embedded: {line}");
    let name = line.split_whitespace().next().unwrap();
    assert!(
        name.len() > 7 && name.as_bytes()[6] == b'+',
        "subset tag: {name}"
    );

    // 16 photos (each once, though 8 also appear as thumbnails), the map, one signature.
    let images = poppler("pdfimages", &["-list", p]);
    let rows: Vec<&str> = images.lines().skip(2).collect();
    let jpeg = rows.iter().filter(|l| l.contains(" jpeg ")).count();
    let unique_jpeg_objects: std::collections::HashSet<&str> = rows
        .iter()
        .filter(|l| l.contains(" jpeg "))
        .map(|l| l.split_whitespace().nth(10).unwrap_or(""))
        .collect();
    assert_eq!(
        unique_jpeg_objects.len(),
        16,
        "each photo stored once:\n{images}"
    );
    assert_eq!(jpeg, 16 + 8, "16 attachments and 8 thumbnails drawn");
    assert!(
        rows.iter()
            .any(|l| l.contains(" 800 ") && l.contains(" 600 ")),
        "map embedded"
    );

    // Reproducible.
    let again = document_pdf(&inspection_report(&inp), font(), &mut |_, _| {}).unwrap();
    assert!(again.bytes == out.bytes, "same input, same bytes");
}

#[test]
fn missing_photos_are_noted_not_fatal() {
    let mut inp = input(3, 1, 320);
    inp.photos.remove("p0-0");
    let doc = inspection_report(&inp);
    let out = document_pdf(&doc, font(), &mut |_, _| {}).expect("pdf");
    let path = sample_dir().join("inspection-report-missing-photo.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("有 1 张照片或签名在本设备上找不到"), "{text}");
    assert!(text.contains("无照片"), "its thumbnail cell says so");
}

#[test]
fn a_corrupt_photo_shows_a_note_in_its_place() {
    let mut inp = input(2, 1, 320);
    inp.photos.get_mut("p1-0").unwrap().bytes = b"not a jpeg".to_vec();
    let out = document_pdf(&inspection_report(&inp), font(), &mut |_, _| {}).expect("pdf");
    assert_eq!(out.unreadable_images.len(), 1);
    let path = sample_dir().join("inspection-report-bad-photo.pdf");
    std::fs::write(&path, &out.bytes).unwrap();
    let text = poppler("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("图片无法读取"));
}
