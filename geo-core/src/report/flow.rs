//! Lays a [`Document`] out on A4 pages as positioned items (text, rectangles, lines,
//! images): the PDF writer only walks them, and tests check positions and page breaks
//! without reading a PDF. Coordinates are points from the page's top-left corner; text
//! positions are baselines.

use super::doc::{
    text_on, Align, BarChart, Block, Cell, Cover, Document, ImageId, Picture, Rgb, SignOff, Table,
};
use super::measure::Measure;

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
/// 2 cm side margins, as Chinese report templates use.
pub const MARGIN_X: f32 = 56.7;
pub const TOP: f32 = 72.0;
pub const BOTTOM: f32 = PAGE_H - 62.0;
pub const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;

const INK: Rgb = (20, 20, 20);
const GREY: Rgb = (105, 105, 105);
const RULE: Rgb = (150, 150, 150);
const HEADING: Rgb = (23, 55, 94);
const HEADER_FILL: Rgb = (226, 233, 243);
const LABEL_FILL: Rgb = (242, 244, 247);

const BODY: f32 = 10.5;
const CELL: f32 = 9.0;
const CELL_PAD: f32 = 4.0;
const THUMB_MAX_H: f32 = 72.0;
const GALLERY_GAP: f32 = 14.0;
const GALLERY_MAX_H: f32 = 230.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        colour: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        colour: Rgb,
        width: f32,
    },
    Image {
        id: ImageId,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    /// A4 turned sideways, for wide tables.
    pub landscape: bool,
}

/// Width and height of an A4 page in points.
pub fn page_size(landscape: bool) -> (f32, f32) {
    if landscape {
        (PAGE_H, PAGE_W)
    } else {
        (PAGE_W, PAGE_H)
    }
}

impl Page {
    /// The page's text in drawing order (for tests).
    pub fn texts(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// A heading and where it landed, for the contents and the PDF outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub level: u8,
    pub text: String,
    pub page: usize,
    pub y: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Laid {
    /// Page 0 is the cover.
    pub pages: Vec<Page>,
    pub headings: Vec<Placed>,
}

/// The number printed on page `index`: the cover is unnumbered, the page after it is 1.
pub fn printed_number(index: usize) -> usize {
    index
}

/// Lays `doc` out. `m` measures text with the font the PDF will embed.
pub fn lay_out(doc: &Document, m: &Measure) -> Laid {
    let mut f = Flow {
        m,
        images: &doc.images,
        pages: vec![Page::default()],
        y: TOP,
        headings: Vec::new(),
        contents_slots: Vec::new(),
    };
    f.cover(&doc.cover);
    f.new_page();
    let entries: Vec<(u8, String)> = doc
        .contents_entries()
        .into_iter()
        .map(|(l, t)| (l, t.to_string()))
        .collect();
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, text } => {
                let next = doc
                    .blocks
                    .get(i + 1)
                    .map_or(0.0, |b| f.keep_with_heading(b));
                f.heading(*level, text, next)
            }
            Block::Paragraph(t) => f.paragraph(t),
            Block::Note(t) => f.note(t),
            Block::Fields(pairs) => f.fields(pairs),
            Block::List(items) => f.list(items),
            Block::Table(t) => f.table(t),
            Block::Figure {
                image,
                width,
                caption,
            } => f.figure(*image, *width, caption),
            Block::Chart(c) => f.chart(c),
            Block::Gallery(items) => f.gallery(items),
            Block::Signatures(s) => f.signatures(s),
            Block::Contents => f.contents(&entries),
            Block::PageBreak => {
                if !f.fresh() {
                    f.new_page();
                }
            }
            Block::Orientation { landscape } => {
                if f.landscape() != *landscape {
                    if f.fresh() {
                        f.page().landscape = *landscape;
                    } else {
                        f.new_page();
                        f.page().landscape = *landscape;
                    }
                }
            }
        }
    }
    f.finish(&doc.running_header)
}

struct Flow<'a, 'm> {
    m: &'a Measure<'m>,
    images: &'a [Picture],
    pages: Vec<Page>,
    y: f32,
    headings: Vec<Placed>,
    /// Contents lines waiting for their page numbers: (page, right edge, baseline, entry).
    contents_slots: Vec<(usize, f32, f32, usize)>,
}

