"""How fast the input splits into stories: 1,000 articles, against the all-pairs comparison.

The corpus is built from real pages: each brief-dev story, the seeds and each mt-dev page is one
news event, and every article about an event is a fresh rewrite of it: the headline of one of its
pages, then sentences drawn from all its pages (shuffled after the lead, some dropped, words
dropped, figures changed), as agencies and their translations retell one story. Events get
different numbers of articles, as in a day's feed.

Timed, medians of `--repeat` runs, models loaded before the clock starts: reading the leads
(MiniLM vectors and spaCy names of 1,000 leads), then grouping through the index (candidate pairs
from the random-projection forest and the rare-name index, average linkage). The baseline groups
the same leads the same way from every pair (n·(n-1)/2 links), which is what the index avoids.
Both print the pairs they scored and the stories found against the events the corpus was built
from (a story holding two events is mixed; an event over several stories is split).

Run: PYTHONPATH=. python benchmarks/story_split.py [--articles 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

from brief_scale import perturb  # the same retelling as the brief-scale corpus

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
EVAL = SHARED / "eval"


def events() -> list[list[Path]]:
    """The pages of each event: a brief-dev story, the seeds, or one mt-dev page."""
    stories = [
        sorted(p.glob("*.txt")) for p in sorted((EVAL / "brief-dev").iterdir()) if p.is_dir()
    ]
    pages = [[page] for page in sorted((EVAL / "mt-dev" / "pages").glob("*.txt"))]
    return [*stories, sorted((REPO / "seeds").glob("*.txt")), *pages]


def corpus(count: int, seed: int = 0):
    """`count` repaired articles and the event each retells."""
    from summarize.articles import make_article
    from summarize.repair import repair_articles
    from summarize.sentences import split_sentences

    rng = random.Random(seed)
    pages = events()
    repaired = repair_articles(
        [
            make_article(path.read_text(encoding="utf-8"), str(path))
            for group in pages
            for path in group
        ]
    )
    by_event, at = [], 0
    for group in pages:
        items = repaired[at : at + len(group)]
        at += len(group)
        by_event.append(
            (
                [item.title for item in items],
                [[s for s in split_sentences(item.text) if len(s.split()) >= 6] for item in items],
            )
        )
    # a few events dominate the day, most have a handful of articles
    weights = [1 / (rank + 1) for rank in range(len(by_event))]
    chosen = rng.choices(range(len(by_event)), weights=weights, k=count)
    articles = []
    for number, event in enumerate(chosen):
        titles, texts = by_event[event]
        page = rng.randrange(len(titles))
        lead = texts[page][:2]
        rest = [s for text in texts for s in text if s not in lead and rng.random() < 0.5]
        rng.shuffle(rest)
        body = [perturb(s, rng) for s in lead + rest[:25]]
        articles.append(
            make_article(f"{titles[page]}\n\n" + "\n\n".join(body), f"synthetic/{number:04}.txt")
        )
    return repair_articles(articles), chosen


def verdict(groups: list[list[int]], events_of: list[int]) -> str:
    mixed = sum(len({events_of[i] for i in group}) > 1 for group in groups)
    spread = Counter(e for group in groups for e in {events_of[i] for i in group})
    split = sum(count > 1 for count in spread.values())
    return f"{len(groups)} stories for {len(spread)} events; {mixed} mixed, {split} events split"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    from summarize import nlp
    from summarize.brief import stories
    from summarize.brief.facts import sentence_vectors

    repaired, events_of = corpus(arguments.articles)
    sentence_vectors(["warm up"])  # the models load before the clock starts
    nlp.pipeline()
    n = len(repaired)

    def timed(work, *arguments):
        """`work(*arguments)`, its wall and CPU seconds (CPU is what a busy machine hides)."""
        wall, cpu = time.perf_counter(), time.process_time()
        result = work(*arguments)
        return result, (time.perf_counter() - wall, time.process_time() - cpu)

    reading, indexed, all_pairs = [], [], []
    for _ in range(arguments.repeat):
        leads, seconds = timed(stories.read_leads, repaired)
        reading.append(seconds)
        groups, seconds = timed(
            lambda found: stories.group_articles(found, stories.candidate_pairs(found)), leads
        )
        indexed.append(seconds)
        pairs = stories.candidate_pairs(leads)
        every = set(combinations(range(n), 2))
        baseline, seconds = timed(stories.group_articles, leads, every)
        all_pairs.append(seconds)

    def median(runs, column):
        return statistics.median(run[column] for run in runs)

    print(f"{n} articles, {len({*events_of})} events; medians of {arguments.repeat} runs")
    print(
        f"reading the leads (MiniLM vectors, spaCy names): {median(reading, 0):.2f} s wall, "
        f"{median(reading, 1):.2f} s CPU\n"
    )
    print("| grouping | pairs scored | group s (CPU) | split s with leads (CPU) | stories |")
    print("|---|---:|---:|---:|---|")
    for name, runs, scored, found in (
        ("index (stories.py)", indexed, len(pairs), groups),
        ("baseline: all pairs", all_pairs, len(every), baseline),
    ):
        print(
            f"| {name} | {scored:,} | {median(runs, 0):.2f} ({median(runs, 1):.2f}) | "
            f"{median(reading, 0) + median(runs, 0):.2f} "
            f"({median(reading, 1) + median(runs, 1):.2f}) | {verdict(found, events_of)} |"
        )


if __name__ == "__main__":
    main()
