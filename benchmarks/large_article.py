"""One large article through the whole brief (extractive engine): seconds, peak RSS, growth.

The article is real machine-translated text: the mt-dev pages (page debris included) and the
brief-dev articles of `../shared/eval`, plus MLQE-PE dev MT sentences, cut into sentences and
clauses and recombined, with figures and days changed, so that it grows without becoming one
paragraph repeated (which near-duplicate folding would collapse to nothing).

Each size runs in a fresh process that loads the models, then runs the stages the `brief` command
runs (load, repair, summarize, brief, Markdown export) on one article of that size, and reports
its peak RSS (getrusage). The baseline of the same run is the process's RSS with the models
loaded and no article (memory growth is counted above it) and, for time, the repair alone, whose
cost the issue measured as linear. Growth per doubling is each size's figure over the previous
size's: linear work doubles (2.0x), quadratic work quadruples.

Run: PYTHONPATH=. python benchmarks/large_article.py [--sizes 1 2 4 8] [--goal 10]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
EVAL = SHARED / "eval"
GOAL_SECONDS, GOAL_GB, GOAL_GROWTH = 60.0, 2.0, 2.2
_DAY = re.compile(
    r"\b([1-9]|[12]\d|3[01])\b(?= (?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December))"
)
_NUMBER = re.compile(r"\b\d{2,}\b")


def _mlqe_sentences() -> list[str]:
    sentences = []
    for path in sorted((EVAL / "mlqe-pe" / "dev").glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            # MLQE-PE is tokenised ("hospital ."): detokenise the punctuation
            sentences += [re.sub(r" ([.,;:!?)’'])|([(‘]) ", r"\1\2", row["mt"]) for row in rows]
    return [s for s in sentences if len(s.split()) >= 6]


def _page_paragraphs() -> list[str]:
    pages = sorted((EVAL / "mt-dev" / "pages").glob("*.txt"))
    pages += sorted((EVAL / "brief-dev").glob("*/*.txt"))
    return [
        line.strip()
        for page in pages
        for line in page.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _vary(sentence: str, sentences: list[str], clauses: list[str], rng: random.Random) -> str:
    """The sentence with a clause of another or another's tail, a figure and a day changed."""
    parts = sentence.split(", ")
    if len(parts) > 1 and rng.random() < 0.6:
        parts[rng.randrange(len(parts))] = rng.choice(clauses)
        sentence = ", ".join(parts)
    elif rng.random() < 0.6:
        head, tail = sentence.split(), rng.choice(sentences).split()
        sentence = " ".join(head[: rng.randint(3, max(3, len(head) - 2))] + tail[len(tail) // 2 :])
    sentence = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randint(-9, 9)), sentence, count=1)
    return _DAY.sub(lambda m: str(rng.randint(1, 28)), sentence, count=1)


def make_text(megabytes: float, seed: int = 0) -> str:
    """An article of about `megabytes` MB of recombined real MT text, first line its title."""
    from summarize.sentences import split_sentences

    paragraphs = _page_paragraphs()
    sentences = [s for p in paragraphs for s in split_sentences(p)] + _mlqe_sentences()
    clauses = [c for s in sentences for c in s.rstrip(".").split(", ") if len(c.split()) >= 3]
    rng = random.Random(seed)
    out = ["A long report on the week's events, from the foreign press"]
    size, target = 0, int(megabytes * 1_000_000)
    while size < target:
        if rng.random() < 0.15:  # a page line as it came: debris, captions, short headlines
            paragraph = rng.choice(paragraphs)
        else:
            chosen = rng.sample(sentences, rng.randint(2, 6))
            paragraph = " ".join(_vary(s, sentences, clauses, rng) for s in chosen)
        out.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(megabytes: float) -> dict:
    """Brief one article of `megabytes` in this process, stage by stage as `brief` runs them."""
    from summarize import embeddings
    from summarize.articles import load_articles
    from summarize.engines import make_summarizer
    from summarize.export import to_markdown
    from summarize.nlp import pipeline
    from summarize.pipeline import build_report, summarize_articles
    from summarize.repair import repair_articles

    text = make_text(megabytes)
    size = len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long-report.txt"
        path.write_text(text, encoding="utf-8")
        # the models and tables load outside the clock: the baseline holds them
        summarizer = make_summarizer("extractive", None, 1)
        pipeline()
        embeddings.embed(["warm up"])
        repair_articles(load_articles([str(REPO / "seeds")]).articles)
        baseline_kib = _rss_kib()
        del text
        stages: dict[str, float] = {}
        cpu: dict[str, float] = {}

        def timed(stage: str, action):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = action()
            stages[stage] = time.perf_counter() - started
            cpu[stage] = time.process_time() - started_cpu
            return result

        loaded = timed("load", lambda: load_articles([str(path)], limit=64 * 1024 * 1024))
        if loaded.errors:
            raise SystemExit(f"large_article: {loaded.errors[0]}")
        repaired = timed("repair", lambda: repair_articles(loaded.articles))
        summaries = timed("summarize", lambda: summarize_articles(repaired, summarizer))
        report = timed(
            "brief", lambda: build_report(repaired, summaries, summarizer.label, None, summarizer)
        )
        markdown = timed("export", lambda: to_markdown(report))
    return {
        "mb": megabytes,
        "bytes": size,
        "stages": stages,
        "cpu": cpu,
        "seconds": sum(stages.values()),
        "peak_kib": _rss_kib(),
        "baseline_kib": baseline_kib,
        "points": sum(len(story.brief.points) for story in report.stories),
        "summary_words": len(summaries[0].text.split()),
        "markdown_kb": len(markdown) / 1000,
    }


