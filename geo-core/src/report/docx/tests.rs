use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::document_docx;
use crate::report::doc::*;

const JPEG: &[u8] = include_bytes!("../../../tests/fixtures/report_photo.jpg");
const PNG: &[u8] = include_bytes!("../../../tests/fixtures/report_signature.png");

fn jpeg() -> Picture {
    Picture {
        bytes: JPEG.to_vec(),
        format: ImageFormat::Jpeg,
        width: 48,
        height: 32,
    }
}

fn png() -> Picture {
    Picture {
        bytes: PNG.to_vec(),
        format: ImageFormat::Png,
        width: 60,
        height: 20,
    }
}

/// Every file in the zip, name → bytes, in archive order.
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

fn part(bytes: &[u8], name: &str) -> String {
    let files = unzip(bytes);
    let (_, b) = files
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("{name} missing"));
    String::from_utf8(b.clone()).expect("UTF-8")
}

/// Well-formed, with every element and prefixed attribute in a declared namespace.
fn assert_well_formed(name: &str, xml: &str) {
    let mut r = NsReader::from_str(xml);
    let mut depth = 0i32;
    loop {
        let (ns, ev) = r
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                assert!(
                    matches!(ns, ResolveResult::Bound(_)),
                    "{name}: element {:?} has no namespace",
                    e.name().0
                );
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|err| panic!("{name}: {err}"));
                    let (res, _) = r.resolver().resolve_attribute(a.key);
                    assert!(
                        !matches!(res, ResolveResult::Unknown(_)),
                        "{name}: attribute {:?} has an undeclared prefix",
                        a.key.0
                    );
                }
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{name}: unclosed elements");
}

fn table(rows: Vec<Vec<Cell>>) -> Table {
    Table {
        caption: "表 1 隐患清单".into(),
        columns: vec![
            Column::centred("序号", 0.6),
            Column::new("隐患描述", 3.0),
            Column::centred("等级", 1.0),
            Column::centred("照片", 1.6),
        ],
        rows,
    }
}

/// A report with every kind of block.
fn sample() -> Document {
    let mut d = Document {
        title: "隐患排查报告".into(),
        running_header: "报告编号 XT-2026-001".into(),
        cover: Cover {
            title: "安全生产隐患排查报告".into(),
            subtitle: "厦门海沧示范化工有限公司".into(),
            fields: vec![
                ("受检单位".into(), "厦门海沧示范化工有限公司".into()),
                ("报告编号".into(), "XT-2026-001".into()),
            ],
            sign_off: vec![],
            footer: "险图安全咨询\n2026年11月29日".into(),
            warning: Some("演示数据，纯属虚构".into()),
        },
        ..Default::default()
    };
    let photo = d.add_image(jpeg());
    let sig = d.add_image(png());
    d.cover.sign_off = vec![SignOff {
        role: "编制".into(),
        name: "张工".into(),
        image: Some(sig),
        date: "2026-11-29".into(),
    }];
    d.push(Block::Contents);
    d.push(Block::PageBreak);
    d.heading(1, "一、项目概况");
    d.paragraph("本次排查覆盖储罐区与装卸区。");
    d.push(Block::Fields(vec![("行业".into(), "危险化学品".into())]));
    d.heading(2, "1.1 排查范围");
    d.push(Block::List(vec!["储罐区".into(), "装卸区".into()]));
    d.heading(3, "小结");
    d.push(Block::Note("注：照片为现场拍摄。".into()));
    d.push(Block::Table(table(vec![
        vec![
            Cell::text("1"),
            Cell::text("防火堤破损"),
            Cell::Filled {
                text: "重大".into(),
                fill: (215, 25, 28),
            },
            Cell::Image(photo),
        ],
        vec![
            Cell::text("2"),
            Cell::text("雨水阀常开"),
            Cell::Filled {
                text: "一般".into(),
                fill: (255, 255, 0),
            },
            Cell::text(""),
        ],
        vec![Cell::text("3"), Cell::text("标识缺失")],
    ])));
    d.push(Block::Figure {
        image: photo,
        width: 0.6,
        caption: "图 1 现场照片".into(),
    });
    d.push(Block::Chart(BarChart {
        caption: "图 2 隐患数量".into(),
        categories: vec!["消防".into(), "电气".into()],
        series: vec![
            Series {
                name: "一般".into(),
                colour: (0, 112, 192),
                values: vec![3.0, 1.0],
            },
            Series {
                name: "重大".into(),
                colour: (215, 25, 28),
                values: vec![2.0, 4.0],
            },
        ],
        stacked: true,
    }));
    d.push(Block::Signatures(vec![SignOff {
        role: "审核".into(),
        name: "李工".into(),
        image: None,
        date: "2026-11-30".into(),
    }]));
    d
}

