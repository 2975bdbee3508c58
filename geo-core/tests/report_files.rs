//! The 隐患台账 and 风险清单 files read back: XLSX through calamine (cell types, values,
//! sheets), the CSV and GeoJSON of scored sites through their parsers. The inputs are the
//! ones `examples/report_samples` writes, which `tests/reports/check_xlsx.py` also opens
//! with openpyxl.

#[path = "../examples/report_samples/inputs.rs"]
mod inputs;

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use geo_core::export::{scored_sites_csv, scored_sites_geojson, SCORE_PROPERTIES};
use geo_core::inspection::Date;
use geo_core::layer::LayerRole;
use geo_core::project::Project;
use geo_core::report::{ledger_xlsx, risk_register_xlsx, RiskRegister};
use geo_core::risk::models::ModelDocument;
use geo_core::risk::{Grade, Palette};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Excel's serial day number of a date (days since 1899-12-30).
fn serial(s: &str) -> f64 {
    let d = date(s);
    let mut n = 0.0;
    let mut day = date("1899-12-30");
    // Few enough days in tests to count them.
    while day < d {
        day = day.add_days(1);
        n += 1.0;
    }
    n
}

fn book(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn sheet(bytes: &[u8], name: &str) -> calamine::Range<Data> {
    book(bytes)
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn text(range: &calamine::Range<Data>, row: usize, col: usize) -> String {
    match range.get((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row}, {col}) is {other:?}, not text"),
    }
}

fn number(range: &calamine::Range<Data>, row: usize, col: usize) -> f64 {
    match range.get((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is {other:?}, not a number"),
    }
}

fn date_serial(range: &calamine::Range<Data>, row: usize, col: usize) -> f64 {
    match range.get((row, col)) {
        Some(Data::DateTime(d)) => d.as_f64(),
        other => panic!("({row}, {col}) is {other:?}, not a date"),
    }
}

fn header(range: &calamine::Range<Data>) -> Vec<String> {
    (0..range.width()).map(|c| text(range, 0, c)).collect()
}

fn column(range: &calamine::Range<Data>, title: &str) -> usize {
    header(range)
        .iter()
        .position(|h| h == title)
        .unwrap_or_else(|| panic!("no column {title} in {:?}", header(range)))
}

/// The data row whose first cell is `first`.
fn row_of(range: &calamine::Range<Data>, first: &str) -> usize {
    (1..range.height())
        .find(|&r| text(range, r, 0) == first)
        .unwrap_or_else(|| panic!("no row {first}"))
}

fn ledger() -> Vec<u8> {
    let i = inputs::inputs();
    ledger_xlsx(&i.dangers, &i.inspections, i.today).unwrap()
}

#[test]
fn ledger_xlsx_has_the_ledger_columns_and_one_row_per_record() {
    let bytes = ledger();
    assert_eq!(book(&bytes).sheet_names(), ["隐患台账", "统计"]);
    let s = sheet(&bytes, "隐患台账");
    let h = header(&s);
    assert_eq!(h[0], "隐患编号");
    for title in [
        "被检查单位",
        "检查类型",
        "排查日期",
        "排查人",
        "隐患部位",
        "经度",
        "纬度",
        "隐患描述",
        "照片数",
        "隐患类别",
        "隐患等级",
        "判定依据",
        "整改措施",
        "整改责任部门",
        "整改责任人",
        "整改期限",
        "整改资金（元）",
        "临时措施",
        "治理方案",
        "状态",
        "是否逾期",
        "验收人",
        "验收日期",
        "验收意见",
        "闭环日期",
    ] {
        assert!(h.iter().any(|x| x == title), "{title} in {h:?}");
    }
    assert_eq!(s.height(), 5, "header and four records");

    let r = row_of(&s, "YH-20261120-0001");
    assert_eq!(
        text(&s, r, column(&s, "隐患描述")),
        "液氯储罐区泄漏报警器失效，未按期检定"
    );
    assert_eq!(
        text(&s, r, column(&s, "被检查单位")),
        "厦门海沧示范化工有限公司"
    );
    assert_eq!(text(&s, r, column(&s, "检查类型")), "专项");
    assert_eq!(text(&s, r, column(&s, "排查人")), "张工、李工");
    assert_eq!(text(&s, r, column(&s, "隐患类别")), "危险化学品");
    assert_eq!(text(&s, r, column(&s, "隐患等级")), "重大隐患");
    assert_eq!(text(&s, r, column(&s, "状态")), "整改中");
    assert_eq!(number(&s, r, column(&s, "照片数")), 2.0);
    assert_eq!(number(&s, r, column(&s, "整改资金（元）")), 30000.0);
    assert_eq!(number(&s, r, column(&s, "经度")), 118.0452);
    assert_eq!(number(&s, r, column(&s, "纬度")), 24.4703);
    let plan = text(&s, r, column(&s, "治理方案"));
    assert!(
        plan.starts_with("治理的目标和任务：12月31日前恢复泄漏报警功能\n"),
        "{plan}"
    );
    assert_eq!(plan.lines().count(), 6, "{plan}");

    let hand_made = row_of(&s, "YH-20261120-0002");
    assert_eq!(text(&s, hand_made, column(&s, "检查类型")), "");
    assert_eq!(text(&s, hand_made, column(&s, "经度")), "", "no position");
    assert_eq!(
        text(&s, row_of(&s, "YH-20261201-0001"), column(&s, "隐患类别")),
        ""
    );
}

#[test]
fn ledger_xlsx_dates_are_excel_dates() {
    let bytes = ledger();
    let s = sheet(&bytes, "隐患台账");
    let r = row_of(&s, "YH-20261125-0001");
    assert_eq!(
        date_serial(&s, r, column(&s, "排查日期")),
        serial("2026-11-25")
    );
    assert_eq!(
        date_serial(&s, r, column(&s, "整改期限")),
        serial("2026-11-28")
    );
    assert_eq!(
        date_serial(&s, r, column(&s, "实际完成日期")),
        serial("2026-11-27")
    );
    assert_eq!(
        date_serial(&s, r, column(&s, "验收日期")),
        serial("2026-11-28")
    );
    assert_eq!(
        date_serial(&s, r, column(&s, "闭环日期")),
        serial("2026-11-28")
    );
    assert_eq!(text(&s, r, column(&s, "验收意见")), "整改到位，同意销号");
    assert_eq!(number(&s, r, column(&s, "整改资金（元）")), 1500.5);
    // Not closed: no closing date.
    let open = row_of(&s, "YH-20261201-0001");
    assert_eq!(
        date_serial(&s, open, column(&s, "实际完成日期")),
        serial("2026-12-03")
    );
    assert_eq!(text(&s, open, column(&s, "闭环日期")), "");
}

#[test]
fn ledger_xlsx_overdue_is_computed_for_the_day_given() {
    let i = inputs::inputs();
    let overdue_column = |today: &str| {
        let bytes = ledger_xlsx(&i.dangers, &i.inspections, date(today)).unwrap();
        let s = sheet(&bytes, "隐患台账");
        let c = column(&s, "是否逾期");
        (1..s.height())
            .map(|r| (text(&s, r, 0), text(&s, r, c)))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        overdue_column("2026-12-05"),
        [
            ("YH-20261120-0001".to_string(), "否".to_string()),
            ("YH-20261120-0002".into(), "是".into()),
            ("YH-20261125-0001".into(), "否".into()),
            ("YH-20261201-0001".into(), "否".into()),
        ]
    );
    // The deadline day itself is still in time.
    assert_eq!(overdue_column("2026-11-30")[1].1, "否");
    // Closed records never become overdue; open ones do once past their deadline.
    let late: Vec<String> = overdue_column("2027-01-10")
        .into_iter()
        .filter(|(_, o)| o == "是")
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        late,
        ["YH-20261120-0001", "YH-20261120-0002", "YH-20261201-0001"]
    );
}

#[test]
fn ledger_xlsx_statistics_sheet_has_the_kpis_and_category_by_level() {
    let bytes = ledger();
    let s = sheet(&bytes, "统计");
    let value = |label: &str| {
        let r = (0..s.height())
            .find(|&r| text(&s, r, 0) == label)
            .unwrap_or_else(|| panic!("no {label}"));
        s.get((r, 1)).cloned().unwrap()
    };
    assert_eq!(value("查出隐患数"), Data::Float(4.0));
    assert_eq!(value("重大隐患数"), Data::Float(1.0));
    assert_eq!(value("已整改数（已闭环）"), Data::Float(1.0));
    assert_eq!(value("待验收数"), Data::Float(1.0));
    assert_eq!(value("逾期未整改数"), Data::Float(1.0));
    assert_eq!(value("隐患整改率"), Data::Float(0.25));
    assert_eq!(value("重大隐患整改率"), Data::Float(0.0));
    assert_eq!(value("整改资金（元）"), Data::Float(31500.5));
    assert!(matches!(value("统计日期"), Data::DateTime(d) if d.as_f64() == serial("2026-12-05")));

    let top = (0..s.height())
        .find(|&r| text(&s, r, 0) == "隐患类别 \\ 等级")
        .expect("the category × level table");
    let levels: Vec<String> = (1..5).map(|c| text(&s, top, c)).collect();
    assert_eq!(levels, ["一般隐患", "重大隐患", "重点隐患", "合计"]);
    let table: Vec<(String, Vec<f64>)> = (top + 1..top + 6)
        .map(|r| (text(&s, r, 0), (1..5).map(|c| number(&s, r, c)).collect()))
        .collect();
    assert_eq!(
        table,
        [
            ("消防".to_string(), vec![1.0, 0.0, 0.0, 1.0]),
            ("电气安全".into(), vec![1.0, 0.0, 0.0, 1.0]),
            ("危险化学品".into(), vec![0.0, 1.0, 0.0, 1.0]),
            ("未分类".into(), vec![0.0, 0.0, 1.0, 1.0]),
            ("合计".into(), vec![2.0, 1.0, 1.0, 4.0]),
        ]
    );
}

#[test]
fn ledger_xlsx_rates_without_records_are_not_zero() {
    let bytes = ledger_xlsx(&[], &[], date("2026-12-05")).unwrap();
    let s = sheet(&bytes, "隐患台账");
    assert_eq!(s.height(), 1, "the header alone");
    let stats = sheet(&bytes, "统计");
    let r = (0..stats.height())
        .find(|&r| text(&stats, r, 0) == "隐患整改率")
        .unwrap();
    assert_eq!(text(&stats, r, 1), "—");
}

#[test]
fn ledger_xlsx_same_input_same_bytes() {
    let a = ledger();
    let b = ledger();
    assert!(a == b, "two runs differ");
    // The creation time is the day given, not the clock.
    let core = zip_entry(&a, "docProps/core.xml");
    assert!(core.contains("2026-12-05T00:00:00Z"), "{core}");
    let i = inputs::inputs();
    let later = ledger_xlsx(&i.dangers, &i.inspections, date("2026-12-06")).unwrap();
    assert!(later != a);
}

#[test]
fn ledger_xlsx_keeps_a_stray_date_as_text() {
    let mut d = inputs::sample_dangers().remove(1);
    d.found_on = "1850-01-01".into();
    let bytes = ledger_xlsx(&[d], &[], date("2026-12-05")).unwrap();
    let s = sheet(&bytes, "隐患台账");
    assert_eq!(text(&s, 1, column(&s, "排查日期")), "1850-01-01");
}

fn register() -> (Project, RiskRegister) {
    let project = inputs::inputs().project;
    let register = RiskRegister::from_project(&project);
    (project, register)
}

fn demo_site_count(p: &Project) -> usize {
    p.layers
        .iter()
        .filter(|l| l.meta.role == LayerRole::Sites)
        .map(|l| l.features.len())
        .sum()
}

#[test]
fn risk_register_rows_are_sorted_with_districts_and_factors() {
    let (project, register) = register();
    assert_eq!(register.rows.len(), demo_site_count(&project));
    assert!(register.rows.windows(2).all(|w| w[0].score >= w[1].score));
    let e1 = register.rows.iter().find(|r| r.site_id == "E0001").unwrap();
    assert_eq!(e1.name, "厦门海沧示范化工有限公司");
    assert_eq!(e1.district.as_deref(), Some("海沧区"));
    assert_eq!(e1.position, Some((118.045, 24.47)));
    assert_eq!(e1.grade, Grade::Major);
    assert_eq!(e1.factors[0], "风暴潮淹没区（高，海沧湾沿岸高）+70");
    assert!(
        e1.factors_text()
            .contains("未闭环隐患：重大 1 项、一般 1 项"),
        "{}",
        e1.factors_text()
    );
    assert_eq!(register.model_version, ModelDocument::default().version);
    assert!(register.fictional);
    let haicang = register
        .districts
        .iter()
        .find(|d| d.name == "海沧区")
        .expect("the demo's districts");
    assert!(haicang.summary.total() >= 1);
    assert_eq!(
        haicang.summary.highest,
        Some(Grade::Major),
        "E0001 is in it"
    );
}

#[test]
fn risk_register_xlsx_lists_sites_with_grade_fills() {
    let (_, register) = register();
    let bytes = risk_register_xlsx(&register, &Palette::default(), date("2026-12-05")).unwrap();
    assert_eq!(
        book(&bytes).sheet_names(),
        ["风险清单", "按等级统计", "按区域统计", "说明"]
    );
    let s = sheet(&bytes, "风险清单");
    assert_eq!(
        header(&s),
        [
            "序号",
            "场所编号",
            "名称",
            "区/街道",
            "经度",
            "纬度",
            "综合风险指数",
            "风险等级",
            "主要因素",
            "模型版本"
        ]
    );
    assert_eq!(s.height(), register.rows.len() + 1);
    for (i, r) in register.rows.iter().enumerate() {
        let row = i + 1;
        assert_eq!(number(&s, row, 0), row as f64);
        assert_eq!(text(&s, row, 1), r.site_id);
        assert_eq!(number(&s, row, 6), (r.score * 10.0).round() / 10.0);
        assert_eq!(text(&s, row, 7), r.grade.zh());
    }
    let grades = sheet(&bytes, "按等级统计");
    let counts = register.grade_counts();
    for (i, g) in Grade::ALL.into_iter().enumerate() {
        assert_eq!(text(&grades, i + 1, 0), g.zh());
        assert_eq!(number(&grades, i + 1, 1), counts[g.level() as usize] as f64);
    }
    assert_eq!(number(&grades, 5, 1), register.rows.len() as f64);
    // The four grade colours are cell fills.
    let styles = zip_entry(&bytes, "xl/styles.xml");
    for rgb in ["FFE63031", "FFF48400", "FFF1DD00", "FF00B0F0"] {
        assert!(styles.contains(rgb), "fill {rgb} in styles.xml");
    }
}

#[test]
fn risk_register_xlsx_same_input_same_bytes() {
    let (_, register) = register();
    let write = || risk_register_xlsx(&register, &Palette::default(), date("2026-12-05")).unwrap();
    assert!(write() == write());
}

#[test]
fn risk_register_of_a_project_without_sites() {
    let project = Project::new(Vec::new(), ModelDocument::default());
    let register = RiskRegister::from_project(&project);
    assert!(register.rows.is_empty());
    let bytes = risk_register_xlsx(&register, &Palette::default(), date("2026-12-05")).unwrap();
    assert_eq!(
        book(&bytes).sheet_names(),
        ["风险清单", "按等级统计", "说明"],
        "no district sheet without districts"
    );
    assert_eq!(sheet(&bytes, "风险清单").height(), 1);
    let csv = scored_sites_csv(&project);
    assert_eq!(csv, "\u{feff}lon,lat\r\n");
}

#[test]
fn scored_sites_csv_has_bom_site_fields_and_scores_in_register_order() {
    let (project, register) = register();
    let csv = scored_sites_csv(&project);
    let body = csv.strip_prefix('\u{feff}').expect("a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let head: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&head[..4], ["lon", "lat", "id", "name"]);
    for key in SCORE_PROPERTIES {
        assert!(head.iter().any(|h| h == key), "{key} in {head:?}");
    }
    let col = |k: &str| head.iter().position(|h| h == k).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), register.rows.len());
    for (row, r) in rows.iter().zip(&register.rows) {
        assert_eq!(&row[col("id")], r.site_id);
        assert_eq!(&row[col("风险等级")], r.grade.zh());
        assert_eq!(&row[col("主要因素")], r.factors_text());
        let score: f64 = row[col("综合风险指数")].parse().unwrap();
        assert_eq!(score, (r.score * 10.0).round() / 10.0);
        let (lon, lat) = r.position.unwrap();
        assert_eq!(row[col("lon")].parse::<f64>().unwrap(), lon);
        assert_eq!(row[col("lat")].parse::<f64>().unwrap(), lat);
    }
    let e1 = rows.iter().find(|r| &r[col("id")] == "E0001").unwrap();
    assert_eq!(&e1[col("区")], "海沧区", "the site's own fields stay");
}

#[test]
fn scored_sites_geojson_keeps_geometry_and_adds_scores() {
    let (project, register) = register();
    let json: serde_json::Value = serde_json::from_str(&scored_sites_geojson(&project)).unwrap();
    assert_eq!(json["type"], "FeatureCollection");
    assert!(json.get("crs").is_none(), "WGS84 needs no crs member");
    let features = json["features"].as_array().unwrap();
    assert_eq!(features.len(), register.rows.len());
    let first = &features[0]["properties"];
    assert_eq!(first["id"], register.rows[0].site_id.as_str());
    let e1 = features
        .iter()
        .find(|f| f["properties"]["id"] == "E0001")
        .unwrap();
    assert_eq!(e1["geometry"]["type"], "Point");
    assert_eq!(e1["geometry"]["coordinates"][0], 118.045);
    assert_eq!(e1["geometry"]["coordinates"][1], 24.47);
    assert_eq!(e1["properties"]["name"], "厦门海沧示范化工有限公司");
    assert_eq!(e1["properties"]["风险等级"], "重大风险");
    assert!(e1["properties"]["综合风险指数"].is_f64());
    assert_eq!(
        e1["properties"]["模型版本"],
        ModelDocument::default().version.as_str()
    );
}
