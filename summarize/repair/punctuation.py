"""Punctuation and quotation marks as English writes them, where MT kept the source language's.

- Guillemets (« », » «) and German low quotes („ “) become “ ”, without the spaces inside.
- In a quoted sentence, a comma or full stop outside the closing mark moves inside it
  (`well”, continued` -> `well,” continued`), American style, as news agencies write it.
- A quotation left open before its attribution is closed (`…, yes, she added.`).
- A Polish or Russian dash-led quotation (`– First he opened the premises – describes the
  spokesman.`) becomes a quotation in marks.
- Stray marks: `;` right after a preposition or article, a capital
  after a semicolon or on an article in mid-sentence, an en dash inside a name (`Al–Ahli`).
- Numbers: a decimal comma (`0,7 percent`) and, on a page that uses them, thousands points
  (`12.645 points`); a spaced decimal (`34 .5%`, `(2, 35%)`); `32 year old` -> `32-year-old`.
- Sentences: a wire dateline with full stops (`Moscow. November 2. INTERFAX -`), a paragraph that
  ends without a full stop or starts in lower case; a comma between a reporting verb and `that`.
  A full stop inside a sentence (`my life. professional`) is flagged: what belongs there is not
  for a rule to say.

Each rule reads the text as the rules before it left it, so one sees the quotes the other made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import abbreviations, is_ordinary, stopwords, table

Rule = Callable[[str], Iterator[Change]]

_PARAGRAPH = re.compile(r"[^\n]+")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@cache
def _words() -> dict[str, frozenset[str]]:
    data = table("punctuation")
    return {key: frozenset(value) for key, value in data.items() if key != "about"}


_LAST_WORD = re.compile(r"(?<![\w’'-])[^\W\d_]+$")


def _word_before(text: str, position: int) -> str:
    """The word that ends right at `position` ('' if none). Rules find their rare mark first
    (`;`, `–`, `, that`) and look back for the word: a scan for a mark is far faster than one for
    an alternation of words."""
    match = _LAST_WORD.search(text, max(0, position - 30), position)
    return match.group() if match else ""


def _change(start: int, end: int, after: str, rule: str, reason: str, confidence: float = 0.9):
    return Change(start, end, after, f"punctuation.{rule}", reason, confidence)


_GUILLEMET_OPEN = re.compile(r"«[ \t\u00a0\u202f]*")
_GUILLEMET_CLOSE = re.compile(r"[ \t\u00a0\u202f]*»")


def guillemets(text: str) -> Iterator[Change]:
    """« X » and »X« -> “X”; „X“ -> “X”. A lone » that closes nothing is an arrow (`More »`)."""
    for paragraph in _PARAGRAPH.finditer(text):
        line = paragraph.group()
        if "«" not in line and "»" not in line and "„" not in line:
            continue
        base = paragraph.start()
        opening, closing = "«", "»"
        first = min((line.find(mark) for mark in "«»" if mark in line), default=-1)
        if first != -1 and line[first] == "»" and "«" in line[first:]:
            opening, closing = "»", "«"  # Danish and German style: »X«
        for match in re.finditer(rf"{opening}[ \t\u00a0\u202f]*(?=\S)", line):
            yield _change(base + match.start(), base + match.end(), "“", "quotes", _QUOTE_REASON)
        for match in re.finditer(rf"[ \t\u00a0\u202f]*{closing}", line):
            before = line[: match.start()]
            # an opening mark before it, English or German (which this rule makes English)
            opened = opening in before or "“" in before or "„" in before
            if opened or re.match(r"[,.;:!?]", line[match.end() :]):
                yield _change(
                    base + match.start(), base + match.end(), "”", "quotes", _QUOTE_REASON
                )
        paired = set()
        for match in re.finditer(r"„[ \t]*([^„“”\n]{1,600}?)[ \t]*“", line):
            paired.add(match.start())
            yield _change(base + match.start(), base + match.start(1), "“", "quotes", _LOW)
            yield _change(base + match.end(1), base + match.end(), "”", "quotes", _LOW)
        for match in re.finditer("„", line):  # an opening mark even where its pair is lost
            if match.start() not in paired:
                yield _change(base + match.start(), base + match.end(), "“", "quotes", _LOW)


_QUOTE_REASON = "source-language quotation marks (« ») where English uses “ ”"
_LOW = "German quotation marks („ “) where English uses “ ”"
_OUTSIDE = re.compile(r"”([,.])(?=\s|$)", re.M)


def _opened_with_capital(text: str, close: int) -> bool:
    """Whether the quotation that closes at `close` is a quoted sentence (“The …), not a phrase."""
    line_start = text.rfind("\n", 0, close) + 1
    opening = text.rfind("“", line_start, close)
    if opening == -1 or text.find("”", opening, close) != -1:
        return False
    following = text[opening + 1 : opening + 2]
    return following.isupper()


def mark_inside_quote(text: str) -> Iterator[Change]:
    """`well”, continued` -> `well,” continued`: the comma or full stop of a quoted sentence."""
    for match in _OUTSIDE.finditer(text):
        if text[match.start() - 1] in ",.!?…" or not _opened_with_capital(text, match.start()):
            continue
        yield _change(
            match.start(),
            match.end(),
            match.group(1) + "”",
            "quote_comma",
            "the comma or full stop of a quoted sentence goes inside the closing quotation mark",
        )


def _attribution() -> re.Pattern:
    verbs = "|".join(sorted(_words()["reporting_verbs"], key=len, reverse=True))
    speakers = "|".join(_words()["speakers"])
    return re.compile(
        rf",[ \t]+(?=(?:(?i:{speakers})|[A-Z][\w’'-]+(?:[ \t][A-Z][\w’'-]+)?)[ \t]+(?:{verbs})\b)"
    )


_attribution = cache(_attribution)


def unclosed_quote(text: str) -> Iterator[Change]:
    """`“Maybe … goes a little far, yes, she added.` -> `… far, yes,” she added.`"""
    for paragraph in _PARAGRAPH.finditer(text):
        line = paragraph.group()
        opening = line.rfind("“")
        if opening == -1 or "”" in line[opening:] or '"' in line[opening:]:
            continue
        match = _attribution().search(line, opening + 1)
        if match is None or match.start() - opening < 12:
            continue
        end = paragraph.start() + match.start() + 1
        yield _change(
            end,
            end,
            "”",
            "unclosed_quote",
            "a quotation left open before its attribution: closed where the speaker is named",
            0.8,
        )


_WRONG_WAY = re.compile(r"(?<=[.!?])”([ \t]+)(?=[A-Z])")


def wrong_way_quotes(text: str) -> Iterator[Change]:
    """`… visit them.” As they said earlier, … here," said Rudianur`: a closing mark that closes
    nothing, before a sentence whose quotation closes later, is that quotation's opening mark."""
    for paragraph in _PARAGRAPH.finditer(text):
        line = paragraph.group()
        if "”" not in line:
            continue
        for match in _WRONG_WAY.finditer(line):
            before, after = line[: match.start()], line[match.end() :]
            straight_open = before.count('"') % 2 == 1
            if straight_open or before.count("“") > before.count("”"):
                continue  # it closes a quotation
            closes_later = after.count('"') % 2 == 1 or (
                "”" in after and "“" not in after[: after.find("”")]
            )
            if not closes_later:
                continue
            start = paragraph.start() + match.start()
            yield _change(
                start,
                paragraph.start() + match.end(),
                " “",
                "quotes",
                "an opening quotation mark written as a closing one, after the sentence before",
                0.8,
            )


