"""Messages the background workers send to the review desk: small dataclasses, one per event."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from summarize.engines.base import Summarizer
from summarize.model_fixes import FixOutcome
from summarize.pipeline import Report
from summarize.repair import Repaired
from summarize.summary import Summary


@dataclass
class RepairsReady(Message):
    """Every article is repaired (with the saved decisions restored)."""

    repaired: list[Repaired]


@dataclass
class StoriesReady(Message):
    """The articles split into stories: (title, article ids) each, the largest first."""

    stories: list[tuple[str, list[str]]]


@dataclass
class EngineReady(Message):
    summarizer: Summarizer


@dataclass
class EngineFailed(Message):
    """The chosen engine could not load; `fallback` stands in so the desk stays useful."""

    problem: str
    fallback: Summarizer


@dataclass
class SummaryStarted(Message):
    article_id: str


@dataclass
class SummaryPiece(Message):
    """A piece (a token, for a model engine) of the summary being written."""

    article_id: str
    piece: str


@dataclass
class SummaryDone(Message):
    """A finished summary and the repaired text it was written from (stale if that changed)."""

    article_id: str
    summary: Summary
    source_text: str


@dataclass
class BriefReady(Message):
    """The combined brief for the summaries and decisions of version `version`."""

    report: Report
    version: int


@dataclass
class Exported(Message):
    """The brief was written to `path`, or `problem` says why not."""

    path: str
    articles: int
    problem: str | None = None


@dataclass
class FlagFixed(Message):
    """The model's answer to a flag: `repaired` holds the edit when the guard accepted it."""

    article_id: str
    repaired: Repaired
    outcome: FixOutcome
