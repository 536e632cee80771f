"""A project's tables as DataFrames, read from the store, as the exporters and the pandas API use them.

Every method opens its own short read transaction. ``where`` limits every table to some interviews (see
:class:`ProjectFrames`); withdrawn fragments are never returned. The notebook API
(:class:`kritischeblik.api.ProjectData`) adds the analyses and the themes computed on the fly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ..analysis import matrices as mx
from ..analysis import scores as sc
from ..analysis.compare import select_interviews
from ..model import Basis, BasisLayer, Codebook
from ..store import coverage, reads
from ..store import themes as store_themes
from ..store.codebooks import all_codes, primary_codebook
from ..store.db import Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["ProjectFrames"]


class ProjectFrames:
    """Read access to one open project as DataFrames."""

    def __init__(self, project: Project, where: dict[str, str | list[str]] | None = None):
        """``where`` limits every table and analysis to some interviews, e.g. ``{"gemeente": "Alkmaar",
        "golf": ["2013", "2014"]}``: keys are omgeving, rol or front-matter keys; a list means any of these
        values, several keys must all hold. Stored themes stay project-wide."""
        self.project = project
        self._codebook: Codebook | None = None
        self.where = {k: [v] if isinstance(v, str) else list(v) for k, v in (where or {}).items()}
        self._ids: set[str] | None = None

    def _only(self, df: pd.DataFrame, session: Session) -> pd.DataFrame:
        """Rows of the interviews that ``where`` selects (all rows when there is no ``where``)."""
        if not self.where or "interview_id" not in df.columns:
            return df
        if self._ids is None:
            self._ids = set(
                select_interviews(reads.interviews(session), self.where, strict=True)["interview_id"].astype(
                    str
                )
            )
        out = df[df["interview_id"].astype(str).isin(self._ids)]
        out.attrs = dict(df.attrs)
        return out

    # -- raw data ----------------------------------------------------------------------------
    @property
    def codebook(self) -> Codebook:
        """The primary codebook (principles, scale)."""
        if self._codebook is None:
            with self.project.read() as s:
                self._codebook = primary_codebook(s)
        return self._codebook

    def all_codes(self) -> Codebook:
        with self.project.read() as s:
            return all_codes(s)

    def codes(self) -> pd.DataFrame:
        with self.project.read() as s:
            return reads.codes(s)

    def interviews(self) -> pd.DataFrame:
        with self.project.read() as s:
            return self._only(reads.interviews(s), s)

    def segments(self, include_withdrawn: bool = False) -> pd.DataFrame:
        """All segments with interview metadata (see :func:`kritischeblik.store.reads.segments`)."""
        with self.project.read() as s:
            return self._only(reads.segments(s, include_withdrawn=include_withdrawn), s)

    def codings(
        self,
        coder: str | list[str] | None = None,
        include_auto: bool = False,
        status: str | list[str] | None = None,
    ) -> pd.DataFrame:
        """Codings with code and coder names (see :func:`kritischeblik.store.reads.codings`)."""
        with self.project.read() as s:
            return self._only(reads.codings(s, coder=coder, include_auto=include_auto, status=status), s)

    def scores(self) -> pd.DataFrame:
        """Principle scores, one row per interview × voorbeeld × principe."""
        with self.project.read() as s:
            return self._only(reads.scores(s), s)

    def suggestions(self) -> pd.DataFrame:
        """New-principle suggestions, one row per suggestion."""
        with self.project.read() as s:
            return self._only(reads.suggestions(s), s)

    def tallies(self) -> pd.DataFrame:
        """Scores per principe × voorbeeld × omgeving (and ``alle``): n, mean, median, min, max, distribution."""
        cb = self.codebook
        return sc.principle_tallies(self.scores(), cb.principles(), (cb.scale_min, cb.scale_max))

    def choices(self, raw: bool = False, respondents: int | None = None) -> pd.DataFrame:
        """ "Met welk principe ga je aan de slag?" counts sorted as in the 2020 report; ``raw=True`` gives
        one row per interview × chosen principle instead."""
        with self.project.read() as s:
            df = self._only(reads.choices(s), s)
        if raw:
            return df
        return sc.choice_table(df, self.codebook.principles(), respondents=respondents)

    def coded(
        self, coder: str | None = None, basis: str = BasisLayer.AUTO, code_ids: list[str] | None = None
    ) -> pd.DataFrame:
        """Distinct coded segments of one coding layer; ``df.attrs["basis"]`` says which layer was used and
        ``df.attrs["basis_info"]`` (a :class:`Basis`) says it in words, with the interviews it covers."""
        with self.project.read() as s:
            cod = self._only(reads.codings(s, include_auto=True), s)
            used = mx.resolve_basis(cod, basis, coder, code_ids)
            found = coverage.basis(
                s, used, coder, basis, self._ids if self.where else None, scoped=code_ids is not None
            )
        out = mx.select_codings(cod, used, coder)
        out.attrs["basis"] = used if used != BasisLayer.CODEUR else f"codeur {coder}"
        out.attrs["basis_info"] = found
        return out

    def theme_basis(self, kind: str) -> Basis | None:
        """What the kind's saved themes rest on (see :func:`kritischeblik.store.coverage.theme_basis`)."""
        with self.project.read() as s:
            return coverage.theme_basis(s, kind)

    def stored_themes(self, kind: str | None = None, include_inactive: bool = False) -> pd.DataFrame:
        """The saved themes as the researchers edited them (columns of
        :data:`kritischeblik.store.themes.THEME_COLUMNS`)."""
        with self.project.read() as s:
            return store_themes.themes_frame(s, kind, include_inactive=include_inactive)

    def theme_fragments(self, kind: str | None = None) -> pd.DataFrame:
        """The fragments of the stored themes, one row each (representatives first)."""
        with self.project.read() as s:
            return store_themes.members_frame(s, kind)
