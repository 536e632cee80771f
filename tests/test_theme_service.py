"""The theme service's rules when someone else works at the same time: the clustering is computed with no
transaction open, so the write re-checks what it computed from (services/themes.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from test_theme_edits import KIND, _cluster, _code, _state

from kritischeblik.errors import KBError
from kritischeblik.services import themes as service
from kritischeblik.services.progress import Cancelled, Progress
from kritischeblik.store import themes as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import ThemeMember

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL


def _partner_during_clustering(monkeypatch, project: Project, edit) -> None:  # noqa: ANN001
    """While service.recluster clusters, a second connection to the project makes ``edit``."""
    real = service.cluster_fragments

    def with_partner(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        with Project.open(project.path) as partner:
            edit(partner)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "cluster_fragments", with_partner)


def test_an_edit_made_while_clustering_is_never_thrown_away(demo_project, monkeypatch):
    _code(demo_project)
    t1, *_ = _cluster(demo_project)
    before = _state(demo_project)
    _partner_during_clustering(monkeypatch, demo_project, lambda p: service.rename(p, t1, "Van de partner"))
    with pytest.raises(KBError, match="weggooien") as err:
        service.recluster(demo_project, KIND, k=3)  # no edits when it started, one when it saves
    assert "Van de partner" in str(err.value)
    after_rename = _state(demo_project)
    assert after_rename[1] == before[1] and any(t[3] == "Van de partner" for t in after_rename[0])
    # Forcing covers the edits seen when the run started, not one made meanwhile.
    _partner_during_clustering(monkeypatch, demo_project, lambda p: service.set_status(p, t1, "terzijde"))
    with pytest.raises(KBError, match="Terwijl er geclusterd werd") as err:
        service.recluster(demo_project, KIND, k=3, force=True)
    assert "terzijde" in str(err.value)
    with demo_project.read() as s:
        assert store.get_theme(s, t1).status == "terzijde"
    # What the user confirmed may go.
    monkeypatch.undo()
    with demo_project.read() as s:
        seen = store.user_edits(s, KIND)
    done = service.recluster(demo_project, KIND, k=3, force=True, confirmed=seen)
    with demo_project.read() as s:
        assert store.user_edits(s, KIND) == [] and store.current_set(s, KIND).id == done.set_id


def test_a_stopped_recluster_writes_nothing(demo_project):
    _code(demo_project)
    _cluster(demo_project)
    before = _state(demo_project)
    asked: list[str] = []

    def stop_while_clustering() -> bool:
        return "opslaan" in asked

    progress = Progress(
        report=lambda message, _fraction: asked.append(message), cancelled=stop_while_clustering
    )
    with pytest.raises(Cancelled):
        service.recluster(demo_project, KIND, k=2, seed=5, progress=progress)
    assert asked[-1] == "opslaan" and _state(demo_project) == before


def test_an_edit_is_computed_again_when_the_set_changed_before_its_write(demo_project, monkeypatch):
    _code(demo_project)
    t1, t2, t3, _t4 = _cluster(demo_project)
    with demo_project.read() as s:
        frag = s.scalars(select(ThemeMember.segment_id).where(ThemeMember.theme_id == t3)).first()
    real, calls = service._ranking, []

    def partner_moves_first(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        if len(calls) == 1:  # between the merge's read and its write, the partner moves a fragment
            with Project.open(demo_project.path) as partner:
                service.move(partner, frag, t2)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_ranking", partner_moves_first)
    service.merge(demo_project, t1, [t3])
    assert len(calls) == 3  # the merge's first plan, the partner's move, the merge computed again
    monkeypatch.undo()
    merged = _state(demo_project)
    with demo_project.read() as s:
        member = s.scalars(select(ThemeMember).where(ThemeMember.segment_id == frag)).one()
        assert member.theme_id == t2 and member.moved_by_user  # the partner's move stands
    service.refresh(demo_project, KIND)
    assert _state(demo_project) == merged  # representatives and labels fit the final membership
