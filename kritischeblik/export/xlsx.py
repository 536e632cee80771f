"""Excel workbook: the tallies, coder scores, matrices, fragments, themes, duidingen and agreement of a project.

Written with openpyxl in write-only mode, so rows stream to disk and a large project does not have to fit
in memory as worksheet objects. Every data sheet is an Excel table (filter buttons on the header row),
with the header frozen and column widths fitted to the content. Numbers are written as numbers.

Privacy: everything comes from the read layer, which never returns withdrawn fragments; confidential
fragments are marked in a column of their own; text of interviews ingested without pseudonymisation is
replaced by a marker. Counts stand next to the memos that explain them ("tellen en vertellen"). The tables
behind the sheets are built in :mod:`.xlsx_tables`.
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
from openpyxl.utils import get_column_letter

from .. import __version__
from ..analysis import matrices as mx
from ..errors import KBError, Notice
from ..model import Codebook
from ..store import coverage, reads, reads_bulk
from ..store.codebooks import load_codebooks
from ..store.codings import AUTO
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids, unpseudonymised_suggestion_ids
from ..wording import plural
from .common import CONFIDENTIAL, UNPSEUDONYMISED, WITHDRAWN, mask_unpseudonymised
from .frames import ProjectFrames
from .xlsx_sheets import (
    WRAP_MAX_ROWS,
    _frame_sheet,
    _Sheet,
    _unique_headers,
    agreement_sheet,
    quiet_failure,
)
from .xlsx_tables import (
    AgreementInput,
    agreement_table,
    audit_table,
    codebook_table,
    coded_layer,
    coder_score_table,
    memos_per_code,
    score_agreement_table,
    session_table,
    suggestion_table,
    theme_table,
)

SHEETS = (
    "Overzicht",
    "Principescores",
    "Scores per codeur",
    "Keuze principes",
    "Nieuwe principes",
    "Codes x omgeving",
    "Codes x rol",
    "Co-occurrentie",
    "Fragmenten",
    "Thema's",
    "Duidingen",
    "Codeboek",
    "Overeenstemming",
    "Verantwoording",
)


@dataclass
class XlsxSummary:
    path: Path | None = None
    """The file the caller published the workbook as (the writer never knows)."""
    sheets: dict[str, int] = field(default_factory=dict)
    """Data rows per sheet."""
    warnings: list[str | Notice] = field(default_factory=list)
    """texts, or notices with a hint that the shells word"""
    basis: str = ""
    """What the code matrices rest on, as the Overzicht says it."""


@dataclass
class _Inputs:
    """What the workbook reads in one read transaction, besides what :class:`ProjectFrames` reads."""

    meta: dict[str, str]
    books: list[Codebook]
    hidden: set[str]
    raw_suggestions: set[int]
    interviews: pd.DataFrame
    codes: pd.DataFrame
    states: dict[str, int]
    sessions: pd.DataFrame
    agreement: pd.DataFrame | None
    coder_scores: pd.DataFrame
    score_agreement: tuple[str, pd.DataFrame]
    audit: pd.DataFrame


# -- the workbook ----------------------------------------------------------------------------------------
def export_xlsx(
    project: Project,
    out: str | Path | IO[bytes],
    coder: str | None = None,
    agreement: AgreementInput | None = None,
) -> XlsxSummary:
    """Write the workbook to the path or binary stream ``out``, as given: the caller chooses the file and
    makes writing it safe (:mod:`kritischeblik.safefiles`: atomic, never over the project, ``--force``).
    ``agreement``: the Overeenstemming sheet's tables (without them the sheet says they were not computed).

    Memory stays bounded on large projects: the codings are held without their text
    (:func:`reads_bulk.coding_index`), segment counts come from SQL, and the Fragmenten sheet streams its rows
    from the database straight into the write-only workbook."""
    return quiet_failure(lambda: _write(project, out, coder, agreement))


def _read(
    project: Project, coder: str | None, agreement: AgreementInput | None
) -> tuple[_Inputs, pd.DataFrame]:
    """The inputs, and the text-free coding index of every layer (returned apart: it is dropped early)."""
    meta = project.meta()
    with project.read() as s:
        hidden = unpseudonymised_ids(s)
        inputs = _Inputs(
            meta=meta,
            books=load_codebooks(s),
            hidden=hidden,
            raw_suggestions=unpseudonymised_suggestion_ids(s),
            # Unpseudonymised interviews' roles must not become column heads (Codes x rol).
            interviews=mask_unpseudonymised(reads.interviews(s), hidden),
            codes=reads.codes(s),
            states=reads_bulk.segment_state_counts(s),
            sessions=session_table(s),
            agreement=agreement_table(agreement.codes if agreement is not None else None),
            coder_scores=coder_score_table(s, coder),
            score_agreement=score_agreement_table(agreement.scores if agreement is not None else None),
            audit=audit_table(s),
        )
        index = reads_bulk.coding_index(s, include_auto=True)
    return inputs, index


def _write(
    project: Project, out: str | Path | IO[bytes], coder: str | None, agreement: AgreementInput | None
) -> XlsxSummary:
    summary = XlsxSummary()
    data = ProjectFrames(project)
    inputs, index = _read(project, coder, agreement)
    if not inputs.books:
        raise KBError("Dit project heeft geen codeboek.")
    human = index[index["coder"] == coder] if coder is not None else index[index["coder"] != AUTO]
    auto = index[index["coder"] == AUTO] if coder is None else human.iloc[0:0]
    if coder is not None and human.empty:
        raise KBError(f"Codeur '{coder}' heeft geen coderingen in dit project.")
    if inputs.hidden:
        summary.warnings.append(
            f"{plural(len(inputs.hidden), 'interview is', 'interviews zijn')} niet gepseudonimiseerd ingelezen; hun tekst staat niet in het werkboek"
        )
    coded = coded_layer(index, coder) if (len(human) or len(auto)) else None
    del index
    wb = Workbook(write_only=True)
    _count_sheets(wb, project, data, inputs, human, auto, coded, coder, summary)
    del coded
    layer = {"coder": coder} if len(human) else {"coder": AUTO}
    summary.sheets["Fragmenten"] = _fragments_sheet(
        wb, project, layer, len(human) or len(auto), inputs.hidden
    )
    _record_sheets(wb, project, data, inputs, summary)
    wb.save(out)
    return summary


def _count_sheets(
    wb: Workbook,
    project: Project,
    data: ProjectFrames,
    inputs: _Inputs,
    human: pd.DataFrame,
    auto: pd.DataFrame,
    coded: pd.DataFrame | None,
    coder: str | None,
    summary: XlsxSummary,
) -> None:
    """Overzicht and the counting sheets: scores, coder scores, choices, suggestions, the code matrices."""
    tallies = data.tallies()
    choices = data.choices()
    basis = coded.attrs.get("basis", "") if coded is not None else "geen coderingen"
    with project.read() as s:
        found = coverage.basis(s, coded.attrs["layer"], coder) if coded is not None else None
        layers = coverage.layer_bases(s)
    # Overzicht first; its numbers are computed from the same data as the other sheets.
    overview = _overview(inputs, project, human, auto, tallies, choices, coder, basis)
    at = next(i for i, (what, _v) in enumerate(overview) if what == "basis van codematrices") + 1
    summary.basis = found.text() if found else "gebaseerd op: niets (nog niets gecodeerd of voorgesteld)"
    overview[at:at] = [("tellingen en matrices", summary.basis)] + [
        (f"dekking {b.label}", b.coverage) for b in layers
    ]
    ov = _Sheet(
        wb,
        "Overzicht",
        ["onderdeel", "waarde"],
        overview,
        wrap=["waarde"],
        table=False,
        extra_widths={1: 34, 2: 90},
    )
    ov.header()
    for row in overview:
        ov.append(row)
    ov.finish("Overzicht")
    summary.sheets["Overzicht"] = ov.rows
    summary.sheets["Principescores"] = _scores_sheet(wb, tallies)
    summary.sheets["Scores per codeur"] = _frame_sheet(
        wb,
        "Scores per codeur",
        inputs.coder_scores,
        "ScoresPerCodeur",
        empty_note="(nog geen scores van codeurs: kb agreement score-set)",
    )
    summary.sheets["Keuze principes"] = _choices_sheet(wb, choices)
    suggestions = suggestion_table(data, inputs.hidden, summary.warnings, inputs.raw_suggestions).rename(
        columns={"suggestion_id": "suggestie_id"}  # the sheet is read by people: Dutch headers throughout
    )
    summary.sheets["Nieuwe principes"] = _frame_sheet(
        wb, "Nieuwe principes", suggestions, "NieuwePrincipes", wrap=["tekst"]
    )
    memos = memos_per_code(project, coded, coder, inputs.hidden) if len(human) else {}
    for title, by, name in (
        ("Codes x omgeving", "omgeving", "CodesOmgeving"),
        ("Codes x rol", "rol", "CodesRol"),
    ):
        if coded is None:
            df = pd.DataFrame(columns=["code_id", "code"])
        else:
            df = mx.code_matrix(coded, inputs.interviews, by=by, codes=inputs.codes)
            df["memo's"] = [memos.get(code, "") for code in df["code_id"]]
        summary.sheets[title] = _frame_sheet(
            wb, title, df, name, wrap=["memo's"], empty_note="(nog niets gecodeerd)"
        )
    cooc = (
        mx.cooccurrence(coded, interviews=inputs.interviews, codes=inputs.codes)
        if coded is not None
        else pd.DataFrame(columns=["code_id", "code"])
    )
    summary.sheets["Co-occurrentie"] = _frame_sheet(
        wb, "Co-occurrentie", cooc, "Cooccurrentie", empty_note="(nog niets gecodeerd)"
    )


def _record_sheets(
    wb: Workbook, project: Project, data: ProjectFrames, inputs: _Inputs, summary: XlsxSummary
) -> None:
    """The sheets after Fragmenten: themes, duidingen, codebook, agreement and the audit trail."""
    summary.sheets["Thema's"] = _frame_sheet(
        wb,
        "Thema's",
        theme_table(data, project, inputs.hidden),
        "Themas",
        wrap=["voorbeeld_1", "voorbeeld_2", "voorbeeld_3"],
    )
    summary.sheets["Duidingen"] = _frame_sheet(
        wb, "Duidingen", inputs.sessions, "Duidingen", wrap=["tekst"], empty_note="(nog geen duidingssessies)"
    )
    summary.sheets["Codeboek"] = _frame_sheet(
        wb,
        "Codeboek",
        codebook_table(inputs.books),
        "Codeboek",
        wrap=["definitie", "wanneer wel", "wanneer niet", "voorbeelden"],
    )
    if inputs.agreement is None:
        # The sheet stays in place, so the workbook's layout does not depend on the caller.
        ag = pd.DataFrame([{"opmerking": "overeenstemming niet berekend"}])
    else:
        ag = inputs.agreement
    summary.sheets["Overeenstemming"] = agreement_sheet(wb, ag, inputs.score_agreement)
    summary.sheets["Verantwoording"] = _frame_sheet(
        wb,
        "Verantwoording",
        inputs.audit,
        "Verantwoording",
        wrap=["reden"],
        empty_note="(geen member checks of gewijzigde scores)",
    )


def _overview(
    inputs: _Inputs,
    project: Project,
    human: pd.DataFrame,
    auto: pd.DataFrame,
    tallies: pd.DataFrame,
    choices: pd.DataFrame,
    coder: str | None,
    basis: str,
) -> list[tuple[str, Any]]:
    meta, books, interviews, states = inputs.meta, inputs.books, inputs.interviews, inputs.states
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
    rows.append(
        ("keuzes 'met welk principe ga je aan de slag?'", int(choices["aantal"].sum()) if len(choices) else 0)
    )
    rows.append(("duidingen", len(inputs.sessions)))
    rows.append(
        (
            "toelichting",
            "Tellingen staan naast de memo's die ze toelichten (kolom memo's en blad Fragmenten). "
            "Ingetrokken fragmenten (membercheck) komen in geen enkel blad voor; vertrouwelijke fragmenten "
            "zijn gemarkeerd en mogen niet geciteerd worden. Alle tekst is gepseudonimiseerd.",
        )
    )
    return rows


MEAN_FORMAT = "0.00"
"""Averages show 2 decimals (4.88, not 4.88461538461539); the cell keeps the exact number."""


def _scores_sheet(wb: Workbook, tallies: pd.DataFrame) -> int:
    cols = _unique_headers(tallies.columns)
    # Chart data: mean score per principle for all omgevingen, mooi voorbeeld next to vastloopmoment.
    pooled = tallies[tallies["omgeving"] == "alle"]
    pivot = pooled.pivot_table(
        index="principe", columns="voorbeeld", values="gemiddelde", sort=False, dropna=False
    )
    pivot = pivot.reindex(list(dict.fromkeys(pooled["principe"])))
    chart_rows = [["principe (alle omgevingen)", *[f"gemiddelde {c}" for c in pivot.columns]]]
    chart_rows += [[idx, *[None if pd.isna(v) else float(v) for v in row]] for idx, row in pivot.iterrows()]
    gap = len(cols) + 2
    sheet = _Sheet(
        wb,
        "Principescores",
        cols,
        tallies.head(200).itertuples(index=False),
        formats={"gemiddelde": MEAN_FORMAT, "mediaan": "0.0"},
        extra_widths={gap: 30, gap + 1: 22, gap + 2: 22},
    )
    sheet.header(extra=[None, *chart_rows[0]])
    for i, row in enumerate(tallies.itertuples(index=False), start=1):
        extra = [None, *chart_rows[i]] if i < len(chart_rows) else []
        sheet.append(row, extra=extra, extra_format=MEAN_FORMAT)
    sheet.finish("Principescores")
    if len(chart_rows) > 1:
        chart = BarChart()
        chart.type = "bar"
        chart.title = "Gemiddelde score per leidend principe"
        chart.y_axis.title = "gemiddelde score"
        chart.y_axis.scaling.min = 0
        data = Reference(
            sheet.ws,
            min_col=gap + 1,
            max_col=gap + len(chart_rows[0]) - 1,
            min_row=1,
            max_row=len(chart_rows),
        )
        cats = Reference(sheet.ws, min_col=gap, min_row=2, max_row=len(chart_rows))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height, chart.width = 9, 18
        sheet.ws.add_chart(chart, f"{get_column_letter(gap)}{len(chart_rows) + 3}")
    return sheet.rows


def _choices_sheet(wb: Workbook, choices: pd.DataFrame) -> int:
    cols = _unique_headers(choices.columns)
    sheet = _Sheet(
        wb, "Keuze principes", cols, choices.itertuples(index=False), formats={"aandeel_respondenten": "0%"}
    )
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
        chart.add_data(
            Reference(sheet.ws, min_col=col_n, min_row=1, max_row=sheet.rows + 1), titles_from_data=True
        )
        chart.set_categories(Reference(sheet.ws, min_col=col_name, min_row=2, max_row=sheet.rows + 1))
        chart.height, chart.width = 8, 16
        sheet.ws.add_chart(chart, f"{get_column_letter(len(cols) + 2)}2")
    return sheet.rows


FRAGMENT_COLUMNS = [
    "interview",
    "omgeving",
    "rol",
    "sectie",
    "spreker",
    "fragment",
    "code_id",
    "code",
    "soort",
    "codeur",
    "status",
    "bron",
    "zekerheid",
    "memo",
    "vertrouwelijk",
    "segment_id",
    "bijgewerkt",
]


def _fragment_row(r: Any, hidden: set[str]) -> tuple:
    masked = r.interview_id in hidden
    return (
        r.interview_id,
        r.omgeving,
        UNPSEUDONYMISED if masked else r.respondent_rol,
        r.section,
        UNPSEUDONYMISED if masked else r.speaker,
        UNPSEUDONYMISED if masked else r.text,
        r.code_id,
        r.code_name,
        r.code_kind,
        r.coder,
        r.status,
        r.source,
        r.confidence,
        UNPSEUDONYMISED if masked else r.memo,
        CONFIDENTIAL if r.state == CONFIDENTIAL else "",
        r.segment_id,
        r.updated_at,
    )


def _fragments_sheet(
    wb: Workbook, project: Project, layer: dict[str, str | None], n_rows: int, hidden: set[str]
) -> int:
    """One row per coding of the layer, streamed from the database: never the whole layer in memory."""
    with project.read() as s:
        stream = (_fragment_row(r, hidden) for r in reads_bulk.iter_codings(s, **layer))
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