def _dash_quote() -> re.Pattern:
    verbs = "|".join(sorted(_words()["reporting_verbs"], key=len, reverse=True))
    speakers = "|".join(_words()["speakers"])
    return re.compile(
        rf"[–—][ \t]+(?=[A-Z])([^–—\n]{{8,400}}?)([.!?]?)[ \t]+[–—][ \t]+"
        rf"(?=(?:(?:{speakers})[ \t]+)?(?:{verbs})\b)",
        re.M,
    )


_dash_quote = cache(_dash_quote)


def dash_quotes(text: str) -> Iterator[Change]:
    """`– First he opened the premises – describes the spokesman.` -> “First … premises,” …"""
    for match in _dash_quote().finditer(text):
        before = text[max(0, match.start() - 2) : match.start()]
        if match.start() > 0 and before[-1:] != "\n" and not re.fullmatch(r"[.!?] ", before):
            continue  # a dash-led quotation opens a paragraph or follows a sentence
        mark = match.group(2) or ","
        reason = "a quotation led by a dash, as Polish and Russian print it, put in quotation marks"
        yield _change(match.start(), match.start(1), "“", "dash_quote", reason, 0.85)
        yield _change(match.end(1), match.end(), mark + "” ", "dash_quote", reason, 0.85)


@cache
def _stray_mark() -> re.Pattern:
    return re.compile(r";(?=[ \t]+[a-z])")


_SEMICOLON_CAPITAL = re.compile(r";[ \t]+([A-Z][a-z]+)\b(?=[ \t]+[a-z])")
_DASH_IN_NAME = re.compile(r"–(?=[A-Z][a-z])")


