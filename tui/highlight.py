"""Rich text for the two text panes: the original with every edit and flag highlighted, and the
repaired text with every edit marked, both cut into the same paragraphs so the panes stay aligned.

Paragraphs are those of the raw text (split at blank lines); paragraph i of the repaired pane is
what the raw paragraph i became, so a paragraph that was pure debris is an empty line with a mark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from summarize.repair import Repaired
from summarize.repair.edits import Edit, Flag, map_to_output

_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
DELETION_MARK = "⌫"
INSERTION_MARK = "‸"

# style names; the pane resolves them from its component classes, so they follow the theme
REMOVED, REPLACED, INSERTED, REJECTED, FLAGGED, CURSOR, MARK = (
    "removed",
    "replaced",
    "inserted",
    "rejected",
    "flagged",
    "cursor",
    "mark",
)
STYLE_NAMES = (REMOVED, REPLACED, INSERTED, REJECTED, FLAGGED, CURSOR, MARK)


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of `text` starts: 0 and after every run of blank lines."""
    starts = [0]
    starts += [m.end() for m in _PARAGRAPH_BREAK.finditer(text) if 0 < m.end() < len(text)]
    return starts


def paragraph_of(starts: Sequence[int], position: int) -> int:
    """The index of the paragraph holding `position`."""
    index = 0
    for i, start in enumerate(starts):
        if start <= position:
            index = i
        else:
            break
    return index


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    style: str
    mark: str = ""  # a glyph shown at `start` instead of styling (a deletion or an insertion)
    paragraph: int | None = None  # where a mark goes when its position is ambiguous


def _belongs(span: _Span, index: int, start: int, end: int, last: bool) -> bool:
    if span.paragraph is not None:
        return span.paragraph == index
    if span.start == span.end:
        return start <= span.start < end or (last and span.start == end)
    return span.start < end and span.end > start


def _paint(
    text: str, start: int, end: int, spans: list[_Span], styles: Mapping[str, Style]
) -> Text:
    """`text[start:end]` (trailing blank lines dropped) with `spans` styled or marked."""
    shown = text[start:end].rstrip()
    out = Text(shown)
    marks: list[tuple[int, str, Style]] = []
    for span in spans:
        style = styles.get(span.style, Style())
        local_start = min(max(span.start - start, 0), len(shown))
        local_end = min(max(span.end - start, 0), len(shown))
        if span.mark:
            marks.append((local_start, span.mark, style))
        elif local_end > local_start:
            out.stylize(style, local_start, local_end)
    for position, glyph, style in sorted(marks, key=lambda m: m[0], reverse=True):
        out = out[:position] + Text(glyph, style=style) + out[position:]
    return out


def _cut(text: str, starts: Sequence[int], spans: list[_Span], styles) -> list[Text]:
    ends = list(starts[1:]) + [len(text)]
    last = len(starts) - 1
    return [
        _paint(
            text,
            start,
            end,
            [s for s in spans if _belongs(s, index, start, end, index == last)],
            styles,
        )
        for index, (start, end) in enumerate(zip(starts, ends, strict=True))
    ]


def plain_paragraphs(text: str) -> list[Text]:
    """The raw text cut into paragraphs, unmarked (while the repair is still running)."""
    return _cut(text, paragraph_starts(text), [], {})


def _edit_style(edit: Edit, rejected: frozenset[str], cursor: str | None) -> str:
    if edit.key == cursor:
        return CURSOR
    if edit.key in rejected:
        return REJECTED
    return REMOVED if not edit.after else REPLACED


def original_paragraphs(
    repaired: Repaired, cursor: str | None, styles: Mapping[str, Style]
) -> list[Text]:
    """The raw text, paragraph by paragraph, with what each edit touches and each flag marked."""
    spans = [
        _Span(
            e.start,
            e.end,
            _edit_style(e, repaired.rejected, cursor),
            INSERTION_MARK if e.start == e.end else "",
        )
        for e in repaired.edits
    ]
    spans += [_Span(f.start, f.end, CURSOR if f.key == cursor else FLAGGED) for f in repaired.flags]
    text = repaired.article.text
    return _cut(text, paragraph_starts(text), spans, styles)


def repaired_paragraphs(
    repaired: Repaired, cursor: str | None, styles: Mapping[str, Style]
) -> list[Text]:
    """The repaired text cut at the raw paragraphs: replacements marked, deletions shown as a
    mark, rejected edits' kept text marked as rejected."""
    raw_starts = paragraph_starts(repaired.article.text)
    accepted = repaired.accepted
    text = repaired.text
    starts = [map_to_output(accepted, start) for start in raw_starts]
    spans: list[_Span] = []
    for edit in repaired.edits:
        out = map_to_output(accepted, edit.start)
        if edit.key in repaired.rejected:
            style = CURSOR if edit.key == cursor else REJECTED
            length = len(edit.before)
            spans.append(_Span(out, out + length, style, "" if length else INSERTION_MARK))
        elif edit.after:
            style = CURSOR if edit.key == cursor else INSERTED
            spans.append(_Span(out, out + len(edit.after), style))
        else:
            style = CURSOR if edit.key == cursor else MARK
            # a deletion's mark goes in the raw paragraph where the deleted text began
            paragraph = paragraph_of(raw_starts, edit.start)
            spans.append(_Span(out, out, style, DELETION_MARK, paragraph))
    for flag in repaired.flags:
        out = map_to_output(accepted, flag.start)
        out_end = map_to_output(accepted, flag.end)
        spans.append(_Span(out, out_end, CURSOR if flag.key == cursor else FLAGGED))
    return _cut(text, starts, spans, styles)


def review_items(repaired: Repaired) -> list[Edit | Flag]:
    """Edits and flags in reading order: what the cursor steps through."""
    return sorted([*repaired.edits, *repaired.flags], key=lambda item: (item.start, item.end))
