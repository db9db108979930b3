"""Leaked markup: JSON fragments and HTML tags that page scraping left inside the article text,
and the smaller debris of markup: the tail of a tag attribute (`photo-source">`), HTML entities
(`&amp;`), CDATA markers, `[19659004]`-style placeholders, Markdown emphasis (`fuel**,`) and runs of
emoji.

A scraped page can carry the article's own text twice, once as a JSON attribute value and once as
the visible paragraph: `… diplomacy “,” text “:” President Biden’s approach … “}}”>President …`.
The markup goes, and so does every leaked value that repeats text the reader keeps, so the
sentence survives once. A value that repeats nothing is kept: it may be the only copy.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from summarize.repair.edits import Change, EditLedger

RULE = "leaks"
_Q = '["“”„]'
# JSON punctuation between quotes (`","`, `“:”`), closing braces ending an attribute (`"}}">`), an
# opening brace with a quote (`{"`). Three simple patterns scan prose far faster than one
# alternation of them.
_JSON_PAIR = re.compile(rf"{_Q}[ \t]*[,:][ \t]*{_Q}")
_JSON_CLOSE = re.compile(rf"[}}\]](?:[}}\]]|[ \t]*{_Q})*[ \t]*/?>")
_JSON_OPEN = re.compile(rf"[{{\[][ \t]*{_Q}")
_QUOTE_BEFORE = re.compile(rf"{_Q}[ \t]*$")
_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9]*(?:\s+[A-Za-z_:][-\w:.]*(?:=(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>\"']+))?)*\s*/?>"
)
_KEY = re.compile(r"[ \t]*[A-Za-z_][\w-]{0,30}[ \t]*")
_SENTENCE_END = re.compile(r"[.!?]")
_MAX_GAP = 600  # leaked values are paragraphs at most
_CONTEXT = 4 * _MAX_GAP  # how far from a leaked object the text it repeats may be
_DUPLICATE = 80  # rapidfuzz partial_ratio above which a leaked value repeats kept text


def json_tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of JSON markup tokens in `text[start:end]`, in order, overlapping ones merged."""
    end = len(text) if end is None else end
    spans = [m.span() for m in _JSON_PAIR.finditer(text, start, end)]
    spans += [m.span() for m in _JSON_OPEN.finditer(text, start, end)]
    for match in _JSON_CLOSE.finditer(text, start, end):
        quote = _QUOTE_BEFORE.search(text, max(start, match.start() - 8), match.start())
        spans.append((quote.start() if quote else match.start(), match.end()))
    merged: list[tuple[int, int]] = []
    for left, right in sorted(spans):
        if merged and left < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(right, merged[-1][1]))
        else:
            merged.append((left, right))
    return merged


def _clusters(line: str) -> list[list[tuple[int, int]]]:
    """Runs of JSON markup tokens close enough together to be one leaked object."""
    clusters: list[list[tuple[int, int]]] = []
    for span in json_tokens(line):
        if clusters and span[0] - clusters[-1][-1][1] <= _MAX_GAP:
            clusters[-1].append(span)
        else:
            clusters.append([span])
    return clusters


def _repeats(value: str, others: list[str]) -> bool:
    value = value.strip(" \t:,;")
    if not value:
        return True
    return any(
        fuzz.partial_ratio(value, other, score_cutoff=_DUPLICATE) for other in others if other
    )


def _leak_changes(line: str, base: int) -> list[Change]:
    changes: list[Change] = []
    for tokens in _clusters(line):
        if len(tokens) < 2 and not line[tokens[0][0] : tokens[0][1]].rstrip().endswith(">"):
            continue  # one stray `","` is too little evidence of leaked markup
        end = tokens[-1][1]
        head_start = max(0, tokens[0][0] - _CONTEXT)
        for stop in _SENTENCE_END.finditer(line, head_start, tokens[0][0]):
            head_start = stop.end()
        # the copy a leaked value repeats is the text around it, not the whole line: a page
        # flattened into one line would otherwise compare every value with all of it
        after = line[end : end + _CONTEXT]
        before = line[max(0, head_start - _CONTEXT) : head_start]
        values = [line[head_start : tokens[0][0]]] + [
            line[left[1] : right[0]] for left, right in zip(tokens, tokens[1:], strict=False)
        ]
        starts = [head_start] + [token[1] for token in tokens[:-1]]
        cut: list[tuple[int, int]] = []  # spans of the line to delete
        for index, (value, start) in enumerate(zip(values, starts, strict=True)):
            later = values[index + 1 :]
            # between two tokens, a single identifier is a JSON key ("text", "title")
            is_key = index > 0 and _KEY.fullmatch(value) is not None
            if is_key or _repeats(value, [after, before, *later]):
                cut.append((start, start + len(value)))
        cut += tokens
        cut.sort()
        merged: list[list[int]] = []
        for start, stop in cut:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], stop)
            else:
                merged.append([start, stop])
        for start, stop in merged:
            left = line[start - 1] if start > 0 else " "
            right = line[stop] if stop < len(line) else " "
            glue = " " if not left.isspace() and not right.isspace() else ""
            reason = "leaked page markup (JSON) and the text it repeats"
            changes.append(Change(base + start, base + stop, glue, RULE, reason, 0.9))
    return changes


