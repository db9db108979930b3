"""Lead clauses: the headline a page without one gets, cut from its lead sentence by its parse."""

from __future__ import annotations

import pytest

from summarize.headlines import LEAD, LEAD_WORDS, drop_dateline, find_headline, lead_headline


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        # a fronted adjunct set off by a comma, and a time phrase, are left out
        (
            "On Tuesday, the city council approved a new budget for the schools.",
            "The city council approved a new budget for the schools",
        ),
        (
            "According to the final results, the governor won the election by a wide margin.",
            "The governor won the election by a wide margin",
        ),
        # an aside between commas goes; the list of names stays whole
        (
            "Maria Lopez, the director of the national theatre, resigned on Monday.",
            "Maria Lopez resigned",
        ),
        (
            "Filmed in Quebec, the film stars Anna Berg, Paul Smith, Lea Roy and Tom Hall.",
            "The film stars Anna Berg, Paul Smith, Lea Roy and Tom Hall",
        ),
        # an agency dateline goes, a single city before a dash too
        (
            "NAPLES - Police arrested two men after a robbery at a jewellery shop.",
            "Police arrested two men after a robbery at a jewellery shop",
        ),
    ],
)
def test_a_lead_clause_is_the_main_clause(lead: str, expected: str) -> None:
    assert lead_headline(lead) == expected


def test_a_long_lead_loses_phrases_from_its_end_only() -> None:
    lead = (
        "The river burst its banks in the north of the country after three days of heavy rain, "
        "flooding hundreds of homes and forcing thousands of people to leave their villages."
    )
    headline = lead_headline(lead)
    assert lead.startswith(headline)
    assert len(headline.split()) <= LEAD_WORDS
    assert headline.startswith("The river burst its banks")


def test_a_verb_keeps_the_phrase_it_needs() -> None:
    # "searches" has no object: "for survivors" is its complement, not an adjunct to drop
    headline = lead_headline(
        "Morocco searches for survivors of the strongest earthquake in more than a century "
        "as soldiers bring water and supplies to ruined mountain villages."
    )
    assert headline.startswith("Morocco searches for survivors")


def test_a_page_without_a_headline_is_titled_by_its_lead() -> None:
    text = (
        "On Friday, the central bank raised its main interest rate by half a point, "
        "its fourth rise this year.\n\nThe decision was expected by most economists."
    )
    headline = find_headline(text)
    assert headline.origin == LEAD
    assert headline.text == "The central bank raised its main interest rate by half a point"


def test_a_site_or_columnist_after_a_dash_leaves_the_headline() -> None:
    body = "\n\nHeavy snow closed every school in the northern valleys on Tuesday, officials said."
    assert find_headline("Snow closes schools in the north – Ultima Ora" + body).text == (
        "Snow closes schools in the north"
    )
    # a name the article uses is part of the news
    text = (
        "Talks end without a deal – Lavrov\n\nLavrov said the talks in Geneva ended without a deal."
    )
    assert find_headline(text).text == "Talks end without a deal – Lavrov"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("MARRAKESH, Morocco (AP) — Morocco worked Sunday.", "Morocco worked Sunday."),
        ("Naples - Tight controls by the police.", "Tight controls by the police."),
        # a name before a dash and a number is part of the sentence, not a dateline
        ("Zelensky – 73.22 %, Poroshenko – 24.45 %.", "Zelensky – 73.22 %, Poroshenko – 24.45 %."),
    ],
)
def test_drop_dateline(sentence: str, expected: str) -> None:
    assert drop_dateline(sentence) == expected
