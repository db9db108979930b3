"""`AnchoredPattern` finds exactly what the whole pattern finds, on real MT pages."""

import re
from pathlib import Path

import pytest

from summarize.repair import syntax
from summarize.repair.anchored import AnchoredPattern


@pytest.fixture(scope="module")
def mt_pages(shared_dir: Path) -> str:
    pages = sorted((shared_dir / "eval" / "mt-dev" / "pages").glob("*.txt"))
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def _anchored() -> list[AnchoredPattern]:
    patterns = [*syntax._triggers().values(), *(pattern for pattern, _ in syntax._calques())]
    return [pattern for pattern in patterns if isinstance(pattern, AnchoredPattern)]


def test_the_grammar_triggers_scan_through_their_bodies():
    assert len(_anchored()) >= 15


@pytest.mark.parametrize("pattern", _anchored(), ids=lambda pattern: pattern.whole.pattern[:40])
def test_matches_and_groups_are_the_whole_patterns(pattern: AnchoredPattern, mt_pages: str):
    whole = pattern.whole
    expected = [(m.span(), m.groups()) for m in whole.finditer(mt_pages)]
    assert [(m.span(), m.groups()) for m in pattern.finditer(mt_pages)] == expected
    # from inside the text: the anchor still sees what lies before `pos`
    low, high = len(mt_pages) // 3, 2 * len(mt_pages) // 3
    assert [m.span() for m in pattern.finditer(mt_pages, low, high)] == [
        m.span() for m in whole.finditer(mt_pages, low, high)
    ]


@pytest.mark.parametrize(
    ("anchor", "body", "text"),
    [
        (r"\b", r"the\b", "bathe the lathe; thethe the"),  # a body inside a word is no match
        (r"(?:(?<=^)|(?<=\n)|(?<=[.!?] ))", r"He ", "He said. He went.He left\nHe came"),
        (r"(?<![\w-])", r"Ahli", "Al-Ahli and Ahli, not Ahlis"),
    ],
)
def test_the_anchor_decides_at_each_candidate(anchor: str, body: str, text: str):
    whole = re.compile(anchor + body)
    for pos in range(len(text)):
        assert [m.span() for m in AnchoredPattern(anchor, body).finditer(text, pos)] == [
            m.span() for m in whole.finditer(text, pos)
        ]


def test_an_anchor_with_a_group_is_refused():
    with pytest.raises(ValueError):
        AnchoredPattern(r"(?<=(a))", "b")
