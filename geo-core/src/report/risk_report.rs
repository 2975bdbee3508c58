//! 风险评估报告 for consultancies: many sites scored with one model. The method and the
//! model's parameters (so a reader can re-derive every score), the four-colour map, the
//! register sorted by score with each site's explanation, the grade distribution, the
//! district table and choropleth, and the data sources with their CRS and warnings.

use serde::{Deserialize, Serialize};

use super::doc::{
    BarChart, Block, Cell, Column, Cover, Document, Picture, Rgb, Series, SignOff, Table,
};
use super::inspection_report::percent;
use crate::project::Project;
use crate::risk::models::ModelDocument;
use crate::risk::{Grade, Palette};

/// One scored site, as the register prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteRow {
    pub id: String,
    pub name: String,
    /// The district it lies in, when the project has an area layer.
    pub district: String,
    pub lon: f64,
    pub lat: f64,
    pub score: Option<f64>,
    pub grade: Grade,
    /// The explanation, largest factor first.
    pub factors: Vec<String>,
}

/// One district of the aggregation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaRow {
    pub name: String,
    /// Sites per grade, 低 0 … 重大 3.
    pub counts: [usize; 4],
    pub highest: Option<Grade>,
    pub mean_score: Option<f64>,
}

/// One layer the assessment used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRow {
    pub name: String,
    pub role: String,
    pub features: usize,
    /// File, format and CRS as recorded at import.
    pub source: String,
    pub warnings: Vec<String>,
    pub fictional: bool,
}

/// The weight a hazard or source layer gets in the score, as the model resolves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightRow {
    pub layer: String,
    /// 危险区 or 危险源.
    pub kind: String,
    pub weight: f64,
    /// Class → share of the weight, for hazard zones.
    pub classes: Vec<(String, f64)>,
}

/// **API Boundary:** posted to the worker as JSON; the maps travel beside it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskReportInput {
    pub number: String,
    pub date: String,
    /// 项目名称, e.g. “海沧区企业多灾种风险评估”.
    pub title: String,
    pub client: String,
    pub issuer: String,
    pub sign_off: [String; 3],
    pub model: ModelDocument,
    /// Every hazard and source layer's weight as applied (configured or default).
    pub weights: Vec<WeightRow>,
    pub sites: Vec<SiteRow>,
    /// Sites printed one by one in the register (the rest are counted); 0 means
    /// [`REGISTER_ROWS`].
    pub register_rows: usize,
    /// Name of the area layer the districts come from; empty without one.
    pub area_layer: String,
    pub areas: Vec<AreaRow>,
    pub sources: Vec<SourceRow>,
    pub fictional: bool,
    pub created: Option<(u16, u8, u8, u8, u8, u8)>,
    /// The four-colour map of all sites (PNG).
    #[serde(skip)]
    pub map: Option<Picture>,
    /// The district choropleth (PNG).
    #[serde(skip)]
    pub choropleth: Option<Picture>,
}

/// Sites listed one by one in the PDF register; the rest are counted (the XLSX register
/// has them all). 2,000 rows are about 150 pages.
pub const REGISTER_ROWS: usize = 2000;

fn rgb(g: Grade) -> Rgb {
    let c = Palette::default().colour(g);
    (c.0, c.1, c.2)
}

