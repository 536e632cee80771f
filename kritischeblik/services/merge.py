"""Bringing duo projects together (``kb merge TARGET SOURCE…``), as MAXQDA and ATLAS.ti merge project files.

The sources are opened read-only and read whole first (the slow part); then the target is read and written in
one transaction, so a failure leaves it as it was. What counts as the same row is a natural key
(:mod:`.merge_index`), never a database id, which is why merging twice adds nothing the second time. What
differs is a conflict: reported, never overwritten. A dry run goes through the same steps with a writer that
writes nothing.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import Hint, KBError
from ..safefiles import check_target, same_file, write_text
from ..store import project_rows
from ..store.db import Project, now
from ..store.location import ProjectLocation, project_location
from . import merge_layers, merge_sessions, merge_source, roles
from .merge_index import TargetIndex, build_index
from .merge_report import MergeReport, SourceReport, render
from .merge_source import MergeContext

__all__ = ["MergeReport", "merge"]


class _StoreWriter:
    """Writes into the target's open transaction."""

    def __init__(self, session: Any):
        self.session = session

    def insert(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        return project_rows.insert_rows(self.session, table, rows)

    def update(self, table: str, changes: list[tuple[int, dict[str, Any]]]) -> None:
        project_rows.update_rows(self.session, table, changes)

    def segment_ids(self, n: int) -> int:
        return project_rows.reserve_segment_ids(self.session, n)

    def turn_id(self) -> int:
        return project_rows.next_turn_id(self.session)

    def set_meta(self, values: dict[str, str]) -> None:
        project_rows.set_meta(self.session, values)


class _DryWriter:
    """Writes nothing: hands out stand-in ids (negative, so they can never be taken for the target's own)."""

    def __init__(self) -> None:
        self._ids = itertools.count(-1, -1)

    def insert(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        if table in ("codebooks", "codes", "interviews", "segment_vectors"):
            return []
        return [next(self._ids) for _ in rows]

    def update(self, table: str, changes: list[tuple[int, dict[str, Any]]]) -> None:
        pass

    def segment_ids(self, n: int) -> int:
        first = next(self._ids) - n
        self._ids = itertools.count(first - 1, -1)
        return first

    def turn_id(self) -> int:
        return 0  # turns are only written, never looked up again

    def set_meta(self, values: dict[str, str]) -> None:
        pass


def _same(a: ProjectLocation, b: ProjectLocation) -> bool:
    if isinstance(a, Path) and isinstance(b, Path):
        return a.exists() and b.exists() and same_file(a, b)
    return str(a) == str(b)


def _check_paths(
    target: ProjectLocation, sources: Sequence[ProjectLocation], report_path: Path | None
) -> None:
    if not sources:
        raise KBError("Geef minstens één bronproject om samen te voegen.")
    if isinstance(target, Path) and not target.exists():
        # the target is named, not given with -p: the store's "no project" hint would point at -p
        raise KBError(f"{target}: doelproject bestaat niet.", hint=Hint.CREATE_TARGET, path=target)
    for src in sources:
        if isinstance(src, Path) and not src.is_file():
            raise KBError(f"{src}: bronproject bestaat niet.")
        if _same(src, target):
            raise KBError(
                f"{src}: is het doelproject zelf; een project wordt niet met zichzelf samengevoegd."
            )
    for a, b in itertools.combinations(sources, 2):
        if _same(a, b):
            raise KBError(f"{b}: staat twee keer in de lijst met bronnen.")
    if report_path is not None:  # refused before anything is read: the report never replaces a file
        check_target(report_path, force=False, protect=_files(target, *sources))


def _files(*where: ProjectLocation) -> list[Path]:
    """The project files among ``where`` (a database has none a report could overwrite)."""
    return [w for w in where if isinstance(w, Path)]


def _read_source(path: ProjectLocation) -> project_rows.ProjectRows:
    with Project.open(path, read_only=True) as p, p.read() as s:
        return project_rows.read_rows(s)


def _merge_one(
    ix: TargetIndex, path: ProjectLocation, rows: project_rows.ProjectRows, writer: Any
) -> SourceReport:
    ctx = MergeContext(src=rows, ix=ix, writer=writer, report=SourceReport(path), now=now())
    merge_source.merge_codebooks(ctx)
    merge_source.map_researchers(ctx)
    merge_source.merge_interviews(ctx)
    merge_source.note_relabelled(ctx)
    held = merge_layers.merge_codings(ctx)
    merge_layers.merge_coding_events(ctx, held)
    merge_layers.merge_coder_scores(ctx)
    merge_layers.merge_score_events(ctx)
    merge_layers.merge_segment_events(ctx)
    theme_map = merge_sessions.merge_themes(ctx)
    merge_sessions.merge_sessions(ctx, theme_map)
    if ctx.report.counts["theme_sets"]:
        ctx.report.notes.append(
            "themasets uit de bron zijn toegevoegd; per soort geldt de laatst toegevoegde set als de huidige. "
            "Cluster opnieuw om thema's over alle interviews samen te krijgen."
        )
    return ctx.report


def merge(
    target: str | os.PathLike[str] | ProjectLocation,
    sources: Sequence[str | os.PathLike[str] | ProjectLocation],
    dry_run: bool = False,
    report_path: str | os.PathLike[str] | None = None,
    actor: str | None = None,
) -> MergeReport:
    """Merge every source into ``target`` in one transaction (nothing with ``dry_run``); returns the report,
    also written as Markdown to ``report_path`` when given (a new file only). With roles in the target only
    a beheerder (``actor``) merges into it: asked before the sources are read and again inside the write."""
    target_path, paths = project_location(target), [project_location(s) for s in sources]
    out = Path(report_path) if report_path is not None else None
    _check_paths(target_path, paths, out)
    if not dry_run:
        with Project.open(target_path) as project:
            roles.check(project, roles.Action.MERGE, actor)
    read = [(p, _read_source(p)) for p in paths]  # the slow part, before the target is locked
    report = MergeReport(target_path, dry_run)
    with Project.open(target_path) as project:
        if dry_run:
            with project.read() as s:
                ix = build_index(project_rows.read_rows(s, with_vectors=False))
                writer = _DryWriter()
                report.sources = [_merge_one(ix, p, rows, writer) for p, rows in read]
        else:
            project.check_writable()
            with project.write() as s:
                roles.require(s, roles.Action.MERGE, actor)
                ix = build_index(project_rows.read_rows(s, with_vectors=False))
                writer = _StoreWriter(s)
                report.sources = [_merge_one(ix, p, rows, writer) for p, rows in read]
    if out is not None:
        write_text(out, render(report, markdown=True), force=False, protect=_files(target_path, *paths))
    return report
