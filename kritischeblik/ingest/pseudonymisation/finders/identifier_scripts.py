"""Words in another script inside a Dutch transcript: a name as it stands on a passport or a phone ("نوال الصباغ",
"ናትናኤል", "Олена Коваль"; thirteenth dev author). The name finders read Latin letters only; in a Dutch interview a
run of Arabic, Hebrew, Ethiopic, Cyrillic, Armenian, Georgian or Devanagari letters is nearly always a name, and
where it is a phrase ("إن شاء الله") replacing it costs the coder nothing they could read. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..categories import PERSOON

Found = tuple[int, int, str]

SCRIPT_LETTERS = (
    "\u0621-\u065f\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f"  # Arabic (not its digits, read as 0-9)
    "\u05d0-\u05ea"  # Hebrew
    "\u1200-\u135a"  # Ethiopic (Ge'ez, Tigrinya, Amharic)
    "\u0400-\u04ff"  # Cyrillic
    "\u0531-\u0587"  # Armenian
    "\u10a0-\u10ff"  # Georgian
    "\u0904-\u0939\u093d-\u094d\u0950-\u0963"  # Devanagari
)
# Words of such letters, with the marks and joiners they carry, and the spaces between the words of one name.
_RUN_RE = re.compile(
    rf"[{SCRIPT_LETTERS}][{SCRIPT_LETTERS}\u064b-\u065f\u0670\u200c\u200d\u05b0-\u05c7\u135d-\u135f]*"
    rf"(?:[ \u00a0][{SCRIPT_LETTERS}][{SCRIPT_LETTERS}\u064b-\u065f\u0670\u200c\u200d\u05b0-\u05c7\u135d-\u135f]*)*"
)


def find_other_scripts(text: str) -> Iterator[Found]:
    """Runs of words in the scripts above, as person names."""
    if text.isascii():
        return
    for m in _RUN_RE.finditer(text):
        yield m.start(), m.end(), PERSOON
