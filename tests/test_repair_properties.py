"""Properties of the repair engine on arbitrary text (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarize.repair import fix_and_explain
from summarize.repair.edits import apply_edits, revert_edits

# Text built from the pieces the passes react to, so the rules fire often, plus any character.
PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        ".",
        ",",
        ". .",
        ".,",
        "‘",
        "’",
        "“",
        "”",
        ":",
        "}}",
        ">",
        "<b>",
        "“,”",
        " text “:” ",
        "“}}”>",
        "the",
        "with",
        "NATO",
        "North",
        "theNorth",
        "withNATO",
        "Ukraine.What",
        "U.S",
        " Y ",
        "Russia",
        "France Media Agency",
        "Poutin",
        "Putin",
        "She",
        "They",
        "Nothing",
        "will not",
        "Provocation Westerners",
        "last week military and technical",
        "just one day.",
        "Photo: Reuters",
        "Home",
        "Skip to content",
        "• Link",
        "Ã©",
        "â€œ",
        "2014 .",
        "member of the United States",
        "e.g.",
        "etc.,",
        "café",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join)
# derandomized: the same 400 texts every run, so a rare interaction of passes the search has
# not met yet does not make the gate flaky (new ones are pinned in ONCE_NOT_IDEMPOTENT)
SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


@SETTINGS
@given(TEXT)
def test_edits_are_exact_disjoint_and_reversible(text):
    repaired, edits, flags = fix_and_explain(text)
    assert apply_edits(text, edits) == repaired
    assert revert_edits(repaired, edits) == text
    for left, right in zip(edits, edits[1:], strict=False):
        assert left.end <= right.start and (left.start, left.end) != (right.start, right.end)
    cursor = 0
    pieces = []
    for edit in edits:
        assert text[edit.start : edit.end] == edit.before
        pieces.append(text[cursor : edit.start])
        cursor = edit.end
        assert edit.rule and edit.reason and 0 < edit.confidence <= 1
    pieces.append(text[cursor:])
    # outside the edits nothing moves: the untouched stretches appear in order in the output
    position = 0
    for piece in pieces:
        found = repaired.find(piece, position)
        assert found >= 0
        position = found + len(piece)
    for flag in flags:
        assert text[flag.start : flag.end] == flag.text


@SETTINGS
@given(TEXT)
def test_repair_is_idempotent(text):
    repaired, _, _ = fix_and_explain(text)
    again, edits, _ = fix_and_explain(repaired)
    assert edits == [], [(e.rule, e.before, e.after) for e in edits]
    assert again == repaired


# Texts where a later pass once changed how an earlier one read a line, found by the property
# above: a glued word split before a credit, a name written in another language, a tokenized
# line, a heading capitalised beside another, credits run together, guillemets beside mojibake.
ONCE_NOT_IDEMPOTENT = [
    "technicaljust one day.2014 .",
    "• Link ””last week military and technical",
    "member of the United StatesU.S",
    "|France Media Agency",
    "North?û<?û<France Media Agency?û<",
    "“ One poor man offered a flower to a dagoba with a heart full of admiration for the Buddha .",
    "While studying in grade 8 in the same school , he became a captainof the team .",
    "q\nq\nq\nRussia",
    "go home\ngo home\ngo home\nRussia",
    "then Photo: Reuters etc.,Photo: Reuters",
    "thenPhoto: Reuters\nThe rest of the story is here, and it is long enough to be prose.",
    "Home text “:” caféPhoto: ReutersÃ©",
    "the end «Ã©tÃ©»",
    "Þ\nÀçW Þ\nÀçW Þ\nÀçW Þ\nÀçW cÏ1Á×ëB",
]


@pytest.mark.parametrize("text", ONCE_NOT_IDEMPOTENT)
def test_repair_is_idempotent_where_passes_interact(text):
    repaired, _, _ = fix_and_explain(text)
    again, edits, _ = fix_and_explain(repaired)
    assert edits == [], [(e.rule, e.before, e.after) for e in edits]
    assert again == repaired
