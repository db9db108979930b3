"""Time from launching `mtbrief` to its first paint, against a bare Textual app as the baseline.

Each program runs in a pseudo-terminal (120x36); the clock stops when its first screen has been
written (the marker text appears in the terminal output). The review desk paints before repair,
the engine and the summaries are done, so a model engine that loads for seconds must not delay it.

    PYTHONPATH=. python benchmarks/tui_first_paint.py [--runs 5] [ARTICLES...]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BARE_APP = """\
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare app painted")
        yield Footer()


Bare().run()
"""
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[=>78]")
TIMEOUT = 60.0


def first_paint(argv: list[str], marker: str, env: dict[str, str]) -> float:
    """Seconds from spawning `argv` in a pty until `marker` shows in what it wrote."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    seen = ""
    try:
        while time.perf_counter() - start < TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk.decode("utf-8", "replace")
            if marker in _ESCAPES.sub("", seen):
                return time.perf_counter() - start
        raise RuntimeError(f"{' '.join(argv)}: no first paint within {TIMEOUT:.0f} s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("articles", nargs="*", default=sorted(map(str, REPO.glob("seeds/*.txt"))))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        bare = Path(work) / "bare_app.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        env = dict(
            os.environ,
            TERM="xterm-256color",
            XDG_DATA_HOME=work,  # a fresh review store, never the user's
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        )
        mtbrief = [sys.executable, "-m", "tui.app", *args.articles]
        cases = [
            ("bare Textual app (baseline)", [sys.executable, str(bare)], "bare app painted"),
            ("mtbrief --engine extractive", [*mtbrief, "--engine", "extractive"], "Articles"),
            ("mtbrief --engine auto", [*mtbrief, "--engine", "auto"], "Articles"),
        ]
        times: dict[str, list[float]] = {name: [] for name, _, _ in cases}
        for _ in range(args.runs):  # interleaved, so machine load hits every case alike
            for name, argv, marker in cases:
                times[name].append(first_paint(argv, marker, env))
    baseline = statistics.median(times[cases[0][0]])
    print(f"First paint, median of {args.runs} launches, {len(args.articles)} articles, 120x36 pty")
    print(f"{'program':<30} {'median s':>9} {'min s':>7} {'max s':>7} {'vs baseline':>12}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:<30} {median:>9.3f} {min(values):>7.3f} {max(values):>7.3f} "
            f"{median - baseline:>+11.3f}s"
        )


if __name__ == "__main__":
    main()
