"""Place names in lowercase, as speech recognition types them (nineteenth dev author): "mijn dochter woont in
groningen", "ik doe heeswijk dinther en loosbroek", "een flatje in sneek". The finders for capitalised words
cannot see them. Here a lowercase word counts as a place after a word that says where ("in", "uit", "naar",
"bij", "vanuit", "richting", "vlakbij") or after another place it is listed with ("en", "of", a comma), when it
is on deduce's list of Dutch places and is no Dutch word ("in best", "naar huizen", "bij putten" stay). Pure
apart from the list and the lexicon that are passed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from .name_lists import NameLists

_WORD = r"[a-zà-ÿ][a-zà-ÿ'-]{2,}"
_PLACE_RE = re.compile(
    rf"(?<![\w-])(?:in|uit|naar|bij|vanuit|richting|vlakbij|rondom|omgeving)\s+(?P<w>{_WORD})(?![\w-])"
)
# A second place of a list or of a double name: "heeswijk dinther en loosbroek".
_NEXT_RE = re.compile(rf"(?:\s*,\s*|\s+(?:en|of)\s+|\s+)(?P<w>{_WORD})(?![\w-])")
_HINTS = ("in ", "uit ", "naar ", "bij ", "richting ", "omgeving ")


def lower_places(text: str, lists: NameLists, known: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """Spans of lowercase place names in ``text``; ``lists``: the name lists with deduce's places, ``known``: is a
    word ordinary Dutch (:meth:`.lexicon.Lexicon.known`)? The lists' ordinary and function words count as Dutch too
    ("uit voort" stays)."""
    if not any(h in text for h in _HINTS):
        return

    def place(word: str) -> bool:
        return (
            word in lists.places
            and not known(word)
            and not lists.ordinary(word)
            and word not in lists.function_words
        )

    for m in _PLACE_RE.finditer(text):
        if not place(m.group("w")):
            continue
        yield m.span("w")
        end = m.end("w")
        while (n := _NEXT_RE.match(text, end)) is not None and place(n.group("w")):
            yield n.span("w")
            end = n.end("w")
