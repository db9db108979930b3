"""The repair engine on the two real seed articles, against ../shared/eval/seeds-gold.json."""

import json
from pathlib import Path

import pytest

from summarize.articles import load_articles
from summarize.repair import RepairContext, fix_and_explain, repair_articles
from summarize.repair.edits import apply_edits, revert_edits
from tests.conftest import REPO, SHARED

GOLD = json.loads((SHARED / "eval" / "seeds-gold.json").read_text("utf-8"))["articles"]


@pytest.fixture(scope="module")
def repaired():
    paths = sorted(str(p) for p in (REPO / "seeds").glob("*.txt"))
    return {Path(r.article.source).name: r for r in repair_articles(load_articles(paths).articles)}


def cases(kind):
    return [
        pytest.param(name, text, id=f"{name[:3]}-{text[:30]}")
        for name, gold in GOLD.items()
        for text in (
            gold["repair"].get(kind, []) if kind in ("gone", "present", "once") else gold[kind]
        )
    ]


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("name", "text"), cases("gone"))
def test_gone(repaired, name, text):
    assert text not in collapsed(repaired[name].text)


@pytest.mark.parametrize(("name", "text"), cases("present"))
def test_present(repaired, name, text):
    assert text in collapsed(repaired[name].text)


@pytest.mark.parametrize(("name", "text"), cases("once"))
def test_once(repaired, name, text):
    assert collapsed(repaired[name].text).count(text) == 1


@pytest.mark.parametrize(("name", "text"), cases("flag"))
def test_flagged(repaired, name, text):
    item = repaired[name]
    start = item.article.text.index(text)
    end = start + len(text)
    covering = [f for f in item.flags if f.start < end and start < f.end]
    covering += [e for e in item.edits if e.start < end and start < e.end]
    assert covering, f"nothing surfaces {text!r}"


@pytest.mark.parametrize(("name", "text"), cases("keep"))
def test_kept_untouched(repaired, name, text):
    item = repaired[name]
    start = item.article.text.index(text)
    end = start + len(text)
    assert not [e for e in item.edits if e.start < end and start < e.end]
    assert text in item.text


def test_every_repair_is_explained_and_reversible(repaired):
    for item in repaired.values():
        assert item.edits
        for edit in item.edits:
            assert edit.rule and edit.reason and 0 < edit.confidence <= 1
        assert revert_edits(item.text, item.edits) == item.article.text
        assert apply_edits(item.article.text, item.edits) == item.text


def test_name_variant_edit_follows_the_contract(repaired):
    """The brief reads name variants from edits whose rule starts with `names`."""
    edits = [e for e in repaired["000_0ca85f08db01e6d8.txt"].edits if e.rule.startswith("names")]
    assert ("Poutin", "Putin") in {(e.before, e.after) for e in edits}
    assert ("France Media Agency", "Agence France-Presse") in {(e.before, e.after) for e in edits}


def test_leaked_markup_leaves_the_sentence_once_and_the_paragraph_whole(repaired):
    text = repaired["000_0ca85f08db01e6d8.txt"].text
    assert (
        "including Ukraine, he insisted. President Biden’s approach to Ukraine has been clear and "
        "consistent: bringing the (Atlantic) Alliance together" in text
    )


def test_debris_goes_with_its_blank_lines(repaired):
    text = repaired["004_e77f744d15a5950d.txt"].text
    assert text.startswith("US and Russia to meet on January 10")
    assert "\n\n\n" not in text
    assert text.rstrip().endswith("military capabilities on their common borders.")


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
def test_mojibake_seeds_repair_to_the_same_text(repaired, codec):
    """The seeds read with the wrong codec (what a mis-set page gives) come out as from the
    correctly decoded seeds: every mis-decoded character is put back."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

    for item in repaired.values():
        garbled = item.article.text.encode("utf-8").decode(codec)
        assert garbled != item.article.text
        text, edits, _ = fix_and_explain(garbled, RepairContext.from_texts([garbled]))
        assert any(edit.rule.startswith("encoding") for edit in edits)
        assert text == fix_and_explain(item.article.text)[0]
