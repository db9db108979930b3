"""Parse an exported brief with markdown-it-py and check the structure the export promises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

CITATION = re.compile(r"(?<!\\)\[(\d+)\](?!\()")
TOP_SECTIONS = ["Articles", "Sources"]
STORY = re.compile(r"^Story (\d+): ")


@dataclass
class BriefStructure:
    title: str
    sections: list[str]
    stories: list[str]  # the story sections' headings; ["Brief"] for a brief of one story
    articles: list[str]
    sources: dict[int, str] = field(default_factory=dict)
    cited: set[int] = field(default_factory=set)


def check_brief_markdown(markdown: str) -> BriefStructure:
    """Assert the brief's shape and return what it found; fails with a message on any breach."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    kinds = {token.type for token in tokens}
    assert "html_block" not in kinds, "raw HTML block in the brief"
    for token in tokens:
        for child in token.children or []:
            assert child.type != "html_inline", f"raw inline HTML: {child.content!r}"
            assert child.type != "link_open", "article text turned into a link"
            if child.type == "text":  # over-escaping would show backslashes to the reader
                assert "\\" not in child.content, f"stray escape in text: {child.content!r}"

    headings: list[tuple[int, str]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), tokens[index + 1].content))
    assert headings and headings[0][0] == 1 and headings[0][1].startswith("Brief: "), headings[:1]
    assert sum(level == 1 for level, _ in headings) == 1, "more than one title"
    sections = [text for level, text in headings if level == 2]
    assert "Articles" in sections, sections
    stories = sections[: sections.index("Articles")]
    assert stories == ["Brief"] or [
        int(STORY.match(heading).group(1)) if STORY.match(heading) else None for heading in stories
    ] == list(range(1, len(stories) + 1)), f"story sections: {stories}"
    rest = sections[len(stories) :]
    assert rest[:2] == TOP_SECTIONS, sections
    assert set(rest[2:]) <= {"Appendix: repairs"}, sections
    articles_at = headings.index((2, "Articles"))
    sources_at = headings.index((2, "Sources"))
    articles = [text for level, text in headings[articles_at + 1 : sources_at] if level == 3]
    for level, _ in headings:
        assert level in (1, 2, 3), "heading deeper than ###"

    sources_part = markdown.split("\n## Sources\n", 1)[1].split("\n## ", 1)[0]
    sources = {
        int(number): rest
        for number, rest in re.findall(r"^(\d+)\. (.+)$", sources_part, flags=re.MULTILINE)
    }
    assert list(sources) == list(range(1, len(sources) + 1)), "sources are not numbered 1..n"
    assert len(articles) == len(sources), "one article section per source"
    for number, heading in enumerate(articles, start=1):
        assert heading.startswith(f"[{number}] "), heading

    brief_part = "## " + markdown.split("\n## ", 1)[1].split("\n## Articles\n", 1)[0]
    cited = {int(n) for n in CITATION.findall(brief_part)}
    assert cited, "the brief cites no source"
    assert cited <= set(sources), f"citations {cited - set(sources)} point at no source"
    if stories != ["Brief"]:  # a story cites its own articles, listed under its heading
        told = set()
        for part in re.split(r"^## Story \d+: .*$", brief_part, flags=re.MULTILINE)[1:]:
            listed_line, _, body = part.strip().partition("\n")
            listed = {int(n) for n in CITATION.findall(listed_line)}
            assert listed and not listed & told, f"a story's articles: {listed_line!r}"
            told |= listed
            stray = {int(n) for n in CITATION.findall(body)} - listed
            assert not stray, f"a story cites {stray}, articles of another story"
        assert told == set(sources), "every article belongs to one story"
    return BriefStructure(headings[0][1], sections, stories, articles, sources, cited)
