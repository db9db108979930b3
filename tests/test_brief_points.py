"""Which facts become points: the newsworthy ones, within 8 points and 200 words, stated cleanly."""

from __future__ import annotations

import numpy as np

from summarize.brief import MAX_POINTS, WORD_BUDGET, select_points
from summarize.brief.facts import Fact, Sentence, article_sentences, has_artefact, is_quotation


def test_a_flagged_sentence_states_its_main_clause_before_the_flag() -> None:
    text = (
        "Moscow denies any belligerent inclination and presents itself as the target of "
        "Provocation Westerners who support Ukraine. Putin threatened measures last week "
        "military and technical if his demands were not heard."
    )
    flags = [(text.index("Provocation"), text.index(" who")), (text.index("measures"), len(text))]
    first, second = article_sentences(text, 1, flag_spans=flags)
    assert first.flagged and first.statement == "Moscow denies any belligerent inclination."
    # no clause ends before the flag: the sentence cannot be stated
    assert second.flagged and second.statement == ""


def test_a_clause_that_cannot_stand_alone_is_not_stated() -> None:
    text = "Although the talks were held in Geneva on Monday and the envoys spoke of gaps sharp."
    [sentence] = article_sentences(text, 1, flag_spans=[(text.index("gaps"), len(text))])
    assert sentence.flagged and sentence.statement == ""


def test_someones_words_are_told_from_the_news() -> None:
    assert is_quotation("“We felt a strong tremor as if it were the end,” said a resident.")
    assert is_quotation("When we sit down, we will put our concerns on the table, he added.")
    assert is_quotation("“The United States hopes to engage with Russia,” the spokesman said.")
    assert not is_quotation("Russia presented two draft treaties to bar NATO from Ukraine.")
    assert not is_quotation("The court found him guilty of “leading a criminal organization”.")


def test_mt_debris_is_told_from_names() -> None:
    assert has_artefact("Talks with NATO and theFrance delegation will open on Monday.")
    assert has_artefact("The minister stated that... the talks will go on.")
    assert has_artefact("The chairperson said Еще the vote was free.")
    assert not has_artefact("McDonald and DeSantis met the MacArthur fellows in Miami.")


def _fact(text: str, sources: tuple[int, ...], vector: list[float], **flags) -> Fact:
    sentence = Sentence(sources[0], 0, text, complete=True, **flags)
    members = tuple(Sentence(s, 0, text, complete=True, **flags) for s in sources)
    unit = np.array(vector) / np.linalg.norm(vector)
    return Fact(members, sentence, sources, centrality=0.8, vector=unit)


def test_points_are_few_short_unlike_each_other_and_free_of_debris() -> None:
    dead = "Some 2,012 people died on Friday in the High Atlas, the Interior Ministry said."
    facts = [
        _fact(dead, (1, 2, 3), [1, 0, 0]),
        # a restatement of the first point, in one source
        _fact("Some 2,012 people died on Friday in the High Atlas region.", (1,), [1, 0.05, 0]),
        _fact("Rescuers reached Amizmiz and Talat N'Yaaqoub on Sunday morning.", (2,), [0, 1, 0]),
        _fact("The quake was felt in Rabat, the ministry stated that... Еще it.", (3,), [0, 0, 1]),
        _fact(
            "King Mohammed VI declared three days of mourning and Provocation Westerners said.",
            (3,),
            [0, 0, 1],
            flagged=True,
            clean="King Mohammed VI declared three days of mourning.",
        ),
        # flagged, with no clean clause to state it
        _fact(
            "Putin threatened measures last week military and technical.",
            (1,),
            [0, 1, 1],
            flagged=True,
        ),
    ] + [
        # many unremarkable facts: the points and words run out before them
        _fact("Rescuers kept working through the long night in the ruined village.", (1,), v)
        for v in np.random.default_rng(0).random((18, 3)) + 0.1
    ]
    points = select_points(facts, 3)
    texts = [point.text for point in points]
    assert len(points) <= MAX_POINTS
    assert sum(len(text.split()) for text in texts) <= WORD_BUDGET
    assert texts[0] == dead and points[0].sources == (1, 2, 3)
    assert "Some 2,012 people died on Friday in the High Atlas region." not in texts
    assert not any("Еще" in text or "Provocation" in text or "Putin" in text for text in texts)
    assert "King Mohammed VI declared three days of mourning." in texts


def test_no_sentence_of_a_headline_of_two_states_a_point():
    title = "Morocco earthquake death toll rises! The country is in mourning!"
    text = (
        f"{title}\n\nA powerful earthquake in Morocco killed more than 800 people on Friday night."
    )
    sentences = article_sentences(text, 1, title)
    assert [s.text for s in sentences if s.complete] == [
        "A powerful earthquake in Morocco killed more than 800 people on Friday night."
    ]
