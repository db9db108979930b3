"""Edits, flags and the ledger that keeps them in raw-text offsets."""

import pytest

from summarize.repair.edits import Change, Edit, EditLedger, apply_edits, revert_edits


def test_apply_and_revert_are_exact():
    text = "Talks withNATO on Monday ."
    edits = [
        Edit(10, 10, "", " ", "spacing.glued", "glued words"),
        Edit(24, 25, " ", "", "spacing.before_punctuation", "a space before punctuation"),
    ]
    repaired = apply_edits(text, edits)
    assert repaired == "Talks with NATO on Monday."
    assert revert_edits(repaired, edits) == text


def test_overlapping_or_stale_edits_are_refused():
    text = "abcdef"
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(text, [Edit(0, 3, "abc", "x", "r", "why"), Edit(2, 4, "cd", "y", "r", "why")])
    with pytest.raises(ValueError, match="does not match"):
        apply_edits(text, [Edit(0, 2, "zz", "x", "r", "why")])


def test_ledger_maps_later_changes_to_raw_offsets_and_merges_touching_ones():
    ledger = EditLedger("Home\n\nthe France Media Agency said.")
    ledger.replace(0, 6, "", "debris", "page debris")
    assert ledger.current == "the France Media Agency said."
    ledger.replace(4, 23, "Agence France-Presse", "names.organisation", "literal translation")
    (deleted, renamed) = ledger.edits
    assert (deleted.start, deleted.end) == (0, 6)
    assert (renamed.start, renamed.before) == (10, "France Media Agency")
    ledger.replace(24, 25, "  ", "x", "next to the renamed span, not in it")
    assert len(ledger.edits) == 3
    ledger.apply([Change(3, 5, "-A", "y", "overlaps the renamed span")])
    merged = ledger.edits[1]
    assert merged.rule == "names.organisation+y"
    assert merged.before == " France Media Agency"
    assert apply_edits(ledger.raw, ledger.edits) == ledger.current


def test_flags_point_into_the_raw_text():
    ledger = EditLedger("Skip to content\n\njust one day.")
    ledger.replace(0, 17, "", "debris", "page debris")
    ledger.flag(0, 13, "grammar.fragment", "a fragment")
    (flag,) = ledger.flags
    assert (flag.start, flag.end, flag.text) == (17, 30, "just one day.")


def test_a_span_is_flagged_once_per_rule():
    ledger = EditLedger("Russia said she would answer.")
    ledger.flag(13, 16, "grammar.pronoun_gender", "a country called 'she'")
    ledger.flag(13, 16, "grammar.pronoun_gender", "another pass's reason", "it")
    ledger.flag(13, 16, "grammar.calque", "a third rule on the same span")
    assert [(flag.rule, flag.reason) for flag in ledger.flags] == [
        ("grammar.calque", "a third rule on the same span"),
        ("grammar.pronoun_gender", "a country called 'she'"),
    ]
