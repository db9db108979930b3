"""Run scripts/tui_smoke.sh: the real app in a real terminal (tmux) must show the seed titles."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.tui_helpers import REPO

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def test_smoke_script_sees_the_titles():
    env = dict(os.environ)
    env["MTBRIEF"] = f"{sys.executable} -m tui.app"
    env["PYTHON"] = sys.executable
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        ["bash", str(REPO / "scripts" / "tui_smoke.sh")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "tui_smoke: ok (2 articles)" in result.stdout


def test_bad_input_is_one_line_not_a_traceback(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "tui.app", str(tmp_path / "missing.txt")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"mtbrief: skipped {tmp_path / 'missing.txt'}: no such file or folder",
        "mtbrief: error: no usable articles to review",
    ]
