"""Edits and flags: every repair is an explainable, reversible change to the raw text.

An `Edit` replaces `before` (the raw text at `start:end`) with `after`, and says which rule made it
and why. A `Flag` marks a span the engine will not change on its own but the reader should judge.
Offsets always point into the raw article text, so any subset of edits can be applied (the TUI
accepts and rejects them one by one) and `revert_edits(apply_edits(x, e), e) == x`.

Passes work on the text as repaired so far; `EditLedger` maps their findings back to raw offsets and
merges an edit that touches an earlier one into a single edit, so edits never overlap.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    before: str
    after: str
    rule: str
    reason: str
    confidence: float = 1.0

    @property
    def key(self) -> str:
        """A stable id for review decisions: the raw span and the rule."""
        return f"{self.start}:{self.end}:{self.rule}"


@dataclass(frozen=True, order=True)
class Flag:
    start: int
    end: int
    text: str
    rule: str
    reason: str
    suggestion: str | None = None

    @property
    def key(self) -> str:
        return f"{self.start}:{self.end}:{self.rule}"


def _span(edit: Edit) -> tuple[int, int]:
    """Sort key: disjoint edits are ordered by their span alone (and faster than by all fields)."""
    return edit.start, edit.end


def _check_disjoint(edits: Sequence[Edit]) -> None:
    for left, right in zip(edits, edits[1:], strict=False):
        if right.start < left.end or (right.start == left.end == right.end == left.start):
            raise ValueError(f"overlapping edits: {left.key} and {right.key}")


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, given in raw-text offsets, to `text`."""
    ordered = sorted(edits, key=_span)
    _check_disjoint(ordered)
    out: list[str] = []
    cursor = 0
    for edit in ordered:
        if text[edit.start : edit.end] != edit.before:
            raise ValueError(f"edit {edit.key} does not match the text at its span")
        out.append(text[cursor : edit.start])
        out.append(edit.after)
        cursor = edit.end
    out.append(text[cursor:])
    return "".join(out)


def revert_edits(repaired: str, edits: Iterable[Edit]) -> str:
    """Undo `apply_edits`: give back the raw text from the repaired text and the same edits."""
    out: list[str] = []
    cursor = 0  # in repaired coordinates
    shift = 0  # repaired offset minus raw offset so far
    for edit in sorted(edits, key=_span):
        new_start = edit.start + shift
        out.append(repaired[cursor:new_start])
        if repaired[new_start : new_start + len(edit.after)] != edit.after:
            raise ValueError(f"edit {edit.key} does not match the repaired text")
        out.append(edit.before)
        cursor = new_start + len(edit.after)
        shift += len(edit.after) - (edit.end - edit.start)
    out.append(repaired[cursor:])
    return "".join(out)


def output_offsets(edits: Sequence[Edit], positions: Iterable[int]) -> list[int]:
    """Where each raw offset lands in the text after `edits` (sorted, disjoint) are applied.

    The edits are indexed once and each offset found by bisection, so mapping every flag of a long
    article costs O((edits + flags) log edits), not edits times flags."""
    ends = [edit.end for edit in edits]
    shifts = [0]  # shifts[k]: the length change of the first k edits
    for edit in edits:
        shifts.append(shifts[-1] + len(edit.after) - (edit.end - edit.start))
    mapped = []
    for position in positions:
        done = bisect.bisect_right(ends, position)  # edits that end at or before `position`
        if done < len(edits) and edits[done].start < position:  # inside: its replacement's end
            edit = edits[done]
            mapped.append(edit.start + shifts[done] + len(edit.after))
        else:
            mapped.append(position + shifts[done])
    return mapped


def map_to_output(edits: Sequence[Edit], position: int) -> int:
    """Where a raw offset lands in the text after `edits` (sorted, disjoint) are applied."""
    return output_offsets(edits, [position])[0]


def excerpt(raw: str, edit: Edit, reach: int = 24) -> tuple[str, str]:
    """The edit as a reader sees it, line breaks shown as `↵`.

    A change of a character or two (a space, a full stop) is widened to the words it touches: a bare
    space means nothing on its own, `theNorth` -> `the North` does.
    """
    start, end = edit.start, edit.end
    if max(len(edit.before.strip()), len(edit.after.strip())) <= 2:
        floor, ceiling = max(0, start - reach), min(len(raw), end + reach)
        while start > floor and not raw[start - 1].isspace():
            start -= 1
        while end < ceiling and not raw[end].isspace():
            end += 1
        if (start, end) == (edit.start, edit.end):  # whitespace between words: show the words
            while start > floor and raw[start - 1].isspace():
                start -= 1
            while end < ceiling and raw[end].isspace():
                end += 1
            start = max(floor, start - 1)
            end = min(ceiling, end + 1)
    before = raw[start:end]
    after = raw[start : edit.start] + edit.after + raw[edit.end : end]
    return before.replace("\n", "↵"), after.replace("\n", "↵")


@dataclass(frozen=True)
class Change:
    """A pass's finding in the coordinates of `EditLedger.current`."""

    start: int
    end: int
    after: str
    rule: str
    reason: str
    confidence: float = 1.0


