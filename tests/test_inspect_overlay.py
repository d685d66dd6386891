"""`juesuan inspect --png / --out`: what is drawn on each page, and where."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from PIL import Image
from typer.testing import CliRunner

from conftest import CORPUS, FIXTURES, require_shared
from juesuan_extract.geometry import Box
from juesuan_extract.inspect import cli as inspect_cli
from juesuan_extract.inspect.marks import page_marks
from juesuan_extract.inspect.overlay import PageImages, overlay_page
from test_inspect_map import inspected

WORD = FIXTURES / "changji-kexie-2023-word.pdf"
LANDSCAPE = FIXTURES / "changji-kexie-2023-wps-landscape.pdf"
SHUIWU = FIXTURES / "statements-shuiwu-rects.pdf"
HOSTILE = FIXTURES.parent / "hostile"
# Kinds of mark that belong to one table and must lie inside its region.
IN_TABLE = ("cell", "merged", "rejoined-row", "repeated-header")

def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return (outer.x0 - slack <= inner.x0 <= inner.x1 <= outer.x1 + slack
            and outer.top - slack <= inner.top <= inner.bottom <= outer.bottom + slack)


def _pdfs() -> list[Path]:
    pdfs = sorted(FIXTURES.glob("*.pdf"))
    pdfs += sorted(CORPUS.glob("*.pdf")) if CORPUS.exists() else []
    return pdfs


@pytest.mark.parametrize("pdf", _pdfs(), ids=lambda p: p.stem)
def test_every_cell_mark_lies_in_its_table_region_on_the_page(pdf):
    ins = inspected(pdf)
    assert ins.result.status == "ok", ins.result.error
    checked = 0
    for number, layout in ins.layouts.items():
        page = Box(number, 0, 0, layout.width, layout.height)
        regions = {(t.label): [g.box for g in t.grids if g.page == number] for t in ins.tables_on(number)}
        for mark in page_marks(ins, number):
            assert mark.box.page == number, mark
            assert _inside(mark.box, page, slack=0.5), f"{pdf.name} p{number}: {mark} off the page"
            assert mark.box.x0 <= mark.box.x1 and mark.box.top <= mark.box.bottom, mark
            if mark.kind in IN_TABLE or mark.kind.startswith("field:"):
                assert any(_inside(mark.box, r) for r in regions[mark.table]), \
                    f"{pdf.name} p{number}: {mark} outside {mark.table}"
                checked += 1
    # every table is drawn cell by cell (a narrative-only fixture has none)
    assert checked >= 10 * len(ins.tables), (checked, len(ins.tables))


@pytest.mark.parametrize("pdf", _pdfs(), ids=lambda p: p.stem)
def test_every_extracted_value_is_tinted_by_its_field(pdf):
    ins = inspected(pdf)
    marks = {n: {(m.box, m.kind) for m in page_marks(ins, n)} for n in ins.layouts}
    expected: list[tuple[Box, str]] = []
    for st in ins.result.statements:
        expected += [(v.box, "field:value") for v in st.values]
    for ev in ins.result.evaluation_tables:
        for row in ev.funds:
            expected += [(box, f"field:{name}") for name, box in row.boxes.items()]
        for ind in ev.indicators:
            expected += [(b, f"field:{name}") for name, boxes in ind.boxes.items() for b in boxes]
    if not expected:  # a template prints no number
        assert all(st.empty for st in ins.result.statements) and not ins.result.evaluation_tables
    missing = [e for e in expected if e not in marks[e[0].page]]
    assert not missing, f"{pdf.name}: {len(missing)} values not drawn, e.g. {missing[:3]}"


def test_merged_cells_and_table_regions_are_marked():
    ins = inspected(WORD)
    marks = page_marks(ins, 14)
    (grid,) = [g for t in ins.tables_on(14) for g in t.grids if g.page == 14]
    merged = {c.box for c in grid.cells if c.rowspan > 1 or c.colspan > 1}
    assert {m.box for m in marks if m.kind == "merged"} == merged and merged
    assert sum(1 for m in marks if m.kind == "cell") == len(grid.cells)
    (region,) = [m for m in marks if m.kind.startswith("table:")]
    assert region.kind == "table:evaluation" and region.box == grid.box
    assert region.tag == "T2 project p14-15, part 1/2"
    for m in marks:
        if m.kind == "merged":
            cell = next(c for c in grid.cells if c.box == m.box)
            assert m.tag == f"{cell.rowspan}x{cell.colspan}"


def test_row_split_over_the_page_break_is_marked_on_both_pages():
    ins = inspected(WORD)
    upper = [m for m in page_marks(ins, 14) if m.kind == "rejoined-row"]
    lower = [m for m in page_marks(ins, 15) if m.kind == "rejoined-row"]
    assert [m.tag for m in upper] == ["row 1: continues p15"]
    assert [m.tag for m in lower] == ["row 1: from p14"]
    # the part after the break is the first body row of page 15, below the repeated header
    grid15 = next(g for t in ins.tables_on(15) for g in t.grids if g.page == 15)
    header_bottom = min(c.box.bottom for c in grid15.cells if c.text == "一级指标")
    assert abs(lower[0].box.top - header_bottom) < 1
    # its text (the rest of 偏差原因) is tinted as the field it was joined to
    reason = [m for m in page_marks(ins, 15) if m.kind == "field:deviation_reason"
              and _inside(m.box, lower[0].box)]
    cells = [c for c in grid15.cells if c.box in {m.box for m in reason}]
    assert any("结转资金中只奖补" in c.text for c in cells)


def test_row_split_over_three_pages_is_marked_on_each():
    ins = inspected(LANDSCAPE)
    tags = {n: [m.tag for m in page_marks(ins, n) if m.kind == "rejoined-row"] for n in (13, 14, 15)}
    assert "row 1: continues p14" in tags[13]
    assert tags[14] == ["row 1: from p13, continues p15"]
    assert "row 1: from p14" in tags[15]


def test_headings_furniture_and_notes_are_marked():
    ins = inspected(WORD)
    marks = page_marks(ins, 2)
    assert [m.tag for m in marks if m.kind == "heading"] == ["H1", "H2", "H2"]
    assert [m.kind for m in marks].count("furniture") == 1
    assert [m.kind for m in marks].count("line") > 10
    shuiwu = inspected(SHUIWU)
    notes = [m for m in page_marks(shuiwu, 2) if m.kind == "note"]
    assert notes and all(m.table == "T1" for m in notes)
    assert {m.kind for m in page_marks(shuiwu, 2)} >= {"field:value", "field:name", "table:statement"}


def _dark_share(image: Image.Image, x: int, y0: int, y1: int) -> float:
    """Share of pixel rows in [y0, y1) with a dark pixel within 2 px of column x."""
    gray = image.convert("L")
    hits = 0
    for y in range(y0, y1):
        if min(gray.getpixel((xx, y)) for xx in range(max(0, x - 2), min(gray.width, x + 3))) < 128:
            hits += 1
    return hits / max(1, y1 - y0)


@pytest.mark.parametrize("pdf, number", [(WORD, 14), (LANDSCAPE, 15), (SHUIWU, 5)],
                         ids=["portrait", "landscape", "statement"])
def test_boxes_fall_on_the_ruling_of_the_rendered_page(pdf, number):
    """The image and the boxes share one coordinate system: the table's
    left and right borders in points land on the drawn ruling in pixels."""
    ins = inspected(pdf)
    scale = 1.0
    with PageImages(pdf) as images:
        plain = images.render(number, scale)
        drawn = overlay_page(ins, images, number, scale, legend=False)
    layout = ins.layouts[number]
    assert plain.size == drawn.size
    assert abs(plain.width - layout.width * scale) <= 1 and abs(plain.height - layout.height * scale) <= 1
    grid = next(g for t in ins.tables_on(number) for g in t.grids if g.page == number)
    y0, y1 = round(grid.box.top * scale) + 3, round(grid.box.bottom * scale) - 3
    for x in (grid.box.x0, grid.box.x1):
        assert _dark_share(plain, round(x * scale), y0, y1) > 0.95, (pdf.name, x)
    # 5 pt off the border there is no ruling: the test can tell
    assert _dark_share(plain, round((grid.box.x0 - 5) * scale), y0, y1) < 0.5


def test_overlay_tints_cells_and_adds_a_legend():
    ins = inspected(WORD)
    with PageImages(WORD) as images:
        plain = images.render(14, 2.0)
        bare = overlay_page(ins, images, 14, 2.0, legend=False)
        full = overlay_page(ins, images, 14, 2.0)
    assert full.height == plain.height and full.width > plain.width + 200
    ev = ins.result.evaluation_tables[1]
    box = ev.funds[0].boxes["budget_initial"]
    corner = (round(box.x0 * 2) + 4, round(box.bottom * 2) - 4)  # inside the cell, off its text
    assert plain.getpixel(corner) == (255, 255, 255)
    assert bare.getpixel(corner) != (255, 255, 255)
    assert bare.getpixel((5, 5)) == plain.getpixel((5, 5))  # nothing drawn in the margin


def test_page_not_read_is_drawn_with_a_banner():
    pdf = HOSTILE / "one-damaged-page.pdf"
    ins = inspected(pdf)
    assert page_marks(ins, 3) == []
    with PageImages(pdf) as images:
        image = overlay_page(ins, images, 3, 1.0)
    r, g, b = image.getpixel((3, 3))
    assert r > 150 and g < 120 and b < 120


def test_cli_writes_png_files(tmp_path):
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    app.callback()(lambda: None)
    app.command()(inspect_cli.inspect)
    runner = CliRunner()
    one = tmp_path / "p15.png"
    result = runner.invoke(app, ["inspect", str(WORD), "--page", "15", "--png", str(one), "--scale", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(one)
    with Image.open(one) as image:
        assert image.format == "PNG" and image.height == 842 and image.width > 595
    result = runner.invoke(app, ["inspect", str(WORD), "--pages", "14-15", "--out", str(tmp_path / "d"),
                                 "--scale", "0.5"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["page-014.png", "page-015.png"]


def test_corpus_page_with_an_unclassified_table():
    pdf = require_shared(CORPUS / "shehuigongzuobu-2024.pdf")
    marks = page_marks(inspected(pdf), 4)
    regions = [m for m in marks if m.kind.startswith("table:")]
    assert [(m.kind, m.tag) for m in regions] == [("table:other", "T1 unclassified")]
