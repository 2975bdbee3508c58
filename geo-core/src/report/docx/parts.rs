//! The package's fixed parts: content types, relationships, properties, settings,
//! styles, fonts, theme, numbering, header and footer.

use super::xml::{
    esc, field, para_raw, run, style, HEADER_GAP, MARGIN, NS_R, NS_W, PAGE_H, PAGE_W,
};
use crate::report::doc::ImageFormat;

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WML_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Relationship ids of document.xml's fixed targets; images get `rIdImg{n}`.
pub const RID_STYLES: &str = "rId1";
pub const RID_SETTINGS: &str = "rId2";
pub const RID_NUMBERING: &str = "rId3";
pub const RID_HEADER: &str = "rId4";
pub const RID_FOOTER: &str = "rId5";
pub const RID_FONTS: &str = "rId6";
pub const RID_THEME: &str = "rId7";

/// The style ids document.xml uses. The built-in ones keep Word's ids and names so
/// Word's navigation pane, TOC field and python-docx recognise them.
pub mod ids {
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const BODY: &str = "BodyText";
    pub const NOTE: &str = "ReportNote";
    pub const CAPTION: &str = "Caption";
    pub const TABLE_TEXT: &str = "TableText";
    pub const LIST: &str = "ListBullet";
    pub const TOC_HEADING: &str = "TOCHeading";
    pub const TOC1: &str = "TOC1";
    pub const TOC2: &str = "TOC2";
    pub const HEADER: &str = "Header";
    pub const FOOTER: &str = "Footer";
    pub const TABLE_GRID: &str = "TableGrid";

    pub fn heading(level: u8) -> String {
        format!("Heading{}", level.clamp(1, 3))
    }
}

/// The numbering instance bullet lists point at.
pub const BULLET_NUM_ID: u32 = 1;

/// One image stored in `word/media`.
pub struct MediaEntry {
    pub rel_id: String,
    pub file: String,
}

pub fn content_types() -> String {
    let over =
        |part: &str, ct: &str| format!("<Override PartName=\"{part}\" ContentType=\"{ct}\"/>");
    let mut s = format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    for f in [ImageFormat::Jpeg, ImageFormat::Png] {
        s.push_str(&format!(
            "<Default Extension=\"{}\" ContentType=\"{}\"/>",
            f.extension(),
            f.mime()
        ));
    }
    s.push_str(&over(
        "/word/document.xml",
        &format!("{WML_CT}.document.main+xml"),
    ));
    s.push_str(&over("/word/styles.xml", &format!("{WML_CT}.styles+xml")));
    s.push_str(&over(
        "/word/settings.xml",
        &format!("{WML_CT}.settings+xml"),
    ));
    s.push_str(&over(
        "/word/numbering.xml",
        &format!("{WML_CT}.numbering+xml"),
    ));
    s.push_str(&over("/word/header1.xml", &format!("{WML_CT}.header+xml")));
    s.push_str(&over("/word/footer1.xml", &format!("{WML_CT}.footer+xml")));
    s.push_str(&over(
        "/word/fontTable.xml",
        &format!("{WML_CT}.fontTable+xml"),
    ));
    s.push_str(&over(
        "/word/theme/theme1.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    ));
    s.push_str(&over(
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    ));
    s.push_str(&over(
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    ));
    s.push_str("</Types>");
    s
}

pub fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{REL_NS}\">\
         <Relationship Id=\"rId1\" Type=\"{OFFICE_REL}/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"{OFFICE_REL}/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

pub fn document_rels<'a>(media: impl IntoIterator<Item = &'a MediaEntry>) -> String {
    let mut s = format!(
        "{XML_DECL}<Relationships xmlns=\"{REL_NS}\">\
         <Relationship Id=\"{RID_STYLES}\" Type=\"{OFFICE_REL}/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"{RID_SETTINGS}\" Type=\"{OFFICE_REL}/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"{RID_NUMBERING}\" Type=\"{OFFICE_REL}/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"{RID_HEADER}\" Type=\"{OFFICE_REL}/header\" Target=\"header1.xml\"/>\
         <Relationship Id=\"{RID_FOOTER}\" Type=\"{OFFICE_REL}/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"{RID_FONTS}\" Type=\"{OFFICE_REL}/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"{RID_THEME}\" Type=\"{OFFICE_REL}/theme\" Target=\"theme/theme1.xml\"/>"
    );
    for m in media {
        s.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{OFFICE_REL}/image\" Target=\"media/{}\"/>",
            m.rel_id, m.file
        ));
    }
    s.push_str("</Relationships>");
    s
}

