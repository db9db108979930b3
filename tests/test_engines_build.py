"""The installed llama.cpp is the portable build from scripts/llama-cmake-args, never a native one,
and its AVX-512 kernels (scripts/llama-avx512-args) are what a CPU that runs them loads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.engines import cpu_kernels

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ROOT / "scripts" / "llama-cmake-args"
AVX512_FLAGS = ROOT / "scripts" / "llama-avx512-args"
SYSTEM_INFO = """
from summarize.engines.cpu_kernels import load_kernels
print(load_kernels())
import llama_cpp
print(llama_cpp.llama_print_system_info().decode())
"""


def cmake_flags(*files: Path) -> dict[str, bool]:
    """`-DGGML_X=ON/OFF` from the flags files, as {"X": True/False}; a later file wins."""
    found = [
        match
        for path in files or (FLAGS,)
        for match in re.findall(r"-DGGML_([A-Z0-9_]+)=(ON|OFF)\b", path.read_text("utf-8"))
    ]
    return {name: value == "ON" for name, value in found}


def system_info(kernels: str | None = None) -> tuple[str, dict[str, bool]]:
    """The kernels a fresh process loads, and the CPU features they were compiled with
    (`AVX2 = 1 | ...`); `kernels` is MTBRIEF_CPU_KERNELS (None: the default)."""
    pytest.importorskip("llama_cpp")
    env = {key: value for key, value in os.environ.items() if key != "MTBRIEF_CPU_KERNELS"}
    env |= {"MTBRIEF_CPU_KERNELS": kernels} if kernels else {}
    done = subprocess.run(
        [sys.executable, "-c", SYSTEM_INFO], capture_output=True, text=True, env=env, check=True
    )
    chosen, text = done.stdout.split("\n", 1)
    return chosen, {name: on == "1" for name, on in re.findall(r"([A-Z0-9_]+) = (\d)", text)}


def follows(built: dict[str, bool], flags: dict[str, bool]) -> list[str]:
    """The features where `built` differs from `flags` (BMI2 and NATIVE are not listed; an OFF
    feature may be absent)."""
    return [
        f"{name}: built {built.get(name)}, flags say {on}"
        for name, on in flags.items()
        if name not in ("NATIVE", "BMI2") and (name in built or on) and built.get(name) != on
    ]


def test_the_flags_files_are_portable_and_never_turn_amx_on() -> None:
    flags = cmake_flags()
    assert flags["NATIVE"] is False
    assert all(flags[name] for name in ("AVX2", "FMA", "F16C"))
    assert not any(on for name, on in flags.items() if name.startswith(("AMX", "AVX512")))
    variant = cmake_flags(FLAGS, AVX512_FLAGS)
    assert variant["AVX512"] and variant["AVX512_VNNI"]
    assert not any(on for name, on in variant.items() if name.startswith("AMX"))


@pytest.mark.parametrize("kernels", ["avx2", "avx512", None])
def test_no_kernels_a_process_loads_have_amx(kernels: str | None) -> None:
    _, built = system_info(kernels)
    assert not [name for name, on in built.items() if name.startswith("AMX") and on]


def test_installed_build_follows_the_flags_file() -> None:
    """A native build (a stray `-march=native` wheel) lists features the flags file turns off."""
    chosen, built = system_info("avx2")
    assert chosen == "avx2"
    assert follows(built, cmake_flags()) == []


@pytest.mark.parametrize("kernels", ["avx512", None])
def test_a_cpu_that_runs_avx512_loads_the_avx512_kernels(kernels: str | None) -> None:
    """`make` builds the variant; by default a CPU with every feature it needs gets it, any other
    CPU keeps the portable kernels."""
    assert cpu_kernels.variant_library() is not None, "run make: the AVX-512 kernels are missing"
    chosen, built = system_info(kernels)
    runs_it = set(cpu_kernels.cpu_flags().split()) >= cpu_kernels.AVX512_FEATURES
    assert chosen == ("avx512" if runs_it else "avx2")
    wanted = cmake_flags(FLAGS, AVX512_FLAGS) if runs_it else cmake_flags()
    assert follows(built, wanted) == []


def test_the_kernels_follow_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu_kernels, "variant_library", lambda: Path("libggml-cpu.so.0"))
    every = " ".join(sorted(cpu_kernels.AVX512_FEATURES | {"avx2", "fma"}))
    monkeypatch.setattr(cpu_kernels, "cpu_flags", lambda: every)
    monkeypatch.delenv("MTBRIEF_CPU_KERNELS", raising=False)
    assert cpu_kernels.chosen_kernels() == "avx512"
    monkeypatch.setenv("MTBRIEF_CPU_KERNELS", "avx2")
    assert cpu_kernels.chosen_kernels() == "avx2"
    monkeypatch.delenv("MTBRIEF_CPU_KERNELS")
    monkeypatch.setattr(cpu_kernels, "cpu_flags", lambda: every.replace("avx512_bf16", ""))
    assert cpu_kernels.chosen_kernels() == "avx2"  # Skylake-X, Cascade Lake: no BF16


def test_make_and_ci_build_with_the_flags_file() -> None:
    """`make demo`, `make test` and .ci/run all go through the one rule that reads the flags file,
    compiled from source without pip's wheel cache."""
    rule = subprocess.run(
        ["make", "-n", "-B", "-C", str(ROOT), ".venv/.llama-build"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    install = next(line for line in rule.splitlines() if "llama-cpp-python" in line)
    assert 'CMAKE_ARGS="$(cat scripts/llama-cmake-args)"' in install
    assert "--no-cache-dir" in install and "--no-binary llama-cpp-python" in install
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^\$\(VENV\)/\.llama-build: scripts/llama-cmake-args", makefile, re.M)
    assert re.search(r"^\$\(VENV\)/\.llama-avx512: .*\$\(VENV\)/\.llama-build", makefile, re.M)
    assert re.search(r"^\$\(VENV\)/\.demo-deps: .*\$\(VENV\)/\.llama-avx512", makefile, re.M)
    assert re.search(r"^\$\(VENV\)/\.test-deps: .*\$\(VENV\)/\.demo-deps", makefile, re.M)
    assert re.search(r"^demo: \$\(VENV\)/\.demo-deps", makefile, re.M)
    assert re.search(r"^test: \$\(VENV\)/\.test-deps", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
