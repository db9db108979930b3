"""Brief quality on brief-dev: the four gold stories one by one, then all four mixed with the seeds.

For each story it prints what `../shared/eval/score_brief.py` prints (titles close to gold, people
and organisations found, entity precision, events dated, facts stated in points, points and words),
and for the mixed run the story purity `score_stories.py` scores: both scripts are run in-process
on the JSON the pipeline writes, so the figures are theirs exactly. The baseline, in the same run,
is the whole mixed input briefed as one, as `brief` did before it split its input into stories.
Last, the ceiling of extracted points: the gold facts that some one sentence of the repaired
articles states, and that the best 8 such sentences within the 200-word budget state; facts beyond
it need points that merge what several sentences say.

Run: PYTHONPATH=. python benchmarks/brief_quality.py [--engine extractive]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import runpy
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MTBRIEF_SHARED", REPO.parent / "shared"))
EVAL = SHARED / "eval"
BRIEF_DEV = EVAL / "brief-dev"
SEEDS = REPO / "seeds"
STORIES = sorted(path.name for path in BRIEF_DEV.iterdir() if (path / "gold.json").exists())
_SCORE_LINE = re.compile(
    r"titles (?P<titles_close>\d+)/(?P<titles>\d+) close .*"
    r"facts in points (?P<facts>\d+)/(?P<facts_total>\d+).*"
    r"people\+orgs found (?P<found>\d+)/(?P<people_orgs>\d+).*"
    r"entity precision (?P<precise>\d+)/(?P<entities>\d+).*"
    r"events dated (?P<dated>\d+)/(?P<events>\d+).*"
    r"points (?P<points>\d+), (?P<words>\d+) words"
)
_PURITY_LINE = re.compile(r"stories: (?P<stories>\d+); mixed: (?P<mixed>.+); split: (?P<split>.+);")


@dataclass(frozen=True)
class Scores:
    """score_brief.py's figures for one gold story."""

    titles_close: int
    titles: int
    found: int
    people_orgs: int
    precise: int
    entities: int
    dated: int
    events: int
    facts: int
    facts_total: int
    points: int
    words: int


@dataclass(frozen=True)
class Purity:
    """score_stories.py's verdict on a mixed run."""

    stories: int
    mixed: str
    split: str
    ok: bool


