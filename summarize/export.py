"""Renderers of a `Report`: Markdown for people, JSON for scripts, and atomic writing.

JSON field names are a public contract (see README, "JSON output"): add fields, never rename them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from summarize.articles import Article
from summarize.brief import Brief
from summarize.errors import OutputError
from summarize.headlines import WRITTEN
from summarize.pipeline import Report, StoryBrief
from summarize.repair import Repaired
from summarize.repair.edits import Edit, excerpt
from summarize.summary import Summary

JSON_FORMAT_VERSION = 2  # 2: one brief per story, `stories[]` instead of `brief`
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")
_BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s)|^([-+=])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """Text from articles, made inert: no markup, HTML or link syntax gets through."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    # a leading "1." or "-" would start a list
    return _BLOCK_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text
    )


def _cite(sources: tuple[int, ...]) -> str:
    return " ".join(f"[{number}]" for number in sources)


def _code(text: str) -> str:
    """An inline code span that survives backticks in `text`."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return (
        f"{fence} {text} {fence}"
        if text.startswith("`") or text.endswith("`")
        else f"{fence}{text}{fence}"
    )


def _story_sections(report: Report) -> list[str]:
    """One section per story, the largest first; a lone story is simply the brief."""
    if len(report.stories) == 1:
        return ["## Brief", "", *_brief_sections(report.stories[0].brief)]
    lines = []
    for number, story in enumerate(report.stories, start=1):
        count = len(story.numbers)
        lines += [
            f"## Story {number}: {escape_markdown(story.title)}",
            "",
            f"*{count} article{'s' if count != 1 else ''}: {_cite(story.numbers)}*",
            "",
            *_brief_sections(story.brief),
        ]
    return lines


def _brief_sections(brief: Brief) -> list[str]:
    lines = []
    if brief.problem:
        lines += [f"*No brief of these articles: {escape_markdown(brief.problem)}.*", ""]
    elif not brief.points:
        lines += ["*No points could be drawn from these articles.*", ""]
    for point in brief.points:
        marker = " *(single source)*" if point.single_source and len(brief.sources) > 1 else ""
        lines.append(f"- {escape_markdown(point.text)} {_cite(point.sources)}{marker}")
    lines.append("")
    if brief.conflicts:
        lines += ["### Where the sources disagree", ""]
        for conflict in brief.conflicts:
            versions = "; ".join(
                f"{escape_markdown(version.value)} {_cite(version.sources)}"
                for version in conflict.versions
            )
            lines.append(f"- **{escape_markdown(conflict.topic)}** ({conflict.kind}): {versions}")
        lines.append("")
    if brief.timeline:
        lines += ["### Key dates", ""]
        for entry in brief.timeline:
            lines.append(
                f"- **{escape_markdown(entry.date)}**: {escape_markdown(entry.event)} {_cite(entry.sources)}"
            )
        lines.append("")
    if brief.entities:
        lines += ["### People and organisations", ""]
        for entity in brief.entities:
            variants = [v for v in entity.variants if v != entity.name]
            also = (
                f" (also written: {', '.join(escape_markdown(v) for v in variants)})"
                if variants
                else ""
            )
            lines.append(f"- **{escape_markdown(entity.name)}**{also} {_cite(entity.sources)}")
        lines.append("")
    return lines


def _edit_rows(raw: str, edits: tuple[Edit, ...]) -> list[str]:
    rows = ["| Rule | Before | After | Reason |", "| --- | --- | --- | --- |"]
    for edit in edits:
        before, after = excerpt(raw, edit)
        before = escape_markdown(before) or "*(nothing)*"
        after = escape_markdown(after) or "*(removed)*"
        rows.append(f"| {edit.rule} | {before} | {after} | {escape_markdown(edit.reason)} |")
    return rows


def _no_summary(summary: Summary) -> str:
    if summary.problem:
        return f"*No summary: {escape_markdown(summary.problem)}.*"
    return "*No summary.*"


def to_markdown(report: Report, *, include_edits: bool = False) -> str:
    """The brief as Markdown: title, date and engine, brief, articles, sources, edits appendix."""
    count = len(report.articles)
    stories = f" in {len(report.stories)} stories" if len(report.stories) > 1 else ""
    lines = [
        f"# Brief: {escape_markdown(report.title)}",
        "",
        f"*{report.created:%Y-%m-%d %H:%M} UTC · engine: {escape_markdown(report.engine)} · "
        f"{count} article{'s' if count != 1 else ''}{stories}*",
        "",
    ]
    lines += _story_sections(report)
    lines += ["## Articles", ""]
    for source, item in zip(report.sources, report.articles, strict=True):
        repaired = item.repaired
        edited = " · *summary edited by a reviewer*" if item.summary.human_edited else ""
        guarded = (
            f" · *{len(item.summary.replaced)} sentence(s) corrected by the faithfulness guard*"
            if item.summary.replaced and not item.summary.human_edited
            else ""
        )
        written = (
            " · *headline written by the model*" if repaired.article.title_origin == WRITTEN else ""
        )
        lines += [
            f"### [{source.number}] {escape_markdown(source.title)}",
            "",
            f"Source: {_code(source.location)}{written} · {len(repaired.accepted)} repairs, "
            f"{len(repaired.flags)} flags{edited}{guarded}",
            "",
            escape_markdown(item.summary.text) or _no_summary(item.summary),
            "",
        ]
    lines += ["## Sources", ""]
    for source in report.sources:
        site = f" ({escape_markdown(source.site)})" if source.site else ""
        lines.append(
            f"{source.number}. {escape_markdown(source.title)}{site}: {_code(source.location)}"
        )
    lines.append("")
    if include_edits:
        lines += ["## Appendix: repairs", ""]
        for source, item in zip(report.sources, report.articles, strict=True):
            lines += [f"### [{source.number}] {escape_markdown(source.title)}", ""]
            accepted = item.repaired.accepted
            lines += (
                _edit_rows(item.repaired.article.text, accepted) if accepted else ["*No repairs.*"]
            ) + [""]
    return "\n".join(lines)


def _story_data(story: StoryBrief) -> dict:
    brief = story.brief
    return {
        "title": story.title,
        "articles": list(story.numbers),
        "vectors": brief.vectors,
        "problem": brief.problem,
        "points": [
            {
                "text": p.text,
                "sources": list(p.sources),
                "statements": [{"source": s.source, "text": s.text} for s in p.statements],
            }
            for p in brief.points
        ],
        "conflicts": [
            {
                "kind": c.kind,
                "topic": c.topic,
                "versions": [
                    {"value": v.value, "text": v.text, "sources": list(v.sources)}
                    for v in c.versions
                ],
            }
            for c in brief.conflicts
        ],
        "timeline": [
            {"date": t.date, "iso": t.iso, "event": t.event, "sources": list(t.sources)}
            for t in brief.timeline
        ],
        "entities": [
            {
                "name": e.name,
                "type": e.kind,
                "variants": list(e.variants),
                "sources": list(e.sources),
            }
            for e in brief.entities
        ],
    }


def to_json_data(report: Report, *, include_edits: bool = False) -> dict:
    """The brief as plain data with stable field names (see README, "JSON output")."""
    articles = []
    for source, item in zip(report.sources, report.articles, strict=True):
        record = {
            "number": source.number,
            "id": source.article_id,
            "source": item.repaired.article.source,
            "url": item.repaired.article.url,
            "title": source.title,
            "title_origin": item.repaired.article.title_origin,
            "summary": item.summary.text,
            "summary_engine": item.summary.engine,
            "summary_model": item.summary.model,
            "human_edited": item.summary.human_edited,
            "summary_problem": item.summary.problem,
            "guard": [
                {"original": r.original, "replacement": r.replacement, "reason": r.reason}
                for r in item.summary.replaced
            ],
            "repair_count": len(item.repaired.accepted),
            "flag_count": len(item.repaired.flags),
        }
        if include_edits:
            record["edits"] = [asdict(edit) for edit in item.repaired.accepted]
        articles.append(record)
    return {
        "format": "mtbrief.brief",
        "version": JSON_FORMAT_VERSION,
        "title": report.title,
        "created": report.created.isoformat(),
        "engine": report.engine,
        "articles": articles,
        "stories": [_story_data(story) for story in report.stories],
        "sources": [
            {
                "number": s.number,
                "id": s.article_id,
                "title": s.title,
                "location": s.location,
                "url": s.url,
                "site": s.site,
            }
            for s in report.sources
        ],
    }


ARTICLE_SEPARATOR = "\n\f\n"  # a line holding only a form feed
_JSONL_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def repaired_to_text(repaired: Sequence[Repaired]) -> str:
    """The repaired articles as plain text, separated by a line holding only a form feed."""
    return ARTICLE_SEPARATOR.join(item.text.strip("\n") for item in repaired) + "\n"


def repaired_to_jsonl(repaired: Sequence[Repaired]) -> str:
    """One JSON record per line and article: id, source, title, repaired text, edits and flags."""
    lines = []
    for item in repaired:
        record = {
            "id": item.article.id,
            "source": item.article.source,
            "title": item.title,
            "text": item.text,
            "edits": [asdict(edit) for edit in item.accepted],  # the documented fields, in order
            "flags": [asdict(flag) for flag in item.flags],
        }
        # characters other tools read as line breaks stay escaped: one record, one line
        lines.append(json.dumps(record, ensure_ascii=False).translate(_JSONL_BREAKS))
    return "".join(line + "\n" for line in lines)


def to_json(report: Report, *, include_edits: bool = False) -> str:
    return (
        json.dumps(to_json_data(report, include_edits=include_edits), ensure_ascii=False, indent=2)
        + "\n"
    )


def output_path(output: str, articles: Sequence[Article]) -> Path | None:
    """Where to write the brief, refusing a folder or an input file; None means stdout ('-')."""
    if output == "-":
        return None
    path = Path(output)
    if path.is_dir():
        raise OutputError(f"{output} is a folder; give a file name for the brief")
    if not path.parent.exists():
        raise OutputError(f"{output}: folder {path.parent} does not exist")
    if path.exists():
        for article in articles:
            if article.path and Path(article.path).exists() and path.samefile(article.path):
                raise OutputError(f"{output} is an input article; refusing to overwrite it")
    return path
