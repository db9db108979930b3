"""Review decisions that outlive the review desk: which edits a reader rejected or accepted, and
the summaries a reader rewrote.

Decisions are keyed by article id (a hash of the raw text), so reopening the same articles restores
them whatever their paths. Every decision is written as it is made, atomically, to one small JSON
file: a crash or Ctrl+C loses nothing already decided. The file holds the decisions of every
article ever reviewed; a save re-reads it first, so two desks open at once do not drop each other's
articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from summarize.files import write_atomic
from summarize.repair import Repaired

STORE_FORMAT = "mtbrief.review"
STORE_VERSION = 1


@dataclass(frozen=True)
class ArticleDecisions:
    """A reader's decisions on one article: edit keys rejected or explicitly accepted, and the
    summary text they wrote (None while the engine's summary stands)."""

    rejected: frozenset[str] = frozenset()
    accepted: frozenset[str] = frozenset()
    summary: str | None = None

    def to_record(self) -> dict:
        record: dict = {"rejected": sorted(self.rejected), "accepted": sorted(self.accepted)}
        if self.summary is not None:
            record["summary"] = self.summary
        return record

    @classmethod
    def from_record(cls, record: object) -> ArticleDecisions:
        if not isinstance(record, dict):
            return cls()
        summary = record.get("summary")
        return cls(
            rejected=frozenset(k for k in record.get("rejected", ()) if isinstance(k, str)),
            accepted=frozenset(k for k in record.get("accepted", ()) if isinstance(k, str)),
            summary=summary if isinstance(summary, str) else None,
        )


def default_store_path() -> Path:
    """`review.json` in the user data dir (honours XDG_DATA_HOME on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("mtbrief", appauthor=False)) / "review.json"


def read_decisions(path: Path) -> tuple[dict[str, ArticleDecisions], str | None]:
    """The decisions saved in `path` by article id, and why the file was unusable if it was."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"{path}: unreadable review file, starting afresh ({exc})"
    if not isinstance(document, dict) or document.get("format") != STORE_FORMAT:
        return {}, f"{path}: not an mtbrief review file, starting afresh"
    articles = document.get("articles")
    if not isinstance(articles, dict):
        return {}, None
    return {key: ArticleDecisions.from_record(value) for key, value in articles.items()}, None


class ReviewStore:
    """The decisions file: read once on open, written through on every decision."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        # `problem` says why an existing file could not be read (it is then started afresh)
        self._decisions, self.problem = read_decisions(self.path)
        self._touched: set[str] = set()

    def decisions(self, article_id: str) -> ArticleDecisions:
        return self._decisions.get(article_id, ArticleDecisions())

    def restore(self, repaired: Repaired) -> Repaired:
        """`repaired` with the rejections saved for its article (keys of vanished edits ignored)."""
        keys = {edit.key for edit in repaired.edits}
        return repaired.with_rejected(self.decisions(repaired.article.id).rejected & keys)

    def decide(self, repaired: Repaired, keys: Iterable[str], *, accept: bool) -> Repaired:
        """Accept or reject the edits `keys` of `repaired`, save, and return the updated repair."""
        keys = frozenset(keys) & {edit.key for edit in repaired.edits}
        current = self.decisions(repaired.article.id)
        if accept:
            rejected, accepted = current.rejected - keys, current.accepted | keys
        else:
            rejected, accepted = current.rejected | keys, current.accepted - keys
        self._put(repaired.article.id, replace(current, rejected=rejected, accepted=accepted))
        return repaired.with_rejected(rejected & {edit.key for edit in repaired.edits})

    def edit_summary(self, article_id: str, text: str | None) -> None:
        """Save the reader's summary; None discards it so the engine's summary stands again."""
        current = self.decisions(article_id)
        if current.summary != text:
            self._put(article_id, replace(current, summary=text))

    def reviewed(self, repaired: Repaired) -> int:
        """How many of the article's edits the reader has decided on."""
        decided = self.decisions(repaired.article.id)
        return sum(1 for e in repaired.edits if e.key in decided.rejected | decided.accepted)

    def _put(self, article_id: str, decisions: ArticleDecisions) -> None:
        self._decisions[article_id] = decisions
        self._touched.add(article_id)
        self._save()

    def _save(self) -> None:
        merged, _ = read_decisions(self.path)
        merged.update({key: self._decisions[key] for key in self._touched})
        document = {
            "format": STORE_FORMAT,
            "version": STORE_VERSION,
            "articles": {key: merged[key].to_record() for key in sorted(merged)},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
