//! A minimal flow layout: wraps text into lines and lines into pages. Widths are estimated
//! per character (CJK full width, Latin about half), which is what a report of mostly
//! Chinese text needs and keeps layout free of font metrics.

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub indent: f32,
    /// Draw a filled swatch of this colour before the text (grade colour).
    pub swatch: Option<(u8, u8, u8)>,
    /// Extra space above the line, in points.
    pub space_before: f32,
}

/// Estimated advance of `c` in ems.
fn advance(c: char) -> f32 {
    if c.is_ascii() {
        if c.is_ascii_uppercase() || c.is_ascii_digit() {
            0.62
        } else {
            0.52
        }
    } else {
        1.0
    }
}

/// Splits `text` into lines no wider than `width` points at `size`; explicit newlines break
/// too. Latin words are kept whole when they fit on a line of their own.
pub fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0.0;
        let mut last_space: Option<usize> = None;
        for c in para.chars() {
            let a = advance(c) * size;
            if w + a > width && !line.is_empty() {
                // Break at the last space for Latin text, else before this character.
                match last_space.filter(|_| c.is_ascii_alphanumeric()) {
                    Some(at) => {
                        let rest = line.split_off(at);
                        lines.push(line.trim_end().to_string());
                        line = rest.trim_start().to_string();
                    }
                    None => lines.push(std::mem::take(&mut line)),
                }
                w = line.chars().map(|c| advance(c) * size).sum();
                last_space = None;
            }
            if c == ' ' {
                last_space = Some(line.len());
            }
            line.push(c);
            w += a;
        }
        lines.push(line);
    }
    lines
}

/// Line height for a font size, in points.
pub fn leading(size: f32) -> f32 {
    size * 1.5
}

/// Splits lines into pages of at most `height` points.
pub fn paginate(lines: Vec<Line>, height: f32) -> Vec<Vec<Line>> {
    let mut pages = vec![Vec::new()];
    let mut y = 0.0;
    for line in lines {
        let h = line.space_before + leading(line.size);
        if y + h > height && !pages.last().is_some_and(|p| p.is_empty()) {
            pages.push(Vec::new());
            y = 0.0;
        }
        y += h;
        pages.last_mut().expect("pages is never empty").push(line);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_cjk_breaks_by_width() {
        // 10 pt CJK characters, 45 pt wide: 4 per line.
        assert_eq!(
            wrap("一二三四五六七八九", 10.0, 45.0),
            ["一二三四", "五六七八", "九"]
        );
    }

    #[test]
    fn wrap_keeps_latin_words_whole() {
        assert_eq!(wrap("abc defgh", 10.0, 40.0), ["abc", "defgh"]);
    }

    #[test]
    fn wrap_respects_newlines_and_empty_text() {
        assert_eq!(wrap("甲\n乙", 10.0, 100.0), ["甲", "乙"]);
        assert_eq!(wrap("", 10.0, 100.0), [""]);
    }

    #[test]
    fn paginate_starts_new_page_when_full() {
        let line = Line {
            text: "x".into(),
            size: 10.0,
            indent: 0.0,
            swatch: None,
            space_before: 0.0,
        };
        let pages = paginate(vec![line; 5], 31.0); // 15 pt per line: 2 per page
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    }
}
