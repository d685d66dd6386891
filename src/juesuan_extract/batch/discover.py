"""The files of an input folder: which are PDFs, and what their content hash is.

A file is a PDF by its content (``%PDF-`` in its first kilobyte, as
:mod:`..read.ingest` checks), whatever its name: downloads are often saved as
``getfile.do`` or ``report.PDF.download``. A file *named* ``*.pdf`` that is
not one (an HTML error page, an empty download) is kept too, so that it is
reported as failed with its reason rather than silently left out. Anything
else is skipped.

Hidden files and folders (``.name``) are skipped, symbolic links to folders
are not followed, and the output folder is left out when it lies inside the
input folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from .state import KnownHash

HEAD_BYTES = 1024
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path  # where to open it
    name: str  # relative to the input folder, '/'-separated: how the outputs name it
    size: int
    mtime_ns: int
    is_pdf: bool = False  # by content
    sha256: str = ""
    unreadable: str = ""  # why it could not be read, when it could not

    @property
    def candidate(self) -> bool:
        """Worth giving to the extractor: a PDF by content, or by name."""
        return self.is_pdf or self.name.lower().endswith(".pdf")


def walk(in_dir: Path, exclude: Path | None = None) -> list[InputFile]:
    """Every regular file under ``in_dir``, sorted by name."""
    in_dir = in_dir.resolve()
    exclude = exclude.resolve() if exclude else None
    found: list[InputFile] = []
    for root, dirs, files in os.walk(in_dir):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and here / d != exclude)
        for name in sorted(files):
            path = here / name
            if name.startswith("."):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # a dangling link
            if not path.is_file():
                continue
            rel = readable_name(path.relative_to(in_dir).as_posix())
            found.append(InputFile(path, rel, stat.st_size, stat.st_mtime_ns))
    return sorted(found, key=lambda f: f.name)


def readable_name(name: str) -> str:
    """A file name as text. Names that are not UTF-8 (zip files made on a
    Chinese Windows machine keep GBK names) are read as GB18030."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def identify(files: Iterable[InputFile], known: dict[str, KnownHash]) -> list[InputFile]:
    """Fill ``is_pdf`` and ``sha256``; files unchanged since ``known`` are not read."""
    out = []
    for f in files:
        cached = known.get(f.name)
        if cached and (cached.size, cached.mtime_ns) == (f.size, f.mtime_ns):
            out.append(replace(f, is_pdf=cached.is_pdf, sha256=cached.sha256))
            continue
        try:
            out.append(_read_identity(f))
        except OSError as exc:
            out.append(replace(f, unreadable=f"{type(exc).__name__}: {exc.strerror or exc}"))
    return out


def _read_identity(f: InputFile) -> InputFile:
    digest = hashlib.sha256()
    with f.path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        is_pdf = PDF_MAGIC in head
        if not (is_pdf or f.candidate):
            return replace(f, is_pdf=False)  # skipped: no need to read it all
        digest.update(head)
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return replace(f, is_pdf=is_pdf, sha256=digest.hexdigest())


def hash_cache(files: Iterable[InputFile]) -> dict[str, KnownHash]:
    return {
        f.name: KnownHash(f.size, f.mtime_ns, f.sha256, f.is_pdf)
        for f in files if not f.unreadable
    }