impl Flow<'_, '_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("there is always a page")
    }

    /// A new page in the orientation of the current one.
    fn push(&mut self, item: Item) {
        self.page().items.push(item);
    }

    fn new_page(&mut self) {
        let landscape = self.landscape();
        self.pages.push(Page {
            landscape,
            ..Page::default()
        });
        self.y = TOP;
    }

    fn fresh(&self) -> bool {
        self.y <= TOP + 0.01
    }

    fn room(&self) -> f32 {
        self.bottom() - self.y
    }

    fn landscape(&self) -> bool {
        self.pages.last().is_some_and(|p| p.landscape)
    }

    fn pw(&self) -> f32 {
        page_size(self.landscape()).0
    }

    fn tw(&self) -> f32 {
        self.pw() - 2.0 * MARGIN_X
    }

    fn bottom(&self) -> f32 {
        page_size(self.landscape()).1 - (PAGE_H - BOTTOM)
    }

    /// Starts a new page unless `h` points fit on this one (or this one is empty).
    fn ensure(&mut self, h: f32) {
        if h > self.room() && !self.fresh() {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, text: &str, colour: Rgb) {
        if text.is_empty() {
            return;
        }
        self.push(Item::Text {
            x,
            y,
            size,
            text: text.to_string(),
            colour,
        });
    }

    /// Baseline of a line whose box starts at `top` with line height `lead`.
    fn baseline(top: f32, size: f32, lead: f32) -> f32 {
        top + (lead - size) / 2.0 + size * 0.88
    }

    /// Flows wrapped lines, breaking pages between lines.
    fn lines(&mut self, lines: &[String], x: f32, size: f32, lead: f32, colour: Rgb) {
        for l in lines {
            self.ensure(lead);
            let y = Self::baseline(self.y, size, lead);
            self.text(x, y, size, l, colour);
            self.y += lead;
        }
    }

    fn cover(&mut self, c: &Cover) {
        let centre = |m: &Measure, s: &str, size: f32| (PAGE_W - m.width(s, size)) / 2.0;
        let mut y = 210.0;
        for line in self.m.wrap(&c.title, 24.0, TEXT_W) {
            let x = centre(self.m, &line, 24.0);
            self.text(x, y, 24.0, &line, HEADING);
            y += 38.0;
        }
        for line in self.m.wrap(&c.subtitle, 14.0, TEXT_W) {
            let x = centre(self.m, &line, 14.0);
            self.text(x, y + 6.0, 14.0, &line, INK);
            y += 24.0;
        }
        if let Some(w) = &c.warning {
            for line in self.m.wrap(w, 10.0, TEXT_W) {
                let x = centre(self.m, &line, 10.0);
                self.text(x, y + 10.0, 10.0, &line, (192, 0, 0));
                y += 16.0;
            }
        }
        // Fields as a centred block of label：value lines.
        let label_w = c
            .fields
            .iter()
            .map(|(l, _)| self.m.width(l, 12.0))
            .fold(0.0, f32::max)
            + 12.0;
        let x0 = MARGIN_X + 60.0;
        let mut y = y.max(400.0);
        for (label, value) in &c.fields {
            self.text(x0, y, 12.0, label, GREY);
            let lines = self.m.wrap(value, 12.0, TEXT_W - 120.0 - label_w);
            for (i, line) in lines.iter().enumerate() {
                self.text(x0 + label_w, y + i as f32 * 20.0, 12.0, line, INK);
                let uy = y + i as f32 * 20.0 + 4.0;
                self.push(Item::Line {
                    x1: x0 + label_w - 4.0,
                    y1: uy,
                    x2: PAGE_W - MARGIN_X - 60.0,
                    y2: uy,
                    colour: RULE,
                    width: 0.5,
                });
            }
            y += 20.0 * lines.len().max(1) as f32 + 6.0;
        }
        if !c.sign_off.is_empty() {
            self.y = (y + 30.0).max(620.0);
            self.signatures(&c.sign_off);
        }
        if !c.footer.is_empty() {
            let x = centre(self.m, &c.footer, 12.0);
            self.text(x, PAGE_H - 80.0, 12.0, &c.footer, INK);
        }
    }

    /// How much of `next` must follow a heading on the same page: a short field block
    /// whole, the start of anything else.
    fn keep_with_heading(&self, next: &Block) -> f32 {
        match next {
            Block::Fields(pairs) => self.fields_height(pairs).min((self.bottom() - TOP) / 2.0),
            Block::Table(_) => 18.0 + 2.0 * (CELL * 1.45 * 2.0 + 2.0 * CELL_PAD),
            Block::Chart(_) => 230.0,
            Block::Figure {
                image,
                width,
                caption,
            } => {
                let (_, h) = self.figure_size(*image, *width, caption);
                h + if caption.is_empty() { 0.0 } else { 20.0 } + 12.0
            }
            Block::Gallery(items) => match items.first() {
                Some((id, _)) => self.gallery_cell(*id).1 + 30.0,
                None => 0.0,
            },
            Block::Signatures(_) => 104.0,
            _ => 3.0 * BODY * 1.7,
        }
    }

    fn heading(&mut self, level: u8, text: &str, next: f32) {
        let (size, before, after) = match level {
            1 => (16.0, 20.0, 8.0),
            2 => (13.0, 14.0, 6.0),
            _ => (11.0, 10.0, 4.0),
        };
        let lead = size * 1.5;
        let lines = self.m.wrap(text, size, self.tw());
        // Keep the heading with the start of what follows.
        let need = before + lead * lines.len() as f32 + after + next;
        self.ensure(need);
        if !self.fresh() {
            self.y += before;
        }
        self.headings.push(Placed {
            level,
            text: text.to_string(),
            page: self.pages.len() - 1,
            y: self.y,
        });
        let colour = if level <= 2 { HEADING } else { INK };
        self.lines(&lines, MARGIN_X, size, lead, colour);
        if level == 1 {
            let y = self.y + 2.0;
            self.push(Item::Line {
                x1: MARGIN_X,
                y1: y,
                x2: self.pw() - MARGIN_X,
                y2: y,
                colour: HEADING,
                width: 0.8,
            });
        }
        self.y += after;
    }

    fn paragraph(&mut self, text: &str) {
        // 首行缩进两字: two ideographic spaces, one em each.
        for para in text.split('\n') {
            let lines = self
                .m
                .wrap(&format!("\u{3000}\u{3000}{para}"), BODY, self.tw());
            self.lines(&lines, MARGIN_X, BODY, BODY * 1.7, INK);
        }
        self.y += 4.0;
    }

    fn note(&mut self, text: &str) {
        let lines = self.m.wrap(text, 9.0, self.tw());
        self.lines(&lines, MARGIN_X, 9.0, 13.5, GREY);
        self.y += 4.0;
    }

    fn list(&mut self, items: &[String]) {
        let indent = BODY * 1.4;
        for item in items {
            let lines = self.m.wrap(item, BODY, self.tw() - indent);
            self.ensure(BODY * 1.7);
            let y = Self::baseline(self.y, BODY, BODY * 1.7);
            self.text(MARGIN_X + 2.0, y, BODY, "•", INK);
            self.lines(&lines, MARGIN_X + indent, BODY, BODY * 1.7, INK);
        }
        self.y += 4.0;
    }

    fn fields_height(&self, pairs: &[(String, String)]) -> f32 {
        let label_w = self.tw() / 4.0 - 2.0 * CELL_PAD;
        let value_w = self.tw() * 3.0 / 4.0 - 2.0 * CELL_PAD;
        let lead = BODY * 1.45;
        pairs
            .iter()
            .map(|(l, v)| {
                let n = self
                    .m
                    .wrap(l, BODY, label_w)
                    .len()
                    .max(self.m.wrap(v, BODY, value_w).len());
                n as f32 * lead + 2.0 * CELL_PAD
            })
            .sum()
    }

    fn fields(&mut self, pairs: &[(String, String)]) {
        // A short block stays on one page: a label split from its siblings reads badly.
        let h = self.fields_height(pairs);
        if h < (self.bottom() - TOP) / 2.0 {
            self.ensure(h);
        }
        let t = Table {
            caption: String::new(),
            columns: vec![
                super::doc::Column::new("", 1.0),
                super::doc::Column::new("", 3.0),
            ],
            rows: pairs
                .iter()
                .map(|(l, v)| vec![Cell::text(l.as_str()), Cell::text(v.as_str())])
                .collect(),
        };
        self.grid(&t, false, BODY, Some(LABEL_FILL));
    }

    fn table(&mut self, t: &Table) {
        if !t.caption.is_empty() {
            // Keep the caption with the header and a first row.
            self.ensure(18.0 + 60.0);
            let w = self.m.width(&t.caption, 10.0);
            let y = Self::baseline(self.y, 10.0, 18.0);
            self.text((self.pw() - w) / 2.0, y, 10.0, &t.caption, INK);
            self.y += 18.0;
        }
        self.grid(t, true, CELL, None);
    }

    /// Draws a table with wrapped cells; rows break across pages (the header repeats), and
    /// a row taller than a page is split between its lines.
    fn grid(&mut self, t: &Table, header: bool, size: f32, first_col_fill: Option<Rgb>) {
        let total: f32 = t.columns.iter().map(|c| c.weight.max(0.0)).sum();
        let total = if total > 0.0 { total } else { 1.0 };
        let widths: Vec<f32> = t
            .columns
            .iter()
            .map(|c| self.tw() * c.weight.max(0.0) / total)
            .collect();
        let lead = size * 1.45;
        let head = header.then(|| {
            let cells: Vec<Cell> = t
                .columns
                .iter()
                .map(|c| Cell::text(c.title.as_str()))
                .collect();
            self.row_content(&cells, &widths, size)
        });
        let head_h = head.as_ref().map_or(0.0, |h| h.height(lead));
        let draw_head = |f: &mut Self| {
            if let Some(h) = &head {
                f.draw_row(
                    h,
                    t,
                    &widths,
                    size,
                    lead,
                    Some(HEADER_FILL),
                    None,
                    (0, usize::MAX),
                );
            }
        };
        self.ensure(head_h + lead + 2.0 * CELL_PAD);
        draw_head(self);
        for row in &t.rows {
            let content = self.row_content(row, &widths, size);
            let h = content.height(lead);
            if h > self.room() {
                let page_room = self.bottom() - TOP - head_h;
                if h <= page_room || self.room() < lead * 3.0 + 2.0 * CELL_PAD {
                    self.new_page();
                    draw_head(self);
                }
            }
            // Draw the row in as many fragments as pages it needs.
            let mut from = 0;
            loop {
                let fit = (((self.room() - 2.0 * CELL_PAD) / lead).floor().max(1.0)) as usize;
                let to = from + fit;
                self.draw_row(
                    &content,
                    t,
                    &widths,
                    size,
                    lead,
                    None,
                    first_col_fill,
                    (from, to),
                );
                if to >= content.max_lines() {
                    break;
                }
                from = to;
                self.new_page();
                draw_head(self);
            }
        }
        self.y += 8.0;
    }

    fn row_content(&self, cells: &[Cell], widths: &[f32], size: f32) -> RowContent {
        let cells = cells
            .iter()
            .zip(widths)
            .map(|(c, &w)| match c {
                Cell::Text(t) => CellContent::Lines(self.m.wrap(t, size, w - 2.0 * CELL_PAD), None),
                Cell::Filled { text, fill } => {
                    CellContent::Lines(self.m.wrap(text, size, w - 2.0 * CELL_PAD), Some(*fill))
                }
                Cell::Image(id) => {
                    let aspect = self.images.get(id.0).map_or(0.75, Picture::aspect);
                    let mut iw = w - 2.0 * CELL_PAD;
                    let mut ih = iw * aspect;
                    if ih > THUMB_MAX_H {
                        ih = THUMB_MAX_H;
                        iw = ih / aspect;
                    }
                    CellContent::Image(*id, iw, ih)
                }
            })
            .collect();
        RowContent { cells }
    }

    /// Draws lines `from..to` of a row (the image goes with the first fragment).
    #[allow(clippy::too_many_arguments)]
    fn draw_row(
        &mut self,
        row: &RowContent,
        t: &Table,
        widths: &[f32],
        size: f32,
        lead: f32,
        row_fill: Option<Rgb>,
        first_col_fill: Option<Rgb>,
        (from, to): (usize, usize),
    ) {
        let to = to.min(row.max_lines());
        let first = from == 0;
        let h = row
            .cells
            .iter()
            .map(|c| match c {
                CellContent::Lines(l, _) => l.len().min(to).saturating_sub(from) as f32 * lead,
                CellContent::Image(_, _, ih) if first => *ih,
                CellContent::Image(..) => 0.0,
            })
            .fold(lead, f32::max)
            + 2.0 * CELL_PAD;
        let top = self.y;
        let mut x = MARGIN_X;
        for (i, (cell, &w)) in row.cells.iter().zip(widths).enumerate() {
            let fill = match cell {
                CellContent::Lines(_, Some(f)) => Some(*f),
                _ => row_fill.or(if i == 0 { first_col_fill } else { None }),
            };
            self.push(Item::Rect {
                x,
                y: top,
                w,
                h,
                fill,
                stroke: Some(RULE),
            });
            match cell {
                CellContent::Lines(lines, f) => {
                    let colour = f.map_or(INK, text_on);
                    let align = t.columns.get(i).map_or(Align::Left, |c| c.align);
                    let end = to.min(lines.len());
                    for (k, line) in lines.iter().enumerate().take(end).skip(from) {
                        let lw = self.m.width(line, size);
                        let lx = match align {
                            Align::Left => x + CELL_PAD,
                            Align::Centre => x + (w - lw) / 2.0,
                            Align::Right => x + w - CELL_PAD - lw,
                        };
                        let ly =
                            Self::baseline(top + CELL_PAD + (k - from) as f32 * lead, size, lead);
                        self.text(lx, ly, size, line, colour);
                    }
                }
                CellContent::Image(id, iw, ih) if first => {
                    self.push(Item::Image {
                        id: *id,
                        x: x + (w - iw) / 2.0,
                        y: top + CELL_PAD,
                        w: *iw,
                        h: *ih,
                    });
                }
                CellContent::Image(..) => {}
            }
            x += w;
        }
        self.y = top + h;
    }

    /// The drawn size of a figure: `width` of the text width, scaled down to fit a page.
    fn figure_size(&self, id: ImageId, width: f32, caption: &str) -> (f32, f32) {
        let aspect = self.images.get(id.0).map_or(0.75, Picture::aspect);
        let mut w = self.tw() * width.clamp(0.05, 1.0);
        let mut h = w * aspect;
        let cap_h = if caption.is_empty() { 0.0 } else { 20.0 };
        let max_h = self.bottom() - TOP - cap_h - 8.0;
        if h > max_h {
            h = max_h;
            w = h / aspect;
        }
        (w, h)
    }

    /// A photo's size in a gallery cell: half the text width, at most 230 pt tall.
    fn gallery_cell(&self, id: ImageId) -> (f32, f32) {
        let aspect = self.images.get(id.0).map_or(0.75, Picture::aspect);
        let mut w = (self.tw() - GALLERY_GAP) / 2.0;
        let mut h = w * aspect;
        if h > GALLERY_MAX_H {
            h = GALLERY_MAX_H;
            w = h / aspect;
        }
        (w, h)
    }

    fn gallery(&mut self, items: &[(ImageId, String)]) {
        let cell_w = (self.tw() - GALLERY_GAP) / 2.0;
        for pair in items.chunks(2) {
            let sizes: Vec<(f32, f32)> =
                pair.iter().map(|(id, _)| self.gallery_cell(*id)).collect();
            let caps: Vec<Vec<String>> = pair
                .iter()
                .map(|(_, c)| self.m.wrap(c, 8.5, cell_w))
                .collect();
            let img_h = sizes.iter().map(|s| s.1).fold(0.0, f32::max);
            let cap_h = caps
                .iter()
                .map(|c| c.len() as f32 * 13.0)
                .fold(0.0, f32::max);
            self.ensure(img_h + cap_h + 16.0);
            let top = self.y + 4.0;
            for (k, ((id, _), (w, h))) in pair.iter().zip(&sizes).enumerate() {
                let cx = MARGIN_X + k as f32 * (cell_w + GALLERY_GAP);
                let x = cx + (cell_w - w) / 2.0;
                let y = top + (img_h - h) / 2.0;
                self.push(Item::Image {
                    id: *id,
                    x,
                    y,
                    w: *w,
                    h: *h,
                });
                self.push(Item::Rect {
                    x,
                    y,
                    w: *w,
                    h: *h,
                    fill: None,
                    stroke: Some(RULE),
                });
                for (j, line) in caps[k].iter().enumerate() {
                    let lw = self.m.width(line, 8.5);
                    let by = top + img_h + 12.0 + j as f32 * 13.0;
                    self.text(cx + (cell_w - lw) / 2.0, by, 8.5, line, GREY);
                }
            }
            self.y = top + img_h + cap_h + 12.0;
        }
    }

    fn figure(&mut self, id: ImageId, width: f32, caption: &str) {
        let (w, h) = self.figure_size(id, width, caption);
        let cap_h = if caption.is_empty() { 0.0 } else { 20.0 };
        self.ensure(h + cap_h + 8.0);
        let x = MARGIN_X + (self.tw() - w) / 2.0;
        let y = self.y + 4.0;
        self.push(Item::Image { id, x, y, w, h });
        self.push(Item::Rect {
            x,
            y,
            w,
            h,
            fill: None,
            stroke: Some(RULE),
        });
        self.y = y + h;
        if !caption.is_empty() {
            let cw = self.m.width(caption, 9.0);
            let by = Self::baseline(self.y + 2.0, 9.0, 16.0);
            self.text((self.pw() - cw) / 2.0, by, 9.0, caption, GREY);
            self.y += 18.0;
        }
        self.y += 8.0;
    }

    fn chart(&mut self, c: &BarChart) {
        let plot_h = 150.0;
        let legend_h = 18.0;
        let label_h = 26.0;
        let cap_h = if c.caption.is_empty() { 0.0 } else { 18.0 };
        self.ensure(legend_h + plot_h + label_h + cap_h + 16.0);
        let top = self.y + 4.0;
        // Legend: one swatch per series.
        let mut lx = MARGIN_X + 36.0;
        for s in &c.series {
            self.push(Item::Rect {
                x: lx,
                y: top + 3.0,
                w: 10.0,
                h: 8.0,
                fill: Some(s.colour),
                stroke: None,
            });
            self.text(lx + 13.0, top + 10.5, 8.5, &s.name, INK);
            lx += 13.0 + self.m.width(&s.name, 8.5) + 14.0;
        }
        let plot_top = top + legend_h;
        let axis_x = MARGIN_X + 30.0;
        let plot_w = self.pw() - MARGIN_X - axis_x;
        let base = plot_top + plot_h;
        let (step, max) = nice_axis(c.max_value());
        let scale = plot_h / max as f32;
        let mut v = 0.0;
        while v <= max + 1e-9 {
            let y = base - v as f32 * scale;
            self.push(Item::Line {
                x1: axis_x,
                y1: y,
                x2: axis_x + plot_w,
                y2: y,
                colour: if v == 0.0 { INK } else { (220, 220, 220) },
                width: if v == 0.0 { 0.8 } else { 0.4 },
            });
            let label = format_number(v);
            let w = self.m.width(&label, 8.0);
            self.text(axis_x - 4.0 - w, y + 3.0, 8.0, &label, GREY);
            v += step;
        }
        let n = c.categories.len().max(1);
        let slot = plot_w / n as f32;
        let groups = if c.stacked { 1 } else { c.series.len().max(1) };
        let bar_w = (slot * 0.7 / groups as f32).min(28.0);
        for (i, cat) in c.categories.iter().enumerate() {
            let x0 = axis_x + slot * i as f32 + (slot - bar_w * groups as f32) / 2.0;
            let mut stack = 0.0;
            for (k, s) in c.series.iter().enumerate() {
                let val = s.values.get(i).copied().unwrap_or(0.0);
                if val <= 0.0 {
                    continue;
                }
                let h = val as f32 * scale;
                let (x, y) = if c.stacked {
                    (x0, base - (stack + val) as f32 * scale)
                } else {
                    (x0 + bar_w * k as f32, base - h)
                };
                self.push(Item::Rect {
                    x,
                    y,
                    w: bar_w,
                    h,
                    fill: Some(s.colour),
                    stroke: None,
                });
                if !c.stacked {
                    let label = format_number(val);
                    let w = self.m.width(&label, 7.5);
                    self.text(x + (bar_w - w) / 2.0, y - 2.0, 7.5, &label, INK);
                }
                stack += val;
            }
            if c.stacked && stack > 0.0 {
                let label = format_number(stack);
                let w = self.m.width(&label, 7.5);
                let y = base - stack as f32 * scale;
                self.text(x0 + (bar_w - w) / 2.0, y - 2.0, 7.5, &label, INK);
            }
            // Category label under the slot, on up to two lines.
            let lines = self.m.wrap(cat, 8.0, slot - 2.0);
            for (k, line) in lines.iter().take(2).enumerate() {
                let w = self.m.width(line, 8.0);
                let x = axis_x + slot * i as f32 + (slot - w) / 2.0;
                self.text(x, base + 11.0 + k as f32 * 10.0, 8.0, line, INK);
            }
        }
        self.y = base + label_h;
        if !c.caption.is_empty() {
            let w = self.m.width(&c.caption, 9.0);
            self.text((self.pw() - w) / 2.0, self.y + 10.0, 9.0, &c.caption, GREY);
            self.y += cap_h;
        }
        self.y += 10.0;
    }

    fn signatures(&mut self, s: &[SignOff]) {
        let per_row = 3;
        let box_h = 96.0;
        for chunk in s.chunks(per_row) {
            self.ensure(box_h + 8.0);
            let w = self.tw() / per_row as f32;
            let top = self.y;
            for (i, so) in chunk.iter().enumerate() {
                let x = MARGIN_X + w * i as f32;
                self.push(Item::Rect {
                    x,
                    y: top,
                    w,
                    h: box_h,
                    fill: None,
                    stroke: Some(RULE),
                });
                self.text(x + 6.0, top + 14.0, 9.0, &format!("{}：", so.role), GREY);
                if let Some(id) = so.image {
                    let aspect = self.images.get(id.0).map_or(0.4, Picture::aspect);
                    let mut ih = 44.0;
                    let mut iw = ih / aspect;
                    if iw > w - 12.0 {
                        iw = w - 12.0;
                        ih = iw * aspect;
                    }
                    self.push(Item::Image {
                        id,
                        x: x + (w - iw) / 2.0,
                        y: top + 20.0,
                        w: iw,
                        h: ih,
                    });
                }
                self.push(Item::Line {
                    x1: x + 6.0,
                    y1: top + 68.0,
                    x2: x + w - 6.0,
                    y2: top + 68.0,
                    colour: RULE,
                    width: 0.5,
                });
                self.text(x + 6.0, top + 81.0, 9.5, &so.name, INK);
                if !so.date.is_empty() {
                    let dw = self.m.width(&so.date, 8.5);
                    self.text(x + w - 6.0 - dw, top + 91.0, 8.5, &so.date, GREY);
                }
            }
            self.y = top + box_h + 8.0;
        }
    }

    fn contents(&mut self, entries: &[(u8, String)]) {
        if !self.fresh() {
            self.new_page();
        }
        let title = "目\u{3000}\u{3000}录";
        let w = self.m.width(title, 18.0);
        self.text((self.pw() - w) / 2.0, self.y + 20.0, 18.0, title, HEADING);
        self.y += 44.0;
        let right = self.pw() - MARGIN_X;
        for (i, (level, text)) in entries.iter().enumerate() {
            let size = if *level == 1 { 11.5 } else { 10.5 };
            let indent = if *level == 1 { 0.0 } else { 2.0 * size };
            let lead = size * 1.9;
            self.ensure(lead);
            let y = Self::baseline(self.y, size, lead);
            let line = self
                .m
                .wrap(text, size, self.tw() - indent - 40.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text(MARGIN_X + indent, y, size, &line, INK);
            // Dotted leader to the page number.
            let from = MARGIN_X + indent + self.m.width(&line, size) + 6.0;
            let dot = self.m.width("·", size).max(1.0);
            let count = ((right - 24.0 - from) / dot).floor().max(0.0) as usize;
            if count > 0 {
                self.text(from, y, size, &"·".repeat(count), RULE);
            }
            let page = self.pages.len() - 1;
            self.contents_slots.push((page, right, y, i));
            self.y += lead;
        }
        self.new_page();
    }

    /// Fills in the contents' page numbers and adds the running header and footer.
    fn finish(mut self, running_header: &str) -> Laid {
        // Headings listed in the contents, in the same order as the entries.
        let listed: Vec<usize> = self
            .headings
            .iter()
            .filter(|h| h.level <= 2)
            .map(|h| h.page)
            .collect();
        for &(page, right, y, entry) in &self.contents_slots {
            if let Some(&target) = listed.get(entry) {
                let num = printed_number(target).to_string();
                let w = self.m.width(&num, 10.5);
                self.pages[page].items.push(Item::Text {
                    x: right - w,
                    y,
                    size: 10.5,
                    text: num,
                    colour: INK,
                });
            }
        }
        // Drop a trailing empty page (a page break at the very end).
        if self.pages.len() > 1 && self.pages.last().is_some_and(|p| p.items.is_empty()) {
            self.pages.pop();
        }
        let total = self.pages.len().saturating_sub(1);
        for (i, page) in self.pages.iter_mut().enumerate().skip(1) {
            let (pw, ph) = page_size(page.landscape);
            if !running_header.is_empty() {
                let w = self.m.width(running_header, 8.5);
                page.items.push(Item::Text {
                    x: pw - MARGIN_X - w,
                    y: 44.0,
                    size: 8.5,
                    text: running_header.to_string(),
                    colour: GREY,
                });
                page.items.push(Item::Line {
                    x1: MARGIN_X,
                    y1: 50.0,
                    x2: pw - MARGIN_X,
                    y2: 50.0,
                    colour: RULE,
                    width: 0.5,
                });
            }
            let footer = format!("第 {} 页 共 {} 页", printed_number(i), total);
            let w = self.m.width(&footer, 8.5);
            page.items.push(Item::Text {
                x: (pw - w) / 2.0,
                y: ph - 32.0,
                size: 8.5,
                text: footer,
                colour: GREY,
            });
        }
        Laid {
            pages: self.pages,
            headings: self.headings,
        }
    }
}

enum CellContent {
    Lines(Vec<String>, Option<Rgb>),
    Image(ImageId, f32, f32),
}

struct RowContent {
    cells: Vec<CellContent>,
}

impl RowContent {
    fn max_lines(&self) -> usize {
        self.cells
            .iter()
            .map(|c| match c {
                CellContent::Lines(l, _) => l.len(),
                CellContent::Image(..) => 1,
            })
            .max()
            .unwrap_or(1)
    }

    fn height(&self, lead: f32) -> f32 {
        self.cells
            .iter()
            .map(|c| match c {
                CellContent::Lines(l, _) => l.len() as f32 * lead,
                CellContent::Image(_, _, h) => *h,
            })
            .fold(lead, f32::max)
            + 2.0 * CELL_PAD
    }
}

/// A round axis step and top for values up to `max` (1, 2 or 5 × 10ⁿ, about 5 ticks).
fn nice_axis(max: f64) -> (f64, f64) {
    let raw = max.max(1.0) / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
        .max(1.0);
    (step, (max / step).ceil().max(1.0) * step)
}

fn format_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::{Column, ImageFormat, Series};
    use super::*;

    fn doc_with(blocks: Vec<Block>) -> Document {
        Document {
            title: "t".into(),
            running_header: "报告编号 XT-1".into(),
            cover: Cover {
                title: "隐患排查报告".into(),
                ..Cover::default()
            },
            blocks,
            ..Document::default()
        }
    }

    fn all_texts(l: &Laid) -> Vec<Vec<String>> {
        l.pages
            .iter()
            .map(|p| p.texts().into_iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn cover_is_unnumbered_and_body_pages_have_header_and_footer() {
        let d = doc_with(vec![
            Block::Paragraph("正文".into()),
            Block::PageBreak,
            Block::Paragraph("第二页".into()),
        ]);
        let l = lay_out(&d, &Measure::estimate());
        let t = all_texts(&l);
        assert_eq!(t.len(), 3);
        assert!(t[0].contains(&"隐患排查报告".to_string()));
        assert!(
            !t[0].iter().any(|s| s.starts_with("第 ")),
            "cover has no page number"
        );
        assert!(t[1].contains(&"第 1 页 共 2 页".to_string()));
        assert!(t[2].contains(&"第 2 页 共 2 页".to_string()));
        assert!(t[2].contains(&"报告编号 XT-1".to_string()));
    }

    #[test]
    fn contents_lists_headings_with_the_pages_they_land_on() {
        let mut blocks = vec![
            Block::Contents,
            Block::Heading {
                level: 1,
                text: "一、概况".into(),
            },
        ];
        blocks.extend((0..80).map(|i| Block::Paragraph(format!("第{i}段，正文内容。"))));
        blocks.push(Block::Heading {
            level: 2,
            text: "（一）统计".into(),
        });
        let l = lay_out(&doc_with(blocks), &Measure::estimate());
        let h: Vec<(String, usize)> = l
            .headings
            .iter()
            .map(|h| (h.text.clone(), h.page))
            .collect();
        assert_eq!(h[0], ("一、概况".to_string(), 2), "contents takes page 1");
        assert!(
            h[1].1 > 2,
            "80 paragraphs push the second heading on: {h:?}"
        );
        let contents = &all_texts(&l)[1];
        let pos = |s: &str| contents.iter().position(|t| t == s).unwrap();
        // Page numbers are appended after the entries: 2 and the later page.
        assert!(contents.contains(&"2".to_string()));
        assert!(contents.contains(&h[1].1.to_string()));
        assert!(pos("一、概况") < pos("（一）统计"));
    }

    #[test]
    fn long_tables_break_between_rows_and_repeat_the_header() {
        let t = Table {
            caption: "表 1 隐患清单".into(),
            columns: vec![Column::centred("序号", 1.0), Column::new("描述", 6.0)],
            rows: (1..=120)
                .map(|i| {
                    vec![
                        Cell::text(i.to_string()),
                        Cell::text(format!("第{i}项隐患描述")),
                    ]
                })
                .collect(),
        };
        let l = lay_out(&doc_with(vec![Block::Table(t)]), &Measure::estimate());
        let t = all_texts(&l);
        assert!(t.len() >= 4, "120 rows need several pages");
        for page in &t[1..] {
            assert_eq!(
                page.iter().filter(|s| *s == "序号").count(),
                1,
                "header once on each page"
            );
        }
        // Every row is printed exactly once, in order.
        let numbers: Vec<usize> = t[1..]
            .iter()
            .flatten()
            .filter_map(|s| s.parse().ok())
            .collect();
        assert_eq!(numbers, (1..=120).collect::<Vec<_>>());
        // Nothing is drawn below the bottom margin.
        for p in &l.pages[1..] {
            for i in &p.items {
                if let Item::Rect { y, h, .. } = i {
                    assert!(y + h <= BOTTOM + 0.01, "row ends at {}", y + h);
                }
            }
        }
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_its_lines() {
        let long = "很长的描述。".repeat(400);
        let t = Table {
            caption: String::new(),
            columns: vec![Column::new("序号", 1.0), Column::new("描述", 6.0)],
            rows: vec![vec![Cell::text("1"), Cell::text(long.clone())]],
        };
        let l = lay_out(&doc_with(vec![Block::Table(t)]), &Measure::estimate());
        let printed: String = all_texts(&l)[1..]
            .iter()
            .flatten()
            .filter(|s| s.contains("很长"))
            .cloned()
            .collect();
        assert_eq!(printed, long, "every character printed once");
        assert!(l.pages.len() >= 3);
    }

    #[test]
    fn image_cells_and_figures_keep_the_aspect_ratio() {
        let mut d = doc_with(vec![]);
        let tall = d.add_image(Picture {
            bytes: vec![],
            format: ImageFormat::Jpeg,
            width: 600,
            height: 1600,
        });
        d.blocks = vec![
            Block::Table(Table {
                caption: String::new(),
                columns: vec![Column::new("照片", 1.0), Column::new("描述", 3.0)],
                rows: vec![vec![Cell::Image(tall), Cell::text("x")]],
            }),
            Block::Figure {
                image: tall,
                width: 1.0,
                caption: "图 1".into(),
            },
        ];
        let l = lay_out(&d, &Measure::estimate());
        let imgs: Vec<(f32, f32)> = l
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match i {
                Item::Image { w, h, .. } => Some((*w, *h)),
                _ => None,
            })
            .collect();
        assert_eq!(imgs.len(), 2);
        for (w, h) in &imgs {
            assert!((h / w - 1600.0 / 600.0).abs() < 1e-3);
        }
        assert!(imgs[0].1 <= THUMB_MAX_H + 1e-3, "thumbnail capped");
        assert!(imgs[1].1 <= BOTTOM - TOP, "figure fits a page");
    }

    #[test]
    fn chart_bars_are_proportional_to_their_values() {
        let chart = BarChart {
            caption: "图 1".into(),
            categories: vec!["消防".into(), "电气安全".into()],
            series: vec![Series {
                name: "一般".into(),
                colour: (1, 2, 3),
                values: vec![2.0, 6.0],
            }],
            stacked: false,
        };
        let l = lay_out(&doc_with(vec![Block::Chart(chart)]), &Measure::estimate());
        let bars: Vec<f32> = l.pages[1]
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Rect {
                    h,
                    fill: Some((1, 2, 3)),
                    w,
                    ..
                } if *w > 10.0 => Some(*h),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 2, "{bars:?}");
        assert!((bars[1] / bars[0] - 3.0).abs() < 1e-3);
        assert!(l.pages[1].texts().contains(&"电气安全"));
    }

    #[test]
    fn nice_axis_rounds_up_to_a_readable_step() {
        assert_eq!(nice_axis(7.0), (2.0, 8.0));
        assert_eq!(nice_axis(0.0), (1.0, 1.0));
        assert_eq!(nice_axis(48.0), (10.0, 50.0));
        assert_eq!(format_number(2.0), "2");
        assert_eq!(format_number(2.5), "2.5");
    }

    #[test]
    fn filled_cells_print_in_a_readable_colour() {
        let t = Table {
            caption: String::new(),
            columns: vec![Column::new("等级", 1.0)],
            rows: vec![vec![Cell::Filled {
                text: "重大风险".into(),
                fill: (215, 25, 28),
            }]],
        };
        let l = lay_out(&doc_with(vec![Block::Table(t)]), &Measure::estimate());
        let p = &l.pages[1];
        assert!(p.items.iter().any(|i| matches!(
            i,
            Item::Rect {
                fill: Some((215, 25, 28)),
                ..
            }
        )));
        assert!(p.items.iter().any(
            |i| matches!(i, Item::Text { text, colour: (255, 255, 255), .. } if text == "重大风险")
        ));
    }
}
