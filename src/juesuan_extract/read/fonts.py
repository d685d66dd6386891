"""What a page's font dictionaries say, for the pdfium reader (ingest).

pdfium and pdfminer read most fonts alike; where they differ, pdfminer's
reading is the reference the rest of the program was built on, so pdfminer's
objects (already open) are asked, cheaply: no font is loaded, no content
stream interpreted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

# Form XObjects inside form XObjects: deeper than this is not a layout.
MAX_RESOURCE_DEPTH = 8


@dataclass(slots=True)
class PageFonts:
    # The descent pdfminer gives each font (by base font name, per unit of
    # font size): pdfminer takes it from the descriptor, zero when that says
    # none, where pdfium measures the font program instead, which can move a
    # title's box by a third of its size.
    descents: dict[str, float] = field(default_factory=dict)
    # pdfminer must read the page: a font with neither a Unicode map nor an
    # encoding (pdfminer reports its glyphs as unmapped, pdfium guesses letters
    # from the codes), a subset font without its program, damaged resources.
    needs_pdfminer: bool = False


def page_fonts(page_obj) -> PageFonts:
    """What the page's font dictionaries say (cheap: no font is loaded)."""
    from pdfminer.pdftypes import resolve1

    found = PageFonts()
    exact: dict[str, float] = {}
    bare: defaultdict[str, set[float]] = defaultdict(set)
    seen: set[int] = set()

    def visit(resources: object, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or id(resources) in seen:
            return
        seen.add(id(resources))
        fonts = resolve1(resources.get("Font"))
        for spec in (fonts.values() if isinstance(fonts, dict) else ()):
            spec = resolve1(spec)
            name, descent = _descriptor_descent(spec)
            if name and descent is not None:
                exact.setdefault(name, descent)
                # pdfium names some fonts without their subset tag ("ABCDEF+")
                bare[_SUBSET_TAG.sub("", name)].add(descent)
            found.needs_pdfminer = found.needs_pdfminer or _without_unicode(spec) or _stripped_subset(spec)
        xobjects = resolve1(resources.get("XObject"))
        if depth < MAX_RESOURCE_DEPTH and isinstance(xobjects, dict):
            for xobject in xobjects.values():
                attrs = getattr(resolve1(xobject), "attrs", None)
                if isinstance(attrs, dict) and "Resources" in attrs:
                    visit(attrs["Resources"], depth + 1)

    try:
        visit(page_obj.resources, 0)
    except Exception:  # damaged resources: let pdfminer read the page as it can
        found.needs_pdfminer = True
    # a bare name that fonts with other descents share is no key
    found.descents = {name: next(iter(d)) for name, d in bare.items() if len(d) == 1} | exact
    return found


def _stripped_subset(spec: object) -> bool:
    """A subset font ("ABCDEF+Name") whose program is missing: its codes mean
    nothing to a substitute font, and pdfium drops some of its glyphs."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    if not isinstance(spec, dict):
        return False
    if not _SUBSET_TAG.match(str(literal_name(resolve1(spec.get("BaseFont", ""))))):
        return False
    descendants = resolve1(spec.get("DescendantFonts"))
    font = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else spec
    descriptor = resolve1(font.get("FontDescriptor")) if isinstance(font, dict) else None
    return isinstance(descriptor, dict) and not any(
        key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))


def _without_unicode(spec: object) -> bool:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    if not isinstance(spec, dict) or "ToUnicode" in spec:
        return False
    encoding = resolve1(spec.get("Encoding"))
    if encoding is None:
        return True
    try:
        return str(literal_name(encoding)).startswith("Identity")
    except Exception:
        return False


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def _descriptor_descent(spec: object) -> tuple[str, float | None]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    if not isinstance(spec, dict):
        return "", None
    name = str(literal_name(resolve1(spec.get("BaseFont", ""))))
    descendants = resolve1(spec.get("DescendantFonts"))  # a Type 0 font's descriptor is there
    font = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else spec
    descriptor = resolve1(font.get("FontDescriptor")) if isinstance(font, dict) else None
    if not isinstance(descriptor, dict):
        return name, None  # a standard font or a Type 3 font: pdfium knows its metrics
    descent = resolve1(descriptor.get("Descent", 0))
    if not isinstance(descent, (int, float)):
        descent = 0
    return name, -abs(descent) * 0.001
