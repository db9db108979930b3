"""The `?` screen: every key, and what the marks in the panes mean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# mtbrief review desk

Check every repair of every article, read and edit the summaries, read the brief, export.

## Keys

- `↑` `↓` choose an article (in the list)
- `n` / `p` next / previous edit or flag (`n` goes on to the next article)
- `a` / `r` accept / reject the edit under the cursor; `space` toggles it
- `A` / `R` accept / reject every edit of the cursor's rule, in all articles
- `f` asks the model engine to fix the flag under the cursor: a fix the guard accepts becomes an edit
- `e` edit the summary (`escape` to leave; saved as you type)
- `b` switch between the Review and Brief tabs
- `s` export the brief as Markdown (an input file is never overwritten)
- `ctrl+p` command palette (export, rules, themes)
- `?` this help, `q` quit (every decision is already saved)

## Marks

- **Original** pane: struck-out text is what an accepted edit removes or replaces; dim text
  belongs to a rejected edit; underlined text is flagged for you to judge; `‸` is an insertion.
- **Repaired** pane: highlighted text was put in by an edit; `⌫` marks removed text; dim text is
  kept because you rejected its edit.
- The edit or flag under the cursor is shown reversed in both panes.

Scrolling either text pane keeps the other at the same paragraph.
Decisions and edited summaries are saved as they happen and restored when the same articles are
opened again.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP)
