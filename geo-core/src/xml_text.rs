//! Text for hand-written XML (KML export, DOCX reports).

/// Escapes text for element content and double-quoted attributes (an apostrophe needs
/// no escape in either).
///
/// Characters XML 1.0 cannot carry at all (C0 controls other than tab and line breaks,
/// U+FFFE, U+FFFF) are dropped: a stray control character pasted into a record must not
/// make the reading program refuse the whole file.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn esc_escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            super::esc("a<b>&\"c'\u{1}\t\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;c'\t"
        );
    }
}
