"""What the full-text search indexes: every word of the text, however short.

Documents print the same words in several ways: “三公”经费 and "三公"经费 and
三公经费, 100％ and 100%, （一） and (一), with stray spaces between characters.
The index holds the text folded by :func:`search_text` (compatibility forms to
their plain form, full-width to half-width, case, and quotes and spaces
removed), so a search for 三公经费 finds every one of them.

Chinese has no spaces between words, and most words have two characters
(三公, 偏差, 预算). SQLite's tokenizers cannot cut Chinese into words: the
``unicode61`` tokenizer takes a whole clause (everything between two
punctuation marks) as one token, and the ``trigram`` tokenizer finds nothing
shorter than three characters. So the index is given, for every clause, the
clause itself and every run of up to :data:`MAX_WORD` characters inside it
that cuts no number or Latin word (:func:`search_tokens`), each as a token of
its own; a query (one word, as
typed into Datasette's search box, or several separated by spaces) is one
token that the ``unicode61`` tokenizer finds among them. The clause is given
first and last, so a phrase of two clauses ("3,580.05") still finds its two
tokens side by side. Queries go through no folding (the database has
``search_text()`` only while it is built): write them folded, without quotes
or spaces inside a word.
"""

from __future__ import annotations

import re
import unicodedata

# Columns searched, per table; each table gets an FTS5 table ``<table>_fts``.
FULL_TEXT: dict[str, tuple[str, ...]] = {
    "sections": ("heading", "text"),
    "facts": ("sentence", "reason"),
    "evaluation_indicators": ("deviation_reason",),
    "statement_texts": ("name", "text"),
    "checks": ("scope", "message"),
}

# The FTS5 tokenizer of those tables. Besides letters and digits it keeps '.' and
# '%' inside a token, so that 3580.05 and 100% are each one word, in the query as
# in the index.
TOKEN_PUNCTUATION = ".%"
TOKENIZER = f"unicode61 tokenchars '{TOKEN_PUNCTUATION}'"
# The longest word found as one token: longer phrases are found word by word
# (several words separated by spaces must all occur). Twelve characters hold the
# longest names searched for (一般公共预算财政拨款, 机关运行经费支出); the index grows
# with this number.
MAX_WORD = 12

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


def _token_character(ch: str) -> bool:
    """Whether the ``unicode61`` tokenizer keeps ``ch`` inside a token: letters,
    digits and private-use characters (its default categories L*, N*, Co) and
    the token punctuation."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co" or ch in TOKEN_PUNCTUATION


def clauses(text: str) -> list[str]:
    """The runs of token characters of ``text``, as the tokenizer cuts them."""
    runs: list[str] = []
    start = None
    for i, ch in enumerate(text):
        if _token_character(ch):
            if start is None:
                start = i
        elif start is not None:
            runs.append(text[start:i])
            start = None
    if start is not None:
        runs.append(text[start:])
    return runs


def _bounds(clause: str) -> tuple[list[int], list[int]]:
    """Where a word of ``clause`` may start and end: anywhere among Chinese characters,
    but a run of ASCII letters, digits and token punctuation (3580.05, 2024, ABC) is
    taken whole: searching for part of a number finds nothing worth finding, and its
    pieces would make the index several times larger."""
    whole = [ch.isascii() and (ch.isalnum() or ch in TOKEN_PUNCTUATION) for ch in clause]
    n = len(clause)
    starts = [i for i in range(n) if not (whole[i] and i > 0 and whole[i - 1])]
    ends = [j for j in range(1, n + 1) if not (whole[j - 1] and j < n and whole[j])]
    return starts, ends


def search_tokens(text: str | None) -> str:
    """What the index is given for ``text``: for each clause of the folded text,
    the clause, every run of 1 to :data:`MAX_WORD` of its characters that cuts
    no number or Latin word (each once), and the clause again, separated by
    spaces."""
    tokens: list[str] = []
    for clause in clauses(search_text(text)):
        starts, ends = _bounds(clause)
        n = len(clause)
        inner = dict.fromkeys(clause[i:j] for i in starts for j in ends
                              if i < j <= i + MAX_WORD and j - i < n)
        tokens.append(clause)
        if inner:
            tokens += inner
            tokens.append(clause)
    return " ".join(tokens)
