"""How the combined brief scales: 10, 50 and 200 articles through the extractive path.

The corpus repeats and perturbs the repaired seed articles (sentences dropped, words dropped,
figures changed, paragraphs reordered) and mixes in MLQE-PE dev sentences (column `mt`), so that
articles share some statements and not others, as wire copy in several translations does.

Each size runs in a fresh process (peak RSS is per process); the MiniLM model is loaded before the
clock starts and its load time is printed apart. The time is split into embedding (MiniLM, linear
in distinct sentences) and the rest (index, grouping, conflicts, timeline, entities). Growth is
compared with n·log n in sentences, relative to the smallest size: a ratio near 1 or below means
no worse than n·log n. The baseline, timed alone on the same vectors, is the all-pairs similarity
matrix the brief avoids; it grows as n².

Run: PYTHONPATH=. python benchmarks/brief_scale.py [--sizes 10 50 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
MLQE = SHARED / "eval" / "mlqe-pe" / "dev"
MLQE_PER_ARTICLE = 8
LIMIT_SECONDS = 60.0


def mlqe_sentences() -> list[str]:
    sentences = []
    for path in sorted(MLQE.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            # MLQE-PE is tokenised ("hospital ."): detokenise the punctuation
            sentences += [re.sub(r" ([.,;:!?)’'])|([(‘]) ", r"\1\2", row["mt"]) for row in rows]
    return sentences


def perturb(sentence: str, rng: random.Random) -> str:
    """A sentence retold: a word dropped now and then, a number nudged."""
    words = sentence.split()
    if len(words) > 8 and rng.random() < 0.4:
        del words[rng.randrange(1, len(words) - 1)]
    sentence = " ".join(words)
    if rng.random() < 0.2:
        sentence = re.sub(
            r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 3)), sentence, count=1
        )
    return sentence


def make_corpus(count: int, seed: int = 0):
    """`count` articles: perturbed copies of the repaired seeds with MLQE-PE sentences mixed in."""
    from summarize.articles import Article, load_articles
    from summarize.repair import repair_articles
    from summarize.sentences import split_sentences

    seeds = repair_articles(load_articles(sorted((REPO / "seeds").glob("*.txt"))).articles)
    pool = mlqe_sentences()
    if not pool:
        raise SystemExit(f"brief_scale: no MLQE-PE dev files in {MLQE} (set MTBRIEF_SHARED)")
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        seed_article = seeds[number % len(seeds)]
        paragraphs = [p for p in seed_article.text.split("\n") if p.strip()]
        title, body = paragraphs[0], paragraphs[1:]
        rng.shuffle(body) if rng.random() < 0.3 else None
        kept = []
        for paragraph in body:
            sentences = [perturb(s, rng) for s in split_sentences(paragraph) if rng.random() > 0.25]
            if sentences:
                kept.append(" ".join(sentences))
        for sentence in rng.sample(pool, MLQE_PER_ARTICLE):
            kept.insert(rng.randrange(len(kept) + 1), sentence)
        text = "\n\n".join([title, *kept])
        articles.append(
            Article(id=f"bench{number}", title=title, source=f"bench/{number}.txt", text=text)
        )
    return repair_articles(articles)


def run_one(count: int) -> dict:
    """Build one brief of `count` articles in this process and measure it."""
    import numpy as np

    from summarize import embeddings
    from summarize.brief import build_brief
    from summarize.brief.facts import article_sentences, sentence_vectors
    from summarize.brief.nearduplicates import near_duplicate_leaders

    repaired = make_corpus(count)
    started = time.perf_counter()
    embeddings.embed(["warm up"])
    load_seconds = time.perf_counter() - started
    embed, embed_seconds = embeddings.embed, []

    def timed_embed(sentences, *args, **kwargs):
        started = time.perf_counter()
        try:
            return embed(sentences, *args, **kwargs)
        finally:
            embed_seconds.append(time.perf_counter() - started)

    embeddings.embed = timed_embed
    started = time.perf_counter()
    brief = build_brief(repaired)
    seconds = time.perf_counter() - started
    embeddings.embed = embed
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sentences = [
        s
        for n, item in enumerate(repaired, start=1)
        for s in article_sentences(item.text, n, item.title)
        if s.complete
    ]
    texts = [s.text for s in sentences]
    # the baseline the brief avoids: every sentence against every other
    vectors, _ = sentence_vectors(texts)
    started = time.perf_counter()
    similarity = vectors @ vectors.T
    np.count_nonzero(similarity >= 0.62)
    all_pairs_seconds = time.perf_counter() - started
    return {
        "articles": count,
        "sentences": len(sentences),
        "distinct": len(set(near_duplicate_leaders(texts))),
        "seconds": seconds,
        "embed_seconds": sum(embed_seconds),
        "rest_seconds": seconds - sum(embed_seconds),
        "load_seconds": load_seconds,
        "peak_mib": peak_kib / 1024,
        "points": len(brief.points),
        "shared_points": sum(not p.single_source for p in brief.points),
        "conflicts": len(brief.conflicts),
        "dates": len(brief.timeline),
        "entities": len(brief.entities),
        "vectors": brief.vectors,
        "all_pairs_seconds": all_pairs_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for size in args.sizes:
        runs = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", str(size)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            for _ in range(args.repeat)
        ]
        row = dict(runs[0])
        for key in (
            "seconds",
            "embed_seconds",
            "rest_seconds",
            "load_seconds",
            "peak_mib",
            "all_pairs_seconds",
        ):
            row[key] = statistics.median(run[key] for run in runs)
        rows.append(row)
    base = rows[0]

    def nlogn(row: dict) -> float:
        return row["sentences"] * math.log(row["sentences"])

    print(
        f"brief scale, extractive path, median of {args.repeat} runs (vectors: {base['vectors']})"
    )
    print(
        f"{'articles':>8} {'sentences':>9} {'embedded':>8} {'seconds':>8} {'embed s':>8} "
        f"{'rest s':>7} {'peak MiB':>8} {'vs n·log n':>10} {'rest vs':>7} {'vs n²':>6} "
        f"{'all-pairs s':>11} {'points':>6} {'shared':>6} {'conflicts':>9} {'dates':>5} "
        f"{'entities':>8}"
    )
    for row in rows:
        scale = nlogn(row) / nlogn(base)
        ratio_nlogn = row["seconds"] / base["seconds"] / scale
        ratio_rest = row["rest_seconds"] / base["rest_seconds"] / scale
        ratio_square = (
            row["seconds"] / base["seconds"] / (row["sentences"] / base["sentences"]) ** 2
        )
        print(
            f"{row['articles']:>8} {row['sentences']:>9} {row['distinct']:>8} "
            f"{row['seconds']:>8.2f} {row['embed_seconds']:>8.2f} {row['rest_seconds']:>7.2f} "
            f"{row['peak_mib']:>8.0f} {ratio_nlogn:>10.2f} {ratio_rest:>7.2f} {ratio_square:>6.2f} "
            f"{row['all_pairs_seconds']:>11.3f} {row['points']:>6} {row['shared_points']:>6} "
            f"{row['conflicts']:>9} {row['dates']:>5} {row['entities']:>8}"
        )
    print(
        "vs n·log n: growth in seconds from the smallest size over growth of n·log n in sentences "
        "(<= ~1: no worse than n·log n); rest vs: the same without the embedding; embedded: "
        "distinct sentences after near-duplicate folding"
    )
    print(
        f"model load (not in seconds): {statistics.median(r['load_seconds'] for r in rows):.1f} s"
    )
    largest = rows[-1]
    verdict = "PASS" if largest["seconds"] < LIMIT_SECONDS else "FAIL"
    print(
        f"{largest['articles']} articles in {largest['seconds']:.1f} s (limit {LIMIT_SECONDS:.0f} s): {verdict}"
    )


if __name__ == "__main__":
    main()
