"""Any name a file system allows works in every command and every output: names
with control characters, quotes, escape sequences, bytes that are not UTF-8,
81 CJK characters, a stem of two dots; and every entry of a folder that is not
read (a dangling link, a named pipe, a link leading out) says why.

The names are built at test time (fixtures/hostile/generated.py).
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from hostile_inputs import generated
from juesuan_extract.cli import app

PDF = ROOT / "fixtures" / "hostile" / "not-juesuan.pdf"  # one page of text, read at once
NAMES = generated.hostile_names()
# what a terminal acts upon: C0 and C1 controls but the line end, DEL, bidi overrides
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
runner = CliRunner()


def named(folder: Path, what: str) -> Path:
    """The PDF under the name ``what``, with bytes of its own (a comment after %%EOF)."""
    folder.mkdir(parents=True, exist_ok=True)
    return generated.write_named(folder, NAMES[what], PDF.read_bytes() + f"\n% {what}\n".encode())


def run(*args: object):
    return runner.invoke(app, [os.fspath(a) for a in args])


def inside(folder: Path, paths: list[Path]) -> bool:
    root = folder.resolve()
    return all(p.resolve().is_relative_to(root) for p in paths)


@pytest.mark.parametrize("what", sorted(NAMES))
def test_extract_writes_every_format_for_any_name(tmp_path, what):
    pdf = named(tmp_path / "in", what)
    out = tmp_path / "out"
    for fmt in ("json", "xlsx", "csv"):
        result = run("extract", pdf, "--format", fmt, "--out", out)
        assert result.exit_code == 0, (fmt, result.output)
        assert not _CONTROL.search(result.stdout + result.stderr), (fmt, result.output)
    written = list(out.iterdir())
    assert len([p for p in written if p.suffix == ".json"]) == 1
    assert len([p for p in written if p.suffix == ".xlsx"]) == 1
    assert all(len(os.fsencode(p.name)) <= 200 for p in written)
    with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
        [document] = list(csv.DictReader(fh))
    assert document["file"] and not _CONTROL.search(document["file"])


def test_names_that_read_alike_get_outputs_of_their_own(tmp_path):
    out = tmp_path / "out"
    for what in ("gbk", "utf-8 twin of the gbk one"):
        result = run("extract", named(tmp_path / "in", what), "--format", "json", "--out", out)
        assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.json"))) == 2
    assert {p.name for p in out.glob("*.json")} >= {"部门决算.json"}


def test_a_stem_of_two_dots_never_writes_outside_the_output_folder(tmp_path, monkeypatch):
    pdf = named(tmp_path / "in", "stem of two dots")
    work = tmp_path / "work" / "here"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = run("extract", pdf)
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    assert written and inside(work, written)
    assert not list((tmp_path / "work").glob("*.csv"))


def test_inspect_writes_the_report_for_a_name_that_is_not_utf8(tmp_path):
    pdf = named(tmp_path / "in", "gbk")
    result = run("inspect", pdf, "--html", tmp_path / "review")
    assert result.exit_code == 0, result.output
    assert "部门决算.pdf" in (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    result = run("inspect", named(tmp_path / "in", "escape sequence"))
    assert result.exit_code == 0 and not _CONTROL.search(result.stdout + result.stderr)


# --- the batch ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Every hostile name, and the entries a folder holds that are not files."""
    base = tmp_path_factory.mktemp("names")
    in_dir = base / "in"
    for what in NAMES:
        named(in_dir, what)
    outside = base / "elsewhere.pdf"
    outside.write_bytes(PDF.read_bytes() + b"\n% outside\n")
    (in_dir / "outside link.pdf").symlink_to(outside)
    (in_dir / "dangling.pdf").symlink_to(base / "gone.pdf")
    os.mkfifo(in_dir / "pipe.pdf")
    (base / "other").mkdir()
    (in_dir / "folder link").symlink_to(base / "other")
    (in_dir / "inside link.pdf").symlink_to(in_dir / "a\rb.pdf")
    return in_dir


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_batch_reads_every_name_and_says_why_an_entry_is_not_read(folder, tmp_path):
    out = tmp_path / "out"
    result = run("batch", folder, "--out", out, "--format", "csv,sqlite", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert not _CONTROL.search(result.stdout + result.stderr)
    files = {row["path"]: row for row in read_rows(out / "files.csv")}
    assert len(files) == len(NAMES) + 5, sorted(files)
    assert all(not _CONTROL.search(path) for path in files)
    read = [row for row in files.values() if row["status"] == "ok"]
    assert len(read) == len(NAMES)  # the hidden one left, the link inside the folder added
    skipped = {path: row["reason"] for path, row in files.items() if row["status"] == "skipped"}
    assert set(skipped) == {"outside link.pdf", "dangling.pdf", "pipe.pdf", "folder link",
                            "...pdf"}
    assert "hidden file" in skipped["...pdf"]
    assert "outside the input folder" in skipped["outside link.pdf"]
    assert "--follow-links" in skipped["outside link.pdf"]
    assert "does not exist" in skipped["dangling.pdf"]
    assert "named pipe" in skipped["pipe.pdf"]
    assert "to the folder" in skipped["folder link"]
    documents = read_rows(out / "documents.csv")
    assert len({row["file"] for row in documents}) == len(documents) == len(NAMES) - 1
    assert "a\\rb.pdf" in files and "tab\\tname.pdf" in files
    assert len([p for p in files if p.startswith("部门决算")]) == 2  # told apart


def test_links_leading_out_are_read_with_follow_links(folder, tmp_path):
    out = tmp_path / "out"
    result = run("batch", folder, "--out", out, "--format", "csv", "--follow-links")
    assert result.exit_code == 0, result.output
    files = {row["path"]: row for row in read_rows(out / "files.csv")}
    assert files["outside link.pdf"]["status"] == "ok"
    assert files["dangling.pdf"]["status"] == "skipped"
