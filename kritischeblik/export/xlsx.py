"""Excel workbook: the tallies, coder scores, matrices, fragments, themes, duidingen and agreement of a project.

Written with openpyxl in write-only mode, so rows stream to disk and a large project does not have to fit
in memory as worksheet objects. Every data sheet is an Excel table (filter buttons on the header row),
with the header frozen and column widths fitted to the content. Numbers are written as numbers.

Privacy: everything comes from the read layer, which never returns withdrawn fragments; confidential
fragments are marked in a column of their own; text of interviews ingested without pseudonymisation is
replaced by a marker. Counts stand next to the memos that explain them ("tellen en vertellen").
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import __version__
from ..analysis import matrices as mx
from ..api import ProjectData
from ..errors import KBError
from ..safefiles import atomic_file
from ..store import coder_scores as store_coder_scores
from ..store import reads
from ..store.codebooks import load_codebooks
from ..store.codings import AUTO, CONSENSUS
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids, unpseudonymised_suggestion_ids
from ..store.score_history import score_history
from ..store.segment_states import state_history
from .common import CONFIDENTIAL, UNPSEUDONYMISED, WITHDRAWN, mask_unpseudonymised
from .xlsx_sheets import (
    WRAP_MAX_ROWS,
    _frame_sheet,
    _Sheet,
    _text_cell,
    _unique_headers,
    _value,
    quiet_failure,
)

SHEETS = (
    "Overzicht", "Principescores", "Scores per codeur", "Keuze principes", "Nieuwe principes", "Codes x omgeving",
    "Codes x rol", "Co-occurrentie", "Fragmenten", "Thema's", "Duidingen", "Codeboek", "Overeenstemming",
    "Verantwoording",
)  # fmt: skip


@dataclass
class XlsxSummary:
    path: Path
    sheets: dict[str, int] = field(default_factory=dict)
    """Data rows per sheet."""
    warnings: list[str] = field(default_factory=list)


# -- the workbook ----------------------------------------------------------------------------------------
def export_xlsx(
    project: Project, out: str | Path, coder: str | None = None, force: bool = False
) -> XlsxSummary:
    """Write the workbook to ``out`` by the rules of :mod:`kritischeblik.safefiles` (atomic; never over the
    project, a device or another database; an existing file only with ``force``)."""
    with atomic_file(out, force=force, protect=[project.path]) as tmp:
        summary = quiet_failure(lambda: write_xlsx(project, tmp, coder=coder))
    summary.path = Path(out)
    return summary


def write_xlsx(project: Project, out: str | Path | IO[bytes], coder: str | None = None) -> XlsxSummary:
    """Write the workbook to a path or binary stream as given (no checks: see :func:`export_xlsx`).

    Memory stays bounded on large projects: the codings are held without their text
    (:func:`reads.coding_index`), segment counts come from SQL, and the Fragmenten sheet streams its rows
    from the database straight into the write-only workbook."""
    summary = XlsxSummary(out if isinstance(out, Path) else Path(str(getattr(out, "name", out))))
    data = ProjectData(project)
    meta = project.meta()
    with project.read() as s:
        books = load_codebooks(s)
        hidden = unpseudonymised_ids(s)
        raw_suggestions = unpseudonymised_suggestion_ids(s)
        # Unpseudonymised interviews' roles must not become column heads (Codes x rol).
        interviews = mask_unpseudonymised(reads.interviews(s), hidden)
        codes = reads.codes(s)
        states = reads.segment_state_counts(s)
        index = reads.coding_index(s, include_auto=True)
        sessions = _sessions(s)
        agreement = _agreement(s)
        coder_scores = _coder_scores(s, coder)
        score_agreement = _score_agreement(s)
        audit = _audit(s)
    if not books:
        raise KBError("Dit project heeft geen codeboek.")
    human = index[index["coder"] == coder] if coder is not None else index[index["coder"] != AUTO]
    auto = index[index["coder"] == AUTO] if coder is None else human.iloc[0:0]
    if coder is not None and human.empty:
        raise KBError(f"Codeur '{coder}' heeft geen coderingen in dit project.")
    if hidden:
        summary.warnings.append(
            f"{len(hidden)} interview(s) zijn niet gepseudonimiseerd ingelezen; hun tekst staat niet in het werkboek"
        )
    tallies = data.tallies()
    choices = data.choices()
    coded = _coded(index, coder) if (len(human) or len(auto)) else None
    basis = coded.attrs.get("basis", "") if coded is not None else "geen coderingen"

    wb = Workbook(write_only=True)
    # Overzicht first; its numbers are computed from the same data as the other sheets.
    overview = _overview(meta, project, books, interviews, states, human, auto, tallies, choices, sessions, coder,
                         basis)  # fmt: skip
    ov = _Sheet(wb, "Overzicht", ["onderdeel", "waarde"], overview, wrap=["waarde"], table=False,
                extra_widths={1: 34, 2: 90})  # fmt: skip
    ov.header()
    for row in overview:
        ov.append(row)
    ov.finish("Overzicht")
    summary.sheets["Overzicht"] = ov.rows

    summary.sheets["Principescores"] = _scores_sheet(wb, tallies)
    summary.sheets["Scores per codeur"] = _frame_sheet(wb, "Scores per codeur", coder_scores, "ScoresPerCodeur",
                                                       empty_note="(nog geen scores van codeurs: kb agreement "
                                                                  "score-set)")  # fmt: skip
    summary.sheets["Keuze principes"] = _choices_sheet(wb, choices)
    suggestions = _suggestions(data, hidden, summary, raw_suggestions)
    summary.sheets["Nieuwe principes"] = _frame_sheet(
        wb, "Nieuwe principes", suggestions, "NieuwePrincipes", wrap=["tekst"]
    )
    memos = _memos_per_code(project, coded, coder, hidden) if len(human) else {}
    for title, by, name in (("Codes x omgeving", "omgeving", "CodesOmgeving"), ("Codes x rol", "rol", "CodesRol")):
        if coded is None:
            df = pd.DataFrame(columns=["code_id", "code"])
        else:
            df = mx.code_matrix(coded, interviews, by=by, codes=codes)
            df["memo's"] = [memos.get(code, "") for code in df["code_id"]]
        summary.sheets[title] = _frame_sheet(wb, title, df, name, wrap=["memo's"],
                                             empty_note="(nog niets gecodeerd)")  # fmt: skip
    cooc = (mx.cooccurrence(coded, interviews=interviews, codes=codes) if coded is not None
            else pd.DataFrame(columns=["code_id", "code"]))  # fmt: skip
    summary.sheets["Co-occurrentie"] = _frame_sheet(wb, "Co-occurrentie", cooc, "Cooccurrentie",
                                                    empty_note="(nog niets gecodeerd)")  # fmt: skip
    del coded, index
    layer = {"coder": coder} if len(human) else {"coder": AUTO}
    summary.sheets["Fragmenten"] = _fragments_sheet(wb, project, layer, len(human) or len(auto), hidden)
    summary.sheets["Thema's"] = _frame_sheet(wb, "Thema's", _themes(data, project, hidden), "Themas",
                                             wrap=["voorbeeld_1", "voorbeeld_2", "voorbeeld_3"])  # fmt: skip
    summary.sheets["Duidingen"] = _frame_sheet(wb, "Duidingen", sessions, "Duidingen", wrap=["tekst"],
                                               empty_note="(nog geen duidingssessies)")  # fmt: skip
    summary.sheets["Codeboek"] = _frame_sheet(wb, "Codeboek", _codebook(books), "Codeboek",
                                              wrap=["definitie", "wanneer wel", "wanneer niet"])  # fmt: skip
    if agreement is None:
        # Hook: the sheet stays in place so the workbook layout is stable once agreement is available.
        ag = pd.DataFrame([{"opmerking": "overeenstemming is in deze versie niet beschikbaar"}])
    else:
        ag = agreement
    summary.sheets["Overeenstemming"] = _agreement_sheet(wb, ag, score_agreement)
    summary.sheets["Verantwoording"] = _frame_sheet(wb, "Verantwoording", audit, "Verantwoording", wrap=["reden"],
                                                    empty_note="(geen member checks of gewijzigde scores)")  # fmt: skip
    wb.save(out)
    return summary



AUDIT_COLUMNS = ["wanneer", "wat", "interview", "fragment", "voorbeeld", "principe", "score van", "van", "naar",
                 "reden", "door"]  # fmt: skip


def _audit(session) -> pd.DataFrame:  # noqa: ANN001
    """Member checks and score changes in time order: the accounting behind the counts. Fragment text is
    left out on purpose: the sheet lists withdrawals, and their text may never leave the store."""
    rows = [{"wanneer": c.at, "wat": "member check", "interview": c.interview_id, "fragment": c.segment_id,
             "van": c.old_state, "naar": c.new_state, "reden": c.reason, "door": c.changed_by}
            for c in state_history(session)]  # fmt: skip
    rows += [{"wanneer": c.at, "wat": "score", "interview": c.interview_id, "voorbeeld": c.example,
              "principe": c.code_id, "score van": c.coder or "interview",
              "van": "" if c.old_score is None else str(c.old_score), "naar": "" if c.new_score is None else str(c.new_score),
              "reden": c.source, "door": c.changed_by or ""}
             for c in score_history(session)]  # fmt: skip
    return pd.DataFrame(sorted(rows, key=lambda r: r["wanneer"]), columns=AUDIT_COLUMNS)


def _coded(index: pd.DataFrame, coder: str | None) -> pd.DataFrame:
    """The coding layer the matrices count (as ``ProjectData.coded``), from the text-free coding index."""
    used = mx.resolve_basis(index, "auto", coder)
    out = mx.select_codings(index, used, coder)
    out.attrs["basis"] = used if used != "codeur" else f"codeur {coder}"
    return out


def _overview(meta, project, books, interviews, states, human, auto, tallies, choices,  # noqa: ANN001
              sessions, coder, basis) -> list[tuple[str, Any]]:  # fmt: skip
    rows: list[tuple[str, Any]] = [
        ("project", project.path.name),
        ("datum export", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("kritischeblik", __version__),
    ]
    for b in books:
        rows.append((f"codeboek {b.id}", f"{b.name}, versie {b.version} ({len(b.codes)} codes)"))
    rows.append(("NLP-pipeline (bij inlezen)", meta.get("nlp_pipeline") or "onbekend"))
    rows.append(("interviews", len(interviews)))
    for om, n in interviews["omgeving"].value_counts().sort_index().items():
        rows.append((f"interviews {om}", int(n)))
    withdrawn = states.get(WITHDRAWN, 0)
    rows.append(("fragmenten (segmenten)", sum(states.values()) - withdrawn))
    rows.append(("waarvan vertrouwelijk", states.get(CONFIDENTIAL, 0)))
    rows.append(("ingetrokken fragmenten (niet in dit werkboek)", withdrawn))
    if coder:
        rows.append(("alleen codeur", coder))
    layers = Counter(zip(human["coder"].astype(str), human["status"].astype(str), strict=True))
    for (who, status), n in sorted(layers.items()):
        rows.append((f"coderingen {who} ({status})", int(n)))
    if len(auto):
        rows.append(("machinesuggesties (laag auto)", len(auto)))
    rows.append(("coderingen met memo", int(human["has_memo"].sum())))
    rows.append(("basis van codematrices", basis))
    n_scores = int(tallies.loc[tallies["omgeving"] == "alle", "n"].sum()) if len(tallies) else 0
    rows.append(("scores (interview × voorbeeld × principe)", n_scores))
    rows.append(("keuzes 'met welk principe ga je aan de slag?'", int(choices["aantal"].sum()) if len(choices) else 0))
    rows.append(("duidingen", len(sessions)))
    rows.append(("toelichting", "Tellingen staan naast de memo's die ze toelichten (kolom memo's en blad Fragmenten). "
                 "Ingetrokken fragmenten (membercheck) komen in geen enkel blad voor; vertrouwelijke fragmenten "
                 "zijn gemarkeerd en mogen niet geciteerd worden. Alle tekst is gepseudonimiseerd."))  # fmt: skip
    return rows


def _scores_sheet(wb: Workbook, tallies: pd.DataFrame) -> int:
    cols = _unique_headers(tallies.columns)
    # Chart data: mean score per principle for all omgevingen, mooi voorbeeld next to vastloopmoment.
    pooled = tallies[tallies["omgeving"] == "alle"]
    pivot = pooled.pivot_table(index="principe", columns="voorbeeld", values="gemiddelde", sort=False, dropna=False)
    pivot = pivot.reindex(list(dict.fromkeys(pooled["principe"])))
    chart_rows = [["principe (alle omgevingen)", *[f"gemiddelde {c}" for c in pivot.columns]]]
    chart_rows += [[idx, *[None if pd.isna(v) else float(v) for v in row]] for idx, row in pivot.iterrows()]
    gap = len(cols) + 2
    sheet = _Sheet(wb, "Principescores", cols, tallies.head(200).itertuples(index=False),
                   formats={"gemiddelde": "0.00", "mediaan": "0.0"},
                   extra_widths={gap: 30, gap + 1: 22, gap + 2: 22})  # fmt: skip
    sheet.header(extra=[None, *chart_rows[0]])
    for i, row in enumerate(tallies.itertuples(index=False), start=1):
        extra = [None, *chart_rows[i]] if i < len(chart_rows) else []
        sheet.append(row, extra=extra)
    sheet.finish("Principescores")
    if len(chart_rows) > 1:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Gemiddelde score per leidend principe"
        chart.y_axis.title = "gemiddelde score"
        chart.y_axis.scaling.min = 0
        data = Reference(sheet.ws, min_col=gap + 1, max_col=gap + len(chart_rows[0]) - 1, min_row=1,
                         max_row=len(chart_rows))  # fmt: skip
        cats = Reference(sheet.ws, min_col=gap, min_row=2, max_row=len(chart_rows))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = 9, 18
        sheet.ws.add_chart(chart, f"{get_column_letter(gap)}{len(chart_rows) + 3}")
    return sheet.rows


def _choices_sheet(wb: Workbook, choices: pd.DataFrame) -> int:
    cols = _unique_headers(choices.columns)
    sheet = _Sheet(wb, "Keuze principes", cols, choices.itertuples(index=False),
                   formats={"aandeel_respondenten": "0%"})  # fmt: skip
    sheet.header()
    for row in choices.itertuples(index=False):
        sheet.append(row)
    sheet.finish("KeuzePrincipes")
    if sheet.rows:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Met welk principe ga je aan de slag?"
        chart.x_axis.scaling.orientation = "maxMin"  # largest on top, as in the sorted table
        chart.legend = None
        col_n, col_name = cols.index("aantal") + 1, cols.index("principe") + 1
        chart.add_data(Reference(sheet.ws, min_col=col_n, min_row=1, max_row=sheet.rows + 1), titles_from_data=True)
        chart.set_categories(Reference(sheet.ws, min_col=col_name, min_row=2, max_row=sheet.rows + 1))
        chart.height, chart.width = 8, 16
        sheet.ws.add_chart(chart, f"{get_column_letter(len(cols) + 2)}2")
    return sheet.rows


def _suggestions(data: ProjectData, hidden: set[str], summary: XlsxSummary, raw: set[int]) -> pd.DataFrame:
    from ..analysis import scores as sc

    sug = data.suggestions()
    stored = data.theme_fragments("suggestie")
    if len(stored):
        themes = data.themes("suggestie", compute=False)
        labels = dict(zip(themes["thema_id"], themes["label"], strict=True))
        members = stored[stored["suggestion_id"].notna()][["suggestion_id", "thema_id"]].astype({"suggestion_id": "int64"})
        df = sc.suggestion_table(sug, members.assign(thema=members["thema_id"].map(labels)))
    else:
        df = sc.suggestion_table(sug)
        if len(sug):
            summary.warnings.append("suggesties zijn nog niet in thema's ingedeeld (kb themes --kind suggestie)")
    if hidden and len(df):
        df.loc[df["interview_id"].isin(hidden), "tekst"] = UNPSEUDONYMISED
    if raw and len(df):
        df.loc[df["suggestion_id"].isin(list(raw)), "tekst"] = UNPSEUDONYMISED
    return df


def _memos_per_code(project: Project, coded: pd.DataFrame | None, coder: str | None,
                    hidden: set[str]) -> dict[str, str]:  # fmt: skip
    """Per code, the memos of the codings the counts rest on: 'interview: memo' lines."""
    if coded is None:
        return {}
    with project.read() as s:
        rows = [
            (r.segment_id, r.code_id, r.interview_id, r.coder, " ".join(str(r.memo).split()))
            for r in reads.iter_codings(s, coder=coder, status="accepted", with_text=False, memo_only=True)
            if r.interview_id not in hidden and r.memo.strip()
        ]
    # Only the coded pairs of the memo'd segments are needed, not a set of every coded pair.
    sids = {r[0] for r in rows}
    near = coded[coded["segment_id"].isin(sids)]
    keys = set(zip(near["segment_id"], near["code_id"].astype(str), strict=True))
    out: dict[str, list[str]] = {}
    for sid, code, iid, who, memo in rows:
        if (sid, code) in keys:
            out.setdefault(code, []).append(f"{iid} ({who}): {memo}")
    return {k: "\n".join(dict.fromkeys(v)) for k, v in out.items()}


FRAGMENT_COLUMNS = [
    "interview", "omgeving", "rol", "sectie", "spreker", "fragment", "code_id", "code", "soort", "codeur", "status",
    "bron", "zekerheid", "memo", "vertrouwelijk", "segment_id", "bijgewerkt",
]  # fmt: skip


def _fragment_row(r: Any, hidden: set[str]) -> tuple:
    masked = r.interview_id in hidden
    return (
        r.interview_id, r.omgeving, UNPSEUDONYMISED if masked else r.respondent_rol, r.section,
        UNPSEUDONYMISED if masked else r.speaker,
        UNPSEUDONYMISED if masked else r.text, r.code_id, r.code_name, r.code_kind, r.coder, r.status, r.source,
        r.confidence, UNPSEUDONYMISED if masked else r.memo,
        "vertrouwelijk" if r.state == CONFIDENTIAL else "", r.segment_id, r.updated_at,
    )  # fmt: skip


def _fragments_sheet(wb: Workbook, project: Project, layer: dict[str, str | None], n_rows: int,
                     hidden: set[str]) -> int:  # fmt: skip
    """One row per coding of the layer, streamed from the database: never the whole layer in memory."""
    with project.read() as s:
        stream = (_fragment_row(r, hidden) for r in reads.iter_codings(s, **layer))
        head = list(itertools.islice(stream, 200))
        # A styled cell costs openpyxl several times a plain one; on big sheets wide columns must do.
        wrap = ["fragment", "memo"] if n_rows <= WRAP_MAX_ROWS else ()
        sheet = _Sheet(wb, "Fragmenten", FRAGMENT_COLUMNS, head, formats={"zekerheid": "0.00"}, wrap=wrap)
        sheet.header()
        for row in itertools.chain(head, stream):
            sheet.append(row)
    if not sheet.rows:
        sheet.line(["(geen gegevens)"])
        sheet.table = False
    sheet.finish("Fragmenten")
    return sheet.rows


def _themes(data: ProjectData, project: Project, hidden: set[str]) -> pd.DataFrame:
    """The stored themes (as the researchers edited them); computing them is 'kb themes', not the export's job."""
    cols = ["thema_id", "soort", "label", "omvang", "n_interviews", "omgevingen", "interviews", "voorbeeld_1",
            "voorbeeld_2", "voorbeeld_3", "status", "methode"]  # fmt: skip
    df = data.themes(compute=False)
    if not len(df):
        return pd.DataFrame(columns=cols)
    df = df[cols].copy()
    examples = ("voorbeeld_1", "voorbeeld_2", "voorbeeld_3")
    with project.read() as s:
        found = reads.segments_with_text(s, {t for c in examples for t in df[c].fillna("")})
    confidential = {t for t, _iid, state in found if state == CONFIDENTIAL}
    hidden_texts = {t for t, iid, _state in found if iid in hidden}
    for c in examples:
        df[c] = [
            UNPSEUDONYMISED if t in hidden_texts else (f"[vertrouwelijk] {t}" if t in confidential else t)
            for t in df[c].fillna("")
        ]
    return df


