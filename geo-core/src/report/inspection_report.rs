//! 隐患排查报告: one site's inspections and hidden dangers as a [`Document`], in the order
//! consultancies use (domain.md §5.4): cover with sign-off, contents, 项目概况, 排查依据,
//! 排查方法与范围, 排查结果统计, 隐患清单, 重大隐患专项, 建议, 结论, then the attachments
//! (photos, the site map, the checklists, the signatures).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::doc::{
    BarChart, Block, Cell, Column, Cover, Document, ImageId, Picture, Rgb, Series, SignOff, Table,
};
use crate::inspection::{kpis, Category, Date, HiddenDanger, Inspection, PhotoRef};

/// The inspected unit as printed in 项目概况; empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitProfile {
    pub name: String,
    /// 统一社会信用代码
    pub credit_code: String,
    pub address: String,
    pub industry: String,
    /// 从业人数 (as text: it comes from the enterprise list as the user typed it).
    pub headcount: String,
    pub contact: String,
    /// 重大危险源 status in words (“构成三级重大危险源” / “不构成”).
    pub major_hazard: String,
}

impl UnitProfile {
    /// The profile from an enterprise's properties, under the names enterprise lists
    /// use (Chinese or English); `name` is the site's display name.
    pub fn from_feature(name: &str, f: &crate::layer::Feature) -> Self {
        let pick = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| f.text(k).filter(|v| !v.trim().is_empty()))
                .unwrap_or_default()
        };
        UnitProfile {
            name: name.to_string(),
            credit_code: pick(&["统一社会信用代码", "信用代码", "credit_code", "uscc"]),
            address: pick(&["地址", "详细地址", "address"]),
            industry: pick(&["行业", "所属行业", "行业类别", "industry"]),
            headcount: pick(&[
                "从业人数",
                "职工人数",
                "员工人数",
                "人数",
                "employees",
                "headcount",
            ]),
            contact: pick(&["联系人", "安全负责人", "联系电话", "contact"]),
            major_hazard: pick(&["重大危险源", "major_hazard"]),
        }
    }
}

/// What the inspection report needs; everything comes from the device's records.
///
/// **API Boundary:** the app posts it to the worker as JSON (images travel beside it as
/// bytes, see [`super::ReportRequest`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InspectionReportInput {
    /// 报告编号, printed on the cover and at the top of every page.
    pub number: String,
    /// 报告日期, YYYY-MM-DD; also the day overdue is judged on.
    pub date: String,
    pub unit: UnitProfile,
    pub inspections: Vec<Inspection>,
    pub dangers: Vec<HiddenDanger>,
    /// 编制单位 (the consultancy or the inspecting body); may be empty.
    pub issuer: String,
    /// 编制 / 审核 / 批准 names, in that order; empty names print blank lines to sign on.
    pub sign_off: [String; 3],
    /// Photos and signature images by [`PhotoRef::id`]; a missing one is noted, not fatal.
    #[serde(skip)]
    pub photos: HashMap<String, Picture>,
    /// The site map with its hazard zones and pins (PNG from the app's snapshot).
    #[serde(skip)]
    pub map: Option<Picture>,
    /// Laws and standards of 排查依据; the bases cited by the records are added to them.
    pub basis: Vec<String>,
    /// Printed on the cover when the data is the fictional demo.
    pub fictional: bool,
    /// How many photos were re-encoded smaller to keep the file small (noted in the report).
    pub photos_recompressed: usize,
    /// Creation time for the file's metadata; `None` keeps the bytes reproducible.
    pub created: Option<(u16, u8, u8, u8, u8, u8)>,
}

