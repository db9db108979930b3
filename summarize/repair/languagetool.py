"""LanguageTool as an optional second opinion, through its HTTP API (`POST /v2/check`).

Give a server URL (`brief --languagetool URL`, or MTBRIEF_LANGUAGETOOL_URL); with no URL, an
installed `language_tool_python` starts its own server. LanguageTool knows English grammar but
not translation artefacts, and its suggestions are often wrong on names, so only whitespace and
punctuation rules, and typo splits that wordfreq confirms (`withNATO` -> `with NATO`), become
edits; every other match becomes a flag carrying LanguageTool's suggestion. A server that cannot
be reached, or does not answer in time, is reported once and repair goes on without it.
"""

from __future__ import annotations

import bisect
import json
import logging
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from summarize.repair.edits import Change, EditLedger, map_to_output
from summarize.repair.lexicon import is_ordinary, zipf

ENV_URL = "MTBRIEF_LANGUAGETOOL_URL"
SAFE_RULES = frozenset(
    {"SENTENCE_WHITESPACE", "COMMA_PARENTHESIS_WHITESPACE", "WHITESPACE_RULE", "DOUBLE_PUNCTUATION"}
)
TYPO_CATEGORY = "TYPOS"
DEFAULT_TIMEOUT = 15.0  # seconds; a silent server would otherwise hang the run for minutes
_log = logging.getLogger("mtbrief.repair")


class LanguageToolUnavailable(Exception):
    """The server could not be reached, did not answer in time, or answered nonsense."""


@dataclass(frozen=True)
class LanguageToolMatch:
    """One LanguageTool finding, with `start`/`end` as Python string indices."""

    start: int
    end: int
    rule_id: str
    category: str
    message: str
    replacements: tuple[str, ...]


def utf16_to_index(text: str) -> Callable[[int], int]:
    """A converter from UTF-16 code-unit offsets (Java's) to Python indices of `text`."""
    wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    if not wide:
        return lambda offset: offset
    # the k-th wide character starts at UTF-16 offset index + k and takes two units
    wide_units = [index + k for k, index in enumerate(wide)]

    def convert(offset: int) -> int:
        return offset - bisect.bisect_left(wide_units, offset - 1)

    return convert


def parse_matches(text: str, response: dict) -> list[LanguageToolMatch]:
    """LanguageTool's JSON answer for `text`, as matches with Python offsets."""
    to_index = utf16_to_index(text)
    found = []
    for match in response.get("matches", []):
        start = to_index(int(match["offset"]))
        end = to_index(int(match["offset"]) + int(match["length"]))
        rule = match.get("rule", {})
        found.append(
            LanguageToolMatch(
                start=start,
                end=end,
                rule_id=str(rule.get("id", "UNKNOWN")),
                category=str(rule.get("category", {}).get("id", "")),
                message=str(match.get("message") or match.get("shortMessage") or ""),
                replacements=tuple(
                    r["value"] for r in match.get("replacements", []) if "value" in r
                ),
            )
        )
    return found