def _sessions(session) -> pd.DataFrame:  # noqa: ANN001
    cols = ["sessie_id", "sessie", "datum", "vraag", "fase", "deelnemers", "thema", "soort", "auteur", "prompt",
            "tekst", "fragmenten", "tijdstip"]  # fmt: skip
    try:
        from ..store import sessions as st
    except ImportError:
        return pd.DataFrame(columns=cols)
    rows = []
    for info in st.list_sessions(session):
        view = st.load_session(session, info["id"])
        labels = {t.id: t.label for t in view.themes}
        for d in view.duidingen:
            frags = [view.fragments[i] for i in d.segment_ids if i in view.fragments]
            visible = [f"{f.interview_id}#{f.segment_id}" + (" (vertrouwelijk)" if f.state == CONFIDENTIAL else "")
                       for f in frags if f.state != "ingetrokken"]  # fmt: skip
            rows.append(
                {"sessie_id": view.id, "sessie": view.title, "datum": view.datum, "vraag": view.question_text,
                 "fase": view.phase, "deelnemers": ", ".join(view.participants),
                 "thema": labels.get(d.theme_id, "") if d.theme_id is not None else "",
                 "soort": d.kind, "auteur": d.author, "prompt": d.prompt, "tekst": d.text,
                 "fragmenten": ", ".join(visible), "tijdstip": d.created_at}
            )  # fmt: skip
        if not view.duidingen:
            rows.append({"sessie_id": view.id, "sessie": view.title, "datum": view.datum, "vraag": view.question_text,
                         "fase": view.phase, "deelnemers": ", ".join(view.participants)})  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def _agreement(session) -> pd.DataFrame | None:  # noqa: ANN001
    try:
        from ..analysis import agreement as _analysis  # noqa: F401 - presence check
        from ..store import agreement as store_agreement
    except ImportError:
        return None
    try:
        df = store_agreement.agreement_frame(session)
    except KBError as e:
        return pd.DataFrame([{"opmerking": str(e)}])
    meta = df.attrs
    note = f"codeurs: {', '.join(meta.get('codeurs', []))}; eenheid: {meta.get('eenheid', '')}; interviews: {len(meta.get('interviews', []))}"
    df = df.copy()
    df["toelichting"] = [note] + [""] * (len(df) - 1)
    return df


