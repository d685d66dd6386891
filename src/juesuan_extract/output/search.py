"""What the full-text search indexes: a normalised copy of the text.

Documents print the same words in several ways: “三公”经费 and "三公"经费 and
三公经费, 100％ and 100%, （一） and (一), with stray spaces between characters.
The search index holds the text folded by :func:`search_text` (compatibility
forms to their plain form, full-width to half-width, case, and quotes and
spaces removed), so a search for 三公经费 finds every one of them. Queries go
through the same function (the database has it as ``search_text()`` only
while it is built, so write queries folded: without quotes or spaces).
"""

from __future__ import annotations

import re
import unicodedata

# Columns searched, per table; each table gets an FTS5 table ``<table>_fts``.
FULL_TEXT: dict[str, tuple[str, ...]] = {
    "sections": ("heading", "text"),
    "facts": ("sentence", "reason"),
    "evaluation_indicators": ("deviation_reason",),
    "checks": ("scope", "message"),
}

# Quotation marks of every script, and any white space.
_DROPPED = re.compile(r"[\"'“”‘’「」『』〝〞〟‹›«»\s]+")


def search_text(text: str | None) -> str:
    """``text`` as the search index holds it: NFKC-folded, lower case, without
    quotation marks or white space. Idempotent."""
    if not text:
        return ""
    folded = _fold(text)
    for _ in range(3):  # case folding or a dropped quote can leave letters to compose again
        again = _fold(folded)
        if again == folded:
            break
        folded = again
    return folded


def _fold(text: str) -> str:
    return _DROPPED.sub("", unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()))
