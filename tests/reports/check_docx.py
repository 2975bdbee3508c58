"""Opens the sample report DOCX with python-docx, an independent reader, and checks that
what Word users will see is there: the Chinese headings in Word's heading styles, the
tables with their rows, shaded and picture cells, the images, header and page numbers.

The sample is written by `cargo run -p geo-core --example docx_sample`; the expected
values below are the ones that example puts in. Run by scripts/test.sh:

    target/pyenv/bin/python tests/reports/check_docx.py target/report-samples/sample.docx
"""

import argparse
import datetime
import sys

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.shape import WD_INLINE_SHAPE
from docx.oxml.ns import qn

HEADINGS = [
    ("Heading 1", "一、项目概况"),
    ("Heading 2", "1.1 排查范围"),
    ("Heading 1", "二、隐患清单"),
    ("Heading 2", "2.1 统计"),
    ("Heading 1", "三、结论"),
    ("Heading 1", "附件"),
]
DANGER_HEADER = ["序号", "隐患描述", "等级", "照片"]
CHART_HEADER = ["类别", "一般隐患", "重大隐患", "图示"]
SIGN_HEADER = ["职责", "姓名", "签名", "日期"]
RUNNING_HEADER = "隐患排查报告 XT-2026-0001"
MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}

checks = 0


def check(ok, what):
    global checks
    if not ok:
        print(f"DOCX check failed: {what}", file=sys.stderr)
        sys.exit(1)
    checks += 1


def texts(row):
    return [c.text for c in row.cells]


