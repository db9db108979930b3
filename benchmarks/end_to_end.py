"""End to end: `brief` cold on seeds/ and on 10 real MT pages, today's path against the new one.

The 10 pages are the shortest machine-translated pages of ../shared/eval/brief-dev (gold.json
`source_language` other than English), copied into a temporary folder. Each (folder, path) pair
runs in its own child process, cold (summary cache off, a fresh model load), through the stages
`brief` runs: start-up (imports), load, repair, model load, summaries, the brief (with its fusion
call) and the export. The paths, all with the llamacpp engine:
- old: the first path: the whole article in the prompt (up to 1,500 words), every prompt evaluated
  from its first token;
- new: the article extract (at most 400 words), the prompt's shared beginning reused from the
  previous call, and the model loaded beside the repair, as `brief` does (its "model" stage is
  the wait for the load once the repair is done);
- lookup: the new path plus prompt-lookup decoding (off by default: it lost here).
Printed per stage: seconds, prompt tokens (in the prompts, and computed: the rest came from the KV
cache), generated tokens, model calls while generating, peak RSS so far. Then the share of
brief-dev gold facts (gold.json `facts`) that the article summaries state, counted as
score_brief.py counts (a fact is covered when one summary holds >= 60% of its content words, as
5-letter stems), over the facts that the chosen pages state. Figures are medians of --repeats
runs; the load average is printed, as the machine may be shared.

Run: PYTHONPATH=. python benchmarks/end_to_end.py [--model SPEC] [--threads N] [--repeats N]
     [--folders seeds brief-dev] [--paths old new lookup]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

START = time.perf_counter()
from summarize.engines.llamacpp_engine import PROMPT_LOOKUP_TOKENS  # noqa: E402 (timed start-up)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
BRIEF_DEV = SHARED / "eval" / "brief-dev"
PAGES = 10
PATHS = {
    "old": {"whole_article": True, "reuse_prefix": False},
    "new": {},
    "lookup": {"prompt_lookup": PROMPT_LOOKUP_TOKENS},  # the new path with prompt-lookup drafts
}
STAGES = ("start", "load", "repair", "model", "summarize", "brief", "export")
GOALS_S = {"seeds": 35.0, "brief-dev": 120.0}
RSS_GOAL_GB = 3.0
STOP_WORDS = (
    "the a an of to in on at for and or by with from as is was were be been has have had that "
    "this it its their his her after before than over into about who which"
)
STOP = frozenset(STOP_WORDS.split(" "))


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: KiB


def child(folder: str, path: str, model: str | None, threads: int) -> None:
    """One cold `brief` run, stage by stage; prints one JSON line."""
    os.environ["MTBRIEF_NO_CACHE"] = "1"
    from summarize.articles import load_articles
    from summarize.engines.llamacpp_engine import LlamaCppSummarizer
    from summarize.export import to_json, to_markdown
    from summarize.models import resolve_model
    from summarize.pipeline import build_report, loading_beside, summarize_articles
    from summarize.repair import repair_articles

    stages: dict[str, dict] = {}
    clock = [START]

    def done(stage: str, **counts: int) -> None:
        now = time.perf_counter()
        stages[stage] = {"s": now - clock[0], "rss_gb": peak_rss_gb(), **counts}
        clock[0] = now

    done("start")
    loaded = load_articles([folder])
    done("load")
    summarizer = LlamaCppSummarizer(resolve_model(model), threads, **PATHS[path])
    if path == "old":  # the model loaded after the repair
        repaired = repair_articles(loaded.articles)
        done("repair")
        summarizer.load()
    else:  # as `brief` does: loaded beside the repair; "model" is the wait for it after
        with loading_beside(summarizer):
            repaired = repair_articles(loaded.articles)
            done("repair")
    done("model")
    counts = {"prompt": 0, "computed": 0, "generated": 0, "calls": 0, "prompt_s": 0, "gen_s": 0}
    real_chat = summarizer.chat

    def counted_chat(messages, max_tokens):
        try:
            yield from real_chat(messages, max_tokens)
        finally:  # also when the reader stops early
            stats = summarizer.stats
            counts["prompt"] += stats.prompt_tokens
            counts["computed"] += stats.prompt_evaluated
            counts["generated"] += stats.generated_tokens
            counts["calls"] += stats.model_calls
            counts["prompt_s"] += stats.prompt_seconds
            counts["gen_s"] += stats.generate_seconds

    summarizer.chat = counted_chat
    summaries = summarize_articles(repaired, summarizer)
    done("summarize", **counts)
    counts.update(dict.fromkeys(counts, 0))
    report = build_report(repaired, summaries, summarizer.label, None, summarizer)
    done("brief", **counts)
    to_markdown(report)
    document = json.loads(to_json(report))
    done("export")
    sources = [article["source"] for article in document["articles"]]
    print(
        json.dumps(
            {
                "stages": stages,
                "summaries": dict(
                    zip(sources, [a["summary"] for a in document["articles"]], strict=True)
                ),
            }
        )
    )


def measure(folder: Path, path: str, model: str | None, threads: int) -> dict:
    command = [sys.executable, __file__, "--child", str(folder), path, "--threads", str(threads)]
    if model:
        command += ["--model", model]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{folder.name} {path} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def brief_dev_folder(into: Path) -> Path:
    """The PAGES shortest machine-translated brief-dev pages, as STORY--NN.txt."""
    pages = []
    for gold_path in sorted(BRIEF_DEV.glob("*/gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for article in gold["articles"]:
            if article["source_language"] != "en":
                page = gold_path.parent / article["file"]
                pages.append((len(page.read_text(encoding="utf-8").split()), page))
    folder = into / "brief-dev-mt"
    folder.mkdir()
    for _, page in sorted(pages)[:PAGES]:
        shutil.copy(page, folder / f"{page.parent.name}--{page.name}")
    return folder


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z0-9]+", plain) if w not in STOP]


def covered(fact: str, summaries: list[str]) -> bool:
    """score_brief.py's test: one summary holds >= 60% of the fact's content-word stems."""
    stems = {w[:5] for w in _words(fact)}
    return any(len(stems & {w[:5] for w in _words(s)}) >= 0.6 * len(stems) for s in summaries)


def fact_coverage(summaries: dict[str, str]) -> tuple[int, int]:
    """(covered, stated) over the gold facts that the chosen pages state."""
    by_story: dict[str, dict[str, str]] = {}
    for source, summary in summaries.items():
        story, _, page = Path(source).name.partition("--")
        by_story.setdefault(story, {})[page] = summary
    hits = total = 0
    for story, pages in by_story.items():
        gold = json.loads((BRIEF_DEV / story / "gold.json").read_text(encoding="utf-8"))
        for fact in gold["facts"]:
            if set(fact["files"]) & set(pages):
                total += 1
                hits += covered(fact["fact"], list(pages.values()))
    return hits, total


def median_run(runs: list[dict]) -> dict:
    stages = {
        stage: {key: statistics.median(run["stages"][stage][key] for run in runs) for key in row}
        for stage, row in runs[0]["stages"].items()
    }
    return {"stages": stages, "summaries": runs[0]["summaries"]}


def total_s(run: dict) -> float:
    return sum(row["s"] for row in run["stages"].values())


def table(results: dict[tuple[str, str], dict]) -> str:
    lines = [
        "| folder | path | stage | s | prompt tok | computed | generated | model calls | peak RSS GB |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for (folder, path), run in results.items():
        for stage in STAGES:
            row = run["stages"][stage]
            tokens = (
                f"{row['prompt']:.0f} | {row['computed']:.0f} | {row['generated']:.0f} "
                f"| {row['calls']:.0f}"
                if "prompt" in row
                else " |  |  | "
            )
            lines.append(
                f"| {folder} | {path} | {stage} | {row['s']:.1f} | {tokens} | {row['rss_gb']:.2f} |"
            )
        lines.append(f"| {folder} | {path} | **total** | **{total_s(run):.1f}** | | | | | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="default: the bundled model")
    parser.add_argument("--threads", type=int, default=None, help="default: the idle cores")
    parser.add_argument("--repeats", type=int, default=1, help="runs per case; medians shown")
    parser.add_argument(
        "--folders", nargs="+", choices=tuple(GOALS_S), default=tuple(GOALS_S), help="which cases"
    )
    parser.add_argument(
        "--paths", nargs="+", choices=tuple(PATHS), default=tuple(PATHS), help="old and new always"
    )
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "PATH"))
    args = parser.parse_args()
    paths = dict.fromkeys(("old", "new", *args.paths))  # the baseline runs in every comparison
    if args.child:
        child(*args.child, args.model, args.threads)
        return
    from summarize.models import resolve_model, thread_count

    resolve_model(args.model)  # untimed: the bundled model is assembled once
    threads = thread_count(args.threads)
    load_before = os.getloadavg()
    results: dict[tuple[str, str], dict] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folders = {"seeds": REPO / "seeds", "brief-dev": brief_dev_folder(Path(scratch))}
        for name in args.folders:
            folder = folders[name]
            for path in paths:
                runs = [measure(folder, path, args.model, threads) for _ in range(args.repeats)]
                results[name, path] = median_run(runs)
                print(f"{name} {path}: {total_s(results[name, path]):.1f} s", flush=True)
    load_after = os.getloadavg()
    print(
        f"end to end, cold, model {args.model or 'bundled'}, {threads} threads, median of "
        f"{args.repeats} run(s); load average {load_before[0]:.1f} before, {load_after[0]:.1f} after"
    )
    print(table(results))
    failed = []
    for name in args.folders:
        goal = GOALS_S[name]
        old, new = total_s(results[name, "old"]), total_s(results[name, "new"])
        verdict = "met" if new <= goal else "MISSED"
        print(
            f"{name}: old {old:.1f} s, new {new:.1f} s ({old / new:.2f}x); goal <= {goal:.0f} s {verdict}"
        )
        failed += [] if new <= goal else [name]
    rss = max(run["stages"]["export"]["rss_gb"] for run in results.values())
    print(
        f"peak RSS {rss:.2f} GB; goal < {RSS_GOAL_GB:.0f} GB {'met' if rss < RSS_GOAL_GB else 'MISSED'}"
    )
    if "brief-dev" in args.folders:
        coverage = {path: fact_coverage(results["brief-dev", path]["summaries"]) for path in paths}
        for path, (hits, total) in coverage.items():
            print(
                f"gold facts stated by the article summaries, {path} path: {hits}/{total} "
                f"({hits / total:.0%})"
            )
        if coverage["new"][0] < coverage["old"][0]:
            print("goal: fact coverage no lower than today's path MISSED")
            failed.append("coverage")
    for (name, path), run in results.items():
        row = run["stages"]["summarize"]
        print(
            f"{name} {path} summaries: prompt {row['computed'] / max(row['prompt_s'], 1e-9):.0f} "
            f"computed tok/s, generation {row['generated'] / max(row['gen_s'], 1e-9):.1f} tok/s "
            f"({row['generated'] / max(row['calls'], 1):.2f} tokens per model call)"
        )
    if failed or rss >= RSS_GOAL_GB:
        sys.exit(1)


if __name__ == "__main__":
    main()
