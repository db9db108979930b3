"""The export dialog: asks where to write the Markdown brief, refusing an input file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label

from summarize.articles import Article
from summarize.errors import OutputError
from summarize.export import output_path


@dataclass(frozen=True)
class ExportChoice:
    path: Path
    appendix: bool  # list the accepted repairs after the brief


class ExportScreen(ModalScreen[ExportChoice | None]):
    """Asks for the path (an existing file needs a second Enter); None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, default: Path, articles: list[Article]) -> None:
        super().__init__()
        self.default = default
        self.articles = articles
        self._confirm: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Label("Export the brief as Markdown to:")
            yield Input(str(self.default), id="export-path")
            yield Checkbox("List the accepted repairs in an appendix", True, id="export-appendix")
            yield Label("Enter to write, Escape to cancel.", id="export-note")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        note = self.query_one("#export-note", Label)
        if not text or text == "-":
            note.update("Give a file name.")
            return
        try:
            path = output_path(str(Path(text).expanduser()), self.articles)
        except OutputError as exc:
            note.update(str(exc))
            return
        assert path is not None
        if path.exists() and self._confirm != path:
            self._confirm = path
            note.update(f"{path} exists: Enter again to replace it.")
            return
        self.dismiss(ExportChoice(path, self.query_one("#export-appendix", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