/// The laws and standards an inspection of an enterprise is usually based on, with
/// versions; the user's list replaces it when given.
pub fn default_basis() -> Vec<String> {
    [
        "《中华人民共和国安全生产法》（2021年修正）",
        "《中华人民共和国消防法》（2021年修正）",
        "《安全生产事故隐患排查治理暂行规定》（原国家安全生产监督管理总局令第16号）",
        "《工贸企业重大事故隐患判定标准》（应急管理部令第10号，2023）",
        "《危险化学品重大危险源辨识》（GB 18218-2018）",
        "《建筑设计防火规范》（GB 50016）",
        "《建筑灭火器配置设计规范》（GB 50140）",
        "《低压配电设计规范》（GB 50054）",
        "《生产过程危险和有害因素分类与代码》（GB/T 13861-2022）",
        "《危险化学品企业特殊作业安全规范》（GB 30871-2022）",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// 一般 orange and 重大 red, as the pins; other configured levels get the 重大 or 一般
/// colour by whether they count as major.
fn level_colour(d: &HiddenDanger) -> Rgb {
    if d.level.is_major() {
        (0xd7, 0x19, 0x1c)
    } else {
        (0xf5, 0x8a, 0x07)
    }
}

const CHINESE_NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn numeral(i: usize) -> String {
    CHINESE_NUMERALS
        .get(i)
        .map_or_else(|| (i + 1).to_string(), |s| s.to_string())
}

/// Builds the report. Records are listed in number order.
pub fn inspection_report(input: &InspectionReportInput) -> Document {
    let today = Date::parse(&input.date);
    let mut dangers: Vec<&HiddenDanger> = input.dangers.iter().collect();
    dangers.sort_by(|a, b| a.number.cmp(&b.number));
    let mut doc = Document {
        title: format!("{} 隐患排查报告", input.unit.name),
        running_header: format!(
            "{}  隐患排查报告  报告编号：{}",
            input.unit.name, input.number
        ),
        created: input.created,
        ..Document::default()
    };
    // Every photo once, in record order, so thumbnails and attachments share it.
    let mut image_of: HashMap<String, ImageId> = HashMap::new();
    let mut missing_photos: std::collections::HashSet<String> = Default::default();
    let mut image = |doc: &mut Document, p: &PhotoRef| -> Option<ImageId> {
        if let Some(id) = image_of.get(&p.id) {
            return Some(*id);
        }
        match input.photos.get(&p.id) {
            Some(pic) => {
                let id = doc.add_image(pic.clone());
                image_of.insert(p.id.clone(), id);
                Some(id)
            }
            None => {
                missing_photos.insert(p.id.clone());
                None
            }
        }
    };

    let dates: Vec<&str> = input
        .inspections
        .iter()
        .map(|i| i.date.as_str())
        .chain(dangers.iter().map(|d| d.found_on.as_str()))
        .filter(|d| !d.is_empty())
        .collect();
    let period = match (dates.iter().min(), dates.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} 至 {b}"),
        _ => "—".to_string(),
    };
    let mut team: Vec<&str> = input
        .inspections
        .iter()
        .flat_map(|i| i.inspectors.iter())
        .chain(dangers.iter().flat_map(|d| d.found_by.iter()))
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    team.sort_unstable();
    team.dedup();
    let mut kinds: Vec<&str> = input.inspections.iter().map(|i| i.kind.zh()).collect();
    kinds.sort_unstable();
    kinds.dedup();

    // Cover.
    let roles = ["编制", "审核", "批准"];
    doc.cover = Cover {
        title: "生产安全事故隐患排查报告".into(),
        subtitle: input.unit.name.clone(),
        fields: vec![
            ("受检单位".into(), input.unit.name.clone()),
            ("报告编号".into(), input.number.clone()),
            ("排查日期".into(), period.clone()),
            ("排查类型".into(), non_empty(kinds.join("、"))),
            ("排查人员".into(), non_empty(team.join("、"))),
            ("编制单位".into(), non_empty(input.issuer.clone())),
            ("报告日期".into(), input.date.clone()),
        ],
        sign_off: roles
            .iter()
            .zip(&input.sign_off)
            .map(|(role, name)| SignOff {
                role: role.to_string(),
                name: name.clone(),
                image: None,
                date: String::new(),
            })
            .collect(),
        footer: if input.issuer.is_empty() {
            input.date.clone()
        } else {
            format!("{}    {}", input.issuer, input.date)
        },
        warning: input
            .fictional
            .then(|| "注意：本报告使用虚构的演示数据，不代表任何真实单位。".to_string()),
    };
    doc.push(Block::Contents);

    // 一、项目概况
    let u = &input.unit;
    doc.heading(1, "一、项目概况");
    let profile: Vec<(String, String)> = [
        ("单位名称", &u.name),
        ("统一社会信用代码", &u.credit_code),
        ("地址", &u.address),
        ("行业", &u.industry),
        ("从业人数", &u.headcount),
        ("联系人", &u.contact),
        ("重大危险源", &u.major_hazard),
    ]
    .iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if !profile.is_empty() {
        doc.push(Block::Fields(profile));
    }
    let items_total: usize = input.inspections.iter().map(|i| i.items.len()).sum();
    doc.paragraph(format!(
        "受{}委托（或按本单位隐患排查计划），排查组于{}对{}开展了隐患排查，共进行检查{}次，使用检查表{}份、检查项{}项，排查人员：{}。",
        if u.name.is_empty() { "受检单位" } else { &u.name },
        period,
        if u.name.is_empty() { "受检单位" } else { &u.name },
        input.inspections.len(),
        input.inspections.iter().map(|i| i.template_ids.len()).sum::<usize>(),
        items_total,
        non_empty(team.join("、")),
    ));

    // 二、排查依据
    doc.heading(1, "二、排查依据");
    let mut basis = if input.basis.is_empty() {
        default_basis()
    } else {
        input.basis.clone()
    };
    let mut cited: Vec<String> = dangers
        .iter()
        .map(|d| d.basis.trim().to_string())
        .chain(
            input
                .inspections
                .iter()
                .flat_map(|i| i.findings())
                .map(|f| f.item.basis.trim().to_string()),
        )
        .filter(|b| !b.is_empty() && !basis.contains(b))
        .collect();
    cited.sort();
    cited.dedup();
    basis.extend(cited);
    doc.push(Block::List(basis));

    // 三、排查方法与范围
    doc.heading(1, "三、排查方法与范围");
    doc.paragraph(
        "排查采用安全检查表法（SCL）：按检查表逐项查看现场、查阅资料、询问从业人员，逐项判定“符合”“不符合”“不适用”；每个“不符合”项登记为一条隐患，记录部位、描述、照片、类别、等级、判定依据和整改要求。隐患等级按《安全生产事故隐患排查治理暂行规定》分为一般事故隐患和重大事故隐患，重大事故隐患按相应行业重大事故隐患判定标准判定。",
    );
    let mut by_template: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for insp in &input.inspections {
        for item in &insp.items {
            let key = item.item.category.name().to_string();
            let e = by_template.entry(key).or_default();
            e[0] += 1;
            match item.answer {
                Some(crate::inspection::Answer::Conforming) => e[1] += 1,
                Some(crate::inspection::Answer::NonConforming) => e[2] += 1,
                Some(crate::inspection::Answer::NotApplicable) => e[3] += 1,
                None => {}
            }
        }
    }
    if by_template.is_empty() {
        doc.paragraph("本次排查未使用检查表，隐患由排查人员现场直接登记。");
    } else {
        doc.push(Block::Table(Table {
            caption: "表 1  检查表使用情况".into(),
            columns: vec![
                Column::new("检查类别", 2.0),
                Column::right("检查项", 1.0),
                Column::right("符合", 1.0),
                Column::right("不符合", 1.0),
                Column::right("不适用", 1.0),
                Column::right("未答", 1.0),
            ],
            rows: by_template
                .iter()
                .map(|(cat, n)| {
                    vec![
                        Cell::text(cat.as_str()),
                        Cell::text(n[0].to_string()),
                        Cell::text(n[1].to_string()),
                        Cell::text(n[2].to_string()),
                        Cell::text(n[3].to_string()),
                        Cell::text((n[0] - n[1] - n[2] - n[3]).to_string()),
                    ]
                })
                .collect(),
        }));
    }

    // 四、排查结果统计
    doc.heading(1, "四、排查结果统计");
    let k = today.map(|t| kpis(dangers.iter().copied(), t));
    let total = dangers.len();
    let major = dangers.iter().filter(|d| d.level.is_major()).count();
    let closed = dangers.iter().filter(|d| d.is_closed()).count();
    let overdue: Vec<&&HiddenDanger> = dangers
        .iter()
        .filter(|d| today.is_some_and(|t| d.is_overdue(t)))
        .collect();
    doc.paragraph(format!(
        "本次排查共查出隐患 {total} 项，其中重大事故隐患 {major} 项、一般事故隐患 {} 项；截至 {}，已整改闭环 {closed} 项，隐患整改率 {}；逾期未整改 {} 项。",
        total - major,
        input.date,
        percent(closed, total),
        overdue.len(),
    ));
    if let Some(k) = k {
        doc.push(Block::Fields(vec![
            ("查出隐患数".into(), k.found.to_string()),
            ("重大隐患数".into(), k.major.to_string()),
            ("已整改数".into(), k.rectified.to_string()),
            ("隐患整改率".into(), percent(k.rectified, k.found)),
            ("重大隐患整改率".into(), percent(k.major_rectified, k.major)),
            ("待验收".into(), k.awaiting_acceptance.to_string()),
        ]));
    }

    // Categories × levels.
    let levels: Vec<String> = {
        let mut l: Vec<(bool, String)> = dangers
            .iter()
            .map(|d| (d.level.is_major(), d.level.name().to_string()))
            .collect();
        l.sort();
        l.dedup();
        l.into_iter().map(|(_, n)| n).collect()
    };
    let mut cats: Vec<String> = Category::BUILT_IN
        .iter()
        .map(|c| c.name().to_string())
        .filter(|c| dangers.iter().any(|d| category_name(d) == *c))
        .collect();
    for d in &dangers {
        let c = category_name(d);
        if !cats.contains(&c) {
            cats.push(c);
        }
    }
    let count = |cat: &str, level: &str| {
        dangers
            .iter()
            .filter(|d| category_name(d) == cat && d.level.name() == level)
            .count()
    };
    if total > 0 {
        let mut columns = vec![Column::new("隐患类别", 2.0)];
        columns.extend(levels.iter().map(|l| Column::right(l, 1.0)));
        columns.push(Column::right("合计", 1.0));
        columns.push(Column::right("占比", 1.0));
        let mut rows: Vec<Vec<Cell>> = cats
            .iter()
            .map(|c| {
                let mut row = vec![Cell::text(c.as_str())];
                let mut sum = 0;
                for l in &levels {
                    let n = count(c, l);
                    sum += n;
                    row.push(Cell::text(n.to_string()));
                }
                row.push(Cell::text(sum.to_string()));
                row.push(Cell::text(percent(sum, total)));
                row
            })
            .collect();
        let mut sum_row = vec![Cell::text("合计")];
        for l in &levels {
            sum_row.push(Cell::text(
                dangers
                    .iter()
                    .filter(|d| d.level.name() == l)
                    .count()
                    .to_string(),
            ));
        }
        sum_row.push(Cell::text(total.to_string()));
        sum_row.push(Cell::text("100%"));
        rows.push(sum_row);
        doc.push(Block::Table(Table {
            caption: "表 2  隐患按类别和等级统计".into(),
            columns,
            rows,
        }));
        doc.push(Block::Chart(BarChart {
            caption: "图 1  隐患按类别和等级分布".into(),
            categories: cats.clone(),
            series: levels
                .iter()
                .map(|l| Series {
                    name: l.clone(),
                    colour: dangers
                        .iter()
                        .find(|d| d.level.name() == l)
                        .map_or((0xf5, 0x8a, 0x07), |d| level_colour(d)),
                    values: cats.iter().map(|c| count(c, l) as f64).collect(),
                })
                .collect(),
            stacked: true,
        }));
    }
    // 五、隐患清单, on landscape pages: ten columns do not fit portrait A4 legibly.
    doc.push(Block::Orientation { landscape: true });
    doc.heading(1, "五、隐患清单");
    if dangers.is_empty() {
        doc.paragraph("本次排查未发现隐患。");
    } else {
        let mut rows = Vec::new();
        for (i, d) in dangers.iter().enumerate() {
            let thumb = d.photos.first().and_then(|p| image(&mut doc, p));
            rows.push(vec![
                Cell::text((i + 1).to_string()),
                Cell::text(format!("{}\n{}", d.number, d.place)),
                Cell::text(d.description.as_str()),
                thumb.map_or_else(|| Cell::text("无照片"), Cell::Image),
                Cell::text(category_name(d)),
                Cell::Filled {
                    text: d.level.zh(),
                    fill: level_colour(d),
                },
                Cell::text(d.basis.as_str()),
                Cell::text(d.measures.as_str()),
                Cell::text(d.deadline.as_str()),
                Cell::text(d.department.as_str()),
            ]);
        }
        doc.push(Block::Table(Table {
            caption: "表 3  隐患清单".into(),
            columns: vec![
                Column::centred("序号", 0.5),
                Column::new("编号 / 部位", 1.9),
                Column::new("隐患描述", 2.5),
                Column::centred("照片", 1.3),
                Column::new("类别", 0.9),
                Column::centred("等级", 0.9),
                Column::new("判定依据", 1.5),
                Column::new("整改建议", 2.4),
                Column::centred("整改期限", 1.1),
                Column::new("责任部门", 1.0),
            ],
            rows,
        }));
    }
    doc.push(Block::Orientation { landscape: false });

    // 六、重大隐患专项
    let majors: Vec<&&HiddenDanger> = dangers.iter().filter(|d| d.level.is_major()).collect();
    doc.heading(1, "六、重大事故隐患专项");
    if majors.is_empty() {
        doc.paragraph("本次排查未发现重大事故隐患。");
    }
    for (i, d) in majors.iter().enumerate() {
        doc.heading(
            2,
            format!(
                "（{}）{}  {}",
                numeral(i),
                d.number,
                non_empty(d.place.clone())
            ),
        );
        doc.push(Block::Fields(vec![
            ("隐患现状".into(), non_empty(d.description.clone())),
            ("判定依据".into(), non_empty(d.basis.clone())),
            ("危害程度和整改难度".into(), format!(
                "判定为{}，需制定治理方案、落实“五落实”（责任、措施、资金、时限、预案）后整改，整改完成后经验收销号。",
                d.level.zh()
            )),
            ("临时措施和应急预案".into(), non_empty(d.interim_measures.clone())),
            ("当前状态".into(), d.status().zh().to_string()),
        ]));
        doc.heading(3, "治理方案");
        doc.push(Block::Fields(vec![
            (
                "1. 治理的目标和任务".into(),
                non_empty(d.plan.goals.clone()),
            ),
            (
                "2. 采取的方法和措施".into(),
                non_empty(d.plan.methods.clone()),
            ),
            (
                "3. 经费和物资的落实".into(),
                non_empty(d.plan.funds_and_materials.clone()),
            ),
            (
                "4. 负责治理的机构和人员".into(),
                non_empty(d.plan.organisation.clone()),
            ),
            (
                "5. 治理的时限和要求".into(),
                non_empty(d.plan.time_limit.clone()),
            ),
            (
                "6. 安全措施和应急预案".into(),
                non_empty(d.plan.safety_and_emergency.clone()),
            ),
        ]));
    }

    // 七、整改建议与管理建议
    doc.heading(1, "七、整改建议与管理建议");
    let mut advice = Vec::new();
    let mut by_cat: Vec<(String, usize)> = cats
        .iter()
        .map(|c| {
            (
                c.clone(),
                dangers.iter().filter(|d| category_name(d) == *c).count(),
            )
        })
        .collect();
    by_cat.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (cat, n) in by_cat.iter().take(3).filter(|(_, n)| *n > 0) {
        advice.push(format!(
            "{cat}类隐患 {n} 项，占 {}：{}",
            percent(*n, total),
            category_advice(cat)
        ));
    }
    if !majors.is_empty() {
        advice.push(format!(
            "重大事故隐患 {} 项：由主要负责人组织制定并实施治理方案，治理期间落实临时安全措施，必要时局部或全部停产停业；治理结束后组织验收，并按规定向负有安全生产监督管理职责的部门报告。",
            majors.len()
        ));
    }
    if !overdue.is_empty() {
        advice.push(format!(
            "逾期未整改隐患 {} 项（{}）：查明原因，重新落实责任人和期限，逾期期间加强现场管控。",
            overdue.len(),
            overdue
                .iter()
                .map(|d| d.number.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
    advice.push(
        "建立健全隐患排查治理制度，按“排查发现—登记上报—整改实施—复查验收—闭环销号”管理每一项隐患，定期统计分析，向从业人员通报。"
            .into(),
    );
    doc.push(Block::List(advice));

    // 八、结论
    doc.heading(1, "八、结论");
    let open = total - closed;
    doc.paragraph(format!(
        "本次排查共发现隐患 {total} 项（重大 {major} 项，一般 {} 项），已闭环 {closed} 项，尚有 {open} 项未闭环{}。{}",
        total - major,
        if overdue.is_empty() { String::new() } else { format!("，其中逾期 {} 项", overdue.len()) },
        if majors.iter().any(|d| !d.is_closed()) {
            "存在未闭环的重大事故隐患，受检单位应按治理方案限期整改，整改完成前落实临时安全措施。"
        } else if open > 0 {
            "受检单位应按隐患清单的要求和期限完成整改，并申请复查验收。"
        } else {
            "本次查出的隐患已全部整改闭环。"
        }
    ));

    // 附件
    doc.push(Block::PageBreak);
    doc.heading(1, "附件");
    doc.heading(2, "附件 1  隐患照片");
    let mut gallery = Vec::new();
    for d in &dangers {
        let n = d.photos.len();
        for (i, p) in d.photos.iter().enumerate() {
            if let Some(id) = image(&mut doc, p) {
                gallery.push((
                    id,
                    format!("{}  {}  照片 {}/{}", d.number, d.place, i + 1, n),
                ));
            }
        }
        if let Some(a) = d.acceptance() {
            if let Some(id) = a.photo.as_ref().and_then(|p| image(&mut doc, p)) {
                gallery.push((
                    id,
                    format!("{}  验收照片（{}，{}）", d.number, a.by, a.date),
                ));
            }
        }
    }
    if gallery.is_empty() {
        doc.paragraph("无照片。");
    } else {
        doc.push(Block::Gallery(gallery));
    }
    doc.heading(2, "附件 2  现场位置图");
    match &input.map {
        Some(map) => {
            let id = doc.add_image(map.clone());
            doc.push(Block::Figure {
                image: id,
                width: 1.0,
                caption: "图 2  受检单位位置、危险区与隐患位置（图钉颜色：红 重大未整改，橙 一般未整改，蓝 待验收，灰 已闭环）".into(),
            });
        }
        None => doc.paragraph("未附现场位置图。"),
    }
    doc.heading(2, "附件 3  检查表");
    if input.inspections.is_empty() {
        doc.paragraph("无检查表记录。");
    }
    for (n, insp) in input.inspections.iter().enumerate() {
        doc.push(Block::Table(Table {
            caption: format!(
                "检查表 {}：{}  {}  {}",
                n + 1,
                insp.date,
                insp.kind.zh(),
                insp.inspectors.join("、")
            ),
            columns: vec![
                Column::centred("序号", 0.6),
                Column::new("检查内容", 4.0),
                Column::new("依据", 2.0),
                Column::centred("结果", 1.0),
                Column::new("备注", 2.0),
            ],
            rows: insp
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    vec![
                        Cell::text((i + 1).to_string()),
                        Cell::text(it.item.text.as_str()),
                        Cell::text(it.item.basis.as_str()),
                        Cell::text(it.answer.map_or("未答", |a| a.zh())),
                        Cell::text(it.note.as_str()),
                    ]
                })
                .collect(),
        }));
    }
    doc.heading(2, "附件 4  签字");
    // The latest signatures recorded on the records.
    let sig = |pick: fn(&HiddenDanger) -> Option<&PhotoRef>| {
        dangers.iter().rev().find_map(|d| pick(d).cloned())
    };
    let inspector = sig(|d| d.signatures.inspector.as_ref());
    let enterprise = sig(|d| d.signatures.enterprise.as_ref());
    let inspector_img = inspector.as_ref().and_then(|p| image(&mut doc, p));
    let enterprise_img = enterprise.as_ref().and_then(|p| image(&mut doc, p));
    doc.push(Block::Signatures(vec![
        SignOff {
            role: "检查人员".into(),
            name: non_empty(team.join("、")),
            image: inspector_img,
            date: input.date.clone(),
        },
        SignOff {
            role: "受检单位代表".into(),
            name: String::new(),
            image: enterprise_img,
            date: input.date.clone(),
        },
    ]));
    if input.photos_recompressed > 0 {
        doc.push(Block::Note(format!(
            "注：为控制报告文件大小，{} 张照片在报告中以较低分辨率收录；原始照片保存在设备上，可随项目文件导出。",
            input.photos_recompressed
        )));
    }
    if !missing_photos.is_empty() {
        doc.push(Block::Note(format!(
            "注：有 {} 张照片或签名在本设备上找不到（可能尚未从其他设备导入），报告中未能附上。",
            missing_photos.len()
        )));
    }
    doc
}

fn category_name(d: &HiddenDanger) -> String {
    d.category
        .as_ref()
        .map_or_else(|| "未分类".to_string(), |c| c.name().to_string())
}

fn non_empty(s: String) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s
    }
}

/// `n` of `of` as a whole percentage; “—” when there is nothing to count.
pub fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        "—".to_string()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// The systemic advice printed for a category with many findings.
fn category_advice(cat: &str) -> &'static str {
    match cat {
        "消防" => {
            "完善消防设施的维护保养和每月检查记录，保持疏散通道和安全出口畅通，开展消防培训和演练。"
        }
        "电气安全" => "对配电设施开展专项检查，规范临时用电，落实电工持证上岗和线路定期检测。",
        "危险化学品" => {
            "核对危险化学品台账和安全技术说明书，落实专库储存、双人双锁和泄漏应急处置措施。"
        }
        "特种设备" => "建立特种设备台账，落实定期检验和日常维护，作业人员持证上岗。",
        "有限空间" => {
            "辨识并标识有限空间，严格执行“先通风、再检测、后作业”和作业审批、监护制度。"
        }
        "高处作业" => "落实高处作业审批、防坠落设施和个人防护用品的检查，作业前进行安全交底。",
        "粉尘防爆" => {
            "落实粉尘清扫制度，检查除尘系统的防爆和火花探测设施，禁止在粉尘区域使用非防爆电气。"
        }
        "防雷防静电" => "按期检测防雷防静电设施，修复断接的接地装置，保存检测报告。",
        "职业健康" => {
            "开展职业病危害因素检测，配发并督促佩戴合格的个人防护用品，组织职业健康检查。"
        }
        "应急管理" => "修订应急预案并组织演练，补齐应急物资，明确应急队伍和联络方式。",
        "安全标志" => "按 GB 2894 补设和更换安全标志，保持标志清晰醒目。",
        "基础管理" => "健全安全生产责任制、规章制度和操作规程，完善教育培训和隐患排查档案。",
        _ => "针对该类隐患查找管理上的原因，制定专项整改措施并跟踪落实。",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_profile_reads_the_usual_column_names() {
        let f: crate::layer::Feature = crate::layer::Feature {
            geometry: geo::Geometry::Point(geo::Point::new(118.0, 24.5)),
            properties: serde_json::from_str(
                r#"{"行业":"化工","从业人数":320,"地址":"海沧区港南路88号","address":"ignored","联系人":" "}"#,
            )
            .unwrap(),
        };
        let u = UnitProfile::from_feature("示范化工", &f);
        assert_eq!(u.name, "示范化工");
        assert_eq!(u.industry, "化工");
        assert_eq!(u.headcount, "320");
        assert_eq!(u.address, "海沧区港南路88号");
        assert_eq!(u.contact, "", "blank values are skipped");
    }

    #[test]
    fn percent_rounds_and_says_dash_for_nothing() {
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "—");
    }
}
