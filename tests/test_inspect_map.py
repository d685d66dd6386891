"""`juesuan inspect FILE.pdf`: the document's map against the golden tables."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import CORPUS, FIXTURES, GOLDEN, SEED_VARIANTS, require_shared
from golden import read_csv
from juesuan_extract.inspect import cli as inspect_cli
from juesuan_extract.inspect.docmap import document_map, map_as_dict, page_detail, render_map
from juesuan_extract.inspect.document import inspect_document

HOSTILE = FIXTURES.parent / "hostile"
CORPUS_DOCS = ["shehuigongzuobu-2024", "caizhengju-2024-with-errors", "template-national"]
STATEMENT_FIXTURES = sorted(p.name for p in (GOLDEN / "statements-fixtures").iterdir())

_cache: dict[tuple[Path, str], object] = {}


def inspected(path: Path, ocr: str = "auto"):
    """Inspect each PDF once per test session (the other inspect tests share this)."""
    if (path, ocr) not in _cache:
        _cache[path, ocr] = inspect_document(path, ocr=ocr)
    return _cache[path, ocr]


def app() -> typer.Typer:
    app = typer.Typer(add_completion=False, rich_markup_mode=None)

    @app.callback()
    def _root() -> None:
        pass

    app.command(epilog=inspect_cli.EPILOG)(inspect_cli.inspect)
    return app


runner = CliRunner()


def _statement_entries(docmap) -> list[tuple[str, int, int]]:
    return [(t.name, t.page_start, t.page_end) for t in docmap.tables if t.kind == "statement"]


def _golden_statements(folder: Path) -> list[tuple[str, int, int]]:
    return [(r["statement"], int(r["page_start"]), int(r["page_end"]))
            for r in read_csv(folder / "statements.csv")]


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_seed_variant_map_lists_the_golden_evaluation_tables(pdf):
    docmap = document_map(inspected(pdf))
    golden = [(int(r["table_seq"]), r["table_kind"])
              for r in read_csv(GOLDEN / "changji-kexie-2023" / "evaluation_tables.csv")]
    found = [(t.kind_seq, t.name) for t in docmap.tables if t.kind == "evaluation"]
    assert found == golden, f"{pdf.name}: map lists {found}, golden has {golden}"
    assert not _statement_entries(docmap) and not docmap.unclassified, docmap.unclassified
    for t in docmap.tables:
        assert 1 <= t.page_start <= t.page_end <= docmap.pages
        pages = [f.page for f in t.fragments]
        assert pages == list(range(t.page_start, t.page_end + 1)), (t.label, pages)
        assert t.rows == sum(f.rows for f in t.fragments) and t.cols > 0


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_seed_variant_outline_is_the_golden_sections(pdf):
    docmap = document_map(inspected(pdf))
    golden = [(int(r["seq"]), int(r["level"]), r["heading"])
              for r in read_csv(GOLDEN / "changji-kexie-2023" / "sections.csv")]
    assert [(s.seq, s.level, s.heading) for s in docmap.outline] == golden
    assert all(1 <= s.page_start <= s.page_end <= docmap.pages for s in docmap.outline)


@pytest.mark.parametrize("stem", STATEMENT_FIXTURES)
def test_statement_fixture_map_lists_the_golden_statements(stem):
    docmap = document_map(inspected(FIXTURES / f"{stem}.pdf"))
    assert _statement_entries(docmap) == _golden_statements(GOLDEN / "statements-fixtures" / stem)


@pytest.mark.parametrize("stem", CORPUS_DOCS)
def test_corpus_map_lists_the_golden_statements(stem):
    pdf = require_shared(CORPUS / f"{stem}.pdf")
    docmap = document_map(inspected(pdf))
    assert docmap.status == "ok", docmap.error
    assert _statement_entries(docmap) == _golden_statements(GOLDEN / "corpus" / stem)
    text = render_map(docmap)
    for t in docmap.tables:
        if t.kind == "statement":
            pages = f"p{t.page_start}" + (f"–{t.page_end}" if t.page_end != t.page_start else "")
            assert re.search(rf"^  {t.label} +statement {t.kind_seq} +{pages} .*{t.name}$", text, re.M), \
                f"{stem}: no map line for {t.label} {t.name} {pages}"


@pytest.mark.parametrize("stem", STATEMENT_FIXTURES)
def test_map_says_which_grids_were_drawn_from_the_text(stem):
    # the unruled and three-line variants print no (full) ruling; the others do
    docmap = document_map(inspected(FIXTURES / f"{stem}.pdf"))
    drawn = {f.inferred for t in docmap.tables for f in t.fragments}
    printed_without = stem.endswith(("-unruled", "-threeline"))
    assert drawn == {printed_without}
    lines = [ln for ln in render_map(docmap).splitlines() if "grid drawn from the text" in ln]
    assert len(lines) == (len(docmap.tables) if printed_without else 0)
    assert all(t["fragments"][0]["inferred"] == printed_without for t in map_as_dict(docmap)["tables"])


def test_map_names_what_was_not_classified():
    docmap = document_map(inspected(require_shared(CORPUS / "shehuigongzuobu-2024.pdf")))
    other = [t for t in docmap.tables if t.kind == "other"]
    assert [(t.label, t.page_start, t.rows, t.cols) for t in other] == [("T1", 4, 3, 3)]
    assert any(line.startswith("T1 p4: table of 3×3") and "序号" in line for line in docmap.unclassified)
    assert docmap.toc, "the contents page is reported as such"


def test_map_names_pages_not_read_and_blank_pages():
    damaged = document_map(inspected(HOSTILE / "one-damaged-page.pdf"))
    assert damaged.status == "partial"
    assert damaged.page_map[2].error and "page 3: not read" in "\n".join(damaged.unclassified)
    scanned = document_map(inspected(HOSTILE / "partly-scanned.pdf", ocr="never"))
    assert any(line.startswith("page 2: no text or table found") for line in scanned.unclassified)


def test_text_map_has_pages_outline_tables_and_continuations():
    pdf = FIXTURES / "changji-kexie-2023-word.pdf"
    text = render_map(document_map(inspected(pdf)))
    for part in ("Pages", "Outline (33 headings)", "Tables (9: 9 evaluation, 0 statements, 0 unclassified)",
                 "Not classified (0)"):
        assert f"\n{part}\n" in text, part
    assert re.search(r"^  T2 +evaluation 2 +p14–15 +24×9 +project 项目支出绩效自评表", text, re.M)
    assert "continued p14→p15 (p14 10×9, p15 14×9)" in text
    assert "rows rejoined across a page break: p14/15" in text
    assert re.search(r"^    14  595×842 .* T2$", text, re.M)
    assert re.search(r"^  p2–3 +  二、机构设置及人员情况$", text, re.M)


def test_page_detail_lists_blocks_with_boxes():
    text = page_detail(inspected(FIXTURES / "changji-kexie-2023-word.pdf"), 14)
    assert text.startswith("page 14 of 34: 595×842 pt")
    assert re.search(r"caption +\([\d., ]+\) +项目支出绩效自评表", text)
    assert re.search(r"T2 evaluation project, part 1 of 2: 10×9 grid, \d+ cells \(\d+ merged\)", text)
    assert re.search(r"furniture +\([\d., ]+\) +14$", text, re.M)


def test_cli_prints_the_map_and_its_json():
    pdf = FIXTURES / "statements-dangan-wrapped.pdf"
    result = runner.invoke(app(), ["inspect", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "Tables (9: 0 evaluation, 9 statements, 0 unclassified)" in result.stdout
    result = runner.invoke(app(), ["inspect", str(pdf), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    golden = _golden_statements(GOLDEN / "statements-fixtures" / "statements-dangan-wrapped")
    assert [(t["name"], t["page_start"], t["page_end"]) for t in data["tables"]] == golden
    assert data == json.loads(json.dumps(map_as_dict(document_map(inspected(pdf))), ensure_ascii=False))


def test_cli_page_detail():
    pdf = FIXTURES / "changji-kexie-2023-word.pdf"
    result = runner.invoke(app(), ["inspect", str(pdf), "--pages", "14-15"])
    assert result.exit_code == 0, result.output
    assert "page 14 of 34" in result.stdout and "page 15 of 34" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--page", "2", "--pages", "2-3"], "not both"),
    (["--pages", "3-2"], "backwards"),
    (["--pages", "two"], "not a page range"),
    (["--png", "x.png"], "--png draws one page"),
    (["--pages", "2-3", "--png", "x.png"], "--png draws one page"),
    (["--page", "2", "--png", "x.png", "--html", "r"], "choose one of"),
    (["--page", "2", "--json"], "--json prints the whole"),
    (["--page", "99"], "has 34 pages"),
])
def test_cli_usage_errors(args, message):
    pdf = FIXTURES / "changji-kexie-2023-word.pdf"
    result = runner.invoke(app(), ["inspect", str(pdf), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_cli_unreadable_document_exits_1():
    result = runner.invoke(app(), ["inspect", str(HOSTILE / "damaged.pdf")])
    assert result.exit_code == 1
    assert "error [corrupt]" in result.output


def test_cli_help_has_examples():
    result = runner.invoke(app(), ["inspect", "--help"])
    assert result.exit_code == 0
    for option in ("--page", "--pages", "--png", "--out", "--html", "--json", "--scale", "--password"):
        assert option in result.stdout
    assert "Examples:" in result.stdout
