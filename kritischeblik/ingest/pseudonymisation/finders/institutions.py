"""Institutions and places by structure: an organisation-type word with a name ("Stichting Rondkomen",
"Praktijkschool De Brug", "Vechtzoom College"), a capitalised article inside a sentence ("brieven van Het Anker"),
an unknown place-like compound after a preposition ("op de Gruttohof"); and the propagation of names found once
(:func:`entity_table`): a name found once is replaced everywhere in the interview.

Functions return ``(start, end, category)`` triples in piece offsets; they never log or raise with text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..categories import INSTELLING, LOCATIE
from .lexicon import (
    ALLOW,
    ARTICLES,
    NAME_ARTICLES,
    PLACE_CONTEXT,
    PLACE_SUFFIX_RE,
    TITLES,
    TUSSEN,
    Intervals,
    Lexicon,
    Tok,
    is_name_like,
    strip_lower_tail,
    tokens,
)

Found = tuple[int, int, str]
# Not a name: an organisation-type word next to one ("Stichting", "College"). The caller keeps it
# readable and keeps deduce from swallowing it into a person ("Stichting Zeldenrust" as a name).
KEEP = "KEEP"

# Organisation-type words that are not names themselves: they stay readable outside the placeholder
# ("Stichting [INSTELLING-1]"), like titles before a person.
_HEADS = frozenset(
    (
        "stichting",
        "vereniging",
        "buurtteam",
        "wijkteam",
        "jeugdteam",
        "sociaal team",
        "gezinsteam",
        "fact-team",
        "ggz-team",
        "jeugdpunt",
        "steunpunt",
        "budgetpunt",
        "informatiepunt",
        "zorggroep",
        "gezondheidscentrum",
        "huisartsenpraktijk",
        "huisartsenpost",
        "praktijk",
        "apotheek",
        "praktijkschool",
        "basisschool",
        # school kinds as abbreviated before a school's name: "OBS De Klimop", "CBS Het Kompas", "IKC De Zon"
        "obs",
        "cbs",
        "pcbs",
        "rkbs",
        "kbs",
        "ikc",
        "sbo",
        "kindcentrum",
        "kinderopvang",
        "peuterspeelzaal",
        "school",
        "scholengemeenschap",
        "buurthuis",
        "wijkcentrum",
        "buurtcentrum",
        "buurtkamer",
        "wijkpunt",
        "speeltuin",
        "volkstuincomplex",
        "volkstuin",
        "bureau",
        "samenwerkingsverband",
        "woningcorporatie",
        "wooncorporatie",
        "woningbouwvereniging",
        "bewindvoering",
        "bewindvoerder",
        "schoonmaakbedrijf",
        "thuiszorg",
        "wijkzorg",
        "zorginstelling",
        "zorgaanbieder",
        "zorgboerderij",
        "dagbesteding",
        "welzijnsorganisatie",
        "welzijn",
        "jongerenwerk",
        "burenhulp",
        "klusploeg",
        "drukkerij",
        "ziekenhuis",
        "verpleeghuis",
        "verzorgingshuis",
        "woonzorgcentrum",
        "hogeschool",
        "universiteit",
        "kerk",
        "moskee",
        "sportvereniging",
        "voetbalvereniging",
        "voetbalclub",
        "zwembad",
        "bibliotheek",
        "camping",
        "bedrijf",
        "kliniek",
        "instelling",
        "opvang",
        "inloophuis",
        "voedselbank",
        "loket",
        "fonds",
        "coöperatie",
        "cooperatie",
        "genootschap",
        "federatie",
        "collectief",
        "vakbond",
        "platform",
        "stichtingen",
        "broederschap",
        "zusterschap",
        "gilde",
        "maatschappij",
    )
)
# Written after the name: "Vechtzoom College", "Zilverreiger Lyceum".
_TRAIL_HEADS = frozenset(
    ("College", "Lyceum", "Gymnasium", "Academie", "Mavo", "Ziekenhuis", "Kliniek", "Campus")
)
# Words after a head that still describe the type, not the name: "Buurtteam Jeugd en Gezin West".
_GENERIC_AFTER_HEAD = frozenset({"jeugd", "gezin", "sociaal", "en", "volwassenen", "ouderen"})
# Capitalised compounds that act as an organisation name together with what follows ("Woongoed
# Vlierhof", "Burenhulp Westpunt"); unlike _HEADS they may be distinctive, so they are replaced too.
_ORG_SUFFIXES = (
    *(
        "team",
        "zorg",
        "groep",
        "hulp",
        "punt",
        "kracht",
        "goed",
        "wonen",
        "centrum",
        "school",
        "huis",
        "college",
    ),
    *("werk", "bedrijf", "diensten", "stichting", "vereniging", "corporatie", "instelling", "praktijk"),
    *("kliniek", "loket", "dienst", "bureau", "fonds", "winkel"),
)


def _org_compound(low: str) -> bool:
    """Does ``low`` end in an organisation word after a part of its own (at least three letters before it)?"""
    # str.endswith on a tuple instead of a regex search: this is asked of every word of every turn.
    if not low.endswith(_ORG_SUFFIXES):
        return False
    return len(low) - max(len(s) for s in _ORG_SUFFIXES if low.endswith(s)) >= 3


def institution_spans(
    text: str,
    lexicon: Lexicon,
    blocked: Sequence[tuple[int, int]] = (),
    person_starts: Iterable[int] = (),
    toks: list[Tok] | None = None,
) -> list[Found]:
    """Names of organisations, schools, community centres (see the module docstring), unknown
    place-like compounds after a preposition, and the organisation-type words beside names as ``KEEP``.

    ``blocked``: spans never to be touched (codebook terms). ``person_starts``: offsets where deduce or
    a known name starts a person ("met De Vries"), so a capitalised article there is a surname prefix.
    ``toks``: :func:`tokens` of ``text``, when the caller has them already.
    """
    scan = _Scan(text, tokens(text) if toks is None else toks, lexicon, blocked, set(person_starts))
    nxt = 0
    for i in _starts(scan.toks):
        if i < nxt:  # inside a name found already
            continue
        # 1. head word + name: "Stichting Op Koers", "basisschool De Vlierboom", "Woongoed Vlierhof".
        after = scan.head_and_name(i)
        if after is None:
            # 2. name + trailing head: "Vechtzoom College", "het Zilverreiger College".
            scan.name_and_trailing_head(i)
            # 3. a capitalised article inside a sentence: "van Het Anker", "school, De Wilgenhoek".
            after = scan.article_name(i)
        if after is not None:
            nxt = after
            continue
        # 4. an unknown place-like compound after a preposition or article: "op de Gruttohof".
        scan.place_compound(i)
        nxt = i + 1
    return scan.found


def _starts(toks: list[Tok]) -> list[int]:
    """The tokens where one of the four rules of :func:`institution_spans` can apply; on any other token none
    of them does anything. Sifting first keeps the rules' method calls off the other 95% of the words."""
    out = []
    after_context = False
    for i, t in enumerate(toks):
        w = t.text
        if (
            after_context
            or w in _TRAIL_HEADS
            or w in NAME_ARTICLES
            or (low := w.lower()) in _HEADS
            or low == "sociaal"
            or low.endswith(_ORG_SUFFIXES)
        ):
            out.append(i)
        after_context = w in PLACE_CONTEXT
    return out


