"""On-disk cache of finished summaries, keyed by everything that shapes them.

The key hashes the engine, the model's identity, the prompt version, the guard version, the title
and the repaired text, so a changed prompt, model or repair never serves a stale summary. Entries
are small JSON files in the user cache dir; `MTBRIEF_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from summarize.files import write_atomic
from summarize.models import cache_dir
from summarize.summary import Replacement, Summary


def enabled() -> bool:
    return os.environ.get("MTBRIEF_NO_CACHE", "") in ("", "0")


def summary_key(*parts: str) -> str:
    """A stable hash of the parts (engine, model identity, versions, title, text...)."""
    digest = hashlib.sha256()
    for part in parts:
        encoded = part.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(encoded)
    return digest.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / "results" / key[:2] / f"{key}.json"


def load_json(key: str) -> Any:
    """The cached JSON value for `key`, or None (missing, unreadable or cache off)."""
    if not enabled():
        return None
    try:
        return json.loads(_path(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store_json(key: str, value: Any) -> None:
    """Keep `value` under `key`; a cache that cannot be written is silently skipped."""
    if not enabled():
        return
    path = _path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(value, ensure_ascii=False))
    except OSError:
        pass


def load_summary(key: str) -> Summary | None:
    """The cached summary for `key`, or None (missing, or from an older layout)."""
    data = load_json(key)
    try:
        data["replaced"] = tuple(Replacement(**item) for item in data["replaced"])
        data["loaded"] = tuple(data["loaded"])
        return Summary(**data)
    except (KeyError, TypeError):
        return None


def store_summary(key: str, summary: Summary) -> None:
    store_json(key, asdict(summary))
