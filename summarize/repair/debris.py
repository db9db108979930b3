"""Page debris: the furniture of a web page that text extraction leaves in an article.

A classifier of lines, in the manner of jusText's paragraph classifier, but for extracted text
(no markup to go by). Each line is judged on its own features (length, stopword density from
jusText's English stoplist, sentence punctuation, Title Case share, script, separators, dates,
credits, calls to action) and on its context: its position before the first or after the last
paragraph of prose, and whether it repeats a nearby line. Furniture is removed whole, with the blank
lines that follow it, so the paragraph structure of what remains is untouched; page metadata and
photo credits glued to a line of text (`date 2020-04-21 …`, `… (Photo: X/Agency)`) are cut from it.

A line is *furniture* when one feature is decisive (a date line, a breadcrumb, a credit, a line in
another script, a call to action, a repeat), and *weak* when it merely reads like a headline
(short, no closing punctuation). Weak lines go only beside furniture at the top or the end of the
page: a related-links block after the article, a section label above the headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import islice

from summarize.repair.edits import Change, EditLedger
from summarize.repair.lexicon import phrase_pattern, place_names, stopwords, table, zipf

RULE = "debris"
CAPTION = "photo caption with its credit"
_WORD = re.compile(r"[\w’'-]+")
_NO_LETTERS = re.compile(r"[\W\d_]*")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”)\]]*$")
_INNER_SENTENCE = re.compile(r"[.!?][\"”’)]?\s+[\"“]?[A-Z]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){3,}/?")
_BRACKETED = re.compile(r"[(\[][^()\[\]]{3,120}[)\]]")
# "Ahmed El Jechtimi — REUTERS": a photographer's name (a few capitalised words) and an agency;
# "Zelenskiy wins presidency against Poroshenko — CEC" is a headline citing its source
_AGENCY_CREDIT = re.compile(
    r"(?:[A-Z][\w’'.-]*\s(?:(?:de|da|del|van|von|el|al|bin|ibn|le|la)\s)?){1,4}"
    r"[—–-]\s[A-Z][A-Z/&. ]{1,30}"
)
# the credit that ends a photo caption: `… 2023 (REUTERS/Ahmed El Jechtimi)`, `… 2023. — AFP`
_CAPTION_CREDIT = re.compile(
    r"(?:\s*\([A-Z][\w.&]*(?: [A-Z][\w.&]*)?/[^()/\n]{0,60}\))+\s*$"
    r"|[.!?]\s*[—–]\s*[A-Z][A-Z/&. ]{1,30}$"
)
_MAX_CAPTION_WORDS = 60
_DATE_PREFIX = re.compile(r"[ \t]*date \d{4}-\d\d-\d\d(?:[ \t]+|$)")
_TRAILING_CREDIT = re.compile(
    r"[ \t]*\((?i:photos?|fotos?|image|picture|credit|photograph)\b[^()\n]{0,80}\)"
    r"|(?<=[\s.!?“”„«»\"a-zß-öø-ÿ])[ \t]*(?:Photos?|Photograph|Image|Picture|Credit|Fotos?)"
    r"(?::| by)[ \t][^\n.!?]{1,60}[^\w\n]*$",
    re.M,
)
_KICKER = re.compile(r"[ \t]*([A-Z]{4,})[ \t]+(?=[A-Z][a-z]+\b[^\n]*\b[a-z]{2,})")
_LOST_ATTRIBUTION = re.compile(r"(?<=[.!?…”\"] )[ \t]*(?:[A-Z]\w*[ \t]+){1,2}(\w+)[ \t]*$", re.M)
_CASE_TURN = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")
_NUMBER = re.compile(r"\d+(?:[:./-]\d+)*")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_WEAK_WORDS = 25
_NEARBY = 8  # content lines within which a repeated line counts as a page repeat


@cache
def _table() -> dict:
    data = dict(table("debris"))
    data["whole_lines"] = frozenset(data["whole_lines"])
    for key in ("line_prefixes", "credit_prefixes", "image_extensions"):
        data[key] = tuple(data[key])  # str.startswith/endswith take a tuple: one call per line
    data["bullet_chars"] = "".join(data["bullets"])
    data["credit_words"] = frozenset(data["credit_words"])
    data["attribution_verbs"] = frozenset(data["attribution_verbs"])
    data["boilerplate"] = re.compile(
        rf"(?<!\w){phrase_pattern(data['boilerplate_terms'])}(?!\w)", re.I
    )
    calendar = table("calendar")
    data["date_words"] = frozenset(
        data["date_words"] + calendar["english_months"] + calendar["english_weekdays"]
    )
    data["calendar_words"] = frozenset(calendar["english_months"] + calendar["english_weekdays"])
    return data


def _bare(line: str) -> str:
    """The line without bullets and edge spaces, lowercased."""
    return line.strip().lstrip(_table()["bullet_chars"]).strip().lower()


_CURLY_QUOTES = str.maketrans("‘’“”", "''\"\"")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


@dataclass(frozen=True)
class _Line:
    text: str
    bare: str
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Line:
        # its words as the spacing pass leaves them: glued words apart (`thenPhoto:`)
        apart = _CASE_TURN.sub(" ", text)
        return cls(text, _bare(apart), tuple(_words(apart)))

    @cached_property
    def plain(self) -> str:
        """The line stripped, with straight quotes for curly ones: a page's repeat of its
        headline may be typeset apart (made once: each line is compared with the lines before)."""
        return self.text.strip().translate(_CURLY_QUOTES)

    @property
    def stopword_density(self) -> float:
        stop = stopwords()
        return sum(word.lower() in stop for word in self.words) / max(1, len(self.words))

    @property
    def is_prose(self) -> bool:
        """A paragraph of running text: jusText's 'good' paragraph, less its link density."""
        n = len(self.words)
        if n < 8 or self.stopword_density < 0.3:
            return False
        return n >= 20 or bool(_SENTENCE_END.search(self.text.strip()))

    @property
    def is_weak(self) -> bool:
        """Reads like a headline, label or widget: short, with no closing punctuation."""
        stripped = self.text.strip()
        if self.is_prose:
            return False
        if len(self.words) <= 4:
            return True
        return len(self.words) <= _MAX_WEAK_WORDS and not _SENTENCE_END.search(stripped)


