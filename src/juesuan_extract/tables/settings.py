"""The tolerances of tables/ in one place.

Tables across pages: what counts as a header label.

Read through ``current()``; see :mod:`..tunables`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tunables import Slot


@dataclass(frozen=True, slots=True)
class TableSettings:
    # --- stitching.py
    # A header cell may carry a few characters besides its key word
    # (分值权重, 全年执行数（万元）, 偏差原因分析及改进措施).
    max_label_extra: int = 8


SLOT = Slot("tables_settings", TableSettings())
DEFAULTS = SLOT.defaults
current = SLOT.current
using = SLOT.using
