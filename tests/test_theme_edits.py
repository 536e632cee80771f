"""Representatives and generated labels of themes after merge, split and move (store, CLI and analysis).

The expected representatives are recomputed here independently: scikit-learn's TF-IDF over all fragments of
the theme set, cosine similarity of each member to its theme's centroid. The expected labels come from a
plain re-statement of class-based TF-IDF.
"""

from __future__ import annotations

import math
import shutil
from collections import Counter

import numpy as np
import pytest
from sqlalchemy import select

from kritischeblik.analysis.fragments import Fragment, tokens
from kritischeblik.analysis.themes import cluster_fragments, pick_representatives, rank_themes
from kritischeblik.cli import main
from kritischeblik.services import themes as service
from kritischeblik.store import codings as store_codings
from kritischeblik.store import themes as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Segment, Theme, ThemeMember

KIND = "belemmerend"
TOPICS = {
    "be-discontinuiteit": ["vakantie", "vertrokken", "wachtlijst", "ziek", "wisseling", "personeel"],
    "be-systeemwereld": ["formulier", "procedure", "indicatie", "regels", "beschikking", "aanvraag"],
    "be-fysieke-grenzen": ["grens", "gemeente", "wijk", "betalen", "postcode"],
    "be-gebrek-aan-daadkracht": ["niemand", "wachten", "aan zet", "verantwoordelijk", "regie"],
}


def _code(project: Project, per_topic: int = 14) -> set[int]:
    """Code belemmerend elements on segments mentioning a topic's words: a set of a few dozen fragments."""
    picked: set[int] = set()
    with project.write() as s:
        rows = s.execute(select(Segment.id, Segment.lemmas, Segment.text).order_by(Segment.id)).all()
        for code, words in TOPICS.items():
            hits = [
                sid
                for sid, lem, txt in rows
                if any(w in lem.split() or w in txt.lower() for w in words) and sid not in picked
            ]
            for sid in hits[:per_topic]:
                store_codings.decide(s, sid, code, "anna", "add")
                picked.add(sid)
    return picked


def _cluster(project: Project, k: int = 4, seed: int = 1) -> list[int]:
    sel, clustering = service.compute(project, KIND, k=k, seed=seed)
    with project.write() as s:
        store.save_clustering(s, KIND, clustering, {"basis": sel.basis})
    with project.read() as s:
        return store.themes_frame(s, KIND)["thema_id"].tolist()


def _groups(project: Project) -> dict[int, list[tuple[int, list[str]]]]:
    """theme id -> [(segment id, content lemmas)] of every theme that holds fragments, read with plain SQL."""
    with project.read() as s:
        rows = s.execute(
            select(ThemeMember.theme_id, Segment.id, Segment.lemmas)
            .join(Segment, Segment.id == ThemeMember.segment_id)
            .order_by(Segment.id)
        ).all()
    out: dict[int, list[tuple[int, list[str]]]] = {}
    for tid, sid, lemmas in rows:
        out.setdefault(tid, []).append((sid, tokens(lemmas or "")))
    return out


