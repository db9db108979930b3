"""`mtbrief`: the review desk. Check each repair, read and edit the summaries, export the brief."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from summarize.articles import Article, load_articles
from summarize.cli import engine_options, max_size_option, run_command, timeout_option
from summarize.errors import InputError
from summarize.review import ReviewStore
from tui.desk import Desk
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen

EXIT_NOTHING = 1


class MtbriefApp(App[None]):
    """The review desk over already loaded articles; `store_path` None means the user data dir."""

    CSS_PATH = "mtbrief.tcss"
    TITLE = "mtbrief"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        articles: list[Article],
        *,
        engine: str = "auto",
        model: str | None = None,
        store_path: Path | None = None,
        load_errors: Iterable[InputError] = (),
    ) -> None:
        super().__init__()
        self.articles = articles
        self.engine = engine
        self.model = model
        self.store = ReviewStore(store_path)
        self.load_errors = list(load_errors)
        self.sub_title = f"{len(articles)} article{'s' * (len(articles) != 1)}"

    def get_default_screen(self) -> Screen:
        return ReviewScreen(self.articles, Desk(self.articles, self.store), self.engine, self.model)

    def on_mount(self) -> None:
        for error in self.load_errors:
            self.notify(f"skipped {error}", severity="warning", timeout=10)
        if self.store.problem:
            self.notify(self.store.problem, severity="warning", timeout=10)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if isinstance(screen, ReviewScreen):
            yield SystemCommand("Export brief", "Write the brief as Markdown", screen.action_export)
            yield SystemCommand(
                "Accept rule", "Accept every edit of the cursor's rule", screen.action_accept_rule
            )
            yield SystemCommand(
                "Reject rule", "Reject every edit of the cursor's rule", screen.action_reject_rule
            )
            yield SystemCommand(
                "Discard summary edit",
                "Go back to the engine's summary of this article",
                screen.action_discard_summary_edit,
            )
            yield SystemCommand("Switch tab", "Review or Brief", screen.action_switch_tab)
            yield SystemCommand("Help", "Keys and marks", self.action_help)


def attach_terminal() -> None:
    """After articles came through a pipe, read keys from the terminal instead."""
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise click.UsageError("the review desk needs a terminal to read keys from") from None
    os.dup2(terminal, sys.stdin.fileno())
    os.close(terminal)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("articles", nargs=-1, required=True)
@engine_options
@max_size_option
@timeout_option
def mtbrief(
    articles: tuple[str, ...], engine: str, model: str | None, max_size: int, timeout: float
) -> None:
    """Review the repairs and summaries of machine-translated ARTICLES, then export a brief.

    ARTICLES are the same as for `brief`: files, folders, URLs, feeds, or '-' for stdin. Decisions are saved
    as they are made and restored when the same articles are opened again.
    """
    loaded = load_articles(articles, limit=max_size * 1024 * 1024, timeout=timeout)
    for error in loaded.errors:
        click.echo(f"mtbrief: skipped {error}", err=True)
    if not loaded.articles:
        click.echo("mtbrief: error: no usable articles to review", err=True)
        sys.exit(EXIT_NOTHING)
    if not sys.stdin.isatty():
        attach_terminal()
    MtbriefApp(loaded.articles, engine=engine, model=model, load_errors=loaded.errors).run()


def main() -> None:
    run_command(mtbrief, "mtbrief")


if __name__ == "__main__":
    main()
