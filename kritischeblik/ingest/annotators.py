"""Own name finders that complement deduce in interview transcripts.

deduce knows names from its lists and a few context patterns; interviews name schools, foundations,
community centres, pets and people from every background that no list holds. Three finders here work
on structure and on a Dutch lexicon instead:

* institutions: an organisation-type word with a name ("Stichting Rondkomen", "Praktijkschool De Brug",
  "Vechtzoom College") and a capitalised article inside a sentence ("brieven van Het Anker");
* unknown capitalised words: a capitalised word inside a sentence that no Dutch lexicon knows is almost
  always a name ("zaten Kacper en ik", "op de Kweekhof"); at a sentence start only under stricter
  conditions;
* propagation (see :func:`entity_table`): a name found once is replaced everywhere in the interview.

Functions return ``(start, end, category)`` triples in piece offsets; they never log or raise with text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simplemma

PERSOON = "PERSOON"
LOCATIE = "LOCATIE"
INSTELLING = "INSTELLING"

Found = tuple[int, int, str]
# Not a name: an organisation-type word next to one ("Stichting", "College"). The caller keeps it
# readable and keeps deduce from swallowing it into a person ("Stichting Zeldenrust" as a name).
KEEP = "KEEP"

# Organisation-type words that are not names themselves: they stay readable outside the placeholder
# ("Stichting [INSTELLING-1]"), like titles before a person.
_HEADS = (
    "stichting", "vereniging", "buurtteam", "wijkteam", "jeugdteam", "sociaal team", "gezinsteam",
    "fact-team", "ggz-team", "jeugdpunt", "steunpunt", "budgetpunt", "informatiepunt", "zorggroep",
    "gezondheidscentrum", "huisartsenpraktijk", "huisartsenpost", "praktijk", "apotheek",
    "praktijkschool", "basisschool", "kindcentrum", "kinderopvang", "peuterspeelzaal", "school",
    "scholengemeenschap", "buurthuis", "wijkcentrum", "buurtcentrum", "buurtkamer", "wijkpunt",
    "speeltuin", "volkstuincomplex", "volkstuin", "bureau", "samenwerkingsverband", "woningcorporatie",
    "wooncorporatie", "woningbouwvereniging", "bewindvoering", "bewindvoerder", "schoonmaakbedrijf",
    "thuiszorg", "wijkzorg", "zorginstelling", "zorgaanbieder", "zorgboerderij", "dagbesteding",
    "welzijnsorganisatie", "welzijn", "jongerenwerk", "burenhulp", "klusploeg", "drukkerij",
    "ziekenhuis", "verpleeghuis", "verzorgingshuis", "woonzorgcentrum", "hogeschool", "universiteit",
    "kerk", "moskee", "sportvereniging", "voetbalvereniging", "voetbalclub", "zwembad", "bibliotheek",
    "camping", "bedrijf", "kliniek", "instelling", "opvang", "inloophuis", "voedselbank", "loket",
    "fonds", "coöperatie", "cooperatie", "genootschap", "federatie", "collectief", "vakbond", "platform",
    "stichtingen", "broederschap", "zusterschap", "gilde", "maatschappij",
)  # fmt: skip
# Written after the name: "Vechtzoom College", "Zilverreiger Lyceum".
_TRAIL_HEADS = ("College", "Lyceum", "Gymnasium", "Academie", "Mavo", "Ziekenhuis", "Kliniek", "Campus")
# Words after a head that still describe the type, not the name: "Buurtteam Jeugd en Gezin West".
_GENERIC_AFTER_HEAD = frozenset({"jeugd", "gezin", "sociaal", "en", "volwassenen", "ouderen"})
# Capitalised compounds that act as an organisation name together with what follows ("Woongoed
# Vlierhof", "Burenhulp Westpunt"); unlike _HEADS they may be distinctive, so they are replaced too.
_ORG_SUFFIX_RE = re.compile(
    r"(?:team|zorg|groep|hulp|punt|kracht|goed|wonen|centrum|school|huis|college|werk|bedrijf|diensten|"
    r"stichting|vereniging|corporatie|instelling|praktijk|kliniek|loket|dienst|bureau|fonds|winkel)$"
)

# A place part of an unknown compound: "Pelikaanpad", "Vleuterveen", "Lindenhof".
_PLACE_SUFFIX_RE = re.compile(
    r"(?:hof|hoven|pad|veen|wijk|park|veld|velden|straat|laan|plein|weg|dijk|kade|gracht|singel|dreef|"
    r"buurt|kwartier|oord|dorp|dam|burg|stein|horst|hoek|haven|polder|waard|berg|bergen|bos|hout|"
    r"meer|zijl|woude|wold|loo|rode|drecht|recht|sloot|vaart|hage|brug|poort|kerk)$"
)


# Never names, though no lexicon knows them: laws and schemes of the social domain, diseases named
# after people, interjections, apps and shops that say nothing about where someone lives.
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ALLOW = _wordset(
    """
    wmo wlz zvw wajong wsw awbz jeugdwet participatiewet wmo-consulent wmo-loket wet
    alzheimer parkinson korsakov asperger down corona covid adhd autisme
    ramadan kerst kerstmis pasen pinksteren suikerfeest offerfeest sinterklaas koningsdag oud nieuw
    belastingdienst uwv svb cak duo cjg kinderbescherming jeugdbescherming voedselbank veilig thuis
    schuldhulpmaatje humanitas vluchtelingenwerk
    whatsapp facebook instagram google teams zoom excel outlook youtube tiktok snapchat signal
    marktplaats netflix spotify iphone android ikea hema action lidl aldi jumbo kruidvat
    oké okee ok oke nou tja hè he hé hm hmm mm mmm eh ehm uh uhm ah aha haha hahaha oei oeps pff pfoe
    ja jawel nee neuh ach jee jeetje hoor hallo hoi doei dag sorry tuurlijk natuurlijk klote shit pech
    privacy out-of-the-box noord oost zuid west noordoost noordwest zuidoost zuidwest
    straks kortom hoezo amper alvast nadien integendeel desalniettemin
    okay cool nice anyway whatever exactly really please yes no hello bye thanks sure fine
    """
)
# Replies and exclamations that start a sentence on their own ("Oei, dat was lastig.", "Mooi zo."); some
# are also surnames on deduce's lists, but standing alone before a comma or full stop they are not.
INTERJECTIONS = _wordset(
    """
    oei oeps nou tja hè ach jee jeetje joh goh gossie bah hé hoor mooi prima fijn top super klopt precies
    inderdaad zeker jammer helaas lekker gelukkig goed okee oké ok sorry welja tsja pff zo echt netjes knap
    """
)
_INTERJECTION_AFTER_RE = re.compile(r"\s*(?:[,.!?;:…]|zo\b|hoor\b|joh\b|zeg\b|$)")


def interjection_start(text: str, start: int, end: int) -> bool:
    """An interjection opening a sentence and standing alone ("Oei, ...", "Mooi zo.", "Nou!")."""
    return (
        text[start:end].lower() in INTERJECTIONS
        and sentence_initial(text, start)
        and _INTERJECTION_AFTER_RE.match(text, end) is not None
    )


# "daarop", "hierna", "erheen": pronominal adverbs that simplemma does not list.
_PRONOMINAL_RE = re.compile(
    r"(?:daar|hier|waar|er)(?:aan|achter|bij|binnen|boven|buiten|door|heen|in|langs|mee|na|naar|naast|om|onder|op"
    r"|over|tegen|toe|tussen|uit|van|vandaan|voor|zonder)"
)

_DERIVATIONS = ("heid", "heden", "ing", "ingen", "tje", "tjes", "je", "jes", "schap", "achtig", "lijk", "baar", "isch")  # fmt: skip
_PLACE_CONTEXT = frozenset({"de", "het", "op", "aan", "in", "uit", "naar", "bij", "via", "langs", "vanuit"})
_NAME_ARTICLES = frozenset({"De", "Het", "Den", "'t", "’t"})
_TUSSEN = frozenset(
    {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "el", "al", "la", "le", "du", "da"}
)
_ARTICLES = frozenset({"de", "het", "'t", "een", "dit", "dat", "deze", "die", "ons", "onze", "hun"})
_PLACE_PREPS = frozenset({"in", "uit", "vanuit", "richting"})
_TITLES = frozenset(
    {
        "meneer", "mevrouw", "mevr", "mw", "dhr", "heer", "juf", "juffrouw", "meester", "dokter", "dr",
        "zuster", "broeder", "mej", "mr", "drs", "ir", "prof", "professor", "dominee", "pastoor", "imam",
    }
)  # fmt: skip
_SENTENCE_END = ".!?:;…\n"
_OPENERS = " \t\r\"'‘’“”«»([-–—*•"

# A word, possibly hyphenated ("Jan-Willem", "Lindenhof-flat"); digits and "&" separate tokens.
_TOKEN_RE = re.compile(r"[^\W\d_](?:[\w'’]*\w)?(?:-[^\W\d_](?:[\w'’]*\w)?)*|&")


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    initial: bool  # first word of a sentence (or of the piece, a line, a quote after a colon)
    joined: bool  # only one space separates it from the previous token

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()


class Lexicon:
    """Is a word ordinary Dutch? simplemma's dictionary plus deduce's lists of common words.

    ``lookup_structs``: deduce's lookup structures (whitelist, common_word, stop_word, placename, street,
    first_name); any of them may be missing, then only simplemma is asked.
    """

    def __init__(self, lookup_structs: Mapping[str, Any] | None = None) -> None:
        structs = dict(lookup_structs or {})
        # deduce's whitelist also holds medical and literary words that are first names here ("Cor",
        # "Ilias"): it only vets words at a sentence start, where a capital says nothing.
        self._sets = [structs[k] for k in ("common_word", "stop_word") if k in structs]
        self._whitelist = structs.get("whitelist")
        self._placename = structs.get("placename")
        self._street = structs.get("street")
        self._first_name = structs.get("first_name")
        self.known = lru_cache(maxsize=65536)(self._known)

    def _known(self, word: str) -> bool:
        low = word.lower().replace("’", "'")
        if low in _ALLOW or _PRONOMINAL_RE.fullmatch(low):
            return True
        parts = low.split("-")
        if len(parts) > 1:
            return all(self.known(p) for p in parts if p)
        if simplemma.is_known(low, lang="nl"):
            return True
        for lookup in self._sets:
            try:
                if low in lookup:
                    return True
            except Exception:  # an internal deduce structure; lookups are best effort
                continue
        return False

    def whitelisted(self, word: str) -> bool:
        if self._whitelist is None:
            return False
        try:
            return word.lower() in self._whitelist
        except Exception:  # best effort, as above
            return False

    def is_compound(self, word: str) -> bool:
        """Two known parts, with or without a linking s/e/en ("vrijdagmiddag", "huiswerkbegeleiding"),
        or a known word with a derivational ending ("wederkerigheid", "eerlijkheid")."""
        low = word.lower()
        for suffix in _DERIVATIONS:
            stem = low[: -len(suffix)]
            if low.endswith(suffix) and len(stem) >= 3 and (self.known(stem) or self.is_compound(stem)):
                return True
        for i in range(3, len(low) - 2):
            left, right = low[:i], low[i:]
            if not self.known(right):
                continue
            if self.known(left) or (left.endswith(("s", "e")) and self.known(left[:-1])):
                return True
            if left.endswith("en") and self.known(left[:-2]):
                return True
        return False

    def _trie(self, trie: Any, tokens: Sequence[str]) -> int:
        if trie is None or not tokens:
            return 0
        try:
            match = trie.longest_matching_prefix(list(tokens))
        except Exception:  # best effort, as above
            return 0
        return len(match) if match else 0

    def placename(self, tokens: Sequence[str]) -> int:
        """Number of leading tokens that form a place deduce knows ("Den Haag", "Leidsche Rijn")."""
        return self._trie(self._placename, tokens)

    def street(self, tokens: Sequence[str]) -> int:
        return self._trie(self._street, tokens)

    def first_name(self, word: str) -> bool:
        return self._trie(self._first_name, [word]) == 1


def tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN_RE.finditer(text):
        start = m.start()
        gap = text[prev_end:start]
        if gap == " " and out:  # by far the most common case
            out.append(_Tok(start, m.end(), m.group(), False, True))
            prev_end = m.end()
            continue
        stripped = gap.rstrip(_OPENERS)
        if out:
            initial = "\n" in gap or (stripped[-1:] in _SENTENCE_END and stripped != "")
        else:
            initial = stripped == "" or stripped[-1:] in _SENTENCE_END
        out.append(_Tok(start, m.end(), m.group(), initial, False))
        prev_end = m.end()
    return out


def sentence_initial(text: str, pos: int) -> bool:
    """Does the word at ``pos`` start a sentence (or the text, a line, a quote after a colon)?"""
    start = pos
    while start > 0 and text[start - 1] in _OPENERS:
        start -= 1
    return start == 0 or text[start - 1] in _SENTENCE_END


def _strip_lower_tail(text: str) -> str:
    """Hyphenated words keep only their capitalised parts: "Lindenhof-flat" → "Lindenhof"."""
    if "-" not in text:
        return text
    parts = text.split("-")
    keep = [parts[0]]
    for p in parts[1:]:
        if not p[:1].isupper():
            break
        keep.append(p)
    return "-".join(keep)


def _is_name_like(tok: _Tok) -> bool:
    """Capitalised, and not an abbreviation (GGD, MS, POH, WhatsApp): those are never pseudonymised here."""
    if not tok.text[:1].isupper():
        return False
    word = _strip_lower_tail(tok.text)
    return all(sum(ch.isupper() for ch in part) <= 1 for part in word.split("-"))


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


def institution_spans(
    text: str,
    lexicon: Lexicon,
    blocked: Sequence[tuple[int, int]] = (),
    person_starts: Iterable[int] = (),
    toks: list[_Tok] | None = None,
) -> list[Found]:
    """Names of organisations, schools, community centres (see the module docstring), unknown
    place-like compounds after a preposition, and the organisation-type words beside names as ``KEEP``.

    ``blocked``: spans never to be touched (codebook terms). ``person_starts``: offsets where deduce or
    a known name starts a person ("met De Vries"), so a capitalised article there is a surname prefix.
    ``toks``: :func:`tokens` of ``text``, when the caller has them already.
    """
    toks = tokens(text) if toks is None else toks
    persons = set(person_starts)
    found: list[Found] = []

    def free(t: _Tok) -> bool:
        return not _covered(t.start, t.end, blocked)

    def name_run(i: int, limit: int = 4) -> int:
        """Index after the run of name tokens starting at i (capitalised words, '&', inner tussenvoegsels)."""
        j, n = i, 0
        while j < len(toks) and n < limit:
            t = toks[j]
            if j > i and not t.joined:
                break
            if t.text == "&" and j + 1 < len(toks) and toks[j + 1].joined and toks[j + 1].cap:
                j += 1
                continue
            if (
                t.text.lower() in _TUSSEN
                and j > i
                and j + 1 < len(toks)
                and toks[j + 1].joined
                and toks[j + 1].cap
            ):
                j += 1
                continue
            if not (t.cap and free(t) and (j == i or not t.initial)):
                break
            if _strip_lower_tail(t.text) != t.text:
                j += 1
                break
            j, n = j + 1, n + 1
        return j

    def span_of(i: int, j: int) -> tuple[int, int]:
        return toks[i].start, toks[i].start + len(_strip_lower_tail(text[toks[i].start : toks[j - 1].end]))

    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.text.lower()
        # 1. head word + name: "Stichting Op Koers", "basisschool De Vlierboom", "Woongoed Vlierhof".
        head_len = 0
        if low in _HEADS:
            head_len = 1
        elif low == "sociaal" and i + 1 < len(toks) and toks[i + 1].text.lower() == "team":
            head_len = 2
        compound_head = False
        if head_len == 0 and (suffix := _ORG_SUFFIX_RE.search(low)) is not None and suffix.start() >= 3:
            # A known compound ("Tuincentrum", "zorgloket") names a type like the words in _HEADS;
            # an unknown one ("Woongoed", "Burenkracht") may be the name itself.
            if lexicon.known(t.text):
                head_len = 1
            else:
                compound_head = t.cap and _is_name_like(t)
        if head_len or compound_head:
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
            if k < len(toks) and toks[k].joined and toks[k].cap and not toks[k].initial:
                end = name_run(k)
                if end > k and not all(toks[x].text.lower() in _ALLOW for x in range(k, end)):
                    start_tok = i if compound_head else k
                    a, b = span_of(start_tok, end)
                    if free(toks[start_tok]):
                        found.append((a, b, INSTELLING))
                        if not compound_head:
                            found.append((t.start, toks[k - 1].end, KEEP))
                    i = end
                    continue
        # 2. name + trailing head: "Vechtzoom College", "het Zilverreiger College".
        if t.text in _TRAIL_HEADS and i > 0 and t.joined:
            k = i
            while k > 0 and i - k < 3 and toks[k].joined:
                prev = toks[k - 1]
                if not (prev.cap and free(prev) and _is_name_like(prev)) or prev.text.lower() in _ARTICLES:
                    break
                k -= 1
                if prev.initial:
                    break
            if k < i:
                found.append((toks[k].start, toks[i - 1].end, INSTELLING))
                found.append((t.start, t.end, KEEP))
        # 3. a capitalised article inside a sentence: "van Het Anker", "school, De Wilgenhoek".
        if t.text in _NAME_ARTICLES and not t.initial and free(t) and t.start not in persons:
            prev = toks[i - 1] if i > 0 else None
            # After a title or a first name it is a surname prefix: "mevrouw De Wit", "Ilse De Wit".
            after_title = prev is not None and (
                prev.text.lower() in _TITLES or (t.joined and prev.cap and prev.text.lower() not in _HEADS)
            )
            nxt = i + 1
            if not after_title and nxt < len(toks) and toks[nxt].joined and toks[nxt].cap:
                end = name_run(nxt, limit=3)
                words = [toks[x].text for x in range(i, end)]
                if (
                    end > nxt
                    and not lexicon.placename(words)
                    and not all(w.lower() in _ALLOW for w in words[1:])
                ):
                    a, b = span_of(i, end)
                    category = LOCATIE if _PLACE_SUFFIX_RE.search(words[-1].lower()) else INSTELLING
                    found.append((a, b, category))
                    i = end
                    continue
        # 4. an unknown place-like compound after a preposition or article: "op de Gruttohof". deduce
        # tends to swallow such a place into the person before it ("zijn moeder Ayla op de Gruttohof").
        if (
            i > 0
            and t.joined
            and not t.initial
            and toks[i - 1].text in _PLACE_CONTEXT
            and _is_name_like(t)
            and free(t)
            and _PLACE_SUFFIX_RE.search(_strip_lower_tail(t.text).lower())
            and not lexicon.known(_strip_lower_tail(t.text))
        ):
            found.append((t.start, t.start + len(_strip_lower_tail(t.text)), LOCATIE))
        i += 1
    return found


@dataclass
class UnknownNames:
    """What :func:`unknown_name_spans` found in one interview."""

    persons: list[str]
    """Person names as written (for the name index, which replaces them everywhere)."""
    spans: list[list[Found]]
    """Per piece: places and institutions (persons go through the name index)."""


def unknown_name_spans(
    pieces: Sequence[str],
    lexicon: Lexicon,
    covered: Sequence[Sequence[tuple[int, int]]],
    persons: Sequence[Sequence[tuple[int, int]]],
    skip_surface: Callable[[str], bool] = lambda _s: False,
    all_toks: Sequence[list[_Tok]] | None = None,
) -> UnknownNames:
    """Capitalised words that no lexicon knows, grouped into names, with a category each.

    ``covered``: per piece, spans already annotated (deduce, own finders, codebook terms): left alone.
    ``persons``: per piece, spans known to be persons, so that "Cor" before a known "Van Leeuwen"
    becomes part of that name. ``skip_surface``: names another finder already handles everywhere.
    ``all_toks``: :func:`tokens` of each piece, when the caller has them already.
    """
    if all_toks is None:
        all_toks = [tokens(p) for p in pieces]
    lowered = {w for toks in all_toks for w in lowercase_words(toks)}
    votes = unknown_name_votes(pieces, lexicon, covered, persons, lowered, skip_surface, all_toks)
    return decide_unknown_names([votes], len(pieces))


def lowercase_words(toks: Iterable[_Tok]) -> set[str]:
    """The words of a piece written in lowercase somewhere (see :func:`_initial_ok`)."""
    return {t.text.lower() for t in toks if not t.cap}


@dataclass
class UnknownVotes:
    """Evidence for unknown names in a run of consecutive pieces; merged by :func:`decide_unknown_names`."""

    votes: dict[str, Counter]
    """Surface → weighted votes per category, in order of first occurrence."""
    where: list[tuple[int, int, int, str]]
    """(piece index, start, end, surface) of every occurrence."""


def unknown_name_votes(
    pieces: Sequence[str],
    lexicon: Lexicon,
    covered: Sequence[Sequence[tuple[int, int]]],
    persons: Sequence[Sequence[tuple[int, int]]],
    lowered: set[str],
    skip_surface: Callable[[str], bool],
    all_toks: Sequence[list[_Tok]],
    first_index: int = 0,
) -> UnknownVotes:
    """The first half of :func:`unknown_name_spans` for pieces ``first_index…`` of an interview.

    ``lowered`` holds the lowercase words of the whole interview, so runs of pieces can be looked at
    separately (in parallel) and their votes merged afterwards with the same outcome.
    """
    votes: dict[str, Counter] = {}
    where: list[tuple[int, int, int, str]] = []
    for pi, (text, toks) in enumerate(zip(pieces, all_toks, strict=True)):
        cov, pers = covered[pi], persons[pi]
        i = 0
        while i < len(toks):
            t = toks[i]
            word = _strip_lower_tail(t.text)
            if not _candidate(t, word, lexicon) or _covered(t.start, t.start + len(word), cov):
                i += 1
                continue
            # Group with the capitalised words that follow in the same sentence ("Ilias Bouzid",
            # "Cor Van Leeuwen", "Leidsche Rijn").
            j = i + 1
            while j < len(toks):
                n = toks[j]
                if not n.joined or n.initial or _strip_lower_tail(toks[j - 1].text) != toks[j - 1].text:
                    break
                if n.text.lower() in _TUSSEN and j + 1 < len(toks) and toks[j + 1].joined and toks[j + 1].cap:
                    j += 1
                    continue
                if not (n.cap and _is_name_like(n)):
                    break
                j += 1
            while j - 1 > i and toks[j - 1].text.lower() in _TUSSEN:
                j -= 1
            group = toks[i:j]
            words = [_strip_lower_tail(g.text) for g in group]
            if lexicon.placename(words):
                i = j
                continue
            if t.initial and not _initial_ok(group, word, lexicon, pers, lowered):
                # The words after it are inside the sentence and get their own chance: "Daarvoor
                # Overvecht" is an adverb and a place.
                i += 1
                continue
            a, b = group[0].start, group[-1].start + len(words[-1])
            surface = text[a:b]
            if skip_surface(surface):
                i = j
                continue
            prev = toks[i - 1] if i > 0 and not t.initial else None
            category, weight = PERSOON, 1
            if _PLACE_SUFFIX_RE.search(words[-1].lower()) or lexicon.street(words):
                category, weight = LOCATIE, 3
            elif prev is not None and prev.text.lower() in _ARTICLES:
                category, weight = INSTELLING, 2
            elif prev is not None and prev.text.lower() in _PLACE_PREPS:
                category, weight = LOCATIE, 1
            votes.setdefault(surface, Counter())[category] += weight
            where.append((first_index + pi, a, b, surface))
            i = j
    return UnknownVotes(votes, where)


def decide_unknown_names(parts: Iterable[UnknownVotes], n_pieces: int) -> UnknownNames:
    """Merge the votes of consecutive runs of pieces (in order) and give every surface its category."""
    votes: dict[str, Counter] = {}
    where: list[tuple[int, int, int, str]] = []
    for part in parts:
        for surface, counter in part.votes.items():
            votes.setdefault(surface, Counter()).update(counter)
        where.extend(part.where)
    result = UnknownNames(persons=[], spans=[[] for _ in range(n_pieces)])
    decided = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    for surface, category in decided.items():
        if category == PERSOON:
            result.persons.append(surface)
    for pi, a, b, surface in where:
        if decided[surface] != PERSOON:
            result.spans[pi].append((a, b, decided[surface]))
    return result


def _candidate(tok: _Tok, word: str, lexicon: Lexicon) -> bool:
    if not _is_name_like(tok) or len(word) < 2 or word.lower() in _ALLOW or tok.text.lower() in _ALLOW:
        return False
    return not lexicon.known(word) and not lexicon.known(tok.text)


def _initial_ok(
    group: list[_Tok],
    word: str,
    lexicon: Lexicon,
    persons: Sequence[tuple[int, int]],
    lowered: set[str],
) -> bool:
    """A sentence starts with an unknown capitalised word: a name only with more evidence.

    Either the next word continues a name ("Ilias Bouzid", "Cor Van Leeuwen"), or the word is never
    written in lowercase in the interview, is no compound or derivation of known words and is not on
    deduce's list of ordinary words ("Bommel, af!").
    """
    if lexicon.is_compound(word):
        return False
    rest = [g for g in group[1:] if g.text.lower() not in _TUSSEN]
    if rest:
        nxt = rest[0]
        nxt_word = _strip_lower_tail(nxt.text)
        if not lexicon.known(nxt_word) or _covered(nxt.start, nxt.end, persons) or lexicon.first_name(word):
            return True
    low = word.lower()
    return len(word) >= 4 and not lexicon.whitelisted(word) and "-" not in word and low not in lowered


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
        if article in _NAME_ARTICLES and rest:
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
