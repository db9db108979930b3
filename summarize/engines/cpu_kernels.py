"""Which llama.cpp CPU kernels a process loads: the portable AVX2 ones, or their AVX-512 variant.

llama-cpp-python is compiled once with the portable flags (scripts/llama-cmake-args), which every
x86-64 machine of the last decade runs. `make` then compiles llama.cpp's CPU kernels alone
(libggml-cpu) a second time with AVX-512 switched on as well (scripts/llama-avx512-args; AMX stays
off) into llama_cpp/lib/avx512/. On a CPU that has every one of those features, that library is
loaded before llama_cpp: the dynamic loader then reuses it (same soname) where libllama needs its
CPU kernels, and prompts are processed about 1.5x faster on the 2-core machines here. Any other
CPU, or MTBRIEF_CPU_KERNELS=avx2, keeps the portable kernels.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path

AVX512_FEATURES = frozenset(
    [
        "avx512f",
        "avx512cd",
        "avx512bw",
        "avx512dq",
        "avx512vl",
        "avx512vbmi",
        "avx512_vnni",
        "avx512_bf16",
    ]
)
VARIANT = "avx512"
PORTABLE = "avx2"
KERNELS_LIBRARY = "libggml-cpu.so.0"
BASE_LIBRARY = "libggml-base.so.0"  # what the kernels link against, from the portable build


def cpu_flags() -> str:
    """The CPU's feature flags (the first `flags` line of /proc/cpuinfo), sorted."""
    try:
        info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        import platform

        return platform.processor()
    for line in info.splitlines():
        if line.startswith("flags"):
            return " ".join(sorted(line.partition(":")[2].split()))
    return ""


def library_dir() -> Path | None:
    """llama_cpp's folder of shared libraries, found without importing it."""
    spec = find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "lib"


def variant_library() -> Path | None:
    """The AVX-512 kernels, where `make` built them."""
    folder = library_dir()
    path = folder / VARIANT / KERNELS_LIBRARY if folder else None
    return path if path and path.is_file() else None


def chosen_kernels() -> str:
    """The variant where `make` built it and this CPU runs all of it, unless MTBRIEF_CPU_KERNELS
    asks for the portable kernels ("avx2"); else those."""
    if os.environ.get("MTBRIEF_CPU_KERNELS") == PORTABLE or variant_library() is None:
        return PORTABLE
    return VARIANT if set(cpu_flags().split()) >= AVX512_FEATURES else PORTABLE


@cache
def load_kernels() -> str:
    """Load the chosen kernels; call it before the first `import llama_cpp` of the process."""
    kernels = chosen_kernels()
    if kernels == VARIANT:
        folder = library_dir()
        assert folder is not None  # chosen_kernels found the variant in it
        ctypes.CDLL(str(folder / BASE_LIBRARY), mode=ctypes.RTLD_GLOBAL)
        ctypes.CDLL(str(folder / VARIANT / KERNELS_LIBRARY), mode=ctypes.RTLD_GLOBAL)
    return kernels
