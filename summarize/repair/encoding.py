"""Mojibake: text that was decoded with the wrong character set (`cafÃ©`, `â€œ`).

ftfy decides, one line at a time, and each fix becomes an edit of just the characters it changed.
Only ftfy's encoding fixes run: curly quotes, ligatures, widths and line breaks are the author's.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from summarize.repair.edits import Change, EditLedger

RULE = "encoding.mojibake"
# UTF-8 lead bytes read as Latin-1/Windows-1252 land in U+00C2..U+00F4; U+FFFD and C1 controls are
# what lossy decoders leave. A line without any of them cannot hold mojibake ftfy would fix.
_SUSPECT = re.compile("[\u00c2-\u00f4\ufffd\u0080-\u009f]")
_LINE = re.compile(r"[^\n]+")
# a guillemet that is no byte of mojibake itself (`Ã«` is ë): not after a UTF-8 lead byte
_GUILLEMET = re.compile("(?<![\u00c2-\u00f4])[«»]")
_ENGLISH_QUOTES = {"«": "“", "»": "”"}
_STEPS = {
    "decode_inconsistent_utf8": "UTF-8 text decoded as Windows-1252 or Latin-1",
    "fix_c1_controls": "Windows-1252 characters decoded as control characters",
    "restore_byte_a0": "a no-break space lost in decoding",
    "replace_lossy_sequences": "a character lost in decoding",
}


@cache
def _config():
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
    )


def _reason(explanation) -> str:
    for step in explanation or ():
        if step.action == "encode":
            return f"mojibake: UTF-8 text decoded as {step.parameter.removeprefix('sloppy-')}"
        if step.parameter in _STEPS:
            return f"mojibake: {_STEPS[step.parameter]}"
    return "mojibake: text decoded with the wrong character set"


def fix_mojibake(ledger: EditLedger) -> None:
    """Replace mis-decoded characters, line by line, with what ftfy decodes them to."""
    import ftfy

    text = ledger.current
    changes: list[Change] = []
    for line in _LINE.finditer(text):
        if not _SUSPECT.search(line.group()):
            continue
        # ftfy reads guillemets as Latin-1 text beside mojibake (`«Ã©`); the punctuation pass
        # makes them English quotes, so judge the line as it will read then (same length)
        judged = _GUILLEMET.sub(lambda m: _ENGLISH_QUOTES[m.group()], line.group())
        fixed, explanation = ftfy.fix_and_explain(judged, _config())
        for _ in range(2):  # a decoded line can reveal another layer of mojibake
            again = ftfy.fix_text(fixed, _config())
            if again == fixed:
                break
            fixed = again
        if fixed == judged:
            continue
        reason = _reason(explanation)
        base = line.start()
        matcher = SequenceMatcher(None, judged, fixed, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal" and judged[i1:i2] == line.group()[i1:i2]:
                changes.append(Change(base + i1, base + i2, fixed[j1:j2], RULE, reason, 0.95))
    ledger.apply(changes)
