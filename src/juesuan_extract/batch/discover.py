"""The entries of an input folder: which are PDFs, what their content hash is,
and why each of the others is not read.

A file is a PDF by its content (``%PDF-`` in its first kilobyte, as
:mod:`..read.ingest` checks), whatever its name: downloads are often saved as
``getfile.do`` or ``report.PDF.download``. A file *named* ``*.pdf`` that is
not one (an HTML error page, an empty download) is kept too, so that it is
reported as failed with its reason rather than silently left out. Any other
file is skipped.

Every other entry is listed with the reason it is not read: a symbolic link
to nothing, a named pipe, a socket or a device (never opened: a pipe would
wait for a writer), a link leading out of the folder (followed only with
``follow_links``, which also follows links to folders, each folder once), a
file over the size limit (not hashed either), a hidden file or folder
(``.name``, as ``.DS_Store`` or ``.git``: not looked into). Only the output
folder, when it lies inside the input folder, is left out without a word.

Names are kept as the file system has them (``InputFile.path`` opens the
file whatever its bytes) and shown in their readable form
(:func:`~..names.shown`); two names that read alike (a GBK name and its UTF-8
twin) are told apart by the hash of their bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ..limits import MB, Limits
from ..names import name_hash, shown
from .state import KnownHash

HEAD_BYTES = 1024
PDF_MAGIC = b"%PDF-"
# Error codes of files refused before they are read (as the extractor's).
UNREADABLE, TOO_LARGE = "unreadable", "too_large"


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path  # where to open it
    name: str  # relative to the input folder, '/'-separated, readable: how the outputs name it
    size: int
    mtime_ns: int
    is_pdf: bool = False  # by content
    sha256: str = ""
    error_code: str = ""  # unreadable | too_large: refused before it is read
    error: str = ""  # why (the message, naming the file)
    skipped: str = ""  # why this entry is not read at all: not a regular file, a link…
    raw_name: bytes = b""  # ``name`` as the file system has it (b"" when it is ``name`` in UTF-8)

    @property
    def candidate(self) -> bool:
        """Worth giving to the extractor: a PDF by content, or by name."""
        return not self.skipped and (self.is_pdf or self.name.lower().endswith(".pdf"))

    @property
    def refused(self) -> bool:
        """A file that is not read: skipped, unreadable or over the size limit."""
        return bool(self.skipped or self.error_code)


def walk(in_dir: Path, exclude: Path | None = None, follow_links: bool = False) -> list[InputFile]:
    """Every entry under ``in_dir`` but hidden ones, sorted by name: regular files,
    and the entries that are not read, each with why (``skipped``)."""
    root = in_dir.resolve()
    exclude = exclude.resolve() if exclude else None
    found: list[InputFile | None] = []
    seen_folders = {_identity(root)}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: os.fsencode(e.name))
        except OSError as exc:
            found.append(_entry(root, Path(folder), skipped=f"a folder that cannot be read "
                                f"({exc.strerror or exc})"))
            continue
        for entry in entries:
            path = Path(folder) / entry.name
            if entry.name.startswith("."):
                if path != exclude:
                    what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                    found.append(_entry(root, path, skipped=f"a hidden {what} (its name starts "
                                        "with a dot): not read"))
                continue
            if entry.is_dir(follow_symlinks=False):
                folder_id = _identity(path)
                if path != exclude and folder_id not in seen_folders:
                    seen_folders.add(folder_id)
                    pending.append(path)
                continue
            found.append(_look_at(root, path, entry.is_symlink(), follow_links, seen_folders,
                                  pending, exclude))
    return sorted(_told_apart(found), key=lambda f: f.name)


def _identity(path: Path) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:  # looked at again when it is read, and reported then
        return -1, hash(path)
    return st.st_dev, st.st_ino


def _look_at(root: Path, path: Path, is_link: bool, follow_links: bool,
             seen_folders: set[tuple[int, int]], pending: list[Path],
             exclude: Path | None) -> InputFile | None:
    """The entry at ``path``: a file to read, or one skipped with the reason."""
    try:
        st = os.stat(path)  # follows a link
    except FileNotFoundError:
        where = shown(os.readlink(path)) if is_link else "nothing"
        return _entry(root, path, skipped=f"a symbolic link to {where}, which does not exist")
    except OSError as exc:
        return _entry(root, path, skipped=f"cannot be looked at ({exc.strerror or exc})")
    if is_link:
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(root) and not follow_links:
            what = "folder" if stat.S_ISDIR(st.st_mode) else "file"
            return _entry(root, path, skipped=f"a symbolic link to the {what} {shown(target)}, "
                          "outside the input folder: not followed (--follow-links follows it)")
        if stat.S_ISDIR(st.st_mode):
            if not follow_links:
                return _entry(root, path, skipped="a symbolic link to a folder: not followed "
                              "(--follow-links follows it)")
            if target == exclude or (st.st_dev, st.st_ino) in seen_folders:
                return None  # a folder read already, or the outputs: nothing new
            seen_folders.add((st.st_dev, st.st_ino))
            pending.append(path)
            return None
    if stat.S_ISREG(st.st_mode):
        return _entry(root, path, st.st_size, st.st_mtime_ns)
    return _entry(root, path, skipped=f"{_kind(st.st_mode)}, not a file")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _entry(root: Path, path: Path, size: int = 0, mtime_ns: int = 0,
           skipped: str = "") -> InputFile:
    rel = os.fsencode(path.relative_to(root).as_posix()) if path != root else b"."
    name = shown(rel)
    raw = b"" if rel == name.encode("utf-8") else rel
    return InputFile(path, name, size, mtime_ns, skipped=skipped, raw_name=raw)


def _told_apart(files: list[InputFile | None]) -> list[InputFile]:
    """The files with unique names: where the readable names of several files
    coincide, those whose name is not the readable form itself take the hash of
    their bytes before the suffix (``报告~07d0d402.pdf``)."""
    by_name: dict[str, list[InputFile]] = defaultdict(list)
    for f in files:
        if f is not None:
            by_name[f.name].append(f)
    out = []
    for name, group in by_name.items():
        if len(group) == 1:
            out.extend(group)
            continue
        for f in group:
            if not f.raw_name:  # the readable form is the name itself
                out.append(f)
                continue
            stem, dot, suffix = name.rpartition(".")
            tag = f"~{name_hash(f.raw_name)}"
            out.append(replace(f, name=f"{stem}{tag}.{suffix}" if dot and "/" not in suffix
                                else name + tag))
    return out


def readable_name(name: str) -> str:
    """A file name as text (:func:`~..names.shown`)."""
    return shown(name)


def identify(files: Iterable[InputFile], known: dict[str, KnownHash],
             limits: Limits | None = None) -> list[InputFile]:
    """Fill ``is_pdf`` and ``sha256``; files unchanged since ``known`` are not read,
    and a PDF over the size limit is refused before it is hashed."""
    limits = limits or Limits()
    out = []
    for f in files:
        if f.refused:
            out.append(f)
            continue
        cached = known.get(f.name)
        if cached and (cached.size, cached.mtime_ns) == (f.size, f.mtime_ns):
            out.append(replace(f, is_pdf=cached.is_pdf, sha256=cached.sha256))
            continue
        try:
            out.append(_read_identity(f, limits))
        except OSError as exc:
            out.append(replace(f, error_code=UNREADABLE, error=f"{f.name}: the file cannot be "
                               f"read ({type(exc).__name__}: {exc.strerror or exc})"))
    return out


def _read_identity(f: InputFile, limits: Limits) -> InputFile:
    digest = hashlib.sha256()
    with f.path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        is_pdf = PDF_MAGIC in head
        if not (is_pdf or f.candidate):
            return replace(f, is_pdf=False)  # skipped: no need to read it all
        if f.size > limits.max_file_bytes:  # refused unhashed: hashing it would take minutes
            return replace(f, is_pdf=is_pdf, error_code=TOO_LARGE,
                           error=f"{f.name}: the file is {f.size / MB:.1f} MB, more than the "
                           f"limit of {limits.max_file_mb:g} MB (raise the limit with --max-mb, "
                           "or split the file)")
        digest.update(head)
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return replace(f, is_pdf=is_pdf, sha256=digest.hexdigest())


def hash_cache(files: Iterable[InputFile]) -> dict[str, KnownHash]:
    return {
        f.name: KnownHash(f.size, f.mtime_ns, f.sha256, f.is_pdf)
        for f in files if not f.refused
    }
