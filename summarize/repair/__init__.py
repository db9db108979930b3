"""The repair engine: passes that fix page debris and translation artefacts as explainable edits.

`repair_articles` runs every pass over every article and returns `Repaired` records (a distributed
run calls its steps: `repair_locally` per article, the context, `repair_in_set` per article). Each pass is a
function `(ledger, context) -> None` in its own module; it reads `ledger.current` (the text as
repaired so far) and records `Edit`s and `Flag`s, which the ledger keeps in raw-text offsets.
Cross-article passes read the `RepairContext`, built once from the whole article set.

The passes, in order: encoding (mojibake, via ftfy), leaks (JSON/HTML left by scraping), debris
(navigation, captions, related links), spacing (glued words, spaces and stray punctuation),
organisations (literal translations of agency names), leftovers (source-language words and
sentences), encoding again, punctuation (quotation marks, number formats, stray marks of the
source language), names (variant spellings across articles), grammar (flags for source-language
grammar) and, when a server is given, LanguageTool. Data tables live in `repair/data/`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

from summarize.articles import Article
from summarize.errors import OnSkip, ResourceError, within_limits
from summarize.repair.debris import remove_debris
from summarize.repair.edits import (
    Edit,
    EditLedger,
    Flag,
    apply_edits,
    output_offsets,
    revert_edits,
)
from summarize.repair.encoding import fix_mojibake
from summarize.repair.grammar import flag_grammar
from summarize.repair.languagetool import LanguageTool, apply_languagetool
from summarize.repair.leaks import remove_leaks
from summarize.repair.leftovers import replace_leftovers
from summarize.repair.names import NameFindings, canonicalise_names, find_names
from summarize.repair.organisations import restore_organisation_names
from summarize.repair.punctuation import fix_punctuation
from summarize.repair.spacing import fix_spacing


@dataclass(frozen=True)
class RepairContext:
    """What cross-article passes know about the whole article set."""

    texts: tuple[str, ...] = ()  # the articles, as the local passes leave them
    languagetool: LanguageTool | None = None
    names: NameFindings | None = None  # found already (`for_workers`), so `texts` can stay behind

    @classmethod
    def from_texts(
        cls, texts: Iterable[str], languagetool: LanguageTool | None = None
    ) -> RepairContext:
        return cls(texts=tuple(texts), languagetool=languagetool)

    @cached_property
    def name_variants(self) -> NameFindings:
        """Spellings to fix and spellings to flag, over every article of the set."""
        return self.names if self.names is not None else find_names(self.texts)

    def for_workers(self) -> RepairContext:
        """The same context with its findings made and without the texts: what a distributed
        run sends to every worker."""
        return RepairContext(languagetool=self.languagetool, names=self.name_variants)


RepairPass = Callable[[EditLedger, RepairContext], None]


def _names_pass(ledger: EditLedger, context: RepairContext) -> None:
    canonicalise_names(ledger, context.name_variants)


def _languagetool_pass(ledger: EditLedger, context: RepairContext) -> None:
    if context.languagetool is not None:
        apply_languagetool(ledger, context.languagetool)


def _local(fix: Callable[[EditLedger], None]) -> RepairPass:
    """A pass that needs only the article itself."""

    def run(ledger: EditLedger, context: RepairContext) -> None:
        fix(ledger)

    run.__name__ = fix.__name__
    return run


# Order matters: decode first, then drop markup and debris, so later passes see only prose.
LOCAL_PASSES: tuple[RepairPass, ...] = (
    _local(fix_mojibake),
    _local(remove_leaks),
    _local(remove_debris),
    _local(fix_spacing),
    _local(restore_organisation_names),
    _local(replace_leftovers),  # after it: a name it writes (`Agence France-Presse`) is English
    _local(fix_mojibake),  # again: removing markup or spaces can join the halves of mojibake
    _local(fix_punctuation),  # after it: decoding can reveal quotation marks (`\x84` -> `„`)
)
# These see the whole set as the local passes left it: a name counts once its mojibake is gone.
SET_PASSES: tuple[RepairPass, ...] = (
    _names_pass,
    _local(flag_grammar),
    _languagetool_pass,  # last: it fills in only where no pass of ours has acted
)
PASSES: tuple[RepairPass, ...] = LOCAL_PASSES + SET_PASSES


@dataclass(frozen=True)
class Repaired:
    """An article with its edits and flags; the repaired text is derived from the accepted edits."""

    article: Article
    edits: tuple[Edit, ...]
    flags: tuple[Flag, ...]
    rejected: frozenset[str] = field(default_factory=frozenset)

    @property
    def accepted(self) -> tuple[Edit, ...]:
        return tuple(edit for edit in self.edits if edit.key not in self.rejected)

    @cached_property
    def text(self) -> str:
        return apply_edits(self.article.text, self.accepted)

    @property
    def title(self) -> str:
        return self.article.title

    @cached_property
    def flag_spans(self) -> tuple[tuple[int, int], ...]:
        """Each flag's span in the repaired text (flags keep raw offsets)."""
        offsets = output_offsets(
            sorted(self.accepted),
            (offset for flag in self.flags for offset in (flag.start, flag.end)),
        )
        return tuple(zip(offsets[::2], offsets[1::2], strict=True))

    def with_rejected(self, rejected: Iterable[str]) -> Repaired:
        """The same repair with another set of rejected edit keys."""
        return replace(self, rejected=frozenset(rejected))


