"""Prints an XLSX file as JSON, as openpyxl reads it, for the end-to-end tests: per
sheet, per row, each cell's value and type ("text", "number", "date" when the cell is a
date with a date format, "empty") and its solid fill colour (RRGGBB).

    python tests/reports/read_xlsx.py file.xlsx
"""

import datetime
import json
import sys

import openpyxl


def cell_json(c):
    v = c.value
    if v is None:
        kind, value = "empty", None
    elif isinstance(v, datetime.datetime) and c.is_date:
        kind, value = "date", v.date().isoformat()
    elif isinstance(v, (int, float)) and not isinstance(v, bool):
        kind, value = "number", v
    else:
        kind, value = "text", str(v)
    rgb = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
    return {"v": value, "t": kind, "fill": rgb[-6:].upper() if isinstance(rgb, str) else None}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        wb = openpyxl.load_workbook(sys.argv[1])
    except Exception as e:
        print(f"{sys.argv[1]}: openpyxl cannot open it: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    out = {
        "sheets": wb.sheetnames,
        "rows": {ws.title: [[cell_json(c) for c in row] for row in ws.iter_rows()] for ws in wb.worksheets},
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
