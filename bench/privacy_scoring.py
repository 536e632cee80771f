"""Scoring of pseudonymisation against a labelled privacy corpus (corpora/privacy/); pure, no project needed.

A labelled transcript ``ID.md`` has beside it ``ID.labels.yaml`` (format in corpora/privacy/README.md):
every identifying mention as ``text`` (an exact substring of the file), ``category`` and the ``identifying``
part(s) of the text that must be replaced; ``keep`` lists ordinary words that must stay readable.

How a transcript is scored (``score_transcript``):

* Everything is compared after removing Unicode format characters (category Cf: soft hyphen, zero-width,
  bidi controls) and C0/C1 control characters other than tab and line breaks, and with no-break spaces as
  ordinary spaces, on both sides, because ingest does the same before pseudonymising.
* A mention occurs wherever its text occurs as a whole word (not inside a longer word); an occurrence inside
  a longer labelled occurrence belongs to the longer one. Speaker prefixes (``Naam:`` at the start of a
  line) are not mentions: the format replaces them by role labels.
* Mentions found in what the pseudonymiser was given (its input pieces) are caught when every letter and
  digit of every identifying part lies inside a replaced span (a placeholder in the output).
* Mentions in the file that the pseudonymiser never saw (front matter that is not pseudonymised as text) are
  caught only when none of their identifying parts occurs anywhere in what the project stores once the
  pseudonymiser's output is taken out (attributes, role, speaker labels, ...; case-insensitive, whole word):
  a name that leaked through the text is counted there, once.
* Precision: replaced spans that overlap a labelled mention / all replaced spans.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kritischeblik.ingest.speakers import name_shaped

CATEGORIES = (
    "naam_bekend",
    "naam_overig",
    "bsn",
    "iban",
    "kenteken",
    "postcode",
    "adres",
    "telefoon",
    "email",
    "geboortedatum",
    "dossiernummer",
    "leeftijd",
    "organisatie",
    "plaats",
)
STRUCTURED = (
    "bsn",
    "iban",
    "kenteken",
    "postcode",
    "adres",
    "telefoon",
    "email",
    "geboortedatum",
    "dossiernummer",
    "leeftijd",
)
TARGETS = {**dict.fromkeys(STRUCTURED, 1.0), "naam_bekend": 1.0, "naam_overig": 0.97}
PRECISION_TARGET = 0.9
PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*)-\d+\]")
# Speaker prefix as the transcript format defines it: 1-5 words starting with a capital (particles
# lowercase allowed), then a colon.
_SPEAKER_LINE = re.compile(r"^[ \t]*(?P<sp>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,4})[ \t]*:", re.MULTILINE)


# -- normalisation -------------------------------------------------------------------------------------------


def _hidden(ch: str) -> bool:
    if ch in "\t\n\r":
        return False
    o = ord(ch)
    return o < 0x20 or 0x7F <= o < 0xA0 or unicodedata.category(ch) == "Cf"


# Ingest turns no-break spaces into ordinary ones (ingest/text_clean.py); a label copied from the file keeps
# them, so both sides are compared with ordinary spaces (one character for one: offsets stay valid).
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u202f\u2007", " "))


def normalise(text: str) -> str:
    """``text`` without format and control characters (tab and line breaks stay), no-break spaces as spaces."""
    return "".join(ch for ch in text if not _hidden(ch)).translate(_SPACES)


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised text and, per character of it, its index in ``text``."""
    keep = [i for i, ch in enumerate(text) if not _hidden(ch)]
    return "".join(text[i] for i in keep).translate(_SPACES), keep


def decode_escapes(text: str) -> str:
    """JSON columns store non-ASCII as \\uXXXX: decode them so a stored name is found either way."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


# -- labels --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    text: str
    category: str
    identifying: tuple[str, ...]

    @functools.cached_property
    def norm(self) -> str:
        return normalise(self.text)

    @functools.cached_property
    def parts(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each identifying part inside the normalised text."""
        spans = []
        for part in self.identifying:
            p = normalise(part)
            at = self.norm.find(p)
            if at < 0 or not p:
                raise ValueError(f"'{part}' is geen deel van '{self.text}'")
            spans.append((at, at + len(p)))
        return tuple(spans)


@dataclass
class LabelFile:
    path: Path
    labels: list[Label]
    keep: list[str] = field(default_factory=list)


