//! `word/document.xml`: the cover in a section of its own (no header or footer), then the
//! blocks in the body section that carries the running header and page numbers.

use super::chart::chart;
use super::parts::{body_section, ids, section};
use super::picture::Pictures;
use super::table::{cover_fields, fields, signatures, table};
use super::xml::{
    esc, para, para_raw, run, style, EMU_PER_CM, EMU_PER_TWIP, MARGIN, NS_R, NS_W, PAGE_H, TEXT_W,
};
use crate::report::doc::{Block, Cover, Document};
use crate::report::ReportError;

/// Room for a figure: the text height less space for its caption and the header.
const FIGURE_MAX_H: i64 = (PAGE_H - 2 * MARGIN) as i64 * EMU_PER_TWIP - 3 * EMU_PER_CM;
/// Width of the cover's sign-off table, narrower than the text so it sits centred.
const SIGN_OFF_W: u32 = 7800;
const TOC_PLACEHOLDER: &str = "右键更新域以生成目录";

pub fn document(doc: &Document, pics: &mut Pictures) -> Result<String, ReportError> {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>"
    );
    if doc.cover != Cover::default() {
        out.push_str(&cover(&doc.cover, pics)?);
    }
    for block in &doc.blocks {
        out.push_str(&self::block(block, doc, pics)?);
    }
    // A document must not end in a table (Word then adds a paragraph and marks the file
    // as changed), and the final section properties follow the last paragraph.
    if !(out.ends_with("</w:p>") || out.ends_with("<w:p/>")) {
        out.push_str("<w:p/>");
    }
    out.push_str(&body_section());
    out.push_str("</w:body></w:document>");
    Ok(out)
}

/// A blank paragraph `before` twips tall, to space the cover out.
fn spacer(before: u32) -> String {
    para_raw(
        &format!("<w:spacing w:before=\"{before}\" w:after=\"0\"/>"),
        "",
    )
}

fn cover(c: &Cover, pics: &mut Pictures) -> Result<String, ReportError> {
    let mut out = spacer(2400);
    out.push_str(&para(&style(ids::TITLE), &c.title, ""));
    if !c.subtitle.is_empty() {
        out.push_str(&para(&style(ids::SUBTITLE), &c.subtitle, ""));
    }
    if !c.fields.is_empty() {
        out.push_str(&spacer(1200));
        out.push_str(&cover_fields(&c.fields));
    }
    if !c.sign_off.is_empty() {
        out.push_str(&spacer(1000));
        out.push_str(&signatures(&c.sign_off, SIGN_OFF_W, pics)?);
    }
    if let Some(w) = &c.warning {
        let rpr = "<w:rPr><w:b/><w:bCs/><w:color w:val=\"C00000\"/></w:rPr>";
        out.push_str(&para(
            "<w:spacing w:before=\"600\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
            w,
            rpr,
        ));
    }
    if !c.footer.is_empty() {
        let rpr = "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>";
        out.push_str(&para(
            "<w:spacing w:before=\"1200\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
            &c.footer,
            rpr,
        ));
    }
    // The cover's section ends here; the next section starts on a new page.
    out.push_str(&para_raw(&section(""), ""));
    Ok(out)
}

fn block(b: &Block, doc: &Document, pics: &mut Pictures) -> Result<String, ReportError> {
    Ok(match b {
        Block::Heading { level, text } => para(&style(&ids::heading(*level)), text, ""),
        Block::Paragraph(text) => para(&style(ids::BODY), text, ""),
        Block::Note(text) => para(&style(ids::NOTE), text, ""),
        Block::Fields(pairs) => after_table(fields(pairs)),
        Block::List(items) => items
            .iter()
            .map(|item| {
                para(
                    &format!(
                        "{}<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{}\"/></w:numPr>",
                        style(ids::LIST),
                        super::parts::BULLET_NUM_ID
                    ),
                    item,
                    "",
                )
            })
            .collect(),
        Block::Table(t) => after_table(table(t, pics)?),
        Block::Figure {
            image,
            width,
            caption,
        } => {
            let fraction = if width.is_finite() && *width > 0.0 {
                width.min(1.0) as f64
            } else {
                1.0
            };
            let max_w = (TEXT_W as f64 * fraction) as i64 * EMU_PER_TWIP;
            let pic = pics.fitted(*image, max_w, FIGURE_MAX_H)?;
            let mut out = para_raw(
                "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
                &pic,
            );
            if !caption.is_empty() {
                out.push_str(&para(&style(ids::CAPTION), caption, ""));
            }
            out
        }
        Block::Chart(c) => chart(c),
        Block::Signatures(list) => after_table(signatures(list, TEXT_W, pics)?),
        Block::Contents => contents(doc),
        Block::PageBreak => "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>".into(),
    })
}

/// A table followed by an empty paragraph: it gives the gap before the next block, and
/// keeps two tables in a row from being joined into one by Word.
fn after_table(xml: String) -> String {
    if xml.is_empty() {
        xml
    } else {
        xml + "<w:p/>"
    }
}

/// 目录: a TOC field over headings 1–2. Its result is filled in now with the heading
/// texts (no page numbers yet) so the contents read right even where fields are never
/// updated; Word updates it on open (`updateFields`), WPS on 更新域.
fn contents(doc: &Document) -> String {
    let mut out = para(&style(ids::TOC_HEADING), "目  录", "");
    let begin = format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
        esc("TOC \\o \"1-2\" \\h \\z \\u")
    );
    let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
    let entries = doc.contents_entries();
    let mut first = format!("{begin}{}", run(TOC_PLACEHOLDER, ""));
    if entries.is_empty() {
        first.push_str(end);
    }
    out.push_str(&para_raw(&style(ids::NOTE), &first));
    for (i, (level, text)) in entries.iter().enumerate() {
        let id = if *level <= 1 { ids::TOC1 } else { ids::TOC2 };
        let mut runs = run(text, "");
        if i + 1 == entries.len() {
            runs.push_str(end);
        }
        out.push_str(&para_raw(&style(id), &runs));
    }
    out
}
