"""The `brief` command end to end, run as a user runs it: a subprocess on real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.markdown_structure import check_brief_markdown

DEBRIS_KINDS = (  # gold `gone` strings that are page debris, the spine's first repair pass
    "Home LATEST NEWS",
    "Photo: Reuters / Andriy Dubchak",
    "Previous article",
    "Next article",
    "François Legault",
    "Memes in 2021",
    "Skip to content",
    "LOOK:",
    "Joe Biden and his first year in power",
    "Putin warns that Russia will respond",
    "US Says Willing To Talk Directly",
    "Russia’s “radical” demands",
    "UK says military intervention",
    "European Union threatens Russia",
    "France warns Russia",
    "Share this article:",
    "globalhappenings news.jpg",
    "most popular",
)


def run_brief(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "summarize.cli", *args],
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


def test_brief_of_the_seeds_is_structured_and_cites_both(seeds_dir: Path, seeds_gold: dict) -> None:
    result = run_brief(str(seeds_dir), "--engine", "extractive", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    markdown = result.stdout.decode("utf-8")
    structure = check_brief_markdown(markdown)
    assert structure.cited == {1, 2}
    assert len(structure.sources) == 2
    for name in seeds_gold["articles"]:
        assert name in markdown  # each source's location is listed
    for debris in DEBRIS_KINDS:
        assert debris not in markdown, debris


def test_output_file_is_written_atomically_and_reported(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    result = run_brief(str(seeds_dir), "-o", str(out), "--engine", "extractive")
    assert result.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Brief: ")
    assert f"wrote {out}" in result.stderr.decode()
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]  # no temporary file left behind


def test_edits_appendix_lists_repairs(seeds_dir: Path) -> None:
    result = run_brief(str(seeds_dir), "--edits", "--engine", "extractive", "-q")
    markdown = result.stdout.decode()
    appendix = markdown.split("## Appendix: repairs", 1)[1]
    assert "| Rule | Before | After | Reason |" in appendix
    assert "Skip to content" in appendix  # the removed debris is shown where it is explained
    assert "| theNorth | the North |" in appendix  # a one-space edit is shown with its words
    check_brief_markdown(markdown)


def test_json_format_has_the_documented_fields(seeds_dir: Path) -> None:
    result = run_brief(str(seeds_dir), "--format", "json", "--engine", "extractive", "-q")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["format"] == "mtbrief.brief" and document["version"] == 2
    assert document["engine"] == "extractive"
    assert [a["number"] for a in document["articles"]] == [1, 2]
    for article in document["articles"]:
        assert set(article) >= {"id", "source", "title", "summary", "repair_count"}
        assert article["summary"]
    [story] = document["stories"]  # the two seeds report one story
    assert story["articles"] == [1, 2] and story["title"]
    assert set(story) >= {"points", "conflicts", "timeline", "entities"}
    points = story["points"]
    assert points and all(set(p["sources"]) <= {1, 2} and p["sources"] for p in points)
    assert {s["number"] for s in document["sources"]} == {1, 2}


def test_stdin_article(seeds_dir: Path) -> None:
    raw = (seeds_dir / "004_e77f744d15a5950d.txt").read_bytes()
    result = run_brief("-", "--engine", "extractive", "-q", stdin=raw)
    assert result.returncode == 0
    assert "`<stdin>`" in result.stdout.decode()


def test_bad_inputs_are_skipped_with_one_line_each(seeds_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x02\x01" + bytes(300))
    (tmp_path / "latin.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xA0]) * 300)
    (tmp_path / "broken.html").write_bytes(b"<html><body><p><<<>>></span>")
    with (tmp_path / "huge.txt").open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    result = run_brief(
        str(tmp_path),
        str(tmp_path / "missing.txt"),
        str(seeds_dir / "000_0ca85f08db01e6d8.txt"),
        "--engine",
        "extractive",
        "-q",
    )
    assert result.returncode == 0
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 6, errors
    for name in ("empty.txt", "binary.txt", "latin.txt", "broken.html", "huge.txt", "missing.txt"):
        assert sum(name in line for line in errors) == 1, name
    assert all(line.startswith("brief: skipped ") for line in errors)
    assert "Traceback" not in result.stderr.decode()
    assert "# Brief: " in result.stdout.decode()


def test_an_input_that_exhausts_a_resource_is_skipped_with_one_line(
    seeds_dir: Path, tmp_path: Path
) -> None:
    """JSON nested deeper than Python's recursion limit: one line naming it, the rest briefed."""
    depth = 100_000
    (tmp_path / "deep.json").write_text("[" * depth + "]" * depth, encoding="utf-8")
    seed = seeds_dir / "000_0ca85f08db01e6d8.txt"
    result = run_brief(str(tmp_path / "deep.json"), str(seed), "--engine", "extractive", "-q")
    assert result.returncode == 0
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("brief: skipped "), errors
    assert "deep.json" in errors[0] and "recursion limit" in errors[0]
    assert "# Brief: " in result.stdout.decode()


def test_nothing_usable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_brief(str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert (
        result.stderr.decode().strip().splitlines()[-1]
        == "brief: error: no usable articles to brief"
    )
    assert result.stdout == b""


def test_usage_errors_exit_2(seeds_dir: Path, tmp_path: Path) -> None:
    assert run_brief().returncode == 2
    assert run_brief(str(seeds_dir), "--format", "yaml").returncode == 2
    missing_folder = run_brief(str(seeds_dir), "-o", str(tmp_path / "nope" / "brief.md"))
    assert missing_folder.returncode == 2
    assert "Traceback" not in missing_folder.stderr.decode()


def test_refuses_to_overwrite_an_input(seeds_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    shutil.copy(seeds_dir / "000_0ca85f08db01e6d8.txt", article)
    before = article.read_bytes()
    result = run_brief(str(article), "-o", str(article), "-q")
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr.decode()
    assert article.read_bytes() == before


def test_failed_run_keeps_the_previous_brief(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    out.write_text("previous brief\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run_brief(str(tmp_path / "empty.txt"), "-o", str(out)).returncode == 1
    assert out.read_text(encoding="utf-8") == "previous brief\n"


def test_help_documents_every_option() -> None:
    result = run_brief("--help")
    text = result.stdout.decode()
    for option in (
        "--output",
        "--format",
        "--engine",
        "--model",
        "--edits",
        "--title",
        "--quiet",
        "--max-size",
    ):
        assert option in text
    assert "Exit status" in text


def test_console_script_runs(seeds_dir: Path) -> None:
    script = Path(sys.executable).parent / "brief"  # installed by `make test`
    result = subprocess.run(
        [str(script), str(seeds_dir), "--engine", "extractive", "-q"],
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0 and result.stdout.startswith(b"# Brief: ")


def test_progress_bar_on_a_terminal_only(seeds_dir: Path, tmp_path: Path) -> None:
    import pty

    def stderr_of(*extra: str) -> str:
        leader, follower = pty.openpty()
        process = subprocess.Popen(
            [sys.executable, "-m", "summarize.cli", str(seeds_dir), "--engine", "extractive"]
            + ["-o", str(tmp_path / "brief.md"), *extra],
            stderr=follower,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "100"},
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=600) == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_of()
    assert "summarize" in shown and "repair" in shown  # the stages' bars were drawn
    assert "wrote " in shown
    assert "summarize" not in stderr_of("--quiet")
