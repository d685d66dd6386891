"""`juesuan inspect --html`: the review report, read as files and in a real browser.

The browser test drives Debian's chromium through chromedriver with Selenium;
it never downloads a browser or a driver. Where they are missing it is
skipped, except in CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import FIXTURES
from juesuan_extract.inspect import cli as inspect_cli
from juesuan_extract.inspect.html_report import write_report
from juesuan_extract.inspect.marks import indicator_boxes
from juesuan_extract.output.records import cell_value
from test_inspect_map import inspected

WORD = FIXTURES / "changji-kexie-2023-word.pdf"
SHUIWU = FIXTURES / "statements-shuiwu-rects.pdf"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def word_report(tmp_path_factory):
    ins = inspected(WORD)
    out = tmp_path_factory.mktemp("report-word")
    return ins, write_report(ins, WORD, out)


@pytest.fixture(scope="module")
def statement_report(tmp_path_factory):
    ins = inspected(SHUIWU)
    out = tmp_path_factory.mktemp("report-shuiwu")
    return ins, write_report(ins, SHUIWU, out, pages=[2, 3, 4, 5])


def _sections(html: str) -> dict[int, str]:
    parts = re.split(r'(?=<section class="page" id="page-\d+")', html)
    return {int(re.match(r'<section class="page" id="page-(\d+)"', p).group(1)): p
            for p in parts if p.startswith("<section")}


def test_report_is_self_contained(word_report):
    ins, index = word_report
    html = index.read_text(encoding="utf-8")
    assert not re.search(r"(?i)(https?:)?//[a-z0-9]", re.sub(r"<script>.*?</script>", "", html, flags=re.S))
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    sources = re.findall(r'<img src="([^"]+)"', html)
    assert len(sources) == ins.result.pages == 34
    for src in sources:
        assert not src.startswith(("/", "http", "data:")) and (index.parent / src).is_file(), src


def test_report_shows_each_page_beside_its_rows(word_report):
    ins, index = word_report
    sections = _sections(index.read_text(encoding="utf-8"))
    assert sorted(sections) == list(range(1, 35))
    for ev in ins.result.evaluation_tables:
        for row in ev.funds:
            assert f">{cell_value(row.source)}</td>" in sections[row.page], (ev.table_seq, row.seq)
        for ind in ev.indicators:
            for page in range(ind.page_start, ind.page_end + 1):
                assert re.search(rf"<td>{ind.seq}(<span|</td>)", sections[page]), (ev.table_seq, ind.seq)
                assert f">{cell_value(ind.score)}</td>" in sections[page]
    assert '<span class="badge">from p14</span>' in sections[15]
    assert '<span class="badge">continues p15</span>' in sections[14]


def test_statement_report_holds_every_value_with_its_box(statement_report):
    ins, index = statement_report
    sections = _sections(index.read_text(encoding="utf-8"))
    assert sorted(sections) == [2, 3, 4, 5]
    values = [v for st in ins.result.statements for v in st.values if v.page in sections]
    assert len(values) > 100
    for v in values:
        assert re.search(rf'<td class="num" data-box="[\d. ;]+">{re.escape(cell_value(v.value))}</td>',
                         sections[v.page]), (v.page, v.name, v.column, v.value)


def test_cli_writes_the_report(tmp_path):
    app = typer.Typer(add_completion=False, rich_markup_mode=None)
    app.callback()(lambda: None)
    app.command()(inspect_cli.inspect)
    result = CliRunner().invoke(app, ["inspect", str(SHUIWU), "--html", str(tmp_path / "r"),
                                      "--pages", "2-3", "--scale", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "r" / "index.html")
    assert sorted(p.name for p in (tmp_path / "r" / "pages").iterdir()) == ["page-002.png", "page-003.png"]


def _browser(monkeypatch):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package")
    if missing:
        message = f"{', '.join(missing)} absent: apt-get install chromium chromium-driver; pip install selenium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must not look for drivers online
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="juesuan-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # to list every request
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    return driver, profile


def _wait(condition, timeout: float = 10.0):
    end = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.05)


@pytest.mark.slow
def test_report_in_a_headless_browser(word_report, monkeypatch):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    ins, index = word_report
    driver, profile = _browser(monkeypatch)
    try:
        driver.get(index.as_uri())
        assert "昌吉回族自治州科学技术协会" in driver.title

        # click to page 15 in the page bar
        driver.find_element(By.CSS_SELECTOR, 'nav.pages a[href="#page-15"]').click()
        assert _wait(lambda: driver.execute_script("return location.hash") == "#page-15")
        section = driver.find_element(By.ID, "page-15")
        image = section.find_element(By.CSS_SELECTOR, "figure.scan img")
        assert _wait(lambda: driver.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", image)), "page image not loaded"

        # the rest of a 偏差原因 split by the page break, next to the page image
        cell = next(td for td in section.find_elements(By.CSS_SELECTOR, "td[data-box]")
                    if "结转资金中只奖补5个科普先进集体" in td.text)
        img_rect, cell_rect = image.rect, cell.rect
        assert img_rect["x"] + img_rect["width"] <= cell_rect["x"], "the rows stand beside the image"
        shown = driver.execute_script(  # the link brought the page's image into view
            "var r = arguments[0].getBoundingClientRect(); return r.top < window.innerHeight && r.bottom > 0",
            image)
        assert shown

        # pointing at the value outlines its cells on the image: the top of page 15
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
        cell.click()
        boxes = _wait(lambda: section.find_elements(By.CSS_SELECTOR, ".frame .hl"))
        assert boxes, "no outline drawn on the image"
        frame = section.find_element(By.CSS_SELECTOR, ".frame").rect
        for hl in boxes:
            r = hl.rect
            assert frame["x"] - 1 <= r["x"] and r["x"] + r["width"] <= frame["x"] + frame["width"] + 1
            assert frame["y"] - 1 <= r["y"] and r["y"] + r["height"] <= frame["y"] + frame["height"] + 1
        table = ins.tables[1]
        reason = indicator_boxes(table, table.evaluation.indicators[0], 15)
        expected = min(b.top for b in reason["deviation_reason"]) / ins.layouts[15].height
        top_share = (min(hl.rect["y"] for hl in boxes) - frame["y"]) / frame["height"]
        assert abs(top_share - expected) < 0.01, (top_share, expected)

        # go to a page by number
        box = driver.find_element(By.CSS_SELECTOR, "#goto input")
        box.send_keys("30", Keys.ENTER)
        assert _wait(lambda: driver.execute_script("return location.hash") == "#page-30")
        section = driver.find_element(By.ID, "page-30")
        assert "总分" in section.text and "100" in section.text

        # nothing was asked of the network: every request the page made was for a file
        requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        sent = [m["params"] for m in requests if m["method"] == "Network.requestWillBeSent"]
        ours = [p["request"]["url"] for p in sent if p.get("documentURL", "").startswith(index.as_uri())]
        assert any(u.endswith("pages/page-015.png") for u in ours), ours
        assert all(u.startswith("file://") for u in ours), ours
        online = [p["request"]["url"] for p in sent if p["request"]["url"].startswith(("http", "ws", "ftp"))]
        assert not online, online
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
