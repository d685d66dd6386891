from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "pdfs"
GOLDEN = ROOT / "golden"
SHARED = Path(os.environ.get("JUESUAN_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "changji-kexie-2023-juesuan.txt"
CORPUS = SHARED / "corpus" / "final_accounts"

# Every fixture variant rebuilt from the seed document by fixtures/build.py.
SEED_VARIANTS = sorted(FIXTURES.glob("changji-kexie-2023-*.pdf"))


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: shared reference material is needed for this test")
    return path


@pytest.fixture(scope="session")
def extracted():
    """Extract each PDF once per test session."""
    from juesuan_extract.pipeline import extract

    cache: dict[Path, object] = {}

    def get(path: Path):
        if path not in cache:
            cache[path] = extract(path)
        return cache[path]

    return get
