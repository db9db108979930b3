"""Sources that disagree on a figure, a date or a name: the brief reports every version."""

from __future__ import annotations

import pytest

from summarize.articles import Article
from summarize.brief import Brief, build_brief
from summarize.brief.conflicts import quantities
from summarize.repair import Repaired


def _repaired(*texts: str) -> list[Repaired]:
    return [
        Repaired(
            article=Article(id=f"a{i}", title=f"Article {i}", source=f"a{i}.txt", text=text),
            edits=(),
            flags=(),
        )
        for i, text in enumerate(texts, start=1)
    ]


def _brief(*texts: str) -> Brief:
    return build_brief(_repaired(*texts))


TROOPS_A = (
    "Russia has massed 100,000 troops near the border with Ukraine, Western officials said. "
    "Talks between Washington and Moscow are planned for next week in Geneva."
)
TROOPS_B = (
    "Russia has massed 70,000 soldiers near its border with Ukraine, according to Western officials. "
    "The European Union has threatened new sanctions against Moscow."
)


def test_troop_counts_that_differ_are_reported_with_both_sources():
    brief = _brief(TROOPS_A, TROOPS_B)
    [conflict] = [c for c in brief.conflicts if c.kind == "number"]
    assert conflict.topic == "number of troops"
    versions = {version.value: version.sources for version in conflict.versions}
    assert versions == {"100,000": (1,), "70,000": (2,)}
    assert "100,000 troops" in conflict.versions[0].text
    # the disputed statement is still a point, citing both sources
    assert any(point.sources == (1, 2) and "Ukraine" in point.text for point in brief.points)


def test_a_third_source_joins_the_version_it_agrees_with():
    third = (
        "Russia has massed some 100,000 troops near the Ukrainian border, Western officials said."
    )
    brief = _brief(TROOPS_A, TROOPS_B, third)
    [conflict] = [c for c in brief.conflicts if c.kind == "number"]
    assert {v.value: v.sources for v in conflict.versions} == {"100,000": (1, 3), "70,000": (2,)}


def test_agreeing_figures_are_no_conflict():
    brief = _brief(TROOPS_A, TROOPS_A.replace("100,000 troops", "about 95,000 soldiers"))
    assert brief.conflicts == ()


def test_unlike_numbers_are_never_compared():
    # "two treaties" and "January 10" state different things: no conflict between them
    brief = _brief(
        "On December 17, Russia unveiled two treaties to limit NATO influence near its borders.",
        "Russia presented two draft treaties on January 10 to limit NATO influence near its borders.",
    )
    assert not [c for c in brief.conflicts if c.kind == "number"]


def test_different_days_for_the_same_event_are_a_date_conflict():
    brief = _brief(
        "A meeting between Russia and NATO will take place in Brussels on January 12, officials said.",
        "A meeting between Russia and NATO will take place in Brussels on January 14, officials said.",
    )
    [conflict] = brief.conflicts
    assert conflict.kind == "date"
    assert {v.value: v.sources for v in conflict.versions} == {
        "January 12": (1,),
        "January 14": (2,),
    }


def test_different_people_in_the_same_role_are_a_name_conflict():
    brief = _brief(
        "The Russian delegation in Geneva will be led by Deputy Foreign Minister Sergei Ryabkov.",
        "The Russian delegation in Geneva will be led by Deputy Foreign Minister Alexander Grushko.",
    )
    [conflict] = brief.conflicts
    assert conflict.kind == "name"
    assert {v.value: v.sources for v in conflict.versions} == {
        "Sergei Ryabkov": (1,),
        "Alexander Grushko": (2,),
    }


def test_the_same_person_written_differently_is_no_conflict():
    brief = _brief(
        "The Russian delegation in Geneva will be led by Deputy Foreign Minister Sergei Ryabkov.",
        "The Russian delegation in Geneva will be led by Deputy Foreign Minister Ryabkov.",
    )
    assert brief.conflicts == ()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia has massed 100,000 troops.", [(100_000, "troops", False)]),
        ("Some 100 000 soldiers are there.", [(100_000, "troops", True)]),
        ("It costs $5 million.", [(5_000_000, "dollars", False)]),
        ("Turnout was 61.5% in the east.", [(61.5, "percent", False)]),
        ("Russia unveiled two draft treaties.", [(2, "treaties", False)]),
        ("The talks on January 10 were in 2022.", []),
        ("Tens of thousands of soldiers", []),
    ],
)
def test_quantities_carry_their_unit(sentence: str, expected: list):
    assert [(q.value, q.unit, q.approximate) for q in quantities(sentence)] == expected
