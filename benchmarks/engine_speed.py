"""Engine speed: the naive transformers baseline against each summary engine, on one seed article.

Every run summarizes the same repaired seed with the same prompt. The baseline is what a user gets
by default: `AutoModelForCausalLM.from_pretrained(gguf_file=...)` plus a default `generate`. Each
runner is a subprocess, so its peak RSS is its own; the table compares them with the baseline.
The summary cache is off. Each figure is the median of `--repeats` runs (3 by default).
Usage: python benchmarks/engine_speed.py [--model SPEC] [--threads N] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_0ca85f08db01e6d8.txt"
RUNNERS = ("baseline", "transformers", "llamacpp")
GOALS = {"llamacpp": 10.0, "transformers": 3.0}
RSS_GOAL_GB = 3.0


def repaired_seed() -> tuple[str, str]:
    """The seed's title and repaired text: what every runner summarizes."""
    from summarize.articles import load_articles
    from summarize.repair import repair_articles

    repaired = repair_articles(load_articles([str(SEED)]).articles)[0]
    return repaired.title, repaired.text


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # Linux: KiB


def run_baseline(model: str, threads: int) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.generation.streamers import BaseStreamer

    from summarize.engines.generative import clip_article
    from summarize.models import resolve_model
    from summarize.prompts import load_prompt

    torch.set_num_threads(threads)
    gguf = Path(resolve_model(model).location)
    title, text = repaired_seed()
    prompt = load_prompt("article_summary")
    messages = [
        {"role": "system", "content": prompt.section("system")},
        {"role": "user", "content": prompt.section("user", title=title, text=clip_article(text))},
    ]
    start = time.perf_counter()
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model_ = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    load = time.perf_counter() - start

    class FirstToken(BaseStreamer):
        def __init__(self) -> None:
            self.calls = 0
            self.first = 0.0

        def put(self, value) -> None:
            self.calls += 1
            if self.calls == 2:  # the first call carries the prompt
                self.first = time.perf_counter()

        def end(self) -> None:
            return None

    inputs = tokenizer.apply_chat_template(
        messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    streamer = FirstToken()
    begin = time.perf_counter()
    output = model_.generate(**inputs, max_new_tokens=160, streamer=streamer)
    end = time.perf_counter()
    prompt_tokens = int(inputs["input_ids"].shape[1])
    generated = int(output.shape[1]) - prompt_tokens
    return {
        "load_s": load,
        "prompt_tokens": prompt_tokens,
        "prompt_s": streamer.first - begin,
        "generated_tokens": generated,
        "generate_s": end - streamer.first,
        "guard_s": 0.0,
        "summary": tokenizer.decode(output[0, prompt_tokens:], skip_special_tokens=True),
    }


def run_engine(engine: str, model: str, threads: int) -> dict:
    from summarize.engines import make_summarizer

    title, text = repaired_seed()
    summarizer = make_summarizer(engine, model, threads)
    start = time.perf_counter()
    summarizer.load()
    load = time.perf_counter() - start
    written = "".join(summarizer.stream(title, text))
    stats = summarizer.stats
    begin = time.perf_counter()
    summary = summarizer.finish(title, text, written)
    return {
        "load_s": load,
        "prompt_tokens": stats.prompt_tokens,
        "prompt_s": stats.prompt_seconds,
        "generated_tokens": stats.generated_tokens,
        "generate_s": stats.generate_seconds,
        "guard_s": time.perf_counter() - begin,
        "summary": summary.text,
    }


def prepare(model: str) -> None:
    """Untimed set-up: assemble the bundled model and convert it for transformers once."""
    from summarize.engines.transformers_engine import converted_folder, preferred_dtype
    from summarize.models import resolve_model

    converted_folder(Path(resolve_model(model).location), preferred_dtype())


def child(runner: str, model: str, threads: int) -> None:
    os.environ["MTBRIEF_NO_CACHE"] = "1"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if runner == "prepare":
        prepare(model)
        return
    result = (
        run_baseline(model, threads) if runner == "baseline" else run_engine(runner, model, threads)
    )
    result["peak_rss_gb"] = peak_rss_gb()
    print(json.dumps(result))


def measure(runner: str, model: str, threads: int) -> dict:
    command = [
        sys.executable,
        __file__,
        "--child",
        runner,
        "--model",
        model,
        "--threads",
        str(threads),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{runner} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]) if runner != "prepare" else {}


def median_run(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the summary is the first run's)."""
    figures = {
        key: statistics.median(run[key] for run in runs) for key in runs[0] if key != "summary"
    }
    return {**figures, "summary": runs[0]["summary"]}


def table(results: dict[str, dict]) -> str:
    base = results["baseline"]
    base_total = base["load_s"] + base["prompt_s"] + base["generate_s"]
    lines = [
        "| runner | load s | prompt tok | prompt tok/s | gen tok | gen tok/s | total s | guard s | peak RSS GB | speed-up |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in results.items():
        total = row["load_s"] + row["prompt_s"] + row["generate_s"]
        lines.append(
            f"| {name} | {row['load_s']:.1f} | {row['prompt_tokens']:.0f} "
            f"| {row['prompt_tokens'] / max(row['prompt_s'], 1e-9):.0f} "
            f"| {row['generated_tokens']:.0f} | {row['generated_tokens'] / max(row['generate_s'], 1e-9):.1f} "
            f"| {total:.1f} | {row['guard_s']:.1f} | {row['peak_rss_gb']:.2f} | {base_total / total:.1f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    parser.add_argument("--threads", type=int, default=None, help="default: the idle cores")
    parser.add_argument("--repeats", type=int, default=3, help="runs per runner; medians shown")
    parser.add_argument("--child", choices=("prepare", *RUNNERS))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.model, args.threads)
        return
    from summarize.models import thread_count

    args.threads = thread_count(args.threads)  # one count for every runner, fixed at the start
    measure("prepare", args.model, args.threads)
    results = {
        runner: median_run([measure(runner, args.model, args.threads) for _ in range(args.repeats)])
        for runner in RUNNERS
    }
    print(
        f"engine speed on {SEED.name}, model {args.model}, {args.threads} threads, "
        f"median of {args.repeats} runs each, total = load + prompt + generate"
    )
    print(table(results))
    base = results["baseline"]
    base_total = base["load_s"] + base["prompt_s"] + base["generate_s"]
    failed = []
    for runner, goal in GOALS.items():
        row = results[runner]
        ratio = base_total / (row["load_s"] + row["prompt_s"] + row["generate_s"])
        print(
            f"goal {runner} >= {goal:.0f}x baseline: {ratio:.1f}x {'met' if ratio >= goal else 'MISSED'}"
        )
        failed += [] if ratio >= goal else [runner]
    rss = results["llamacpp"]["peak_rss_gb"]
    print(
        f"goal llamacpp peak RSS < {RSS_GOAL_GB:.0f} GB: {rss:.2f} GB {'met' if rss < RSS_GOAL_GB else 'MISSED'}"
    )
    for name, row in results.items():
        print(f"{name}: {row['summary']!r}")
    if failed or rss >= RSS_GOAL_GB:
        sys.exit(1)


if __name__ == "__main__":
    main()
