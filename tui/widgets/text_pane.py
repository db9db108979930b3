"""A scrolling pane of paragraphs, so two panes can be kept at the same paragraph.

Two panes side by side give each pair of paragraphs the height of the taller one, so the original
and the repaired text line up paragraph by paragraph, like the two sides of a diff.
"""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.highlight import STYLE_NAMES


class TextPane(VerticalScroll, can_focus=True):
    """Article text as one widget per paragraph; styles for edits come from the theme (tcss)."""

    COMPONENT_CLASSES = {f"text-pane--{name}" for name in STYLE_NAMES}

    def styles_by_name(self) -> dict:
        return {name: self.get_component_rich_style(f"text-pane--{name}") for name in STYLE_NAMES}

    def show(self, paragraphs: list[Text]) -> None:
        """Show `paragraphs`, reusing the paragraph widgets when the count is unchanged."""
        current = list(self.query_children(Static))
        if len(current) == len(paragraphs):
            for widget, text in zip(current, paragraphs, strict=True):
                widget.update(text)
            return
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(Static(text, classes="paragraph") for text in paragraphs)
        self.scroll_home(animate=False)

    def paragraph_heights(self) -> list[int]:
        """The height each paragraph needs at the pane's current width."""
        width = self.scrollable_content_region.width
        return [
            child.get_content_height(self.size, self.app.size, width)
            for child in self.query_children(Static)
        ]

    def set_min_heights(self, heights: list[int]) -> None:
        for child, height in zip(self.query_children(Static), heights, strict=False):
            child.styles.min_height = height

    def paragraph_at_top(self) -> tuple[int, float]:
        """The paragraph at the top of the view and how far into it (0..1) the view starts."""
        children = list(self.query_children(Static))
        top = self.scroll_y
        for index, child in enumerate(children):
            region = child.virtual_region_with_margin
            if region.y + region.height > top:
                return index, max(0.0, (top - region.y) / max(1, region.height))
        return max(0, len(children) - 1), 0.0

    def scroll_to_paragraph(self, index: int, fraction: float = 0.0) -> None:
        children = list(self.query_children(Static))
        if not children:
            return
        region = children[min(index, len(children) - 1)].virtual_region_with_margin
        self.scroll_to(y=region.y + fraction * region.height, animate=False, immediate=True)

    def reveal(self, index: int) -> None:
        """Bring paragraph `index` into view, a few lines below the top."""
        children = list(self.query_children(Static))
        if 0 <= index < len(children):
            region = children[index].virtual_region_with_margin
            if not (self.scroll_y <= region.y < self.scroll_y + self.size.height - 2):
                self.scroll_to(y=max(0, region.y - 2), animate=False, immediate=True)
