"""Opens the sample XLSX, CSV and GeoJSON reports with real readers (openpyxl, Python's
csv and json) and checks what a recipient would rely on: sheet names, headers, row
counts, the Chinese text of a known record, that dates are dates and numbers are
numbers, the four grade colours as fills, and the ledger's KPIs.

The samples are written by `cargo run -p geo-core --example report_samples -- <dir>`
from the demo project and the records of geo-core/examples/report_samples/inputs.rs;
the expected values below are those records'.

    python tests/reports/check_xlsx.py target/report-samples

Exits 1 with every failed check listed.
"""

import csv
import datetime
import io
import json
import sys
from pathlib import Path

import openpyxl

FAILURES = []


def check(ok, where, message):
    if not ok:
        FAILURES.append(f"{where}: {message}")
    return ok


def equal(actual, expected, where):
    return check(actual == expected, where, f"expected {expected!r}, found {actual!r}")


def open_book(path):
    try:
        return openpyxl.load_workbook(path)
    except Exception as e:  # the reader's own message is the useful part
        FAILURES.append(f"{path.name}: openpyxl cannot open it: {type(e).__name__}: {e}")
        return None


def header(ws):
    return [c.value for c in ws[1]]


def rows_by_first_cell(ws):
    return {row[0].value: row for row in ws.iter_rows(min_row=2)}


def is_date_cell(cell):
    return isinstance(cell.value, datetime.datetime) and cell.is_date and "yy" in cell.number_format


def check_date(cell, expected, where):
    if check(is_date_cell(cell), where,
             f"expected a date cell with a date format, found {cell.value!r} ({cell.data_type}, "
             f"format {cell.number_format!r})"):
        equal(cell.value.date(), datetime.date.fromisoformat(expected), where)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_number(cell, expected, where):
    if check(is_number(cell.value), where,
             f"expected a number cell, found {cell.value!r} ({cell.data_type})"):
        check(abs(cell.value - expected) < 1e-9, where, f"expected {expected}, found {cell.value}")


LEDGER_COLUMNS = [
    "隐患编号", "被检查单位", "单位编号", "检查类型", "排查日期", "排查人", "隐患部位", "经度", "纬度",
    "隐患描述", "照片数", "隐患类别", "隐患等级", "判定依据", "整改措施", "整改责任部门", "整改责任人",
    "整改期限", "整改资金（元）", "临时措施", "治理方案", "状态", "是否逾期", "实际完成日期", "验收人",
    "验收部门", "验收日期", "验收意见", "闭环日期",
]


