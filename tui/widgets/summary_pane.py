"""The summary pane: the summary streams in as it is written, then the reader may edit it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from tui.desk import ArticleState

STATE_TITLES = {
    "waiting": "waiting for the engine",
    "writing": "writing…",
    "ready": "e to edit",
    "edited": "edited by you · ✎",
}


class SummaryPane(Vertical):
    """A TextArea that is read-only while the engine writes and editable once it is done."""

    def compose(self) -> ComposeResult:
        yield TextArea(id="summary-text", soft_wrap=True, read_only=True, show_line_numbers=False)
        yield Static(id="summary-guard")

    @property
    def editor(self) -> TextArea:
        return self.query_one("#summary-text", TextArea)

    def show(self, state: ArticleState, engine: str) -> None:
        self.border_title = "Summary"
        self.border_subtitle = f"{engine} · {STATE_TITLES[state.summary_state]}"
        editor = self.editor
        editor.read_only = state.summary_state in ("waiting", "writing")
        text = state.summary_text
        if editor.text != text and not (editor.has_focus and state.summary_state == "edited"):
            editor.load_text(text)
        note = guard_note(state)
        guard = self.query_one("#summary-guard", Static)
        guard.update(note)
        guard.display = bool(note)


def guard_note(state: ArticleState) -> str:
    """What the faithfulness guard changed in the engine's summary, one line each."""
    if state.summary_state != "ready" or state.summary is None:
        return ""
    if state.summary.problem:
        return f"no summary: {state.summary.problem}"
    return "\n".join(f"guard: {item.reason}" for item in state.summary.replaced)
