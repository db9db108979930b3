"""Spacing and punctuation: glued words, missing and doubled spaces, doubled or stray punctuation,
indentation and hard-wrapped lines.

Each rule is a regular expression plus a check that the fix is real: a glued token is split only
when wordfreq knows both halves and not the whole (`theNorth` -> `the North`, never `iPhone`;
`sisterby` -> `sister by` only when the tail is a common function word, or the head a plural
and both long and common), a full stop before a comma is dropped only after a word that is no abbreviation (`etc.,`
stays), and lines are rejoined only in a paragraph wrapped at a fixed width whose continuation
lines start in lower case.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import abbreviations, is_ordinary, stopwords, zipf

Rule = Callable[[str], Iterator[Change]]

_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"
# Each pattern starts with its rarest character, so the regex engine can skip ahead quickly;
# conditions on what comes before sit in lookbehinds after it, or in code.
_CASE_TURN = re.compile(rf"[{_LOWER}][{_UPPER}]")
_WORD_RUN = re.compile(r"\w*$")
_GLUED = re.compile(rf"([{_LOWER}]{{2,}})([{_UPPER}](?:[{_LOWER}]+|[{_UPPER}]+))(?![\w@/])")
_OPEN_QUOTE = re.compile(rf"‘(?<=[{_LOWER}]{{2}}‘)(?=[{_UPPER}])")
_NO_SENTENCE_SPACE = re.compile(rf"[.!?](?<=[{_LOWER}]{{2}}[.!?])(?=[{_UPPER}][{_LOWER}])")
_NO_COMMA_SPACE = re.compile(rf",(?<=[{_LOWER}]{{2}},)(?=[{_LOWER}{_UPPER}]{{2}})")
_STOP_BEFORE_COMMA = re.compile(r"\.(?=,)(?<=\w\.)")
_TWO_STOPS = re.compile(r"\.(\.)(?![.\w])(?<=[^\W\d_]{2}\.\.)")
_DOUBLE_STOP = re.compile(r"[.!?](?<!\.[.!?])([ \t]+\.)(?![.\w])(?![ \t]*\.)")
_SPACE_BEFORE = re.compile(r"[ \t]+(?=(?:[,;:!?]+|\.(?!\.))(?:[ \t]|$|[”’\"»)]))", re.M)
_AFTER_WORD = re.compile(r"[\w)”’\"%]")
_DOUBLE_SPACE = re.compile(r"  +(?=\S)")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")
_LETTER_STOPS = re.compile(r"(?:[A-Z]\.)+$")
_LAST_CAPITAL = re.compile(r"\.[A-Z](?![\w.])(?![ \t]*[.,;:!?])")
_LOWER_RUN = re.compile(r"(?<![\w’'@/.-])[a-z]{7,}(?![\w’'@/-])")
_DOUBLE_CLOSE = re.compile(r"”(”)(?=\w)")
_HYPHEN_SPACE = re.compile(r"(?<=[^\W\d_]{2})-[ \t]+(?!(?:and|or|to|nor)\b)(?=[^\W\d_]{2})")
_INDENT = re.compile(r"^[ \t]+(?=\S)", re.M)
_BLOCK = re.compile(r"^[^\n]+(?:\n[^\n]+)+", re.M)


def _in_address(text: str, position: int) -> bool:
    """Whether `position` is inside a URL, e-mail address or file name, where spacing is literal."""
    start = text.rfind(" ", 0, position) + 1
    end = text.find(" ", position)
    token = text[start : end if end != -1 else len(text)]
    return any(mark in token for mark in ("/", "@", "www", "http", "\\")) or "\n" in token


_SPACED_MARK = re.compile(r"\S[ \t]+[,.;:!?](?=[ \t]|$)", re.M)
_CLOSE_MARK = re.compile(r"[^\W_][,.;:!?](?=[ \t])")  # a mark written as English writes it
_SPACED_QUOTE = re.compile(r"(?:^|[ \t])“[ \t]+\S|\S[ \t]+”(?=[ \t,.;:!?]|$)", re.M)
_SPACE_AFTER_OPEN = re.compile(r"(?:^|(?<=[\s(]))“([ \t\u00a0]+)(?=\w)", re.M)
_SPACE_BEFORE_CLOSE = re.compile(r"(?<=[\w.,!?…])([ \t\u00a0]+)”(?=[\s,.;:!?)]|$)", re.M)


class _TokenizedLines:
    """Which lines of a text are tokenized text (`word , word .`, `“ word`), decided once a line.

    A line is tokenized when two marks or more stand apart, one of them punctuation, and no more
    marks inside it are written close: one spaced mark (`since 2014 .`), or a few in a paragraph
    of ordinary punctuation, are slips to fix; a line spaced throughout is a tool's tokenization,
    and the repair leaves it as it is, so a second repair finds it tokenized still."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: dict[int, bool] = {}

    def at(self, position: int) -> bool:
        start = self.text.rfind("\n", 0, position) + 1
        if start not in self._lines:
            end = self.text.find("\n", position)
            end = len(self.text) if end == -1 else end
            marks = len(_SPACED_MARK.findall(self.text, start, end))
            quotes = len(_SPACED_QUOTE.findall(self.text, start, end)) if marks else 0
            close = len(_CLOSE_MARK.findall(self.text, start, end)) if marks else 0
            self._lines[start] = marks + quotes >= 2 and marks >= close
        return self._lines[start]


