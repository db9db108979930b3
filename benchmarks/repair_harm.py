"""Do no harm: repair must not move real MT output away from its human post-edit.

For each MLQE-PE dev pair (X->English, 1000 segments, ../shared/eval/mlqe-pe/dev/), every MT segment
is repaired on its own (each is an independent sentence) and corpus TER against the post-edits
is computed before and after. The human post-edits are repaired too: they are clean English, so
every word-level change there is a false alarm. The data is tokenized (`hadn 't`, `heart , I`), so TER runs with
sacrebleu's `normalized=True` tokenization, which splits punctuation off words: `2014 .` and
`2014.` score the same, and only real word changes count.

Usage: python benchmarks/repair_harm.py [MLQE_DEV_DIR]
"""

from __future__ import annotations

import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from sacrebleu.metrics import TER
from sacrebleu.tokenizers.tokenizer_ter import TercomTokenizer

from summarize.repair import fix_and_explain

PAIRS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")


def shared_dir() -> Path:
    """The project's shared data: $MTBRIEF_SHARED, else `shared/` beside the checkout or above."""
    if os.environ.get("MTBRIEF_SHARED"):
        return Path(os.environ["MTBRIEF_SHARED"])
    for parent in Path(__file__).resolve().parents[1].parents:
        if (parent / "shared" / "eval").is_dir():
            return parent / "shared"
    raise SystemExit("repair_harm: no shared/eval folder above this checkout; give MLQE_DEV_DIR")


@dataclass(frozen=True)
class PairResult:
    pair: str
    segments: int
    changed: int  # segments with any edit (mostly spacing around punctuation)
    reworded: int  # segments whose TER tokens changed: edits TER can see
    post_edits_reworded: int  # human post-edits (clean English) the repair rewords: false alarms
    post_edit_flags: int  # flags raised on the human post-edits: false alarms of the detectors
    ter_before: float
    ter_after: float

    @property
    def harm(self) -> float:
        """TER points the repair added (negative: it moved MT closer to the post-edit)."""
        return self.ter_after - self.ter_before


def read_pair(path: Path) -> tuple[list[str], list[str]]:
    """The MT segments and their post-edits."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [row["mt"] for row in rows], [row["pe"] for row in rows]


def measure(path: Path) -> PairResult:
    mt, pe = read_pair(path)
    repaired = [fix_and_explain(segment)[0] for segment in mt]
    clean = [fix_and_explain(segment) for segment in pe]
    ter = TER(normalized=True)
    tokens = TercomTokenizer(normalized=True)
    return PairResult(
        pair=path.stem,
        segments=len(mt),
        changed=sum(a != b for a, b in zip(mt, repaired, strict=True)),
        reworded=sum(tokens(a) != tokens(b) for a, b in zip(mt, repaired, strict=True)),
        post_edits_reworded=sum(
            tokens(text) != tokens(p) for p, (text, _, _) in zip(pe, clean, strict=True)
        ),
        post_edit_flags=sum(len(flags) for _, _, flags in clean),
        ter_before=ter.corpus_score(mt, [pe]).score,
        ter_after=ter.corpus_score(repaired, [pe]).score,
    )


def main(directory: Path | None = None) -> list[PairResult]:
    directory = directory or shared_dir() / "eval" / "mlqe-pe" / "dev"
    results = [measure(directory / f"{pair}.tsv") for pair in PAIRS]
    print("TER (sacrebleu, normalized=True) of MT vs human post-edits, before and after repair")
    print(
        f"{'pair':<8}{'segments':>10}{'changed':>10}{'reworded':>10}"
        f"{'TER before':>12}{'TER after':>12}{'delta':>9}{'PE reworded':>13}{'PE flags':>10}"
    )
    for r in results:
        print(
            f"{r.pair:<8}{r.segments:>10}{r.changed:>10}{r.reworded:>10}"
            f"{r.ter_before:>12.3f}{r.ter_after:>12.3f}{r.harm:>+9.3f}{r.post_edits_reworded:>13}"
            f"{r.post_edit_flags:>10}"
        )
    print(
        "changed: MT segments with any edit; reworded: MT segments whose TER tokens changed;\n"
        "PE reworded: human post-edits (already clean English) whose TER tokens the repair changed;\n"
        "PE flags: findings raised on those clean post-edits (false alarms)"
    )
    return results


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
