"""Who speaks a transcript line: a speaker prefix ("Sandra:", "I1:", "Respondent 2:") and the text after it."""

from __future__ import annotations

import re

# Lower-case words a name may hold ("Fatma el Amrani") ...
NAME_PARTICLES = {
    "de",
    "van",
    "der",
    "den",
    "het",
    "ten",
    "ter",
    "te",
    "el",
    "al",
    "la",
    "le",
    "du",
    "da",
    "di",
    "von",
    "op",
    "in",
    "'t",
    "’t",
    "bin",
    "ben",
    "abu",
}
# ... and words and phrases that end in ':' in prose ("Let op: ...") without naming a speaker.
_NOT_SPEAKERS = {
    "ja",
    "nee",
    "nou",
    "dus",
    "maar",
    "en",
    "oké",
    "ok",
    "kijk",
    "let op",
    "situatie",
    "effect",
    "wat",
    "waarom",
    "hoe",
    "toen",
    "daarna",
    "eerst",
    "conclusie",
    "les",
    "leerpunt",
    "noot",
    "let wel",
    "tip",
}
_SPEAKER_RE = re.compile(r"^(?P<sp>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,4})[ \t]*:[ \t]*(?P<rest>.*)$")
# Speakers written as a role code ("I", "R2", "Interviewer 1"): never a name, whatever the front matter says.
CODE_SPEAKER = re.compile(r"^(I|R|I\d|R\d|Interviewer(?: \d)?|Respondent(?: \d)?)$", re.IGNORECASE)


def name_shaped(words: list[str]) -> bool:
    """Every word capitalised, or a lower-case particle ("Fatma el Amrani")."""
    return all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words)


def split_speaker(line: str, known: set[str]) -> tuple[str, str] | None:
    """(speaker, rest of the line) when ``line`` starts with a speaker and a colon, else None.

    ``known``: the lower-cased names (and first names) from the front matter; other prefixes count as a
    speaker only when they look like a name ("Let op:" and "Wat ik bedoel:" do not)."""
    m = _SPEAKER_RE.match(line)
    if not m:
        return None
    sp = m.group("sp").strip()
    if CODE_SPEAKER.match(sp) or sp.lower() in known:
        return sp, m.group("rest")
    words = sp.split()
    if sp.lower() in _NOT_SPEAKERS or not words[0][0].isupper():
        return None
    if not name_shaped(words):
        return None
    # A last word in lower case ("Wat ik bedoel:") is prose, not a name.
    if not words[-1][0].isupper():
        return None
    return sp, m.group("rest")