def quote_spaces(text: str) -> Iterator[Change]:
    """`“ I do` -> `“I do`; `end ”` -> `end”`. Not in tokenized text (`word , word .`), where
    every mark stands apart on purpose."""
    tokenized = _TokenizedLines(text)
    for pattern in (_SPACE_AFTER_OPEN, _SPACE_BEFORE_CLOSE):
        for match in pattern.finditer(text):
            if tokenized.at(match.start()):
                continue
            yield Change(
                match.start(1),
                match.end(1),
                "",
                "spacing.quotes",
                "a space inside quotation marks",
                0.9,
            )


def glued_words(text: str) -> Iterator[Change]:
    """`theNorth`, `withNATO`: a lowercase word run into a capitalised one; the space goes back."""
    for turn in _CASE_TURN.finditer(text):
        start = _WORD_RUN.search(text, max(0, turn.start() - 40), turn.start() + 1).start()
        if start > 0 and text[start - 1] in "’'‘.@/-":
            continue  # part of a contraction, a file name or an address
        match = _GLUED.match(text, start)
        if match is None or match.end(1) != turn.start() + 1:
            continue
        head, tail = match.group(1), match.group(2)
        whole = head + tail
        if zipf(whole.lower()) >= 1.5 or not is_ordinary(head) or _in_address(text, match.start()):
            continue
        if not (tail.isupper() and len(tail) >= 2) and zipf(tail.lower()) < 2.5:
            continue
        yield Change(
            match.end(1),
            match.end(1),
            " ",
            "spacing.glued",
            f"glued words: '{head}' and '{tail}' are words, '{whole}' is not",
            0.9,
        )
    for quote in _OPEN_QUOTE.finditer(text):
        start = _WORD_RUN.search(text, max(0, quote.start() - 40), quote.start()).start()
        word = text[start : quote.start()]
        if (start > 0 and text[start - 1] in "’'‘") or not word.islower() or not is_ordinary(word):
            continue
        end = text.find("\n", quote.end())
        if re.search(r"[’'](?!\w)", text[quote.end() : end if end != -1 else len(text)]):
            continue  # a closing quote follows: a real quotation
        yield Change(
            quote.start(),
            quote.end(),
            " ",
            "spacing.elision",
            "a source-language elided article (l’, d’) left as an unpaired quote mark",
            0.85,
        )


def _function_word(word: str) -> bool:
    """A closed-class word common enough to be glued by accident (`by`, `they`, `with`)."""
    return word in stopwords() and zipf(word) >= 6.0


def _best_split(word: str) -> tuple[str, str] | None:
    """The split of an unknown word into a word and the common function word run into it
    (`sisterby` -> `sister`, `by`), or a plural run into the next word (`yearspromises`).
    Other splits are more often typos (`inidentity`, `bootball`) than glue."""
    for cut in range(len(word) - 2, 4, -1):
        head, tail = word[:cut], word[cut:]
        if not is_ordinary(head):
            continue
        if _function_word(tail) and len(head) >= 6:
            return head, tail
        plural = head.endswith("s") and min(len(head), len(tail)) >= 5
        if plural and min(zipf(head), zipf(tail)) >= 4.0:
            return head, tail
    return None