def load_labels(path: Path) -> LabelFile:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    labels = []
    for i, m in enumerate(data.get("mentions") or [], start=1):
        if not isinstance(m, dict) or not isinstance(m.get("text"), str) or not m["text"]:
            raise ValueError(f"{path}: vermelding {i} heeft geen tekst")
        ident = m.get("identifying") or [m["text"]]
        if isinstance(ident, str):
            ident = [ident]
        labels.append(Label(m["text"], str(m.get("category", "")), tuple(str(x) for x in ident)))
    keep = [str(k) for k in data.get("keep") or []]
    return LabelFile(path, labels, keep)


def labelled_files(folder: Path) -> list[tuple[Path, LabelFile]]:
    """(transcript, its labels) for every ``*.labels.yaml`` in ``folder``, sorted by name."""
    out = []
    for lab in sorted(folder.glob("*.labels.yaml")):
        transcript = lab.with_name(lab.name.removesuffix(".labels.yaml") + ".md")
        out.append((transcript, load_labels(lab)))
    return out


# -- validity of structured identifiers (the corpus must hold real-looking, checksum-valid numbers) ----------


def elfproef(digits: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", spoken_to_digits(digits))]
    if len(d) != 9:
        return False
    return (sum(w * x for w, x in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]) % 11 == 0


_UNITS = ("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen")
_TENS = {
    "twintig": 2,
    "dertig": 3,
    "veertig": 4,
    "vijftig": 5,
    "zestig": 6,
    "zeventig": 7,
    "tachtig": 8,
    "negentig": 9,
}
_UNIT_RE = "|".join(_UNITS)
_SPOKEN_NUMBER = re.compile(
    rf"(?i)(?<![^\W\d_])(?:(?P<u>{_UNIT_RE})\s*(?:en|ën)\s*(?P<t>{'|'.join(_TENS)})|(?P<tens>{'|'.join(_TENS)})"
    rf"|(?P<unit>{_UNIT_RE}|één))(?![^\W\d_])"
)


def spoken_to_digits(text: str) -> str:
    """Numbers as read aloud and transcribed, as digits: "NL achtendertig KNAB", "NL drie acht RBRB", "NL
    zeven en zestig RABO" (the corpus writes IBANs the way speech recognition renders them)."""

    def digits(m: re.Match[str]) -> str:
        if m.group("u"):
            return f"{_TENS[m.group('t').lower()]}{_UNITS.index(m.group('u').lower())}"
        if m.group("tens"):
            return f"{_TENS[m.group('tens').lower()]}0"
        return str(_UNITS.index(m.group("unit").lower().replace("één", "een")))

    return _SPOKEN_NUMBER.sub(digits, text)


def _compact(number: str) -> str:
    """An identifier without what people put between its groups: spaces, line breaks, commas, dots, dashes."""
    return re.sub(r"[\s,.\-–]", "", spoken_to_digits(number))


def iban_valid(iban: str) -> bool:
    # The country code can be spoken as letter names: "en el, vijfenveertig, rabo, ...".
    s = _compact(re.sub(r"(?i)^en[\s,]*el\b", "NL", iban)).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", s):
        return False
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def dutch_account(text: str) -> bool:
    """A Dutch account as people write it when the IBAN is not whole: without "NL" and check digits
    ("RABO 0312 5577 40"), or an NL IBAN with a typo (the shape is right, the mod-97 check fails)."""
    s = _compact(text).upper()
    return re.fullmatch(r"(?:NL\d{2})?[A-Z]{4}\d{10}", s) is not None


_SIDECODES = (
    "XX-99-99",
    "99-99-XX",
    "99-XX-99",
    "XX-99-XX",
    "XX-XX-99",
    "99-XX-XX",
    "99-XXX-9",
    "9-XXX-99",
    "XX-999-X",
    "X-999-XX",
    "XXX-99-X",
    "X-99-XXX",
    "9-XX-999",
    "999-XX-9",
)


def plate_valid(plate: str) -> bool:
    shape = re.sub(r"[A-Z]", "X", re.sub(r"\d", "9", spoken_to_digits(plate).strip().upper()))
    # Read aloud, a plate's signs can come one by one ("H N Z 38 T"): a run of single signs of one kind is a group.
    shape = re.sub(r"(?<![X9])([X9])(?:[\s,]+\1(?![X9]))+", lambda m: re.sub(r"[\s,]", "", m.group()), shape)
    shape = re.sub(r"[\s.,]*-[\s.,]*|[\s.,]+", "-", shape)  # "38 - HZ - TN": a dash with spaces is one dash
    if "-" in shape:
        return shape in _SIDECODES
    return shape in {s.replace("-", "") for s in _SIDECODES}


def validate(transcript: Path, lf: LabelFile) -> list[str]:
    """Problems with a labelled transcript: labels that do not occur, bad parts, invalid numbers."""
    problems = []
    if not transcript.exists():
        return [f"{transcript}: bestaat niet"]
    text = transcript.read_text(encoding="utf-8")
    norm = normalise(text)
    seen: dict[str, Label] = {}
    for lab in lf.labels:
        where = f"{lf.path.name}: '{lab.text}'"
        if lab.category not in CATEGORIES:
            problems.append(f"{where}: onbekende categorie '{lab.category}'")
        if lab.text not in text:
            problems.append(f"{where}: komt niet letterlijk voor in {transcript.name}")
        try:
            lab.parts  # noqa: B018 - raises on a part that is not in the text
        except ValueError as e:
            problems.append(f"{where}: {e}")
        other = seen.get(lab.norm)
        if other is not None and other.category != lab.category:
            problems.append(f"{where}: ook gelabeld als {other.category}")
        seen[lab.norm] = lab
        if lab.category == "bsn" and not all(elfproef(p) for p in lab.identifying):
            problems.append(f"{where}: geen geldig BSN (elfproef)")
        if lab.category == "iban" and not all(iban_valid(p) or dutch_account(p) for p in lab.identifying):
            problems.append(f"{where}: geen geldige IBAN (mod 97) en geen Nederlands rekeningnummer")
        if lab.category == "kenteken" and not all(plate_valid(normalise(p)) for p in lab.identifying):
            problems.append(f"{where}: geen Nederlandse zijcode")
    for word in lf.keep:
        if not _word_re(normalise(word)).search(norm):
            problems.append(f"{lf.path.name}: keep-woord '{word}' komt niet voor")
    return problems


# -- locating mentions ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _word_re(term: str, flags: int = 0) -> re.Pattern[str]:
    head = r"(?<!\w)" if term[:1].isalnum() or term[:1] == "_" else ""
    tail = r"(?!\w)" if term[-1:].isalnum() or term[-1:] == "_" else ""
    return re.compile(head + re.escape(term) + tail, flags)


def locate(text: str, labels: Sequence[Label]) -> list[tuple[int, int, Label]]:
    """Occurrences (start, end, label) of the labels in normalised ``text``, whole words; an occurrence
    inside a longer one is dropped (it belongs to the longer mention)."""
    found = []
    for lab in labels:
        if lab.norm:
            found.extend((m.start(), m.end(), lab) for m in _word_re(lab.norm).finditer(text))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, Label]] = []
    for occ in found:
        if any(k[0] <= occ[0] and occ[1] <= k[1] for k in kept[-50:]):
            continue
        kept.append(occ)
    return kept


