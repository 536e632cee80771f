"""REFI-QDA selections in: each ``PlainTextSelection`` lands on the segments it overlaps, and each of its
codings becomes a coding of its user on those segments, with the notes on it as memo."""

from __future__ import annotations

import bisect
from xml.etree.ElementTree import Element

from ..store.codings import decide
from ..store.codings import find as find_coding
from ..store.exchange import segment_spans
from .cases_reader import References
from .guids import GuidMap, norm_guid
from .report import ImportReport
from .sources_reader import Source
from .xml_reader import child, children


def note_refs(source: Element) -> list[str]:
    """GUIDs of the notes on a source's selections and codings: they become memos of its codings."""
    return [
        norm_guid(r.get("targetGUID"))
        for sel in children(source, "PlainTextSelection")
        for el in (sel, *children(sel, "Coding"))
        for r in children(el, "NoteRef")
    ]


def _note_texts(
    el: Element, ctx: References, report: ImportReport, label: str, pseudo: dict[str, str] | None
) -> list[str]:
    """The texts of the notes ``el`` refers to; a reference that resolves to nothing is reported.

    ``pseudo``: the pseudonymised texts of the source's notes; a note missing there is never written raw."""
    texts: list[str] = []
    notes: GuidMap[str] = ctx.notes
    for r in children(el, "NoteRef"):
        g = norm_guid(r.get("targetGUID"))
        if g in notes:
            ctx.used_notes.add(g)
            text = notes[g] if pseudo is None else pseudo.get(g, "")
            if text:
                texts.append(text)
        else:
            report.not_carried.append(f"{label}: notitie niet overgenomen ({notes.why_not(g)})")
    return texts


def _bounds(sel: Element, src: Source, label: str, report: ImportReport) -> tuple[int, int] | None:
    """The selection's positions in the stored text, white space at the edges left out; None (reported)
    when they are no numbers or fall outside the text."""
    try:
        end = src.shift_end or src.shift
        a, b = src.shift(int(sel.get("startPosition", ""))), end(int(sel.get("endPosition", "")))
    except ValueError:
        report.not_carried.append(f"{label}: ongeldige posities")
        return None
    if not 0 <= a < b <= len(src.text):
        report.not_carried.append(f"{label}: posities buiten de tekst (lengte {len(src.text)})")
        return None
    # Whitespace at the edges of a selection is not a misalignment.
    while a < b and src.text[a].isspace():
        a += 1
    while b > a and src.text[b - 1].isspace():
        b -= 1
    return a, b


def _overlapping(
    spans: list[tuple[int, int, int]], starts: list[int], a: int, b: int
) -> list[tuple[int, int, int]]:
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    hit = []
    while i < len(spans) and spans[i][1] < b:
        if spans[i][2] > a:
            hit.append(spans[i])
        i += 1
    return hit


def _coder(coding: Element, sel_user: str, ctx: References) -> tuple[str, str | None]:
    """The coding's user (its own, else the selection's, else the default); and why not, when ambiguous."""
    for g in (norm_guid(coding.get("creatingUser")), sel_user):
        if g in ctx.users or g in ctx.users.ambiguous:
            return ctx.users.get(g, ctx.default_user), ctx.users.why_not(g)
    return ctx.default_user, None


def _code(coding: Element, ctx: References) -> tuple[str | None, str]:
    ref = child(coding, "CodeRef")
    guid = norm_guid(ref.get("targetGUID") if ref is not None else "")
    code_id = ctx.codes.get(guid)
    why = ctx.codes.ambiguous and guid in ctx.codes.ambiguous and ctx.codes.why_not(guid)
    return code_id, why or "onbekende of niet-codeerbare code"


def _import_selection(
    s,  # noqa: ANN001
    sel: Element,
    hit: list[tuple[int, int, int]],
    label: str,
    ctx: References,
    report: ImportReport,
    pseudo: dict[str, str] | None,
) -> set[str]:
    """The codings of one selection on the segments ``hit``; returns the coders who got codings."""
    sel_user = norm_guid(sel.get("creatingUser"))
    sel_notes = _note_texts(sel, ctx, report, label, pseudo)
    codings = children(sel, "Coding")
    if not codings:
        report.not_carried.append(f"{label}: selectie zonder codering")
    coders: set[str] = set()
    for coding in codings:
        code_id, why_code = _code(coding, ctx)
        if code_id is None:
            report.not_carried.append(f"{label}: codering met {why_code}")
            continue
        who, why = _coder(coding, sel_user, ctx)
        if why is not None:
            report.not_carried.append(f"{label}: codering niet overgenomen ({why})")
            continue
        memo_parts = sel_notes + _note_texts(coding, ctx, report, label, pseudo)
        for seg_id, _a, _b in hit:
            # Two selections can land on one segment with the same code and coder: one coding, both memos.
            prior = find_coding(s, seg_id, code_id, who)
            parts = [prior.memo] if prior is not None and prior.memo else []
            memo = "\n\n".join(dict.fromkeys([*parts, *memo_parts])) or None
            decide(s, seg_id, code_id, who, "add", memo=memo)
            report.codings += prior is None
        coders.add(who)
    return coders


def import_selections(
    s,  # noqa: ANN001
    src: Source,
    iid: str,
    ctx: References,
    report: ImportReport,
    pseudo_notes: dict[str, str] | None,
) -> None:
    """Every selection of ``src`` as codings of interview ``iid`` (inside the caller's write transaction)."""
    spans = segment_spans(s, iid)
    starts = [a for _, a, _ in spans]
    coders: set[str] = set(report.coders)
    for sel in children(src.element, "PlainTextSelection"):
        label = f"bron '{src.name}', selectie {sel.get('startPosition')}-{sel.get('endPosition')}"
        bounds = _bounds(sel, src, label, report)
        if bounds is None:
            continue
        a, b = bounds
        hit = _overlapping(spans, starts, a, b)
        if not hit:
            report.not_carried.append(
                f"{label}: valt buiten alle segmenten (alleen kopjes of sprekerslabels)"
            )
            continue
        report.selections += 1
        if hit[0][1] != a or hit[-1][2] != b:
            excerpt = " ".join(src.text[a:b].split())[:50]
            report.misaligned.append(
                f"{label} ('{excerpt}') valt niet samen met segmentgrenzen; gecodeerd op {len(hit)} segment(en)"
            )
        coders |= _import_selection(s, sel, hit, label, ctx, report, pseudo_notes)
    report.coders = sorted(coders)
