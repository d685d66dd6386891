"""Where each part keeps the tolerances in force: one slot per part.

A part's tolerances are a frozen dataclass in its ``settings.py``, with the
reason for each default beside it. The part's stages read the values in
force through the slot's :meth:`Slot.current`; :meth:`Slot.using` puts other
values in force for a block (this thread or task only), which is how
``pipeline.Settings`` applies a caller's settings to one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

T = TypeVar("T")


class Slot(Generic[T]):
    def __init__(self, name: str, defaults: T):
        self.defaults = defaults
        self._active: ContextVar[T] = ContextVar(name, default=defaults)

    def current(self) -> T:
        """The settings in force (the defaults unless :meth:`using` says otherwise)."""
        return self._active.get()

    @contextmanager
    def using(self, settings: T) -> Iterator[T]:
        """Read with ``settings`` within the block."""
        token = self._active.set(settings)
        try:
            yield settings
        finally:
            self._active.reset(token)