def speaker_spans(text: str) -> list[tuple[int, int]]:
    """Spans of speaker names at the start of lines (after the front matter) in normalised ``text``."""
    body_at = 0
    if text.startswith("---"):
        end = re.search(r"^(---|\.\.\.)[ \t]*$", text[3:], re.MULTILINE)
        body_at = 3 + end.end() if end else 0
    spans = []
    for m in _SPEAKER_LINE.finditer(text, body_at):
        words = m.group("sp").split()
        if words[0][0].isupper() and words[-1][0].isupper() and name_shaped(words):
            spans.append(m.span("sp"))
    return spans


# -- aligning input and output of the pseudonymiser -----------------------------------------------------------


def replaced_spans(original: str, pseudo: str) -> list[tuple[str, int, int]] | None:
    """(category, start, end) in ``original`` of what each placeholder in ``pseudo`` stands for, or None
    when ``pseudo`` is not ``original`` with some spans replaced by placeholders.

    The literal text between placeholders is copied verbatim; the alignment takes, for each placeholder, the
    shortest non-empty span after which the rest still fits (memoised, so it never backtracks badly).
    """
    parts = PLACEHOLDER.split(pseudo)
    literals, cats = parts[0::2], parts[1::2]
    if not original.startswith(literals[0]):
        return None
    if not cats:
        return [] if original == pseudo else None

    @functools.cache
    def fit(i: int, pos: int) -> tuple[tuple[int, int], ...] | None:
        # Placeholder i starts at pos; returns the spans of placeholders i.. or None.
        lit = literals[i + 1]
        if i == len(cats) - 1:
            end = len(original) - len(lit)
            return ((pos, end),) if end > pos and original.endswith(lit) else None
        at = original.find(lit, pos + 1)
        while at >= 0:
            rest = fit(i + 1, at + len(lit))
            if rest is not None:
                return ((pos, at), *rest)
            at = original.find(lit, at + 1)
        return None

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * len(cats) + 1000))
    try:
        spans = fit(0, len(literals[0]))
    finally:
        sys.setrecursionlimit(old)
    if spans is None:
        return None
    return [(c, a, b) for c, (a, b) in zip(cats, spans, strict=True)]


