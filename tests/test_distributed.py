"""`brief --dask` / `--workers`: the same output as a single process, from a LocalCluster."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize.articles import load_articles, plan_loads
from summarize.distributed import DaskRun
from summarize.engines import make_summarizer
from summarize.export import to_json_data
from summarize.pipeline import LocalRun, build_report
from summarize.repair import RepairContext, repair_in_set, repair_locally
from tests.test_cli import run_brief


@pytest.fixture(scope="module")
def inputs(seeds_dir: Path, shared_dir: Path) -> list[str]:
    # the Ukraine pages spell names differently: the set passes need every article's counts
    ukraine = sorted((shared_dir / "eval" / "brief-dev" / "ukraine-election-2019").glob("*.txt"))
    return [str(seeds_dir), *map(str, ukraine)]


@pytest.fixture(scope="module")
def dask_run() -> Iterator[DaskRun]:
    run = DaskRun.start(None, 2, model=None, threads=1)  # two processes, one thread each
    yield run
    run.close()


def brief_data(run, inputs: list[str]) -> tuple[dict, list]:
    summarizer = make_summarizer("extractive")
    loaded = run.load(plan_loads([*inputs, "missing.txt"]))
    repaired = run.repair(loaded.articles)
    summaries = run.summarize(repaired, summarizer, lambda *_: None)
    report = build_report(repaired, summaries, summarizer.label, None, summarizer)
    data = to_json_data(report, include_edits=True)
    data.pop("created")
    return data, [str(error) for error in loaded.errors]


def test_a_cluster_briefs_exactly_as_one_process(dask_run: DaskRun, inputs: list[str]) -> None:
    local, local_errors = brief_data(LocalRun(), inputs)
    distributed, distributed_errors = brief_data(dask_run, inputs)
    assert distributed == local
    assert distributed_errors == local_errors == ["missing.txt: no such file or folder"]
    rules = {edit["rule"] for article in local["articles"] for edit in article["edits"]}
    assert "names.variant" in rules  # the cross-article pass ran, with the whole set's context
    assert all(article["summary"] for article in local["articles"])


def test_each_worker_loads_the_summarizer_once(dask_run: DaskRun, inputs: list[str]) -> None:
    brief_data(dask_run, inputs)
    brief_data(dask_run, inputs)  # 14 summaries on 2 workers
    loads = dask_run.summarizer_loads()
    assert len(loads) == 2
    assert sorted(loads.values()) == [1, 1]


def test_workers_option_gives_the_single_process_brief(inputs: list[str]) -> None:
    single = run_brief(*inputs, "--engine", "extractive", "--quiet")
    local_cluster = run_brief(*inputs, "--engine", "extractive", "--quiet", "--workers", "2")
    assert local_cluster.returncode == single.returncode == 0, local_cluster.stderr.decode()

    def undated(markdown: bytes) -> list[str]:
        return [line for line in markdown.decode().splitlines() if " UTC · engine: " not in line]

    assert undated(local_cluster.stdout) == undated(single.stdout)
    # a loaded machine can make Dask itself warn (a slow event loop): only brief's own lines count
    notes = [
        line for line in local_cluster.stderr.decode().splitlines() if line.startswith("brief:")
    ]
    assert notes == single.stderr.decode().splitlines() == []


def test_an_unreachable_scheduler_is_one_line() -> None:
    result = run_brief("seeds", "--engine", "extractive", "--dask", "tcp://127.0.0.1:9")
    assert result.returncode == 1
    (line,) = result.stderr.decode().splitlines()
    assert line.startswith("brief: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_dask_and_workers_together_are_a_usage_error() -> None:
    result = run_brief("seeds", "--dask", "tcp://127.0.0.1:9", "--workers", "2")
    assert result.returncode == 2
    assert "not both" in result.stderr.decode()


def test_the_context_sent_to_workers_repairs_as_the_whole_one(inputs: list[str]) -> None:
    local = [repair_locally(article.text) for article in load_articles(inputs).articles]
    whole = RepairContext.from_texts(ledger.current for ledger in local)
    sent = whole.for_workers()
    assert sent.texts == () and sent.name_variants == whole.name_variants
    rules = set()
    for ledger in local:
        by_whole = repair_in_set(copy.deepcopy(ledger), whole)
        by_sent = repair_in_set(copy.deepcopy(ledger), sent)
        assert (by_sent.edits, by_sent.flags) == (by_whole.edits, by_whole.flags)
        rules |= {edit.rule for edit in by_whole.edits}
    assert "names.variant" in rules  # the Ukraine pages have variants the set decides


def test_a_summary_that_exhausts_a_resource_on_a_worker_is_left_out_as_in_one_process(
    seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from tests.test_resource_limits import exhaust_summaries

    paths = [str(path) for path in sorted(seeds_dir.glob("*.txt"))]
    articles = load_articles(paths).articles
    exhaust_summaries(monkeypatch, {articles[0].title})
    # worker threads in this process: the engine's fault is injected where the workers run it
    cluster = LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    )
    run = DaskRun(Client(cluster), cluster, model=None, threads=1)
    summarizer = make_summarizer("extractive")
    local_skips: list = []
    cluster_skips: list = []
    try:
        repaired = LocalRun().repair(articles)
        local = LocalRun().summarize(repaired, summarizer, lambda *_: None, local_skips.append)
        on_cluster = run.summarize(repaired, summarizer, lambda *_: None, cluster_skips.append)
    finally:
        run.close()
    assert on_cluster == local
    assert local[0].text == "" and local[1].text
    assert [str(e) for e in cluster_skips] == [str(e) for e in local_skips]
    assert [str(e) for e in local_skips] == [f"{paths[0]}: summarizing ran out of memory"]
