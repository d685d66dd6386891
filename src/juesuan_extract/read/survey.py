"""What could be read of each page, and the verdict on the whole document.

Pages are read one by one; a page that fails (the PDF libraries cannot read
it, its text layer is garbage, it takes too long) is recorded and the others
are still read. Pages without a text layer are noted. Once every page has
been seen, :meth:`PageSurvey.verdict` decides whether the document failed as
a whole (nothing readable) and what the result should warn about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import (
    CorruptPdf,
    JuesuanError,
    NoTextLayer,
    PageError,
    TimeLimitExceeded,
    TooLarge,
    UnusableText,
)
from ..model import PageContent
from .settings import current as tolerances
from .textcheck import TextQuality, assess

# How a page over its own time limit is described (pipeline, read.budget), and the
# advice when no page could be read for it: --max-seconds would not help.
PAGE_TOO_SLOW = "reading the page"
STALLED_ADVICE = ("each page has a time limit of its own (by default 30 s from its text, 120 s "
                  "by OCR); the file may be damaged, or built to stall a reader")


def page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 7] → "pages 1–3, 7"; [4] → "page 4"."""
    numbers = sorted(set(numbers))
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    word = "page" if len(numbers) == 1 else "pages"
    return f"{word} {', '.join(runs)}"


def is_scan(page: PageContent) -> bool:
    """A page without text whose images cover it: a scanned page."""
    return not page.chars and page.image_cover >= tolerances().scan_cover


@dataclass(slots=True)
class PageSurvey:
    page_count: int
    errors: list[PageError] = field(default_factory=list)
    scanned: list[int] = field(default_factory=list)  # images without text, OCR'd or not
    blank: list[int] = field(default_factory=list)
    ocr_read: list[int] = field(default_factory=list)  # pages read by OCR, text or none
    unmapped: dict[int, int] = field(default_factory=dict)  # page → glyphs without Unicode
    admitted: TextQuality = field(default_factory=TextQuality)  # pages whose text is kept
    rejected: TextQuality = field(default_factory=TextQuality)  # pages left out as garbage
    judged_usable: int = 0  # pages kept with enough text to be judged

    def admit(self, page: PageContent | PageError) -> PageContent | None:
        """The page's content when its text can be used; otherwise note why not."""
        if isinstance(page, PageError):
            self.errors.append(page)
            return None
        if page.damage and not page.chars:
            self.fail(page.number, "ingest", f"the page cannot be read: {page.damage}")
            return None
        if page.damage:
            self.fail(page.number, "ingest", f"{page.damage}; the text that could be read is kept")
        if page.reader == "ocr":
            self.ocr_read.append(page.number)
        if not page.chars:
            (self.scanned if is_scan(page) else self.blank).append(page.number)
            return page
        quality = assess(c.text for c in page.chars)
        problem = quality.problem()
        if problem:
            self.fail(page.number, "text", f"the text layer is unusable: {problem}; the page "
                      "is left out")
            self.rejected += quality
            return None
        self.admitted += quality
        self.judged_usable += quality.judged
        if quality.unmapped:
            self.unmapped[page.number] = quality.unmapped
        return page

    def fail(self, page: int, stage: str, message: str) -> None:
        self.errors.append(PageError(page, stage, message))

    def verdict(self, path: str, pages_with_text: int) -> JuesuanError | None:
        """The error the whole document ends in, if any: no page has usable
        text; or the pages kept, each too short to judge, are garbage taken
        together; or every page long enough to judge is garbage (the cover
        of a misencoded document is too short to judge on its own)."""
        n = self.page_count
        unusable = [e for e in self.errors if e.stage == "text"]
        problem = self.admitted.problem()
        if problem:
            return UnusableText(path, f"the text layer cannot be used: {problem}")
        if unusable and not self.judged_usable:
            why = self.rejected.problem()
            return UnusableText(path, f"the text layer cannot be used on "
                                f"{page_list([e.page for e in unusable])} of {n} ({why})"
                                + (", and the other pages hold too little text to trust"
                                   if pages_with_text else ""))
        if pages_with_text:
            return None
        late = [e for e in self.errors if e.stage == "time"]
        if late:  # what the pages left unread hold is not known: time is the cause
            first = late[0]
            stalled = all(e.message.startswith(PAGE_TOO_SLOW) for e in late)
            return TimeLimitExceeded(path, f"no text was read from any page in time: "
                                     f"{page_list([e.page for e in late])} of {n} not read "
                                     f"(page {first.page}: {first.message})",
                                     STALLED_ADVICE if stalled else None)
        big = [e for e in self.errors if e.stage == "size"]
        if big:
            first = big[0]
            return TooLarge(path, f"no text could be read within the limits: "
                            f"{page_list([e.page for e in big])} of {n} too large to read "
                            f"(page {first.page}: {first.message})",
                            "the file may be built to exhaust memory; a genuine one can be read "
                            "through the library with higher limits (Limits.max_stream_mb, "
                            "max_page_pixels)")
        if self.errors and len(self.errors) == n:
            first = self.errors[0]
            return CorruptPdf(path, f"none of the {n} pages can be read (page {first.page}: "
                              f"{first.message})")
        unread_scans = [p for p in self.scanned if p not in self.ocr_read]
        if self.scanned and not unread_scans:
            verb = "is an image" if len(self.scanned) == 1 else "are images"
            return NoTextLayer(path, f"none of the {n} pages has any text: "
                               f"{page_list(self.scanned)} {verb} in which OCR found no text",
                               "check that this is the right file: the pages look blank")
        if self.scanned:
            verb = "is an image" if len(self.scanned) == 1 else "are images"
            return NoTextLayer(path, f"none of the {n} pages has a text layer: "
                               f"{page_list(self.scanned)} {verb} (a scan)")
        return NoTextLayer(path, f"none of the {n} pages has any text (blank pages or "
                           "drawings only)", "check that this is the right file; if the "
                           "pages show text, it is drawn as shapes: run OCR on every page "
                           "with --ocr always")

    def warnings(self) -> list[str]:
        """Lines for the result's warnings: failed pages, scans, unmapped glyphs."""
        out = []
        for e in self.errors:  # "; " separates warnings in documents.csv
            kind = "unusable_text" if e.stage == "text" else "page_failed"
            out.append(f"{kind}: {str(e).replace(';', ',')}")
        unread_scans = [p for p in self.scanned if p not in self.ocr_read]
        read_blank = [p for p in self.scanned if p in self.ocr_read]
        if unread_scans:
            out.append(f"no_text_layer: {page_list(unread_scans)} "
                       + ("is an image without a text layer, so its text is missing"
                          if len(unread_scans) == 1 else
                          "are images without a text layer, so their text is missing")
                       + " (read them by OCR: --ocr auto)")
        if read_blank:
            out.append(f"no_text_layer: {page_list(read_blank)} "
                       + ("is an image" if len(read_blank) == 1 else "are images")
                       + " in which OCR found no text")
        if self.unmapped:
            total = sum(self.unmapped.values())
            out.append(f"unmapped_glyphs: {total} characters on {page_list(list(self.unmapped))} "
                       "have no Unicode mapping in their font and are written as \ufffd")
        return out
