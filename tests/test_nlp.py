"""The shared spaCy pipeline: loaded once, its matrix products on numpy's BLAS."""

from __future__ import annotations

from pathlib import Path

import spacy
from thinc.api import use_ops

from summarize.nlp import MODEL_PACKAGE, pipeline


def _analyses(nlp, paragraphs: list[str]) -> list[list[tuple]]:
    return [
        [(t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_) for t in doc]
        for doc in nlp.pipe(paragraphs)
    ]


def test_the_pipeline_multiplies_with_numpy_not_blis():
    for _, component in pipeline().pipeline:
        model = getattr(component, "model", None)
        if model is not None:
            assert all(not getattr(node.ops, "use_blis", True) for node in model.walk())


def test_numpy_products_parse_a_real_page_as_blis_does(shared_dir: Path):
    page = sorted((shared_dir / "eval" / "mt-dev" / "pages").glob("*.txt"))[0]
    paragraphs = [line for line in page.read_text("utf-8").splitlines() if line.strip()]
    with use_ops("numpy", use_blis=True):
        with_blis = spacy.load(MODEL_PACKAGE, exclude=["lemmatizer"])
    assert any(node.ops.use_blis for node in with_blis.get_pipe("tagger").model.walk())
    assert _analyses(pipeline(), paragraphs) == _analyses(with_blis, paragraphs)
