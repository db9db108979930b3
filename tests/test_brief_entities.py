"""People and organisations: canonical names, with the variants the repair engine's name pass found."""

from __future__ import annotations

import re

from summarize.articles import Article
from summarize.brief.entities import (
    _organisation_words_pattern,
    _OrganisationContexts,
    build_entities,
    name_variants,
)
from summarize.repair import Repaired
from summarize.repair.edits import Edit

RAW_1 = "Russian President Vladimir Poutin met Mr. Riabkov. Vladimir Poutin then left for Sochi."
RAW_2 = (
    "Presidents Vladimir Putin and Joe Biden spoke. The Organization of American States (OAS) met."
)


def _names_edits(raw: str, variant: str, canonical: str) -> tuple[Edit, ...]:
    """What the repair engine's name pass records (contract: rule `names*`, before = variant,
    after = canonical)."""
    edits = []
    start = raw.find(variant)
    while start != -1:
        edits.append(
            Edit(start, start + len(variant), variant, canonical, "names.variant", "same person")
        )
        start = raw.find(variant, start + 1)
    return tuple(edits)


def _article(number: int, raw: str) -> Article:
    return Article(id=f"a{number}", title=f"Article {number}", source=f"a{number}.txt", text=raw)


def test_variants_come_from_name_edits():
    first = Repaired(_article(1, RAW_1), _names_edits(RAW_1, "Poutin", "Putin"), ())
    second = Repaired(_article(2, RAW_2), (), ())
    assert "Vladimir Poutin" not in first.text
    assert name_variants([first, second]) == {"Putin": {"Poutin"}}
    entities = {entity.name: entity for entity in build_entities([first, second])}
    putin = entities["Vladimir Putin"]
    assert set(putin.variants) >= {"Poutin"}
    assert putin.sources == (1, 2)


def test_a_rejected_name_edit_gives_no_variant():
    edits = _names_edits(RAW_1, "Poutin", "Putin")
    first = Repaired(_article(1, RAW_1), edits, (), rejected=frozenset(e.key for e in edits))
    assert name_variants([first]) == {}


def test_other_rules_are_not_name_variants():
    edit = Edit(0, 7, "Russian", "Russia", "grammar.agreement", "not a name")
    assert name_variants([Repaired(_article(1, RAW_1), (edit,), ())]) == {}


def test_names_titles_and_acronyms():
    second = Repaired(_article(2, RAW_2), (), ())
    first = Repaired(_article(1, RAW_1), _names_edits(RAW_1, "Poutin", "Putin"), ())
    entities = {entity.name: entity for entity in build_entities([first, second])}
    # a title says "person" even for one source and one word; titles are not part of the name,
    # and a plural title covers every name it introduces
    assert entities["Riabkov"].sources == (1,)
    assert entities["Joe Biden"].sources == (2,)
    assert entities["Organization of American States"].variants == ("OAS",)
    assert not {"Russian President Vladimir Putin", "Mr. Riabkov", "Sochi"} & set(entities)


def test_a_respelt_name_folds_into_the_most_cited_spelling():
    # no name edits here: the brief's own safety net behind the repair engine's name pass
    texts = (
        "Presidents Joe Biden and Vladimir Poutin met in Geneva.",
        "Presidents Joe Biden and Vladimir Putin met in Geneva. Vladimir Putin left.",
        "Russian President Vladimir Putin spoke. Hunter Biden did not.",
    )
    repaired = [Repaired(_article(i, text), (), ()) for i, text in enumerate(texts, start=1)]
    entities = {entity.name: entity for entity in build_entities(repaired)}
    assert entities["Vladimir Putin"].variants == ("Vladimir Poutin",)
    assert entities["Vladimir Putin"].sources == (1, 2, 3)
    assert "Vladimir Poutin" not in entities
    assert "Hunter Biden" not in entities["Joe Biden"].variants


def test_a_glued_sentence_is_not_part_of_a_name():
    text = "Meetings with the Organization for Security and Cooperation in Europe They should help."
    entities = build_entities([Repaired(_article(1, text), (), ())])
    assert [e.name for e in entities] == ["Organization for Security and Cooperation in Europe"]


