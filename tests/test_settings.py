"""Each part's tolerances live in one settings object that a caller can vary."""

from dataclasses import fields, replace
from pathlib import Path

import pytest

from juesuan_extract.narrative import settings as narrative_settings
from juesuan_extract.page import settings as page_settings
from juesuan_extract.pipeline import Settings, read_document
from juesuan_extract.read import settings as read_settings
from juesuan_extract.tables import settings as table_settings

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "pdfs" / "changji-kexie-2023-word.pdf"
PARTS = (read_settings, page_settings, table_settings, narrative_settings)


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.__name__)
def test_every_tolerance_has_a_documented_default(part):
    source = Path(part.__file__).read_text(encoding="utf-8").splitlines()
    for f in fields(part.DEFAULTS):
        line = next(i for i, text in enumerate(source) if text.strip().startswith(f"{f.name}:"))
        # the comment above the field, or above the run of fields it opens
        above = line - 1
        while not source[above].strip().startswith("#"):
            above -= 1
        assert not source[above].strip().startswith("# ---"), \
            f"{part.__name__}.{f.name} has no comment saying why its default"


def test_using_applies_within_the_block_only():
    wide = replace(page_settings.DEFAULTS, space_gap=9.0)
    with page_settings.using(wide):
        assert page_settings.current().space_gap == 9.0
    assert page_settings.current() == page_settings.DEFAULTS


def test_changed_settings_change_what_is_read():
    """Paragraphs open where a line is indented by more than ``indent`` font
    sizes: with an indent no line reaches, the narrative's sections still come
    from headings, but their text is one paragraph each (no line breaks)."""
    default = read_document(FIXTURE).result
    wide = Settings(narrative=replace(narrative_settings.DEFAULTS, indent=50.0))
    changed = read_document(FIXTURE, settings=wide).result
    assert any("\n" in s.text for s in default.sections)
    assert [s.text for s in changed.sections] != [s.text for s in default.sections]
    assert narrative_settings.current() == narrative_settings.DEFAULTS
