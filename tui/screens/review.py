"""The review desk: article list, original and repaired text side by side, summary, and the brief.

All work that takes time (repair, loading the engine, summaries, the brief, export) runs in thread
workers that report back with messages, so the screen paints at once and never blocks.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, TabbedContent, TabPane, TextArea
from textual.worker import get_current_worker

from summarize.articles import Article
from summarize.engines import make_summarizer
from summarize.engines.base import Summarizer
from summarize.engines.extractive import ExtractiveSummarizer
from summarize.errors import ResourceError, within_limits_or
from summarize.export import to_markdown
from summarize.files import write_atomic
from summarize.model_fixes import can_fix, fix_flag
from summarize.pipeline import SUMMARIZING, Report, build_report, stories_of
from summarize.repair import Repaired, repair_articles
from summarize.repair.edits import Edit, Flag
from summarize.summary import Summary
from tui.desk import ArticleState, Desk
from tui.highlight import (
    original_paragraphs,
    paragraph_of,
    paragraph_starts,
    plain_paragraphs,
    repaired_paragraphs,
)
from tui.messages import (
    BriefReady,
    EngineFailed,
    EngineReady,
    Exported,
    FlagFixed,
    RepairsReady,
    StoriesReady,
    SummaryDone,
    SummaryPiece,
    SummaryStarted,
)
from tui.screens.export import ExportChoice, ExportScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.brief_view import BriefView
from tui.widgets.edit_info import EditInfo
from tui.widgets.flag_list import FlagList
from tui.widgets.status_bar import StatusBar
from tui.widgets.summary_pane import SummaryPane
from tui.widgets.text_pane import TextPane

ReportInputs = tuple[list[Repaired], list[Summary], str]
"""What `build_report` needs: the repairs, the final summaries, the engine label."""


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "next_item", "Next"),
        Binding("p", "previous_item", "Prev", show=False),
        Binding("a", "accept", "Accept"),
        Binding("r", "reject", "Reject"),
        Binding("space", "toggle", "Toggle", show=False),
        Binding("A", "accept_rule", "Accept rule", show=False),
        Binding("R", "reject_rule", "Reject rule", show=False),
        Binding("f", "model_fix", "Fix flag", show=False),
        Binding("e", "edit_summary", "Edit"),
        Binding("escape", "leave_editor", "Done editing", show=False),
        Binding("b", "switch_tab", "Brief"),
        Binding("s", "export", "Export"),
    ]

    def __init__(self, articles: list[Article], desk: Desk, engine: str, model: str | None) -> None:
        super().__init__()
        self.articles = articles
        self.desk = desk
        self.engine_name = engine
        self.model_name = model
        self.summarizer: Summarizer | None = None
        self.engine_label = f"{engine}{f' ({model})' if model else ''}: loading…"
        self._shown: int | None = None  # the article the panes show
        self.report = None  # the brief shown, once built
        self._brief_version = -1  # the desk version the last brief was requested for
        self._engine_lock = threading.Lock()  # one summary at a time through the engine
        self._syncing = False
        self._exhausted: set[str] = set()  # resource limits told of, each once

    # layout

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="tabs"):
            with TabPane("Review", id="review-tab"), Horizontal(id="desk"):
                with Vertical(id="sidebar"):
                    yield ArticleList(id="articles")
                    yield FlagList(id="flags")
                with Vertical(id="main"):
                    yield EditInfo(id="edit-info")
                    with Horizontal(id="texts"):
                        yield TextPane(id="original")
                        yield TextPane(id="repaired")
                    yield SummaryPane(id="summary")
            with TabPane("Brief", id="brief-tab"):
                yield BriefView(id="brief-view")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#original", TextPane).border_title = "Original"
        self.query_one("#repaired", TextPane).border_title = "Repaired"
        self.query_one("#articles", ArticleList).border_title = "Articles"
        self._refresh_list()
        original, repaired = (
            self.query_one("#original", TextPane),
            self.query_one("#repaired", TextPane),
        )
        self.watch(original, "scroll_y", lambda: self._sync(original, repaired), init=False)
        self.watch(repaired, "scroll_y", lambda: self._sync(repaired, original), init=False)
        self.query_one(BriefView).show_waiting("The brief appears once every summary is written.")
        self._show_article()
        self.query_one(ArticleList).focus()
        self.repair_all()
        self.load_engine()

    @property
    def current(self) -> int:
        """The highlighted article: read from the list, so keys typed ahead act on it."""
        return self.query_one(ArticleList).article_index

    @property
    def state(self) -> ArticleState:
        return self.desk.states[self.current]

    # workers

    @work(thread=True, group="repair")
    def repair_all(self) -> None:
        """Every article repaired; one that exhausts a resource stays on the desk as it came."""
        exhausted: list[ResourceError] = []
        repaired = {
            item.article.id: item
            for item in repair_articles(self.articles, on_skip=exhausted.append)
        }
        for error in exhausted:
            self.warn_exhausted(error, "shown unrepaired")
        self.post_message(
            RepairsReady(
                [
                    self.desk.store.restore(repaired[article.id])
                    if article.id in repaired
                    else Repaired(article=article, edits=(), flags=())
                    for article in self.articles
                ]
            )
        )

    @work(thread=True, exclusive=True, group="stories")
    def split_stories(self, repaired: list[Repaired]) -> None:
        """The articles' stories, so that the list is grouped before the first brief is built."""
        stories = [
            (story.title, [repaired[index].article.id for index in story.articles])
            for story in stories_of(repaired, self.warn_exhausted)
        ]
        self.post_message(StoriesReady(stories))

    @work(thread=True, group="engine")
    def load_engine(self) -> None:
        try:
            summarizer = make_summarizer(
                self.engine_name, self.model_name, on_fallback=self.notify_from_worker
            )
            # now, beside the repair worker: a model that cannot load falls back here, before
            # any summary, rather than failing the summaries' worker
            summarizer.load()
        except Exception as exc:  # any load failure: one line, and the desk stays usable
            self.post_message(EngineFailed(f"{type(exc).__name__}: {exc}", ExtractiveSummarizer()))
            return
        self.post_message(EngineReady(summarizer))

    def notify_from_worker(self, message: str) -> None:
        """A one-line warning from a worker thread (llama.cpp failed its test run...)."""
        self.app.call_from_thread(self.notify, message, severity="error", timeout=20)

    def warn_exhausted(self, error: ResourceError, fallback: str = "") -> None:
        """From a worker: one line for what exhausted a resource, once however often the brief
        is rebuilt; the desk goes on with `fallback` (what stands in) for it."""
        message = f"{error}; {fallback}" if fallback else str(error)

        def warn() -> None:
            if message not in self._exhausted:
                self._exhausted.add(message)
                self.notify(message, severity="error", timeout=20)

        self.app.call_from_thread(warn)

    @work(thread=True, exclusive=True, group="summaries")
    def write_summaries(self, jobs: list[tuple[str, str, str]], summarizer: Summarizer) -> None:
        worker = get_current_worker()
        for article_id, title, text in jobs:
            with self._engine_lock:
                if worker.is_cancelled:
                    return
                self.post_message(SummaryStarted(article_id))
                summary = within_limits_or(
                    partial(self._stream_summary, summarizer, article_id, title, text),
                    lambda error: summarizer.unwritten(error.problem),
                    self.desk.by_id[article_id].article.source,
                    SUMMARIZING,
                    self.warn_exhausted,
                )
            if summary is None:  # cancelled
                return
            self.post_message(SummaryDone(article_id, summary, text))

    def _stream_summary(
        self, summarizer: Summarizer, article_id: str, title: str, text: str
    ) -> Summary | None:
        """The summary, its pieces posted as they are written; None once the worker is cancelled."""
        worker = get_current_worker()
        pieces: list[str] = []
        for piece in summarizer.stream(title, text):
            if worker.is_cancelled:
                return None
            pieces.append(piece)
            self.post_message(SummaryPiece(article_id, piece))
        # the guard checks what was written; a replaced sentence replaces the stream
        return summarizer.finish(title, text, "".join(pieces))

    @work(thread=True, exclusive=True, group="brief")
    def build_brief(
        self, repaired: list[Repaired], summaries: list[Summary], label: str, version: int
    ) -> None:
        self.post_message(BriefReady(self._report(repaired, summaries, label), version))

    def _report(self, repaired: list[Repaired], summaries: list[Summary], label: str) -> Report:
        """The report as `brief` builds it: with a model engine, its points written by the model
        and headlines written where a page has none (the engine is shared, hence the lock)."""
        with self._engine_lock:
            return build_report(
                repaired,
                summaries,
                label,
                summarizer=self.summarizer,
                on_skip=self.warn_exhausted,
            )

    @work(thread=True, group="export")
    def export_to(self, path: Path, report_inputs: ReportInputs, appendix: bool) -> None:
        repaired, summaries, label = report_inputs
        try:
            report = self._report(repaired, summaries, label)
            write_atomic(path, to_markdown(report, include_edits=appendix))
        except OSError as exc:
            self.post_message(Exported(str(path), 0, exc.strerror or str(exc)))
            return
        self.post_message(Exported(str(path), len(report.articles), None))

    @work(thread=True, group="model-fix")
    def fix_flag_with_model(self, article_id: str, flag: Flag, summarizer: Summarizer) -> None:
        repaired = self.desk.by_id[article_id].repaired
        with self._engine_lock:  # the summaries share the engine
            fixed = within_limits_or(
                partial(fix_flag, repaired, flag, summarizer),
                lambda error: None,
                repaired.article.source,
                "fixing a flag",
                lambda error: self.warn_exhausted(error, "the flag stays"),
            )
        if fixed is not None:
            self.post_message(FlagFixed(article_id, *fixed))

    # worker reports

    def on_flag_fixed(self, message: FlagFixed) -> None:
        outcome = message.outcome
        if outcome.edit is None:
            self.notify(f"The model's fix was refused ({outcome.problem}); the flag stays.")
            return
        self.desk.set_repaired([message.repaired])
        self.notify(f"Fixed in {outcome.seconds:.1f} s: {outcome.edit.after!r}, an edit to review.")
        self._after_decision()

    def on_repairs_ready(self, message: RepairsReady) -> None:
        self.desk.set_repaired(message.repaired)
        self._refresh_all()
        self._start_summaries()
        self.split_stories(message.repaired)

    def on_stories_ready(self, message: StoriesReady) -> None:
        if self.report is None:  # a brief, once built, holds the stories of the current text
            self._group_by_story(message.stories)

    def on_engine_ready(self, message: EngineReady) -> None:
        self.summarizer = message.summarizer
        self.engine_label = message.summarizer.label
        self._start_summaries()

    def on_engine_failed(self, message: EngineFailed) -> None:
        self.notify(
            f"engine failed, using extractive: {message.problem}", severity="error", timeout=30
        )
        self.on_engine_ready(EngineReady(message.fallback))

    def on_summary_started(self, message: SummaryStarted) -> None:
        state = self.desk.by_id[message.article_id]
        state.writing, state.draft = True, ""
        self._refresh_summary(state)

    def on_summary_piece(self, message: SummaryPiece) -> None:
        state = self.desk.by_id[message.article_id]
        state.draft += message.piece
        if state is self.state:
            self.query_one(SummaryPane).show(state, self.engine_label)

    def on_summary_done(self, message: SummaryDone) -> None:
        state = self.desk.by_id[message.article_id]
        state.writing = False
        if state.repaired is not None and message.source_text == state.repaired.text:
            state.summary, state.summary_source = message.summary, message.source_text
            self.desk.version += 1
        self._refresh_summary(state)
        self._request_brief()

    def on_brief_ready(self, message: BriefReady) -> None:
        if message.version != self.desk.version:
            return
        self.report = message.report
        self._group_by_story(
            [
                (story.title, [source.article_id for source in story.brief.sources])
                for story in message.report.stories
            ]
        )
        self.query_one(BriefView).show(message.report)
        self._refresh_status()

    def _group_by_story(self, stories: list[tuple[str, list[str]]]) -> None:
        order = [state.article.id for state in self.desk.states]
        self.desk.set_stories(stories)
        if order != [state.article.id for state in self.desk.states]:
            self._refresh_all()  # the list's order changed: the panes follow the highlight
        else:
            self._refresh_list()

    def on_exported(self, message: Exported) -> None:
        if message.problem:
            self.notify(f"export failed: {message.path}: {message.problem}", severity="error")
        else:
            self.notify(f"wrote {message.path} ({message.articles} articles)")

    # keeping the workers going

    def _start_summaries(self) -> None:
        if self.summarizer is None or not self.desk.repaired_ready:
            self._refresh_status()
            return
        for state in self.desk.states:
            state.writing = False
        jobs = self.desk.summary_jobs(first=self.state.article.id)
        if jobs:
            self.write_summaries(jobs, self.summarizer)
        self._refresh_status()
        self._request_brief()

    def _request_brief(self) -> None:
        summaries = self.desk.final_summaries(self.summarizer) if self.summarizer else None
        if summaries is None:
            self._refresh_status()
            return
        if self.report is None or self._brief_version != self.desk.version:
            self._brief_version = self.desk.version
            self.build_brief(
                self.desk.repaired(), summaries, self.summarizer.label, self.desk.version
            )
        self._refresh_status()

    # rendering

    def _refresh_list(self) -> None:
        self.query_one(ArticleList).show(self.desk.states, self.desk.stories)

    def _refresh_all(self) -> None:
        self._refresh_list()
        self._show_article()

    def _show_article(self) -> None:
        state = self.state
        self._shown = self.current
        self._render_texts()
        self.query_one(FlagList).show(state.repaired.flags if state.repaired else ())
        self._refresh_summary(state)
        self._refresh_status()

    def _render_texts(self) -> None:
        state = self.state
        original, repaired = (
            self.query_one("#original", TextPane),
            self.query_one("#repaired", TextPane),
        )
        accepted = self.desk.store.decisions(state.article.id).accepted
        self.query_one(EditInfo).show(state, accepted)
        if state.repaired is None:
            original.show(plain_paragraphs(state.article.text))
            repaired.show([])
            return
        item = state.current_item
        cursor = item.key if item is not None else None
        original.show(original_paragraphs(state.repaired, cursor, original.styles_by_name()))
        repaired.show(repaired_paragraphs(state.repaired, cursor, repaired.styles_by_name()))
        self.call_after_refresh(self._line_up)

    def _line_up(self) -> None:
        """Give each pair of paragraphs the same height so the panes line up all the way down."""
        original, repaired = (
            self.query_one("#original", TextPane),
            self.query_one("#repaired", TextPane),
        )
        left, right = original.paragraph_heights(), repaired.paragraph_heights()
        if len(left) == len(right):
            heights = [max(a, b) for a, b in zip(left, right, strict=True)]
            original.set_min_heights(heights)
            repaired.set_min_heights(heights)

    def on_resize(self) -> None:
        # at 80 columns the footer needs the palette hint's room for the bindings
        self.query_one(Footer).show_command_palette = self.size.width >= 100
        self.call_after_refresh(self._line_up)

    def _refresh_summary(self, state: ArticleState) -> None:
        if state is self.state:
            self.query_one(SummaryPane).show(state, self.engine_label)
        self._refresh_list()
        self._refresh_status()

    def _refresh_status(self) -> None:
        total = len(self.desk.states)
        repair = "done" if self.desk.repaired_ready else "running…"
        summaries = f"{self.desk.summaries_done()}/{total}"
        if self.report is not None and self._brief_version == self.desk.version:
            brief = "ready"
        elif self.desk.summaries_done() == total and self.summarizer is not None:
            brief = "building…"
        else:
            brief = "waiting"
        self.query_one(StatusBar).show(self.engine_label, repair, summaries, brief)

    def _sync(self, source: TextPane, target: TextPane) -> None:
        """Keep `target` at the paragraph `source` shows at its top."""
        if self._syncing:
            return
        self._syncing = True
        try:
            target.scroll_to_paragraph(*source.paragraph_at_top())
        finally:
            self._syncing = False

    # reader's actions

    @on(OptionList.OptionHighlighted, "#articles")
    def _article_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.current != self._shown:
            self._show_article()

    @on(OptionList.OptionSelected, "#flags")
    def _flag_selected(self, event: OptionList.OptionSelected) -> None:
        keys = [item.key for item in self.state.items]
        if event.option.id in keys:
            self._move_to(keys.index(event.option.id))

    def _move_to(self, index: int) -> None:
        state = self.state
        state.cursor = index
        self._render_texts()
        item = state.current_item
        if item is not None:
            paragraph = paragraph_of(paragraph_starts(state.article.text), item.start)
            original = self.query_one("#original", TextPane)
            original.reveal(paragraph)
            self._sync(original, self.query_one("#repaired", TextPane))

    def action_next_item(self) -> None:
        """The next edit or flag; past the last one, the first of the next article that has any."""
        if self.state.cursor + 1 < len(self.state.items):
            self._move_to(self.state.cursor + 1)
            return
        for index in range(self.current + 1, len(self.desk.states)):
            if self.desk.states[index].items:
                self.query_one(ArticleList).highlight_article(index)
                self._show_article()
                self._move_to(0)
                return
        if self.state.items:
            self.notify("That was the last edit or flag.")

    def action_previous_item(self) -> None:
        if self.state.items:
            self._move_to(max(self.state.cursor - 1, 0))

    def _edit_under_cursor(self) -> Edit | None:
        item = self.state.current_item
        if isinstance(item, Edit):
            return item
        if item is None:
            self.notify("No edit under the cursor: press n to go to the next one.")
        else:
            self.notify("A flag is for you to judge; the text is unchanged.")
        return None

    def _decide(self, keys: set[str], accept: bool) -> None:
        self.desk.decide(self.state.article.id, keys, accept=accept)
        self._after_decision()

    def _after_decision(self) -> None:
        self._refresh_list()
        self._render_texts()
        self._start_summaries()

    def action_model_fix(self) -> None:
        """Ask the model engine for a minimal rewrite of the flag under the cursor."""
        flag = self.state.current_item
        if not isinstance(flag, Flag):
            self.notify("No flag under the cursor: press n to go to one.")
        elif not can_fix(self.summarizer):
            self.notify("Fixing a flag needs a model engine; this desk has none.")
        else:
            self.notify("Asking the model for a fix…")
            self.fix_flag_with_model(self.state.article.id, flag, self.summarizer)

    def action_accept(self) -> None:
        if edit := self._edit_under_cursor():
            self._decide({edit.key}, True)

    def action_reject(self) -> None:
        if edit := self._edit_under_cursor():
            self._decide({edit.key}, False)

    def action_toggle(self) -> None:
        if edit := self._edit_under_cursor():
            self._decide({edit.key}, edit.key in self.state.repaired.rejected)

    def _decide_rule(self, accept: bool) -> None:
        if edit := self._edit_under_cursor():
            edits, articles = self.desk.decide_rule(edit.rule, accept=accept)
            verb = "accepted" if accept else "rejected"
            self.notify(f"{verb} {edits} '{edit.rule}' edits in {articles} articles")
            self._after_decision()

    def action_accept_rule(self) -> None:
        self._decide_rule(True)

    def action_reject_rule(self) -> None:
        self._decide_rule(False)

    def action_edit_summary(self) -> None:
        if self.state.summary_state in ("waiting", "writing"):
            self.notify("The summary is still being written; edit it once it is done.")
            return
        self.query_one(TabbedContent).active = "review-tab"
        self.query_one(SummaryPane).editor.focus()

    def action_leave_editor(self) -> None:
        if self.query_one(SummaryPane).editor.has_focus:
            self.query_one(ArticleList).focus()
            self._request_brief()

    def action_discard_summary_edit(self) -> None:
        self.desk.edit_summary(self.state.article.id, None)
        self._refresh_summary(self.state)
        self._start_summaries()

    @on(TextArea.Changed, "#summary-text")
    def _summary_changed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if not editor.has_focus or editor.read_only:
            return
        state = self.state
        engine_text = state.summary.text if state.summary_current and state.summary else None
        self.desk.edit_summary(
            state.article.id, None if editor.text == engine_text else editor.text
        )
        self._refresh_summary(state)

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "brief-tab" if tabs.active == "review-tab" else "review-tab"
        if tabs.active == "brief-tab":
            self._request_brief()
            brief = self.query_one(BriefView)
            brief.focus()
            # once the tab is laid out, so that the story's place is known
            self.call_after_refresh(brief.reveal_story, self.desk.story_of(self.state.article.id))
        else:
            self.query_one(ArticleList).focus()

    def action_export(self) -> None:
        summaries = self.desk.final_summaries(self.summarizer) if self.summarizer else None
        if summaries is None:
            done, total = self.desk.summaries_done(), len(self.desk.states)
            self.notify(
                f"summaries still being written ({done}/{total}); export once they are done"
            )
            return
        inputs = (self.desk.repaired(), summaries, self.summarizer.label)

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.export_to(choice.path, inputs, choice.appendix)

        self.app.push_screen(ExportScreen(Path("brief.md").absolute(), self.articles), chosen)