def _similarities(groups: dict[int, list[tuple[int, list[str]]]]) -> dict[int, dict[int, float]]:
    """theme id -> {segment id: cosine similarity to the theme's centroid}, TF-IDF by scikit-learn."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = [(tid, sid, toks) for tid, g in groups.items() for sid, toks in g]
    X = (
        TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
        .fit_transform([t for _, _, t in items])
        .toarray()
    )
    out: dict[int, dict[int, float]] = {}
    for tid in groups:
        rows = [i for i, it in enumerate(items) if it[0] == tid]
        c = X[rows].mean(axis=0)
        sims = X[rows] @ (c / np.linalg.norm(c)) if np.linalg.norm(c) else np.zeros(len(rows))
        out[tid] = {items[i][1]: float(v) for i, v in zip(rows, sims, strict=True)}
    return out


def _ctfidf_labels(groups: dict[int, list[tuple[int, list[str]]]]) -> dict[int, str]:
    counts = {tid: Counter(t for _, toks in g for t in toks) for tid, g in groups.items()}
    total = sum(counts.values(), Counter())
    avg = sum(sum(c.values()) for c in counts.values()) / len(counts)
    out = {}
    for tid, c in counts.items():
        size = sum(c.values())
        weight = {t: n / size * math.log(1 + avg / total[t]) for t, n in c.items()}
        out[tid] = ", ".join(sorted(weight, key=lambda t: (-weight[t], t))[:3])
    return out


def _ranks(project: Project) -> dict[int, dict[int, int]]:
    """theme id -> {segment id: rank} of the stored representatives."""
    with project.read() as s:
        rows = s.execute(
            select(ThemeMember.theme_id, ThemeMember.segment_id, ThemeMember.rank).where(
                ThemeMember.rank.is_not(None)
            )
        ).all()
    out: dict[int, dict[int, int]] = {}
    for tid, sid, rank in rows:
        out.setdefault(tid, {})[sid] = rank
    return out


def assert_representatives_follow_the_criterion(project: Project) -> None:
    groups = _groups(project)
    sims = _similarities(groups)
    ranks = _ranks(project)
    assert set(ranks) <= set(groups)  # no theme without fragments has representatives
    with project.read() as s:
        shown = store.themes_frame(s, KIND, include_inactive=True).set_index("thema_id")
        texts = dict(s.execute(select(Segment.id, Segment.text)).all())
    for tid, members in groups.items():
        got = ranks.get(tid, {})
        ids = {sid for sid, _ in members}
        assert set(got) <= ids, f"thema {tid}: representative outside the theme"
        assert sorted(got.values()) == list(range(1, min(3, len(ids)) + 1))
        by_rank = sorted(got, key=got.get)
        s_rep = [sims[tid][sid] for sid in by_rank]
        assert all(a >= b - 1e-9 for a, b in zip(s_rep, s_rep[1:], strict=False))
        rest = [v for sid, v in sims[tid].items() if sid not in got]
        assert not rest or min(s_rep) >= max(rest) - 1e-9, f"thema {tid}: a closer fragment is not shown"
        # What kb themes / the xlsx sheet / the TUI show is exactly these fragments, in rank order.
        assert [shown.loc[tid, f"voorbeeld_{i + 1}"] for i in range(len(by_rank))] == [
            texts[i] for i in by_rank
        ]


def _state(project: Project) -> tuple:
    with project.read() as s:
        themes = sorted(
            (t.id, t.label, tuple(t.terms), t.user_label, t.status) for t in s.scalars(select(Theme))
        )
        members = sorted(
            (m.theme_id, m.segment_id, m.rank, m.moved_by_user) for m in s.scalars(select(ThemeMember))
        )
    return themes, members


def _move_that_makes_a_representative(project: Project) -> tuple[int, int]:
    """A (segment, theme) such that, by the independent computation, the moved segment becomes one of the
    theme's representatives while it is not the source theme's only fragment."""
    groups = _groups(project)
    with project.read() as s:
        active = set(store.themes_frame(s, KIND)["thema_id"])
    for target in sorted(active):
        for source in sorted(active - {target}):
            for sid, toks in groups[source][: len(groups[source]) - 1]:
                trial = {t: [m for m in g if m[0] != sid] for t, g in groups.items()}
                trial[target] = [*trial[target], (sid, toks)]
                sims = _similarities(trial)[target]
                if sorted(sims, key=lambda i: (-round(sims[i], 9), i)).index(sid) < 3:
                    return sid, target
    raise AssertionError("no move found that makes a representative")


@pytest.mark.backends
def test_unedited_set_keeps_its_clustering_representatives_and_labels(demo_project):
    picked = _code(demo_project)
    assert len(picked) >= 30
    _cluster(demo_project)
    before = _state(demo_project)
    assert_representatives_follow_the_criterion(demo_project)
    service.refresh(demo_project, KIND)
    assert _state(demo_project) == before
    groups = _groups(demo_project)
    with demo_project.read() as s:
        labels = {t.id: t.label for t in s.scalars(select(Theme))}
    assert {tid: labels[tid] for tid in groups} == _ctfidf_labels(groups)


@pytest.mark.backends
def test_merge_split_and_move_recompute_representatives(demo_project, capsys):
    _code(demo_project)
    t1, t2, t3, t4 = _cluster(demo_project)
    service.rename(demo_project, t1, "Wisselingen en wachtlijsten")
    service.rename(demo_project, t2, "Regels")

    # Move through the CLI (which calls the same service as the TUI).
    sid, target = _move_that_makes_a_representative(demo_project)
    assert main(["themes", "move", str(sid), str(target), "-p", str(demo_project.path)]) == 0
    capsys.readouterr()
    assert sid in _ranks(demo_project)[target]
    assert_representatives_follow_the_criterion(demo_project)

    service.merge(demo_project, t1, [t3])
    assert_representatives_follow_the_criterion(demo_project)
    assert not _ranks(demo_project).get(t3)

    made = [t.id for t in service.split(demo_project, t1, k=2)]
    assert_representatives_follow_the_criterion(demo_project)
    assert not _ranks(demo_project).get(t1) and all(_ranks(demo_project)[t] for t in made)

    groups = _groups(demo_project)
    with demo_project.read() as s:
        df = store.themes_frame(s, KIND, include_inactive=True).set_index("thema_id")
        members = store.members_frame(s, KIND)
    # Generated labels follow the membership; the user's own labels are never overwritten.
    assert {t: df.loc[t, "label_auto"] for t in groups} == _ctfidf_labels(groups)
    assert df.loc[t1, "label"] == "Wisselingen en wachtlijsten" and df.loc[t2, "label"] == "Regels"
    assert df.loc[t1, "label_gebruiker"] == "Wisselingen en wachtlijsten"
    # The moved fragment keeps its mark wherever the split put it.
    assert bool(members.set_index("fragment_id").loc[sid, "verplaatst"])

    # Recomputing again changes nothing: the result depends on the membership only.
    first = _state(demo_project)
    service.refresh(demo_project, KIND)
    assert _state(demo_project) == first


def test_edits_are_deterministic_and_undo_restores_representatives(demo_project_path, tmp_path):
    with Project.open(demo_project_path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    states = []
    for name in ("a.kb", "b.kb"):
        shutil.copy(demo_project_path, tmp_path / name)
        with Project.open(tmp_path / name) as p:
            _code(p)
            t1, t2, t3, _t4 = _cluster(p)
            clustered = _state(p)
            frag = int(min(_groups(p)[t3])[0])
            service.move(p, frag, t2)
            service.move(p, frag, t3)
            # Moving back gives the clustering's representatives and labels again (only the mark differs).
            back = _state(p)
            assert back[0] == clustered[0]
            assert [m[:3] for m in back[1]] == [m[:3] for m in clustered[1]]
            snapshot = service.merge(p, t1, [t2])
            merged = _state(p)
            service.unmerge(p, snapshot)
            assert _state(p) == back
            service.merge(p, t1, [t2])
            service.split(p, t1, k=3, seed=2)
            states.append((merged, _state(p)))
    assert states[0] == states[1]


@pytest.mark.backends
def test_withdrawn_segment_is_never_a_representative(demo_project):
    _code(demo_project)
    t1, t2, *_ = _cluster(demo_project)
    top = min(_ranks(demo_project)[t1], key=_ranks(demo_project)[t1].get)
    with demo_project.write() as s:
        s.get(Segment, top).state = "ingetrokken"
    service.merge(demo_project, t1, [t2])
    ranks = _ranks(demo_project)[t1]
    assert top not in ranks and sorted(ranks.values()) == [1, 2, 3]


# -- the pure function -------------------------------------------------------------------------------------


def _frag(i: int, lemmas: str) -> Fragment:
    return Fragment.segment(i, lemmas, lemmas.split(), f"iv-{i % 3}")


def test_pick_representatives_matches_clustering_and_is_order_free():
    words = [
        "huur woning ontruiming",
        "huur woning",
        "huur deurwaarder brief",
        "woning corporatie",
        "school klas mentor",
        "school verzuim",
        "klas docent les",
        "mentor leerling school",
    ]
    frags = [_frag(i + 1, w) for i, w in enumerate(words)]
    c = cluster_fragments(frags, k=2, seed=0)
    for theme in c.themes:
        others = [f for f in frags if f not in theme.members]
        assert pick_representatives(theme.members, context=others) == theme.representatives
        assert pick_representatives(list(reversed(theme.members)), context=list(reversed(others))) == (
            theme.representatives
        )
    # A fragment moved into a theme can become its most representative one.
    housing = [f for f in frags if "huur" in f.text or "woning" in f.text]
    moved = _frag(99, "huur woning ontruiming corporatie")
    ranked = rank_themes([[*housing, moved], [f for f in frags if f not in housing]])
    assert ranked[0][0] == moved and set(ranked[0]) == {*housing, moved}
    assert pick_representatives([]) == []


@pytest.mark.parametrize("n", [1, 2, 5])
def test_pick_representatives_returns_at_most_n_members(n):
    frags = [_frag(i, "huur woning") for i in range(1, 5)]
    got = pick_representatives(frags, n=n)
    assert len(got) == min(n, 4) and set(got) <= set(frags)
    assert got == sorted(got, key=lambda f: f.key)  # identical vectors: ties go by fragment key