def _coder_scores(session, coder: str | None) -> pd.DataFrame:  # noqa: ANN001
    """One row per (interview, voorbeeld, principe) that a coder scored: a column per coder next to the score
    the respondent gave (form or transcript)."""
    long = reads.coder_scores(session, coder)
    names = sorted(set(long["coder"]) - {CONSENSUS}) + ([CONSENSUS] if (long["coder"] == CONSENSUS).any() else [])
    cols = ["interview", "omgeving", "voorbeeld", "principe_id", "principe", *names, "score respondent"]
    if not len(long):
        return pd.DataFrame(columns=cols)
    own = {(r.interview_id, r.example, r.code_id): int(r.score) for r in reads.scores(session).itertuples(index=False)}
    units: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in long.itertuples(index=False):
        unit = units.setdefault((r.interview_id, r.example, r.code_id), {
            "interview": r.interview_id, "omgeving": r.omgeving, "voorbeeld": r.example, "principe_id": r.code_id,
            "principe": r.principle, "score respondent": own.get((r.interview_id, r.example, r.code_id)),
        })  # fmt: skip
        unit[r.coder] = int(r.score)
    return pd.DataFrame(
        [[u.get(c) for c in cols] for u in units.values()], columns=_unique_headers(cols), dtype=object
    )


