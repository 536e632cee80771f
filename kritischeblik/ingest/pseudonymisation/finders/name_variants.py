"""Known names written otherwise: misspelled ("OUAZANI" for Ouazzani), as a scanner reads them ("Kirnberley" for
Kimberley, "S1uijs" for Sluijs; fifteenth dev author) and split in two by speech recognition ("rozen daal" for
Rozendaal). Each such form points to the person, and :class:`.names.NameIndex` (``aliases``) gives it that
person's placeholder. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .name_lists import TUSSENVOEGSELS, NameLists
from .names import clean_name

_CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-ZÀ-Þ][^\W\d_]{4,}(?![\w-])")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def name_parts(known: Iterable[str]) -> set[str]:
    """The parts of five letters or more of the known names, lowercase, without tussenvoegsels."""
    targets: set[str] = set()
    for raw in known:
        name = clean_name(raw)
        if name is not None:
            targets |= {
                w.lower()
                for w in re.split(r"[\s-]+", name)
                if len(w) >= 5 and w.lower() not in TUSSENVOEGSELS
            }
    return targets


def near_misses(
    known: Iterable[str],
    pieces: Iterable[str],
    lists: NameLists | None,
    covered: re.Pattern[str] | None = None,
) -> dict[str, str]:
    """Capitalised words one letter away from a known first name or surname of five letters or more, each with
    the name part it misspells (lowercase): ``{"OUAZANI": "ouazzani"}``.

    Letters, forms and speech recognition misspell names ("OUAZANI" for Ouazzani, "Jansen" for Janssen); such a
    spelling still points to the person, and :class:`NameIndex` (``aliases``) gives it that person's placeholder.
    A word one letter from parts of two names ("Jansen" for Janssen and Jansma) is linked to neither (``""``).
    Ordinary Dutch words and listed first names stay out. Symmetric deletions (a deletion-neighbourhood per word)
    find one substitution, insertion, deletion or transposition without a distance computation per pair.
    ``covered``: the name index's regex; forms it matches are left to it."""
    targets = name_parts(known)
    if not targets:
        return {}
    neighbourhood: dict[str, set[str]] = {}
    for target in targets:
        for variant in _deletions(target):
            neighbourhood.setdefault(variant, set()).add(target)
    seen: set[str] = set()
    out: dict[str, str] = {}
    for piece in pieces:
        for m in _CAPITALISED_WORD.finditer(piece):
            word = m.group()
            low = word.lower()
            if low in seen or low in targets:
                continue
            seen.add(low)
            if covered is not None and covered.fullmatch(low):
                continue  # a form the index finds anyway ("Liekes", "Pietje"): it keeps its person's key
            if lists is not None and (lists.ordinary(word) or lists.first_name(low)):
                # A listed first name one letter off (Mohamed, Mohammed; Anna, Anne) is usually someone else.
                continue
            matched = set().union(*(neighbourhood.get(v, set()) for v in _deletions(low)))
            if matched:
                out[word] = next(iter(matched)) if len(matched) == 1 else ""
    return out


# What a scanner reads for letters of a name: "rn" for "m", "vv" for "w", a digit for the letter it looks like.
_SCANNED = (("rn", "m"), ("vv", "w"))
_SCANNED_LETTERS = str.maketrans("10", "lo")
_SCANNED_WORD = re.compile(r"(?<![\w-])[A-ZÀ-Þ][\w]{3,}(?![\w-])")
_WORD = re.compile(r"(?<![\w-])[^\W\d_]{3,}(?![\w-])")


def _unscanned(low: str) -> str:
    for seen, meant in _SCANNED:
        low = low.replace(seen, meant)
    return low.translate(_SCANNED_LETTERS)


_TITLES = frozenset(
    [
        "meneer",
        "mevrouw",
        "mevr",
        "mw",
        "dhr",
        "juf",
        "juffrouw",
        "meester",
        "dokter",
        "dr",
        "tante",
        "oom",
        "opa",
        "oma",
        "familie",
        "fam",
    ]
)