def stray_marks(text: str) -> Iterator[Change]:
    """`blocking at; the Assembly`, `damage; They had`, `Al–Ahli`."""
    for match in _stray_mark().finditer(text):
        if _word_before(text, match.start()).lower() in _words()["function_words"]:
            yield _change(
                match.start(),
                match.end(),
                "",
                "stray",
                "a stray ';' after a preposition or article",
            )
    stop = stopwords()
    for match in _SEMICOLON_CAPITAL.finditer(text):
        word = match.group(1)
        if word.lower() in stop and word != "I":
            yield _change(
                match.start(1),
                match.start(1) + 1,
                word[0].lower(),
                "case",
                "a capital after a semicolon",
            )
    for match in _DASH_IN_NAME.finditer(text):
        head = _word_before(text, match.start())
        if not 1 <= len(head) <= 3 or not head.isascii():
            continue
        yield _change(
            match.start(),
            match.end(),
            "-",
            "name_dash",
            "an en dash inside a name, where the hyphen belongs",
        )


@cache
def _midsentence_article() -> re.Pattern:
    return re.compile(r"[ \t](The|An?)(?=[ \t]+[a-z]{2,})")


def midsentence_capital(text: str) -> Iterator[Change]:
    """`one of The big central banks`: a capitalised article after a preposition."""
    for match in _midsentence_article().finditer(text):
        if _word_before(text, match.start()).lower() not in _words()["articles_after"]:
            continue
        following = re.match(r"[ \t]+([a-z]+)", text[match.end() :])
        if following and not is_ordinary(following.group(1)):
            continue
        yield _change(
            match.start(1),
            match.start(1) + 1,
            match.group(1)[0].lower(),
            "case",
            "a capitalised article in mid-sentence",
        )


# Patterns start with a digit or a mark, never a lookbehind: the regex engine then skips ahead to
# the next digit instead of trying every position; what must not come before is checked in code.
_DECIMAL_COMMA = re.compile(r"(\d{1,3}),(\d{1,2})(?=[ \t]?(?:percent\b|per cent\b|points?\b))")
_SPACED_DECIMAL = re.compile(r"(-?\d{1,3}),[ \t](\d{2})(?=%)")
_TWO_PLACES = re.compile(r"\d\.\d\d%")
_THOUSANDS_POINT = re.compile(r"\d{1,3}(\.)\d{3}(?![\d.,]?\d)")
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}(?!\d)")
_SPACE_IN_DECIMAL = re.compile(r"\d([ \t])\.(?=\d)")
_AGE = re.compile(r"(\d{1,3})[ \t](year|month|week|day)[ \t]old\b")


def _number_start(text: str, match: re.Match) -> bool:
    """Whether `match` starts a number (no digit, point or comma right before it)."""
    return match.start() == 0 or text[match.start() - 1] not in "0123456789.,"