def check_ledger(path):
    name = path.name
    wb = open_book(path)
    if wb is None:
        return
    equal(wb.sheetnames, ["隐患台账", "统计"], f"{name} sheets")
    ws = wb["隐患台账"]
    equal(header(ws), LEDGER_COLUMNS, f"{name} 隐患台账 header")
    equal(ws.max_row, 5, f"{name} 隐患台账 rows (header + 4 records)")
    equal(ws.freeze_panes, "B2", f"{name} 隐患台账 frozen header and number column")
    equal(ws.auto_filter.ref, "A1:AC5", f"{name} 隐患台账 autofilter")
    check(all(c.font.b for c in ws[1]), f"{name} 隐患台账 header", "not bold")
    for letter, width in [("A", 18), ("J", 40)]:
        dim = ws.column_dimensions[letter]
        check(dim.width is not None and abs(dim.width - width) < 1.0, f"{name} column {letter}",
              f"width {dim.width}, expected about {width}")
    col = {title: i for i, title in enumerate(LEDGER_COLUMNS)}
    rows = rows_by_first_cell(ws)
    for number in ["YH-20261120-0001", "YH-20261120-0002", "YH-20261125-0001", "YH-20261201-0001"]:
        check(number in rows, f"{name} 隐患台账", f"record {number} missing")
    if "YH-20261120-0001" in rows:
        r = rows["YH-20261120-0001"]
        w = f"{name} YH-20261120-0001"
        equal(r[col["隐患描述"]].value, "液氯储罐区泄漏报警器失效，未按期检定", f"{w} 隐患描述")
        equal(r[col["被检查单位"]].value, "厦门海沧示范化工有限公司", f"{w} 被检查单位")
        equal(r[col["检查类型"]].value, "专项", f"{w} 检查类型")
        equal(r[col["隐患等级"]].value, "重大隐患", f"{w} 隐患等级")
        equal(r[col["状态"]].value, "整改中", f"{w} 状态")
        check_date(r[col["排查日期"]], "2026-11-20", f"{w} 排查日期")
        check_date(r[col["整改期限"]], "2026-12-31", f"{w} 整改期限")
        check_number(r[col["照片数"]], 2, f"{w} 照片数")
        check_number(r[col["整改资金（元）"]], 30000.0, f"{w} 整改资金")
        check_number(r[col["经度"]], 118.0452, f"{w} 经度")
        check_number(r[col["纬度"]], 24.4703, f"{w} 纬度")
        plan = r[col["治理方案"]].value or ""
        check(plan.startswith("治理的目标和任务：12月31日前恢复泄漏报警功能"), f"{w} 治理方案", repr(plan))
    if "YH-20261120-0002" in rows:
        w = f"{name} YH-20261120-0002"
        equal(rows["YH-20261120-0002"][col["是否逾期"]].value, "是", f"{w} 是否逾期 on 2026-12-05")
    if "YH-20261125-0001" in rows:
        r = rows["YH-20261125-0001"]
        w = f"{name} YH-20261125-0001"
        equal(r[col["状态"]].value, "已闭环", f"{w} 状态")
        equal(r[col["是否逾期"]].value, "否", f"{w} 是否逾期 (closed)")
        equal(r[col["验收意见"]].value, "整改到位，同意销号", f"{w} 验收意见")
        check_date(r[col["验收日期"]], "2026-11-28", f"{w} 验收日期")
        check_date(r[col["闭环日期"]], "2026-11-28", f"{w} 闭环日期")
        check_date(r[col["实际完成日期"]], "2026-11-27", f"{w} 实际完成日期")
        check_number(r[col["整改资金（元）"]], 1500.5, f"{w} 整改资金")

    st = wb["统计"]
    kpi = {row[0].value: row[1] for row in st.iter_rows(min_row=2) if row[0].value}
    for label, expected in [("查出隐患数", 4), ("重大隐患数", 1), ("已整改数（已闭环）", 1),
                            ("待验收数", 1), ("逾期未整改数", 1), ("隐患整改率", 0.25),
                            ("重大隐患整改率", 0.0), ("整改资金（元）", 31500.5)]:
        if check(label in kpi, f"{name} 统计", f"no {label} row"):
            check_number(kpi[label], expected, f"{name} 统计 {label}")
    for label in ["隐患整改率", "重大隐患整改率"]:
        if label in kpi:
            check("%" in kpi[label].number_format, f"{name} 统计 {label}",
                  f"format {kpi[label].number_format!r} is not a percentage")
    if check("统计日期" in kpi, f"{name} 统计", "no 统计日期 row"):
        check_date(kpi["统计日期"], "2026-12-05", f"{name} 统计 统计日期")
    table = {}
    top = None
    for row in st.iter_rows():
        if row[0].value == "隐患类别 \\ 等级":
            top = [c.value for c in row]
        elif top is not None and row[0].value:
            table[row[0].value] = [c.value for c in row[1:len(top)]]
    equal(top, ["隐患类别 \\ 等级", "一般隐患", "重大隐患", "重点隐患", "合计"], f"{name} 统计 table header")
    equal(table, {"消防": [1, 0, 0, 1], "电气安全": [1, 0, 0, 1], "危险化学品": [0, 1, 0, 1],
                  "未分类": [0, 0, 1, 1], "合计": [2, 1, 1, 4]}, f"{name} 统计 category × level")


REGISTER_COLUMNS = ["序号", "场所编号", "名称", "区/街道", "经度", "纬度", "综合风险指数", "风险等级",
                    "主要因素", "模型版本"]
GRADE_FILLS = {"重大风险": "E63031", "较大风险": "F48400", "一般风险": "F1DD00", "低风险": "00B0F0"}