# -- scoring -------------------------------------------------------------------------------------------------


@dataclass
class Mention:
    label: Label
    caught: bool
    where: str  # "tekst" (seen by the pseudonymiser) or "opslag" (never pseudonymised as text)
    context: str = ""


@dataclass
class Replacement:
    category: str
    surface: str
    hit: bool
    context: str = ""
    keep: bool = False


@dataclass
class TranscriptScore:
    name: str
    mentions: list[Mention] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)
    unaligned: int = 0
    keep_total: int = 0
    keep_replaced: list[str] = field(default_factory=list)


def _context(text: str, a: int, b: int) -> str:
    return " ".join(text[max(a - 50, 0) : b + 40].split())


def _covered(a: int, b: int, text: str, spans: Sequence[tuple[str, int, int]]) -> bool:
    return all(any(s <= i < e for _, s, e in spans) for i in range(a, b) if text[i].isalnum())


def _stored_re(part: str) -> re.Pattern[str]:
    return _word_re(part, re.IGNORECASE)


def score_transcript(
    name: str,
    file_text: str,
    labels: Sequence[Label],
    pairs: Iterable[tuple[str, str]],
    stored: str,
    keep: Sequence[str] = (),
) -> TranscriptScore:
    """Score one transcript: ``pairs`` are (input piece, output piece) of every pseudonymiser call made
    while ingesting it, ``stored`` what its project stores beyond an empty project (the pseudonymiser's
    outputs are taken out of it here)."""
    score = TranscriptScore(name)
    pairs = list(pairs)
    stored_norm = normalise(decode_escapes(stored))
    for out in sorted({normalise(p).strip() for _, p in pairs}, key=len, reverse=True):
        if out:
            stored_norm = stored_norm.replace(out, "\n")
    by_norm: dict[str, Label] = {}
    for lab in labels:
        by_norm.setdefault(lab.norm, lab)  # "Arjen" and "Ar\u200bjen" are one mention after normalising
    labels = list(by_norm.values())
    keep_norm = [normalise(k) for k in keep]
    in_pieces: Counter[str] = Counter()
    for original, pseudo in pairs:
        text = normalise(original)
        out = normalise(pseudo)
        occ = locate(text, labels)
        in_pieces.update(lab.norm for _, _, lab in occ)
        spans = replaced_spans(text, out)
        if spans is None:
            # The output is not the input with placeholders: judge by what survives in the output.
            score.unaligned += 1
            for a, b, lab in occ:
                leaked = any(_stored_re(text[a + s : a + e]).search(out) for s, e in lab.parts)
                score.mentions.append(Mention(lab, not leaked, "tekst", _context(text, a, b)))
            continue
        for a, b, lab in occ:
            caught = all(_covered(a + s, a + e, text, spans) for s, e in lab.parts)
            score.mentions.append(Mention(lab, caught, "tekst", _context(text, a, b)))
        for cat, s, e in spans:
            hit = any(a < e and s < b for a, b, _ in occ)
            surface = " ".join(text[s:e].split())
            is_keep = any(_word_re(k, re.IGNORECASE).search(surface) for k in keep_norm)
            score.replacements.append(Replacement(cat, surface, hit, _context(text, s, e), is_keep))
        for k in keep_norm:
            for m in _word_re(k, re.IGNORECASE).finditer(text):
                if any(a <= m.start() and m.end() <= b for a, b, _ in occ):
                    continue  # part of a labelled mention (an e-mail at the buurtteam): not a probe
                score.keep_total += 1
                if any(s < m.end() and m.start() < e for _, s, e in spans):
                    score.keep_replaced.append(k)
    # What the file holds beyond the pieces: front matter the pseudonymiser never saw.
    file_norm = normalise(file_text)
    speakers = speaker_spans(file_norm)
    in_file: Counter[str] = Counter()
    where: dict[str, tuple[int, int]] = {}
    for a, b, lab in locate(file_norm, labels):
        if any(s <= a and b <= e for s, e in speakers):
            continue
        in_file[lab.norm] += 1
        where.setdefault(lab.norm, (a, b))
    for lab in labels:
        extra = in_file[lab.norm] - in_pieces[lab.norm]
        if extra <= 0:
            continue
        parts = [lab.norm[s:e] for s, e in lab.parts]
        leaked = any(_stored_re(p).search(stored_norm) for p in parts)
        a, b = where[lab.norm]
        score.mentions.extend(
            Mention(lab, not leaked, "opslag", _context(file_norm, a, b)) for _ in range(extra)
        )
    return score