class _Scan:
    """The tokens of one piece and what :func:`institution_spans` found in them so far."""

    def __init__(
        self,
        text: str,
        toks: list[Tok],
        lexicon: Lexicon,
        blocked: Sequence[tuple[int, int]],
        persons: set[int],
    ) -> None:
        self.text, self.toks, self.lexicon, self.persons = text, toks, lexicon, persons
        self.blocked = Intervals(blocked)
        self.found: list[Found] = []

    def free(self, t: Tok) -> bool:
        return not self.blocked.overlaps(t.start, t.end)

    def name_run(self, i: int, limit: int = 4) -> int:
        """Index after the run of name tokens starting at i (capitalised words, '&', inner tussenvoegsels)."""
        toks = self.toks
        j, n = i, 0
        while j < len(toks) and n < limit:
            t = toks[j]
            if j > i and not t.joined:
                break
            joins_next = j + 1 < len(toks) and toks[j + 1].joined and toks[j + 1].cap
            if (t.text == "&" or (t.text.lower() in TUSSEN and j > i)) and joins_next:
                j += 1
                continue
            if not (t.cap and self.free(t) and (j == i or not t.initial)):
                break
            if strip_lower_tail(t.text) != t.text:
                j += 1
                break
            j, n = j + 1, n + 1
        return j

    def span_of(self, i: int, j: int) -> tuple[int, int]:
        start = self.toks[i].start
        return start, start + len(strip_lower_tail(self.text[start : self.toks[j - 1].end]))

    def head_and_name(self, i: int) -> int | None:
        """An organisation-type word and the name after it; the index after the name, or None."""
        toks, t = self.toks, self.toks[i]
        low = t.text.lower()
        head_len = 0
        if low in _HEADS:
            head_len = 1
        elif low == "sociaal" and i + 1 < len(toks) and toks[i + 1].text.lower() == "team":
            head_len = 2
        compound_head = False
        if head_len == 0 and _org_compound(low):
            # A known compound ("Tuincentrum", "zorgloket") names a type like the words in _HEADS;
            # an unknown one ("Woongoed", "Burenkracht") may be the name itself.
            if self.lexicon.known(t.text):
                head_len = 1
            else:
                compound_head = t.cap and is_name_like(t)
        if not (head_len or compound_head):
            return None
        head_end = i + (head_len or 1)
        k = head_end
        while (
            k < len(toks)
            and toks[k].joined
            and toks[k].text.lower() in _GENERIC_AFTER_HEAD
            and (toks[k].cap or toks[k].text == "en")
        ):
            k += 1
        # "Buurtteam Jeugd en Vechtzoom College": a dangling "en" belongs to the next name.
        while k > head_end and toks[k - 1].text == "en":
            k -= 1
        if not (k < len(toks) and toks[k].joined and toks[k].cap and not toks[k].initial):
            return None
        end = self.name_run(k)
        if end <= k or all(toks[x].text.lower() in ALLOW for x in range(k, end)):
            return None
        start_tok = i if compound_head else k
        a, b = self.span_of(start_tok, end)
        if self.free(toks[start_tok]):
            self.found.append((a, b, INSTELLING))
            if not compound_head:
                self.found.append((t.start, toks[k - 1].end, KEEP))
        return end

    def name_and_trailing_head(self, i: int) -> None:
        toks, t = self.toks, self.toks[i]
        if not (t.text in _TRAIL_HEADS and i > 0 and t.joined):
            return
        k = i
        while k > 0 and i - k < 3 and toks[k].joined:
            prev = toks[k - 1]
            if not (prev.cap and self.free(prev) and is_name_like(prev)) or prev.text.lower() in ARTICLES:
                break
            k -= 1
            if prev.initial:
                break
        if k < i:
            self.found.append((toks[k].start, toks[i - 1].end, INSTELLING))
            self.found.append((t.start, t.end, KEEP))

    def article_name(self, i: int) -> int | None:
        """A capitalised article inside a sentence and the name after it; the index after the name, or None."""
        toks, t = self.toks, self.toks[i]
        if not (t.text in NAME_ARTICLES and not t.initial and self.free(t) and t.start not in self.persons):
            return None
        prev = toks[i - 1] if i > 0 else None
        # After a title or a first name it is a surname prefix: "mevrouw De Wit", "Ilse De Wit".
        after_title = prev is not None and (
            prev.text.lower() in TITLES or (t.joined and prev.cap and prev.text.lower() not in _HEADS)
        )
        nxt = i + 1
        if after_title or not (nxt < len(toks) and toks[nxt].joined and toks[nxt].cap):
            return None
        end = self.name_run(nxt, limit=3)
        words = [toks[x].text for x in range(i, end)]
        if end <= nxt or self.lexicon.placename(words) or all(w.lower() in ALLOW for w in words[1:]):
            return None
        a, b = self.span_of(i, end)
        category = LOCATIE if PLACE_SUFFIX_RE.search(words[-1].lower()) else INSTELLING
        self.found.append((a, b, category))
        return end

    def place_compound(self, i: int) -> None:
        # deduce tends to swallow such a place into the person before it ("zijn moeder Ayla op de Gruttohof").
        toks, t = self.toks, self.toks[i]
        if not (i > 0 and t.joined and not t.initial and toks[i - 1].text in PLACE_CONTEXT):
            return
        word = strip_lower_tail(t.text)
        if (
            is_name_like(t)
            and self.free(t)
            and PLACE_SUFFIX_RE.search(word.lower())
            and not self.lexicon.known(word)
        ):
            self.found.append((t.start, t.start + len(word), LOCATIE))


