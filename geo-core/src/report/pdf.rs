//! Writes a laid-out [`Document`] as PDF with krilla: text in the caller's CJK font
//! (subset embedded, so `pdftotext` returns the Chinese), JPEG photos embedded as they are
//! (no re-encoding: the report stays the size of its photos), PNG snapshots and
//! signatures, and an outline of the headings for the viewer's sidebar.

use std::sync::Arc;

use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document as PdfDocument;

use super::doc::{Document, ImageFormat, Rgb};
use super::flow::{lay_out, page_size, Item, Laid};
use super::measure::Measure;
use super::ReportError;

/// Called with (pages done, pages in all) while the pages are written, for a progress bar.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Writes `doc` as PDF in `font` (TrueType/OpenType with CJK glyphs).
///
/// # Errors
/// [`ReportError::BadFont`] when the font cannot be read, [`ReportError::Pdf`] when
/// krilla fails. A photo that cannot be read does not fail the report: its place shows
/// a note instead, and [`PdfOutput::unreadable_images`] names it.
pub fn document_pdf(
    doc: &Document,
    font: Vec<u8>,
    progress: Progress,
) -> Result<PdfOutput, ReportError> {
    let font_len = font.len();
    let laid = {
        let m = Measure::from_font(&font).ok_or(ReportError::BadFont { bytes: font_len })?;
        lay_out(doc, &m)
    };
    let font =
        Font::new(Arc::new(font).into(), 0).ok_or(ReportError::BadFont { bytes: font_len })?;
    write(doc, &laid, font, progress)
}

/// The PDF and what could not go into it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Indexes of images krilla could not read (shown as a note in the report).
    pub unreadable_images: Vec<usize>,
}

fn write(
    doc: &Document,
    laid: &Laid,
    font: Font,
    progress: Progress,
) -> Result<PdfOutput, ReportError> {
    let mut unreadable = Vec::new();
    let images: Vec<Option<Image>> = doc
        .images
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let data = p.bytes.clone().into();
            let image = match p.format {
                ImageFormat::Jpeg => Image::from_jpeg(data, true),
                ImageFormat::Png => Image::from_png(data, true),
            };
            image.map_err(|_| unreadable.push(i)).ok()
        })
        .collect();

    let mut pdf = PdfDocument::new();
    let mut meta = Metadata::new()
        .title(doc.title.clone())
        .creator("险图 Xiantu".to_string())
        .language("zh-CN".to_string());
    if let Some((y, mo, d, h, mi, s)) = doc.created {
        meta = meta.creation_date(
            DateTime::new(y)
                .month(mo)
                .day(d)
                .hour(h)
                .minute(mi)
                .second(s),
        );
    }
    pdf.set_metadata(meta);

    let total = laid.pages.len();
    for (pi, page_items) in laid.pages.iter().enumerate() {
        let (w, h) = page_size(page_items.landscape);
        let settings = PageSettings::from_wh(w, h).expect("A4 is a valid size");
        let mut page = pdf.start_page_with(settings);
        let mut s = page.surface();
        for item in &page_items.items {
            draw(&mut s, item, &font, &images);
        }
        s.finish();
        page.finish();
        progress(pi + 1, total);
    }
    pdf.set_outline(outline(laid));
    let bytes = pdf
        .finish()
        .map_err(|e| ReportError::Pdf(format!("{e:?}")))?;
    Ok(PdfOutput {
        bytes,
        pages: total,
        unreadable_images: unreadable,
    })
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }
}

fn draw(s: &mut Surface, item: &Item, font: &Font, images: &[Option<Image>]) {
    match item {
        Item::Text {
            x,
            y,
            size,
            text,
            colour,
        } => {
            s.set_stroke(None);
            s.set_fill(Some(fill(*colour)));
            s.draw_text(
                Point::from_xy(*x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: f,
            stroke,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                return;
            };
            let mut pb = PathBuilder::new();
            pb.push_rect(rect);
            if let Some(path) = pb.finish() {
                s.set_fill(f.map(fill));
                s.set_stroke(stroke.map(|c| Stroke {
                    paint: rgb::Color::new(c.0, c.1, c.2).into(),
                    width: 0.5,
                    ..Stroke::default()
                }));
                s.draw_path(&path);
            }
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            colour,
            width,
        } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x1, *y1);
            pb.line_to(*x2, *y2);
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                s.draw_path(&path);
            }
        }
        Item::Image { id, x, y, w, h } => match images.get(id.0).and_then(Option::as_ref) {
            Some(image) => {
                let Some(size) = Size::from_wh(w.max(0.01), h.max(0.01)) else {
                    return;
                };
                s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
                s.draw_image(image.clone(), size);
                s.pop();
            }
            None => {
                s.set_stroke(None);
                s.set_fill(Some(fill((150, 0, 0))));
                s.draw_text(
                    Point::from_xy(*x + 2.0, *y + h / 2.0),
                    font.clone(),
                    8.0,
                    "（图片无法读取）",
                    false,
                    TextDirection::Auto,
                );
            }
        },
    }
}

/// Chapters (level 1) with their sections (level 2) as children.
fn outline(laid: &Laid) -> Outline {
    let mut outline = Outline::new();
    let mut chapter: Option<OutlineNode> = None;
    for h in laid.headings.iter().filter(|h| h.level <= 2) {
        let node = OutlineNode::new(
            h.text.clone(),
            XyzDestination::new(h.page, Point::from_xy(0.0, h.y)),
        );
        if h.level == 1 {
            if let Some(c) = chapter.take() {
                outline.push_child(c);
            }
            chapter = Some(node);
        } else if let Some(c) = chapter.as_mut() {
            c.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(c) = chapter {
        outline.push_child(c);
    }
    outline
}
