"""CSV export for R, SPSS and Stata users: long-format tables, UTF-8, one header row, plus a data dictionary.

Every file comes from :mod:`kritischeblik.store.reads` (withdrawn fragments are never read); text of
interviews ingested without pseudonymisation is replaced by a marker, confidential fragments carry their
state. Booleans are written as 0/1 and missing values as empty cells, which R and SPSS both read as missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import KBError
from ..store import coverage, reads, reads_bulk
from ..store.codebooks import load_codebooks
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids, unpseudonymised_suggestion_ids
from ..wording import plural
from .common import UNPSEUDONYMISED, csv_cell, mask_unpseudonymised

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

META_DOC = {
    "interview_id": "interview-id (uit de front matter van het transcript)",
    "omgeving": "omgeving van het interview: wijk, school, huishouden of other",
    "respondent_rol": "rol of functie van de respondent",
    "organisatie": "organisatie van de respondent",
    "datum": "datum van het interview (JJJJ-MM-DD)",
    "duo": "pseudoniemen van de interviewers (Onderzoeker N), gescheiden door komma's",
}
FILES: dict[str, tuple[str, dict[str, str]]] = {
    "interviews": (
        "Eén rij per interview (ook interviews zonder coderingen of scores: de noemer voor aandelen).",
        {"n_segmenten": "aantal fragmenten (niet-ingetrokken)"},
    ),
    "segments": (
        "Eén rij per fragment (zin of beurt) in interviewvolgorde. Ingetrokken fragmenten ontbreken.",
        {
            "segment_id": "fragment-id (sleutel; codings.segment_id verwijst hiernaar)",
            "idx": "volgnummer van het fragment binnen het interview (0 = eerste)",
            "section": "sectie: mooi voorbeeld, vastloopmoment, inleiding, ...",
            "speaker": "spreker als rol (Interviewer 1, Respondent, ...), nooit een naam",
            "role": "interviewer, respondent, verslag of onbekend",
            "char_start": "beginpositie in de interviewtekst (tekens, vanaf 0)",
            "char_end": "eindpositie in de interviewtekst (exclusief)",
            "text": "gepseudonimiseerde tekst van het fragment",
            "state": "actief of vertrouwelijk (vertrouwelijk: na membercheck niet citeren)",
        },
    ),
    "codings": (
        "Eén rij per codering: fragment × code × codeur. Laag 'auto' = machinesuggesties (status suggested), "
        "'consensus' = besluit van het duo, andere namen = codeurs.",
        {
            "coding_id": "coderings-id",
            "segment_id": "fragment (segments.segment_id)",
            "segment_idx": "volgnummer van het fragment in het interview",
            "section": "sectie van het fragment",
            "segment_state": "actief of vertrouwelijk",
            "code_id": "code-id (codes.code_id)",
            "code_name": "naam van de code",
            "code_kind": "soort code (leidend_principe, werkend_element, ...)",
            "codebook_id": "codeboek van de code",
            "coder": "codeur of laag (auto, consensus, naam)",
            "status": "accepted, rejected of suggested",
            "source": "herkomst: regel, handmatig, refi-import, ...",
            "confidence": "zekerheid van een machinesuggestie (0-1), anders leeg",
            "evidence": "waarop een machinesuggestie berust (trefwoorden)",
            "memo": "memo van de codeur: de toelichting bij de telling",
            "created_at": "aangemaakt (ISO 8601, UTC)",
            "updated_at": "laatst gewijzigd (ISO 8601, UTC)",
            "revision": "versienummer van de codering",
        },
    ),
    "scores": (
        "Eén rij per interview × voorbeeld × leidend principe: de score die de respondent gaf.",
        {
            "example": "mooi voorbeeld of vastloopmoment",
            "code_id": "code-id van het principe",
            "principle": "naam van het principe",
            "score": "score (geheel getal op de schaal van het codeboek, meestal 1-5)",
            "source": "transcript of formulier",
        },
    ),
    "coder_scores": (
        "Eigen scores van codeurs (kb agreement score-set): één rij per interview × voorbeeld × leidend principe × "
        "codeur. Los van de score die de respondent zelf gaf (scores.csv; koppelen op interview_id, example en "
        "code_id). Overeenstemming hierop: kb agreement scores.",
        {
            "example": "mooi voorbeeld of vastloopmoment",
            "code_id": "code-id van het principe",
            "principle": "naam van het principe",
            "coder": "codeur (naam; 'consensus' = besluit van het duo)",
            "score": "score van de codeur (geheel getal op de schaal van het codeboek): hoe sterk het principe "
            "volgens de codeur een rol speelde",
            "updated_at": "laatst gewijzigd (ISO 8601, UTC)",
        },
    ),
    "choices": (
        "'Met welk principe ga je aan de slag?': één rij per interview × gekozen principe (meer keuzes mogelijk).",
        {
            "code_id": "code-id van het principe",
            "principle": "naam van het principe",
            "source": "transcript of formulier",
        },
    ),
    "suggestions": (
        "Suggesties voor een nieuw leidend principe (gepseudonimiseerde vrije tekst), één rij per suggestie.",
        {
            "suggestion_id": "suggestie-id",
            "idx": "volgnummer binnen het interview",
            "text": "de suggestie",
            "source": "transcript of formulier",
            "thema_id": "thema waarin de suggestie is geclusterd (themes.thema_id), leeg als niet geclusterd",
            "thema": "label van dat thema",
        },
    ),
    "themes": (
        "Thema's (clusters van fragmenten of suggesties), één rij per actief thema.",
        {
            "thema_id": "thema-id",
            "soort": "wat er geclusterd is: belemmerend, werkend, vraag, suggestie of code:<id>",
            "label": "label (van de gebruiker, anders het gegenereerde)",
            "label_auto": "gegenereerd label",
            "label_gebruiker": "label van de gebruiker",
            "status": "actief",
            "omvang": "aantal fragmenten in het thema",
            "n_interviews": "aantal interviews waaruit het thema put (spreiding)",
            "interviews": "die interviews",
            "omgevingen": "omgevingen waaruit het thema put",
            "voorbeeld_1": "meest representatief fragment",
            "voorbeeld_2": "tweede representatief fragment",
            "voorbeeld_3": "derde representatief fragment",
            "bewerkt": "1 als de gebruiker het thema heeft bewerkt",
            "samengevoegd_in": "thema waarin dit is samengevoegd",
            "afgesplitst_van": "thema waarvan dit is afgesplitst",
            "set_id": "clustering waartoe het thema hoort",
            "methode": "clustermethode, vectoren en seed",
        },
    ),
    "theme_members": (
        "Eén rij per fragment of suggestie in een thema.",
        {
            "thema_id": "thema (themes.thema_id)",
            "soort": "soort clustering",
            "fragment_id": "fragment- of suggestie-id",
            "segment_id": "fragment (segments.segment_id), leeg bij een suggestie",
            "suggestion_id": "suggestie (suggestions.suggestion_id), leeg bij een fragment",
            "tekst": "tekst van het fragment of de suggestie",
            "rang": "1 = meest representatief; leeg voor de rest",
            "verplaatst": "1 als de gebruiker het fragment naar dit thema verplaatste",
        },
    ),
    "codes": (
        "Alle codes van de geladen codeboeken.",
        {
            "code_id": "code-id",
            "name": "naam",
            "kind": "soort",
            "codebook_id": "codeboek",
            "codebook_version": "versie van het codeboek",
            "parent_id": "bovenliggende code",
            "definition": "definitie",
            "aliases": "andere namen, gescheiden door ' | '",
        },
    ),
}


@dataclass
class CsvSummary:
    dir: Path
    files: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _mask_text(df: pd.DataFrame, hidden: set[str], cols: tuple[str, ...] = ()) -> pd.DataFrame:
    """Text columns, and every column naming people (speaker, duo, front matter), of unpseudonymised interviews."""
    return mask_unpseudonymised(df, hidden, cols)


def _mask_suggestions(df: pd.DataFrame, raw: set[int]) -> pd.DataFrame:
    """Suggestions read from a form with --no-pseudonymise: their text never leaves the store."""
    if not raw or not len(df):
        return df
    df = df.copy()
    df.loc[df["suggestion_id"].isin(list(raw)), "text"] = UNPSEUDONYMISED
    return df


def _for_csv(df: pd.DataFrame) -> pd.DataFrame:
    """Booleans as 0/1; every text cell and header a safe CSV cell (:func:`csv_cell`); numbers as numbers."""
    df = df.copy()
    for c in df.columns:
        if df[c].dtype == bool:
            df[c] = df[c].astype(int)
        elif not (pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_datetime64_any_dtype(df[c])):
            df[c] = df[c].astype(object).map(csv_cell)
    df.columns = [csv_cell(str(c)) for c in df.columns]
    return df


BATCH_ROWS = 20_000
"""Rows per batch for the two large files (segments and codings); a batch of segments is a few MB."""


def _small_tables(
    session: Any, hidden: set[str], coder: str | None, warnings: list[str]
) -> dict[str, pd.DataFrame]:
    """Every table except segments and codings: one row per interview, score, code, theme, ... (small)."""
    interviews = reads.interviews(session)
    counts = reads_bulk.segment_counts(session)
    interviews = interviews.assign(n_segmenten=interviews["interview_id"].map(counts).fillna(0).astype(int))
    scores = reads.scores(session)
    coder_scores = reads.coder_scores(session, coder)
    choices = reads.choices(session)
    suggestions = reads.suggestions(session)
    books = load_codebooks(session)
    themes = members = None
    try:
        from ..store import themes as store_themes

        themes = store_themes.themes_frame(session)
        members = store_themes.members_frame(session)
    except (ImportError, AttributeError):  # themes not in this version of the store
        warnings.append("thema's niet beschikbaar in deze versie")
    if members is not None and len(members):
        sug_members = members[members["suggestion_id"].notna()][["suggestion_id", "thema_id"]]
        labels = dict(zip(themes["thema_id"], themes["label"], strict=True)) if themes is not None else {}
        sug_members = sug_members.assign(thema=sug_members["thema_id"].map(labels))
        suggestions = suggestions.merge(
            sug_members.astype({"suggestion_id": "int64"}), on="suggestion_id", how="left"
        )
        members = _mask_text(members, hidden, ("tekst",))
    if themes is not None:
        # Representative examples come from the members, which carry the interview for masking.
        themes = themes.copy()
        if hidden and members is not None:
            for i in range(1, 4):
                themes[f"voorbeeld_{i}"] = themes[f"voorbeeld_{i}"].where(
                    ~themes["interviews"].fillna("").map(lambda v: bool(set(v.split(", ")) & hidden)),
                    UNPSEUDONYMISED,
                )
    suggestions = _mask_suggestions(suggestions, unpseudonymised_suggestion_ids(session))
    code_rows = [
        {
            "code_id": c.id,
            "name": c.name,
            "kind": c.kind,
            "codebook_id": b.id,
            "codebook_version": b.version,
            "parent_id": c.parent,
            "definition": " ".join(c.definition.split()),
            "aliases": " | ".join(c.aliases),
        }
        for b in books
        for c in b.codes
    ]
    tables = {
        "interviews": _mask_text(interviews, hidden),
        "scores": _mask_text(scores, hidden),
        "coder_scores": _mask_text(coder_scores, hidden),
        "choices": _mask_text(choices, hidden),
        "suggestions": _mask_text(suggestions, hidden, ("text",)),
        "codes": pd.DataFrame(code_rows, columns=list(FILES["codes"][1])),
    }
    if themes is not None:
        tables["themes"] = themes
        tables["theme_members"] = members
    return tables


def _segment_frames(session: Any, hidden: set[str]) -> Iterator[pd.DataFrame]:
    for df in reads_bulk.segment_batches(session, BATCH_ROWS):
        yield _mask_text(df, hidden, ("text",))


def _coding_frames(session: Any, hidden: set[str], coder: str | None) -> Iterator[pd.DataFrame]:
    for df in reads_bulk.coding_batches(
        session, coder=coder, include_auto=coder is None, batch_size=BATCH_ROWS
    ):
        df.insert(df.columns.get_loc("section") + 1, "segment_state", df.pop("segment_state"))
        yield _mask_text(df, hidden, ("evidence", "memo"))


def _write_csv(path: Path, frames: Iterable[pd.DataFrame]) -> tuple[int, list[str]]:
    """Write the frames one after the other as one CSV (header from the first); returns (rows, columns)."""
    rows, columns = 0, None
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for df in frames:
            df = _for_csv(df)
            df.to_csv(fh, index=False, header=columns is None, lineterminator="\n")
            if columns is None:
                columns = list(df.columns)
            rows += len(df)
    return rows, columns or []


def export_csv(project: Project, out_dir: str | Path, coder: str | None = None) -> CsvSummary:
    """Write the CSV files and their data dictionary into the existing, empty folder ``out_dir``, as given:
    the caller chooses the folder and makes writing it safe (:func:`kritischeblik.safefolders.export_folder`
    gives a temporary folder whose files appear together, and refuses a folder of the user's).

    Segments and codings are streamed from the database in batches of ``BATCH_ROWS`` rows, so memory stays
    flat however large the project; the other tables are small and read whole. Everything is read in one
    read transaction, so the files agree with each other.
    """
    out_dir = Path(out_dir)
    warnings: list[str] = []
    shapes: dict[str, tuple[int, list[str]]] = {}
    with project.read() as s:
        if coder is not None and not len(next(reads_bulk.coding_batches(s, coder=coder, batch_size=1))):
            raise KBError(f"Codeur '{coder}' heeft geen coderingen in dit project.")
        hidden = unpseudonymised_ids(s)
        small = _small_tables(s, hidden, coder, warnings)
        if hidden:
            warnings.append(
                f"{plural(len(hidden), 'interview is', 'interviews zijn')} niet gepseudonimiseerd ingelezen; hun tekst is vervangen "
                f"door {UNPSEUDONYMISED}"
            )
        for name in ("interviews", "segments", "codings", *[n for n in small if n != "interviews"]):
            if name == "segments":
                frames: Iterable[pd.DataFrame] = _segment_frames(s, hidden)
            elif name == "codings":
                frames = _coding_frames(s, hidden, coder)
            else:
                frames = [small[name]]
            shapes[name] = _write_csv(out_dir / f"{name}.csv", frames)
        bases = basis_lines(s, coder)
    (out_dir / "README.md").write_text(data_dictionary(shapes, project, coder, bases), encoding="utf-8")
    summary = CsvSummary(out_dir, warnings=warnings)
    summary.files = {f"{name}.csv": n for name, (n, _cols) in shapes.items()}
    return summary


def basis_lines(session: Session, coder: str | None) -> list[str]:
    """What the layers in these files cover, and what `kb`'s counts and the saved themes rest on: the files
    hold every layer, so the reader chooses; these lines say what each choice stands on."""
    lines = [f"- {b.label}: {b.coverage}" for b in coverage.layer_bases(session)]
    if coder is None:
        lines.append(f"- tellingen in `kb` (basis auto): {coverage.project_basis(session).text()}")
    lines += [f"- thema's {kind}: {b.text()}" for kind, b in coverage.theme_bases(session).items()]
    return lines


def data_dictionary(
    tables: Mapping[str, tuple[int, Sequence[str]]],
    project: Project,
    coder: str | None,
    bases: Sequence[str] = (),
) -> str:
    """README.md of the export: per file (name → (rows, columns)) its description and every column's meaning."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    lines = [
        "# Gegevenswoordenboek — Kritische Blik CSV-export",
        "",
        f"Project: `{project.path.name}` · geëxporteerd: {stamp}"
        + (f" · alleen coderingen van codeur **{coder}**" if coder else ""),
        "",
        "Alle bestanden: UTF-8 zonder BOM, komma als scheidingsteken, punt als decimaalteken, één kopregel, "
        "lang formaat (één waarneming per rij). Lege cel = ontbrekend. Ja/nee-kolommen zijn 0/1.",
        "Tekst die met `=`, `+`, `-`, `@`, een tab of een regeleinde begint, staat er met een enkel aanhalingsteken "
        "(`'`) voor, zodat een spreadsheet er nooit een formule van maakt; getallen staan er gewoon. Een regeleinde "
        "CR binnen een tekst is als LF geschreven.",
        "Alle tekst is gepseudonimiseerd; ingetrokken fragmenten (membercheck) komen in geen enkel bestand voor; "
        "vertrouwelijke fragmenten staan erin met `state` = `vertrouwelijk` en mogen niet geciteerd worden.",
        "Koppelen: `interview_id` verbindt alle bestanden; `segment_id` verbindt codings en theme_members met "
        "segments; `code_id` verbindt met codes; `thema_id` met themes.",
        "",
        'Inlezen in R: `read.csv("codings.csv", encoding = "UTF-8")` of `readr::read_csv("codings.csv")`. '
        "In SPSS: *Bestand > Importeren > CSV-gegevens*, codering UTF-8.",
        "",
    ]
    if bases:
        lines += [
            "## Basis: waar de coderingen en thema's op rusten",
            "",
            "`codings.csv` bevat elke laag: beslissingen van codeurs, de consensus en de niet-beoordeelde "
            "machinesuggesties (`coder` = `auto`, `status` = `suggested`). Kies de laag die je telt.",
            "",
            *bases,
            "",
        ]
    for name, (n_rows, columns) in tables.items():
        desc, cols = FILES.get(name, ("", {}))
        lines += [f"## {name}.csv ({n_rows} rijen)", "", desc, "", "| kolom | betekenis |", "|---|---|"]
        for c in columns:
            meaning = cols.get(c) or META_DOC.get(c)
            if meaning is None and c.startswith("attr_"):
                meaning = f"extra kenmerk '{c[5:]}' uit de front matter van het transcript"
            lines.append(f"| `{c}` | {meaning or ''} |")
        lines.append("")
    return "\n".join(lines)
