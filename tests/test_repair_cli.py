"""`brief --repair-only` and `--languagetool`, run as a user runs them (a subprocess)."""

import json
import os
import socket
import subprocess
import sys

import pytest

from summarize.articles import load_articles
from summarize.repair import repair_articles
from summarize.repair.edits import apply_edits
from tests.conftest import REPO

SEEDS = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))


def brief(*args, env=None):
    return subprocess.run(
        [sys.executable, "-c", "from summarize.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def expected():
    return repair_articles(load_articles(SEEDS).articles)


def test_repair_only_writes_plain_text_split_by_form_feed_lines(expected):
    result = brief("--repair-only", "-q", *SEEDS)
    assert result.returncode == 0, result.stderr
    parts = result.stdout.split("\n\f\n")
    assert [p.strip("\n") for p in parts] == [r.text.strip("\n") for r in expected]
    assert "theNorth" not in result.stdout and "Skip to content" not in result.stdout


def test_repair_only_jsonl_records_replay_to_the_text(expected, tmp_path):
    out = tmp_path / "repaired.jsonl"
    result = brief("--repair-only", "--format", "jsonl", "-o", str(out), *SEEDS)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == [r.article.id for r in expected]
    for record, item in zip(records, expected, strict=True):
        assert set(record) == {"id", "source", "title", "text", "edits", "flags"}
        assert record["text"] == item.text
        edits = list(item.edits)
        assert [(e["start"], e["before"], e["after"]) for e in record["edits"]] == [
            (e.start, e.before, e.after) for e in edits
        ]
        assert apply_edits(item.article.text, edits) == record["text"]
        assert all(f["rule"] and f["reason"] for f in record["flags"])
    flagged = {f["rule"] for f in records[0]["flags"]}
    assert {"grammar.double_negation", "grammar.fragment"} <= flagged


def test_jsonl_input_is_one_article_per_record(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [
        {"title": "One", "text": "Talks withNATO resume.\n\nShare this article:"},
        {"title": "Two", "text": "U.S Y Russia will meet on January 10 ."},
    ]
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    result = brief("--repair-only", "--format", "jsonl", "-q", str(source))
    assert result.returncode == 0, result.stderr
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert texts == ["Talks with NATO resume.", "U.S. and Russia will meet on January 10."]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--repair-only", "--format", "json"], "--repair-only writes plain text"),
        (["--format", "jsonl"], "--format jsonl needs --repair-only"),
    ],
)
def test_format_mismatch_is_a_one_line_usage_error(args, message):
    result = brief(*args, SEEDS[0])
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unreachable_languagetool_is_one_warning_and_the_repair_goes_on(expected):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = brief("--repair-only", "--languagetool", f"http://127.0.0.1:{port}", *SEEDS)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "LanguageTool" in line]
    assert len(warnings) == 1 and "repairing without it" in warnings[0]
    assert result.stdout.split("\n\f\n")[0].strip("\n") == expected[0].text.strip("\n")


def test_edits_appendix_lists_this_engine_repairs():
    result = brief("--edits", "--engine", "extractive", "-q", *SEEDS)
    assert result.returncode == 0, result.stderr
    appendix = result.stdout.split("## Appendix: repairs", 1)[1]
    for rule in ("names.variant", "spacing.glued", "leaks", "leftover.conjunction"):
        assert f"| {rule} |" in appendix