impl RiskReportInput {
    /// Sites, districts and sources of `project` as scored now. The first area layer
    /// gives the districts.
    pub fn from_project(project: &Project) -> Self {
        // The register decides districts (the area polygon holding a site, else its
        // 区/街道 field) and the order; the report prints what the XLSX register lists.
        let register = super::RiskRegister::from_project(project);
        let sites = register
            .rows
            .iter()
            .map(|r| SiteRow {
                id: r.site_id.clone(),
                name: r.name.clone(),
                district: r.district.clone().unwrap_or_default(),
                lon: r.position.map_or(0.0, |p| p.0),
                lat: r.position.map_or(0.0, |p| p.1),
                score: Some(r.score),
                grade: r.grade,
                factors: r.factors.clone(),
            })
            .collect();
        let area_name = register
            .districts
            .first()
            .map(|d| d.layer.clone())
            .unwrap_or_default();
        let areas = register
            .districts
            .iter()
            .filter(|d| d.layer == area_name)
            .map(|d| AreaRow {
                name: d.name.clone(),
                counts: d.summary.counts,
                highest: d.summary.highest,
                mean_score: d.summary.mean_score,
            })
            .collect();
        let c = &project.model.composite;
        let weights = project
            .layers
            .iter()
            .filter_map(|l| match l.meta.role {
                crate::layer::LayerRole::HazardZones => {
                    let (weight, shares) = c.hazard(&l.meta.id, &l.meta.name);
                    let classes = l
                        .meta
                        .class_levels
                        .iter()
                        .map(|(class, level)| {
                            let share = shares
                                .and_then(|s| s.get(class).copied())
                                .unwrap_or(c.level_shares[(*level as usize).min(3)]);
                            (class.clone(), share)
                        })
                        .collect();
                    Some(WeightRow {
                        layer: l.meta.name.clone(),
                        kind: "危险区".into(),
                        weight,
                        classes,
                    })
                }
                crate::layer::LayerRole::Sources => Some(WeightRow {
                    layer: l.meta.name.clone(),
                    kind: "危险源".into(),
                    weight: c.source_weight(&l.meta.id, &l.meta.name),
                    classes: Vec::new(),
                }),
                _ => None,
            })
            .collect();
        RiskReportInput {
            model: project.model.clone(),
            weights,
            sites,
            area_layer: area_name,
            areas,
            sources: project
                .layers
                .iter()
                .map(|l| SourceRow {
                    name: l.meta.name.clone(),
                    role: role_zh(l.meta.role).to_string(),
                    features: l.features.len(),
                    source: l.meta.source.clone(),
                    warnings: l.meta.warnings.clone(),
                    fictional: l.meta.fictional,
                })
                .collect(),
            fictional: project.fictional(),
            ..RiskReportInput::default()
        }
    }
}