class LanguageTool:
    """A client of one LanguageTool server; after one failure it stays off for the run."""

    def __init__(
        self,
        url: str,
        *,
        language: str = "en-US",
        timeout: float = DEFAULT_TIMEOUT,
        on_unavailable: Callable[[str], None] | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.language = language
        self.timeout = timeout
        self.on_unavailable = on_unavailable or _log.warning
        self.unavailable: str | None = None
        self._answers: dict[str, list[LanguageToolMatch]] = {}

    def _post(self, text: str) -> dict:
        body = urllib.parse.urlencode({"text": text, "language": self.language}).encode()
        request = urllib.request.Request(
            f"{self.url}/v2/check",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read().decode("utf-8"))
        except TimeoutError:
            raise LanguageToolUnavailable(f"no answer within {self.timeout:g} s") from None
        except urllib.error.HTTPError as exc:
            raise LanguageToolUnavailable(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise LanguageToolUnavailable(f"no answer within {self.timeout:g} s") from None
            raise LanguageToolUnavailable(str(reason)) from None
        except (OSError, ValueError) as exc:
            raise LanguageToolUnavailable(f"bad answer ({exc})") from None

    def _fetch(self, text: str) -> list[LanguageToolMatch]:
        return parse_matches(text, self._post(text))

    def check(self, text: str) -> list[LanguageToolMatch]:
        """LanguageTool's matches for `text`; none (and one warning) when the server is away."""
        if self.unavailable is not None or not text.strip():
            return []
        if text not in self._answers:
            try:
                self._answers[text] = self._fetch(text)
            except LanguageToolUnavailable as exc:
                self.unavailable = str(exc)
                self.on_unavailable(
                    f"LanguageTool at {self.url} unavailable ({exc}); repairing without it"
                )
                return []
        return self._answers[text]


class LocalLanguageTool(LanguageTool):
    """LanguageTool run by `language_tool_python`, which downloads and starts its own server."""

    def __init__(self, **options) -> None:
        super().__init__("language_tool_python (local server)", **options)
        self._tool = None

    def _fetch(self, text: str) -> list[LanguageToolMatch]:
        try:
            import language_tool_python

            if self._tool is None:
                self._tool = language_tool_python.LanguageTool(self.language)
            matches = self._tool.check(text)
        except Exception as exc:  # the library raises its own errors, and OSError from Java
            raise LanguageToolUnavailable(f"{type(exc).__name__}: {exc}") from None
        to_index = utf16_to_index(text)
        found = []
        for match in matches:
            start, length = int(match.offset), int(match.errorLength)
            if text[start : start + length] != getattr(match, "matchedText", None):
                start, length = to_index(start), to_index(start + length) - to_index(start)
            found.append(
                LanguageToolMatch(
                    start,
                    start + length,
                    str(match.ruleId),
                    str(match.category),
                    str(match.message),
                    tuple(match.replacements),
                )
            )
        return found


def make_languagetool(
    url: str | None = None, on_unavailable: Callable[[str], None] | None = None
) -> LanguageTool | None:
    """The LanguageTool to use: `url`, else $MTBRIEF_LANGUAGETOOL_URL, else a local
    `language_tool_python` when installed, else None (repair runs without it)."""
    url = url or os.environ.get(ENV_URL)
    if url:
        return LanguageTool(url, on_unavailable=on_unavailable)
    try:
        import language_tool_python  # noqa: F401
    except ImportError:
        return None
    return LocalLanguageTool(on_unavailable=on_unavailable)


def _is_typo_split(original: str, suggestion: str) -> bool:
    """`withNATO` -> `with NATO`: the suggestion only adds one space, and wordfreq knows both
    halves but not the whole."""
    if suggestion.count(" ") != 1 or suggestion.replace(" ", "") != original:
        return False
    head, tail = suggestion.split(" ")
    return (
        zipf(original.lower()) < 1.5
        and is_ordinary(head.lower())
        and (is_ordinary(tail.lower()) or (tail.isupper() and len(tail) >= 2))
    )


def is_safe(match: LanguageToolMatch, text: str) -> bool:
    """Whether applying the first suggestion is safe without a reader's judgement."""
    if not match.replacements:
        return False
    if match.rule_id in SAFE_RULES:
        return True
    return match.category == TYPO_CATEGORY and _is_typo_split(
        text[match.start : match.end], match.replacements[0]
    )


def apply_languagetool(ledger: EditLedger, tool: LanguageTool) -> None:
    """Ask LanguageTool about the article as given; its findings on text no earlier pass changed
    become edits (safe rules) or flags (everything else)."""
    raw = ledger.raw
    changes: list[Change] = []
    edit_ends = [edit.end for edit in ledger.edits]  # edits are disjoint: ends ascend too
    for match in tool.check(raw):
        first = bisect.bisect_left(edit_ends, match.start)
        if first < len(ledger.edits) and ledger.edits[first].start <= match.end:
            continue  # an earlier pass already changed (or removed) this text
        start = map_to_output(ledger.edits, match.start)
        end = map_to_output(ledger.edits, match.end)
        rule = f"languagetool.{match.rule_id}"
        if is_safe(match, raw) and not any(c.start < end and start < c.end for c in changes):
            changes.append(Change(start, end, match.replacements[0], rule, match.message, 0.8))
        else:
            suggestion = match.replacements[0] if match.replacements else None
            ledger.flag(start, end, rule, match.message, suggestion)
    ledger.apply(changes)
