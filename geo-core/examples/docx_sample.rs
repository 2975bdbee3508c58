//! Writes a representative inspection report as DOCX for `tests/reports/check_docx.py`,
//! which opens it with python-docx (run by `scripts/test.sh`).
//!
//! `cargo run -p geo-core --example docx_sample [-- OUT.docx]`; the default output is
//! `target/report-samples/sample.docx`.

use std::path::PathBuf;

use geo_core::report::doc::{
    BarChart, Block, Cell, Column, Cover, Document, ImageFormat, Picture, Series, SignOff, Table,
};
use geo_core::report::document_docx;

const PHOTO: &[u8] = include_bytes!("../tests/fixtures/report_photo.jpg");
const SIGNATURE: &[u8] = include_bytes!("../tests/fixtures/report_signature.png");

fn sample() -> Document {
    let mut d = Document {
        title: "厦门海沧示范化工有限公司隐患排查报告".into(),
        running_header: "隐患排查报告 XT-2026-0001".into(),
        cover: Cover {
            title: "安全生产事故隐患排查报告".into(),
            subtitle: "厦门海沧示范化工有限公司".into(),
            fields: vec![
                ("受检单位".into(), "厦门海沧示范化工有限公司".into()),
                ("报告编号".into(), "XT-2026-0001".into()),
                ("排查日期".into(), "2026-11-29".into()),
            ],
            sign_off: Vec::new(),
            footer: "险图安全技术咨询有限公司\n2026年11月30日".into(),
            warning: Some("本报告使用虚构的演示数据".into()),
        },
        created: Some((2026, 11, 30, 8, 0, 0)),
        ..Default::default()
    };
    let photo = d.add_image(Picture {
        bytes: PHOTO.to_vec(),
        format: ImageFormat::Jpeg,
        width: 48,
        height: 32,
    });
    let signature = d.add_image(Picture {
        bytes: SIGNATURE.to_vec(),
        format: ImageFormat::Png,
        width: 60,
        height: 20,
    });
    d.cover.sign_off = vec![
        SignOff {
            role: "编制".into(),
            name: "张安全".into(),
            image: Some(signature),
            date: "2026-11-29".into(),
        },
        SignOff {
            role: "审核".into(),
            name: "李审核".into(),
            image: None,
            date: "2026-11-30".into(),
        },
        SignOff {
            role: "批准".into(),
            name: "王批准".into(),
            image: None,
            date: "2026-11-30".into(),
        },
    ];

    d.push(Block::Contents);
    d.push(Block::PageBreak);
    d.heading(1, "一、项目概况");
    d.paragraph("受厦门海沧示范化工有限公司委托，对其储罐区、装卸区和配电室开展事故隐患排查。");
    d.push(Block::Fields(vec![
        ("统一社会信用代码".into(), "91350200MA00000000".into()),
        ("行业".into(), "危险化学品生产".into()),
    ]));
    d.heading(2, "1.1 排查范围");
    d.push(Block::List(vec![
        "储罐区（T-101 至 T-104）".into(),
        "装卸区与配电室".into(),
    ]));
    // The ledger goes on landscape pages, as the inspection report builder does.
    d.push(Block::Orientation { landscape: true });
    d.heading(1, "二、隐患清单");
    d.push(Block::Table(Table {
        caption: "表 1 隐患清单".into(),
        columns: vec![
            Column::centred("序号", 0.6),
            Column::new("隐患描述", 3.0),
            Column::centred("等级", 1.0),
            Column::centred("照片", 1.8),
        ],
        rows: vec![
            vec![
                Cell::text("1"),
                Cell::text("储罐区防火堤破损，雨水排放阀常开"),
                Cell::Filled {
                    text: "重大".into(),
                    fill: (215, 25, 28),
                },
                Cell::Image(photo),
            ],
            vec![
                Cell::text("2"),
                Cell::text("配电室应急照明失效"),
                Cell::Filled {
                    text: "一般".into(),
                    fill: (255, 255, 0),
                },
                Cell::text(""),
            ],
            vec![
                Cell::text("3"),
                Cell::text("装卸区静电接地报警器未校验"),
                Cell::Filled {
                    text: "一般".into(),
                    fill: (255, 255, 0),
                },
                Cell::text(""),
            ],
        ],
    }));
    d.push(Block::Note(
        "注：等级依据《重大事故隐患判定标准》判定。".into(),
    ));
    d.push(Block::Orientation { landscape: false });
    d.push(Block::Figure {
        image: photo,
        width: 0.6,
        caption: "图 1 储罐区防火堤现场照片".into(),
    });
    d.heading(2, "2.1 统计");
    d.push(Block::Chart(BarChart {
        caption: "图 2 各类别隐患数量".into(),
        categories: vec!["消防".into(), "电气".into(), "工艺".into()],
        series: vec![
            Series {
                name: "一般隐患".into(),
                colour: (0, 112, 192),
                values: vec![3.0, 1.0, 2.0],
            },
            Series {
                name: "重大隐患".into(),
                colour: (215, 25, 28),
                values: vec![1.0, 0.0, 1.0],
            },
        ],
        stacked: false,
    }));
    d.heading(1, "三、结论");
    d.paragraph("存在重大事故隐患 1 项，应立即整改。");
    d.push(Block::Signatures(vec![SignOff {
        role: "项目负责人".into(),
        name: "张安全".into(),
        image: Some(signature),
        date: "2026-11-30".into(),
    }]));
    d.push(Block::PageBreak);
    d.heading(1, "附件");
    d.push(Block::Gallery(vec![
        (photo, "附件照片 1 储罐区防火堤".into()),
        (photo, "附件照片 2 雨水排放阀".into()),
        (signature, "附件照片 3 签名样式".into()),
    ]));
    d
}

fn main() {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/report-samples/sample.docx")
        });
    let bytes = match document_docx(&sample()) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("{}: {e}", out.display());
        std::process::exit(1);
    }
    println!("{} ({} bytes)", out.display(), bytes.len());
}