def scanned_and_split(known: Iterable[str], pieces: Iterable[str]) -> dict[str, str]:
    """Forms of a known name part (five letters or more) as a scanner reads them or speech recognition splits
    them, each with the part or the whole name it stands for (lowercase): ``{"Kirnberley": "kimberley",
    "ilse rozen daal": "ilse rozendaal"}``. A scanned form is a capitalised word that reads as the part once "rn",
    "vv" and look-alike digits are read as the letters meant. A split form is two words of three letters or
    more that make the part; as two ordinary words ("een nieuw land" for Nieuwland, "een goed hart" for
    Goedhart) they are often no name, so they count only after another part of the same name (tussenvoegsels
    between allowed: "ilse van rozen daal") or after a title ("meneer goed hart")."""
    targets = name_parts(known)
    if not targets:
        return {}
    wholes = {n.lower() for n in map(clean_name, known) if n is not None}
    out: dict[str, str] = {}
    for piece in pieces:
        for m in _SCANNED_WORD.finditer(piece):
            low = m.group().lower()
            if low not in targets and (meant := _unscanned(low)) != low and meant in targets:
                out[m.group()] = meant
        words = list(_WORD.finditer(piece))
        for k in range(1, len(words) - 1):
            a, b = words[k], words[k + 1]
            part = (a.group() + b.group()).lower()
            if piece[a.end() : b.start()] != " " or part not in targets:
                continue
            j = k - 1
            while j > 0 and words[j].group().lower() in TUSSENVOEGSELS and _spaced(piece, words, j):
                j -= 1
            if not _spaced(piece, words, j):
                continue
            before = words[j].group().lower()
            if before in _TITLES:
                out[f"{a.group()} {b.group()}"] = part
                continue
            whole = " ".join([before, *(w.group().lower() for w in words[j + 1 : k]), part])
            if whole in wholes:
                out[piece[words[j].start() : b.end()]] = whole
    return out


# A handle or hashtag: after @ or #, or a word with a digit, a dot or underscore inside, or a lowercase start with
# a capital after it ("@yas.mina.x", "#stijnmoetblijven", "mo.tahiri05", "xDaniloNL"). Not a brand in CamelCase
# ("AlbertHeijn"), a web or file name ("www.groot.nl", "verslag_groot.docx") or a missing space ("groot.Daarna").
_TOKEN = re.compile(r"(?<![\w@#.])[@#]?\w[\w.]*\w")
_HANDLE_SHAPE = re.compile(r"\A[@#]|\d|[^\W\d_][._][^\W\d_]|\A[a-z]+[A-Z]")
_NOT_A_HANDLE = re.compile(
    r"(?i:\Awww\.|\.(?:nl|com|org|net|be|eu|de|fr|pdf|docx?|xlsx?|pptx?|jpe?g|png)\Z)|[a-z]\.[A-Z]"
)
# The pieces of a handle: between dots, underscores, digits, and where a capital follows a lowercase letter.
_SEGMENT = re.compile(r"[A-Z]?[a-zà-ÿ]+|[A-Z]+(?![a-z])")
_HANDLE_MAX = 40


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def handles(known: Iterable[str], pieces: Iterable[str], lists: NameLists | None = None) -> dict[str, str]:
    """Handles and hashtags made of a known person's name, each with the name part or whole name it holds (sixteenth
    dev author): a piece of the handle is a name part of five letters or more ("mo.tahiri05", "xDaniloNL"), or
    first name and surname of one person together ("#sannevisser"); a hashtag may go on after a name that is no
    Dutch word ("#stijnmoetblijven", not "#koningsdag"). "@susanne_2009" is not Sanne, "karina.x09" not Karin."""
    parts = {_fold(p): p for p in name_parts(known)}
    wholes: dict[str, str] = {}
    for raw in known:
        name = clean_name(raw)
        if name is not None:
            words = [_fold(w) for w in re.split(r"[\s-]+", name) if w.lower() not in TUSSENVOEGSELS]
            if len(words) >= 2:
                wholes["".join(words)] = name.lower()
                wholes[words[0] + words[-1]] = name.lower()
    if not parts:
        return {}
    out: dict[str, str] = {}
    for piece in pieces:
        if not ("#" in piece or "@" in piece or "." in piece or "_" in piece or _HANDLE_SHAPE.search(piece)):
            continue
        for m in _TOKEN.finditer(piece):
            token = m.group()
            if len(token) > _HANDLE_MAX or "@" in token[1:] or not _HANDLE_SHAPE.search(token):
                continue
            if _NOT_A_HANDLE.search(token):
                continue
            target = _handle_target(token, parts, wholes, lists)
            if target is not None:
                out[token] = target
    return out


def _handle_target(
    token: str, parts: dict[str, str], wholes: dict[str, str], lists: NameLists | None
) -> str | None:
    segments = [_fold(s) for s in _SEGMENT.findall(token)]
    held = {parts[s] for s in segments if s in parts} | {wholes[s] for s in segments if s in wholes}
    if len(held) == 1:
        return held.pop()
    if held or not token.startswith("#") or len(segments) != 1:
        return None
    starts = [p for f, p in parts.items() if segments[0].startswith(f) and len(segments[0]) > len(f)]
    if len(starts) == 1 and lists is not None and not lists.ordinary(starts[0]):
        return starts[0]
    return None


def _spaced(piece: str, words: list[re.Match[str]], j: int) -> bool:
    """Whether only spaces stand between ``words[j]`` and the word after it."""
    return piece[words[j].end() : words[j + 1].start()].strip() == ""
