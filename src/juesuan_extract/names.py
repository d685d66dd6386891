"""File names as text, and the names of the files written for them.

A file system allows any bytes in a name but ``/`` and NUL: carriage returns,
escape sequences, names that are not UTF-8 (zip files made on a Chinese
Windows machine keep their GBK names), names longer than the outputs derived
from them may be. Python hands such names over as ``str`` with the undecodable
bytes smuggled in as surrogates, which no file format and no terminal takes.

:func:`shown` is the one readable form of a name: what messages, the terminal
and every output table say. It is text without control characters, so a CSV
row or a log line cannot be broken or recoloured by it; the bytes it stands
for are kept by whoever opens the file (the ``Path`` itself).

:func:`output_stem` is the name of the files written for an input: readable,
short enough for any file system, never ``.`` or ``..``, and distinct for
names whose readable forms coincide.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

# Characters written as escapes: C0 and C1 controls, DEL, and the invisible
# format characters that reorder or hide text (bidirectional overrides, zero
# width joiners, the BOM), which a terminal or a spreadsheet would act upon.
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# An output file's name (without its suffix) in UTF-8 bytes: room for the
# suffix and for the temporary name it is written under first, within the
# 255 bytes a name may take on common file systems.
MAX_STEM_BYTES = 150
HASH_DIGITS = 8
# The stem of an input whose name leaves nothing usable (``.pdf``, ``...pdf``).
FALLBACK_STEM = "document"


def _escaped(ch: str) -> str:
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as Python smuggles it in
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _needs_escape(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs")


def _decoded(raw: bytes) -> str:
    """The bytes of one path component as text: UTF-8, else GB18030 (the
    Chinese Windows code page, a superset of GBK), else UTF-8 with the
    undecodable bytes kept as surrogates (escaped by :func:`shown`)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "surrogateescape")


def _bytes(name: str | os.PathLike[str] | bytes) -> bytes:
    if isinstance(name, bytes):
        return name
    text = os.fspath(name)
    if isinstance(text, bytes):
        return text
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return text.encode("utf-8", "surrogatepass")


def shown(name: str | os.PathLike[str] | bytes) -> str:
    """The readable form of a file name or path: every component decoded
    (UTF-8, else GB18030), then every control or invisible format character
    and every byte that is no character written as an escape (``\\r``,
    ``\\x1b``, ``\\u202e``, ``\\xb1``)."""
    raw = _bytes(name)
    text = "/".join(_decoded(part) for part in raw.split(b"/"))
    if not any(_needs_escape(ch) for ch in text):
        return text
    return "".join(_escaped(ch) if _needs_escape(ch) else ch for ch in text)


def is_plain(name: str | os.PathLike[str] | bytes) -> bool:
    """Whether the name is UTF-8 and shown as it is."""
    raw = _bytes(name)
    try:
        return shown(raw) == raw.decode("utf-8")
    except UnicodeDecodeError:
        return False


def name_hash(name: str | os.PathLike[str] | bytes) -> str:
    """A few hex digits of the SHA-256 of the name's bytes."""
    return hashlib.sha256(_bytes(name)).hexdigest()[:HASH_DIGITS]


def output_stem(path: str | os.PathLike[str]) -> str:
    """The name (without suffix) of the files written for the input ``path``:
    its readable stem, with the hash of its bytes added when the readable form
    is not the name itself (so that two names shown alike get two stems) or
    when the stem had to be shortened; ``document-<hash>`` when the stem is
    empty, ``.`` or ``..``."""
    base = os.path.basename(_bytes(path))
    stem_bytes = base[:-4] if base.lower().endswith(b".pdf") else os.path.splitext(base)[0]
    stem = shown(stem_bytes).replace("\\", "_").replace("/", "_")
    digest = name_hash(base)
    if not stem.strip(". "):
        return f"{FALLBACK_STEM}-{digest}"
    if not is_plain(stem_bytes):
        stem = f"{stem}-{digest}"
    if len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    room = MAX_STEM_BYTES - HASH_DIGITS - 1
    cut = stem.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{cut}-{digest}"
