//! A report as the app's worker receives it: the input as JSON and the images as bytes
//! beside it (photos are megabytes; JSON would triple them). [`make_report`] is all the
//! worker calls, so what the worker does is tested here, natively.

use serde::{Deserialize, Serialize};

use super::doc::{ImageFormat, Picture};
use super::docx::unreadable_images;
use super::{
    document_docx, document_pdf, inspection_report, risk_report, InspectionReportInput,
    ReportError, RiskReportInput,
};
use super::{ledger_xlsx, risk_register_xlsx, RiskRegister, XLSX_MIME};
use crate::inspection::{Date, HiddenDanger, Inspection};
use crate::risk::Palette;

/// Which report, with its input.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportKind {
    Inspection(Box<InspectionReportInput>),
    Risk(Box<RiskReportInput>),
    /// The 隐患台账 (XLSX only): the records as listed, their inspections for 检查类型,
    /// and the day overdue is judged on.
    Ledger {
        records: Vec<HiddenDanger>,
        inspections: Vec<Inspection>,
        today: String,
    },
    /// The 风险清单 (XLSX only), dated `date`.
    Register {
        register: Box<RiskRegister>,
        date: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Pdf,
    /// Word/WPS, for consultancies that edit the report.
    Docx,
    /// The tables: the ledger and the register.
    Xlsx,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Docx => "docx",
            ReportFormat::Xlsx => "xlsx",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "application/pdf",
            ReportFormat::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            ReportFormat::Xlsx => XLSX_MIME,
        }
    }
}

/// One image sent beside the request. `id` is a photo's id, or [`MAP_IMAGE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageMeta {
    pub id: String,
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// The id of the map among the images: the site map of an inspection report, the
/// four-colour map of a risk report.
pub const MAP_IMAGE: &str = "map";
/// The id of a risk report's district choropleth among the images.
pub const CHOROPLETH_IMAGE: &str = "choropleth";

/// **API Boundary** between the app and its worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportRequest {
    pub report: ReportKind,
    pub format: ReportFormat,
    /// The images that follow the request, in order.
    pub images: Vec<ImageMeta>,
}

/// The finished file.
#[derive(Debug, Clone)]
pub struct ReportFile {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Photos that were sent but could not be read; the report notes them in place.
    pub unreadable_images: usize,
}

