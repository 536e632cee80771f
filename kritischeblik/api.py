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

import pandas as pd

from .analysis import matrices as mx
from .analysis import scores as sc
from .analysis import themes as th
from .analysis.fragments import select_fragments
from .export.frames import ProjectFrames
from .model import ThemeStatus
from .store import themes as store_themes
from .store.db import Project

__all__ = ["ProjectData", "open_project"]


class ProjectData(ProjectFrames):
    """Read access to one project as DataFrames. Use as a context manager or call :meth:`close`."""

    def __init__(self, project: Project | str | Path, where: dict[str, str | list[str]] | None = None):
        """``where``: see :class:`kritischeblik.export.frames.ProjectFrames`."""
        self._own = not isinstance(project, Project)
        opened = Project.open(project) if self._own else project
        if self._own and opened.migration_backup is not None:
            warnings.warn(opened.migration_backup.message(), stacklevel=2)
        super().__init__(opened, where)

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

    # -- analyses ----------------------------------------------------------------------------
    def suggestion_list(self, cluster: bool = False, k: int | str = "auto", seed: int = 0) -> pd.DataFrame:
        """New-principle suggestions; with ``cluster=True`` grouped into themes (computed, not saved)."""
        sug = self.suggestions()
        if not cluster or not len(sug):
            return sc.suggestion_table(sug)
        sel = select_fragments("suggestie", pd.DataFrame(), pd.DataFrame(), self.codes(), sug)
        clustering = th.cluster_fragments(sel.fragments, k=k, seed=seed)
        return sc.suggestion_table(sug, th.membership_table(clustering))

    def principle_codings(self, coder: str | None = None, basis: str = "auto") -> pd.DataFrame:
        """How often each principle was coded per voorbeeld; ``attrs["basis"]`` names the layer used."""
        principles = self.codebook.principles()
        coded = self.coded(coder, basis, [p.id for p in principles])
        out = sc.principle_coding_counts(coded, principles)
        out.attrs["basis"] = coded.attrs["basis"]
        out.attrs["basis_info"] = coded.attrs["basis_info"]
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
        out.attrs["basis_info"] = coded.attrs["basis_info"]
        return out

    def compare(
        self, by: str, groups: list[str] | None = None, coder: str | None = None, basis: str = "auto"
    ) -> pd.DataFrame:
        """Groups side by side (``by``: omgeving, rol or a front-matter key such as gemeente or golf): scores,
        element shares, chosen principles and suggestions per group; ``attrs["basis"]`` names the layer."""
        from .analysis.compare import compare_groups

        coded = self.coded(coder, basis)
        principles = [(c.id, c.name) for c in self.codebook.principles()]
        out = compare_groups(
            self.interviews(),
            coded,
            self.scores(),
            self.choices(raw=True),
            self.suggestions(),
            self.codes(),
            principles,
            by,
            groups,
        )
        out.attrs["basis"] = coded.attrs["basis"]
        out.attrs["basis_info"] = coded.attrs["basis_info"]
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
            stored = self.stored_themes(kind)
            if len(stored) or compute is False or kind is None:
                if kind is not None:
                    stored.attrs["basis_info"] = self.theme_basis(kind)
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


def open_project(path: str | Path, where: dict[str, str | list[str]] | None = None) -> ProjectData:
    """Open a project file for analysis with pandas (``where``: see :class:`ProjectData`)."""
    return ProjectData(path, where)
