//! The report as content, before any file format: headings, paragraphs, tables, figures,
//! charts and signatures. The inspection and risk-assessment reports are built as a
//! [`Document`] once; the PDF and DOCX writers each render the same value, so the two
//! formats cannot drift apart in what they say.

/// An RGB colour.
pub type Rgb = (u8, u8, u8);

/// Index of an image in [`Document::images`]; cells, figures and signatures refer to
/// images by index so a photo shown as a thumbnail and again full size is stored once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageId(pub usize);

/// How an image's bytes are encoded. Photos stay JPEG (embedded as they are); the map
/// snapshot and signatures are PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Jpeg,
    Png,
}

impl ImageFormat {
    /// The format of a stored photo's MIME type; `None` for one reports cannot embed.
    pub fn from_mime(mime: &str) -> Option<Self> {
        match mime {
            "image/jpeg" | "image/jpg" => Some(ImageFormat::Jpeg),
            "image/png" => Some(ImageFormat::Png),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
        }
    }
}

/// An embedded image with its pixel size (needed to keep the aspect ratio).
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

impl Picture {
    /// Height over width; 1 for a degenerate image so layout never divides by zero.
    pub fn aspect(&self) -> f32 {
        if self.width == 0 || self.height == 0 {
            1.0
        } else {
            self.height as f32 / self.width as f32
        }
    }
}

/// The cover page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cover {
    pub title: String,
    pub subtitle: String,
    /// Label and value lines under the title (受检单位, 报告编号, 排查日期, …).
    pub fields: Vec<(String, String)>,
    /// 编制 / 审核 / 批准 block.
    pub sign_off: Vec<SignOff>,
    /// Issuer line at the foot of the cover (unit and date).
    pub footer: String,
    /// A warning printed on the cover, e.g. that the data is the fictional demo.
    pub warning: Option<String>,
}

/// One signature line: a role, a name, and the drawn signature when there is one.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOff {
    pub role: String,
    pub name: String,
    pub image: Option<ImageId>,
    pub date: String,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Centre,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    /// Relative width; the writer scales the weights to the text width.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, weight: f32) -> Self {
        Column {
            title: title.to_string(),
            weight,
            align: Align::Left,
        }
    }

    pub fn centred(title: &str, weight: f32) -> Self {
        Column {
            align: Align::Centre,
            ..Column::new(title, weight)
        }
    }

    pub fn right(title: &str, weight: f32) -> Self {
        Column {
            align: Align::Right,
            ..Column::new(title, weight)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Text on a filled background (a risk grade in its colour); the writer picks black or
    /// white text for contrast.
    Filled {
        text: String,
        fill: Rgb,
    },
    /// A photo thumbnail fitted to the column.
    Image(ImageId),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// The cell's text, empty for an image.
    pub fn as_text(&self) -> &str {
        match self {
            Cell::Text(t) | Cell::Filled { text: t, .. } => t,
            Cell::Image(_) => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Printed above the table (表 1 …); may be empty.
    pub caption: String,
    pub columns: Vec<Column>,
    /// Every row has one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// One series of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub colour: Rgb,
    /// One value per category.
    pub values: Vec<f64>,
}

/// A vertical bar chart, bars of the series side by side in each category.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub caption: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Stack the series instead of placing them side by side.
    pub stacked: bool,
}

impl BarChart {
    /// The largest bar (or stack), for the axis; at least 1.
    pub fn max_value(&self) -> f64 {
        let n = self.categories.len();
        let per_cat = (0..n).map(|i| {
            let vals = self
                .series
                .iter()
                .map(|s| s.values.get(i).copied().unwrap_or(0.0));
            if self.stacked {
                vals.sum::<f64>()
            } else {
                vals.fold(0.0, f64::max)
            }
        });
        per_cat.fold(1.0, f64::max)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Level 1 starts a chapter and is listed in the contents with level 2; level 3 is a
    /// run-in heading.
    Heading {
        level: u8,
        text: String,
    },
    Paragraph(String),
    /// Small grey text: notes, sources, warnings.
    Note(String),
    /// Label–value pairs laid out as a two-column table without a header.
    Fields(Vec<(String, String)>),
    /// A bulleted list.
    List(Vec<String>),
    Table(Table),
    Figure {
        image: ImageId,
        /// Fraction of the text width, 0–1; the height follows the aspect ratio, and a
        /// figure taller than the page is scaled down to fit.
        width: f32,
        caption: String,
    },
    Chart(BarChart),
    /// Photos two to a row, each with its caption (attachments).
    Gallery(Vec<(ImageId, String)>),
    Signatures(Vec<SignOff>),
    /// Where the table of contents goes; filled in by the writer.
    Contents,
    PageBreak,
    /// Continues on a new page turned to landscape (wide tables) or back to portrait;
    /// no page break when the orientation is already that.
    Orientation {
        landscape: bool,
    },
}

/// A report: cover, then blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// File metadata title.
    pub title: String,
    /// Printed at the top of every page after the cover (the report number).
    pub running_header: String,
    pub cover: Cover,
    pub blocks: Vec<Block>,
    pub images: Vec<Picture>,
    /// The creation time written into the file's metadata, as (year, month, day, hour,
    /// minute, second); `None` writes none, so the same input gives the same bytes.
    pub created: Option<(u16, u8, u8, u8, u8, u8)>,
}

impl Document {
    /// Adds an image and returns its id.
    pub fn add_image(&mut self, picture: Picture) -> ImageId {
        self.images.push(picture);
        ImageId(self.images.len() - 1)
    }

    pub fn image(&self, id: ImageId) -> Option<&Picture> {
        self.images.get(id.0)
    }

    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }

    pub fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level,
            text: text.into(),
        });
    }

    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// The headings listed in the contents (levels 1 and 2), in order.
    pub fn contents_entries(&self) -> Vec<(u8, &str)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text } if *level <= 2 => Some((*level, text.as_str())),
                _ => None,
            })
            .collect()
    }
}

