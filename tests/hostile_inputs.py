"""The inputs of fixtures/hostile/generated.py, built at test time (a few KB each)."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from conftest import ROOT

HOSTILE = ROOT / "fixtures" / "hostile"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generated", HOSTILE / "generated.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generated = _load()
