"""kb export samenvatting: the one-page plain-language summary (analysis/summary.py) as Markdown text; the
caller writes it where it chooses.

Privacy as in every export: withdrawn fragments are neither counted nor quoted; confidential fragments and
interviews ingested without pseudonymisation are counted but never quoted.
"""

from __future__ import annotations

from ..analysis.summary import build_summary, render_markdown
from ..store.db import Project
from ..store.exchange import unpseudonymised_ids
from .common import CONFIDENTIAL
from .frames import ProjectFrames


def summary_markdown(
    project: Project,
    coder: str | None = None,
    basis: str = "auto",
    title: str = "Kritische Blik",
    where: dict[str, list[str]] | None = None,
) -> str:
    """The one-page summary as Markdown; ``where`` as in :class:`ProjectFrames`."""
    data = ProjectFrames(project, where)
    segments = data.segments()  # without withdrawn fragments
    coded = data.coded(coder=coder, basis=basis)
    kept = coded[coded["segment_id"].isin(set(segments["segment_id"]))]
    kept.attrs = dict(coded.attrs)
    with project.read() as s:
        hidden = unpseudonymised_ids(s)
    quotable = segments[(segments["state"] != CONFIDENTIAL) & ~segments["interview_id"].isin(hidden)]
    themes = data.stored_themes()
    if len(themes):
        themes = themes[(themes["soort"] == "suggestie") & (themes["status"] == "actief")]
    book = data.codebook
    return render_markdown(
        build_summary(
            title,
            data.interviews(),
            kept,
            quotable,
            data.scores(),
            data.choices(),
            data.suggestions(),
            themes,
            (book.scale_min, book.scale_max),
        )
    )
