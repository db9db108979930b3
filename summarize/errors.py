"""Errors that the CLI and the TUI turn into one-line messages instead of tracebacks."""


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
