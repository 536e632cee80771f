"""Exports: the Excel workbook, the CSV folder for R/SPSS, REFI-QDA (.qdc, .qdpx), the one-page summary and
the minutes of a duidingssessie, each written to a file the user names.

The file handling lives here, once for every shell (:mod:`kritischeblik.safefiles`): the project and other
databases are never written over, an existing file only with ``force`` (else :class:`TargetExists`, which
the CLI words as ``--force`` and the TUI as a question), and content goes to a temporary file that is
renamed into place only when it is complete. A target that cannot be written is refused before any work.
The exporters themselves (``export/``, ``interop/``) write to the path or stream given to them.

``progress`` (:class:`Progress`) reports the steps and stops the export when asked: the file is then never
published, so a cancelled export leaves the target as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import KBError
from ..safefiles import TargetExists, atomic_file, check_target, write_text
from ..safefolders import export_folder
from ..store.db import Project
from .progress import QUIET, Progress

__all__ = ["TargetExists", "csv", "qdc", "qdpx", "session_minutes", "summary", "xlsx"]

MINUTES_SUFFIXES = (".md", ".markdown", ".txt")


def xlsx(
    project: Project,
    out: str | Path,
    *,
    coder: str | None = None,
    force: bool = False,
    progress: Progress = QUIET,
) -> Any:
    """The Excel workbook (:func:`kritischeblik.export.xlsx.export_xlsx`) with the agreement between the
    coders (:mod:`kritischeblik.services.agreement`); returns its ``XlsxSummary``."""
    from ..export.xlsx import export_xlsx

    check_target(out, force=force, protect=project.files)  # refuse before any work
    progress.step("overeenstemming berekenen")
    tables = xlsx_agreement(project)
    progress.step("werkboek schrijven")
    with atomic_file(out, force=force, protect=project.files) as tmp:
        result = export_xlsx(project, tmp, coder=coder, agreement=tables)
        progress.check()  # before the file is published
    result.path = Path(out)
    return result


def xlsx_agreement(project: Project) -> Any:
    """The workbook's agreement tables: every human coder compared, per code and on their scores; what
    cannot be computed (fewer than two coders) is shown as the reason."""
    from ..export.xlsx_tables import AgreementInput
    from . import agreement

    try:
        codes: Any = agreement.agreement_frame(project)
    except KBError as e:
        codes = e
    try:
        scores: Any = agreement.score_agreement_rows(project)
    except KBError as e:
        scores = e
    return AgreementInput(codes, scores)


def csv(
    project: Project,
    out_dir: str | Path,
    *,
    coder: str | None = None,
    force: bool = False,
    progress: Progress = QUIET,
) -> Any:
    """The CSV files with their data dictionary in the folder ``out_dir`` (:mod:`kritischeblik.export.csv`)."""
    from ..export.csv import export_csv

    progress.step("CSV-bestanden schrijven")
    with export_folder(out_dir, force=force, protect=project.files) as tmp:
        result = export_csv(project, tmp, coder=coder)
        progress.check()
    result.dir = Path(out_dir)
    return result


def qdc(project: Project, out: str | Path, *, force: bool = False, progress: Progress = QUIET) -> Any:
    """The codebooks as REFI-QDA ``.qdc``."""
    from ..interop.qdc_writer import export_qdc

    progress.step("codeboek schrijven")
    with atomic_file(out, force=force, protect=project.files) as tmp:
        result = export_qdc(project, tmp)
        progress.check()
    return result


def qdpx(
    project: Project,
    out: str | Path,
    *,
    coder: str | None = None,
    force: bool = False,
    progress: Progress = QUIET,
) -> Any:
    """The project as REFI-QDA ``.qdpx`` (accepted codings of the human layers, or of ``coder`` alone)."""
    from ..interop.qdpx_writer import export_qdpx

    progress.step("REFI-QDA-project schrijven")
    with atomic_file(out, force=force, protect=project.files) as tmp:
        result = export_qdpx(project, tmp, coder=coder)
        progress.check()
    result.path = Path(out)
    return result


def summary(
    project: Project,
    out: str | Path,
    *,
    coder: str | None = None,
    basis: str = "auto",
    title: str = "Kritische Blik",
    where: Mapping[str, Sequence[str]] | None = None,
    force: bool = False,
    progress: Progress = QUIET,
) -> str:
    """The one-page plain-language summary (B1) as Markdown; returns the text written."""
    from ..export.summary import summary_markdown

    protect = list(project.files)
    check_target(out, force=force, protect=protect)  # refuse before any work
    progress.step("samenvatting opstellen")
    text = summary_markdown(
        project, coder=coder, basis=basis, title=title, where=dict(where) if where else None
    )
    progress.check()
    write_text(out, text, force=force, protect=protect)
    return text


def session_minutes(
    project: Project,
    session_id: int,
    out: str | Path,
    *,
    max_fragments: int | None = None,
    everything: bool = False,
    force: bool = False,
) -> Any:
    """The minutes (verslag) of a duidingssessie as Markdown; returns the session read. Themes set aside or
    not discussed are named only, unless ``everything``."""
    from ..export.minutes import render_minutes
    from ..store.sessions import load_session

    out = Path(out)
    check_target(out, force=force, protect=project.files, parents=True)  # refuse before any work
    if out.suffix.lower() not in MINUTES_SUFFIXES:
        raise KBError(f"{out}: het verslag is Markdown; kies een bestandsnaam op .md")
    with project.read() as s:
        view = load_session(s, session_id)
    write_text(
        out,
        render_minutes(view, max_fragments=max_fragments, everything=everything),
        force=force,
        protect=project.files,
        parents=True,
    )
    return view