/// Builds the risk-assessment report.
pub fn risk_report(input: &RiskReportInput) -> Document {
    let mut sites: Vec<&SiteRow> = input.sites.iter().collect();
    // Highest score first; unscored sites by grade after them; ties by id.
    sites.sort_by(|a, b| {
        b.score
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.score.unwrap_or(f64::NEG_INFINITY))
            .then(b.grade.cmp(&a.grade))
            .then(a.id.cmp(&b.id))
    });
    let title = if input.title.is_empty() {
        "企业安全风险评估报告".to_string()
    } else {
        input.title.clone()
    };
    let mut doc = Document {
        title: title.clone(),
        running_header: format!("{title}  报告编号：{}", input.number),
        created: input.created,
        ..Document::default()
    };
    let m = &input.model;
    doc.cover = Cover {
        title: "安全风险评估报告".into(),
        subtitle: title.clone(),
        fields: vec![
            ("委托单位".into(), dash(&input.client)),
            ("报告编号".into(), dash(&input.number)),
            ("评估对象".into(), format!("{} 家场所", sites.len())),
            (
                "评估模型".into(),
                format!("{}（版本 {}）", m.name, m.version),
            ),
            ("编制单位".into(), dash(&input.issuer)),
            ("报告日期".into(), input.date.clone()),
        ],
        sign_off: ["编制", "审核", "批准"]
            .iter()
            .zip(&input.sign_off)
            .map(|(r, n)| SignOff {
                role: r.to_string(),
                name: n.clone(),
                image: None,
                date: String::new(),
            })
            .collect(),
        footer: [input.issuer.as_str(), input.date.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("    "),
        warning: input
            .fictional
            .then(|| "注意：本报告使用虚构的演示数据，不代表任何真实单位。".to_string()),
    };
    doc.push(Block::Contents);

    // 一、评估概况
    let counts = grade_counts(&sites);
    doc.heading(1, "一、评估概况");
    doc.paragraph(format!(
        "本次评估对 {} 家场所，按多灾种综合风险指数模型“{}”（版本 {}）计算 0–100 的综合风险指数，并按分级阈值划分为重大、较大、一般、低四级，分别以红、橙、黄、蓝表示。评估结果：重大风险 {} 家、较大风险 {} 家、一般风险 {} 家、低风险 {} 家。",
        sites.len(), m.name, m.version, counts[3], counts[2], counts[1], counts[0]
    ));

    // 二、评估方法与模型参数
    doc.heading(1, "二、评估方法与模型参数");
    doc.paragraph("综合风险指数由危险区暴露、危险源影响、脆弱性和未闭环隐患四部分相加（上限 100）：场所位于危险区内按危险区权重乘以等级分值计分；位于危险源影响圈内按危险源权重、影响圈分值和距离衰减计分；脆弱性按场所属性（如从业人数、行业）计分；未闭环隐患按数量计分，存在未闭环重大隐患时等级不低于设定的下限。以下参数即产生本报告全部分值的模型文件内容。");
    let c = &m.composite;
    doc.push(Block::Table(Table {
        caption: "表 1  危险区和危险源权重".into(),
        columns: vec![
            Column::new("图层", 2.5),
            Column::new("类型", 1.0),
            Column::right("权重", 1.0),
            Column::new("类别分值（占权重的比例）", 4.0),
        ],
        rows: input
            .weights
            .iter()
            .map(|w| {
                vec![
                    Cell::text(w.layer.as_str()),
                    Cell::text(w.kind.as_str()),
                    Cell::text(format!("{}", w.weight)),
                    Cell::text(
                        w.classes
                            .iter()
                            .map(|(k, v)| format!("{k} {v}"))
                            .collect::<Vec<_>>()
                            .join("，"),
                    ),
                ]
            })
            .collect(),
    }));
    let shares = c.level_shares;
    doc.push(Block::Fields(vec![
        (
            "其他危险区图层权重".into(),
            format!("{}", c.default_hazard_weight),
        ),
        (
            "等级分值（低/中/高/极高）".into(),
            format!(
                "{} / {} / {} / {}",
                shares[0], shares[1], shares[2], shares[3]
            ),
        ),
        (
            "危险源默认权重".into(),
            format!("{}", c.default_source_weight),
        ),
        (
            "距离衰减".into(),
            format!("{} m 内不衰减，{} m 外为 0", c.decay_full_m, c.decay_zero_m),
        ),
        (
            "影响圈".into(),
            c.rings
                .names
                .iter()
                .map(|r| format!("{} {}", r.zh, r.share))
                .collect::<Vec<_>>()
                .join("，"),
        ),
        (
            "未闭环隐患".into(),
            format!(
                "一般隐患每项 {} 分，重大隐患每项 {} 分{}",
                c.dangers.points_per_open_general,
                c.dangers.points_per_open_major,
                if c.dangers.major_floor_enabled {
                    format!("；存在未闭环重大隐患时不低于{}", c.dangers.major_floor.zh())
                } else {
                    String::new()
                }
            ),
        ),
    ]));
    if !c.vulnerability.is_empty() {
        doc.push(Block::List(
            c.vulnerability
                .iter()
                .map(|v| format!("脆弱性：{}（字段 {}）", v.label_zh, v.field))
                .collect(),
        ));
    }
    doc.push(Block::Table(Table {
        caption: "表 2  分级阈值".into(),
        columns: vec![
            Column::new("等级", 1.0),
            Column::right("综合风险指数不低于", 1.0),
        ],
        rows: c
            .bands
            .iter()
            .map(|b| {
                vec![
                    Cell::Filled {
                        text: if b.zh.is_empty() {
                            b.grade.zh().to_string()
                        } else {
                            b.zh.clone()
                        },
                        fill: rgb(b.grade),
                    },
                    Cell::text(format!("{}", b.min)),
                ]
            })
            .collect(),
    }));

    // 三、评估结果
    doc.heading(1, "三、评估结果");
    doc.push(Block::Table(Table {
        caption: "表 3  风险等级分布".into(),
        columns: vec![
            Column::new("等级", 1.0),
            Column::right("场所数", 1.0),
            Column::right("占比", 1.0),
        ],
        rows: Grade::ALL
            .iter()
            .map(|g| {
                let n = counts[g.level() as usize];
                vec![
                    Cell::Filled {
                        text: g.zh().to_string(),
                        fill: rgb(*g),
                    },
                    Cell::text(n.to_string()),
                    Cell::text(percent(n, sites.len())),
                ]
            })
            .collect(),
    }));
    // One series per grade, stacked, so each bar is in its grade's colour.
    doc.push(Block::Chart(BarChart {
        caption: "图 1  风险等级分布（场所数）".into(),
        categories: Grade::ALL.iter().map(|g| g.zh().to_string()).collect(),
        series: Grade::ALL
            .iter()
            .map(|g| Series {
                name: g.zh().to_string(),
                colour: rgb(*g),
                values: Grade::ALL
                    .iter()
                    .map(|h| {
                        if h == g {
                            counts[g.level() as usize] as f64
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            })
            .collect(),
        stacked: true,
    }));
    if let Some(map) = &input.map {
        let id = doc.add_image(map.clone());
        doc.push(Block::Figure {
            image: id,
            width: 1.0,
            caption: "图 2  安全风险四色分布图".into(),
        });
    }

    // 四、风险清单
    doc.push(Block::Orientation { landscape: true });
    doc.heading(1, "四、风险清单");
    let cap = if input.register_rows == 0 {
        REGISTER_ROWS
    } else {
        input.register_rows
    };
    let shown = sites.len().min(cap);
    if sites.len() > shown {
        doc.push(Block::Note(format!(
            "共 {} 家场所，下表按综合风险指数从高到低列出前 {shown} 家；完整清单见同时导出的 XLSX 风险清单。",
            sites.len()
        )));
    }
    doc.push(Block::Table(Table {
        caption: "表 4  风险清单（按综合风险指数从高到低）".into(),
        columns: vec![
            Column::centred("序号", 0.5),
            Column::new("场所编号", 0.9),
            Column::new("名称", 2.2),
            Column::new("区", 0.8),
            Column::right("指数", 0.6),
            Column::centred("等级", 0.8),
            Column::new("主要因素", 6.0),
        ],
        rows: sites
            .iter()
            .take(shown)
            .enumerate()
            .map(|(i, s)| {
                let g = s.grade;
                vec![
                    Cell::text((i + 1).to_string()),
                    Cell::text(s.id.as_str()),
                    Cell::text(s.name.as_str()),
                    Cell::text(s.district.as_str()),
                    Cell::text(s.score.map_or("—".into(), |v| format!("{v:.1}"))),
                    Cell::Filled {
                        text: g.zh().to_string(),
                        fill: rgb(g),
                    },
                    Cell::text(if s.factors.is_empty() {
                        "不在任何危险区或影响圈内".to_string()
                    } else {
                        s.factors
                            .iter()
                            .enumerate()
                            .map(|(k, f)| format!("{}. {f}", k + 1))
                            .collect::<Vec<_>>()
                            .join("\n")
                    }),
                ]
            })
            .collect(),
    }));
    doc.push(Block::Orientation { landscape: false });

    // 五、区域汇总
    doc.heading(1, "五、区域汇总");
    if input.areas.is_empty() {
        doc.paragraph("项目未加载行政区或网格图层，未做区域汇总。");
    } else {
        doc.paragraph(format!(
            "按“{}”图层汇总各区域内场所的风险等级；区域等级取区域内场所的最高等级。",
            input.area_layer
        ));
        doc.push(Block::Table(Table {
            caption: "表 5  区域风险汇总".into(),
            columns: vec![
                Column::new("区域", 2.0),
                Column::right("重大", 1.0),
                Column::right("较大", 1.0),
                Column::right("一般", 1.0),
                Column::right("低", 1.0),
                Column::right("平均指数", 1.2),
                Column::centred("区域等级", 1.2),
            ],
            rows: input
                .areas
                .iter()
                .map(|a| {
                    vec![
                        Cell::text(a.name.as_str()),
                        Cell::text(a.counts[3].to_string()),
                        Cell::text(a.counts[2].to_string()),
                        Cell::text(a.counts[1].to_string()),
                        Cell::text(a.counts[0].to_string()),
                        Cell::text(a.mean_score.map_or("—".into(), |v| format!("{v:.1}"))),
                        match a.highest {
                            Some(l) => Cell::Filled {
                                text: l.zh().to_string(),
                                fill: rgb(l),
                            },
                            None => Cell::text("无场所"),
                        },
                    ]
                })
                .collect(),
        }));
        if let Some(map) = &input.choropleth {
            let id = doc.add_image(map.clone());
            doc.push(Block::Figure {
                image: id,
                width: 1.0,
                caption: "图 3  区域风险等级分布".into(),
            });
        }
    }

    // 附录
    doc.heading(1, "附录  数据来源、坐标系与导入警告");
    doc.push(Block::Table(Table {
        caption: "表 6  数据来源".into(),
        columns: vec![
            Column::new("图层", 2.0),
            Column::new("用途", 1.0),
            Column::right("要素数", 1.0),
            Column::new("来源（文件、格式、坐标系）", 4.0),
        ],
        rows: input
            .sources
            .iter()
            .map(|s| {
                vec![
                    Cell::text(if s.fictional {
                        format!("{}（虚构演示数据）", s.name)
                    } else {
                        s.name.clone()
                    }),
                    Cell::text(s.role.as_str()),
                    Cell::text(s.features.to_string()),
                    Cell::text(dash(&s.source)),
                ]
            })
            .collect(),
    }));
    doc.paragraph("所有坐标在导入时转换为 WGS84（EPSG:4326）经纬度后参与计算；距离为 WGS84 椭球面上的测地线距离，单位米。");
    let warnings: Vec<String> = input
        .sources
        .iter()
        .flat_map(|s| s.warnings.iter().map(move |w| format!("{}：{w}", s.name)))
        .collect();
    if warnings.is_empty() {
        doc.paragraph("导入时没有警告。");
    } else {
        doc.heading(3, "导入警告");
        doc.push(Block::List(warnings));
    }
    doc
}

fn grade_counts(sites: &[&SiteRow]) -> [usize; 4] {
    let mut c = [0; 4];
    for s in sites {
        c[s.grade.level() as usize] += 1;
    }
    c
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

fn role_zh(role: crate::layer::LayerRole) -> &'static str {
    use crate::layer::LayerRole;
    match role {
        LayerRole::Areas => "区域",
        LayerRole::HazardZones => "危险区",
        LayerRole::Sources => "危险源",
        LayerRole::Sites => "评估场所",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: &str, score: Option<f64>, grade: Grade) -> SiteRow {
        SiteRow {
            id: id.into(),
            name: format!("场所{id}"),
            district: String::new(),
            lon: 118.0,
            lat: 24.5,
            score,
            grade,
            factors: vec![format!("{id} 的因素")],
        }
    }

    fn register_ids(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .find_map(|b| match b {
                Block::Table(t) if t.caption.starts_with("表 4") => Some(
                    t.rows
                        .iter()
                        .map(|r| r[1].as_text().to_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .expect("register table")
    }

    #[test]
    fn register_is_sorted_by_score_then_grade_and_capped() {
        let input = RiskReportInput {
            sites: vec![
                site("A", Some(20.0), Grade::General),
                site("B", Some(80.0), Grade::Major),
                site("C", None, Grade::Larger),
                site("D", Some(80.0), Grade::Major),
            ],
            register_rows: 3,
            ..RiskReportInput::default()
        };
        let doc = risk_report(&input);
        assert_eq!(register_ids(&doc), ["B", "D", "A"]);
        assert!(doc.blocks.iter().any(
            |b| matches!(b, Block::Note(n) if n.contains("共 4 家场所") && n.contains("前 3 家"))
        ));
    }

    #[test]
    fn import_warnings_are_listed_in_the_appendix() {
        let input = RiskReportInput {
            sources: vec![SourceRow {
                name: "企业名录".into(),
                role: "评估场所".into(),
                features: 10,
                source: "企业.csv（CSV，GCJ-02）".into(),
                warnings: vec!["第 12 行：坐标为空，已跳过".into()],
                fictional: false,
            }],
            ..RiskReportInput::default()
        };
        let doc = risk_report(&input);
        assert!(doc.blocks.iter().any(|b| matches!(b,
            Block::List(items) if items.iter().any(|i| i == "企业名录：第 12 行：坐标为空，已跳过"))));
    }
}
