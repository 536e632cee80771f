"""Themes by meaning in the service (kb themes with the default method) on the demo project: one theme per
code, labelled with the code's name, an *overig* group set aside that does not count as an edit."""

from __future__ import annotations

from sqlalchemy import select

from kritischeblik.analysis.themes import MEANING
from kritischeblik.model import ThemeStatus
from kritischeblik.services import themes as service
from kritischeblik.store import reads
from kritischeblik.store import themes as store
from kritischeblik.store.schema import Theme, ThemeMember


def test_default_themes_follow_the_codes_and_set_misfits_aside(demo_project):
    from kritischeblik.services import coding

    coding.auto_code(demo_project)
    result = service.recluster(demo_project, "belemmerend")
    clustering = result.clustering
    assert clustering.method == MEANING and clustering.vectors == "use"
    with demo_project.read() as s:
        names = dict(zip(reads.codes(s)["code_id"], reads.codes(s)["name"], strict=True))
        rows = list(s.scalars(select(Theme).where(Theme.set_id == result.set_id)))
        members = {
            t.id: [m.segment_id for m in s.scalars(select(ThemeMember).where(ThemeMember.theme_id == t.id))]
            for t in rows
        }
        statuses = {t.label: t.status for t in rows}
        assert store.user_edits(s, "belemmerend") == []  # the machine's overig group is no edit
    codes = result.selection.codes
    for theme in clustering.themes:
        if theme.other:
            assert theme.label.startswith("Overig")
            continue
        carried = [set(codes[f.key]) for f in theme.members]
        shared = set.intersection(*carried)
        assert shared, f"a guided theme holds fragments of one code: {theme.label}"
        assert any(theme.label.startswith(names[c] + ": ") for c in shared)
        assert "," not in theme.label.split(": ", 1)[1]  # a phrase, not a list of lemmas
    others = [t for t in clustering.themes if t.other]
    for t in others:
        assert statuses[t.label] == ThemeStatus.TERZIJDE
    assert all(
        status == ThemeStatus.ACTIEF for label, status in statuses.items() if not label.startswith("Overig")
    )
    every = sorted(sid for ids in members.values() for sid in ids)
    assert every == sorted(f.segment_id for f in result.selection.fragments)
    # reclustering needs no --force: nothing the researchers did is lost
    again = service.recluster(demo_project, "belemmerend")
    assert [t.label for t in again.clustering.themes] == [t.label for t in clustering.themes]


def test_an_explicit_number_of_themes_keeps_kmeans(demo_project):
    from kritischeblik.services import coding

    coding.auto_code(demo_project)
    _sel, clustering = service.compute(demo_project, "belemmerend", k=3)
    assert clustering.method == "kmeans" and clustering.k == 3