def _date_line(line: _Line) -> bool:
    """Only dates, times and the words that go with them (`Published 19 April 2025 - 09:47`)."""
    if not line.words or len(line.words) > 12:
        return False
    words = _table()["date_words"]
    calendar = _table()["calendar_words"]
    dated = False
    for word in line.words:
        lower = word.lower().rstrip(".")
        if not lower.strip("-"):
            continue
        if _NUMBER.fullmatch(word):
            dated = dated or bool(re.fullmatch(r"\d{1,4}[:./-]\d{1,2}(?:[:./-]\d{2,4})?", word))
            continue
        if lower in calendar:
            dated = True
        elif lower not in words:
            return False
    return dated or bool(re.search(r"\b(?:19|20)\d\d\b", line.text))


def _boilerplate_hits(line: _Line) -> int:
    return len({m.group().lower() for m in _table()["boilerplate"].finditer(line.text)})


def _credit_line(line: _Line) -> bool:
    """A photo credit: `Photo: X`, `Image source: © X/TASS`, `Name — SIPA`."""
    table_ = _table()
    if len(line.words) > 12:
        return False
    if line.bare.startswith(table_["credit_prefixes"]):
        return True
    head = _words(line.bare.split(":", 1)[0])  # words, not spaces: `etc.,Photo:` holds `photo`
    if ":" in line.bare and len(head) <= 5 and table_["credit_words"] & set(head):
        return True
    return len(line.words) <= 8 and _AGENCY_CREDIT.fullmatch(line.text.strip()) is not None


def caption_agency(text: str) -> str | None:
    """The agency credited by a photo caption (`REUTERS` of `… 2023 (REUTERS/Ahmed El
    Jechtimi)`, `AFP` of `… 2023. — AFP`): a sentence or two that ends with its photographer's or
    agency's credit; None for any other line."""
    line = text.strip()
    credit = _CAPTION_CREDIT.search(line)  # first: most lines end with no credit
    if credit is None or credit.start() == 0 or len(_words(line)) > _MAX_CAPTION_WORDS:
        return None
    if len(_INNER_SENTENCE.findall(line[: credit.start()])) > 1:
        return None
    return credit.group().strip(" ().!?—–").split("/")[0].strip()


def _other_script(line: _Line) -> bool:
    if line.text.isascii():
        return False
    letters = len(_LETTER.findall(line.text))
    return letters >= 3 and len(_LATIN.findall(line.text)) < letters * 0.4


def _breadcrumb(line: _Line) -> bool:
    separators = sum(line.text.count(f" {mark} ") for mark in _table()["separators"])
    return separators >= 2 and len(line.words) <= 40