def glued_lowercase(text: str) -> Iterator[Change]:
    """`sisterby`, `minorsthey`: two common words run together into one that no dictionary has."""
    tokenized = _TokenizedLines(text)
    for match in _LOWER_RUN.finditer(text):
        word = match.group()
        if match.end() == len(text) or zipf(word) > 0 or _in_address(text, match.start()):
            continue
        if tokenized.at(match.start()):
            continue  # tokenized corpus text: its words were split by a tool, not by a page
        split = _best_split(word)
        if split is None:
            continue
        head, tail = split
        yield Change(
            match.start() + len(head),
            match.start() + len(head),
            " ",
            "spacing.glued",
            f"glued words: '{head}' and '{tail}' are words, '{word}' is not",
            0.85,
        )
    for match in _DOUBLE_CLOSE.finditer(text):
        yield Change(
            match.start(1),
            match.end(1),
            " “",
            "spacing.glued",
            "two quotations run together: the second opens where the first closes",
            0.85,
        )


def hyphen_space(text: str) -> Iterator[Change]:
    """`Cruz Ramiro- local news journalist`: a dash glued to the word before it."""
    for match in _HYPHEN_SPACE.finditer(text):
        if _in_address(text, match.start()):
            continue
        yield Change(
            match.start(),
            match.end(),
            " – ",
            "spacing.dash",
            "a dash glued to the word before it and spaced after",
            0.85,
        )


def indentation(text: str) -> Iterator[Change]:
    """Spaces at the start of a line, left by the page's layout."""
    for match in _INDENT.finditer(text):
        yield Change(
            match.start(), match.end(), "", "spacing.indent", "indentation left by the layout", 0.95
        )


def hard_wraps(text: str) -> Iterator[Change]:
    """A paragraph broken into lines of a fixed width (`and partly↵from the …`) is rejoined."""
    for block in _BLOCK.finditer(text):
        lines = block.group().split("\n")
        widths = [len(line) for line in lines[:-1]]
        if min(widths) < 40 or max(widths) > 100:
            continue
        if sum(line[:1].islower() for line in lines[1:]) < 1:
            continue
        position = block.start()
        for line in lines[:-1]:
            position += len(line)
            yield Change(
                position,
                position + 1,
                " ",
                "spacing.wrap",
                "a line break inside a paragraph, where the page wrapped its lines",
                0.85,
            )
            position += 1


def sentence_space(text: str) -> Iterator[Change]:
    """`Ukraine.What`: a sentence ends and the next starts with no space between."""
    for match in _NO_SENTENCE_SPACE.finditer(text):
        if _in_address(text, match.start()):
            continue
        word_start = match.start()
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        if text[word_start : match.start()].lower() in abbreviations():
            continue
        yield Change(
            match.end(),
            match.end(),
            " ",
            "spacing.sentence",
            "missing space between sentences",
            0.9,
        )
    for match in _NO_COMMA_SPACE.finditer(text):
        if not _in_address(text, match.start()):
            yield Change(
                match.end(), match.end(), " ", "spacing.comma", "missing space after a comma", 0.9
            )


def stray_punctuation(text: str) -> Iterator[Change]:
    """`activities.,` and `anonymous. .`: a full stop that another mark makes redundant."""
    for match in _STOP_BEFORE_COMMA.finditer(text):
        word_start = match.start()
        while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start : match.start()]
        if "." in word or len(word) == 1 or word.lower() in abbreviations():
            continue
        if word.isupper() and len(word) <= 4:  # a capitalised abbreviation: `ONT., QUE.`
            continue
        yield Change(
            match.start(),
            match.end(),
            "",
            "punctuation.stop_before_comma",
            "a full stop before a comma",
            0.9,
        )
    for match in _TWO_STOPS.finditer(text):  # `area..`, not an ellipsis
        yield Change(
            match.start(1), match.end(1), "", "punctuation.doubled", "a doubled full stop", 0.9
        )
    tokenized = _TokenizedLines(text)
    for match in _DOUBLE_STOP.finditer(text):
        if tokenized.at(match.start()):
            continue  # `end . .` is a tokenized line's, kept as it is
        yield Change(
            match.start(1),
            match.end(1),
            "",
            "punctuation.doubled",
            "a doubled full stop",
            0.9,
        )


