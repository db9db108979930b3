"""Snapshots of the review desk on the seeds (extractive engine, so the output is deterministic).

After a change to the repair rules or the layout, look at the report and refresh them with
`pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tests.tui_helpers import REPO, mixed_app, seed_app, settle


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def test_main_screen_at_the_first_edit(snap_compare, tmp_path):
    async def first_edit(pilot):
        await settle(pilot)
        await pilot.press("n")

    app = seed_app(tmp_path / "review.json")
    assert snap_compare(app, terminal_size=(120, 36), run_before=first_edit)


def test_main_screen_at_80_by_24(snap_compare, tmp_path):
    app = seed_app(tmp_path / "review.json")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_brief_tab(snap_compare, tmp_path):
    async def brief_tab(pilot):
        await settle(pilot)
        await pilot.press("b")

    app = seed_app(tmp_path / "review.json")
    assert snap_compare(app, terminal_size=(120, 36), run_before=brief_tab)


def test_articles_grouped_by_story(snap_compare, tmp_path):
    app = mixed_app(tmp_path / "review.json")
    assert snap_compare(app, terminal_size=(120, 36), run_before=settle)
