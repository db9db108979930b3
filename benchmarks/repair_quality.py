"""Repair quality on real MT news (mt-dev): artefacts handled and fixed per kind, and the edits and
flags made on clean native-English pages, next to in-run baselines.

Scored exactly as ../shared/eval/score_repair.py scores the CLI, but in-process through the library:
an artefact is *handled* when its text is gone from the repaired page (whitespace-insensitive) or
an edit or flag overlaps it, and *fixed* only when its text is gone. The 24 MT pages are repaired
as one article set, the 20 clean pages as another, as `brief --repair-only PAGES...` does.

Baselines, computed in the same run: no repair at all, and ftfy.fix_text alone (what a user gets
from the standard text fixer).

Usage: python benchmarks/repair_quality.py [MT_DEV_DIR] [-v]
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from summarize.articles import make_article
from summarize.repair import repair_articles

# A repaired page: its text, and the raw-text spans its edits and flags cover.
Result = tuple[str, list[tuple[int, int]], int, int, int]  # text, spans, edits, flags, debris edits
Engine = Callable[[Sequence[str]], list[Result]]


def shared_dir() -> Path:
    """The project's shared data: $MTBRIEF_SHARED, else `shared/` beside the checkout or above."""
    if os.environ.get("MTBRIEF_SHARED"):
        return Path(os.environ["MTBRIEF_SHARED"])
    for parent in Path(__file__).resolve().parents[1].parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared"
    raise SystemExit("repair_quality: no shared/eval folder above this checkout; give MT_DEV_DIR")


def mtbrief(texts: Sequence[str]) -> list[Result]:
    articles = [make_article(text, f"page-{i}.txt") for i, text in enumerate(texts)]
    results = []
    for item in repair_articles(articles):
        edits, flags = item.accepted, item.flags
        spans = [(x.start, x.end) for x in (*edits, *flags)]
        debris = sum(1 for edit in edits if edit.rule.startswith("debris"))
        results.append((item.text, spans, len(edits), len(flags), debris))
    return results


def ftfy_only(texts: Sequence[str]) -> list[Result]:
    return [(ftfy.fix_text(text), [], 0, 0, 0) for text in texts]


def no_repair(texts: Sequence[str]) -> list[Result]:
    return [(text, [], 0, 0, 0) for text in texts]


ENGINES: dict[str, Engine] = {"no repair": no_repair, "ftfy only": ftfy_only, "mtbrief": mtbrief}


@dataclass
class Quality:
    total: Counter = field(default_factory=Counter)
    handled: Counter = field(default_factory=Counter)
    fixed: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    clean_words: int = 0
    clean_edits: int = 0
    clean_flags: int = 0
    clean_debris_edits: int = 0
    clean_debris_lines: int = 0

    def handled_share(self, kind: str) -> float:
        return self.handled[kind] / self.total[kind]

    def fixed_share(self, kind: str) -> float:
        return self.fixed[kind] / self.total[kind]

    @property
    def edits_per_1000(self) -> float:
        return 1000 * self.clean_edits / self.clean_words

    @property
    def prose_edits_per_1000(self) -> float:
        """Edits on clean pages other than the removal of page furniture."""
        return 1000 * (self.clean_edits - self.clean_debris_edits) / self.clean_words

    @property
    def flags_per_1000(self) -> float:
        return 1000 * self.clean_flags / self.clean_words


def _read_index(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def measure(engine: Engine = mtbrief, mt_dev: Path | None = None) -> Quality:
    """Score `engine` on the annotated MT pages and the clean pages of mt-dev."""
    mt_dev = mt_dev or shared_dir() / "eval" / "mt-dev"
    quality = Quality()
    index = _read_index(mt_dev / "index.jsonl")
    raws = [(mt_dev / "pages" / entry["file"]).read_text(encoding="utf-8") for entry in index]
    for entry, raw, (text, spans, *_) in zip(index, raws, engine(raws), strict=True):
        repaired = " ".join(text.split())
        for artefact in entry["artefacts"]:
            kind, seen = artefact["kind"], artefact["seen"]
            quality.total[kind] += 1
            start = raw.find(seen)
            end = start + len(seen)
            gone = " ".join(seen.split()) not in repaired
            handled = gone or any(s < end and e > start for s, e in spans)
            quality.handled[kind] += handled
            quality.fixed[kind] += gone
            if not handled:
                quality.misses.append(f"{entry['file']} {kind}: {seen!r}")
    clean = mt_dev / "clean"
    texts = [path.read_text(encoding="utf-8") for path in sorted(clean.glob("*.txt"))]
    quality.clean_words = sum(len(text.split()) for text in texts)
    quality.clean_debris_lines = sum(e["debris_lines"] for e in _read_index(clean / "index.jsonl"))
    for _, _, edits, flags, debris in engine(texts):
        quality.clean_edits += edits
        quality.clean_flags += flags
        quality.clean_debris_edits += debris
    return quality


def main() -> int:
    args = [arg for arg in sys.argv[1:] if arg != "-v"]
    mt_dev = Path(args[0]) if args else None
    results = {name: measure(engine, mt_dev) for name, engine in ENGINES.items()}
    ours = results["mtbrief"]
    kinds = sorted(ours.total, key=lambda k: -ours.total[k])
    names = list(results)
    print("mt-dev: artefacts handled (text gone, or an edit or flag covers it) / fixed (text gone)")
    print(f"{'kind':<14}{'n':>4}" + "".join(f"{name:>20}" for name in names))
    for kind in [*kinds, "all"]:
        cells = []
        for name in names:
            q = results[name]
            if kind == "all":
                h, f, n = sum(q.handled.values()), sum(q.fixed.values()), sum(q.total.values())
            else:
                h, f, n = q.handled[kind], q.fixed[kind], q.total[kind]
            cells.append(f"{h:>4} {100 * h / n:3.0f}% / {f:>3} {100 * f / n:3.0f}%")
        n = sum(ours.total.values()) if kind == "all" else ours.total[kind]
        print(f"{kind:<14}{n:>4}" + "".join(f"{cell:>20}" for cell in cells))
    print(f"clean pages ({ours.clean_words} words, {ours.clean_debris_lines} furniture lines):")
    print(f"{'per 1000 words':<18}" + "".join(f"{name:>14}" for name in names))
    for label, value in (
        ("edits", lambda q: f"{q.edits_per_1000:.2f}"),
        ("  prose edits", lambda q: f"{q.prose_edits_per_1000:.2f}"),
        ("  debris edits", lambda q: f"{q.clean_debris_edits}"),
        ("flags", lambda q: f"{q.flags_per_1000:.2f}"),
    ):
        print(f"{label:<18}" + "".join(f"{value(results[name]):>14}" for name in names))
    if "-v" in sys.argv:
        print("\n".join(["misses:", *ours.misses]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
