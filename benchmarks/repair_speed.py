"""Repair speed: MB/s of the repair engine (no LanguageTool) next to ftfy.fix_text, same input.

The input is the two seed articles repeated until they make at least 5 MB, as separate articles
(a large article set, which is what the cross-article passes must scale to). Each measurement is
repeated and the median reported; the machine may be shared, so compare the ratio, not the
absolute figures, across machines.

Usage: python benchmarks/repair_speed.py [--mb 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import ftfy

from summarize.articles import make_article
from summarize.repair import repair_articles

FLOOR_MB_S = 2.0


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


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


def median_seconds(action, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `runs` calls of `action`."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    texts = corpus(options.mb)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1_000_000
    articles = [make_article(text, f"seed-copy-{i}.txt") for i, text in enumerate(texts)]
    repair_articles(articles[:2])  # load wordfreq, nltk and the tables outside the clock
    ftfy.fix_text(texts[0])
    repair_s, repair_cpu = median_seconds(lambda: repair_articles(articles), options.runs)
    ftfy_s, ftfy_cpu = median_seconds(lambda: [ftfy.fix_text(t) for t in texts], options.runs)
    repair_rate, ftfy_rate = megabytes / repair_s, megabytes / ftfy_s
    print(f"input: {len(texts)} articles, {megabytes:.2f} MB; median of {options.runs} runs")
    print(f"{'engine':<28}{'wall s':>9}{'MB/s':>8}{'CPU s':>9}{'MB/CPU-s':>10}")
    for name, wall, cpu in (
        ("mtbrief repair (all passes)", repair_s, repair_cpu),
        ("ftfy.fix_text", ftfy_s, ftfy_cpu),
    ):
        print(f"{name:<28}{wall:>9.2f}{megabytes / wall:>8.2f}{cpu:>9.2f}{megabytes / cpu:>10.2f}")
    print(
        f"ratio repair/ftfy: {repair_rate / ftfy_rate:.2f}x wall, {ftfy_cpu / repair_cpu:.2f}x CPU"
        f"   floor: {FLOOR_MB_S} MB/s wall: {'met' if repair_rate >= FLOOR_MB_S else 'MISSED'}"
    )
    return 0 if repair_rate >= FLOOR_MB_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