def _bulleted_headline(line: str) -> bool:
    """A bullet item that reads as a headline (no closing full stop): a related-article link."""
    stripped = line.strip()
    if not stripped or stripped[0] not in "•▪►▶·":
        return False
    return not stripped.endswith((".", "!", "?", "…")) and len(_words(stripped)) <= 20


def furniture(line: _Line) -> str | None:
    """Why a line is page furniture on its own features, or None."""
    table_ = _table()
    bare = line.bare
    if not bare:
        return None
    if bare.rstrip(":") in table_["whole_lines"]:
        return "navigation or share line"
    if _NO_LETTERS.fullmatch(bare) and len(bare) <= 24:
        return "counter, number or stray marks"
    if bare.startswith(table_["line_prefixes"]):
        return "link or author box"
    if _credit_line(line):
        return "photo credit"
    if caption_agency(line.text):
        return CAPTION
    if bare.endswith(table_["image_extensions"]) and len(line.words) <= 8:
        return "image file name"
    if _SLUG.fullmatch(bare):
        return "web address slug"
    if _date_line(line):
        return "date line"
    if _breadcrumb(line):
        return "breadcrumb or menu"
    if _other_script(line):
        return "page text in another script"
    if _bulleted_headline(line.text):
        return "related-article link"
    hits = _boilerplate_hits(line) if len(line.words) <= 60 else 0
    if hits >= 3 or (hits >= 2 and len(line.words) <= 20) or (hits and len(line.words) <= 6):
        return "call to action or site notice"
    return None


def _repeat(lines: list[_Line], content: list[int], position: int, in_prose: bool) -> str | None:
    """A line that a nearby later line repeats: the same headline twice, a truncated teaser
    (`… stage of..`) before its full text, or a section name glued to the headline after it.
    Once the prose has begun, only a line repeated right after it counts: transcripts repeat
    their cues (`(SOUNDBITE OF …)`) on purpose."""
    line = lines[content[position]]
    text = line.plain
    if len(line.words) < 2 or len(text) < 12:
        return None
    stem = text.rstrip(".… ")
    for later in content[position + 1 : position + 1 + _NEARBY]:
        other = lines[later].plain
        if len(other) < 12:
            continue
        if other == text and (later == content[position + 1] or not in_prose):
            return "headline or line repeated on the page"
        if len(stem) >= 12 and other.startswith(stem) and len(stem) < len(other):
            return "teaser repeated by the full text after it"
        if text.endswith(other) and 0 < len(_words(text[: -len(other)])) <= 6:
            return "section name or breadcrumb before a repeated headline"
    return None


def _name_label(lines: list[_Line], content: list[int], position: int) -> bool:
    """A line that is only a name the text around it uses (`Son Seok-hee`): a photo tag."""
    line = lines[content[position]]
    words = line.words
    if not 1 <= len(words) <= 3 or position == 0:
        return False
    if not all(word[0].isupper() for word in words) or _SENTENCE_END.search(line.text.strip()):
        return False
    phrase = line.text.strip()
    window = content[max(0, position - 4) : position] + content[position + 1 : position + 5]
    return any(phrase in lines[i].text for i in window)


def _head_labels(lines: list[_Line], content: list[int], found: dict[int, str]) -> None:
    """Section labels (`State`, `Health News`) above the headline, before the first prose."""
    for position, index in enumerate(content):
        line = lines[index]
        if line.is_prose:
            return
        if index in found or len(line.words) > 2 or _SENTENCE_END.search(line.text.strip()):
            continue
        # the next lines that stay: a label above lines that go is judged as after they went
        below = list(islice((lines[i] for i in content[position + 1 :] if i not in found), 3))
        if any(len(other.words) >= 4 for other in below):
            found[index] = "section label above the headline"


def _tail(lines: list[_Line], content: list[int], found: dict[int, str]) -> None:
    """After the article: a trailing block of furniture and headline-like lines (related links,
    comment widgets, copyright notes) goes whole when it holds at least one line of furniture. A
    publication line near the end closes the article: reader comments follow it."""
    block: list[int] = []
    for index in reversed(content):
        line = lines[index]
        if index in found or line.is_weak or _BRACKETED.fullmatch(line.text.strip()):
            block.append(index)
        else:
            break
    bracketed = any(_BRACKETED.fullmatch(lines[index].text.strip()) for index in block)
    # a block that reaches the first line is the whole text, not what follows an article
    if len(block) < len(content) and (bracketed or any(index in found for index in block)):
        for index in block:
            found.setdefault(index, "related links or widgets after the article")
    for index in content[-5:]:
        if found.get(index) == "date line" and re.search(r"published|posted", lines[index].bare):
            for later in content[content.index(index) + 1 :]:
                found.setdefault(later, "reader comment after the article")
            return


