"""Shared helpers for the review desk's tests: the seeds, an app on them, waiting for its workers."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from summarize.articles import load_articles
from tui.app import MtbriefApp
from tui.screens.review import ReviewScreen

REPO = Path(__file__).resolve().parents[1]
SEED_PATHS = sorted(str(path.relative_to(REPO)) for path in (REPO / "seeds").glob("*.txt"))


def seed_app(store_path: Path) -> MtbriefApp:
    """The desk on the seeds with the extractive engine; run with the repo as working folder."""
    articles = load_articles(SEED_PATHS).articles
    return MtbriefApp(articles, engine="extractive", store_path=store_path)


async def settle(pilot: Pilot) -> ReviewScreen:
    """Wait until repair, summaries and the brief are done and the screen shows them."""
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    for _ in range(200):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        desk = screen.desk
        if (
            desk.repaired_ready
            and desk.summaries_done() == len(desk.states)
            and screen.report is not None
            and screen._brief_version == desk.version
            and not any(worker.is_running for worker in pilot.app.workers)
        ):
            return screen
    raise AssertionError("the desk did not settle")


def mixed_app(store_path: Path) -> MtbriefApp:
    """The desk on the seeds and an unrelated mt-dev page (a dinosaur find): two stories."""
    from tests.conftest import SHARED

    page = SHARED / "eval" / "mt-dev" / "pages" / "13.txt"
    articles = load_articles([str(page), *SEED_PATHS]).articles
    return MtbriefApp(articles, engine="extractive", store_path=store_path)
