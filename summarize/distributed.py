"""Loading, repair and per-article summaries as Dask distributed tasks; the brief on the client.

`DaskRun` has the stages of `pipeline.LocalRun` and runs them on a cluster (`--dask ADDRESS`, or a
`LocalCluster` of `--workers N` processes), calling the same per-article functions:

1. load: each step of `articles.plan_loads` (a file, a page, a feed item) on a worker, so the
   workers fetch the pages and read the files (a path must be readable by the workers);
2. repair: the local passes per article (`repair_locally`); the texts they leave back on the
   client, where the set's `RepairContext` is built (its name findings made) and broadcast;
   then the set passes per article (`repair_in_set`);
3. summarize: per article; each worker loads the summarizer once (`SummarizerPlugin`).

Each task takes a batch of articles (a few batches per worker thread), so scheduling costs little
beside the work.

The client keeps the order of the input, drops duplicates as a single process does, and builds
the stories and the brief, so the output is the same as a single-process run's.
"""

from __future__ import annotations

import copy
import logging
import math
import threading
from collections.abc import Sequence
from typing import Any, TypeVar

from summarize.articles import Article, Loader, LoadResult, collect_loads, run_loader
from summarize.engines import make_summarizer
from summarize.engines.base import Summarizer
from summarize.errors import InputError, MtbriefError, OnSkip, ResourceError
from summarize.models import thread_count
from summarize.pipeline import Progress, collect_summaries, summary_within_limits
from summarize.repair import (
    RepairContext,
    Repaired,
    collect_repaired,
    in_set_within_limits,
    locally_within_limits,
)
from summarize.repair.edits import EditLedger
from summarize.repair.languagetool import LanguageTool
from summarize.summary import Summary

DASK_INSTALL_HINT = "pip install 'mtbrief[dask]'"
PLUGIN_NAME = "mtbrief-summarizer"
CONNECT_TIMEOUT = "10s"
BATCHES_PER_THREAD = 4  # enough to even out articles of unequal length
MAX_BATCH = 32
T = TypeVar("T")

try:
    from distributed import WorkerPlugin, as_completed, get_worker
except ImportError:  # the `dask` extra is not installed: `DaskRun.start` says so
    WorkerPlugin = object


class SummarizerPlugin(WorkerPlugin):
    """Gives each worker one summarizer, loaded at its first summary and kept for every later one."""

    name = PLUGIN_NAME

    def __init__(self, engine: str, model: str | None, threads: int | None) -> None:
        self.engine, self.model, self.threads = engine, model, threads
        self.loads = 0  # how often this worker loaded the summarizer: once
        self._summarizer: Summarizer | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"engine": self.engine, "model": self.model, "threads": self.threads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["engine"], state["model"], state["threads"])

    def summarizer(self) -> Summarizer:
        with self._lock:
            if self._summarizer is None:
                self._summarizer = make_summarizer(self.engine, self.model, self.threads)
                self.loads += 1
            return self._summarizer


def _summarize_batch(articles: list[tuple[str, str, str]]) -> list[Summary | ResourceError]:
    plugin: SummarizerPlugin = get_worker().plugins[PLUGIN_NAME]
    return [
        summary_within_limits(plugin.summarizer(), title, text, source)
        for title, text, source in articles
    ]


def _load_batch(steps: list[Loader | InputError]) -> list[list[Article] | InputError]:
    return [run_loader(step) for step in steps]


def _local_passes_batch(articles: list[tuple[str, str]]) -> list[EditLedger | ResourceError]:
    return [locally_within_limits(text, source) for text, source in articles]


def _current_texts_batch(ledgers: list[EditLedger | ResourceError]) -> list[str]:
    return [ledger.current for ledger in ledgers if isinstance(ledger, EditLedger)]


def _set_passes_batch(
    ledgers: list[EditLedger | ResourceError], sources: list[str], context: RepairContext
) -> list[EditLedger | ResourceError]:
    # copies: the locally repaired ledgers are a task result the scheduler may hand out again
    return [
        in_set_within_limits(copy.deepcopy(ledger), source, context)
        for ledger, source in zip(ledgers, sources, strict=True)
    ]


