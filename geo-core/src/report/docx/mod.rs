//! The report as a Word file, for consultancies that edit it in Word or WPS.
//!
//! WordprocessingML is written by hand: the report needs a few dozen elements, and a
//! DOCX crate would add weight to the wasm build for little gain. Every part is a
//! string built in a fixed order and zipped with fixed timestamps, so the same
//! [`Document`] always gives the same bytes.

mod body;
mod chart;
mod parts;
mod picture;
mod table;
mod xml;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::doc::Document;
use super::ReportError;
use picture::Pictures;

pub use picture::unreadable as unreadable_images;

/// Writes `doc` as a DOCX file.
///
/// An image whose bytes are not the JPEG/PNG it is declared as, or an id with no image,
/// shows the note 「图片无法读取」 in its place, as in the PDF; [`unreadable_images`]
/// lists them for a warning.
///
/// # Errors
/// [`ReportError::Docx`] if the zip cannot be written (in practice, out of memory).
pub fn document_docx(doc: &Document) -> Result<Vec<u8>, ReportError> {
    let mut pics = Pictures::new(doc);
    let document = body::document(doc, &mut pics);
    let media = pics.media();
    let title = if doc.title.is_empty() {
        &doc.cover.title
    } else {
        &doc.title
    };
    let rels = parts::document_rels(media.iter().map(|(entry, _)| entry));

    let deflate = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    // JPEG and PNG are compressed already.
    let stored = deflate.compression_method(CompressionMethod::Stored);
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let mut put = |name: &str, opts: SimpleFileOptions, bytes: &[u8]| -> Result<(), ReportError> {
        z.start_file(name, opts)
            .map_err(|e| ReportError::Docx(e.to_string()))?;
        z.write_all(bytes)
            .map_err(|e| ReportError::Docx(e.to_string()))
    };
    put(
        "[Content_Types].xml",
        deflate,
        parts::content_types().as_bytes(),
    )?;
    put("_rels/.rels", deflate, parts::package_rels().as_bytes())?;
    put(
        "docProps/core.xml",
        deflate,
        parts::core(title, doc.created).as_bytes(),
    )?;
    put("docProps/app.xml", deflate, parts::app().as_bytes())?;
    put("word/document.xml", deflate, document.as_bytes())?;
    put("word/_rels/document.xml.rels", deflate, rels.as_bytes())?;
    put("word/styles.xml", deflate, parts::styles().as_bytes())?;
    put("word/settings.xml", deflate, parts::settings().as_bytes())?;
    put("word/numbering.xml", deflate, parts::numbering().as_bytes())?;
    put(
        "word/header1.xml",
        deflate,
        parts::header(&doc.running_header).as_bytes(),
    )?;
    put("word/footer1.xml", deflate, parts::footer().as_bytes())?;
    put(
        "word/fontTable.xml",
        deflate,
        parts::font_table().as_bytes(),
    )?;
    put("word/theme/theme1.xml", deflate, parts::theme().as_bytes())?;
    for (entry, bytes) in &media {
        put(&format!("word/media/{}", entry.file), stored, bytes)?;
    }
    let cursor = z.finish().map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests;