def table_with_header(document, header):
    found = [t for t in document.tables if texts(t.rows[0]) == header]
    check(len(found) >= 1, f"a table with header {header}")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    path = ap.parse_args().path
    d = docx.Document(path)

    # Cover: title in the Title style, in a section of its own without a header.
    title = [p for p in d.paragraphs if p.style.name == "Title"]
    check([p.text for p in title] == ["安全生产事故隐患排查报告"], f"cover title, got {[p.text for p in title]}")
    # Sections: cover, portrait body, the landscape ledger, portrait again.
    check(len(d.sections) == 4, f"cover and three body sections, got {len(d.sections)}")
    check(d.sections[0].header.is_linked_to_previous, "the cover has no header of its own")
    orient = [s.orientation for s in d.sections]
    check(orient == [WD_ORIENT.PORTRAIT, WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT],
          f"orientations {orient}")
    landscape = d.sections[2]
    check(abs(landscape.page_width.cm - 29.7) < 0.01 and abs(landscape.page_height.cm - 21.0) < 0.01,
          f"landscape A4, got {landscape.page_width.cm:.2f} x {landscape.page_height.cm:.2f} cm")

    # Headings, in order, each in Word's built-in heading style.
    got = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    check(got == HEADINGS, f"headings {got}")
    check(d.styles["Heading 1"].element.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == "0",
          "Heading 1 has outline level 0")
    normal_fonts = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    check(normal_fonts.get(qn("w:eastAsia")) == "宋体", "body text East Asian font is 宋体")

    # Contents: a TOC field with the placeholder and the level 1–2 headings pre-filled.
    body = d.element.body
    instr = " ".join(t.text for t in body.iter(qn("w:instrText")))
    check('TOC \\o "1-2"' in instr, f"a TOC field, instructions {instr!r}")
    toc = [p.text for p in d.paragraphs if p.style.name in ("toc 1", "toc 2", "TOC 1", "TOC 2")]
    check(toc == [h for _, h in HEADINGS], f"pre-filled contents {toc}")
    check(any("右键更新域以生成目录" in p.text for p in d.paragraphs), "TOC placeholder text")

    # Bulleted list.
    bullets = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    check(bullets == ["储罐区（T-101 至 T-104）", "装卸区与配电室"], f"bullets {bullets}")

    # The hidden-danger table: header, three rows, Chinese text, a shaded grade cell
    # with white text, a picture cell.
    (t,) = table_with_header(d, DANGER_HEADER)
    check(len(t.rows) == 4, f"hidden-danger table has a header and 3 rows, got {len(t.rows)}")
    check(t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None,
          "header row repeats on each page")
    table_w = sum(c.width.cm for c in t.columns)
    check(abs(table_w - 25.7) < 0.01, f"ledger spans the landscape text width, got {table_w:.2f} cm")
    check(t.cell(1, 1).text == "储罐区防火堤破损，雨水排放阀常开", f"cell text {t.cell(1, 1).text!r}")
    check(t.cell(3, 1).text == "装卸区静电接地报警器未校验", f"cell text {t.cell(3, 1).text!r}")
    grade = t.cell(1, 2)
    shd = grade._tc.tcPr.find(qn("w:shd"))
    check(shd is not None and shd.get(qn("w:fill")) == "D7191C", "重大 cell shaded red")
    check(grade.text == "重大", f"grade text {grade.text!r}")
    colour = grade.paragraphs[0].runs[0].font.color.rgb
    check(str(colour) == "FFFFFF", f"white text on red, got {colour}")
    yellow = t.cell(2, 2)._tc.tcPr.find(qn("w:shd"))
    check(yellow is not None and yellow.get(qn("w:fill")) == "FFFF00", "一般 cell shaded yellow")
    check(str(t.cell(2, 2).paragraphs[0].runs[0].font.color.rgb) == "000000", "black text on yellow")
    check(len(t.cell(1, 3)._tc.findall(".//" + qn("w:drawing"))) == 1, "photo cell holds a picture")
    check(t.cell(2, 3).text == "" and not t.cell(2, 3)._tc.findall(".//" + qn("w:drawing")),
          "empty photo cell stays empty")

    # The chart's numbers as a table.
    (chart,) = table_with_header(d, CHART_HEADER)
    check(texts(chart.rows[1])[:3] == ["消防", "3", "1"], f"chart row {texts(chart.rows[1])}")
    check(texts(chart.rows[3])[:3] == ["工艺", "2", "1"], f"chart row {texts(chart.rows[3])}")
    bars = chart.cell(1, 3).tables
    check(len(bars) == 1, "bars drawn as a nested table")
    fills = [s.get(qn("w:fill")) for s in bars[0]._tbl.iter(qn("w:shd"))]
    check(fills == ["0070C0", "D7191C"], f"bars in the series colours, got {fills}")

    # Signatures: the cover's sign-off and the body's.
    signs = table_with_header(d, SIGN_HEADER)
    check(len(signs) == 2, f"two signature tables, got {len(signs)}")
    check(texts(signs[0].rows[1])[:2] == ["编制", "张安全"], f"sign-off {texts(signs[0].rows[1])}")
    check(len(signs[0].rows) == 4, "编制, 审核, 批准")

    # Label–value fields.
    fields = [t for t in d.tables if t.cell(0, 0).text == "统一社会信用代码"]
    check(len(fields) == 1 and fields[0].cell(1, 1).text == "危险化学品生产", "fields table")

    # Attachment gallery: two photos to a row, captions under them.
    # (A cell's text joins its paragraphs: the picture's, empty, then the caption.)
    gallery = [t for t in d.tables if t.cell(0, 0).text.strip() == "附件照片 1 储罐区防火堤"]
    check(len(gallery) == 1, "a gallery table")
    g = gallery[0]
    captions = [[c.text.strip() for c in r.cells] for r in g.rows]
    check(captions == [["附件照片 1 储罐区防火堤", "附件照片 2 雨水排放阀"], ["附件照片 3 签名样式", ""]],
          f"gallery captions {captions}")
    drawings = [len(c._tc.findall(".//" + qn("w:drawing"))) for r in g.rows for c in r.cells]
    check(drawings == [1, 1, 1, 0], f"one photo per gallery cell, odd one alone: {drawings}")

    # Pictures, in document order: the cover signature, the photo in the table, the
    # figure, the body signature, three gallery photos.
    shapes = list(d.inline_shapes)
    check(len(shapes) == 7, f"7 inline pictures, got {len(shapes)}")
    check(all(s.type == WD_INLINE_SHAPE.PICTURE for s in shapes), "inline shapes are pictures")
    figure = shapes[2]
    check(abs(figure.width.cm - 0.6 * 17.0) < 0.05, f"figure at 60 % of 17 cm, got {figure.width.cm:.2f}")
    check(abs(figure.height / figure.width - 32 / 48) < 0.01, "figure keeps its aspect ratio")
    thumb = shapes[1]
    check(abs(thumb.height.cm - 2.5) < 0.01, f"table thumbnail capped at 2.5 cm tall, got {thumb.height.cm:.2f}")
    check(abs(thumb.height / thumb.width - 32 / 48) < 0.01, "thumbnail keeps its aspect ratio")

    # Media: the photo once although shown twice, the signature once; real JPEG/PNG bytes.
    media = [p for p in d.part.package.iter_parts() if str(p.partname).startswith("/word/media/")]
    check(sorted(p.content_type for p in media) == ["image/jpeg", "image/png"],
          f"media parts {[(str(p.partname), p.content_type) for p in media]}")
    for p in media:
        check(p.blob.startswith(MAGIC[p.content_type]), f"{p.partname} is {p.content_type}")

    # Running header and page-number footer on every body section.
    for s in d.sections[1:]:
        check(s.header.paragraphs[0].text == RUNNING_HEADER, f"header {s.header.paragraphs[0].text!r}")
    body_section = d.sections[1]
    footer = body_section.footer
    footer_instr = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    check(footer_instr == ["PAGE", "NUMPAGES"], f"footer fields {footer_instr}")
    check(footer.paragraphs[0].text == "第 1 页 共 1 页", f"footer text {footer.paragraphs[0].text!r}")

    # Metadata.
    cp = d.core_properties
    check(cp.title == "厦门海沧示范化工有限公司隐患排查报告", f"title {cp.title!r}")
    check(cp.created == datetime.datetime(2026, 11, 30, 8, 0, 0, tzinfo=cp.created.tzinfo),
          f"created {cp.created}")

    print(f"{path}: {checks} DOCX checks passed in python-docx {docx.__version__}")


if __name__ == "__main__":
    main()