/// Builds the report and writes it in the requested format. `images[i]` are the bytes of
/// `request.images[i]`; `progress(done, total)` follows the pages.
///
/// # Errors
/// [`ReportError::Request`] when the images do not match their list; the writers' errors
/// otherwise.
pub fn make_report(
    request: ReportRequest,
    images: Vec<Vec<u8>>,
    font: Vec<u8>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ReportFile, ReportError> {
    if images.len() != request.images.len() {
        return Err(ReportError::Request(format!(
            "{} 张图片，清单列出 {} 张 / {} images for a list of {}",
            images.len(),
            request.images.len(),
            images.len(),
            request.images.len()
        )));
    }
    let pictures = request.images.into_iter().zip(images).map(|(meta, bytes)| {
        let picture = Picture {
            bytes,
            format: meta.format,
            width: meta.width,
            height: meta.height,
        };
        (meta.id, picture)
    });
    let table = |bytes: Result<Vec<u8>, ReportError>, progress: &mut dyn FnMut(usize, usize)| {
        progress(1, 1);
        Ok(ReportFile {
            bytes: bytes?,
            pages: 0,
            unreadable_images: 0,
        })
    };
    let day = |s: &str| {
        Date::parse(s).ok_or_else(|| ReportError::Request(format!("日期无效 / bad date: {s}")))
    };
    let doc = match request.report {
        ReportKind::Ledger {
            records,
            inspections,
            today,
        } => {
            only_xlsx(request.format)?;
            return table(ledger_xlsx(&records, &inspections, day(&today)?), progress);
        }
        ReportKind::Register { register, date } => {
            only_xlsx(request.format)?;
            return table(
                risk_register_xlsx(&register, &Palette::default(), day(&date)?),
                progress,
            );
        }
        ReportKind::Inspection(mut input) => {
            for (id, picture) in pictures {
                if id == MAP_IMAGE {
                    input.map = Some(picture);
                } else {
                    input.photos.insert(id, picture);
                }
            }
            inspection_report(&input)
        }
        ReportKind::Risk(mut input) => {
            for (id, picture) in pictures {
                match id.as_str() {
                    MAP_IMAGE => input.map = Some(picture),
                    CHOROPLETH_IMAGE => input.choropleth = Some(picture),
                    _ => {}
                }
            }
            risk_report(&input)
        }
    };
    match request.format {
        ReportFormat::Xlsx => Err(ReportError::Request(
            "报告没有 XLSX 格式（台账和风险清单才有）/ reports are PDF or DOCX".into(),
        )),
        ReportFormat::Pdf => {
            let out = document_pdf(&doc, font, progress)?;
            Ok(ReportFile {
                bytes: out.bytes,
                pages: out.pages,
                unreadable_images: out.unreadable_images.len(),
            })
        }
        ReportFormat::Docx => {
            let bytes = document_docx(&doc)?;
            // Word counts pages itself; the PDF layout's count is the best estimate here.
            progress(1, 1);
            Ok(ReportFile {
                bytes,
                pages: 0,
                unreadable_images: unreadable_images(&doc).len(),
            })
        }
    }
}

fn only_xlsx(format: ReportFormat) -> Result<(), ReportError> {
    match format {
        ReportFormat::Xlsx => Ok(()),
        _ => Err(ReportError::Request(
            "台账和风险清单只有 XLSX 格式 / tables are XLSX only".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trips_through_json_without_image_bytes() {
        let mut input = InspectionReportInput {
            number: "XT-1".into(),
            ..Default::default()
        };
        input.photos.insert(
            "p1".into(),
            Picture {
                bytes: vec![1, 2, 3],
                format: ImageFormat::Jpeg,
                width: 1,
                height: 1,
            },
        );
        let req = ReportRequest {
            report: ReportKind::Inspection(Box::new(input)),
            format: ReportFormat::Pdf,
            images: vec![ImageMeta {
                id: "p1".into(),
                format: ImageFormat::Jpeg,
                width: 1600,
                height: 1200,
            }],
        };
        let json = serde_json::to_string(&req).unwrap();
        assert!(json.contains(r#""kind":"inspection""#), "{json}");
        assert!(json.contains(r#""format":"jpeg""#));
        assert!(!json.contains("[1,2,3]"), "bytes travel beside the JSON");
        let back: ReportRequest = serde_json::from_str(&json).unwrap();
        let ReportKind::Inspection(i) = back.report else {
            panic!("kind kept");
        };
        assert_eq!(i.number, "XT-1");
        assert!(i.photos.is_empty());
    }

    #[test]
    fn images_that_do_not_match_their_list_are_refused() {
        let req = ReportRequest {
            report: ReportKind::Inspection(Box::default()),
            format: ReportFormat::Pdf,
            images: vec![],
        };
        let err = make_report(req, vec![vec![0]], Vec::new(), &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, ReportError::Request(_)), "{err:?}");
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn the_ledger_is_written_as_xlsx_and_refuses_pdf() {
        let mut d = HiddenDanger::new("E1", "示范", "2026-12-01", "张工", 0);
        d.number = "YH-20261201-0001".into();
        let req = |format| ReportRequest {
            report: ReportKind::Ledger {
                records: vec![d.clone()],
                inspections: vec![],
                today: "2026-12-05".into(),
            },
            format,
            images: vec![],
        };
        let json = serde_json::to_string(&req(ReportFormat::Xlsx)).unwrap();
        let back: ReportRequest = serde_json::from_str(&json).unwrap();
        let file = make_report(back, vec![], vec![], &mut |_, _| {}).expect("xlsx");
        assert_eq!(&file.bytes[..2], b"PK", "a zip");
        let err = make_report(req(ReportFormat::Pdf), vec![], vec![], &mut |_, _| {}).unwrap_err();
        assert!(matches!(err, ReportError::Request(_)));
    }
}
