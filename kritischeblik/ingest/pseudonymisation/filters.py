"""Spans from the finders, and the filters between deduce, the finders and the codebook.

The orchestration (:mod:`.pseudonymiser`) calls these per piece: codebook terms as shields, own annotations as
:class:`.spans.Span`, and the vetting of deduce's spans (ordinary words at a sentence start, durations taken for
ages, ordinary words a text in capitals glues to a name).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .categories import INSTELLING, LEEFTIJD, LOCATIE, PERSOON
from .finders.identifier_ages import looks_like_duration
from .finders.identifiers import find_identifiers_in_turn
from .finders.lexicon import SENTENCE_OPENERS, Lexicon, interjection_start, sentence_initial
from .finders.name_lists import NameLists
from .finders.names import NameIndex, norm, words_pattern
from .spans import Span, overlaps

_NAME_CATEGORIES = frozenset({PERSOON, LOCATIE, INSTELLING})


def protected_regex(terms: Sequence[str]) -> re.Pattern[str] | None:
    """Codebook terms, lowercased, for :func:`shield_spans`."""
    words = sorted({" ".join(t.split()).lower() for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(words_pattern(w) for w in words) + r")(?!\w)")


def shield_spans(protected: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Where codebook terms occur in ``text``, case-insensitively.

    Matching the lowercased text is ~5x faster than an IGNORECASE pattern (which cannot skip ahead on
    the first characters); when lowercasing changes the length (a rare letter such as "İ"), offsets would
    no longer fit and the IGNORECASE pattern is used.
    """
    if protected is None:
        return []
    low = text.lower()
    if len(low) == len(text):
        return [m.span() for m in protected.finditer(low)]
    return [m.span() for m in re.compile(protected.pattern, re.IGNORECASE).finditer(text)]


def name_annotations(text: str, names: NameIndex) -> list[Span]:
    return [Span(a, b, PERSOON, True, key) for a, b, key in names.spans(text)]


def pattern_annotations(
    text: str, before: str = "", after: str = "", answer: str | None = None
) -> list[Span]:
    """Structured identifiers in ``text``; ``before``/``after``: the neighbouring turns an identifier may run into
    (:func:`.finders.identifier_turns.neighbours`); ``answer``: what the turn answers or corrects in the turn
    before it (:func:`.finders.identifier_turns.answer_kind`)."""
    return [
        Span(start, end, category, True)
        for start, end, category in find_identifiers_in_turn(text, before, after, answer)
    ]


_LOWER_WORD_RE = re.compile(r"(?<![\w-])[^\W\d_A-ZÀ-Þ][^\W\d_]*(?![\w-])")


def lowercase_words(text: str) -> set[str]:
    return {w for w in _LOWER_WORD_RE.findall(text) if w.islower()}


def written_as_name(pieces: Sequence[str], word: str) -> bool:
    """Is ``word`` written with a capital inside a sentence in any of ``pieces`` ("meneer Mooi", "met Pas")?
    There the capital says the word is a name."""
    form = word.capitalize()
    pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])")
    return any(not sentence_initial(t, m.start()) for t in pieces if form in t for m in pattern.finditer(t))


# A plural verb right after the word: its subject is a group ("Schippers zijn handige mensen", "Boeren hebben
# het zwaar"), not one person with a surname that is also a noun.
_PLURAL_VERB_AFTER_RE = re.compile(
    r"\s+(?:zijn|waren|hebben|hadden|worden|werden|kunnen|konden|moeten|moesten|willen|wilden|mogen|mochten"
    r"|zullen|zouden|gaan|gingen|komen|kwamen|doen|deden|weten|wisten|zitten|zaten|staan|stonden|blijven"
    r"|bleven|krijgen|kregen|zeggen|zeiden|vinden|vonden|werken|werkten|wonen|woonden)(?!\w)"
)


def drop_ordinary_sentence_starts(
    text: str,
    spans: list[Span],
    lexicon: Lexicon,
    lower: set[str],
    named: Callable[[str], bool] = lambda _w: False,
) -> list[Span]:
    """deduce's person spans that are an ordinary word capitalised only because a sentence starts.

    deduce's surname list holds words like "Mooi", "Niks", "Pas" and "Boven", and a reply "Mooi." or
    "Niks te vinden." became a person. Such a word is dropped only when the interview also uses it in
    lowercase (``lower``: :func:`lowercase_words` of all its pieces): a real surname ("Bakker belde")
    is rarely also an ordinary word in the same interview. Words that open a sentence in speech
    (:data:`.lexicon.SENTENCE_OPENERS`: "Pas toen…", "Mooi was dat") are dropped even when the interview
    never writes them in lowercase, unless it writes them as a name elsewhere (``named``: asked only for
    such a word, :func:`written_as_name` over all its pieces; "meneer Mooi. Mooi belde"). An ordinary word followed by
    a plural verb is a group ("Schippers zijn…"), whatever the interview writes elsewhere.
    """
    keep = []
    for span in spans:
        word = text[span.start : span.end].strip()
        if span.category == PERSOON and interjection_start(text, span.start, span.end):
            continue
        if (
            span.category == PERSOON
            and word.isalpha()
            and (
                word.lower() in lower
                or (word.lower() in SENTENCE_OPENERS and not named(word))
                or _PLURAL_VERB_AFTER_RE.match(text, span.end) is not None
            )
            and sentence_initial(text, span.start)
            and (lexicon.known(word) or lexicon.whitelisted(word))
        ):
            continue
        keep.append(span)
    return keep


def drop_durations(text: str, spans: list[Span], own: Sequence[Span]) -> list[Span]:
    """deduce's ages that read as a duration ("heeft 40 jaar gewerkt", "in 5 jaar"): deduce takes any "N jaar"
    for an age; our own finder (:mod:`.identifier_ages`) decides, and where it found no age a duration stays."""
    ages = [(o.start, o.end) for o in own if o.category == LEEFTIJD]
    return [
        s
        for s in spans
        if s.category != LEEFTIJD
        or any(overlaps(s, a, b) for a, b in ages)
        or not looks_like_duration(text, s.start, s.end)
    ]


def capital_cores(text: str, spans: list[Span], lists: NameLists) -> list[Span]:
    """Name spans without the ordinary words a text in capitals tricks finders into ("DE THUISZORG ZEI"),
    and person spans without a preposition before a first name ("van Gerrit Hoekstra")."""
    out = []
    for span in spans:
        if span.category not in _NAME_CATEGORIES:
            out.append(span)
            continue
        core = lists.capital_core(text[span.start : span.end])
        if core is None:
            continue
        if span.category == PERSOON:
            skip = lists.particles_before_first_name(text[span.start + core[0] : span.start + core[1]])
            core = (core[0] + skip, core[1])
        a, b = span.start + core[0], span.start + core[1]
        if (a, b) != (span.start, span.end):
            key = norm(text[a:b]) if span.key is not None else None
            span = Span(a, b, span.category, span.own, key)
        out.append(span)
    return out
