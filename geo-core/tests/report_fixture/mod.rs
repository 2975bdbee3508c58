//! A realistic inspection for report tests: one site, one inspection with two checklists,
//! hidden dangers of both levels in every state, JPEG photos and PNG signatures made on
//! the fly (no binary fixtures), and a PNG "map".

#![allow(dead_code)]

use std::collections::HashMap;

use geo_core::inspection::{
    builtin_templates, Acceptance, Answer, Category, DangerLevel, HiddenDanger, Inspection,
    InspectionHeader, InspectionType, PhotoRef, Transition,
};
use geo_core::report::doc::{ImageFormat, Picture};
use geo_core::report::{InspectionReportInput, UnitProfile};

pub const FONT: &str =
    "../node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf";

pub fn font() -> Vec<u8> {
    std::fs::read(FONT).expect("npm font installed (npm ci at the repo root)")
}

/// A `w`×`h` JPEG with a pattern that depends on `seed`, so every photo differs.
pub fn jpeg(w: u32, h: u32, seed: u32) -> Vec<u8> {
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let r = ((x * 255 / w.max(1)) ^ seed.wrapping_mul(37)) as u8;
            let g = ((y * 255 / h.max(1)) + seed * 11) as u8;
            let b = (((x / 40 + y / 40 + seed) % 2) * 120 + 60) as u8;
            rgb.extend_from_slice(&[r, g, b]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg encodes");
    out
}

/// A `w`×`h` RGBA PNG: a transparent background with a dark stroke (a signature) or a
/// coloured field (a map).
pub fn png(w: u32, h: u32, map: bool) -> Vec<u8> {
    let mut px = vec![0u8; (w * h * 4) as usize];
    for y in 0..h {
        for x in 0..w {
            let i = ((y * w + x) * 4) as usize;
            if map {
                px[i..i + 4].copy_from_slice(&[200, 220, (x % 256) as u8, 255]);
            } else {
                let curve = (h as f32 / 2.0) + (x as f32 / 18.0).sin() * h as f32 / 4.0;
                if (y as f32 - curve).abs() < 2.5 {
                    px[i..i + 4].copy_from_slice(&[10, 10, 40, 255]);
                }
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut wr = enc.write_header().expect("png header");
        wr.write_image_data(&px).expect("png data");
    }
    out
}

fn photo(id: &str, w: u32, h: u32) -> PhotoRef {
    PhotoRef {
        id: id.to_string(),
        mime: "image/jpeg".into(),
        width: w,
        height: h,
    }
}

const SITE: &str = "E0007";
const UNIT: &str = "厦门海沧示范化工有限公司";

/// `n` dangers with `photos_each` photos of `photo_px` long side; the first two are 重大.
pub fn input(n: usize, photos_each: usize, photo_px: u32) -> InspectionReportInput {
    let templates = builtin_templates();
    let chosen: Vec<_> = templates.iter().take(2).collect();
    let mut insp = Inspection::new(
        InspectionHeader {
            id: "INS-20261201-ab12-0001".into(),
            site_id: SITE.into(),
            site_name: UNIT.into(),
            date: "2026-12-01".into(),
            kind: InspectionType::Comprehensive,
            inspectors: vec!["张工".into(), "李工".into()],
        },
        &chosen,
        "张工",
        0,
    );
    let items: Vec<(String, String)> = insp
        .items
        .iter()
        .map(|i| (i.template_id.clone(), i.item.id.clone()))
        .collect();
    for (k, (t, i)) in items.iter().enumerate() {
        let a = match k % 5 {
            0 => Answer::NonConforming,
            4 => Answer::NotApplicable,
            _ => Answer::Conforming,
        };
        insp.answer(
            t,
            i,
            Some(a),
            if k % 5 == 0 { "现场发现问题" } else { "" },
            "张工",
            1,
        )
        .expect("answer");
    }

    let mut photos = HashMap::new();
    let cats = [
        Category::Fire,
        Category::Electrical,
        Category::HazardousChemicals,
        Category::ConfinedSpace,
        Category::Management,
    ];
    let mut dangers = Vec::new();
    for i in 0..n {
        let mut d = HiddenDanger::new(SITE, UNIT, "2026-12-01", "张工", 10 + i as i64);
        d.number = format!("YH-20261201-{:04}", i + 1);
        d.inspection_id = Some(insp.id.clone());
        d.place = format!("{}号储罐区东侧", i % 4 + 1);
        d.description = format!(
            "第{}处：防火堤伸缩缝破损，雨水排放阀处于常开状态，泄漏时物料可能流出堤外<{}>。",
            i + 1,
            i
        );
        d.category = Some(cats[i % cats.len()].clone());
        d.level = if i < 2 {
            DangerLevel::major()
        } else {
            DangerLevel::general()
        };
        d.basis = "GB 50351-2014 第3.2.8条".into();
        d.found_by = vec!["张工".into()];
        d.measures = "修补伸缩缝，关闭雨水排放阀并上锁，排水时专人监护。".into();
        d.department = "储运部".into();
        d.responsible = "王主任".into();
        d.deadline = if i % 3 == 0 {
            "2026-12-03"
        } else {
            "2026-12-31"
        }
        .into();
        d.funds_fen = 1_250_000;
        d.interim_measures = "设置警戒线，配备应急沙袋和吸附棉。".into();
        if d.level.is_major() {
            d.plan.goals = "消除防火堤失效风险".into();
            d.plan.methods = "停用相关储罐，修补防火堤并做闭水试验".into();
            d.plan.funds_and_materials = "安全费用列支 12,500 元".into();
            d.plan.organisation = "储运部，负责人王主任".into();
            d.plan.time_limit = "2026-12-31 前完成".into();
            d.plan.safety_and_emergency = "作业期间执行动火和受限空间审批，现场备消防车".into();
        }
        for p in 0..photos_each {
            let (w, h) = if p % 2 == 0 {
                (photo_px, photo_px * 3 / 4)
            } else {
                (photo_px * 3 / 4, photo_px)
            };
            let id = format!("p{i}-{p}");
            photos.insert(
                id.clone(),
                Picture {
                    bytes: jpeg(w, h, (i * 7 + p) as u32),
                    format: ImageFormat::Jpeg,
                    width: w,
                    height: h,
                },
            );
            d.photos.push(photo(&id, w, h));
        }
        // Every third record is closed, one is waiting for acceptance.
        if i % 3 == 2 || i == 3 {
            d.transition(Transition::StartRectification {
                by: "王主任".into(),
                at: 100,
            })
            .expect("start");
            d.transition(Transition::SubmitForAcceptance {
                by: "王主任".into(),
                at: 200,
                completed_on: "2026-12-02".into(),
            })
            .expect("submit");
            if i != 3 {
                d.transition(Transition::Accept {
                    at: 300,
                    acceptance: Acceptance {
                        by: "张工".into(),
                        department: "安全部".into(),
                        date: "2026-12-03".into(),
                        opinion: "已整改，符合要求".into(),
                        photo: None,
                    },
                })
                .expect("accept");
            }
        }
        dangers.push(d);
    }
    // Signatures on the last record.
    let sig = Picture {
        bytes: png(300, 100, false),
        format: ImageFormat::Png,
        width: 300,
        height: 100,
    };
    photos.insert("sig-inspector".into(), sig);
    if let Some(d) = dangers.last_mut() {
        d.signatures.inspector = Some(PhotoRef {
            id: "sig-inspector".into(),
            mime: "image/png".into(),
            width: 300,
            height: 100,
        });
    }

    InspectionReportInput {
        number: "XT-YH-20261201-01".into(),
        date: "2026-12-05".into(),
        unit: UnitProfile {
            name: UNIT.into(),
            credit_code: "91350200MA00000000".into(),
            address: "厦门市海沧区示范路 1 号".into(),
            industry: "化学原料和化学制品制造业".into(),
            headcount: "120".into(),
            contact: "王主任 0592-0000000".into(),
            major_hazard: "构成三级重大危险源（虚构）".into(),
        },
        inspections: vec![insp],
        dangers,
        issuer: "厦门示范安全咨询有限公司".into(),
        sign_off: ["张工".into(), "李工".into(), String::new()],
        photos,
        map: Some(Picture {
            bytes: png(800, 600, true),
            format: ImageFormat::Png,
            width: 800,
            height: 600,
        }),
        basis: Vec::new(),
        fictional: true,
        photos_recompressed: 0,
        created: None,
    }
}