/// Core properties. The creation time is written as UTC (`Z`), which is how Word and
/// WPS read `dcterms:created`; an impossible date is left out rather than written into a
/// field Word would reject.
pub fn core(title: &str, created: Option<(u16, u8, u8, u8, u8, u8)>) -> String {
    let mut s = format!(
        "{XML_DECL}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title>",
        esc(title)
    );
    if let Some((y, mo, d, h, mi, sec)) = created {
        let valid = (1..=9999).contains(&y)
            && (1..=12).contains(&mo)
            && (1..=31).contains(&d)
            && h < 24
            && mi < 60
            && sec < 60;
        if valid {
            let t = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}Z");
            s.push_str(&format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{t}</dcterms:modified>"
            ));
        }
    }
    s.push_str("</cp:coreProperties>");
    s
}

pub fn app() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>Xiantu</Application></Properties>"
    )
}

/// `updateFields` makes Word offer to refresh the TOC and page counts on open; the
/// compatibility mode 15 keeps Word 2013+ from laying the file out in Word 2007 mode.
pub fn settings() -> String {
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{NS_W}\">\
         <w:defaultTabStop w:val=\"420\"/>\
         <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
         <w:updateFields w:val=\"true\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         </w:settings>"
    )
}

/// A bullet list numbering, used by the `ListBullet` style.
pub fn numbering() -> String {
    format!(
        "{XML_DECL}<w:numbering xmlns:w=\"{NS_W}\">\
         <w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/>\
         <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"420\" w:hanging=\"420\"/></w:pPr>\
         <w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\"/></w:rPr></w:lvl></w:abstractNum>\
         <w:num w:numId=\"{BULLET_NUM_ID}\"><w:abstractNumId w:val=\"0\"/></w:num>\
         </w:numbering>"
    )
}

