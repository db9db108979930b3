"""The review session store: decisions persist as made, keyed by article, and survive reopening."""

import json

import pytest

from summarize.articles import make_article
from summarize.repair import repair_articles
from summarize.review import ReviewStore

TEXT = "Skip to content\n\nUS and Russia to meet on January 10 in Geneva\n\nThe talks will cover arms control.\n\nShare this article:\n"


@pytest.fixture
def repaired():
    (item,) = repair_articles([make_article(TEXT, "seed.txt")])
    assert item.edits, "the debris pass should find 'Skip to content'"
    return item


def test_reject_is_saved_at_once_and_restored(tmp_path, repaired):
    path = tmp_path / "review.json"
    key = repaired.edits[0].key
    updated = ReviewStore(path).decide(repaired, {key}, accept=False)
    assert updated.rejected == {key}
    assert "Skip to content" in updated.text
    assert path.exists()  # written before anything else happens: a crash loses nothing
    restored = ReviewStore(path).restore(repaired)
    assert restored.rejected == {key}
    assert restored.text == updated.text


def test_accept_undoes_a_reject_and_counts_as_reviewed(tmp_path, repaired):
    store = ReviewStore(tmp_path / "review.json")
    key = repaired.edits[0].key
    store.decide(repaired, {key}, accept=False)
    accepted = store.decide(repaired, {key}, accept=True)
    assert accepted.rejected == frozenset()
    assert store.reviewed(accepted) == 1
    assert ReviewStore(tmp_path / "review.json").decisions(repaired.article.id).accepted == {key}


def test_unknown_keys_are_ignored(tmp_path, repaired):
    store = ReviewStore(tmp_path / "review.json")
    assert store.decide(repaired, {"0:1:nonexistent"}, accept=False).rejected == frozenset()


def test_edited_summary_round_trips_and_can_be_discarded(tmp_path, repaired):
    path = tmp_path / "review.json"
    ReviewStore(path).edit_summary(repaired.article.id, "Talks are set for January 10.")
    assert (
        ReviewStore(path).decisions(repaired.article.id).summary == "Talks are set for January 10."
    )
    ReviewStore(path).edit_summary(repaired.article.id, None)
    assert ReviewStore(path).decisions(repaired.article.id).summary is None


def test_two_desks_keep_each_others_articles(tmp_path, repaired):
    path = tmp_path / "review.json"
    first, second = ReviewStore(path), ReviewStore(path)
    first.edit_summary("aaaa", "one")
    second.edit_summary("bbbb", "two")
    merged = ReviewStore(path)
    assert merged.decisions("aaaa").summary == "one"
    assert merged.decisions("bbbb").summary == "two"


def test_a_corrupt_file_is_reported_not_fatal(tmp_path, repaired):
    path = tmp_path / "review.json"
    path.write_text("{not json", encoding="utf-8")
    store = ReviewStore(path)
    assert store.problem and "unreadable" in store.problem
    store.edit_summary(repaired.article.id, "x")
    assert json.loads(path.read_text())["format"] == "mtbrief.review"


def test_default_path_is_in_the_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert ReviewStore().path == tmp_path / "mtbrief" / "review.json"
