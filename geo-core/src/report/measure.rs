//! Text widths from the font's own advances, so table cells wrap where the printed text
//! really ends. Without a font (layout tests, the DOCX writer) a per-character estimate
//! stands in: CJK full width, Latin about half.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// Advance widths of characters, in ems.
pub struct Measure<'a> {
    font: Option<Font<'a>>,
}

struct Font<'a> {
    charmap: skrifa::charmap::Charmap<'a>,
    metrics: skrifa::metrics::GlyphMetrics<'a>,
    units_per_em: f32,
}

impl<'a> Measure<'a> {
    /// Reads the advances of `font` (TrueType/OpenType bytes); `None` when they are not a
    /// font skrifa can read.
    pub fn from_font(font: &'a [u8]) -> Option<Self> {
        let f = FontRef::new(font).ok()?;
        let units_per_em = f
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em;
        if units_per_em == 0 {
            return None;
        }
        Some(Measure {
            font: Some(Font {
                charmap: f.charmap(),
                metrics: f.glyph_metrics(Size::unscaled(), LocationRef::default()),
                units_per_em: units_per_em as f32,
            }),
        })
    }

    /// The estimate, for layout without a font.
    pub fn estimate() -> Self {
        Measure { font: None }
    }

    /// Advance of `c` in ems.
    pub fn advance(&self, c: char) -> f32 {
        if let Some(f) = &self.font {
            if let Some(w) = f.charmap.map(c).and_then(|g| f.metrics.advance_width(g)) {
                return w / f.units_per_em;
            }
        }
        estimate(c)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size
    }

    /// Splits `text` into lines no wider than `width` points at `size`; newlines break
    /// too. Latin words are kept whole when they fit on a line of their own; CJK breaks
    /// between any two characters, but not before closing punctuation (。，、；：？！）」》),
    /// which a Chinese reader expects at the end of a line, not the start of the next.
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            let mut last_space: Option<usize> = None;
            for c in para.chars() {
                let a = self.advance(c) * size;
                if w + a > width && !line.is_empty() && !is_closing(c) {
                    match last_space.filter(|_| c.is_ascii_alphanumeric()) {
                        Some(at) => {
                            let rest = line.split_off(at);
                            lines.push(line.trim_end().to_string());
                            line = rest.trim_start().to_string();
                        }
                        None => lines.push(std::mem::take(&mut line)),
                    }
                    w = self.width(&line, size);
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
}

/// Punctuation that must not start a line (禁则).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '。' | '，'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '》'
            | '”'
            | '’'
            | ')'
            | ','
            | '.'
            | ';'
            | ':'
            | '%'
            | '％'
    )
}

/// Estimated advance of `c` in ems.
fn estimate(c: char) -> f32 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_wraps_cjk_by_width() {
        let m = Measure::estimate();
        assert_eq!(
            m.wrap("一二三四五六七八九", 10.0, 45.0),
            ["一二三四", "五六七八", "九"]
        );
        assert_eq!(m.wrap("abc defgh", 10.0, 40.0), ["abc", "defgh"]);
        assert_eq!(m.wrap("甲\n乙", 10.0, 100.0), ["甲", "乙"]);
        assert_eq!(m.wrap("", 10.0, 100.0), [""]);
    }

    #[test]
    fn closing_punctuation_stays_on_the_line_it_closes() {
        let m = Measure::estimate();
        // 4 characters fit; the 。 would start line 2, so it hangs on line 1 instead.
        assert_eq!(m.wrap("一二三四。五六", 10.0, 45.0), ["一二三四。", "五六"]);
    }

    #[test]
    fn font_advances_are_read_when_the_font_is_there() {
        // The npm font is installed by scripts/test.sh (npm ci at the repo root).
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"
        );
        let bytes = std::fs::read(path).expect("npm font installed (npm ci at the repo root)");
        let m = Measure::from_font(&bytes).expect("Noto Sans SC reads");
        assert!((m.advance('中') - 1.0).abs() < 1e-3, "CJK is one em");
        let i = m.advance('i');
        let w = m.advance('W');
        assert!(i < 0.35 && w > 0.8, "proportional Latin: i {i}, W {w}");
        assert!(Measure::from_font(b"not a font").is_none());
    }
}
