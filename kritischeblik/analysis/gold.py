"""Hand-labelled gold codes (``corpora/gold/*.yaml``) and precision/recall of coding suggestions against them.

Gold file format::

    interview: wijk-01
    fragments:
      - quote: "exact words from one sentence"
        codes: [we-elkaar-kennen, lp-zo-nabij-mogelijk]     # [] = judged to carry no code

Quotes contain no names, so they are found verbatim (up to whitespace and typographic quotes) in the
pseudonymised interview text; a quote is mapped to every segment it overlaps.

Scoring: every mapped fragment is one unit with a set of gold codes and a set of predicted codes (the union
of the suggestions on its segments). Per code, on the gold units only::

    TP = units with the code in gold and predicted, FP = predicted only, FN = gold only
    precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R)

An undefined ratio (0/0) counts as 0, as in scikit-learn with ``zero_division=0``. *Micro* averages pool
TP/FP/FN over codes; *macro* averages the per-code values over the codes that occur in gold or in the
predictions (scikit-learn's multilabel convention). Both are given per code kind and over all codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError

ALL = "(alle)"
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass(frozen=True)
class GoldFragment:
    interview_id: str
    quote: str
    codes: frozenset[str]
    source: str = ""


@dataclass(frozen=True)
class MappedFragment:
    fragment: GoldFragment
    segment_ids: tuple[int, ...]


@dataclass(frozen=True)
class Unmatched:
    fragment: GoldFragment
    reason: str


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    support: int
    """units with the code in gold (summed over codes for an average)"""


@dataclass
class QualityReport:
    per_code: dict[str, Scores]
    micro: dict[str, Scores]
    """per code kind, and ALL for every code"""
    macro: dict[str, tuple[float, float, float]]
    """per code kind and ALL: (precision, recall, F1)"""
    n_units: int
    groups: dict[str, list[str]] = field(default_factory=dict)
    """code ids per kind (and ALL)"""
    unmatched: list[Unmatched] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


def load_gold(paths: Iterable[str | Path]) -> list[GoldFragment]:
    """Read gold files (or every ``*.yaml`` in a directory)."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
    out: list[GoldFragment] = []
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise InputError(str(f), f"kan goudstandaard niet lezen: {e}") from None
        if not isinstance(data, dict) or not isinstance(data.get("interview"), str):
            raise InputError(str(f), "verwacht 'interview: ID' en 'fragments:'")
        frags = data.get("fragments") or []
        if not isinstance(frags, list):
            raise InputError(str(f), "'fragments' moet een lijst zijn")
        for i, frag in enumerate(frags, 1):
            if not isinstance(frag, dict) or not str(frag.get("quote") or "").strip():
                raise InputError(str(f), f"fragment {i}: 'quote' ontbreekt")
            codes = frag.get("codes") or []
            if not isinstance(codes, list):
                raise InputError(str(f), f"fragment {i}: 'codes' moet een lijst zijn")
            out.append(
                GoldFragment(data["interview"], str(frag["quote"]), frozenset(map(str, codes)), str(f))
            )
    return out


# --------------------------------------------------------------------------- mapping


def _quote_pattern(quote: str) -> re.Pattern[str]:
    words = quote.translate(_QUOTES).split()
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def map_fragments(
    fragments: Sequence[GoldFragment],
    interview_texts: Mapping[str, str],
    segments: Sequence,  # objects with id, interview_id, char_start, char_end
) -> tuple[list[MappedFragment], list[Unmatched]]:
    """Find each quote in its interview's text and return the segments it overlaps."""
    by_interview: dict[str, list] = {}
    for s in segments:
        by_interview.setdefault(s.interview_id, []).append(s)
    mapped: list[MappedFragment] = []
    unmatched: list[Unmatched] = []
    for frag in fragments:
        text = interview_texts.get(frag.interview_id)
        if text is None:
            unmatched.append(Unmatched(frag, f"interview '{frag.interview_id}' staat niet in het project"))
            continue
        m = _quote_pattern(frag.quote).search(text.translate(_QUOTES))
        if m is None:
            unmatched.append(Unmatched(frag, "citaat niet gevonden in de (gepseudonimiseerde) tekst"))
            continue
        start, end = m.span()
        ids = tuple(
            s.id for s in by_interview.get(frag.interview_id, []) if s.char_start < end and s.char_end > start
        )
        if not ids:
            unmatched.append(Unmatched(frag, "citaat valt buiten de (actieve) segmenten"))
            continue
        mapped.append(MappedFragment(frag, ids))
    return mapped, unmatched


