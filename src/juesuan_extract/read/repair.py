"""Reading damaged PDFs: rebuilt trailers, and fonts loaded without their program.

A file cut off during download, or with a wrong cross-reference table, still
holds most of its objects; pdfminer can find them by scanning the file, but
only when it also finds a trailer naming the catalog. :func:`repaired_copies`
gives the file's bytes with such a trailer appended, from the least to the
most invasive guess.

A font whose embedded program or descriptor is damaged makes pdfminer fail
on every page that uses it, although text extraction needs only the font's
Unicode map and widths. :func:`tolerant_resource_manager` loads such a font
without the damaged parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Appended after a repair: a cross-reference position that cannot be read, so
# pdfminer rebuilds the table by scanning the file for objects.
_SCAN = b"\nstartxref\n0\n%%EOF\n"
# The number of the catalog made up when none can be found: pdfminer then
# looks through all objects for pages.
_MADE_UP = 2_000_000_000

_ROOT = re.compile(rb"/Root\s+(\d{1,10})\s+(\d{1,5})\s+R")
_ENCRYPT = re.compile(rb"/Encrypt\s+(\d{1,10})\s+(\d{1,5})\s+R")
_ID = re.compile(rb"/ID\s*\[\s*<[0-9A-Fa-f\s]*>\s*<[0-9A-Fa-f\s]*>\s*\]")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_OBJECT_HEADER = re.compile(rb"(\d{1,10})\s+(\d{1,5})\s+obj\b")


@dataclass(frozen=True, slots=True)
class Repair:
    data: bytes
    how: str  # what the warning says was done


def repaired_copies(data: bytes) -> Iterator[Repair]:
    """The file with a trailer guessed from what is left of it, best guess first."""
    extra = _last(_ENCRYPT, data) + _last(_ID, data)
    root = _last(_ROOT, data) or _catalog_reference(data)
    if root:
        yield Repair(data + b"\ntrailer\n<<" + root + extra + b">>" + _SCAN,
                     "its objects were found by scanning the file")
    yield Repair(data + _SCAN, "its objects were found by scanning the file")
    made_up = b"%d 0 obj\n<</Type/Catalog>>\nendobj\n" % _MADE_UP
    yield Repair(data + b"\n" + made_up + b"trailer\n<</Root %d 0 R" % _MADE_UP + extra + b">>"
                 + _SCAN, "its pages were found by scanning the file and are in the order "
                 "they are stored, which may differ from the printed order")


def _last(pattern: re.Pattern[bytes], data: bytes) -> bytes:
    matches = list(pattern.finditer(data))
    return matches[-1].group(0) if matches else b""


def _catalog_reference(data: bytes) -> bytes:
    """``/Root N G R`` for the last object that declares itself the catalog."""
    for match in reversed(list(_CATALOG.finditer(data))):
        start = max(data.rfind(b"obj", 0, match.start()) - 20, 0)
        headers = list(_OBJECT_HEADER.finditer(data, start, match.start()))
        if headers and b"endobj" not in data[headers[-1].end():match.start()]:
            return b"/Root %s %s R" % (headers[-1].group(1), headers[-1].group(2))
    return b""


def tolerant_resource_manager():  # -> pdfminer PDFResourceManager
    """A resource manager that loads a damaged font without what is damaged,
    and remembers the names of the fonts it had to load so (``repaired``)."""
    from pdfminer.pdfinterp import PDFResourceManager

    class TolerantResourceManager(PDFResourceManager):
        def __init__(self) -> None:
            super().__init__()
            self.repaired: list[str] = []

        def get_font(self, objid, spec):
            try:
                return super().get_font(objid, spec)
            except Exception:
                pass
            name = _font_name(spec)
            for fallback in _font_fallbacks(spec):
                try:
                    font = super().get_font(objid, fallback)
                except Exception:
                    continue
                self.repaired.append(name)
                return font
            self.repaired.append(name)
            return super().get_font(objid, {})

    return TolerantResourceManager()


def _font_name(spec: object) -> str:
    from pdfminer.psparser import literal_name

    try:
        return literal_name(dict(spec).get("BaseFont", "unnamed"))  # type: ignore[call-overload]
    except Exception:
        return "unnamed"


def _font_fallbacks(spec: object) -> Iterator[dict]:
    """The font's specification without its program, then without its
    descriptor, then with only its Unicode map."""
    from pdfminer.pdftypes import resolve1

    try:
        spec = dict(resolve1(spec))
    except Exception:
        return
    try:
        descriptor = dict(resolve1(spec.get("FontDescriptor")) or {})
        for key in ("FontFile", "FontFile2", "FontFile3"):
            descriptor.pop(key, None)
        yield {**spec, "FontDescriptor": descriptor}
    except Exception:
        pass
    yield {k: v for k, v in spec.items() if k != "FontDescriptor"}
    yield {k: v for k, v in spec.items() if k in ("Type", "Subtype", "ToUnicode", "Encoding",
                                                  "DescendantFonts")}
    yield {k: v for k, v in spec.items() if k == "ToUnicode"}