def find_debris(text: str) -> dict[int, str]:
    """Line index -> reason, for every furniture line of `text` (split on newlines)."""
    raw_lines = text.split("\n")
    lines = [_Line.of(line) for line in raw_lines]
    content = [i for i, line in enumerate(lines) if line.bare]
    found: dict[int, str] = {}
    in_prose = False
    for position, index in enumerate(content):
        line = lines[index]
        in_prose = in_prose or line.is_prose
        reason = furniture(line) or _repeat(lines, content, position, in_prose)
        if reason is None and _name_label(lines, content, position):
            reason = "name tag of a photo"
        if reason is not None:
            found[index] = reason
    _head_labels(lines, content, found)
    _tail(lines, content, found)
    return found


def inline_debris(text: str, whole: dict[int, str]) -> list[tuple[int, int, str]]:
    """Furniture inside a line of text: a metadata date prefix, a trailing photo credit, a section
    kicker in capitals before the first sentence (`GOVERNMENT The Prime Minister …`)."""
    spans: list[tuple[int, int, str]] = []
    position = 0
    first_content = True
    for index, line in enumerate(text.split("\n")):
        start = position
        position += len(line) + 1
        if not line.strip():
            continue
        if index in whole:
            first_content = False
            continue
        prefix = _DATE_PREFIX.match(line)
        offset = prefix.end() if prefix else 0
        if prefix:
            spans.append((start, start + prefix.end(), "page metadata: a date prefix"))
        if first_content:
            kicker = _KICKER.match(line, offset)
            if kicker and _is_kicker(kicker.group(1)):
                spans.append((start + offset, start + kicker.end(), "section kicker in capitals"))
        first_content = False
        attribution = _LOST_ATTRIBUTION.search(line, offset)
        if attribution and attribution.group(1).lower() in _table()["attribution_verbs"]:
            spans.append(
                (
                    start + attribution.start() - 1,
                    start + attribution.end(),
                    "an attribution whose source link was lost",
                )
            )
        for credit_start, credit_end in _credits(line, offset):
            spans.append((start + credit_start, start + credit_end, "photo credit"))
    return spans


def _credits(line: str, offset: int) -> list[tuple[int, int]]:
    """The photo credits in a line; credits run together at its end (`… Photo: X Photo: Y`) are
    taken one after another from the end, as if each were the last once the next one went."""
    found = [
        credit.span()
        for credit in _TRAILING_CREDIT.finditer(line, offset)
        if credit.start() > 0 and len(_words(credit.group())) <= 10
    ]
    tail = found[-1] if found and found[-1][1] == len(line) else None
    while tail is not None:
        earlier = [
            credit.span()
            for credit in _TRAILING_CREDIT.finditer(line, offset, tail[0])
            if credit.end() == tail[0] and credit.start() > 0 and len(_words(credit.group())) <= 10
        ]
        if not earlier or any(a < earlier[-1][1] and earlier[-1][0] < b for a, b in found):
            break
        tail = earlier[-1]
        found.append(tail)
    return sorted(found)


def _is_kicker(word: str) -> bool:
    lower = word.lower()
    return zipf(lower) >= 3.5 and word.title() not in place_names()


def remove_debris(ledger: EditLedger) -> None:
    """Delete furniture lines, each with its line break and the blank lines after it, and cut
    furniture out of the lines it is glued to."""
    text = ledger.current
    found = find_debris(text)
    lines = text.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip() and i not in found]
    if not content:
        return  # a text that is all debris is more likely one we misread: leave it whole
    starts = []
    position = 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    last_content = content[-1]
    trailing = [i for i in found if i > last_content]
    changes = []
    for index in sorted(found):
        start = starts[index]
        following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
        end = starts[following] if following is not None else len(text)
        if trailing and index == min(trailing):
            # the first trailing debris line also takes the line breaks before it
            start = starts[last_content] + len(lines[last_content])
        changes.append(Change(start, end, "", RULE, f"page debris: {found[index]}", 0.9))
    for start, end, reason in inline_debris(text, found):
        changes.append(Change(start, end, "", RULE, f"page debris: {reason}", 0.9))
    ledger.apply(changes)