def _numbers(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    return (match for match in pattern.finditer(text) if _number_start(text, match))


def numbers(text: str) -> Iterator[Change]:
    """Decimal commas and thousands points of continental Europe, spaced decimals, ages."""
    decimal_commas = list(_numbers(_DECIMAL_COMMA, text))
    for match in decimal_commas:
        yield _change(
            match.end(1),
            match.end(1) + 1,
            ".",
            "number",
            "a decimal comma, where English writes a decimal point",
        )
    if decimal_commas and next(_numbers(_DOT_DECIMAL, text), None) is None:
        for match in _numbers(_THOUSANDS_POINT, text):
            yield _change(
                match.start(1),
                match.end(1),
                ",",
                "number",
                "a thousands point, on a page that writes decimals with commas",
                0.8,
            )
    if "%" in text and _TWO_PLACES.search(text):
        for match in _numbers(_SPACED_DECIMAL, text):
            yield Change(
                match.end(1),
                match.start(2),
                ".",
                "spacing.number",
                "a decimal written as a comma and a space, among percentages with two decimals",
                0.85,
            )
    for match in _SPACE_IN_DECIMAL.finditer(text):
        yield Change(
            match.start(1), match.end(1), "", "spacing.number", "a space inside a number", 0.9
        )
    for match in _numbers(_AGE, text):
        yield _change(
            match.start(),
            match.end(),
            f"{match.group(1)}-{match.group(2)}-old",
            "hyphen",
            "a compound age adjective takes hyphens",
        )


_DATELINE = re.compile(
    rf"^([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\.[ \t]+((?:{_MONTHS})[ \t]+\d{{1,2}})\.[ \t]+"
    r"([A-Z][A-Z-]{2,})[ \t]+[-–—][ \t]*",
    re.M,
)


def datelines(text: str) -> Iterator[Change]:
    """`Moscow. November 2. INTERFAX - The Kremlin` -> `Moscow, November 2 (INTERFAX) – The`."""
    for match in _DATELINE.finditer(text):
        city, date, agency = match.groups()
        yield _change(
            match.start(),
            match.end(),
            f"{city}, {date} ({agency}) – ",
            "dateline",
            "a wire dateline written with full stops, as Russian agencies do",
            0.85,
        )


def _reporting_comma() -> re.Pattern:
    verbs = "|".join(sorted(_words()["reporting_verbs"], key=len, reverse=True))
    return re.compile(rf"\b(?:{verbs})\b(?:(?!\bthat\b)[^,.;:!?\n“”\"]){{0,40}}$")


_COMMA_THAT = re.compile(r",[ \t]+that\b")


_reporting_comma = cache(_reporting_comma)


def comma_before_that(text: str) -> Iterator[Change]:
    """`said in a statement today, that …`: no comma between a reporting verb and its clause."""
    for match in _COMMA_THAT.finditer(text):
        if not _reporting_comma().search(text, max(0, match.start() - 60), match.start()):
            continue
        yield _change(
            match.start(),
            match.start() + 1,
            "",
            "comma_that",
            "a comma between a reporting verb and 'that', as the source language punctuates",
            0.85,
        )


_LINE_END_WORD = re.compile(r"(?<![\w./@-])[^\W\d_]{2,}$")
_SENTENCE_MARK = re.compile(r"[.!?…:;,\"”’)\]]$")


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines broken at a fixed width (every line of a paragraph under 100 characters)."""
    content = [line for line in lines if line.strip()]
    if len(content) < 4:
        return False
    wrapped = sum(1 for a, b in zip(content, content[1:], strict=False) if b[:1].islower())
    return wrapped >= 3 and sum(len(line) < 100 for line in content) >= 0.8 * len(content)


def _capital_share(words: list[str]) -> float:
    return sum(word[:1].isupper() for word in words) / max(1, len(words))


def paragraph_edges(text: str) -> Iterator[Change]:
    """A paragraph of sentences with no final full stop before the next paragraph, and a
    paragraph that starts in lower case after a finished one or as a subheading."""
    lines = text.split("\n")
    if _hard_wrapped(lines):
        return
    starts = []
    position = 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    content = [i for i, line in enumerate(lines) if line.strip()]
    for number, index in enumerate(content):
        line = lines[index].rstrip()
        before = lines[content[number - 1]].rstrip() if number else ""
        after = lines[content[number + 1]].strip() if number + 1 < len(content) else ""
        words = line.split()
        if (
            0 < number < len(content) - 1
            and len(words) >= 12
            and _LINE_END_WORD.search(line)
            and _capital_share(words) <= 0.25
            and after[:1].isupper()
            and re.search(r"[.!?] ", line)
        ):
            end = starts[index] + len(line)
            yield _change(end, end, ".", "paragraph_stop", "a paragraph that lost its full stop")
        head = line.lstrip()
        first = re.match(r"[a-z]+\b", head)
        if first is None or not is_ordinary(first.group()) or number == 0 or len(words) < 2:
            continue  # a lone lowercase word is a label or a list's item, not a paragraph
        heading = len(words) <= 8 and not _SENTENCE_MARK.search(line) and after[:1].isupper()
        if heading or before.endswith((".", "!", "?", "”", '"')):
            start = starts[index] + len(lines[index]) - len(head)
            yield _change(
                start,
                start + 1,
                head[0].upper(),
                "case",
                "a paragraph or heading that starts in lower case",
            )


_INNER_STOP = re.compile(r"\.[ \t]+(?=([a-z]{3,})\b)")


def inner_stops(text: str) -> Iterator[tuple[int, int, str]]:
    """`throughout my life. professional`: a full stop before a lowercase word (flag spans)."""
    for match in _INNER_STOP.finditer(text):
        if not text[max(0, match.start() - 3) : match.start()].isalpha():
            continue
        word_start = match.start()
        while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
            word_start -= 1
        word = text[word_start : match.start()]
        if word.lower() in abbreviations() or "." in word:
            continue
        yield word_start, match.end() + len(match.group(1)), word


RULES: tuple[Rule, ...] = (
    guillemets,
    dash_quotes,
    wrong_way_quotes,
    mark_inside_quote,
    unclosed_quote,
    stray_marks,
    midsentence_capital,
    numbers,
    datelines,
    comma_before_that,
    paragraph_edges,
)


def fix_punctuation(ledger: EditLedger) -> None:
    """Run the punctuation rules in order, each on the text the rules before it left, then flag
    full stops inside sentences."""
    for rule in RULES:
        ledger.apply(rule(ledger.current))
    for _ in range(3):  # a paragraph's edge reads its neighbours' edges, which it may change
        before = ledger.current
        ledger.apply(paragraph_edges(ledger.current))
        if ledger.current == before:
            break
    for start, end, word in inner_stops(ledger.current):
        ledger.flag(
            start,
            end,
            "punctuation.inner_stop",
            f"a full stop after '{word}' before a lowercase word: a sentence broken by MT, "
            "or a word missing",
        )