def _score_agreement(session) -> tuple[str, pd.DataFrame]:  # noqa: ANN001
    """Agreement between the coders' scores per principle (``kb agreement scores``): a title and the table."""
    title = "Overeenstemming op de scores van codeurs per principe (eenheid: interview × voorbeeld × principe)"
    try:
        data, rows = store_coder_scores.score_agreement_rows(session)
    except KBError as e:
        return title, pd.DataFrame([{"opmerking": str(e)}])
    title += f"; codeurs: {', '.join(data.coders)}; {len(data.units)} eenheden gescoord"
    return title, pd.DataFrame(rows, columns=list(rows[0]), dtype=object)


AGREEMENT_FORMATS = {"% overeenstemming": "0.0", "kappa": "0.000", "alpha": "0.000", "alpha ordinaal": "0.000",
                     "alpha interval": "0.000", "alpha nominaal": "0.000"}  # fmt: skip


def _agreement_sheet(wb: Workbook, ag: pd.DataFrame, scores: tuple[str, pd.DataFrame]) -> int:
    """Agreement on the codings (one table), with agreement on the coders' scores in a second table below it."""
    title, sc = scores
    cols, score_cols = _unique_headers(ag.columns), _unique_headers(sc.columns)
    sheet = _Sheet(wb, "Overeenstemming", cols, ag.head(200).itertuples(index=False), formats=AGREEMENT_FORMATS)
    sheet.widen(score_cols, sc.itertuples(index=False))
    sheet.header()
    for row in ag.itertuples(index=False):
        sheet.append(row)
    if not sheet.rows:
        sheet.line(["(geen gegevens)"])
        sheet.table = False
    sheet.finish("Overeenstemming")
    sheet.line([])
    head = _text_cell(sheet.ws, _value(title))
    head.font = Font(bold=True)
    sheet.line([head])
    below = _Sheet(wb, "Overeenstemming", score_cols, formats=AGREEMENT_FORMATS, below=sheet)
    below.header()
    for row in sc.itertuples(index=False):
        below.append(row)
    below.finish("OvereenstemmingScores")
    return sheet.rows


def _codebook(books) -> pd.DataFrame:  # noqa: ANN001
    rows = [
        {"codeboek": b.name, "versie": b.version, "code_id": c.id, "code": c.name, "soort": b.kinds.get(c.kind) or c.kind,
         "definitie": " ".join(c.definition.split()), "wanneer wel": " ".join(c.when_to_use.split()),
         "wanneer niet": " ".join(c.when_not_to_use.split()), "aliassen": ", ".join(c.aliases),
         "trefwoorden": ", ".join(c.keywords), "bovenliggende code": c.parent or "", "kleur": c.color or ""}
        for b in books for c in b.codes
    ]  # fmt: skip
    return pd.DataFrame(rows)