def _run_script(script: Path, document: dict, *arguments: str) -> tuple[str, int]:
    """Run an eval script in-process on `document` (written to a file): its stdout, exit code."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        argv, out, code = sys.argv, io.StringIO(), 0
        sys.argv = [str(script), str(path), *arguments]
        try:
            with contextlib.redirect_stdout(out):
                runpy.run_path(str(script), run_name="__main__")
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        finally:
            sys.argv = argv
    return out.getvalue(), code


def held(document: dict, story: str) -> dict:
    """The part of a run over several folders that holds `story`: the stories its articles lie in,
    with their articles renumbered. score_brief.py finds articles by file name, and every brief-dev
    folder has an 01.txt, so a mixed run is scored one folder at a time."""
    folder = str(BRIEF_DEV / story)
    articles = document["articles"]
    stories = [
        st
        for st in document["stories"]
        if any((articles[n - 1]["source"] or "").startswith(folder) for n in st["articles"])
    ]
    kept = [n for st in stories for n in st["articles"]]
    number = {old: new for new, old in enumerate(kept, start=1)}
    return {
        **document,
        "articles": [{**articles[n - 1], "number": number[n]} for n in kept],
        "stories": [{**st, "articles": [number[n] for n in st["articles"]]} for st in stories],
    }


def score(document: dict, story: str) -> Scores:
    """What score_brief.py prints for the part of `document` that holds `story`, against its gold."""
    gold = str(BRIEF_DEV / story / "gold.json")
    printed, _ = _run_script(EVAL / "score_brief.py", held(document, story), gold)
    match = _SCORE_LINE.search(printed)
    if match is None:
        raise RuntimeError(f"score_brief.py printed no scores: {printed!r}")
    return Scores(**{key: int(value) for key, value in match.groupdict().items()})


def purity(document: dict) -> Purity:
    """What score_stories.py says of a run over every brief-dev story and the seeds."""
    groups = [f"{story}={BRIEF_DEV / story}" for story in STORIES] + [f"seeds={SEEDS}"]
    printed, code = _run_script(EVAL / "score_stories.py", document, *groups)
    match = _PURITY_LINE.search(printed)
    if match is None:
        return Purity(1, printed.strip(), "", False)  # no stories[]: one brief of everything
    return Purity(int(match["stories"]), match["mixed"], match["split"], code == 0)


def story_paths(story: str) -> list[str]:
    return [str(path) for path in sorted((BRIEF_DEV / story).glob("*.txt"))]


def mixed_paths() -> list[str]:
    return [path for story in STORIES for path in story_paths(story)] + [str(SEEDS)]


def brief_document(paths: list[str], engine: str = "extractive", *, one_brief: bool = False):
    """The `brief --format json` document of `paths`; `one_brief` briefs them all as one story."""
    from summarize.articles import load_articles
    from summarize.brief import build_brief
    from summarize.engines import make_summarizer
    from summarize.export import to_json_data
    from summarize.pipeline import ArticleReport, Report, StoryBrief, build_report
    from summarize.repair import repair_articles

    summarizer = make_summarizer(engine, None)
    repaired = repair_articles(load_articles(paths).articles)
    summaries = summarizer.summarize_many([(item.title, item.text) for item in repaired])
    if one_brief:
        report = Report(
            title="one brief",
            engine=summarizer.label,
            articles=tuple(ArticleReport(r, s) for r, s in zip(repaired, summaries, strict=True)),
            stories=(StoryBrief("one brief", build_brief(repaired, summaries)),),
        )
    else:
        report = build_report(repaired, summaries, summarizer.label, summarizer=summarizer)
    return to_json_data(report)


HEADER = (
    f"| {'run':<9} | {'story':<24} | titles | people+orgs | precision | dated | facts | points"
    " | words |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
)


def total(scores: list[Scores]) -> Scores:
    return Scores(
        *(sum(values) for values in zip(*(vars(s).values() for s in scores), strict=True))
    )


def row(run: str, story: str, s: Scores, *, titles: bool = True) -> str:
    # briefed as one, the articles are no longer told apart by file name: titles cannot be scored
    title = f"{s.titles_close}/{s.titles}" if titles else "n/a"
    return (
        f"| {run:<9} | {story:<24} | {title} | {s.found}/{s.people_orgs} | "
        f"{s.precise}/{s.entities} | {s.dated}/{s.events} | {s.facts}/{s.facts_total} | "
        f"{s.points} | {s.words} |"
    )


@cache
def gold_facts(story: str) -> frozenset[str]:
    gold = json.loads((BRIEF_DEV / story / "gold.json").read_text(encoding="utf-8"))
    return frozenset(fact["fact"] for fact in gold["facts"])


def facts_stated(story: str, points: list[str]) -> set[str]:
    """The gold facts of `story` that score_brief.py finds stated by `points`."""
    gold_path = BRIEF_DEV / story / "gold.json"
    paths = story_paths(story)
    document = {
        "articles": [{"source": path, "title": "", "summary": ""} for path in paths],
        "stories": [
            {
                "articles": list(range(1, len(paths) + 1)),
                "points": [{"text": text} for text in points],
            }
        ],
    }
    printed, _ = _run_script(EVAL / "score_brief.py", document, str(gold_path), "-v")
    missing = {
        line.split("fact missing: ", 1)[1]
        for line in printed.splitlines()
        if "fact missing: " in line
    }
    return set(gold_facts(story) - missing)


def ceiling(story: str) -> tuple[int, int, int]:
    """How far points that are article sentences can go: the story's gold facts, those that some
    one sentence of its repaired articles states, and those that the best `MAX_POINTS` of them
    within `WORD_BUDGET` words state (greedy: most new facts per word first)."""
    from summarize.articles import load_articles
    from summarize.brief import MAX_POINTS, WORD_BUDGET
    from summarize.repair import repair_articles
    from summarize.sentences import split_sentences

    repaired = repair_articles(load_articles(story_paths(story)).articles)
    sentences = list(dict.fromkeys(s for item in repaired for s in split_sentences(item.text)))
    told = {sentence: facts_stated(story, [sentence]) for sentence in sentences}
    told = {sentence: facts for sentence, facts in told.items() if facts}
    chosen: list[str] = []
    covered: set[str] = set()
    words_left = WORD_BUDGET
    while len(chosen) < MAX_POINTS:
        fits = [s for s in told if len(s.split()) <= words_left and told[s] - covered]
        if not fits:
            break
        best = max(fits, key=lambda s: len(told[s] - covered) / len(s.split()))
        chosen.append(best)
        covered |= told[best]
        words_left -= len(best.split())
    return len(gold_facts(story)), len(set().union(*told.values())), len(covered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="extractive")
    arguments = parser.parse_args()
    print(HEADER)
    mixed = brief_document(mixed_paths(), arguments.engine)
    baseline = brief_document(mixed_paths(), arguments.engine, one_brief=True)
    runs = [
        ("alone", {s: score(brief_document(story_paths(s), arguments.engine), s) for s in STORIES}),
        ("mixed", {story: score(mixed, story) for story in STORIES}),
        ("one brief", {story: score(baseline, story) for story in STORIES}),
    ]
    for name, scores in runs:
        for story, figures in scores.items():
            print(row(name, story, figures, titles=name != "one brief"))
        if name != "one brief":  # one brief's points and words are the same four times
            print(row(name, "all four", total(list(scores.values()))))
    print()
    print("| run | stories | mixed | split | pure |\n|---|---:|---|---|---|")
    for name, document in (("stories", mixed), ("one brief (baseline)", baseline)):
        verdict = purity(document)
        print(f"| {name} | {verdict.stories} | {verdict.mixed} | {verdict.split} | {verdict.ok} |")
    print()
    print("ceiling of points that are article sentences (as score_brief.py counts facts):")
    print(
        "| story | facts | stated by one sentence | by the best 8 in 200 words |\n|---|---:|---:|---:|"
    )
    ceilings = {story: ceiling(story) for story in STORIES}
    for story, (facts, one, best) in [
        *ceilings.items(),
        ("all four", tuple(map(sum, zip(*ceilings.values(), strict=True)))),
    ]:
        print(f"| {story} | {facts} | {one} | {best} |")


if __name__ == "__main__":
    main()
