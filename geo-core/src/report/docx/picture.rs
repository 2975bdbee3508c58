//! Images: which ones the document uses (each stored once under `word/media`) and the
//! inline DrawingML that shows one at a given size.

use std::collections::BTreeMap;

use super::parts::MediaEntry;
use super::xml::{esc, run, EMU_PER_CM};
use crate::report::doc::{Document, ImageFormat, ImageId, Picture};

/// Pictures are never drawn smaller than this, so a degenerate size still shows a mark.
const MIN_EMU: i64 = EMU_PER_CM / 10;

/// Tracks the images referenced so far and numbers the drawings, whose `wp:docPr` ids
/// Word requires to be unique in the document.
pub struct Pictures<'a> {
    doc: &'a Document,
    used: BTreeMap<usize, &'a Picture>,
    drawings: u32,
}

impl<'a> Pictures<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Pictures {
            doc,
            used: BTreeMap::new(),
            drawings: 0,
        }
    }

    /// The picture behind an id when it can be shown, recording it for `word/media`.
    fn get(&mut self, id: ImageId) -> Option<&'a Picture> {
        let pic = self.doc.image(id).filter(|p| readable(p))?;
        self.used.insert(id.0, pic);
        Some(pic)
    }

    /// A run showing image `id` at `cx` × `cy` EMU (`id` must have passed [`Self::get`]).
    fn inline(&mut self, id: ImageId, cx: i64, cy: i64) -> String {
        self.drawings += 1;
        let n = self.drawings;
        let (cx, cy) = (cx.max(MIN_EMU), cy.max(MIN_EMU));
        let rid = rel_id(id);
        let name = esc(&format!("图片 {n}"));
        format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
             <wp:docPr id=\"{n}\" name=\"{name}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{name}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
             </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
    }

    /// A run showing image `id` as wide as `max_w` EMU allows and at most `max_h` tall,
    /// keeping its aspect ratio. An image that cannot be shown (see [`unreadable`]) gets
    /// the PDF writer's note in its place: one bad photo must not cost the whole report,
    /// and Word would show a broken-picture box for it anyway.
    pub fn fitted(&mut self, id: ImageId, max_w: i64, max_h: i64) -> String {
        match self.get(id) {
            Some(pic) => {
                let (w, h) = fit(pic.aspect(), max_w, max_h);
                self.inline(id, w, h)
            }
            None => run(
                "（图片无法读取）",
                "<w:rPr><w:color w:val=\"960000\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/></w:rPr>",
            ),
        }
    }

    /// The stored images in id order: file names and relationship ids for the package.
    pub fn media(&self) -> Vec<(MediaEntry, &'a [u8])> {
        self.used
            .iter()
            .map(|(&i, pic)| {
                (
                    MediaEntry {
                        rel_id: rel_id(ImageId(i)),
                        file: format!("image{}.{}", i + 1, pic.format.extension()),
                    },
                    pic.bytes.as_slice(),
                )
            })
            .collect()
    }
}

/// Whether the bytes start as the format they are declared as. Word sniffs nothing and
/// shows a broken-picture box for anything else.
fn readable(pic: &Picture) -> bool {
    let magic: &[u8] = match pic.format {
        ImageFormat::Jpeg => &[0xFF, 0xD8, 0xFF],
        ImageFormat::Png => b"\x89PNG\r\n\x1a\n",
    };
    pic.bytes.starts_with(magic)
}

/// Indexes of the images in `doc.images` the DOCX writer replaces with a note, for the
/// caller to warn about (as [`crate::report::PdfOutput::unreadable_images`] does for
/// the PDF).
pub fn unreadable(doc: &Document) -> Vec<usize> {
    doc.images
        .iter()
        .enumerate()
        .filter(|(_, p)| !readable(p))
        .map(|(i, _)| i)
        .collect()
}

fn rel_id(id: ImageId) -> String {
    format!("rIdImg{}", id.0 + 1)
}

/// The largest size of aspect `aspect` (height over width) inside `max_w` × `max_h`.
pub fn fit(aspect: f32, max_w: i64, max_h: i64) -> (i64, i64) {
    let aspect = if aspect.is_finite() && aspect > 0.0 {
        aspect as f64
    } else {
        1.0
    };
    let (max_w, max_h) = (max_w.max(MIN_EMU) as f64, max_h.max(MIN_EMU) as f64);
    let mut w = max_w;
    let mut h = w * aspect;
    if h > max_h {
        h = max_h;
        w = h / aspect;
    }
    (w.round() as i64, h.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_aspect_within_both_limits() {
        // Landscape 4:3 in a wide box: width-limited.
        assert_eq!(fit(0.75, 400_000, 1_000_000), (400_000, 300_000));
        // Portrait 2:1 in a 2.5 cm-high box: height-limited, width halves.
        assert_eq!(fit(2.0, 1_000_000, 900_000), (450_000, 900_000));
        // A NaN aspect is treated as square rather than producing a NaN size.
        assert_eq!(fit(f32::NAN, 500_000, 900_000), (500_000, 500_000));
    }
}