class DaskRun:
    """The stages on a Dask cluster, through `client`; `close` also stops a cluster it started."""

    def __init__(self, client, cluster=None, *, model: str | None, threads: int | None) -> None:
        self.client, self.cluster = client, cluster
        self.model, self.threads = model, threads
        self._plugin_engine: str | None = None

    @classmethod
    def start(
        cls, address: str | None, workers: int | None, *, model: str | None, threads: int | None
    ) -> DaskRun:
        """Connect to the scheduler at `address`, or start a local cluster of `workers` processes."""
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MtbriefError(
                f"--dask and --workers need Dask; run: {DASK_INSTALL_HINT}"
            ) from None
        if address:
            try:
                return cls(Client(address, timeout=CONNECT_TIMEOUT), model=model, threads=threads)
            except (OSError, TimeoutError, ValueError) as exc:
                raise MtbriefError(
                    f"cannot reach the Dask scheduler at {address} ({exc})".replace("\n", " ")
                ) from None
        if threads is None:  # the workers share this machine's cores
            threads = max(1, thread_count() // (workers or 1))
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return cls(Client(cluster), cluster, model=model, threads=threads)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def _batches(self, items: Sequence[T]) -> list[list[T]]:
        """`items` cut into a few batches per worker thread: one task per article would cost
        more in scheduling than the extractive engine takes to summarize it."""
        threads = max(1, sum(self.client.nthreads().values()))
        size = max(1, min(MAX_BATCH, math.ceil(len(items) / (threads * BATCHES_PER_THREAD))))
        return [list(items[start : start + size]) for start in range(0, len(items), size)]

    def _gather(
        self, futures: list, stage: str | None = None, progress: Progress | None = None
    ) -> list:
        """The batches' results, flattened in order, reporting progress as batches complete."""
        if progress is not None and stage is not None:
            progress(stage, 0, len(futures))
            for done, _ in enumerate(as_completed(futures), start=1):
                progress(stage, done, len(futures))
        try:
            return [result for batch in self.client.gather(futures) for result in batch]
        except ModuleNotFoundError as exc:
            raise MtbriefError(
                f"the Dask workers cannot import {exc.name}: install mtbrief, the same version "
                "as here, on every worker"
            ) from None

    def load(self, plan: Sequence[Loader | InputError]) -> LoadResult:
        futures = self.client.map(_load_batch, self._batches(plan), pure=False)
        return collect_loads(self._gather(futures))

    def repair(
        self,
        articles: Sequence[Article],
        *,
        languagetool: LanguageTool | None = None,
        on_skip: OnSkip | None = None,
    ) -> list[Repaired]:
        client = self.client
        batches = self._batches([(article.text, article.source) for article in articles])
        sources = [[source for _, source in batch] for batch in batches]
        local = client.map(_local_passes_batch, batches, pure=False)
        texts = self._gather(client.map(_current_texts_batch, local, pure=False))
        context = RepairContext.from_texts(texts, languagetool).for_workers()
        context = client.scatter(context, broadcast=True)
        ledgers = self._gather(
            client.map(_set_passes_batch, local, sources, context=context, pure=False)
        )
        return collect_repaired(articles, ledgers, on_skip)

    def summarize(
        self,
        repaired: Sequence[Repaired],
        summarizer: Summarizer,
        progress: Progress,
        on_skip: OnSkip | None = None,
    ) -> list[Summary]:
        """The workers' summaries, made by the engine `summarizer` runs here; one that exhausts
        a resource is reported to `on_skip` and left empty, as in a single process."""
        if self._plugin_engine != summarizer.engine:
            self.client.register_plugin(
                SummarizerPlugin(summarizer.engine, self.model, self.threads)
            )
            self._plugin_engine = summarizer.engine
        batches = self._batches([(item.title, item.text, item.article.source) for item in repaired])
        futures = self.client.map(_summarize_batch, batches, pure=False)
        return collect_summaries(summarizer, self._gather(futures, "summarize", progress), on_skip)

    def summarizer_loads(self) -> dict[str, int]:
        """Worker address -> how often it loaded the summarizer."""
        return self.client.run(lambda dask_worker: dask_worker.plugins[PLUGIN_NAME].loads)
