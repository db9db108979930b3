"""Dates that articles mention, normalised so that "January 12th", "12 January" and "the 12th"
(with January in context) are the same day.

Machine-translated news rarely gives the year of a near date, so a date may stay yearless; the
timeline orders yearless dates with `chronology`, which assumes the dates span less than a year.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTHS, start=1)} | {
    name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)
}
_MONTH_NUMBER["sept"] = 9
_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL}\b{_YEAR}")
_DAY_MONTH = re.compile(rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?{_MONTH}(?![a-z]){_YEAR}")
_ISO = re.compile(r"(?<!\d)(?P<year>(?:1[89]|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")
_BARE_ORDINAL = re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[A-Z])")
_YEAR_ONLY = re.compile(r"\b(?:in|since|until|of|from)\s+(?P<year>(?:1[89]|20)\d\d)\b(?![-/]\d)")
# "the 10th" is a day of the month unless a noun says otherwise
_ORDINAL_NOUNS = re.compile(
    r"\s+(?:century|centuries|anniversary|time|times|floor|round|place|grade|birthday|edition|"
    r"session|amendment|congress|division|army|brigade|fleet|district|street|avenue|percentile)\b",
    re.IGNORECASE,
)
_CONTEXT_CHARS = 400  # how far a month may be from "the 10th" to lend it its month


@dataclass(frozen=True)
class DateMention:
    """A date as written (`text`, offsets into the text) and as understood (year, month, day)."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None

    @property
    def key(self) -> tuple[int | None, int | None, int | None]:
        return (self.year, self.month, self.day)

    @property
    def precise(self) -> bool:
        """Whether the mention names a day."""
        return self.day is not None


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= (
        29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    )


def _month(token: str) -> int | None:
    token = token.rstrip(".").lower()
    number = _MONTH_NUMBER.get(token) or _MONTH_NUMBER.get(token[:3])
    # "Mayor", "Marching" start like months: only whole names and short forms count
    if number is None or token not in (
        MONTHS[number - 1].lower(),
        MONTHS[number - 1][:3].lower(),
        "sept",
    ):
        return None
    return number


def find_dates(text: str) -> list[DateMention]:
    """Every date in `text`, in order: days with or without a year, and years after "in"/"since".

    "the 10th" takes its month from the nearest explicit date within a few sentences.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []  # sorted and disjoint: one bisection tells if a span is free

    def free(start: int, end: int) -> bool:
        before = bisect.bisect_left(taken, (end,)) - 1
        return before < 0 or taken[before][1] <= start

    def take(start: int, end: int) -> None:
        bisect.insort(taken, (start, end))

    def add(match: re.Match, year: int | None, month: int | None, day: int | None) -> None:
        if month is not None and day is not None and not _valid(month, day):
            return
        if free(match.start(), match.end()):
            take(match.start(), match.end())
            found.append(DateMention(match.start(), match.end(), match.group(), year, month, day))

    for match in _ISO.finditer(text):
        add(match, int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for match in pattern.finditer(text):
            month = _month(match["month"])
            if month is not None:
                year = int(match["year"]) if match["year"] else None
                add(match, year, month, int(match["day"]))
    explicit = sorted(found, key=lambda mention: mention.start)
    explicit_starts = [mention.start for mention in explicit]
    for match in _BARE_ORDINAL.finditer(text):
        if _ORDINAL_NOUNS.match(text, match.end()):
            continue
        nearby = explicit[
            bisect.bisect_left(
                explicit_starts, match.start() - _CONTEXT_CHARS
            ) : bisect.bisect_right(explicit_starts, match.start() + _CONTEXT_CHARS)
        ]
        if nearby:
            anchor = min(nearby, key=lambda mention: abs(mention.start - match.start()))
            add(match, anchor.year, anchor.month, int(match["day"]))
    for match in _YEAR_ONLY.finditer(text):
        start = match.start("year")
        if free(start, match.end()):
            take(start, match.end())
            found.append(
                DateMention(start, match.end(), match["year"], int(match["year"]), None, None)
            )
    return sorted(found, key=lambda mention: mention.start)


_WEEKDAY = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?", re.IGNORECASE)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d\d(?::\d\d)?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:[+-]\d{4}|GMT|UTC|[A-Z]{3,4}T))?"
)
# words that label a date line: "Published: Sun 10 Sep 2023", "Added On April 23, 2019"
_DATE_LABEL = re.compile(
    r"\b(?:date|dated|published|updated|added|posted|created|modified|on|at|last)\b", re.IGNORECASE
)
_LEADING_ISO = re.compile(
    r"^\s*(?:date\s+)?(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"
)
_DIGIT = re.compile(r"\d")
_TOP_LINES = 12  # a page's own date line stands near its top


def is_date_line(line: str) -> bool:
    """Whether `line` holds a date and nothing else but labels, a weekday and a time:
    "Sun, 21 Apr 2019 19:13:03 +0200", "Published: Sun 10 Sep 2023, 2:39 PM", "Wednesday, 19 February"."""
    if not _DIGIT.search(line):
        return False  # every date that names a day has its day in digits
    mentions = [mention for mention in find_dates(line) if mention.precise]
    if not mentions:
        return False
    rest = line
    for mention in reversed(mentions):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    for pattern in (_TIME, _WEEKDAY, _DATE_LABEL):
        rest = pattern.sub(" ", rest)
    return not re.search(r"[^\W_]", rest)


def metadata_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the page's own dates: date lines and a metadata date glued before a line
    (" date 2020-10-07 The court ..."). They date the page, not an event."""
    spans, position = [], 0
    for line in text.split("\n"):
        glued = _LEADING_ISO.match(line)
        if is_date_line(line.split(" | ")[0]):  # a date line, or a banner that starts with one
            spans.append((position, position + len(line)))
        elif glued:
            spans.append((position, position + glued.end()))
        position += len(line) + 1
    return spans