#[test]
fn the_package_holds_the_expected_parts_all_well_formed() {
    let bytes = document_docx(&sample()).unwrap();
    let files = unzip(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/settings.xml",
            "word/numbering.xml",
            "word/header1.xml",
            "word/footer1.xml",
            "word/fontTable.xml",
            "word/theme/theme1.xml",
            "word/media/image1.jpeg",
            "word/media/image2.png",
        ]
    );
    for (name, b) in &files {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(name, std::str::from_utf8(b).unwrap());
        }
    }
    let ct = part(&bytes, "[Content_Types].xml");
    for p in [
        "document.main",
        "styles",
        "settings",
        "numbering",
        "header",
        "footer",
    ] {
        assert!(ct.contains(&format!("wordprocessingml.{p}+xml")), "{p}");
    }
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:updateFields w:val=\"true\"/>"));
}

#[test]
fn same_document_gives_the_same_bytes() {
    let a = document_docx(&sample()).unwrap();
    let b = document_docx(&sample()).unwrap();
    assert_eq!(a, b);
    // No creation time: none written, so nothing varies with the clock.
    assert!(!part(&a, "docProps/core.xml").contains("dcterms:created"));
    let mut d = sample();
    d.created = Some((2026, 11, 29, 8, 5, 0));
    let core = part(&document_docx(&d).unwrap(), "docProps/core.xml");
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-29T08:05:00Z</dcterms:created>"
    ));
    assert!(core.contains("<dc:title>隐患排查报告</dc:title>"));
    // An impossible date is left out rather than written into an invalid field.
    d.created = Some((2026, 13, 40, 25, 0, 0));
    let core = part(&document_docx(&d).unwrap(), "docProps/core.xml");
    assert!(!core.contains("dcterms:created"));
}

#[test]
fn user_text_is_escaped_and_forbidden_characters_dropped() {
    let mut d = Document::default();
    d.heading(1, "A<B>");
    d.paragraph("管道 <DN50> & \"阀门\" 编号\u{1}\u{8}\u{1b}完好");
    d.running_header = "页眉 & <编号>".into();
    d.cover.title = "标题\u{0}".into();
    let bytes = document_docx(&d).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert!(
        xml.contains("管道 &lt;DN50&gt; &amp; &quot;阀门&quot; 编号完好"),
        "{xml}"
    );
    assert!(xml.contains("A&lt;B&gt;"));
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}') && !xml.contains('\u{0}'));
    assert!(part(&bytes, "word/header1.xml").contains("页眉 &amp; &lt;编号&gt;"));
    assert_well_formed("document.xml", &xml);
}

#[test]
fn an_image_used_twice_is_stored_once() {
    let mut d = Document::default();
    let photo = d.add_image(jpeg());
    d.add_image(png());
    d.push(Block::Figure {
        image: photo,
        width: 1.0,
        caption: String::new(),
    });
    d.push(Block::Table(table(vec![vec![
        Cell::text("1"),
        Cell::text("x"),
        Cell::text("一般"),
        Cell::Image(photo),
    ]])));
    let bytes = document_docx(&d).unwrap();
    let media: Vec<String> = unzip(&bytes)
        .into_iter()
        .filter(|(n, _)| n.starts_with("word/media/"))
        .map(|(n, b)| {
            assert_eq!(b, JPEG);
            n
        })
        .collect();
    // The PNG is never shown, so it is not stored either.
    assert_eq!(media, ["word/media/image1.jpeg"]);
    let xml = part(&bytes, "word/document.xml");
    assert_eq!(xml.matches("r:embed=\"rIdImg1\"").count(), 2);
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert_eq!(rels.matches("Target=\"media/image1.jpeg\"").count(), 1);
    // Drawing ids are unique, as Word requires.
    assert!(xml.contains("<wp:docPr id=\"1\"") && xml.contains("<wp:docPr id=\"2\""));
}

