"""Files replaced whole: a reader sees the old version or the new, never a part.

Every output (the per-document files of ``extract``, the batch's tables and
its state) is written aside and moved into place, so a run killed at any
moment leaves the earlier outputs intact.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


class StagedFiles:
    """New versions of several files, written aside and moved into place together.

    ``new(target)`` gives a temporary path to write; ``commit()`` flushes
    each to disk and replaces the targets one after the other, so a run
    killed before the commit leaves every old file as it was, and one killed
    during it leaves each file whole, old or new. Leaving the context
    without committing removes the temporary files.
    """

    def __init__(self, tmp_dir: Path):
        self.tmp_dir = tmp_dir
        self._pending: list[tuple[Path, Path]] = []

    def new(self, target: Path) -> Path:
        fd, name = tempfile.mkstemp(dir=self.tmp_dir, prefix=target.name + ".")
        os.close(fd)
        self._pending.append((Path(name), target))
        return Path(name)

    def commit(self, durable: bool = True) -> list[Path]:
        for tmp, _ in self._pending:
            os.chmod(tmp, FILE_MODE)  # as an ordinary new file, not mkstemp's 0600
            if durable:
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
        targets = []
        while self._pending:
            tmp, target = self._pending.pop(0)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
            targets.append(target)
        return targets

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        for tmp, _ in self._pending:
            tmp.unlink(missing_ok=True)
        self._pending = []


def atomic_write(path: Path, data: bytes, tmp_dir: Path, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` whole: a reader sees the old file or the new."""
    with StagedFiles(tmp_dir) as staged:
        staged.new(path).write_bytes(data)
        staged.commit(durable)