def page_date(text: str) -> date | None:
    """The date a page gives itself: a date line near its top, or a metadata date glued before its
    first line (" date 2020-10-07 The court ..."). Only a date with its year counts."""
    for line in text.split("\n")[:_TOP_LINES]:
        glued = _LEADING_ISO.match(line)
        if glued:
            return _day(int(glued["year"]), int(glued["month"]), int(glued["day"]))
        if is_date_line(line):
            mention = next(m for m in find_dates(line) if m.precise)
            if mention.year is not None:
                return _day(mention.year, mention.month, mention.day)
    return None


def _day(year: int, month: int | None, day: int | None) -> date | None:
    try:
        return date(year, month or 0, day or 0)
    except ValueError:
        return None


_RELATIVE = re.compile(
    r"\b(?:(?P<which>last|next|this|on|coming)\s+)?(?P<weekday>"
    + "|".join(WEEKDAYS)
    + r")\b|\b(?P<near>yesterday|today|tonight|tomorrow)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(r"\b(?:will|shall|next|scheduled|due to|is to|are to|to be held|would)\b")
_NEAR_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}
_TENSE_CHARS = 80  # how far before a weekday a "will" makes it a coming day


def relative_dates(text: str, reference: date) -> list[DateMention]:
    """The days `text` names relative to its publication day `reference`: "on Monday",
    "Friday night", "yesterday". A weekday is the last one up to `reference`, or the next one
    from it when the clause speaks of the future ("will meet on Monday", "next Monday")."""
    found = []
    for match in _RELATIVE.finditer(text):
        if match["near"]:
            day = reference + timedelta(days=_NEAR_DAYS[match["near"].lower()])
        else:
            target = WEEKDAYS.index(match["weekday"].capitalize())
            before = text[max(0, match.start() - _TENSE_CHARS) : match.start()]
            sentence_start = max(before.rfind(". "), before.rfind("\n"))
            coming = (match["which"] or "").lower() in ("next", "coming") or _FUTURE.search(
                before[sentence_start + 1 :]
            )
            if coming:
                day = reference + timedelta(days=(target - reference.weekday()) % 7)
            else:
                day = reference - timedelta(days=(reference.weekday() - target) % 7)
        found.append(
            DateMention(match.start(), match.end(), match.group(), day.year, day.month, day.day)
        )
    return found


# the words a time phrase holds besides dates, weekdays and clock times
_PART_OF_DAY = re.compile(
    r"\b(?:morning|afternoon|evening|night|noon|midday|midnight|overnight|dawn|week|weekend|recently)\b",
    re.IGNORECASE,
)
# "11:11", "11:11 p.m.", "9 am"; not "48.77", a number
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)+(?:\s*[AaPp]\.?[Mm]\b\.?)?|\b\d{1,2}\s*[AaPp]\.?[Mm]\b\.?")
_TIME_LABEL = re.compile(
    r"\b(?:on|at|in|by|around|about|early|late|this|last|past|the|of|local|time)\b", re.IGNORECASE
)


def is_time_phrase(text: str) -> bool:
    """Whether `text` says when and nothing else: "on Saturday", "Thursday evening", "yesterday",
    "on April 30", "at 11:11 p.m. on Friday". A headline leaves such a phrase out."""
    rest = text
    for mention in reversed([mention for mention in find_dates(text) if mention.precise]):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    told = rest != text
    for pattern in (_RELATIVE, _CLOCK, _PART_OF_DAY):
        rest, count = pattern.subn(" ", rest)
        told = told or count > 0
    return told and not re.search(r"[^\W_]", _TIME_LABEL.sub(" ", rest))


def parse_date(text: str | None) -> date | None:
    """An article's publication date from its metadata (ISO dates, with or without a time)."""
    match = _ISO.search(text or "")
    if not match:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def chronology(
    days: Iterable[tuple[int, int]], published: date | None = None
) -> dict[tuple[int, int], int]:
    """A year for each yearless (month, day): relative to `published` when known, else an offset.

    With a publication date, each day lands in the year that puts it closest to that date. Without
    one, the days are assumed to span under a year: the widest gap between the months mentioned
    marks the turn of the year, so December 17 comes before January 10. Offsets are then 0 or 1.
    """
    days = sorted(set(days))
    if published is not None:
        return {
            (month, day): min(
                (published.year - 1, published.year, published.year + 1),
                key=lambda year: abs((date(year, month, min(day, 28)) - published).days),
            )
            for month, day in days
        }
    months = sorted({month for month, _ in days})
    if not months:
        return {}
    gaps = [((months[(i + 1) % len(months)] - months[i]) % 12 or 12, i) for i in range(len(months))]
    _, before_gap = max(gaps)
    first_month = months[(before_gap + 1) % len(months)]
    return {(month, day): 0 if month >= first_month else 1 for month, day in days}


def label(year: int | None, month: int | None, day: int | None) -> str:
    """ "January 10", "January 10, 2022", "June 2021" or "2014"."""
    if month is None:
        return str(year) if year is not None else ""
    name = MONTHS[month - 1]
    if day is None:
        return f"{name} {year}" if year is not None else name
    return f"{name} {day}, {year}" if year is not None else f"{name} {day}"


def iso(year: int | None, month: int | None, day: int | None) -> str:
    """ISO 8601, with "--MM-DD" for a day of unknown year."""
    if month is None:
        return f"{year:04d}" if year is not None else ""
    if day is None:
        return f"{year:04d}-{month:02d}" if year is not None else f"--{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"
