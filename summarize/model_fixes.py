"""Model-assisted fixes: a language model rewrites a flagged sentence, and a guard decides.

This is a separate, optional pass over the rule passes' output (which stay model-free and
deterministic). For a flag, the model gets the sentence holding it, the flag's reason and its
suggestion (prompts/repair_fix.txt) and answers the corrected sentence. The rewrite is kept only
when the guard holds:
- the same names, numbers and dates as the original sentence;
- a small edit (`MAX_CHANGE` of the sentence's characters at most, never an unchanged sentence);
- MiniLM similarity of at least `MIN_SIMILARITY` to the original.
A kept rewrite becomes an ordinary reviewable `Edit` (rule `model.rewrite`, with the flag's reason)
narrowed to the words that changed, and the flag it answers goes; a rejected one leaves the flag.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from rapidfuzz.distance import Levenshtein

from summarize.engines.base import Summarizer
from summarize.engines.generative import GenerativeSummarizer
from summarize.guard import sentence_facts
from summarize.prompts import load_prompt
from summarize.repair import Edit, Flag, Repaired
from summarize.repair.edits import EditLedger, map_to_output
from summarize.sentences import sentence_spans

RULE = "model.rewrite"
MIN_SIMILARITY = 0.9
MAX_CHANGE = 0.35  # Levenshtein distance over the sentence's length
MAX_TOKENS = 120
_REPLY_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class FixOutcome:
    """What became of one flag: the edit made, or why none was."""

    flag: Flag
    sentence: str
    rewrite: str | None
    edit: Edit | None
    problem: str | None  # why the rewrite was refused (None when accepted)
    seconds: float


def can_fix(summarizer: Summarizer | None) -> bool:
    """Whether `summarizer` is a model that follows instructions (the extractive engine is not)."""
    return isinstance(summarizer, GenerativeSummarizer) and summarizer.can_chat


def _clean_reply(reply: str) -> str:
    line = next((m.group() for m in _REPLY_LINE.finditer(reply.strip())), "")
    line = re.sub(r"^(?:corrected sentence|sentence)\s*:\s*", "", line.strip(), flags=re.I)
    return line.strip().strip('"“”')


def guard_rewrite(original: str, rewrite: str) -> str | None:
    """Why `rewrite` may not replace `original`, or None when the guard holds."""
    if not rewrite or rewrite == original:
        return "no change"
    numbers, dates, names = sentence_facts(original)
    new_numbers, new_dates, new_names = sentence_facts(rewrite)
    if numbers != new_numbers or dates != new_dates:
        return "numbers or dates changed"
    if names != new_names:
        return "names changed"
    if Levenshtein.normalized_distance(original, rewrite) > MAX_CHANGE:
        return "not a small edit"
    from summarize.embeddings import embed

    vectors = embed([original, rewrite])
    similarity = float(vectors[0] @ vectors[1])
    if similarity < MIN_SIMILARITY:
        return f"meaning moved (similarity {similarity:.2f})"
    return None


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) of `text` holding `start:end`."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    spans = [
        (line_start + a, line_start + b)
        for a, b in sentence_spans(text[line_start:line_end])
        if line_start + b > start and line_start + a < max(end, start + 1)
    ]
    if not spans:
        return line_start, line_end
    return spans[0][0], spans[-1][1]


def _narrowed(original: str, rewrite: str) -> tuple[int, int, str]:
    """The changed middle of `original` (start, end) and what replaces it, whole words."""
    prefix = 0
    while prefix < min(len(original), len(rewrite)) and original[prefix] == rewrite[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(original), len(rewrite)) - prefix
        and original[-1 - suffix] == rewrite[-1 - suffix]
    ):
        suffix += 1
    while prefix > 0 and not original[prefix - 1].isspace():
        prefix -= 1  # back to a word's start, so the edit reads as words
    while suffix > 0 and not original[len(original) - suffix].isspace():
        suffix -= 1
    return prefix, len(original) - suffix, rewrite[prefix : len(rewrite) - suffix]


def fix_flag(
    repaired: Repaired, flag: Flag, summarizer: GenerativeSummarizer
) -> tuple[Repaired, FixOutcome]:
    """Ask the model to fix one flag of `repaired`; the repair with the edit, and the outcome."""
    started = time.perf_counter()
    ledger = EditLedger(repaired.article.text, list(repaired.accepted))
    accepted = sorted(repaired.accepted)
    start = map_to_output(accepted, flag.start)
    end = map_to_output(accepted, flag.end)
    s_start, s_end = _sentence_around(ledger.current, start, end)
    sentence = ledger.current[s_start:s_end]
    prompt = load_prompt("repair_fix")
    hint = f"Suggestion: {flag.suggestion}" if flag.suggestion else ""
    messages = [
        {"role": "system", "content": prompt.section("system")},
        {
            "role": "user",
            "content": prompt.section("user", sentence=sentence, reason=flag.reason, hint=hint),
        },
    ]
    reply = "".join(summarizer.chat(messages, max_tokens=MAX_TOKENS))
    rewrite = _clean_reply(reply)
    problem = guard_rewrite(sentence, rewrite)
    if problem is not None:
        outcome = FixOutcome(flag, sentence, rewrite, None, problem, time.perf_counter() - started)
        return repaired, outcome
    cut_start, cut_end, after = _narrowed(sentence, rewrite)
    ledger.replace(
        s_start + cut_start,
        s_start + cut_end,
        after,
        RULE,
        f"model rewrite for: {flag.reason}",
        0.6,
    )
    edits = tuple(ledger.edits) + tuple(e for e in repaired.edits if e.key in repaired.rejected)
    fixed = replace(
        repaired,
        edits=tuple(sorted(edits)),
        flags=tuple(f for f in repaired.flags if f != flag),
    )
    edit = next(e for e in ledger.edits if e not in repaired.accepted)  # the one just made
    outcome = FixOutcome(flag, sentence, rewrite, edit, None, time.perf_counter() - started)
    return fixed, outcome


def fix_flags(
    repaired: Repaired,
    summarizer: GenerativeSummarizer,
    flags: Iterable[Flag] | None = None,
    on_outcome: Callable[[FixOutcome], None] | None = None,
) -> Repaired:
    """`repaired` with every flag (or the given ones) the model fixes and the guard accepts."""
    for flag in list(repaired.flags if flags is None else flags):
        if flag not in repaired.flags:
            continue
        repaired, outcome = fix_flag(repaired, flag, summarizer)
        if on_outcome is not None:
            on_outcome(outcome)
    return repaired