/// Sizes follow the Chinese 字号 names users set in Word and WPS: body 五号 (10.5 pt) in
/// 宋体, headings 黑体 三号/四号/小四, title 二号, tables 小五 so a ten-column 隐患清单
/// still fits A4 portrait. Latin text is Times New Roman, as in most 安全评价 reports.
pub fn styles() -> String {
    const SONG: &str = "<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:hint=\"eastAsia\"/>";
    const HEI: &str = "<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"黑体\" w:hAnsi=\"Times New Roman\" w:hint=\"eastAsia\"/>";
    let sz = |half_points: u32| {
        format!("<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>")
    };
    let para_style = |id: &str,
                      name: &str,
                      based: Option<&str>,
                      extra: &str,
                      ppr: &str,
                      rpr: &str| {
        let based = based
            .map(|b| format!("<w:basedOn w:val=\"{b}\"/>"))
            .unwrap_or_default();
        let ppr = if ppr.is_empty() {
            String::new()
        } else {
            format!("<w:pPr>{ppr}</w:pPr>")
        };
        let rpr = if rpr.is_empty() {
            String::new()
        } else {
            format!("<w:rPr>{rpr}</w:rPr>")
        };
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}{extra}{ppr}{rpr}</w:style>"
        )
    };
    let next_normal = "<w:next w:val=\"Normal\"/><w:qFormat/>";
    let heading = |level: u8, before: u32, after: u32, size: u32| {
        para_style(
            &ids::heading(level),
            &format!("heading {level}"),
            Some("Normal"),
            next_normal,
            &format!(
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"{after}\"/>\
                 <w:jc w:val=\"left\"/><w:outlineLvl w:val=\"{}\"/>",
                level - 1
            ),
            &format!("{HEI}<w:b/><w:bCs/>{}", sz(size)),
        )
    };
    let cell_margins = "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
                        <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>";
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let grid_borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|s| border(s))
        .collect();

    let mut s = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{NS_W}\">\
         <w:docDefaults><w:rPrDefault><w:rPr>{SONG}<w:kern w:val=\"2\"/>{}\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault/></w:docDefaults>",
        sz(21)
    );
    s.push_str(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>",
    );
    s.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
    );
    s.push_str(&format!(
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>{cell_margins}</w:tblPr></w:style>"
    ));
    s.push_str(&format!(
        "<w:style w:type=\"table\" w:styleId=\"{}\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>\
         <w:uiPriority w:val=\"59\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:tblPr><w:tblBorders>{grid_borders}</w:tblBorders></w:tblPr></w:style>",
        ids::TABLE_GRID
    ));
    s.push_str(
        "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
    );
    s.push_str(&para_style(
        ids::TITLE,
        "Title",
        Some("Normal"),
        next_normal,
        "<w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
        &format!("{HEI}<w:b/><w:bCs/>{}", sz(44)),
    ));
    s.push_str(&para_style(
        ids::SUBTITLE,
        "Subtitle",
        Some("Normal"),
        next_normal,
        "<w:spacing w:before=\"120\" w:after=\"240\"/><w:jc w:val=\"center\"/>",
        &format!("{HEI}{}", sz(32)),
    ));
    s.push_str(&heading(1, 360, 240, 32));
    s.push_str(&heading(2, 240, 120, 28));
    s.push_str(&heading(3, 180, 60, 24));
    s.push_str(&para_style(
        ids::BODY,
        "Body Text",
        Some("Normal"),
        "<w:qFormat/>",
        "<w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"420\"/>",
        "",
    ));
    s.push_str(&para_style(
        ids::NOTE,
        "Report Note",
        Some("Normal"),
        "<w:qFormat/>",
        "<w:spacing w:before=\"60\" w:after=\"60\"/>",
        &format!("<w:color w:val=\"595959\"/>{}", sz(18)),
    ));
    s.push_str(&para_style(
        ids::CAPTION,
        "caption",
        Some("Normal"),
        next_normal,
        "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\"/><w:jc w:val=\"center\"/>",
        &format!("{HEI}{}", sz(21)),
    ));
    s.push_str(&para_style(
        ids::TABLE_TEXT,
        "Table Text",
        Some("Normal"),
        "<w:qFormat/>",
        "<w:spacing w:before=\"20\" w:after=\"20\"/><w:jc w:val=\"left\"/>",
        &sz(18),
    ));
    s.push_str(&para_style(
        ids::LIST,
        "List Bullet",
        Some("Normal"),
        "",
        &format!(
            "<w:numPr><w:numId w:val=\"{BULLET_NUM_ID}\"/></w:numPr>\
             <w:spacing w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/><w:ind w:left=\"420\" w:hanging=\"420\"/>"
        ),
        "",
    ));
    s.push_str(&para_style(
        ids::TOC_HEADING,
        "TOC Heading",
        Some("Normal"),
        next_normal,
        "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"9\"/>",
        &format!("{HEI}<w:b/><w:bCs/>{}", sz(32)),
    ));
    let toc_tab = format!(
        "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{}\"/></w:tabs>",
        super::xml::TEXT_W
    );
    s.push_str(&para_style(
        ids::TOC1,
        "toc 1",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>",
        &format!("{toc_tab}<w:spacing w:before=\"120\" w:after=\"0\"/>"),
        &format!("{HEI}{}", sz(21)),
    ));
    s.push_str(&para_style(
        ids::TOC2,
        "toc 2",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>",
        &format!("{toc_tab}<w:spacing w:before=\"0\" w:after=\"0\"/><w:ind w:leftChars=\"200\" w:left=\"420\"/>"),
        "",
    ));
    s.push_str(&para_style(
        ids::HEADER,
        "header",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr>\
         <w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs>\
         <w:snapToGrid w:val=\"0\"/><w:jc w:val=\"center\"/>",
        &sz(18),
    ));
    s.push_str(&para_style(
        ids::FOOTER,
        "footer",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
        "<w:tabs><w:tab w:val=\"center\" w:pos=\"4819\"/><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs>\
         <w:snapToGrid w:val=\"0\"/><w:jc w:val=\"center\"/>",
        &sz(18),
    ));
    s.push_str("</w:styles>");
    s
}