/// Black or white, whichever reads better on `fill` (WCAG relative luminance).
pub fn text_on(fill: Rgb) -> Rgb {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(fill.0) + 0.7152 * lin(fill.1) + 0.0722 * lin(fill.2);
    // Contrast with black (l+0.05)/0.05 against white 1.05/(l+0.05): equal at l ≈ 0.179.
    if l > 0.179 {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_picks_readable_colours_for_the_four_grades() {
        assert_eq!(text_on((215, 25, 28)), (255, 255, 255)); // red
        assert_eq!(text_on((255, 255, 0)), (0, 0, 0)); // yellow
        assert_eq!(text_on((0, 112, 192)), (255, 255, 255)); // blue
        assert_eq!(text_on((255, 165, 0)), (0, 0, 0)); // orange
    }

    #[test]
    fn bar_chart_max_is_the_tallest_stack_or_bar() {
        let chart = BarChart {
            caption: String::new(),
            categories: vec!["消防".into(), "电气".into()],
            series: vec![
                Series {
                    name: "一般".into(),
                    colour: (0, 0, 0),
                    values: vec![3.0, 1.0],
                },
                Series {
                    name: "重大".into(),
                    colour: (0, 0, 0),
                    values: vec![2.0, 4.0],
                },
            ],
            stacked: false,
        };
        assert_eq!(chart.max_value(), 4.0);
        assert_eq!(
            BarChart {
                stacked: true,
                ..chart.clone()
            }
            .max_value(),
            5.0
        );
        let empty = BarChart {
            categories: vec![],
            series: vec![],
            ..chart
        };
        assert_eq!(empty.max_value(), 1.0);
    }

    #[test]
    fn contents_lists_levels_one_and_two_in_order() {
        let mut d = Document::default();
        d.heading(1, "一、项目概况");
        d.heading(3, "小节");
        d.heading(2, "1.1 企业");
        d.paragraph("正文");
        assert_eq!(d.contents_entries(), [(1, "一、项目概况"), (2, "1.1 企业")]);
    }
}
