"""Dates found and normalised for the timeline."""

from __future__ import annotations

from datetime import date

import pytest

from summarize.dates import chronology, find_dates, is_time_phrase, iso, label, parse_date


def _days(text: str) -> list[tuple[int | None, int | None, int | None]]:
    return [mention.key for mention in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks are set for January 10.", [(None, 1, 10)]),
        ("A meeting follows on January 12th.", [(None, 1, 12)]),
        ("On 17 June, Pétain declared it.", [(None, 6, 17)]),
        ("On the 3rd of March 2022 they met.", [(2022, 3, 3)]),
        ("Signed on Jan. 5, 2021 in Minsk.", [(2021, 1, 5)]),
        ("Published 2022-01-03.", [(2022, 1, 3)]),
        ("Crimea was annexed in 2014.", [(2014, None, None)]),
        (
            "The negotiations on the 10th would be followed on January 12th.",
            [(None, 1, 10), (None, 1, 12)],
        ),
        ("The Mayor met Marchers on May 1.", [(None, 5, 1)]),
        ("They marked the 10th anniversary of the war in January.", []),
        ("February 30 is no day.", []),
        ("He scored 12 points and 300 rebounds.", []),
    ],
)
def test_find_dates(text: str, expected: list):
    assert _days(text) == expected


def test_bare_ordinal_takes_the_month_of_a_nearby_date():
    text = "Talks open on December 17. Another round is planned for the 20th, officials said."
    assert _days(text) == [(None, 12, 17), (None, 12, 20)]
    # without a month anywhere near, "the 20th" is no date
    assert _days("Another round is planned for the 20th, officials said.") == []


def test_mention_offsets_point_at_the_text():
    text = "Bilateral talks on January 10 will be held."
    [mention] = find_dates(text)
    assert text[mention.start : mention.end] == "January 10"


def test_chronology_puts_december_before_january_without_a_year():
    offsets = chronology([(1, 10), (12, 17), (1, 13)])
    assert offsets[(12, 17)] < offsets[(1, 10)] == offsets[(1, 13)]


def test_chronology_with_a_publication_date_gives_years():
    years = chronology([(1, 10), (12, 17)], published=date(2021, 12, 28))
    assert years == {(1, 10): 2022, (12, 17): 2021}


def test_labels_and_iso():
    assert label(None, 1, 10) == "January 10"
    assert label(2022, 1, 10) == "January 10, 2022"
    assert label(2014, None, None) == "2014"
    assert iso(None, 1, 10) == "--01-10"
    assert iso(2022, 1, 10) == "2022-01-10"
    assert parse_date("2021-12-27T10:00:00Z") == date(2021, 12, 27)
    assert parse_date("yesterday") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Saturday", True),
        ("Thursday evening", True),
        ("yesterday", True),
        ("on April 30", True),
        ("at 11:11 p.m. on Friday", True),
        ("by 48.77 %", False),  # a number, not a clock time
        ("in 2019", False),  # a year says more than when: a headline may keep it
        ("at the end of a process", False),
        ("on the streets", False),
    ],
)
def test_is_time_phrase(text: str, expected: bool):
    assert is_time_phrase(text) is expected
