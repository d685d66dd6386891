"""What a batch keeps between runs, in ``OUT_DIR/.juesuan/``.

==============  ============================================================
``state.db``    SQLite; each change is one transaction, so a run killed at
                any moment leaves it as it was after the last file:
                ``results`` one row per file content (SHA-256): the outcome
                of its extraction, with the fingerprint of the code that
                made it; ``hashes`` path → size, mtime and SHA-256, so that
                unchanged files are not read again; ``meta`` the fingerprint
                of the last complete build of the outputs
``lock``        held while a batch runs: two runs cannot share a folder
``tmp/``        outputs being written; each is moved into place whole
``workers.log`` what the worker processes printed (library warnings);
                ``workers.log.1`` the same for the run before
==============  ============================================================
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import IO

from .outcome import DocumentOutcome

STATE_DIR = ".juesuan"


STATE_FORMAT = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status TEXT NOT NULL,
    name TEXT NOT NULL, pages INTEGER NOT NULL, seconds REAL NOT NULL,
    digest TEXT NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS hashes (
    name TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL, is_pdf INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class StateError(Exception):
    """The state folder cannot be used; the message says what to do."""


@dataclass(frozen=True, slots=True)
class KnownHash:
    size: int
    mtime_ns: int
    sha256: str
    is_pdf: bool


@dataclass(frozen=True, slots=True)
class KnownResult:
    fingerprint: str  # of the extractor code that made it
    status: str
    name: str = ""  # of the file, as the outcome has it
    pages: int = 0
    digest: str = ""  # of the outcome: changes whenever the outcome does


class StateStore:
    def __init__(self, out_dir: Path):
        self.root = out_dir / STATE_DIR
        self.tmp = self.root / "tmp"
        self.log = self.root / "workers.log"
        self._db: sqlite3.Connection | None = None

    # --- opening, locking ---

    @contextmanager
    def open(self) -> Iterator[StateStore]:
        """Lock the folder, clear what a killed run left half-written, open the state."""
        self.root.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.root / "lock"):
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp.mkdir()
            if self.log.exists():  # keep the log of the run before, no older
                self.log.replace(self.log.with_suffix(".log.1"))
            try:
                self._db = sqlite3.connect(self.root / "state.db", isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(_SCHEMA)
                self._check_format()
            except sqlite3.DatabaseError as exc:
                raise StateError(f"{self.root / 'state.db'} cannot be used ({exc}); delete "
                                 f"the folder {self.root} to start the batch afresh") from exc
            try:
                yield self
            finally:
                self._db.close()
                self._db = None

    def _check_format(self) -> None:
        found = self.get_meta("state_format")
        if found is None:
            self.set_meta("state_format", STATE_FORMAT)
        elif found != STATE_FORMAT:
            raise StateError(f"{self.root} was written by another version of juesuan-extract "
                             f"(state format {found}); delete it to start afresh")

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("the state is not open")
        return self._db

    # --- results ---

    def known_results(self) -> dict[str, KnownResult]:
        rows = self.db.execute(
            "SELECT sha256, fingerprint, status, name, pages, digest FROM results")
        return {row[0]: KnownResult(*row[1:]) for row in rows}

    def save(self, outcome: DocumentOutcome) -> None:
        values = {f.name: getattr(outcome, f.name) for f in fields(outcome)}  # no deep copy
        text = json.dumps(values, ensure_ascii=False).encode()
        digest = hashlib.sha256(text).hexdigest()[:16]
        self.db.execute(
            "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (outcome.sha256, outcome.fingerprint, outcome.status, outcome.name, outcome.pages,
             outcome.seconds, digest, zlib.compress(text, 1)),
        )

    def load(self, sha256: str) -> DocumentOutcome:
        row = self.db.execute("SELECT payload FROM results WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise KeyError(sha256)
        return DocumentOutcome(**json.loads(zlib.decompress(row[0])))

    # --- the hash cache ---

    def known_hashes(self) -> dict[str, KnownHash]:
        rows = self.db.execute("SELECT name, size, mtime_ns, sha256, is_pdf FROM hashes")
        return {name: KnownHash(size, mtime, sha, bool(pdf)) for name, size, mtime, sha, pdf in rows}

    def replace_hashes(self, hashes: dict[str, KnownHash]) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM hashes")
            self.db.executemany(
                "INSERT INTO hashes VALUES (?, ?, ?, ?, ?)",
                [(name, h.size, h.mtime_ns, h.sha256, int(h.is_pdf)) for name, h in hashes.items()],
            )

    # --- meta ---

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` or raise StateError at once."""
    fh = open(path, "a+b")
    try:
        try:
            _lock(fh)
        except OSError as exc:
            raise StateError(f"another batch is writing to {path.parent.parent}; wait for it "
                             "to finish or choose another --out folder") from exc
        yield
    finally:
        fh.close()  # releases the lock


def _lock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        return
    import fcntl

    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
