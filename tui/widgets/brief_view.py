"""The Brief tab: the combined brief's points with their sources, conflicts, timeline, entities."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from summarize.brief import Brief


def _cite(sources: tuple[int, ...]) -> str:
    return "".join(f"[{number}]" for number in sources)


def _bullets(rows: list[Text]) -> Table:
    """Bulleted rows whose wrapped lines hang under their text."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1)
    table.add_column(ratio=1)
    for row in rows:
        table.add_row("•", row)
    return table


def render_brief(brief: Brief, title: str, engine: str) -> list[tuple[str, Text | Table]]:
    """(css class, text) blocks: a heading or a section body."""
    blocks: list[tuple[str, Text]] = [
        ("brief-title", Text(title)),
        ("brief-meta", Text(f"engine: {engine} · {len(brief.sources)} sources")),
        ("brief-heading", Text("Brief")),
    ]
    lines = []
    for point in brief.points:
        single = point.single_source and len(brief.sources) > 1
        lines.append(
            Text.assemble(
                point.text,
                " ",
                (_cite(point.sources), "bold"),
                (" single source" if single else "", "italic dim"),
            )
        )
    blocks.append(("brief-body", _bullets(lines) if lines else Text("No points yet.")))
    if brief.conflicts:
        blocks.append(("brief-heading", Text("Where the sources disagree")))
        rows = []
        for conflict in brief.conflicts:
            versions = "; ".join(f"{v.value} {_cite(v.sources)}" for v in conflict.versions)
            rows.append(Text.assemble((conflict.topic, "bold"), f" ({conflict.kind}): {versions}"))
        blocks.append(("brief-body", _bullets(rows)))
    if brief.timeline:
        blocks.append(("brief-heading", Text("Key dates")))
        rows = [
            Text.assemble((entry.date, "bold"), f": {entry.event} ", _cite(entry.sources))
            for entry in brief.timeline
        ]
        blocks.append(("brief-body", _bullets(rows)))
    if brief.entities:
        blocks.append(("brief-heading", Text("People and organisations")))
        rows = []
        for entity in brief.entities:
            variants = [v for v in entity.variants if v != entity.name]
            also = f" (also written: {', '.join(variants)})" if variants else ""
            rows.append(Text.assemble((entity.name, "bold"), also, " ", _cite(entity.sources)))
        blocks.append(("brief-body", _bullets(rows)))
    blocks.append(("brief-heading", Text("Sources")))
    rows = [
        Text.assemble(
            (f"[{source.number}] ", "bold"), source.title, "\n    ", (source.location, "dim")
        )
        for source in brief.sources
    ]
    blocks.append(("brief-body", Text("\n").join(rows)))
    return blocks


class BriefView(VerticalScroll, can_focus=True):
    """Renders a `Brief`; shows why it is not there yet while summaries are still due."""

    def show_waiting(self, reason: str) -> None:
        self.remove_children()
        self.mount(Static(Text(reason), classes="brief-meta"))

    def show(self, brief: Brief, title: str, engine: str) -> None:
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(
                Static(text, classes=css) for css, text in render_brief(brief, title, engine)
            )
