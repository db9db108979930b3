"""Scale-out: 500 articles with the extractive engine, in one process against a 2-worker LocalCluster.

The articles are the shared eval pages (`mt-dev/pages` and the `brief-dev` stories), written as
.txt files to a temporary folder: the pages, then copies with their paragraphs rotated and a
paragraph of two MLQE-PE dev MT sentences added (as `brief_scale.py` mixes them), so that every
copy is a distinct article and the input is real MT text throughout.

Both runs call the same stages on the same plan: loading, repair and per-article summaries
(`pipeline.LocalRun`, then `distributed.DaskRun` on a `LocalCluster` of 2 processes with 1 thread
each). The stages are timed over `--repeat` runs (median; the first run of each warms the
workers' spaCy, wordfreq and nltk), and their outputs (every article, edit, flag and summary: what
the brief is built from, on the client in both modes) are compared. The cluster's start-up is
printed apart. On a machine whose cores are busy with other work the ratio says little: quote it with the
machine's load.

Run: PYTHONPATH=. python benchmarks/scale_out.py [--articles 500] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from brief_scale import mlqe_sentences  # this folder is on the path when the script runs

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
EVAL = SHARED / "eval"


def eval_pages() -> list[str]:
    pages = sorted((EVAL / "mt-dev" / "pages").glob("*.txt"))
    pages += sorted((EVAL / "brief-dev").glob("*/*.txt"))
    if not pages:
        raise SystemExit(f"scale_out: no eval pages under {EVAL} (set MTBRIEF_SHARED)")
    return [page.read_text(encoding="utf-8") for page in pages]


def write_corpus(folder: Path, count: int) -> list[str]:
    """`count` distinct article files: the eval pages, then copies with rotated paragraphs and
    two MLQE-PE sentences each."""
    pages = eval_pages()
    extra = mlqe_sentences()
    paths = []
    for number in range(count):
        paragraphs = [p for p in pages[number % len(pages)].split("\n\n") if p.strip()]
        copy = number // len(pages)
        if copy:
            turn = copy % len(paragraphs)
            added = " ".join(extra[(2 * number) % len(extra) :][:2])
            paragraphs = [*paragraphs[turn:], *paragraphs[:turn], added]
        text = "\n\n".join(paragraphs) + "\n"
        path = folder / f"{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def run_stages(run, paths: list[str], summarizer):
    from summarize.articles import plan_loads

    started = time.perf_counter()
    loaded = run.load(plan_loads(paths))
    repaired = run.repair(loaded.articles)
    summaries = run.summarize(repaired, summarizer, lambda *_: None)
    return time.perf_counter() - started, repaired, summaries


def measure(run, paths: list[str], repeat: int) -> dict:
    from summarize.engines import make_summarizer

    summarizer = make_summarizer("extractive")
    timings = []
    for _ in range(repeat):
        seconds, repaired, summaries = run_stages(run, paths, summarizer)
        timings.append(seconds)
    return {
        "articles": len(repaired),
        "first": timings[0],
        "stages": statistics.median(timings[1:] or timings),
        # what the brief is built from: every edit, flag and summary
        "output": [
            (r.article, r.edits, r.flags, s) for r, s in zip(repaired, summaries, strict=True)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    os.environ.setdefault("MTBRIEF_THREADS", "1")
    sys.path.insert(0, str(REPO))
    from summarize.distributed import DaskRun
    from summarize.pipeline import LocalRun

    with tempfile.TemporaryDirectory(prefix="mtbrief-scale-") as folder:
        paths = write_corpus(Path(folder), options.articles)
        single = measure(LocalRun(), paths, options.repeat)
        started = time.perf_counter()
        cluster = DaskRun.start(None, options.workers, model=None, threads=1)
        startup = time.perf_counter() - started
        try:
            spread = measure(cluster, paths, options.repeat)
        finally:
            cluster.close()
    rows = [("baseline: one process", single), (f"LocalCluster, {options.workers} workers", spread)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"scale-out, extractive engine, {single['articles']} articles, stages: median of "
        f"{max(1, options.repeat - 1)} warm runs; {cores} cores, load average {load:.1f}"
    )
    print(f"{'run':<26} {'first s':>8} {'stages s':>9} {'articles/s':>10} {'ratio':>6}")
    for name, row in rows:
        print(
            f"{name:<26} {row['first']:>8.2f} {row['stages']:>9.2f} "
            f"{row['articles'] / row['stages']:>10.1f} {single['stages'] / row['stages']:>5.2f}x"
        )
    print(
        "stages: loading, repair and summaries (on the workers for the cluster); the stories and "
        "the brief run on the client in both modes and are not timed; ratio: the baseline's stage "
        "time over this run's"
    )
    print(f"cluster start-up (not in the figures): {startup:.1f} s")
    same = spread["output"] == single["output"]
    print(f"same articles, edits, flags and summaries from both: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
