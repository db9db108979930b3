"""The article list: one entry per article, with its repair, flag and summary status."""

from __future__ import annotations

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


class ArticleList(OptionList):
    """Articles in input order; highlighting one shows it in the panes."""

    def show(self, states: list[ArticleState]) -> None:
        if self.option_count != len(states):
            self.clear_options()
            self.add_options(Option(status_lines(s), id=s.article.id) for s in states)
            self.highlighted = 0
            return
        for index, state in enumerate(states):
            self.replace_option_prompt_at_index(index, status_lines(state))
