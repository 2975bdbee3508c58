//! The site report's flow layout: lines into pages (wrapping is [`super::Measure`]'s).

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
