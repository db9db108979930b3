"""Repair speed: MB/s of the repair engine (no LanguageTool) next to ftfy.fix_text, same input.

Two corpora:
- the two seed articles repeated until they make at least 5 MB, as separate articles (a large
  article set, which is what the cross-article passes must scale to). Its sentences recur, so
  after the first copy every spaCy parse comes from the parse caches: it measures the rule passes;
- the real pages of `../shared/eval` (the mt-dev MT pages and the brief-dev articles), each once,
  as one article set: every sentence is new, so it pays for the parses a real feed pays for. Each
  of its runs is a fresh process (the model loaded and warmed on the seeds outside the clock), so
  no run reads the parses of the one before.

Each measurement is repeated and the median reported; the machine may be shared, so compare the
CPU figures and the ratio to ftfy, not the wall-clock figures, across machines.

Usage: python benchmarks/repair_speed.py [--mb 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import ftfy

from summarize.articles import make_article
from summarize.repair import repair_articles

FLOOR_MB_S = 2.0

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
EVAL = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared")) / "eval"


def seed_texts() -> list[str]:
    return [path.read_text("utf-8") for path in sorted(SEEDS.glob("*.txt"))]


def corpus(megabytes: float) -> list[str]:
    seeds = seed_texts()
    texts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        text = seeds[len(texts) % len(seeds)]
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def page_texts() -> list[str]:
    pages = sorted((EVAL / "mt-dev" / "pages").glob("*.txt"))
    pages += sorted((EVAL / "brief-dev").glob("*/*.txt"))
    return [path.read_text("utf-8") for path in pages]


def median_seconds(action, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `runs` calls of `action`."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _articles(texts: list[str], name: str) -> list:
    return [make_article(text, f"{name}-{i}.txt") for i, text in enumerate(texts)]


def _pages_once() -> dict[str, float]:
    """One cold repair of the real pages, in this process: its wall and CPU seconds."""
    repair_articles(_articles(seed_texts(), "seed"))  # the model and the tables, off the clock
    articles = _articles(page_texts(), "page")
    wall, cpu = median_seconds(lambda: repair_articles(articles), 1)
    return {"wall": wall, "cpu": cpu}


def _pages_in_fresh_processes(runs: int) -> tuple[float, float]:
    command = [sys.executable, __file__, "--pages-once"]
    results = []
    for _ in range(runs):
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return (
        statistics.median(r["wall"] for r in results),
        statistics.median(r["cpu"] for r in results),
    )


def _row(name: str, megabytes: float, wall: float, cpu: float) -> str:
    return f"{name:<34}{wall:>9.2f}{megabytes / wall:>8.2f}{cpu:>9.2f}{megabytes / cpu:>10.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages-once", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.pages_once:
        print(json.dumps(_pages_once()))
        return 0
    texts = corpus(options.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    articles = _articles(texts, "seed-copy")
    repair_articles(articles[:2])  # load wordfreq, nltk and the tables outside the clock
    ftfy.fix_text(texts[0])
    repair_s, repair_cpu = median_seconds(lambda: repair_articles(articles), options.runs)
    ftfy_s, ftfy_cpu = median_seconds(lambda: [ftfy.fix_text(t) for t in texts], options.runs)
    pages = page_texts()
    page_mb = sum(len(t.encode("utf-8")) for t in pages) / 1_000_000
    pages_s, pages_cpu = _pages_in_fresh_processes(options.runs)
    pages_ftfy_s, pages_ftfy_cpu = median_seconds(
        lambda: [ftfy.fix_text(t) for t in pages], options.runs
    )
    repair_rate, ftfy_rate = megabytes / repair_s, megabytes / ftfy_s
    print(
        f"seeds repeated: {len(texts)} articles, {megabytes:.2f} MB; median of {options.runs} runs"
    )
    print(f"{'engine':<34}{'wall s':>9}{'MB/s':>8}{'CPU s':>9}{'MB/CPU-s':>10}")
    print(_row("mtbrief repair (all passes)", megabytes, repair_s, repair_cpu))
    print(_row("ftfy.fix_text", megabytes, ftfy_s, ftfy_cpu))
    print(
        f"ratio repair/ftfy: {repair_rate / ftfy_rate:.2f}x wall, {ftfy_cpu / repair_cpu:.2f}x CPU"
        f"   floor: {FLOOR_MB_S} MB/s wall: {'met' if repair_rate >= FLOOR_MB_S else 'MISSED'}"
    )
    print(
        f"real pages, each once (mt-dev, brief-dev): {len(pages)} articles, {page_mb:.2f} MB; "
        f"median of {options.runs} fresh processes"
    )
    print(_row("mtbrief repair (all passes), cold", page_mb, pages_s, pages_cpu))
    print(_row("ftfy.fix_text", page_mb, pages_ftfy_s, pages_ftfy_cpu))
    pages_rate = page_mb / pages_s
    print(
        f"ratio repair/ftfy: {pages_rate / (page_mb / pages_ftfy_s):.2f}x wall, "
        f"{pages_ftfy_cpu / pages_cpu:.2f}x CPU   floor: {FLOOR_MB_S} MB/s wall: "
        f"{'met' if pages_rate >= FLOOR_MB_S else 'MISSED'}"
    )
    return 0 if min(repair_rate, pages_rate) >= FLOOR_MB_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
