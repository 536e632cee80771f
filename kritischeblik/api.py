"""pandas API: a project's data and analyses as DataFrames, for notebooks and scripts.

    >>> import kritischeblik as kb
    >>> p = kb.open_project("demo/kritischeblik.kb")
    >>> p.tallies()            # scores per principe × voorbeeld × omgeving
    >>> p.choices()            # "met welk principe ga je aan de slag?"
    >>> p.themes("suggestie")  # stored themes, or computed on the fly when none are stored

Everything is read-only and pseudonymised (the store holds no real names); withdrawn fragments are left
out. Every method opens its own short read transaction, so a notebook can stay open next to the TUI.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .analysis import matrices as mx
from .analysis import scores as sc
from .analysis import themes as th
from .analysis.compare import select_interviews
from .analysis.fragments import select_fragments
from .model import Codebook, ThemeStatus
from .store import reads
from .store import themes as store_themes
from .store.codebooks import all_codes, primary_codebook
from .store.db import Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["ProjectData", "open_project"]


class ProjectData:
    """Read access to one project as DataFrames. Use as a context manager or call :meth:`close`."""

    def __init__(self, project: Project | str | Path, where: dict[str, str | list[str]] | None = None):
        """``where`` limits every table and analysis to some interviews, e.g. ``{"gemeente": "Alkmaar",
        "golf": ["2013", "2014"]}``: keys are omgeving, rol or front-matter keys; a list means any of these
        values, several keys must all hold. Stored themes stay project-wide."""
        self._own = not isinstance(project, Project)
        self.project = Project.open(project) if self._own else project
        if self._own and self.project.migration_backup is not None:
            warnings.warn(self.project.migration_backup.message(), stacklevel=2)
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

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.project.path

    def close(self) -> None:
        if self._own:
            self.project.close()

    def __enter__(self) -> ProjectData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ProjectData({str(self.path)!r})"

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

    # -- analyses ----------------------------------------------------------------------------
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

    def suggestion_list(self, cluster: bool = False, k: int | str = "auto", seed: int = 0) -> pd.DataFrame:
        """New-principle suggestions; with ``cluster=True`` grouped into themes (computed, not saved)."""
        sug = self.suggestions()
        if not cluster or not len(sug):
            return sc.suggestion_table(sug)
        sel = select_fragments("suggestie", pd.DataFrame(), pd.DataFrame(), self.codes(), sug)
        clustering = th.cluster_fragments(sel.fragments, k=k, seed=seed)
        return sc.suggestion_table(sug, th.membership_table(clustering))

    def coded(
        self, coder: str | None = None, basis: str = "auto", code_ids: list[str] | None = None
    ) -> pd.DataFrame:
        """Distinct coded segments of one coding layer; ``df.attrs["basis"]`` says which layer was used."""
        with self.project.read() as s:
            cod = self._only(reads.codings(s, include_auto=True), s)
        used = mx.resolve_basis(cod, basis, coder, code_ids)
        out = mx.select_codings(cod, used, coder)
        out.attrs["basis"] = used if used != "codeur" else f"codeur {coder}"
        return out

    def principle_codings(self, coder: str | None = None, basis: str = "auto") -> pd.DataFrame:
        """How often each principle was coded per voorbeeld; ``attrs["basis"]`` names the layer used."""
        principles = self.codebook.principles()
        coded = self.coded(coder, basis, [p.id for p in principles])
        out = sc.principle_coding_counts(coded, principles)
        out.attrs["basis"] = coded.attrs["basis"]
        return out

    def matrix(
        self,
        by: str = "omgeving",
        share: bool = False,
        coder: str | None = None,
        basis: str = "auto",
        window: int = 0,
    ) -> pd.DataFrame:
        """Code matrix: ``by`` is omgeving, rol, interview, an ``attr_`` column, or ``cooccurrence``."""
        coded = self.coded(coder, basis)
        if by == "cooccurrence":
            out = mx.cooccurrence(
                coded, window=window, share=share, interviews=self.interviews(), codes=self.codes()
            )
        else:
            out = mx.code_matrix(coded, self.interviews(), by=by, share=share, codes=self.codes())
        out.attrs["basis"] = coded.attrs["basis"]
        return out

    def compare(self, by: str, groups: list[str] | None = None, coder: str | None = None,
                basis: str = "auto") -> pd.DataFrame:  # fmt: skip
        """Groups side by side (``by``: omgeving, rol or a front-matter key such as gemeente or golf): scores,
        element shares, chosen principles and suggestions per group; ``attrs["basis"]`` names the layer."""
        from .analysis.compare import compare_groups

        coded = self.coded(coder, basis)
        principles = [(c.id, c.name) for c in self.codebook.principles()]
        out = compare_groups(self.interviews(), coded, self.scores(), self.choices(raw=True), self.suggestions(),
                             self.codes(), principles, by, groups)  # fmt: skip
        out.attrs["basis"] = coded.attrs["basis"]
        return out

    def themes(
        self,
        kind: str | None = None,
        compute: bool | None = None,
        k: int | str = "auto",
        seed: int = 0,
        basis: str = "auto",
        coder: str | None = None,
        vectors: str = "tfidf",
    ) -> pd.DataFrame:
        """Themes as a table (columns of :data:`kritischeblik.store.themes.THEME_COLUMNS`).

        By default the stored themes (as edited by the researchers); when none are stored for ``kind`` they
        are computed on the fly, without saving (``compute=True`` forces that, ``compute=False`` never does).
        """
        from .services import themes as theme_service

        if compute is not True:
            with self.project.read() as s:
                stored = store_themes.themes_frame(s, kind)
            if len(stored) or compute is False or kind is None:
                return stored
        _sel, clustering = theme_service.compute(
            self.project, kind or "belemmerend", k=k, seed=seed, basis=basis, coder=coder, vectors=vectors
        )
        table = th.theme_table(clustering)
        out = pd.DataFrame(
            {
                "thema_id": table["thema_id"],
                "soort": kind,
                "label": table["label"],
                "label_auto": table["label"],
                "label_gebruiker": None,
                "status": str(ThemeStatus.ACTIEF),
                "omvang": table["omvang"],
                "n_interviews": table["n_interviews"],
                "interviews": table["interviews"],
                "omgevingen": table["omgevingen"],
                "voorbeeld_1": table["voorbeeld_1"],
                "voorbeeld_2": table["voorbeeld_2"],
                "voorbeeld_3": table["voorbeeld_3"],
                "bewerkt": False,
                "samengevoegd_in": pd.array([None] * len(table), dtype="Int64"),
                "afgesplitst_van": pd.array([None] * len(table), dtype="Int64"),
                "set_id": pd.array([None] * len(table), dtype="Int64"),
                "methode": f"{clustering.method}/{clustering.vectors}, seed {clustering.seed} (niet opgeslagen)",
            },
            columns=store_themes.THEME_COLUMNS,
        )
        return out

    def theme_fragments(self, kind: str | None = None) -> pd.DataFrame:
        """The fragments of the stored themes, one row each (representatives first)."""
        with self.project.read() as s:
            return store_themes.members_frame(s, kind)


def open_project(path: str | Path, where: dict[str, str | list[str]] | None = None) -> ProjectData:
    """Open a project file for analysis with pandas (``where``: see :class:`ProjectData`)."""
    return ProjectData(path, where)
