"""One line above the footer: the engine and model, and how far loading has got."""

from __future__ import annotations

from textual.widgets import Static


class StatusBar(Static):
    def show(self, engine: str, repair: str, summaries: str, brief: str) -> None:
        self.update(
            f"engine: {engine} │ repair: {repair} │ summaries: {summaries} │ brief: {brief}"
        )