def test_an_acronym_joins_the_name_with_its_initials():
    raw = "A spokesman told the France Media Agency on Monday."
    first = Repaired(
        _article(1, raw), _names_edits(raw, "France Media Agency", "Agence France-Presse"), ()
    )
    second = Repaired(_article(2, "A spokesman informed AFP on Monday. The OSCE met."), (), ())
    entities = {entity.name: entity for entity in build_entities([first, second])}
    assert set(entities["Agence France-Presse"].variants) == {"AFP", "France Media Agency"}
    assert entities["Agence France-Presse"].sources == (1, 2)
    assert "OSCE" in entities  # no name to join


def test_names_only_in_a_roster_are_left_out():
    text = (
        "Judge Maria Lepenioti read the verdict on Wednesday. The defendants found guilty "
        "included Panagiotis Iliopoulos, Polyvios Zysimopoulos, Antonios Gregos, Nikolaos "
        "Michos, Nikolaos Kouzilos, Konstantinos Barbarousis, Efstathios Boukouras and Eleni "
        "Zaroulia. Antonios Gregos said he would appeal."
    )
    names = {entity.name for entity in build_entities([Repaired(_article(1, text), (), ())])}
    assert "Maria Lepenioti" in names
    assert "Antonios Gregos" in names  # named again outside the roster
    assert not {"Panagiotis Iliopoulos", "Eleni Zaroulia", "Nikolaos Michos"} & names


def test_a_name_written_before_an_organisation_word_is_an_organisation():
    first = "The neo-Nazi Golden Dawn party was ruled a criminal group. Golden Dawn denies it."
    second = "Supporters of the Golden Dawn party gathered. Golden Dawn had 18 seats."
    entities = {
        entity.name: entity
        for entity in build_entities(
            [Repaired(_article(1, first), (), ()), Repaired(_article(2, second), (), ())]
        )
    }
    assert entities["Golden Dawn"].kind == "organisation"


def test_a_place_word_says_place_and_joins_the_short_form():
    text = (
        "The epicentre was in Al Haouz Province. Rescuers reached Al Haouz on Saturday, and "
        "residents of Al Haouz slept outside. Crowds left Jemaa al-Fna Square in Marrakech."
    )
    entities = {e.name: e for e in build_entities([Repaired(_article(1, text), (), ())])}
    haouz = next(e for e in entities.values() if "Al Haouz" in {e.name, *e.variants})
    assert haouz.kind == "place" and "Al Haouz Province" in {haouz.name, *haouz.variants}
    assert "Jemaa al-Fna Square" not in entities  # a place one source names once


def test_organisation_contexts_match_as_the_whole_text_does():
    # the stretches kept around organisation words give every match the whole text gives
    texts = [
        "The Golden Dawn party met.\nDawn\tparty, (Dawn party) and Golden  Dawn\n party again;"
        " the Golden Dawn partygoers. Ukraine's Servant of the People party won. Dawn party",
        "Golden Dawn party" + " filler" * 50 + " the Workers union and the Ukraine court",
    ]
    forms = ["Golden Dawn", "Dawn", "Servant of the People", "People", "Workers", "Ukraine", "X"]
    contexts = _OrganisationContexts(texts, max(map(len, forms)))
    words = _organisation_words_pattern()
    for group in [[form] for form in forms] + [["Dawn", "Golden Dawn"], ["X", "Workers"]]:
        names = "|".join(re.escape(form) for form in sorted(group, key=len, reverse=True))
        pattern = re.compile(rf"(?<!\w)(?:{names})\s+(?:{words})(?!\w)")
        whole = sum(len(pattern.findall(text)) for text in texts) >= 2
        assert contexts.called_an_organisation(group) == whole, group


def test_the_agency_credited_by_a_removed_photo_caption_is_an_organisation():
    from summarize.repair import repair_articles

    raw = (
        "Rescuers search for survivors after the Moroccan earthquake\n\n"
        "A view shows a damaged building on the road to Amizmiz, September 9, 2023"
        " (REUTERS/Ahmed El Jechtimi) (STRINGER/)\n\n"
        "Rescuers from the Royal Armed Forces were trying to reach the mountain villages on"
        " Saturday, while the death toll rose above 2,000."
    )
    [repaired] = repair_articles([_article(1, raw)])
    assert "REUTERS" not in repaired.text
    names = {entity.name for entity in build_entities([repaired])}
    assert {"REUTERS", "Reuters"} & names
    assert "Ahmed El Jechtimi" not in names
