"""Model fixes: the cost of asking a model to fix each flag, against the rule passes' cost.

The mt-dev pages (../shared/eval/mt-dev) are repaired by the rule passes (the baseline, timed in
the same run), then every flag of the first pages is offered to each model installed: SmolLM2-135M
(fast, weak) and, with --default, the bundled default model. For each: flags offered, fixes the
guard accepted, median and total seconds per flag, and the rule passes' seconds per flag for
comparison. The machine may be shared: compare within one run, not across machines.

Usage: python benchmarks/model_fix_cost.py [--pages 6] [--default] [--threads N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from summarize.articles import make_article
from summarize.engines.llamacpp_engine import LlamaCppSummarizer
from summarize.model_fixes import FixOutcome, fix_flags
from summarize.models import default_model_installed, resolve_model, smollm2_gguf
from summarize.repair import repair_articles

PAGES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "mt-dev" / "pages"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--default", action="store_true", help="also the bundled default model")
    parser.add_argument("--threads", type=int, default=None)
    options = parser.parse_args()
    paths = sorted(PAGES.glob("*.txt"))[: options.pages]
    if not paths:
        raise SystemExit(f"no mt-dev pages under {PAGES}")
    articles = [make_article(path.read_text("utf-8"), path.name) for path in paths]
    repair_articles(articles[:1])  # load spaCy, wordfreq and the tables outside the clock
    started = time.perf_counter()
    repaired = repair_articles(articles)
    rules_s = time.perf_counter() - started
    flags = sum(len(item.flags) for item in repaired)
    models = [("SmolLM2-135M", smollm2_gguf())]
    if options.default and default_model_installed():
        models.append(("default (Qwen2.5-Coder-1.5B)", None))
    print(f"{len(paths)} mt-dev pages, {flags} flags; rule passes {rules_s:.2f} s")
    print(f"{'fixer':<30}{'flags':>6}{'fixed':>6}{'s/flag median':>15}{'s total':>9}  refusals")
    print(
        f"{'rule passes (baseline)':<30}{flags:>6}{'-':>6}{rules_s / max(flags, 1):>15.3f}"
        f"{rules_s:>9.2f}"
    )
    for name, path in models:
        if name.startswith("SmolLM2") and path is None:
            print(f"{name:<30} not installed")
            continue
        spec = resolve_model(str(path) if path else None)
        summarizer = LlamaCppSummarizer(spec, options.threads)
        summarizer.load()
        outcomes: list[FixOutcome] = []
        for item in repaired:
            fix_flags(item, summarizer, on_outcome=outcomes.append)
        seconds = [outcome.seconds for outcome in outcomes]
        fixed = sum(outcome.edit is not None for outcome in outcomes)
        refusals = Counter(
            outcome.problem.split(" (")[0] for outcome in outcomes if outcome.problem
        )
        print(
            f"{name:<30}{len(outcomes):>6}{fixed:>6}{statistics.median(seconds or [0]):>15.2f}"
            f"{sum(seconds):>9.1f}  {dict(refusals)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
