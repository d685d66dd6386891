"""The consistency report on real documents: every failure and rounding
difference it finds is listed, with its pages, in golden/…/checks.csv,
written by hand from the pages; nothing else may fail."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import CORPUS, GOLDEN, SEED_VARIANTS, require_shared
from golden import read_csv

FINDINGS = ("fail", "rounding")


def _found(doc, with_pages: bool) -> Counter:
    return Counter((c.check_id, c.status, ";".join(map(str, c.pages)) if with_pages else "")
                   for c in doc.checks if c.status in FINDINGS)


def _expected(path, with_pages: bool) -> Counter:
    return Counter((r["check_id"], r["status"], r["pages"] if with_pages else "") for r in read_csv(path))


@pytest.mark.parametrize("stem", ["caizhengju-2024-with-errors", "shehuigongzuobu-2024"])
def test_corpus_findings_are_exactly_the_real_ones(stem, extracted):
    doc = extracted(require_shared(CORPUS / f"{stem}.pdf"))
    found, expected = _found(doc, True), _expected(GOLDEN / "corpus" / stem / "checks.csv", True)
    assert found == expected, (f"missing: {dict(expected - found)}\nunexpected: {dict(found - expected)}\n"
                               + "\n".join(f"{c.status} {c.check_id} p.{c.pages} {c.scope}: {c.message}"
                                           for c in doc.checks if c.status in FINDINGS))


@pytest.mark.parametrize("pdf", SEED_VARIANTS, ids=lambda p: p.stem)
def test_seed_document_is_consistent(pdf, extracted):
    # page numbers differ between the variants: compare kinds only
    doc = extracted(pdf)
    assert _found(doc, False) == _expected(GOLDEN / "changji-kexie-2023" / "checks.csv", False)
    assert sum(c.status == "pass" for c in doc.checks) > 50