def distinctive_parts(surface: str, lexicon: Lexicon) -> list[str]:
    """Words of a multi-word name that identify it on their own ("Stroomland" of "Samenwerkingsverband
    Stroomland"): capitalised, unknown to the lexicon, not a head word."""
    words = surface.split()
    if len(words) < 2:
        return []
    return [
        w
        for w in words
        if w[:1].isupper() and len(w) >= 4 and w.lower() not in _HEADS and not lexicon.known(w)
    ]


def entity_table(found: Iterable[tuple[str, str]], lexicon: Lexicon) -> dict[str, tuple[str, str]]:
    """Surface → (category, entity key) for every non-person name found, plus its distinctive parts.

    A part shared by two different names stays out: it would merge them into one entity. A name with a
    capitalised article is also written with a lowercase one ("van Het Anker", "bij het Anker").
    """
    table: dict[str, tuple[str, str]] = {}
    parts: dict[str, set[tuple[str, str]]] = {}
    for surface, category in found:
        surface = " ".join(surface.split())
        key = surface.casefold()
        table.setdefault(surface, (category, key))
        article, _, rest = surface.partition(" ")
        if article in NAME_ARTICLES and rest:
            table.setdefault(f"{article.lower()} {rest}", (category, key))
        for part in distinctive_parts(surface, lexicon):
            parts.setdefault(part, set()).add((category, key))
    for part, owners in parts.items():
        if part not in table and len(owners) == 1:
            table[part] = next(iter(owners))
    return table


def table_regex(table: Mapping[str, tuple[str, str]]) -> re.Pattern[str] | None:
    if not table:
        return None
    alts = sorted(table, key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(r"\s+".join(map(re.escape, s.split())) for s in alts) + r")(?![\w])"
    )