/// The XML of the document's first table (the documents using this have no nested
/// tables, so the first close tag ends it).
fn first_table(xml: &str) -> &str {
    let start = xml.find("<w:tbl>").expect("a table");
    let end = xml[start..].find("</w:tbl>").unwrap() + start;
    &xml[start..end]
}

#[test]
fn a_table_has_a_repeated_header_and_one_row_per_record() {
    let mut d = Document::default();
    d.push(Block::Table(table(vec![
        vec![
            Cell::text("1"),
            Cell::text("甲"),
            Cell::text("一般"),
            Cell::text(""),
        ],
        vec![
            Cell::text("2"),
            Cell::text("乙"),
            Cell::text("一般"),
            Cell::text(""),
        ],
        vec![Cell::text("3"), Cell::text("丙")],
    ])));
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    let t = first_table(&xml);
    assert_eq!(t.matches("<w:tr>").count(), 4);
    assert_eq!(t.matches("<w:tblHeader/>").count(), 1);
    // The short third row is padded to four cells.
    assert_eq!(t.matches("<w:tc>").count(), 16);
    // Grid widths follow the weights 0.6 : 3 : 1 : 1.6 over 9638 twips.
    assert!(t.contains(
        "<w:gridCol w:w=\"933\"/><w:gridCol w:w=\"4663\"/><w:gridCol w:w=\"1555\"/><w:gridCol w:w=\"2487\"/>"
    ));
    assert!(xml.contains("表 1 隐患清单"));
}

#[test]
fn a_filled_cell_is_shaded_with_contrasting_text() {
    let mut d = Document::default();
    d.push(Block::Table(table(vec![vec![
        Cell::text("1"),
        Cell::text("x"),
        Cell::Filled {
            text: "重大".into(),
            fill: (215, 25, 28),
        },
        Cell::Filled {
            text: "较大".into(),
            fill: (255, 165, 0),
        },
    ]])));
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    assert!(xml.contains(
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D7191C\"/><w:vAlign w:val=\"center\"/></w:tcPr>\
         <w:p><w:pPr><w:pStyle w:val=\"TableText\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:r><w:rPr><w:color w:val=\"FFFFFF\"/></w:rPr><w:t xml:space=\"preserve\">重大</w:t>"
    ));
    assert!(xml.contains("w:fill=\"FFA500\""));
    assert!(xml.contains("<w:color w:val=\"000000\"/></w:rPr><w:t xml:space=\"preserve\">较大"));
}

#[test]
fn headings_use_the_built_in_styles_and_fill_the_contents() {
    let mut d = Document::default();
    d.push(Block::Contents);
    d.heading(1, "一、概况");
    d.heading(2, "1.1 企业");
    d.heading(3, "小节");
    d.heading(0, "零级");
    d.heading(9, "九级");
    let bytes = document_docx(&d).unwrap();
    let xml = part(&bytes, "word/document.xml");
    for (style, text) in [
        ("Heading1", "一、概况"),
        ("Heading2", "1.1 企业"),
        ("Heading3", "小节"),
        ("Heading1", "零级"),
        ("Heading3", "九级"),
    ] {
        assert!(
            xml.contains(&format!(
                "<w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t>"
            )),
            "{text}"
        );
    }
    assert!(xml.contains("TOC \\o &quot;1-2&quot; \\h \\z \\u"));
    assert!(xml.contains("右键更新域以生成目录"));
    // Pre-filled entries: levels 1 and 2 in order, inside the field (before its end).
    let toc1 = xml
        .find("<w:pStyle w:val=\"TOC1\"/></w:pPr><w:r><w:t xml:space=\"preserve\">一、概况")
        .unwrap();
    let toc2 = xml
        .find("<w:pStyle w:val=\"TOC2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">1.1 企业")
        .unwrap();
    let end = xml.find("w:fldCharType=\"end\"").unwrap();
    assert!(toc1 < toc2 && toc2 < end);
    assert!(!xml.contains("TOC2\"/></w:pPr><w:r><w:t xml:space=\"preserve\">小节"));
    let styles = part(&bytes, "word/styles.xml");
    for level in 1..=3 {
        assert!(styles.contains(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>"
        )));
        assert!(styles.contains(&format!("<w:outlineLvl w:val=\"{}\"/>", level - 1)));
    }
    assert!(styles.contains("w:eastAsia=\"宋体\""));
    assert!(styles.contains("<w:sz w:val=\"21\"/>"));
}

