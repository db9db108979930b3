"""What the review cursor is on: an edit's rule, reason and change, or a flag to judge."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from summarize.repair.edits import Edit, Flag, excerpt
from tui.desk import ArticleState


def _quote(text: str, limit: int = 40, *, flatten: bool = True) -> str:
    flat = " ".join(text.split()) if flatten else text
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def describe(state: ArticleState, accepted: frozenset[str]) -> Text:
    """The cursor's item; `accepted` holds the edit keys the reader explicitly accepted."""
    if state.repaired is None:
        return Text("Repairing…", style="dim")
    items = state.items
    item = state.current_item
    if item is None:
        if not items:
            return Text("No edits or flags in this article.", style="dim")
        return Text(f"{len(items)} edits and flags: press n for the first.", style="dim")
    where = f"{state.cursor + 1}/{len(items)}"
    if isinstance(item, Flag):
        suggestion = f" (suggest {_quote(item.suggestion)})" if item.suggestion else ""
        return Text.assemble(
            ("FLAG ", "bold"),
            f"{where} · {item.rule}: {item.reason}\n",
            _quote(item.text),
            suggestion,
        )
    assert isinstance(item, Edit)
    if item.key in state.repaired.rejected:
        verdict = "rejected"
    else:
        verdict = "accepted" if item.key in accepted else "accepted (default)"
    # a space or a stop means nothing on its own: show the words around it, as the export does
    before, after = excerpt(state.repaired.article.text, item)
    if item.after or before != item.before.replace("\n", "↵"):
        # spaces kept as they are: a doubled space or a line break may be the whole change
        change = f"{_quote(before, flatten=False)} → {_quote(after, flatten=False)}"
    else:
        change = f"removes {_quote(item.before)}"
    return Text.assemble(
        ("EDIT ", "bold"),
        f"{where} · {item.rule} · {verdict} · confidence {item.confidence:.2f}\n",
        (f"{item.reason}: ", "italic"),
        change,
    )


class EditInfo(Static):
    """The rule and reason of the edit (or flag) under the cursor."""

    def show(self, state: ArticleState, accepted: frozenset[str]) -> None:
        self.update(describe(state, accepted))
