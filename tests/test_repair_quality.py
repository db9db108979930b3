"""The repair-quality gate on real MT news (../shared/eval/mt-dev), from benchmarks/repair_quality.py.

Floors are pinned at what the engine reaches, as trafilatura's evaluation does: raise them when it
improves, never lower them to pass. One dict per measure, one entry per artefact kind, so the
kinds another pass improves are raised in one place. Names and grammar are gated in
test_repair_names_quality.py too.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO

# artefacts handled (text gone, or an edit or flag over it) and fixed (text gone), per kind
HANDLED_FLOORS = {
    "debris": 38,
    "markup": 3,
    "punctuation": 23,
    "leftover": 17,
    "spacing": 15,
    "glued": 5,
    "literal_name": 22,
    "name_variant": 16,
    "grammar": 42,
}
FIXED_FLOORS = {
    "debris": 35,
    "markup": 3,
    "punctuation": 20,
    "leftover": 15,
    "spacing": 11,
    "glued": 5,
    "literal_name": 20,
    "name_variant": 11,
    "grammar": 3,
}
# clean native pages: edits other than debris removal, and flags, per 1000 words
CLEAN_PROSE_EDITS_CEILING = 0.0
CLEAN_FLAGS_CEILING = 0.18
CLEAN_DEBRIS_EDITS_CEILING = 32  # of the pages’ 55 furniture lines; each removal was checked by eye


@pytest.fixture(scope="module")
def quality(shared_dir):
    """benchmarks/repair_quality.py, imported from its file (benchmarks/ is no package), run once."""
    spec = importlib.util.spec_from_file_location(
        "repair_quality", REPO / "benchmarks" / "repair_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module.measure(module.mtbrief, shared_dir / "eval" / "mt-dev")
    del sys.modules[spec.name]


@pytest.mark.parametrize("kind", sorted(HANDLED_FLOORS))
def test_artefacts_handled(quality, kind):
    assert quality.handled[kind] >= HANDLED_FLOORS[kind], quality.misses


@pytest.mark.parametrize("kind", sorted(FIXED_FLOORS))
def test_artefacts_fixed(quality, kind):
    assert quality.fixed[kind] >= FIXED_FLOORS[kind]


def test_every_kind_is_gated(quality):
    assert set(quality.total) == set(HANDLED_FLOORS) == set(FIXED_FLOORS)


def test_clean_pages_are_left_alone(quality):
    assert quality.prose_edits_per_1000 <= CLEAN_PROSE_EDITS_CEILING
    assert quality.flags_per_1000 <= CLEAN_FLAGS_CEILING


def test_debris_removal_on_clean_pages_stays_within_their_furniture(quality):
    assert quality.clean_debris_edits <= CLEAN_DEBRIS_EDITS_CEILING
    assert quality.clean_debris_edits <= quality.clean_debris_lines
