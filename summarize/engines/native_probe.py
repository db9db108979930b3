"""A test run of llama.cpp's native library in a child process, before its first use on a machine.

A library compiled for another CPU (a `-march=native` wheel from pip's cache) or with llama.cpp's
AMX kernels (they fault on worker threads) dies with SIGILL and takes the whole program with it.
So the first time a library build meets a CPU, a child process loads the chosen model and evaluates
a short prompt (the batched kernels) and one token (the single-token kernels) on two threads. The
verdict is kept in the user cache dir, keyed on the library files (path, size, mtime), the CPU's
flags and the model, so later runs pay nothing.
"""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from summarize.engines.cpu_kernels import cpu_flags, library_dir
from summarize.files import write_atomic
from summarize.models import cache_dir, file_identity

PROBE_VERSION = "1"
TIMEOUT_S = 600  # loading 1.1 GB and repacking its weights on a busy 2-core machine
PROBE_THREADS = 2  # worker threads are where the AMX kernels fault
FLAGS_FILE = "llama-cmake-args"
UNREADABLE_MODEL = 3  # the test run's exit status when the library ran but could not read the model
PROBE_SCRIPT = f"""
import sys
from summarize.engines.cpu_kernels import load_kernels
load_kernels()
from llama_cpp import Llama

model, threads = sys.argv[1], int(sys.argv[2])
try:
    llm = Llama(model_path=model, n_ctx=256, n_batch=64, n_ubatch=64, n_threads=threads,
                n_threads_batch=threads, verbose=False)
except ValueError as exc:
    print(exc, file=sys.stderr)
    sys.exit({UNREADABLE_MODEL})
tokens = llm.tokenize(b"The talks between the two delegations opened in Geneva on Monday, "
                      b"officials said, and are expected to last three days. " * 3)[:64]
llm.eval(tokens)
llm.eval([llm.sample(top_k=1)])
print("ok")
"""


@dataclass(frozen=True)
class ProbeResult:
    """Whether llama.cpp ran; `problem` says on one line what failed."""

    ok: bool
    problem: str = ""
    lasting: bool = True  # a verdict on the library and CPU, kept for later runs
    library: bool = True  # the library failed (rebuild it), not the model file


def library_files() -> list[Path]:
    """The llama_cpp package's shared libraries (libllama, libggml-cpu...), found without importing."""
    libraries = library_dir()
    if libraries is None:
        return []
    package = libraries.parent
    found = {p.resolve() for p in package.rglob("*") if p.suffix in (".so", ".dylib", ".dll")}
    found |= {p.resolve() for p in package.rglob("*.so.*")}
    return sorted(p for p in found if p.is_file())


def probe_key(model_path: str) -> str:
    """What the verdict depends on: the library build, the CPU and the model."""
    parts = [PROBE_VERSION, cpu_flags(), file_identity(model_path)]
    parts += [file_identity(str(path)) for path in library_files()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _verdict_path(key: str) -> Path:
    return cache_dir() / "probes" / f"llamacpp-{key}.json"


def run_probe(model_path: str) -> ProbeResult:
    """Run PROBE_SCRIPT in a child process and say how it ended (no cache)."""
    command = [sys.executable, "-c", PROBE_SCRIPT, model_path, str(PROBE_THREADS)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:  # a busy machine, not a verdict: not kept
        return ProbeResult(False, f"llama.cpp's test run did not finish in {TIMEOUT_S} s", False)
    if done.returncode < 0:
        number = -done.returncode
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        return ProbeResult(
            False,
            f"llama.cpp crashed in a test run ({name}: {signal.strsignal(number) or 'signal'}; "
            "it was built for another CPU or with AMX)",
        )
    lines = (done.stderr or done.stdout).strip().splitlines()
    last = lines[-1] if lines else f"exit status {done.returncode}"
    if done.returncode == UNREADABLE_MODEL:
        return ProbeResult(False, f"llama.cpp cannot read the model file ({last})", library=False)
    if done.returncode != 0 or done.stdout.strip() != "ok":
        return ProbeResult(False, f"llama.cpp failed its test run ({last})")
    return ProbeResult(True)


def probe_llamacpp(model_path: str) -> ProbeResult:
    """Whether llama.cpp runs here with this model: a cached verdict, else a test run."""
    path = _verdict_path(probe_key(model_path))
    try:
        return ProbeResult(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        pass
    result = run_probe(model_path)
    if not result.lasting:
        return result
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(asdict(result)))
    except OSError:
        pass  # no cache dir: probe again next time
    return result


def rebuild_command() -> str:
    """The command that rebuilds llama-cpp-python with the portable flags."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "Makefile").exists() and (checkout / "scripts" / FLAGS_FILE).exists():
        return f"make -C {checkout} -B .venv/.llama-build"
    packed = Path(__file__).resolve().parents[1] / f"_{FLAGS_FILE}"
    flags = packed.read_text(encoding="utf-8").strip() if packed.exists() else "-DGGML_NATIVE=OFF"
    from importlib.metadata import PackageNotFoundError, version

    try:
        pinned = f"llama-cpp-python=={version('llama-cpp-python')}"
    except PackageNotFoundError:
        pinned = "llama-cpp-python"
    return (
        f'CMAKE_ARGS="{flags}" pip install --no-cache-dir --force-reinstall --no-deps '
        f"--no-binary llama-cpp-python {pinned}"
    )
