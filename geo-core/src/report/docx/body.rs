//! `word/document.xml`: the cover in a section of its own (no header or footer), then the
//! blocks in body sections that carry the running header and page numbers; a change of
//! orientation starts a new section.

use super::chart::chart;
use super::parts::{body_section, ids, section, BULLET_NUM_ID};
use super::picture::Pictures;
use super::table::{cover_fields, fields, gallery, signatures, table};
use super::xml::{
    esc, para, para_raw, run, style, text_height, text_width, EMU_PER_CM, EMU_PER_TWIP, NS_R, NS_W,
};
use crate::report::doc::{Block, Cover, Document};

/// Width of the cover's sign-off table, narrower than the text so it sits centred.
const SIGN_OFF_W: u32 = 7800;
const TOC_PLACEHOLDER: &str = "右键更新域以生成目录";
const PAGE_BREAK: &str = "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";

/// Where the body writer is: the orientation of the section being written and where
/// that section's content starts. A section with nothing in it yet takes a new
/// orientation without a break, so no blank page appears.
struct Flow {
    xml: String,
    landscape: bool,
    section_start: usize,
}

impl Flow {
    /// Ends the current section and starts one in the other orientation. A page break
    /// just before is dropped: the section break already starts a new page.
    fn orient(&mut self, landscape: bool) {
        if landscape == self.landscape {
            return;
        }
        if self.xml.ends_with(PAGE_BREAK) && self.xml.len() - PAGE_BREAK.len() >= self.section_start
        {
            self.xml.truncate(self.xml.len() - PAGE_BREAK.len());
        }
        if self.xml.len() > self.section_start {
            self.xml
                .push_str(&para_raw(&body_section(self.landscape), ""));
            self.section_start = self.xml.len();
        }
        self.landscape = landscape;
    }
}

pub fn document(doc: &Document, pics: &mut Pictures) -> String {
    let mut f = Flow {
        xml: format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" \
             xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
             xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
             xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>"
        ),
        landscape: false,
        section_start: 0,
    };
    if doc.cover != Cover::default() {
        f.xml.push_str(&cover(&doc.cover, pics));
    }
    f.section_start = f.xml.len();
    for b in &doc.blocks {
        match b {
            Block::Orientation { landscape } => f.orient(*landscape),
            _ => {
                let xml = block(b, doc, f.landscape, pics);
                f.xml.push_str(&xml);
            }
        }
    }
    // A document must not end in a table (Word then adds a paragraph and marks the file
    // as changed), and the final section properties follow the last paragraph.
    if !(f.xml.ends_with("</w:p>") || f.xml.ends_with("<w:p/>")) {
        f.xml.push_str("<w:p/>");
    }
    f.xml.push_str(&body_section(f.landscape));
    f.xml.push_str("</w:body></w:document>");
    f.xml
}

/// A blank paragraph `before` twips tall, to space the cover out.
fn spacer(before: u32) -> String {
    para_raw(
        &format!("<w:spacing w:before=\"{before}\" w:after=\"0\"/>"),
        "",
    )
}

fn cover(c: &Cover, pics: &mut Pictures) -> String {
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
        out.push_str(&signatures(&c.sign_off, SIGN_OFF_W, pics));
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
    out.push_str(&para_raw(&section("", false), ""));
    out
}

fn block(b: &Block, doc: &Document, landscape: bool, pics: &mut Pictures) -> String {
    let width = text_width(landscape);
    match b {
        Block::Heading { level, text } => para(&style(&ids::heading(*level)), text, ""),
        Block::Paragraph(text) => para(&style(ids::BODY), text, ""),
        Block::Note(text) => para(&style(ids::NOTE), text, ""),
        Block::Fields(pairs) => after_table(fields(pairs, width)),
        Block::List(items) => items
            .iter()
            .map(|item| {
                para(
                    &format!(
                        "{}<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{BULLET_NUM_ID}\"/></w:numPr>",
                        style(ids::LIST)
                    ),
                    item,
                    "",
                )
            })
            .collect(),
        Block::Table(t) => after_table(table(t, width, pics)),
        Block::Figure {
            image,
            width: fraction,
            caption,
        } => {
            let fraction = if fraction.is_finite() && *fraction > 0.0 {
                fraction.min(1.0) as f64
            } else {
                1.0
            };
            let max_w = (width as f64 * fraction) as i64 * EMU_PER_TWIP;
            // A figure taller than the page is scaled down, leaving room for its caption.
            let max_h = text_height(landscape) as i64 * EMU_PER_TWIP - 3 * EMU_PER_CM;
            let pic = pics.fitted(*image, max_w, max_h);
            let mut out = para_raw(
                "<w:keepNext/><w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/>",
                &pic,
            );
            if !caption.is_empty() {
                out.push_str(&para(&style(ids::CAPTION), caption, ""));
            }
            out
        }
        Block::Chart(c) => chart(c, width),
        Block::Gallery(items) => after_table(gallery(items, width, pics)),
        Block::Signatures(list) => after_table(signatures(list, width, pics)),
        Block::Contents => contents(doc),
        Block::PageBreak => PAGE_BREAK.into(),
        // Handled by the flow: it changes the section, not the content.
        Block::Orientation { .. } => String::new(),
    }
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