@dataclass
class EditLedger:
    """The raw text plus the edits made so far; passes see `current` and add in its coordinates."""

    raw: str
    edits: list[Edit] = field(default_factory=list)  # sorted, disjoint, raw offsets
    flags: list[Flag] = field(default_factory=list)
    current: str = field(init=False)

    def __post_init__(self) -> None:
        self.current = apply_edits(self.raw, self.edits)
        self._reindex()

    def _reindex(self) -> None:
        self._starts: list[int] = []  # where each edit's `after` starts in `current`
        shift = 0
        for edit in self.edits:
            self._starts.append(edit.start + shift)
            shift += len(edit.after) - (edit.end - edit.start)

    @property
    def output_starts(self) -> list[int]:
        """Where each edit's `after` starts in `current`."""
        return self._starts

    def _to_raw(self, position: int, *, side: str) -> int:
        """Map an offset in `current` to the raw text; inside an edit's output, widen to the edit."""
        find = bisect.bisect_right if side == "start" else bisect.bisect_left
        i = find(self._starts, position) - 1
        if i < 0:
            return position
        edit = self.edits[i]
        out_end = self._starts[i] + len(edit.after)
        if position >= out_end:
            return edit.end + (position - out_end)
        return edit.start if side == "start" else edit.end

    def _conflicts(self, start: int, end: int) -> list[int]:
        """Earlier edits that `current[start:end]` must merge with to keep edits disjoint."""
        hits = []
        for i in range(max(0, bisect.bisect_left(self._starts, start) - 1), len(self.edits)):
            edit = self.edits[i]
            out_start = self._starts[i]
            out_end = out_start + len(edit.after)
            if out_start > end:
                break
            if (
                max(start, out_start) < min(end, out_end)
                or (out_start == out_end and start < out_start < end)
                or (start == end and out_start < start < out_end)
                or (start == end and edit.start == edit.end and out_start <= start <= out_end)
            ):
                hits.append(i)
        return hits

    def apply(self, changes: Iterable[Change]) -> None:
        """Record a pass's changes (disjoint, in `current` coordinates) in one sweep."""
        ordered = sorted(
            (c for c in changes if self.current[c.start : c.end] != c.after),
            key=lambda c: (c.start, c.end),
        )
        if not ordered:
            return
        for left, right in zip(ordered, ordered[1:], strict=False):
            if right.start < left.end or (right.start == left.end == left.start == right.end):
                raise ValueError(f"overlapping changes at {left.start} and {right.start}")
        groups: list[tuple[list[Change], list[int]]] = []
        for change in ordered:
            hits = self._conflicts(change.start, change.end)
            if groups and hits and groups[-1][1] and hits[0] <= groups[-1][1][-1]:
                group_changes, group_hits = groups[-1]
                group_changes.append(change)
                group_hits.extend(i for i in hits if i > group_hits[-1])
            else:
                groups.append(([change], hits))
        removed: set[int] = set()
        added: list[Edit] = []
        for group_changes, hits in groups:
            added.append(self._merged_edit(group_changes, hits))
            removed.update(hits)
        pieces: list[str] = []
        cursor = 0
        for change in ordered:
            pieces.append(self.current[cursor : change.start])
            pieces.append(change.after)
            cursor = change.end
        pieces.append(self.current[cursor:])
        self.current = "".join(pieces)
        kept = [edit for i, edit in enumerate(self.edits) if i not in removed]
        added = [edit for edit in added if edit.before != edit.after]
        self.edits = sorted(kept + added, key=_span)
        self._reindex()

    def _merged_edit(self, changes: list[Change], hits: list[int]) -> Edit:
        """One raw-offset edit for `changes` and the earlier edits they touch."""
        out_start = min([changes[0].start] + [self._starts[i] for i in hits])
        out_end = max(
            [changes[-1].end] + [self._starts[i] + len(self.edits[i].after) for i in hits]
        )
        raw_start = self._to_raw(out_start, side="start")
        raw_end = raw_start if out_start == out_end else self._to_raw(out_end, side="end")
        if hits:
            raw_start = min(raw_start, self.edits[hits[0]].start)
            raw_end = max(raw_end, self.edits[hits[-1]].end)
        pieces: list[str] = []
        cursor = out_start
        for change in changes:
            pieces.append(self.current[cursor : change.start])
            pieces.append(change.after)
            cursor = change.end
        pieces.append(self.current[cursor:out_end])
        earlier = [self.edits[i] for i in hits]
        rules = list(dict.fromkeys([e.rule for e in earlier] + [c.rule for c in changes]))
        reasons = list(dict.fromkeys([e.reason for e in earlier] + [c.reason for c in changes]))
        confidence = min([e.confidence for e in earlier] + [c.confidence for c in changes])
        return Edit(
            raw_start,
            raw_end,
            self.raw[raw_start:raw_end],
            "".join(pieces),
            "+".join(rules),
            "; ".join(reasons),
            confidence,
        )

    def replace(
        self, start: int, end: int, after: str, rule: str, reason: str, confidence: float = 1.0
    ) -> None:
        """Replace `current[start:end]` with `after`, recording it as an edit of the raw text."""
        self.apply([Change(start, end, after, rule, reason, confidence)])

    def flag(
        self, start: int, end: int, rule: str, reason: str, suggestion: str | None = None
    ) -> None:
        """Mark `current[start:end]` for the reader, recorded in raw offsets."""
        raw_start = self._to_raw(start, side="start")
        raw_end = max(raw_start, self._to_raw(end, side="end"))
        flag = Flag(raw_start, raw_end, self.raw[raw_start:raw_end], rule, reason, suggestion)
        # one flag per span and rule (its key): sorted, a flag with that key sits right beside
        at = bisect.bisect_left(self.flags, flag)
        beside = self.flags[max(0, at - 1) : at + 1]
        if all(other.key != flag.key for other in beside):
            self.flags.insert(at, flag)
