"""The Brief tab: one brief per story (points with their sources, conflicts, timeline, entities),
the largest story first, then the sources."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from summarize.brief import Brief
from summarize.pipeline import Report


def _cite(sources: tuple[int, ...]) -> str:
    return "".join(f"[{number}]" for number in sources)


def _articles(count: int) -> str:
    return f"{count} article{'s' * (count != 1)}"


def _bullets(rows: list[Text]) -> Table:
    """Bulleted rows whose wrapped lines hang under their text."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(width=1)
    table.add_column(ratio=1)
    for row in rows:
        table.add_row("•", row)
    return table


def render_report(report: Report) -> list[tuple[str, Text | Table]]:
    """(css class, text) blocks: a heading or a section body; a story's heading has the css
    class `brief-story` (a lone story is headed "Brief")."""
    stories = report.stories
    blocks: list[tuple[str, Text | Table]] = [
        ("brief-title", Text(report.title)),
        (
            "brief-meta",
            Text(
                f"engine: {report.engine} · {len(report.sources)} sources"
                + (f" · {len(stories)} stories" if len(stories) > 1 else "")
            ),
        ),
    ]
    for number, story in enumerate(stories, start=1):
        if len(stories) == 1:
            blocks.append(("brief-heading", Text("Brief")))
        else:
            blocks += [
                ("brief-story", Text(f"Story {number}: {story.title}")),
                ("brief-meta", Text(f"{_articles(len(story.numbers))}: {_cite(story.numbers)}")),
            ]
        blocks += _brief_blocks(story.brief)
    blocks.append(("brief-heading", Text("Sources")))
    rows = [
        Text.assemble(
            (f"[{source.number}] ", "bold"), source.title, "\n    ", (source.location, "dim")
        )
        for source in report.sources
    ]
    blocks.append(("brief-body", Text("\n").join(rows)))
    return blocks


def _brief_blocks(brief: Brief) -> list[tuple[str, Text | Table]]:
    blocks: list[tuple[str, Text | Table]] = []
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
    return blocks


class BriefView(VerticalScroll, can_focus=True):
    """Renders a report's briefs; shows why they are not there yet while summaries are due."""

    def show_waiting(self, reason: str) -> None:
        self.remove_children()
        self.mount(Static(Text(reason), classes="brief-meta"))

    def show(self, report: Report) -> None:
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(Static(text, classes=css) for css, text in render_report(report))

    def reveal_story(self, number: int) -> None:
        """Scroll story `number` (from 1) to the top, when the brief has several."""
        headings = self.query(".brief-story")
        if number <= len(headings):
            self.scroll_to_widget(headings[number - 1], top=True, animate=False)
