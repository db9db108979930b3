"""The combined brief of the two seed articles states the gold facts, each point sourced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.brief import MAX_POINTS, WORD_BUDGET, Brief, build_brief
from summarize.repair import repair_articles

# Each gold fact, written as the part of the brief that must state it and the key terms that
# state it there: every tuple is a set of alternatives, and each tuple must match (lowercase).
# A timeline fact also names its day.
FACTS = {
    "US and Russian officials hold bilateral talks on January 10": [
        ("timeline", "January 10", [("talk", "meet", "negotiation")]),
        ("points", None, [("bilateral",), ("january 10",), ("talk", "meeting")]),
    ],
    "the January 10 talks cover nuclear arms control and Ukraine": [
        ("points", None, [("nuclear",), ("arms control", "weapons control"), ("ukrain",)]),
    ],
    "a NATO–Russia meeting follows on January 12": [
        ("timeline", "January 12", [("nato", "north atlantic treaty organization"), ("russia",)]),
    ],
    "an OSCE meeting follows on January 13": [
        ("timeline", "January 13", [("osce", "organization for security and cooperation")]),
    ],
    "Russia has proposed draft treaties to bar further NATO expansion, notably to Ukraine": [
        ("points", None, [("treat",), ("expansion", "expand"), ("ukrain",)]),
    ],
    "Western governments accuse Russia of massing tens of thousands of troops near Ukraine; "
    "Moscow denies planning an invasion": [
        ("points", None, [("tens of thousands",), ("soldiers", "troops"), ("russia", "moscow")]),
        ("points", None, [("moscow", "russia", "kremlin"), ("denies", "denied")]),
    ],
    "the talks belong to the strategic security dialogue launched by Biden and Putin at their "
    "Geneva summit in June": [
        ("points", None, [("strategic security dialogue",), ("biden",), ("putin",), ("geneva",)]),
        ("entities", None, [("joe biden",)]),
        ("entities", None, [("vladimir putin",)]),
    ],
}


@pytest.fixture(scope="module")
def brief(seeds_dir: Path) -> Brief:
    loaded = load_articles([str(seeds_dir)])
    assert not loaded.errors
    return build_brief(repair_articles(loaded.articles))


def _states(text: str, terms: list[tuple[str, ...]]) -> bool:
    text = " ".join(text.lower().replace("’", "'").split())
    return all(any(term in text for term in alternatives) for alternatives in terms)


def test_facts_match_the_gold_list(seeds_gold: dict):
    assert sorted(FACTS) == sorted(seeds_gold["brief_facts"])


@pytest.mark.parametrize("fact", sorted(FACTS))
def test_brief_states_gold_fact(brief: Brief, fact: str):
    for part, day, terms in FACTS[fact]:
        if part == "points":
            stated = [p.text for p in brief.points if _states(p.text, terms)]
        elif part == "timeline":
            stated = [t.event for t in brief.timeline if t.date == day and _states(t.event, terms)]
        else:
            stated = [
                e.name for e in brief.entities if _states(" ".join((e.name, *e.variants)), terms)
            ]
        assert stated, f"the brief's {part} do not state {fact!r} ({terms})"


def test_points_cite_the_seed_sources(brief: Brief):
    assert [source.number for source in brief.sources] == [1, 2]
    assert 5 <= len(brief.points) <= 15
    for point in brief.points:
        assert point.sources and set(point.sources) <= {1, 2}
        assert point.single_source == (len(point.sources) == 1)
        assert {statement.source for statement in point.statements} == set(point.sources)
    assert any(not point.single_source for point in brief.points)
    assert any(point.single_source for point in brief.points)
    # shared points come first
    shared = [not point.single_source for point in brief.points]
    assert shared == sorted(shared, reverse=True)


def test_points_are_self_contained_sentences(brief: Brief):
    for point in brief.points:
        assert point.text[0].isupper() or point.text[0] in '“"'
        assert re.search(r"[.!?][”\"’)]*$", point.text), point.text
        assert len(point.text.split()) >= 5
        assert not point.text.lower().startswith(("finally", "shortly before", "however"))
    assert len({point.text for point in brief.points}) == len(brief.points)


def test_a_shared_fact_is_stated_by_a_source_the_repair_did_not_flag(seeds_dir: Path):
    repaired = repair_articles(load_articles([str(seeds_dir)]).articles)
    assert any("Europe They should" in flag.text for flag in repaired[0].flags)
    brief = build_brief(repaired)
    [meetings] = [point for point in brief.points if "Meetings with NATO" in point.text]
    assert meetings.sources == (1, 2)
    assert meetings.text == "Meetings with NATO and OSCE will focus on Ukraine."


def test_points_fit_the_budget_and_state_a_flagged_fact_without_the_flag(seeds_dir: Path):
    repaired = repair_articles(load_articles([str(seeds_dir)]).articles)
    flagged = [flag.text for item in repaired for flag in item.flags]
    assert "Provocation Westerners" in " ".join(flagged)
    brief = build_brief(repaired)
    assert len(brief.points) <= MAX_POINTS
    assert sum(len(point.text.split()) for point in brief.points) <= WORD_BUDGET
    assert not any(text in point.text for point in brief.points for text in flagged)
    # the flagged sentence's main clause states Moscow's denial, cut before the flag
    assert "Moscow denies any belligerent inclination." in [point.text for point in brief.points]


def test_timeline_has_the_talks_with_both_sources(brief: Brief):
    days = {entry.date: entry for entry in brief.timeline}
    for day in ("January 10", "January 12", "January 13"):
        assert days[day].sources == (1, 2), day
    assert days["December 17"].sources == (2,)
    # December 17 is before the January talks: the timeline is in date order
    order = [entry.date for entry in brief.timeline]
    assert order.index("December 17") < order.index("January 10") < order.index("January 12")
    assert [entry.iso for entry in brief.timeline][: order.index("January 13") + 1][-1] == "--01-13"


def test_entities_link_acronyms_and_cite_sources(brief: Brief):
    entities = {entity.name: entity for entity in brief.entities}
    assert "NATO" in entities["North Atlantic Treaty Organization"].variants
    assert "OSCE" in entities["Organization for Security and Cooperation in Europe"].variants
    assert entities["Joe Biden"].sources == (1, 2)
    assert entities["Vladimir Putin"].sources == (1, 2)
    # a capitalised mistranslation in one source is no organisation
    assert not any("Provocation" in name for name in entities)


def test_seed_brief_reports_no_invented_conflicts(brief: Brief):
    # the seeds agree on every figure and date; "two treaties" is no rival of "January 10"
    assert brief.conflicts == ()


def test_brief_records_its_vectors(brief: Brief):
    assert brief.vectors == "minilm"


def test_no_articles_make_an_empty_brief():
    brief = build_brief([])
    assert (brief.points, brief.sources, brief.timeline, brief.entities) == ((), (), (), ())


def test_one_article_briefs_from_its_own_sentences(seeds_dir: Path):
    loaded = load_articles([seeds_dir / "004_e77f744d15a5950d.txt"])
    brief = build_brief(repair_articles(loaded.articles))
    assert len(brief.points) >= 5
    assert all(point.sources == (1,) for point in brief.points)
    assert {entry.date for entry in brief.timeline} >= {"January 10", "January 12", "January 13"}


def test_a_reviewers_summary_is_their_sources_word(seeds_dir: Path):
    from summarize.summary import Summary

    repaired = repair_articles(load_articles(sorted(seeds_dir.glob("*.txt"))).articles)
    machine = Summary(text="Machine words that never reach the brief.", engine="extractive")
    edited = Summary(
        text="Talks set for Jan 10. The reviewer notes a sanctions threat against Belarus.",
        engine="extractive",
        human_edited=True,
    )
    brief = build_brief(repaired, [edited, machine])
    points = {point.text: point for point in brief.points}
    assert "Talks set for Jan 10." in points
    assert 1 in points["Talks set for Jan 10."].sources
    assert points["The reviewer notes a sanctions threat against Belarus."].sources == (1,)
    assert not any("Machine words" in text for text in points)
