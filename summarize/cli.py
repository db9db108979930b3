"""`brief`: the one-shot run from articles to a Markdown (or JSON) brief."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarize import web
from summarize.articles import MAX_BYTES, Article, plan_loads
from summarize.engines import ENGINE_NAMES, Summarizer, make_summarizer
from summarize.errors import MtbriefError, OutputError, ResourceError, within_limits_or
from summarize.export import (
    output_path,
    repaired_to_jsonl,
    repaired_to_text,
    to_json,
    to_markdown,
)
from summarize.files import write_atomic
from summarize.model_fixes import FixOutcome, can_fix, fix_flags
from summarize.pipeline import LocalRun, Progress, Report, build_report, loading_beside
from summarize.repair import Repaired
from summarize.repair.languagetool import LanguageTool, make_languagetool

if TYPE_CHECKING:
    from summarize.distributed import DaskRun

EXIT_OK, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2


def warn(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    click.echo(f"brief: {message}", err=True)


def warn_exhausted(error: ResourceError) -> None:
    """What exhausted a resource, and at which stage; the run goes on with a fallback for it."""
    warn(str(error))


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Progress]:
    """A rich progress bar on stderr; a no-op when disabled."""
    if not enabled:
        yield lambda stage, done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


# options `brief` and `mtbrief` share, so both take the same articles the same way
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINE_NAMES),
    default="auto",
    show_default=True,
    help="Summary engine; 'auto' uses the best one installed and says which.",
)
model_option = click.option(
    "--model",
    default=None,
    help="Model for a model engine: a .gguf file, a model folder, a Hugging Face id "
    "(default: the bundled model when installed).",
)
max_size_option = click.option(
    "--max-size",
    type=click.IntRange(min=1),
    default=MAX_BYTES // (1024 * 1024),
    show_default=True,
    help="Largest input file or fetched page accepted, in MB.",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=web.TIMEOUT,
    show_default=True,
    help="Seconds allowed for fetching one URL (page or feed), redirects included.",
)


def engine_options(command: Callable) -> Callable:
    """--engine and --model."""
    return engine_option(model_option(command))


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("articles", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    help="Where to write the brief; '-' is stdout. An input file is never overwritten.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["markdown", "json", "jsonl"]),
    default="markdown",
    show_default=True,
    help="Markdown for reading, or one JSON document for scripts (fields in the README); "
    "with --repair-only, plain text or 'jsonl' (one record per article).",
)
@click.option(
    "--repair-only",
    is_flag=True,
    help="Write the repaired articles instead of a brief: plain text, articles separated by a "
    "line holding only a form feed, or one JSON record per article with --format jsonl.",
)
@click.option(
    "--languagetool",
    "languagetool_url",
    metavar="URL",
    default=None,
    help="LanguageTool server for a second opinion on grammar (default: "
    "$MTBRIEF_LANGUAGETOOL_URL, else a local language_tool_python if installed).",
)
@engine_options
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="CPU threads for the model (default: $MTBRIEF_THREADS, else the idle cores).",
)
@click.option("--edits", is_flag=True, help="Add an appendix that lists every repair.")
@click.option(
    "--model-fixes",
    is_flag=True,
    help="Ask the model engine to fix every flagged sentence; a fix the guard accepts (same "
    "names, numbers and dates, a small edit, close in meaning) becomes a reviewable edit.",
)
@click.option("--title", default=None, help="Title of the brief (default: the story's headline).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no notes on stderr.")
@max_size_option
@timeout_option
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=None,
    help="Run loading, repair and summaries as tasks on the Dask cluster whose scheduler is at "
    "ADDRESS (tcp://HOST:8786); the brief is built here. Workers need mtbrief installed.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Start a local Dask cluster of this many worker processes and run as with --dask.",
)
def brief(
    articles: tuple[str, ...],
    output: str,
    output_format: str,
    engine: str,
    model: str | None,
    threads: int | None,
    edits: bool,
    title: str | None,
    quiet: bool,
    max_size: int,
    repair_only: bool,
    languagetool_url: str | None,
    timeout: float,
    dask_address: str | None,
    workers: int | None,
    model_fixes: bool,
) -> None:
    """Repair machine-translated ARTICLES and write a brief of them.

    ARTICLES are .txt, .md, .html, .json or .jsonl files, folders of them (read recursively, in
    name order), '-' for stdin, http(s) URLs of pages, and RSS or Atom feeds (.rss, .atom or .xml
    files, or URLs), whose items' pages are fetched. A bad input is reported on one line and
    skipped.

    Exit status: 0 ok, 1 nothing usable to brief, 2 usage error.
    """
    if dask_address and workers:
        raise click.UsageError("give --dask ADDRESS or --workers N, not both")
    run = stage_runner(dask_address, workers, model, threads)
    click.get_current_context().call_on_close(run.close)
    loaded = run.load(plan_loads(articles, limit=max_size * 1024 * 1024, timeout=timeout))
    for error in loaded.errors:
        warn(f"skipped {error}")
    if not loaded.articles:
        warn("error: no usable articles to brief")
        sys.exit(EXIT_NOTHING)
    if repair_only and output_format == "json":
        raise click.UsageError("--repair-only writes plain text or --format jsonl, not json")
    if not repair_only and output_format == "jsonl":
        raise click.UsageError("--format jsonl needs --repair-only; a brief is markdown or json")
    try:
        path = output_path(output, loaded.articles)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    languagetool = make_languagetool(languagetool_url, on_unavailable=warn)
    if repair_only:
        repaired = repaired_or_exit(run, loaded.articles, languagetool)
        if model_fixes:
            repaired = fix_with_model(repaired, make_summarizer(engine, model, threads), quiet)
        render_repaired = repaired_to_jsonl if output_format == "jsonl" else repaired_to_text
        emit(render_repaired(repaired), path, f"{len(repaired)} repaired articles", quiet)
        return
    summarizer = make_summarizer(engine, model, threads, on_fallback=warn)
    if not quiet:
        warn(f"engine: {summarizer.label}")
    with progress_bar(not quiet and sys.stderr.isatty()) as progress:
        progress("repair", 0, len(loaded.articles))
        with loading_beside(summarizer):
            repaired = repaired_or_exit(run, loaded.articles, languagetool)
        if model_fixes:
            repaired = fix_with_model(repaired, summarizer, quiet)
        progress("repair", len(repaired), len(repaired))
        summaries = run.summarize(repaired, summarizer, progress, warn_exhausted)
        report = build_report(
            repaired, summaries, summarizer.label, title, summarizer, warn_exhausted
        )
    if not usable(report):  # an output already there stays as it was
        warn("error: no summary and no brief could be written")
        sys.exit(EXIT_NOTHING)
    render = to_json if output_format == "json" else to_markdown
    emit(render(report, include_edits=edits), path, f"{len(report.articles)} articles", quiet)


def repaired_or_exit(
    run: LocalRun | DaskRun, articles: list[Article], languagetool: LanguageTool | None
) -> list[Repaired]:
    """The repaired articles; one that exhausts a resource is skipped with one line."""
    repaired = run.repair(
        articles, languagetool=languagetool, on_skip=lambda error: warn(f"skipped {error}")
    )
    if not repaired:
        warn("error: no usable articles to brief")
        sys.exit(EXIT_NOTHING)
    return repaired


def usable(report: Report) -> bool:
    """Some article has a summary or some story a brief: resource limits did not take it all."""
    return any(item.summary.text for item in report.articles) or any(
        not story.brief.problem for story in report.stories
    )


def stage_runner(
    dask_address: str | None, workers: int | None, model: str | None, threads: int | None
) -> LocalRun | DaskRun:
    """Where loading, repair and summaries run: here, or on a Dask cluster."""
    if not (dask_address or workers):
        return LocalRun()
    from summarize.distributed import DaskRun

    return DaskRun.start(dask_address, workers, model=model, threads=threads)


def fix_with_model(repaired: list[Repaired], summarizer: Summarizer, quiet: bool) -> list[Repaired]:
    """--model-fixes: every flag offered to the model; without a model engine, a note."""
    if not can_fix(summarizer):
        warn(f"--model-fixes needs a model engine, not {summarizer.label}: flags left as they are")
        return repaired
    outcomes: list[FixOutcome] = []
    fixed = [
        within_limits_or(
            partial(fix_flags, item, summarizer, on_outcome=outcomes.append),
            lambda error, item=item: item,
            item.article.source,
            "fixing flags",
            warn_exhausted,
        )
        for item in repaired
    ]
    if not quiet:
        made = sum(outcome.edit is not None for outcome in outcomes)
        warn(f"model fixes: {made} of {len(outcomes)} flags fixed, the rest refused by the guard")
    return fixed


def emit(text: str, path: Path | None, what: str, quiet: bool) -> None:
    """Write `text` to `path` atomically, or to stdout when `path` is None."""
    if path is None:
        click.echo(text, nl=False)
    else:
        write_atomic(path, text)
        if not quiet:
            warn(f"wrote {path} ({what})")


def run_command(command: click.Command, program: str) -> None:
    """Run a click command so that user-facing errors become one line on stderr and an exit
    status, never a traceback (`MTBRIEF_DEBUG=1` shows it). `brief` and `mtbrief` share this."""

    def say(message: str) -> None:
        click.echo(f"{program}: {message}", err=True)

    try:
        command.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        say("aborted")
        sys.exit(130)
    except click.UsageError as exc:
        say(f"usage error: {exc.format_message()}")
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        say(f"error: {exc.format_message()}")
        sys.exit(exc.exit_code)
    except MtbriefError as exc:
        say(f"error: {exc}")
        sys.exit(EXIT_NOTHING)
    except KeyboardInterrupt:
        say("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    except Exception as exc:  # the promise is one line, never a traceback
        if os.environ.get("MTBRIEF_DEBUG"):
            raise
        say(f"internal error: {type(exc).__name__}: {exc} (set MTBRIEF_DEBUG=1 for details)")
        sys.exit(EXIT_NOTHING)


def main() -> None:
    run_command(brief, "brief")


if __name__ == "__main__":
    main()
