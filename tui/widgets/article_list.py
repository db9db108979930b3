"""The article list: one entry per article, with its repair, flag and summary status, grouped
under a heading per story when the articles report several."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.desk import ArticleState

SUMMARY_MARKS = {
    "waiting": "summary waiting",
    "writing": "summary writing…",
    "ready": "summary ready",
    "edited": "summary edited ✎",
}


def status_lines(state: ArticleState) -> Text:
    title = Text(state.article.title, style="bold")
    if state.repaired is None:
        detail = Text("repairing…", style="dim")
    else:
        edits = len(state.repaired.edits)
        rejected = len(state.repaired.rejected)
        flags = len(state.repaired.flags)
        lines = [
            f"{edits} edit{'s' * (edits != 1)} · {flags} flag{'s' * (flags != 1)}",
            SUMMARY_MARKS[state.summary_state],
        ]
        if rejected:
            lines.append(f"{rejected} rejected")
        detail = Text("\n".join(lines), style="dim")
    return Text("\n").join([title, detail])


def story_heading(number: int, count: int) -> Text:
    """The line above a story's articles (its title is the headline of one of them)."""
    return Text.assemble(
        (f"Story {number}", "bold underline"), (f" · {count} article{'s' * (count != 1)}", "dim")
    )


class ArticleList(OptionList):
    """Articles in the desk's order (story by story); highlighting one shows it in the panes.

    Story headings are disabled options, so `article_index` maps the highlight to the article."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._option_of: list[int] = []  # article index -> option index
        self._shape: tuple = ()

    @property
    def article_index(self) -> int:
        """The highlighted article's index in the desk's order."""
        if self.highlighted in self._option_of:
            return self._option_of.index(self.highlighted)
        return 0

    def highlight_article(self, index: int) -> None:
        self.highlighted = self._option_of[index]

    def show(
        self, states: Sequence[ArticleState], stories: Sequence[tuple[str, Sequence[str]]] = ()
    ) -> None:
        """List `states`; with several `stories` ((title, article ids), in the same order), each
        story's articles come under its heading."""
        first = {}
        if len(stories) > 1:
            first = {ids[0]: (n, len(ids)) for n, (_, ids) in enumerate(stories, start=1)}
        shape = (tuple(state.article.id for state in states), tuple(sorted(first.items())))
        if shape == self._shape:
            for index, state in enumerate(states):
                self.replace_option_prompt_at_index(self._option_of[index], status_lines(state))
            return
        kept = self._shape[0][self.article_index] if self._shape else None
        options: list[Option] = []
        self._option_of = []
        for state in states:
            if state.article.id in first:
                options.append(Option(story_heading(*first[state.article.id]), disabled=True))
            self._option_of.append(len(options))
            options.append(Option(status_lines(state), id=state.article.id))
        self.clear_options()
        self.add_options(options)
        self._shape = shape
        ids = [state.article.id for state in states]
        self.highlight_article(ids.index(kept) if kept in ids else 0)
