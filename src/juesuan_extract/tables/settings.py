"""The tolerances of tables/ in one place.

Tables across pages: what counts as a header label.

Every stage of this part reads them through :func:`current`; defaults are the
measured values documented beside each field. To vary them for a document,
pass changed settings to :func:`juesuan_extract.pipeline.read_document`, or
wrap a call in :func:`using`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableSettings:
    # --- stitching.py
    # A header cell may carry a few characters besides its key word
    # (分值权重, 全年执行数（万元）, 偏差原因分析及改进措施).
    max_label_extra: int = 8


DEFAULTS = TableSettings()
_active: ContextVar[TableSettings] = ContextVar("tables_settings", default=DEFAULTS)


def current() -> TableSettings:
    """The settings in force (the defaults unless :func:`using` says otherwise)."""
    return _active.get()


@contextmanager
def using(settings: TableSettings) -> Iterator[TableSettings]:
    """Read with ``settings`` within the block (this thread or task only)."""
    token = _active.set(settings)
    try:
        yield settings
    finally:
        _active.reset(token)