def fill_rgb(cell):
    rgb = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def check_register(path, site_ids):
    name = path.name
    wb = open_book(path)
    if wb is None:
        return []
    equal(wb.sheetnames, ["风险清单", "按等级统计", "按区域统计", "说明"], f"{name} sheets")
    ws = wb["风险清单"]
    equal(header(ws), REGISTER_COLUMNS, f"{name} 风险清单 header")
    equal(ws.max_row - 1, len(site_ids), f"{name} 风险清单 rows (one per demo site)")
    equal(ws.freeze_panes, "D2", f"{name} 风险清单 frozen header")
    check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:J"), f"{name} 风险清单",
          f"autofilter {ws.auto_filter.ref!r}")
    ids, scores = [], []
    for i, row in enumerate(ws.iter_rows(min_row=2), start=2):
        where = f"{name} 风险清单 row {i}"
        check_number(row[0], i - 1, f"{where} 序号")
        for c, label in [(4, "经度"), (5, "纬度")]:
            check(is_number(row[c].value), f"{where} {label}", f"not a number: {row[c].value!r}")
        if check(is_number(row[6].value), f"{where} 综合风险指数",
                 f"not a number: {row[6].value!r}"):
            scores.append(row[6].value)
            check(0 <= row[6].value <= 100, where, f"score {row[6].value} outside 0–100")
        grade = row[7].value
        if check(grade in GRADE_FILLS, f"{where} 风险等级", f"unknown grade {grade!r}"):
            equal(fill_rgb(row[7]), GRADE_FILLS[grade], f"{where} 风险等级 fill")
        ids.append(row[1].value)
        if len(FAILURES) > 40:
            break
    check(all(a >= b for a, b in zip(scores, scores[1:])), f"{name} 风险清单", "not sorted by score, highest first")
    check(sorted(ids) == sorted(site_ids), f"{name} 风险清单", "site ids differ from the GeoJSON's")
    e1 = next((row for row in ws.iter_rows(min_row=2) if row[1].value == "E0001"), None)
    if check(e1 is not None, f"{name} 风险清单", "no row for E0001"):
        equal(e1[2].value, "厦门海沧示范化工有限公司", f"{name} E0001 名称")
        equal(e1[3].value, "海沧区", f"{name} E0001 区/街道")
        equal(e1[7].value, "重大风险", f"{name} E0001 风险等级")
        check("风暴潮淹没区（高，海沧湾沿岸高）+70" in (e1[8].value or ""), f"{name} E0001 主要因素", repr(e1[8].value))
        check("未闭环隐患：重大 1 项、一般 1 项" in (e1[8].value or ""), f"{name} E0001 主要因素",
              f"the open sample records are not counted: {e1[8].value!r}")

    gs = wb["按等级统计"]
    counts = {row[0].value: row for row in gs.iter_rows(min_row=2)}
    for grade, rgb in GRADE_FILLS.items():
        if check(grade in counts, f"{name} 按等级统计", f"no row {grade}"):
            equal(fill_rgb(counts[grade][0]), rgb, f"{name} 按等级统计 {grade} fill")
            listed = sum(1 for row in ws.iter_rows(min_row=2) if row[7].value == grade)
            check_number(counts[grade][1], listed, f"{name} 按等级统计 {grade}")
    if check("合计" in counts, f"{name} 按等级统计", "no 合计 row"):
        check_number(counts["合计"][1], len(site_ids), f"{name} 按等级统计 合计")

    ds = wb["按区域统计"]
    districts = rows_by_first_cell(ds)
    if check("海沧区" in districts, f"{name} 按区域统计", f"no 海沧区 in {list(districts)}"):
        equal(districts["海沧区"][6].value, "重大风险", f"{name} 按区域统计 海沧区 最高等级")
        equal(fill_rgb(districts["海沧区"][6]), GRADE_FILLS["重大风险"], f"{name} 按区域统计 海沧区 fill")

    about = {row[0].value: row[1] for row in wb["说明"].iter_rows(min_row=2)}
    if check("生成日期" in about, f"{name} 说明", "no 生成日期"):
        check_date(about["生成日期"], "2026-12-05", f"{name} 说明 生成日期")
    check("虚构" in (about.get("数据说明").value if "数据说明" in about else ""), f"{name} 说明",
          "the demo data is not called fictional")
    return ids


def check_csv(path, register_ids):
    name = path.name
    raw = path.read_bytes()
    if not check(raw.startswith(b"\xef\xbb\xbf"), name, "no UTF-8 BOM (Excel and WPS would misread the Chinese)"):
        return
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    head = rows[0]
    equal(head[:2], ["lon", "lat"], f"{name} first columns")
    for key in ["综合风险指数", "风险等级", "主要因素", "模型版本"]:
        check(key in head, f"{name} header", f"no {key} in {head}")
    ids = [r[head.index("id")] for r in rows[1:]]
    equal(ids, register_ids, f"{name} site order (the register's)")


def check_geojson(path):
    name = path.name
    doc = json.loads(path.read_text(encoding="utf-8"))
    equal(doc.get("type"), "FeatureCollection", f"{name} type")
    features = doc.get("features", [])
    check(len(features) > 0, name, "no features")
    for f in features[:5]:
        for key in ["综合风险指数", "风险等级", "主要因素", "模型版本"]:
            check(key in f["properties"], f"{name} {f['properties'].get('id')}", f"no {key}")
    return [f["properties"].get("id") for f in features]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    directory = Path(sys.argv[1])
    files = {n: directory / n for n in ["隐患台账.xlsx", "风险清单.xlsx", "风险清单.csv", "风险清单.geojson"]}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        print("missing sample files (run the report_samples example first): " + ", ".join(missing),
              file=sys.stderr)
        return 1
    check_ledger(files["隐患台账.xlsx"])
    site_ids = check_geojson(files["风险清单.geojson"])
    register_ids = check_register(files["风险清单.xlsx"], site_ids)
    check_csv(files["风险清单.csv"], register_ids)
    if FAILURES:
        print(f"{len(FAILURES)} report check(s) failed:", file=sys.stderr)
        for f in FAILURES:
            print("  " + f, file=sys.stderr)
        return 1
    print(f"report files check out with openpyxl {openpyxl.__version__}: "
          f"{', '.join(files)} ({len(site_ids)} sites)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
