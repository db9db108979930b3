"""The installed llama.cpp is the portable build from scripts/llama-cmake-args, never a native one."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ROOT / "scripts" / "llama-cmake-args"


def cmake_flags() -> dict[str, bool]:
    """`-DGGML_X=ON/OFF` from the flags file, as {"X": True/False}."""
    found = re.findall(r"-DGGML_([A-Z0-9_]+)=(ON|OFF)\b", FLAGS.read_text(encoding="utf-8"))
    return {name: value == "ON" for name, value in found}


def system_info() -> dict[str, bool]:
    """The CPU features the installed libggml-cpu was compiled with (`AVX2 = 1 | ...`)."""
    llama_cpp = pytest.importorskip("llama_cpp")
    text = llama_cpp.llama_print_system_info().decode()
    return {name: value == "1" for name, value in re.findall(r"([A-Z0-9_]+) = (\d)", text)}


def test_the_flags_file_is_portable() -> None:
    flags = cmake_flags()
    assert flags["NATIVE"] is False
    assert all(flags[name] for name in ("AVX2", "FMA", "F16C"))
    assert not any(on for name, on in flags.items() if name.startswith("AMX"))


def test_installed_build_has_no_amx() -> None:
    assert not [name for name, on in system_info().items() if name.startswith("AMX") and on]


def test_installed_build_follows_the_flags_file() -> None:
    """A native build (a stray `-march=native` wheel) lists features the flags file turns off."""
    built = system_info()
    for name, on in cmake_flags().items():
        if name in ("NATIVE", "BMI2") or name not in built and not on:
            continue  # BMI2 and NATIVE are not listed; an OFF feature may be absent
        assert built.get(name, False) == on, f"{name}: built {built.get(name)}, flags say {on}"


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
    assert re.search(r"^\$\(VENV\)/\.demo-deps: .*\$\(VENV\)/\.llama-build", makefile, re.M)
    assert re.search(r"^\$\(VENV\)/\.test-deps: .*\$\(VENV\)/\.demo-deps", makefile, re.M)
    assert re.search(r"^demo: \$\(VENV\)/\.demo-deps", makefile, re.M)
    assert re.search(r"^test: \$\(VENV\)/\.test-deps", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