/// The fonts the styles name. The alternative names let Word for Mac, LibreOffice and
/// WPS on Linux, which know SimSun/SimHei by their English names, find the same faces,
/// and the charset marks 宋体 and 黑体 as GB2312 fonts.
pub fn font_table() -> String {
    let font = |name: &str, alt: &str, panose: &str, charset: &str, family: &str, pitch: &str| {
        let alt = if alt.is_empty() {
            String::new()
        } else {
            format!("<w:altName w:val=\"{alt}\"/>")
        };
        format!(
            "<w:font w:name=\"{name}\">{alt}<w:panose1 w:val=\"{panose}\"/><w:charset w:val=\"{charset}\"/>\
             <w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        )
    };
    [
        format!("{XML_DECL}<w:fonts xmlns:w=\"{NS_W}\">"),
        font(
            "Times New Roman",
            "",
            "02020603050405020304",
            "00",
            "roman",
            "variable",
        ),
        font(
            "宋体",
            "SimSun",
            "02010600030101010101",
            "86",
            "auto",
            "variable",
        ),
        font(
            "黑体",
            "SimHei",
            "02010609060101010101",
            "86",
            "modern",
            "fixed",
        ),
        font(
            "Arial",
            "",
            "020B0604020202020204",
            "00",
            "swiss",
            "variable",
        ),
        "</w:fonts>".to_string(),
    ]
    .concat()
}

/// A minimal Office theme. The styles name their fonts and colours directly, so the
/// theme only has to exist (Word and the OOXML validators expect one) and, should a
/// user apply a theme font, point it at the same 宋体/黑体.
pub fn theme() -> String {
    const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
    let colours: String = [
        ("accent1", "4472C4"),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ]
    .iter()
    .map(|(n, c)| format!("<a:{n}><a:srgbClr val=\"{c}\"/></a:{n}>"))
    .collect();
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = format!("<a:ln w=\"6350\">{fill}</a:ln>");
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        "{XML_DECL}<a:theme xmlns:a=\"{A}\" name=\"Xiantu\"><a:themeElements>\
         <a:clrScheme name=\"Xiantu\">\
         <a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>\
         <a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>\
         <a:dk2><a:srgbClr val=\"44546A\"/></a:dk2><a:lt2><a:srgbClr val=\"E7E6E6\"/></a:lt2>\
         {colours}</a:clrScheme>\
         <a:fontScheme name=\"Xiantu\">\
         <a:majorFont><a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"黑体\"/><a:cs typeface=\"\"/></a:majorFont>\
         <a:minorFont><a:latin typeface=\"Times New Roman\"/><a:ea typeface=\"宋体\"/><a:cs typeface=\"\"/></a:minorFont>\
         </a:fontScheme>\
         <a:fmtScheme name=\"Xiantu\">\
         <a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>\
         <a:lnStyleLst>{line}{line}{line}</a:lnStyleLst>\
         <a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
         <a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst>\
         </a:fmtScheme></a:themeElements></a:theme>"
    )
}

pub fn header(text: &str) -> String {
    format!(
        "{XML_DECL}<w:hdr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\">{}</w:hdr>",
        para_raw(&style(ids::HEADER), &run(text, ""))
    )
}

/// 第 X 页 共 Y 页. NUMPAGES counts the cover too, so page numbers run on from it
/// (the first page after the cover is 第 2 页) and the two numbers always agree.
pub fn footer() -> String {
    let runs = [
        run("第 ", ""),
        field("PAGE", "1", ""),
        run(" 页 共 ", ""),
        field("NUMPAGES", "1", ""),
        run(" 页", ""),
    ]
    .concat();
    format!(
        "{XML_DECL}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\">{}</w:ftr>",
        para_raw(&style(ids::FOOTER), &runs)
    )
}

/// The page setup every section shares; `refs` are the header/footer references (empty
/// for the cover, which has neither).
pub fn section(refs: &str, landscape: bool) -> String {
    let size = if landscape {
        format!("<w:pgSz w:w=\"{PAGE_H}\" w:h=\"{PAGE_W}\" w:orient=\"landscape\"/>")
    } else {
        format!("<w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/>")
    };
    format!(
        "<w:sectPr>{refs}{size}\
         <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
         w:header=\"{HEADER_GAP}\" w:footer=\"{HEADER_GAP}\" w:gutter=\"0\"/>\
         <w:cols w:space=\"425\"/></w:sectPr>"
    )
}

/// A body section: running header and page-number footer. Each names them itself
/// rather than inheriting, so a landscape section between portrait ones keeps both.
pub fn body_section(landscape: bool) -> String {
    section(
        &format!(
            "<w:headerReference w:type=\"default\" r:id=\"{RID_HEADER}\"/>\
             <w:footerReference w:type=\"default\" r:id=\"{RID_FOOTER}\"/>"
        ),
        landscape,
    )
}