def space_before_punctuation(text: str) -> Iterator[Change]:
    """`since 2014 .`: a space before closing punctuation, but not in tokenized text."""
    tokenized = _TokenizedLines(text)
    for match in _SPACE_BEFORE.finditer(text):
        if match.start() == 0 or not _AFTER_WORD.match(text, match.start() - 1):
            continue
        if tokenized.at(match.start()):
            continue
        yield Change(
            match.start(),
            match.end(),
            "",
            "spacing.before_punctuation",
            "a space before punctuation",
            0.9,
        )


def double_spaces(text: str) -> Iterator[Change]:
    for match in _DOUBLE_SPACE.finditer(text):
        if match.start() == 0 or text[match.start() - 1].isspace():
            continue
        yield Change(
            match.start(), match.end(), " ", "spacing.double", "repeated spaces between words", 0.95
        )


def blank_lines(text: str) -> Iterator[Change]:
    """More than one empty line between paragraphs, often where debris was."""
    for match in _BLANK_LINES.finditer(text):
        yield Change(
            match.start(), match.end(), "\n\n", "spacing.blank_lines", "repeated empty lines", 0.95
        )


def abbreviation_stop(text: str) -> Iterator[Change]:
    """`U.S Y Russia`: a dotted abbreviation that lost its last full stop."""
    for match in _LAST_CAPITAL.finditer(text):
        head = _LETTER_STOPS.search(text, max(0, match.start() - 30), match.start() + 1)
        if head is None:
            continue
        start = head.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
            continue  # part of a longer token: "e.g.X", "file.A"
        abbreviation = text[start : match.end()]
        yield Change(
            match.end(),
            match.end(),
            ".",
            "punctuation.abbreviation",
            f"'{abbreviation}' lost the full stop of its last letter",
            0.85,
        )


RULES: tuple[Rule, ...] = (
    indentation,
    glued_words,
    hyphen_space,
    sentence_space,
    stray_punctuation,
    space_before_punctuation,
    double_spaces,
    abbreviation_stop,
    blank_lines,  # the only rules that look across lines: they create no work for the others
    hard_wraps,
)


_OWN_RULES = ("spacing.", "punctuation.")


def _touched_lines(ledger: EditLedger) -> list[tuple[int, int]]:
    """The lines of `ledger.current` that hold the output of a spacing edit."""
    text = ledger.current
    # line ends found once, each edit's line by bisection: one long line is not rescanned per edit
    breaks = [match.start() for match in re.finditer("\n", text)]
    lines: list[tuple[int, int]] = []
    for edit, start in zip(ledger.edits, ledger.output_starts, strict=True):
        if not any(part.startswith(_OWN_RULES) for part in edit.rule.split("+")):
            continue  # earlier passes' edits were in the text the first round saw
        before = bisect.bisect_left(breaks, start) - 1
        after = bisect.bisect_left(breaks, start + len(edit.after))
        line = (
            breaks[before] + 1 if before >= 0 else 0,
            breaks[after] if after < len(breaks) else len(text),
        )
        if lines and line[0] <= lines[-1][1]:
            lines[-1] = (lines[-1][0], max(lines[-1][1], line[1]))
        else:
            lines.append(line)
    return lines


def fix_spacing(ledger: EditLedger) -> None:
    """Run the spacing rules over the text, then again over the lines they changed until none
    finds more: one fix can expose another (`the.,AA`). The rules look within a line (bar
    `blank_lines` and `hard_wraps`, whose fixes expose nothing), so the rechecks can too.
    Glued lowercase words and spaces inside quotation marks go first and once. Tokenized lines
    (`word , word .`) keep their spaced marks, so a second repair reads them as the first did."""
    ledger.apply(glued_lowercase(ledger.current))  # first: it can open a quotation (`”“`)
    ledger.apply(quote_spaces(ledger.current))
    for rule in RULES:
        ledger.apply(rule(ledger.current))
    changes = []
    for start, end in _touched_lines(ledger):
        line = EditLedger(ledger.current[start:end])
        for _ in range(4):
            before = line.current
            for rule in RULES:
                line.apply(rule(line.current))
            if line.current == before:
                break
        changes += [
            Change(start + e.start, start + e.end, e.after, e.rule, e.reason, e.confidence)
            for e in line.edits
        ]
    ledger.apply(changes)