#[test]
fn the_cover_is_its_own_section_without_header_and_the_body_has_page_numbers() {
    let bytes = document_docx(&sample()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let sections: Vec<usize> = xml.match_indices("<w:sectPr>").map(|(i, _)| i).collect();
    assert_eq!(sections.len(), 2);
    let cover_sect =
        &xml[sections[0]..xml[sections[0]..].find("</w:sectPr>").unwrap() + sections[0]];
    assert!(!cover_sect.contains("headerReference"));
    let body_sect = &xml[sections[1]..];
    assert!(body_sect.contains("<w:headerReference w:type=\"default\" r:id=\"rId4\"/>"));
    assert!(body_sect.contains("<w:footerReference w:type=\"default\" r:id=\"rId5\"/>"));
    assert!(body_sect.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    // The cover comes before the contents.
    assert!(sections[0] < xml.find("目  录").unwrap());
    let footer = part(&bytes, "word/footer1.xml");
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> NUMPAGES </w:instrText>"));
    assert!(footer.contains(">第 <") && footer.contains("> 页 共 <"));
    assert!(part(&bytes, "word/header1.xml").contains("报告编号 XT-2026-001"));
    // Without a cover there is no cover section and no blank first page.
    let mut d = Document::default();
    d.paragraph("正文");
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    assert_eq!(xml.matches("<w:sectPr>").count(), 1);
}

#[test]
fn a_chart_keeps_its_numbers_in_a_table_and_draws_bars_in_series_colours() {
    let bytes = document_docx(&sample()).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let start = xml.find("图 2 隐患数量").unwrap();
    let chart = &xml[start..];
    for header in ["类别", "一般", "重大", "合计", "图示"] {
        assert!(chart.contains(&format!(">{header}</w:t>")), "{header}");
    }
    // 消防: 3 + 2 = 5; 电气: 1 + 4 = 5.
    assert!(chart.contains(">消防</w:t>"));
    assert_eq!(chart.matches(">5</w:t>").count(), 2);
    assert!(chart.contains("w:fill=\"0070C0\"") && chart.contains("w:fill=\"D7191C\""));
    // Legend under the table.
    assert!(chart.contains("<w:color w:val=\"0070C0\"/></w:rPr><w:t xml:space=\"preserve\">■"));
}

#[test]
fn an_image_that_cannot_be_shown_leaves_a_note_and_is_listed() {
    let mut d = Document::default();
    let good = d.add_image(jpeg());
    // PNG declared, JPEG bytes; and an empty "photo".
    let wrong = d.add_image(Picture {
        format: ImageFormat::Png,
        ..jpeg()
    });
    let empty = d.add_image(Picture {
        bytes: vec![],
        ..jpeg()
    });
    d.push(Block::Gallery(vec![
        (good, "好".into()),
        (wrong, "格式不符".into()),
        (empty, "空".into()),
        (ImageId(9), "不存在".into()),
    ]));
    d.push(Block::Signatures(vec![SignOff {
        role: "批准".into(),
        name: "王".into(),
        image: Some(wrong),
        date: String::new(),
    }]));
    assert_eq!(super::unreadable_images(&d), [1, 2]);
    let bytes = document_docx(&d).expect("the report is still written");
    let xml = part(&bytes, "word/document.xml");
    assert_eq!(xml.matches("（图片无法读取）").count(), 4);
    assert_eq!(xml.matches("<w:drawing>").count(), 1);
    // Only the good image is stored and related.
    let media: Vec<String> = unzip(&bytes)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    assert_eq!(media, ["word/media/image1.jpeg"]);
    assert_eq!(
        part(&bytes, "word/_rels/document.xml.rels")
            .matches("/image\"")
            .count(),
        1
    );
}

#[test]
fn rows_are_fitted_to_the_columns_like_the_pdf() {
    let mut d = Document::default();
    d.push(Block::Table(table(vec![
        vec![Cell::text("多"); 6],
        vec![Cell::text("少")],
    ])));
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    let t = first_table(&xml);
    // Header plus two rows of four cells each: extra cells left out, missing ones empty.
    assert_eq!(t.matches("<w:tc>").count(), 12);
    assert_eq!(t.matches(">多</w:t>").count(), 4);
    assert_eq!(t.matches(">少</w:t>").count(), 1);
}

#[test]
fn odd_sizes_and_empty_blocks_still_give_a_valid_file() {
    let mut d = Document::default();
    let id = d.add_image(Picture {
        width: 0,
        height: 0,
        ..png()
    });
    d.push(Block::Figure {
        image: id,
        width: f32::NAN,
        caption: String::new(),
    });
    d.push(Block::Table(Table {
        caption: String::new(),
        columns: vec![],
        rows: vec![],
    }));
    d.push(Block::Chart(BarChart {
        caption: String::new(),
        categories: vec![],
        series: vec![],
        stacked: false,
    }));
    d.push(Block::Chart(BarChart {
        caption: String::new(),
        categories: vec!["甲".into()],
        series: vec![Series {
            name: "s".into(),
            colour: (1, 2, 3),
            values: vec![f64::NAN],
        }],
        stacked: false,
    }));
    d.push(Block::Fields(vec![]));
    d.push(Block::List(vec![]));
    d.push(Block::Signatures(vec![]));
    let bytes = document_docx(&d).unwrap();
    let xml = part(&bytes, "word/document.xml");
    assert_well_formed("document.xml", &xml);
    // A zero-size image is drawn square at the full text width (17 cm).
    assert!(xml.contains("<wp:extent cx=\"6120130\" cy=\"6120130\"/>"));
    assert!(xml.contains(">—</w:t>"));
    // The body ends with a paragraph, then the section properties.
    assert!(xml.contains("</w:p><w:sectPr>"));
}

#[test]
fn a_chart_with_many_series_gets_a_row_per_series_instead_of_a_column() {
    let mut d = Document::default();
    d.push(Block::Chart(BarChart {
        caption: "图 3".into(),
        categories: vec!["甲".into(), "乙".into()],
        series: (0..70)
            .map(|i| Series {
                name: format!("系列{i}"),
                colour: (10, 20, 30),
                values: vec![1.0, i as f64],
            })
            .collect(),
        stacked: true,
    }));
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    // Four columns whatever the series count (Word allows at most 63).
    assert!(
        xml.contains(">类别</w:t>") && xml.contains(">系列</w:t>") && xml.contains(">数值</w:t>")
    );
    let grid = &xml[xml.find("<w:tblGrid>").unwrap()..xml.find("</w:tblGrid>").unwrap()];
    assert_eq!(grid.matches("<w:gridCol ").count(), 4);
    // Per category: 70 series rows and a 合计 row; the category cell spans them.
    assert_eq!(xml.matches("<w:vMerge w:val=\"restart\"/>").count(), 2);
    assert_eq!(xml.matches("<w:vMerge/>").count(), 2 * 70);
    // 乙's total: 0 + 1 + … + 69.
    assert!(xml.contains(">2415</w:t>"));
    assert_well_formed("document.xml", &xml);
}

/// The `w:sectPr` elements of document.xml, in order.
fn sections(xml: &str) -> Vec<&str> {
    xml.match_indices("<w:sectPr>")
        .map(|(i, _)| &xml[i..i + xml[i..].find("</w:sectPr>").unwrap()])
        .collect()
}

#[test]
fn a_landscape_stretch_is_a_section_of_its_own_with_wider_tables() {
    let mut d = Document::default();
    d.heading(1, "四、统计");
    d.push(Block::PageBreak);
    d.push(Block::Orientation { landscape: true });
    d.heading(1, "五、隐患清单");
    d.push(Block::Table(table(vec![vec![Cell::text("1"); 4]])));
    d.push(Block::Orientation { landscape: false });
    d.heading(1, "六、专项");
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    let s = sections(&xml);
    assert_eq!(s.len(), 3);
    assert!(s[0].contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(s[1].contains("<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"));
    assert!(s[2].contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    // Every body section names the header and footer.
    assert!(s
        .iter()
        .all(|x| x.contains("headerReference") && x.contains("footerReference")));
    // The page break before the landscape section is dropped: the section break is one.
    assert!(!xml.contains("w:type=\"page\""));
    // The landscape table spans the landscape text width (29.7 − 4 cm).
    let t = first_table(&xml);
    assert!(t.contains("<w:tblW w:w=\"14570\" w:type=\"dxa\"/>"));
    // The landscape table sits between the first and second section ends.
    let at = |needle: &str| xml.find(needle).unwrap();
    assert!(at("五、隐患清单") > at("<w:sectPr>"));
    assert!(at("六、专项") > xml.match_indices("<w:sectPr>").nth(1).unwrap().0);
}

#[test]
fn an_orientation_change_with_nothing_before_it_adds_no_blank_page() {
    let mut d = sample();
    d.blocks.clear();
    d.push(Block::Orientation { landscape: true });
    d.push(Block::Orientation { landscape: false });
    d.push(Block::Orientation { landscape: true });
    d.paragraph("横向正文");
    d.push(Block::PageBreak);
    d.push(Block::Orientation { landscape: false });
    let xml = part(&document_docx(&d).unwrap(), "word/document.xml");
    let s = sections(&xml);
    // Cover, then one landscape section; the trailing portrait request has no content
    // and only changes the orientation of the (empty) last section.
    assert_eq!(s.len(), 3);
    assert!(!s[0].contains("headerReference"));
    assert!(s[1].contains("w:orient=\"landscape\""));
    assert!(!s[2].contains("w:orient"));
    assert!(!xml.contains("w:type=\"page\""));
}

#[test]
fn a_gallery_puts_photos_two_to_a_row_over_their_captions() {
    let mut d = Document::default();
    let a = d.add_image(jpeg());
    let b = d.add_image(png());
    d.push(Block::Gallery(vec![
        (a, "照片 1 储罐区".into()),
        (b, "照片 2 签名".into()),
        (a, "照片 3 储罐区".into()),
    ]));
    let bytes = document_docx(&d).unwrap();
    let xml = part(&bytes, "word/document.xml");
    let t = first_table(&xml);
    assert_eq!(t.matches("<w:tr>").count(), 2);
    assert_eq!(t.matches("<w:tc>").count(), 4);
    assert_eq!(t.matches("<w:drawing>").count(), 3);
    assert!(t.contains("<w:gridCol w:w=\"4819\"/><w:gridCol w:w=\"4819\"/>"));
    for c in ["照片 1 储罐区", "照片 2 签名", "照片 3 储罐区"] {
        assert!(t.contains(c), "{c}");
    }
    // Caption after its photo in the same cell.
    assert!(t.find("r:embed=\"rIdImg2\"").unwrap() < t.find("照片 2 签名").unwrap());
    // The 48 × 32 photo fills its half column, 4819 − 2 × 85 twips = 2 952 115 EMU wide,
    // and two thirds of that tall.
    assert!(t.contains("<wp:extent cx=\"2952115\" cy=\"1968077\"/>"));
    assert_eq!(
        unzip(&bytes)
            .iter()
            .filter(|(n, _)| n.starts_with("word/media/"))
            .count(),
        2
    );
}