def _child(megabytes: float) -> dict:
    command = [sys.executable, __file__, "--one", str(megabytes)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return {"mb": megabytes, "error": f"exit {done.returncode}: {tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--goal", type=float, default=10, help="MB of the goal run (0: none)")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    rows = [_child(size) for size in args.sizes]
    stage_names = ("load", "repair", "summarize", "brief", "export")
    print("one article through the brief, extractive engine; each size in a fresh process")
    print(
        f"{'MB':>5} {'seconds':>8} "
        + " ".join(f"{name:>9}" for name in stage_names)
        + f" {'x time':>7} {'x repair':>8} {'CPU s':>7} {'rep CPU':>7}"
        + f" {'peak MB':>8} {'above base':>10} {'x memory':>8}"
    )
    worst_time = worst_memory = 0.0
    previous = None
    for row in rows:
        if "error" in row:
            print(f"{row['mb']:>5g} failed: {row['error']}")
            previous = None
            continue
        above = (row["peak_kib"] - row["baseline_kib"]) / 1024
        growth = memory_growth = repair_growth = ""
        if previous:
            time_ratio = row["seconds"] / previous["seconds"]
            repair_ratio = row["stages"]["repair"] / previous["stages"]["repair"]
            memory_ratio = above / max(
                1.0, (previous["peak_kib"] - previous["baseline_kib"]) / 1024
            )
            worst_time, worst_memory = max(worst_time, time_ratio), max(worst_memory, memory_ratio)
            growth, repair_growth = f"{time_ratio:.2f}x", f"{repair_ratio:.2f}x"
            memory_growth = f"{memory_ratio:.2f}x"
        print(
            f"{row['mb']:>5g} {row['seconds']:>8.1f} "
            + " ".join(f"{row['stages'][name]:>9.2f}" for name in stage_names)
            + f" {growth:>7} {repair_growth:>8} {sum(row['cpu'].values()):>7.1f}"
            + f" {row['cpu']['repair']:>7.1f} {row['peak_kib'] / 1024:>8.0f} {above:>10.0f}"
            f" {memory_growth:>8}"
        )
        previous = row
    print(
        "x time, x memory: growth over the previous size (linear doubles: 2.00x); x repair: the "
        "baseline, the repair alone; CPU s, rep CPU: CPU seconds of all stages and of the repair "
        "(the machine may be shared); above base: peak RSS over the process with models loaded"
    )
    ok = all("error" not in row for row in rows)
    if worst_time:
        verdict = worst_time <= GOAL_GROWTH and worst_memory <= GOAL_GROWTH
        ok &= verdict
        print(
            f"worst growth per doubling: time {worst_time:.2f}x, memory {worst_memory:.2f}x "
            f"(goal <= {GOAL_GROWTH}x): {'PASS' if verdict else 'FAIL'}"
        )
    if args.goal:
        goal = _child(args.goal)
        if "error" in goal:
            print(f"goal {args.goal:g} MB: failed: {goal['error']}")
            return 1
        gb = goal["peak_kib"] / 1024 / 1024
        verdict = goal["seconds"] <= GOAL_SECONDS and gb <= GOAL_GB
        ok &= verdict
        print(
            f"goal {args.goal:g} MB: {goal['seconds']:.1f} s ({sum(goal['cpu'].values()):.1f} CPU s, "
            f"repair {goal['stages']['repair']:.1f} s, {goal['cpu']['repair']:.1f} CPU s), "
            f"peak {gb:.2f} GB "
            f"(goal <= {GOAL_SECONDS:.0f} s, <= {GOAL_GB:g} GB): {'PASS' if verdict else 'FAIL'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