# --------------------------------------------------------------------------- scoring


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; an undefined ratio (0/0) is 0 (see the module docstring)."""
    return _ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn)


def _scores(tp: int, fp: int, fn: int) -> Scores:
    return Scores(tp, fp, fn, *precision_recall_f1(tp, fp, fn), tp + fn)


def score_units(
    units: Sequence[tuple[frozenset[str] | set[str], frozenset[str] | set[str]]],
    code_kinds: Mapping[str, str],
    unmatched: Sequence[Unmatched] = (),
) -> QualityReport:
    """Score (gold codes, predicted codes) per unit; see the module docstring for the definitions."""
    counts: dict[str, list[int]] = {}
    for gold, pred in units:
        for c in set(gold) | set(pred):
            tp_fp_fn = counts.setdefault(c, [0, 0, 0])
            if c in gold and c in pred:
                tp_fp_fn[0] += 1
            elif c in pred:
                tp_fp_fn[1] += 1
            else:
                tp_fp_fn[2] += 1
    per_code = {c: _scores(*v) for c, v in sorted(counts.items())}
    groups: dict[str, list[str]] = {ALL: list(per_code)}
    for c in per_code:
        groups.setdefault(code_kinds.get(c, "onbekend"), []).append(c)
    micro: dict[str, Scores] = {}
    macro: dict[str, tuple[float, float, float]] = {}
    for kind, codes in groups.items():
        tp = sum(per_code[c].tp for c in codes)
        fp = sum(per_code[c].fp for c in codes)
        fn = sum(per_code[c].fn for c in codes)
        micro[kind] = _scores(tp, fp, fn)
        n = len(codes)
        macro[kind] = (
            (
                sum(per_code[c].precision for c in codes) / n,
                sum(per_code[c].recall for c in codes) / n,
                sum(per_code[c].f1 for c in codes) / n,
            )
            if n
            else (0.0, 0.0, 0.0)
        )
    return QualityReport(per_code, micro, macro, len(units), groups, list(unmatched))


def evaluate_suggestions(
    mapped: Sequence[MappedFragment],
    predicted: Mapping[int, Iterable[str]],
    code_kinds: Mapping[str, str],
    unmatched: Sequence[Unmatched] = (),
) -> QualityReport:
    """Score suggestions (segment id -> code ids) on the mapped gold fragments."""
    units = []
    for m in mapped:
        pred: set[str] = set()
        for sid in m.segment_ids:
            pred.update(predicted.get(sid, ()))
        units.append((m.fragment.codes, frozenset(pred)))
    return score_units(units, code_kinds, unmatched)


def report_rows(report: QualityReport) -> list[dict]:
    """Micro and macro averages per code kind as flat rows (for tables, CSV or the README)."""
    rows = []
    for kind in sorted(report.micro, key=lambda k: (k == ALL, k)):
        mi, ma = report.micro[kind], report.macro[kind]
        rows.append(
            {
                "soort": kind,
                "codes": len(report.groups.get(kind, ())),
                "steun": mi.support,
                "micro_p": round(mi.precision, 3),
                "micro_r": round(mi.recall, 3),
                "micro_f1": round(mi.f1, 3),
                "macro_p": round(ma[0], 3),
                "macro_r": round(ma[1], 3),
                "macro_f1": round(ma[2], 3),
            }
        )
    return rows
