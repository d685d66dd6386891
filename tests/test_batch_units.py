"""The parts of a batch one at a time: finding files, writing tables of any
shape, progress lines, renaming a kept result."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from concurrent.futures import Future
from pathlib import Path

import pyarrow.parquet as pq

from juesuan_extract.batch.discover import identify, walk
from juesuan_extract.batch.executors import windowed
from juesuan_extract.batch.outcome import DocumentOutcome, Task
from juesuan_extract.batch.progress import Progress, clock_text
from juesuan_extract.batch.run import Content, aligned_rows, group_contents, renamed, stale
from juesuan_extract.batch.state import KnownResult
from juesuan_extract.output.datasets import DatasetWriter, column_type
from juesuan_extract.output.staging import StagedFiles
from test_batch_helpers import read_csv

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def test_files_are_found_by_content_and_reported_by_name(tmp_path):
    (tmp_path / "a" / ".git").mkdir(parents=True)
    (tmp_path / "a" / "report.PDF").write_bytes(PDF)
    (tmp_path / "a" / "getfile.do").write_bytes(b"junk before " + PDF)
    (tmp_path / "a" / ".git" / "x.pdf").write_bytes(PDF)
    (tmp_path / "page.pdf").write_bytes(b"<html>login</html>")
    (tmp_path / "readme.txt").write_text("notes")
    (tmp_path / "out" ).mkdir()
    (tmp_path / "out" / "inside.pdf").write_bytes(PDF)
    files = identify(walk(tmp_path, exclude=tmp_path / "out"), {})
    found = {f.name: (f.is_pdf, f.candidate, bool(f.sha256)) for f in files}
    assert found == {
        "a/.git": (False, False, False),  # listed, not looked into
        "a/getfile.do": (True, True, True),
        "a/report.PDF": (True, True, True),
        "page.pdf": (False, True, True),  # named .pdf: tried, to say why it failed
        "readme.txt": (False, False, False),  # skipped unread
    }


def test_unchanged_files_are_not_read_again(tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    first = identify(walk(tmp_path), {})
    from juesuan_extract.batch.discover import hash_cache

    cache = hash_cache(first)
    cache["a.pdf"] = type(cache["a.pdf"])(first[0].size, first[0].mtime_ns, "cached", True)
    assert identify(walk(tmp_path), cache)[0].sha256 == "cached"
    (tmp_path / "a.pdf").write_bytes(PDF + b"more")
    assert identify(walk(tmp_path), cache)[0].sha256 not in ("cached", first[0].sha256)


def test_copies_are_one_content_and_only_missing_or_outdated_results_are_redone(tmp_path):
    for name in ("b.pdf", "a/copy.pdf", "c.pdf"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(PDF if name != "c.pdf" else PDF + b"c")
    contents = group_contents(identify(walk(tmp_path), {}))
    assert [[f.name for f in c.files] for c in contents] == [["a/copy.pdf", "b.pdf"], ["c.pdf"]]
    first, second = contents
    known = {first.sha256: KnownResult("new", "ok"), second.sha256: KnownResult("old", "ok")}
    assert stale(contents, known, "new", retry_failed=False) == [second]
    known[second.sha256] = KnownResult("new", "failed")
    assert stale(contents, known, "new", retry_failed=False) == []
    assert stale(contents, known, "new", retry_failed=True) == [second]


def outcome(name: str = "old.pdf", error: str = "") -> DocumentOutcome:
    body = {"file": name, "status": "failed" if error else "ok", "error": error, "n": 1.5}
    return DocumentOutcome(
        sha256="ab" * 32, name=name, fingerprint="f", status=body["status"], error_code="",
        error=error, pages=1, columns={"documents": ["doc_id", "file", "error"],
                                       "sections": ["doc_id", "seq"]},
        rows={"documents": [["abababababababab", name, error]], "sections": [["abababababababab", "1"]]},
        document=json.dumps(body, ensure_ascii=False, indent=1),
    )


def test_a_kept_result_takes_the_files_new_name():
    moved = renamed(outcome("old.pdf", "old.pdf: the file is empty"), "new/name.pdf")
    assert moved.rows["documents"] == [["abababababababab", "new/name.pdf",
                                        "new/name.pdf: the file is empty"]]
    assert json.loads(moved.document) == {"file": "new/name.pdf", "status": "failed",
                                          "error": "new/name.pdf: the file is empty", "n": 1.5}
    assert renamed(moved, "new/name.pdf") is moved


def test_rows_of_older_results_are_aligned_to_the_current_columns():
    columns = {"documents": ("doc_id", "file", "error"), "sections": ("doc_id", "level", "seq")}
    rows = dict(aligned_rows(outcome(), columns))
    assert rows["sections"] == [["abababababababab", "", "1"]]
    assert rows["documents"] == [["abababababababab", "old.pdf", ""]]


def test_any_table_flows_into_every_format_with_declared_types(tmp_path):
    tables = {
        "documents": ("doc_id", "file", "pages"),
        "brand_new": ("doc_id", "code", "seq", "amount", "page"),
    }
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["csv", "sqlite", "parquet"]) as w:
        w.add("documents", [["d1", "a.pdf", "3"]])
        w.add("brand_new", [["d1", "0101", "1", "10.00", "2"], ["d1", "02", "2", "", "x"]])
        reports = {r.name: r for r in w.finish()}
    assert reports["brand_new"].rows == 2 and reports["brand_new"].demoted == {"page": "x"}
    assert read_csv(tmp_path / "brand_new.csv")[0] == {
        "doc_id": "d1", "code": "0101", "seq": "1", "amount": "10.00", "page": "2"}
    con = sqlite3.connect(tmp_path / "juesuan.db")
    types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(brand_new)")}
    assert types == {"doc_id": "TEXT", "code": "TEXT", "seq": "INTEGER", "amount": "TEXT",
                     "page": "TEXT"}  # amount: not declared; page: holds 'x'
    assert con.execute("SELECT code, seq FROM brand_new").fetchall() == [("0101", 1), ("02", 2)]
    parquet = pq.read_table(tmp_path / "parquet" / "brand_new.parquet")
    assert parquet.column("code").to_pylist() == ["0101", "02"]
    assert str(parquet.schema.field("seq").type) == "int64"
    assert not list((tmp_path / "tmp").iterdir())  # nothing left behind


def test_a_cell_longer_than_the_csv_module_allows_by_default(tmp_path):
    # a page printing 240,000 characters makes a section text that long
    tables = {"sections": ("doc_id", "text")}
    text = "长" * 200_000
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["csv", "sqlite", "parquet"]) as w:
        w.add("sections", [["d1", text]])
        w.finish()
    con = sqlite3.connect(tmp_path / "juesuan.db")
    assert con.execute("SELECT length(text) FROM sections").fetchone() == (200_000,)
    assert pq.read_table(tmp_path / "parquet" / "sections.parquet").column("text").to_pylist() == [text]


def test_declared_types():
    assert column_type("evaluation_funds", "executed") == "REAL"
    assert column_type("sections", "level") == "INTEGER"
    assert column_type("statement_rows", "level") == "TEXT"  # 类 / 款 / 项
    assert column_type("statement_rows", "code") == "TEXT"
    assert column_type("anything", "not_declared") == "TEXT"


def test_staged_files_replace_all_or_nothing(tmp_path):
    (tmp_path / "tmp").mkdir()
    (tmp_path / "a.txt").write_text("old a")
    try:
        with StagedFiles(tmp_path / "tmp") as staged:
            staged.new(tmp_path / "a.txt").write_text("new a")
            raise RuntimeError("stopped before the commit")
    except RuntimeError:
        pass
    assert (tmp_path / "a.txt").read_text() == "old a" and not list((tmp_path / "tmp").iterdir())
    with StagedFiles(tmp_path / "tmp") as staged:
        staged.new(tmp_path / "a.txt").write_text("new a")
        staged.new(tmp_path / "sub" / "b.txt").write_text("new b")
        staged.commit()
    assert (tmp_path / "a.txt").read_text() == "new a"
    assert (tmp_path / "sub" / "b.txt").read_text() == "new b"


def test_plain_progress_lines_give_rate_and_time_left():
    now = [0.0]
    log = io.StringIO()
    progress = Progress(files=2, total_bytes=300, stream=log, live=False, clock=lambda: now[0])
    hook = progress.page_hook("a.pdf")
    hook(1, 10)
    now[0] = 2.0
    progress.file_done("a.pdf", 100, "ok", 10, 2.0)
    now[0] = 3.0
    progress.file_done("b.pdf", 200, "failed", 0, 0.1, "b.pdf: the file is empty")
    lines = log.getvalue().splitlines()
    assert lines[0] == "[1/2] a.pdf: ok, 10 pages, 2.0 s | 5.0 pages/s, ETA 0:00:04"
    assert lines[1].startswith("[2/2] b.pdf: failed: b.pdf: the file is empty | ")
    assert lines[1].endswith("1 failed")
    assert clock_text(3725) == "1:02:05" and clock_text(None) == "--:--"


def test_the_live_bar_redraws_one_line():
    log = io.StringIO()
    progress = Progress(files=1, total_bytes=100, stream=log, live=True)
    progress.file_done("a.pdf", 100, "ok", 3, 1.0)
    progress.close()
    text = log.getvalue()
    assert "\r" in text and "[" + "#" * 24 + "] 1/1 files" in text and "\n" not in text


def test_a_window_keeps_few_tasks_in_flight():
    submitted: list[Future] = []

    def submit(task: Task) -> Future:
        future: Future = Future()
        future.set_result(outcome(task.name))
        submitted.append(future)
        return future

    in_flight = []

    def wait_first(futures):
        in_flight.append(len(futures))
        return futures[:1]

    tasks = [Task(f"{i}.pdf", f"{i}.pdf", "") for i in range(7)]
    names = [t.name for t, _ in windowed(submit, wait_first, tasks, 3, None)]
    assert sorted(names) == sorted(t.name for t in tasks) and max(in_flight) == 3


def test_content_names_the_document_after_its_first_file():
    from juesuan_extract.batch.discover import InputFile

    files = (InputFile(Path("/x/a.pdf"), "a.pdf", 1, 0), InputFile(Path("/x/b.pdf"), "b.pdf", 1, 0))
    assert Content("cd" * 32, files).name == "a.pdf"
    assert Content("cd" * 32, files).doc_id == "cd" * 8


def test_renaming_touches_the_file_name_only():
    from juesuan_extract.batch.run import rename_in

    assert rename_in("a.pdf", "a.pdf", "b.pdf") == "b.pdf"
    assert rename_in("a.pdf: the file is empty", "a.pdf", "x/b.pdf") == "x/b.pdf: the file is empty"
    assert rename_in("data.pdf: cut; a.pdf: empty", "a.pdf", "b.pdf") == "data.pdf: cut; b.pdf: empty"
    assert rename_in("see a.pdf: here", "a.pdf", "b.pdf") == "see a.pdf: here"


def test_names_that_are_not_utf8_are_read_as_gb18030(tmp_path):
    import os

    from juesuan_extract.batch.discover import readable_name

    raw = "部门决算.pdf".encode("gb18030")
    (tmp_path / os.fsdecode(raw)).write_bytes(PDF)
    [found] = walk(tmp_path)
    assert found.name == "部门决算.pdf" and found.path.exists() and found.raw_name == raw
    assert readable_name("正常.pdf") == "正常.pdf"
    (tmp_path / "部门决算.pdf").write_bytes(PDF)  # its UTF-8 twin: both read, told apart
    names = sorted(f.name for f in walk(tmp_path))
    assert names[0] == "部门决算.pdf" and re.fullmatch(r"部门决算~[0-9a-f]{8}\.pdf", names[1])


def test_a_pdf_over_the_size_limit_is_not_hashed(tmp_path):
    from juesuan_extract.limits import Limits

    (tmp_path / "big.pdf").write_bytes(PDF + b" " * 4096)
    [found] = identify(walk(tmp_path), {}, Limits(max_file_mb=0.001))
    assert found.error_code == "too_large" and found.sha256 == "" and found.refused
    assert "more than the limit of 0.001 MB" in found.error


def test_the_code_fingerprint_covers_the_extractor_only():
    import juesuan_extract
    from juesuan_extract.batch.outcome import extractor_sources

    sources = extractor_sources(Path(juesuan_extract.__file__).parent)
    assert {"pipeline.py", "read/ingest.py", "output/records.py", "output/writers.py",
            "checks/narrative.py"} <= set(sources)
    assert not [s for s in sources
                if s.startswith(("batch/", "output/datasets", "inspect/")) or s.endswith("cli.py")]


def test_units_and_series_are_tables_of_every_format(tmp_path):
    """Across documents, units and series are written like the others: a CSV for Excel,
    a sheet, Parquet and the database hold the same rows."""
    from juesuan_extract.output.across import DOCUMENT_COLUMNS

    documents = [["d1", "a.pdf", "江苏省委办公厅", "", "2018", "部门预算", "", ""],
                 ["d2", "b.pdf", "中共江苏省委办公厅", "", "2019", "部门预算", "", ""]]
    tables = {"documents": DOCUMENT_COLUMNS, "summary": ("doc_id",)}
    (tmp_path / "tmp").mkdir()
    with DatasetWriter(tmp_path, tmp_path / "tmp", tables, ["csv", "sqlite", "parquet", "xlsx"]) as w:
        w.add("documents", documents)
        w.add("summary", [["d1"], ["d2"]])
        reports = {r.name: r for r in w.finish()}
    assert reports["units"].rows == 1  # one office, two names
    unit = read_csv(tmp_path / "units.csv")[0]
    assert unit["unit_name"] == "中共江苏省委办公厅" and unit["years"] == "2018;2019"
    con = sqlite3.connect(tmp_path / "juesuan.db")
    assert con.execute("SELECT unit_id FROM units").fetchall() == [(unit["unit_id"],)]
    assert pq.read_table(tmp_path / "parquet" / "units.parquet").column("unit_id").to_pylist() == [
        unit["unit_id"]]
    assert (tmp_path / "series.csv").exists() and (tmp_path / "parquet" / "series.parquet").exists()
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "juesuan.xlsx", read_only=True)
    assert {"units", "series"} <= set(book.sheetnames)
