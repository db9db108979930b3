"""The review desk's line for the item under the cursor shows an edit as a reader can judge it."""

from __future__ import annotations

from summarize.articles import make_article
from summarize.repair import repair_articles
from tui.desk import ArticleState
from tui.widgets.edit_info import describe


def _line_for(text: str, before: str) -> str:
    (repaired,) = repair_articles([make_article(text, "a.txt")])
    state = ArticleState(repaired.article, repaired)
    state.cursor = next(
        i for i, item in enumerate(state.items) if getattr(item, "before", None) == before
    )
    return describe(state, frozenset()).plain


def test_an_inserted_space_shows_the_words_around_it():
    line = _line_for("Troops moved to theNorth of the country on Monday, officials said.", "")
    assert "'theNorth' → 'the North'" in line
    assert "'' → ''" not in line


def test_a_replacement_shows_before_and_after():
    line = _line_for("The spokesman told the France Media Agency on Monday.", "France Media Agency")
    assert "'France Media Agency' → 'Agence France-Presse'" in line