def _tag_changes(line: str, base: int, taken: list[Change]) -> list[Change]:
    changes = []
    for match in _TAG.finditer(line):
        start, stop = base + match.start(), base + match.end()
        if any(c.start < stop and start < c.end for c in taken):
            continue
        left = line[match.start() - 1] if match.start() > 0 else " "
        right = line[match.end()] if match.end() < len(line) else " "
        glue = " " if left.isalnum() and right.isalnum() else ""
        changes.append(Change(start, stop, glue, RULE, "leaked HTML tag", 0.9))
    return changes


_ATTRIBUTE_TAIL = re.compile(r"(?:^|(?<=\s))[\w:-]+[\"'][ \t]*/?>", re.M)
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#[xX][0-9a-fA-F]{2,5});")
_CDATA = re.compile(r"<!\[CDATA\[|\]\]>")
_PLACEHOLDER = re.compile(r"[ \t]*\[\d{6,}\][ \t]*")
_EMPHASIS = re.compile(r"(?<=[^\W_])\*{2,}|\*{2,}(?=[^\W_])|(?<=[^\W_])_{2,}(?=[\s,.;:!?])")
_EMOJI_RUN = re.compile(r"[ \t]*[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]{3,}")


def _fragment_changes(text: str) -> list[Change]:
    """Small pieces of markup: each goes, an entity becomes its character."""
    import html

    changes = []
    # each with what every match of it holds: a text without it is not scanned
    for pattern, needs, reason in (
        (_ATTRIBUTE_TAIL, (">",), "the end of a leaked HTML attribute"),
        (_CDATA, ("<![CDATA[", "]]>"), "a leaked CDATA marker"),
        (_EMPHASIS, ("**", "__"), "Markdown emphasis marks left in the text"),
        (_EMOJI_RUN, ("",), "a run of emoji from a social-media embed"),
    ):
        if not any(part in text for part in needs):
            continue
        changes += [
            Change(m.start(), m.end(), "", RULE, reason, 0.9) for m in pattern.finditer(text)
        ]
    for match in _PLACEHOLDER.finditer(text):
        glue = " " if match.start() > 0 and match.end() < len(text) else ""
        if (
            text[match.start() - 1 : match.start()] in ("", "\n")
            or text[match.end() : match.end() + 1] in "\n.,;:"
        ):
            glue = ""
        changes.append(Change(match.start(), match.end(), glue, RULE, "a leaked placeholder", 0.9))
    for match in _ENTITY.finditer(text):
        character = html.unescape(match.group())
        if character != match.group():
            changes.append(
                Change(match.start(), match.end(), character, RULE, "an HTML entity", 0.9)
            )
    changes.sort(key=lambda change: (change.start, change.end))
    kept: list[Change] = []
    for change in changes:  # patterns can meet (`**&amp;`): the first wins
        if not kept or change.start >= kept[-1].end:
            kept.append(change)
    return kept


def remove_leaks(ledger: EditLedger) -> None:
    """Delete leaked JSON objects (keeping one copy of the text they repeat) and HTML tags,
    until none is left: removing one can join the pieces of another (`}}“}}”>`)."""
    for _ in range(3):
        before = ledger.current
        _remove_leaks_once(ledger)
        if ledger.current == before:
            break
    ledger.apply(_fragment_changes(ledger.current))


def _remove_leaks_once(ledger: EditLedger) -> None:
    text = ledger.current
    lines = {text.rfind("\n", 0, start) + 1 for start, _ in json_tokens(text)}
    if "<" in text:
        lines.update(text.rfind("\n", 0, m.start()) + 1 for m in _TAG.finditer(text))
    changes: list[Change] = []
    for start in sorted(lines):
        end = text.find("\n", start)
        line = text[start : end if end != -1 else len(text)]
        found = _leak_changes(line, start)
        changes += found + _tag_changes(line, start, found)
    ledger.apply(changes)
