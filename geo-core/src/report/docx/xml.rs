//! Text into WordprocessingML: escaping, runs and the page geometry every part shares.

/// A4 portrait with 2 cm margins, in twips (1/20 pt), the unit of page and table sizes.
pub const PAGE_W: u32 = 11906;
pub const PAGE_H: u32 = 16838;
pub const MARGIN: u32 = 1134;
/// Text width of a portrait page.
pub const TEXT_W: u32 = PAGE_W - 2 * MARGIN;

/// Text width of a page in either orientation, which tables and figures are sized to.
pub fn text_width(landscape: bool) -> u32 {
    if landscape {
        PAGE_H - 2 * MARGIN
    } else {
        TEXT_W
    }
}

/// Text height of a page in either orientation.
pub fn text_height(landscape: bool) -> u32 {
    if landscape {
        PAGE_W - 2 * MARGIN
    } else {
        PAGE_H - 2 * MARGIN
    }
}
/// Header and footer sit 1 cm from the paper edge, inside the 2 cm margin.
pub const HEADER_GAP: u32 = 567;

/// DrawingML sizes are in EMU; 635 EMU make a twip, 360 000 a centimetre.
pub const EMU_PER_TWIP: i64 = 635;
pub const EMU_PER_CM: i64 = 360_000;

/// Left and right padding of every table cell, so a picture fitted to a column knows
/// how much room it really has.
pub const CELL_PAD: u32 = 85;

pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub(crate) use crate::xml_text::esc;

/// Colour as WordprocessingML writes it: six hex digits, no `#`.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("{r:02X}{g:02X}{b:02X}")
}

/// One run holding `text`. Line breaks in the text become `w:br` and tabs `w:tab`, since
/// Word collapses raw newlines inside `w:t` into spaces. `rpr` is a complete `w:rPr`
/// element or empty.
pub fn run(text: &str, rpr: &str) -> String {
    let mut out = format!("<w:r>{rpr}");
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            let piece = esc(piece);
            if !piece.is_empty() {
                out.push_str("<w:t xml:space=\"preserve\">");
                out.push_str(&piece);
                out.push_str("</w:t>");
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// A paragraph of one run. `ppr` is the inside of `w:pPr` (may be empty).
pub fn para(ppr: &str, text: &str, rpr: &str) -> String {
    let runs = if text.is_empty() {
        String::new()
    } else {
        run(text, rpr)
    };
    para_raw(ppr, &runs)
}

/// A paragraph around runs already written.
pub fn para_raw(ppr: &str, runs: &str) -> String {
    if ppr.is_empty() {
        format!("<w:p>{runs}</w:p>")
    } else {
        format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
    }
}

/// `w:pStyle` for a style id.
pub fn style(id: &str) -> String {
    format!("<w:pStyle w:val=\"{id}\"/>")
}

/// A complex field (`PAGE`, `NUMPAGES`, `TOC …`) with a cached result, written as the
/// begin/instr/separate/result/end runs that Word, WPS and LibreOffice all read.
pub fn field(instr: &str, cached: &str, rpr: &str) -> String {
    format!(
        "<w:r>{rpr}<w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r>{rpr}<w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r>\
         <w:r>{rpr}<w:fldChar w:fldCharType=\"separate\"/></w:r>\
         {}\
         <w:r>{rpr}<w:fldChar w:fldCharType=\"end\"/></w:r>",
        esc(instr),
        run(cached, rpr)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esc_escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c'");
        assert_eq!(esc("x\u{0}\u{1}\u{b}\u{c}\u{1f}y\u{FFFE}\u{FFFF}z"), "xyz");
        assert_eq!(esc("隐患\t1\n2"), "隐患\t1\n2");
    }

    #[test]
    fn run_turns_newlines_and_tabs_into_breaks() {
        assert_eq!(
            run("甲\r\n乙\t丙", ""),
            "<w:r><w:t xml:space=\"preserve\">甲</w:t><w:br/>\
             <w:t xml:space=\"preserve\">乙</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">丙</w:t></w:r>"
        );
    }

    #[test]
    fn hex_is_upper_case_without_hash() {
        assert_eq!(hex((215, 25, 0)), "D71900");
    }
}