def repair_locally(text: str) -> EditLedger:
    """The local passes over one article: what the set passes start from."""
    ledger = EditLedger(text)
    bare = RepairContext()
    for repair_pass in LOCAL_PASSES:
        repair_pass(ledger, bare)
    return ledger


def repair_in_set(ledger: EditLedger, context: RepairContext) -> EditLedger:
    """The set passes over one locally repaired article, with the whole set's `context`."""
    for repair_pass in SET_PASSES:
        repair_pass(ledger, context)
    return ledger


def locally_within_limits(text: str, source: str) -> EditLedger | ResourceError:
    """`repair_locally`, or what `source` exhausted doing it."""
    return within_limits(partial(repair_locally, text), source, "repairing")


def in_set_within_limits(
    ledger: EditLedger | ResourceError, source: str, context: RepairContext
) -> EditLedger | ResourceError:
    """`repair_in_set` for a locally repaired article, or what `source` exhausted (then or now)."""
    if isinstance(ledger, ResourceError):
        return ledger
    return within_limits(partial(repair_in_set, ledger, context), source, "repairing")


def _repair_set(
    texts: Sequence[str], languagetool: LanguageTool | None, sources: Sequence[str]
) -> list[EditLedger | ResourceError]:
    """Run the local passes on every text, then the set passes with the set as they left it. A
    text that exhausts a resource gives its `ResourceError` and the others go on without it."""
    ledgers = [
        locally_within_limits(text, source) for text, source in zip(texts, sources, strict=True)
    ]
    context = RepairContext.from_texts(
        (ledger.current for ledger in ledgers if isinstance(ledger, EditLedger)), languagetool
    )
    return [
        in_set_within_limits(ledger, source, context)
        for ledger, source in zip(ledgers, sources, strict=True)
    ]


def repaired_from(article: Article, ledger: EditLedger) -> Repaired:
    return Repaired(article=article, edits=tuple(ledger.edits), flags=tuple(ledger.flags))


def fix_and_explain(
    text: str, context: RepairContext | None = None
) -> tuple[str, list[Edit], list[Flag]]:
    """Repair one text: the repaired text, the edits (raw offsets) and the flags.

    Without a context, the text is its own article set. A given context is used as it is."""
    if context is None:
        (ledger,) = _repair_set([text], None, ["the text"])
        if isinstance(ledger, ResourceError):
            raise ledger
    else:
        ledger = EditLedger(text)
        for repair_pass in PASSES:
            repair_pass(ledger, context)
    return ledger.current, list(ledger.edits), list(ledger.flags)


def repair_article(article: Article, context: RepairContext) -> Repaired:
    _, edits, flags = fix_and_explain(article.text, context)
    return Repaired(article=article, edits=tuple(edits), flags=tuple(flags))


def repair_articles(
    articles: Sequence[Article],
    *,
    languagetool: LanguageTool | None = None,
    on_skip: OnSkip | None = None,
) -> list[Repaired]:
    """Repair every article, with cross-article passes seeing the whole set. With `on_skip`, an
    article that exhausts a resource (memory, the recursion limit) is left out and reported to
    it; without, its `ResourceError` is raised."""
    outcomes = _repair_set(
        [article.text for article in articles], languagetool, [a.source for a in articles]
    )
    return collect_repaired(articles, outcomes, on_skip)


def collect_repaired(
    articles: Sequence[Article],
    outcomes: Sequence[EditLedger | ResourceError],
    on_skip: OnSkip | None,
) -> list[Repaired]:
    """The `Repaired` of each article repaired; the others reported to `on_skip` (or raised)."""
    repaired = []
    for article, outcome in zip(articles, outcomes, strict=True):
        if isinstance(outcome, ResourceError):
            if on_skip is None:
                raise outcome
            on_skip(outcome)
        else:
            repaired.append(repaired_from(article, outcome))
    return repaired


__all__ = [
    "Edit",
    "Flag",
    "EditLedger",
    "Repaired",
    "RepairContext",
    "apply_edits",
    "revert_edits",
    "fix_and_explain",
    "repair_article",
    "repair_articles",
    "collect_repaired",
    "in_set_within_limits",
    "locally_within_limits",
    "repair_in_set",
    "repair_locally",
    "repaired_from",
]
