"""Prompt files: `prompts/NAME.txt`, a `version:` line, then `[section]` blocks (system, user, ...).

Sections are `str.format` templates. The version goes into every summary and into the cache key, so
editing a prompt without bumping its version would serve stale cached summaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from summarize.errors import MtbriefError

_SECTION = re.compile(r"^\[([a-z_]+)\]\s*$", re.MULTILINE)


def prompts_dir() -> Path:
    """The repository's prompts/ folder, or the copy packed into an installed wheel."""
    packed = Path(__file__).parent / "_prompts"
    return packed if packed.is_dir() else Path(__file__).resolve().parents[1] / "prompts"


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    sections: tuple[tuple[str, str], ...]

    def section(self, name: str, **values: object) -> str:
        for key, template in self.sections:
            if key == name:
                return template.format(**values)
        raise KeyError(f"prompt {self.name} has no [{name}] section")


@cache
def load_prompt(name: str) -> Prompt:
    """The prompt in prompts/NAME.txt."""
    path = prompts_dir() / f"{name}.txt"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise MtbriefError(f"prompt file {path} cannot be read: {exc.strerror}") from exc
    first, _, body = raw.partition("\n")
    if not first.startswith("version:"):
        raise MtbriefError(f"prompt file {path} must start with a 'version:' line")
    marks = list(_SECTION.finditer(body))
    sections = tuple(
        (mark.group(1), body[mark.end() : next_start].strip("\n"))
        for mark, next_start in zip(
            marks, [m.start() for m in marks[1:]] + [len(body)], strict=True
        )
    )
    return Prompt(name=name, version=first.removeprefix("version:").strip(), sections=sections)
