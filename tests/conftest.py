"""Shared fixtures: the repository, the shared evaluation material beside it, and the seeds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval" / "seeds-gold.json").exists():
        pytest.fail(f"shared evaluation material not found at {SHARED} (set MTBRIEF_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture(scope="session")
def seeds_gold(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "eval" / "seeds-gold.json").read_text(encoding="utf-8"))
