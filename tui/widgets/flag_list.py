"""The flags of the current article, listed for the reader to judge."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summarize.repair.edits import Flag


class FlagList(OptionList):
    """One entry per flag: its rule, the flagged text and why; selecting one moves the cursor."""

    def show(self, flags: tuple[Flag, ...]) -> None:
        self.clear_options()
        self.border_title = f"Flags ({len(flags)})"
        if not flags:
            self.add_option(Option(Text("No flags in this article.", style="dim"), disabled=True))
            return
        self.add_options(
            Option(
                Text.assemble(
                    (flag.rule, "bold"), f" {' '.join(flag.text.split())}\n", (flag.reason, "dim")
                ),
                id=flag.key,
            )
            for flag in flags
        )
