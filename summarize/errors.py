"""Errors that the CLI and the TUI turn into one-line messages instead of tracebacks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class MtbriefError(Exception):
    """Base class: its message is shown to the user as is, on one line."""


class InputError(MtbriefError):
    """An input path or stream cannot be turned into an article."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self):  # pickles whole, for errors met in a Dask task
        return type(self), (self.source, self.problem)


class ModelError(MtbriefError):
    """A model is missing, corrupt or cannot be loaded; the message says how to fix it."""


class OutputError(MtbriefError):
    """The brief cannot be written where asked (a folder, a missing folder, an input file)."""


class ResourceError(InputError):
    """One article exhausted a resource (memory, the recursion limit) at one stage: it is
    skipped with this message and the run goes on with the others."""


OnSkip = Callable[[ResourceError], None]
"""Told of each article or story that exhausted a resource (memory, the recursion limit) at one
stage, where a fallback stands in and the run goes on; without one, the `ResourceError` is raised."""


def within_limits(action: Callable[[], T], source: str, stage: str) -> T | ResourceError:
    """`action()`, or the `ResourceError` saying what `source` exhausted while at `stage` (e.g.
    "repairing"): a resource limit costs one article, never the run."""
    try:
        return action()
    except MemoryError:
        return ResourceError(source, f"{stage} ran out of memory")
    except RecursionError:
        return ResourceError(source, f"{stage} reached the recursion limit (nested too deeply)")


def within_limits_or(
    action: Callable[[], T],
    fallback: Callable[[ResourceError], T],
    source: str,
    stage: str,
    on_skip: OnSkip | None,
) -> T:
    """`action()`; where `source` exhausts a resource at `stage`, the error goes to `on_skip` and
    `fallback(error)` stands in (without `on_skip`, the error is raised)."""
    outcome = within_limits(action, source, stage)
    if not isinstance(outcome, ResourceError):
        return outcome
    if on_skip is None:
        raise outcome
    on_skip(outcome)
    return fallback(outcome)
