"""Themes: cluster the fragments of one kind into themes, and the researchers' edits of them (rename, merge
and its undo, split, move a fragment, set aside).

Rules kept here:

- Re-clustering replaces a kind's theme set, so it never throws away the researchers' edits unless asked
  (``force``): checked when the inputs are read, and again in the write, where edits made meanwhile by
  someone else are never covered by a ``force`` given for the edits seen before.
- The clustering is computed with no transaction open: the inputs are read in a short read transaction,
  clustered, and saved in one short write (the duo partner keeps working meanwhile).
- Merge, split and move (and undoing a merge) change which fragments a theme holds, and with it the
  theme's representatives and generated label (by the criteria of the clustering itself). These are
  computed from the membership the edit will produce, outside any transaction; the write then checks that
  the membership is still the one computed from (else it computes again) and stores edit and result
  together. The user's own label is never touched.

Suggestion texts are lemmatised with the project's spaCy pipeline (or the ``lemmatize`` given), loaded only
when a kind ``suggestie`` needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..analysis.autocode import gc_paused
from ..analysis.fragments import Fragment, Selection
from ..analysis.themes import (
    N_REPRESENTATIVES,
    Clustering,
    cluster_fragments,
    rank_themes,
    theme_label,
    theme_terms,
)
from ..analysis.vectors import base_vectors
from ..errors import Hint, KBError
from ..model import Basis, ThemeStatus
from ..store import coverage
from ..store import theme_members as members_store
from ..store import themes as store
from ..store.db import Project
from ..wording import plural
from . import roles
from .progress import QUIET, Progress
from .theme_inputs import (
    Lemmatizer,
    choose_method,
    read_inputs,
    select,
    spacy_lemmatizer,
    stored_vectors,
)
from .typed import pseudonymised

ATTEMPTS = 3
"""How often an edit is computed again when the membership changed between its read and its write."""

ThemeKey = int | tuple[str, int]
"""A theme in a computed membership: its id, or ("nieuw", idx) for a theme a split is about to make."""


# --------------------------------------------------------------------------- clustering


@dataclass
class ReclusterResult:
    kind: str
    selection: Selection
    clustering: Clustering
    set_id: int
    basis: Basis | None = None
    """what the new themes rest on"""
    previous: Basis | None = None
    """what the themes they replace rested on (None: there were none)"""


def _would_lose(kind: str, edits: Sequence[str]) -> KBError:
    return KBError(
        f"Opnieuw clusteren van '{kind}' zou deze bewerkingen weggooien:\n  - " + "\n  - ".join(edits),
        hint=Hint.FORCE_RECLUSTER,
    )


def compute(
    project: Project,
    kind: str,
    k: int | str = "auto",
    seed: int = 0,
    method: str = "auto",
    vectors: str = "tfidf",
    basis: str = "auto",
    coder: str | None = None,
    lemmatize: Lemmatizer | None = None,
) -> tuple[Selection, Clustering]:
    """Select the fragments of ``kind`` and cluster them, without saving (see :func:`recluster`)."""
    with project.read() as s:
        inputs = read_inputs(s, kind, coder)
        method, vectors = choose_method(s, method, vectors, k)
    sel = select(kind, inputs, basis, coder, lemmatize)
    with project.read() as s:
        stored = stored_vectors(s, sel.fragments, vectors)
    return sel, _cluster(sel, inputs[2], k, seed, method, vectors, stored)


def _cluster(
    sel: Selection, codes: pd.DataFrame, k: int | str, seed: int, method: str, vectors: str, stored: Any
) -> Clustering:
    names = dict(zip(codes["code_id"].astype(str), codes["name"].astype(str), strict=True))
    return cluster_fragments(
        sel.fragments,
        k=k,
        seed=seed,
        method=method,
        vectors=vectors,
        stored=stored,
        codes=sel.codes,
        code_names=names,
    )


def recluster(
    project: Project,
    kind: str,
    *,
    k: int | str = "auto",
    seed: int = 0,
    method: str = "auto",
    vectors: str = "tfidf",
    basis: str = "auto",
    coder: str | None = None,
    force: bool = False,
    confirmed: Sequence[str] | None = None,
    lemmatize: Lemmatizer | None = None,
    progress: Progress = QUIET,
    actor: str | None = None,
) -> ReclusterResult:
    """Cluster the fragments of ``kind`` into themes and save them as the kind's theme set.

    Refuses (listing them) when the current set holds edits, unless ``force``; ``confirmed``: the edits the
    user agreed to lose (default: those found when the inputs are read). An edit made by someone else while
    the clustering was computed is never thrown away: the save is then refused. ``progress`` reports the
    steps; a stop asked for before the write leaves the themes as they were.

    The collector is paused throughout (as for auto-coding): tens of thousands of rows, fragments and theme
    members form no reference cycles, while every full collection would scan them all and, holding the
    interpreter lock, stall the TUI's event loop for a tenth of a second at 1,000 interviews.
    """
    roles.check(project, roles.Action.THEMES, actor)
    with gc_paused():
        return _recluster(
            project,
            kind,
            k,
            seed,
            method,
            vectors,
            basis,
            coder,
            force,
            confirmed,
            lemmatize,
            progress,
            actor,
        )


def _recluster(
    project: Project,
    kind: str,
    k: int | str,
    seed: int,
    method: str,
    vectors: str,
    basis: str,
    coder: str | None,
    force: bool,
    confirmed: Sequence[str] | None,
    lemmatize: Lemmatizer | None,
    progress: Progress,
    actor: str | None,
) -> ReclusterResult:
    progress.step("fragmenten lezen", 0.0)
    with project.read() as s:
        edits = store.user_edits(s, kind)
        if edits and not force:
            raise _would_lose(kind, edits)
        previous = coverage.theme_basis(s, kind)
        inputs = read_inputs(s, kind, coder)
        method, vectors = choose_method(s, method, vectors, k)
    progress.step("fragmenten kiezen", 0.1)
    sel = select(kind, inputs, basis, coder, lemmatize)
    codes = inputs[2]
    del inputs
    with project.read() as s:
        stored = stored_vectors(s, sel.fragments, vectors)
    progress.step(f"{plural(len(sel.fragments), 'fragment', 'fragmenten')} clusteren", 0.2)
    clustering = _cluster(sel, codes, k, seed, method, vectors, stored)
    progress.step("opslaan", 0.9)
    params = {"basis": sel.basis, "coder": sel.coder, "fragments": len(sel.fragments), "k_requested": k}
    allowed = set(edits if confirmed is None else confirmed)
    with project.write() as s:
        roles.require(s, roles.Action.THEMES, actor)
        now = store.user_edits(s, kind)
        if now and not force:
            raise _would_lose(kind, now)
        new = [e for e in now if e not in allowed]
        if new:
            raise KBError(
                f"Terwijl er geclusterd werd, is '{kind}' bewerkt:\n  - "
                + "\n  - ".join(new)
                + "\nEr is niets opgeslagen; bekijk de bewerkingen en cluster dan opnieuw."
            )
        used = coverage.basis(s, sel.basis, sel.coder, basis, scoped=kind != "suggestie")
        params["dekking"] = {**used.as_dict(), "codes": sel.code_ids}  # codes: to tell later if auto moved
        progress.check()  # the last moment to stop: raising here rolls the write back
        set_id = store.save_clustering(s, kind, clustering, params, force=force).id
    return ReclusterResult(kind, sel, clustering, set_id, used, previous)


# --------------------------------------------------------------------------- edits that keep the ranking


@dataclass
class _SetState:
    """A theme set as read for an edit: its themes, members and their fragments, and the fingerprint."""

    info: members_store.SetInfo
    rows: list[members_store.MemberRow]
    fragments: dict[tuple[int | None, int | None], Fragment]
    seen: tuple
    stored: dict[int, Any] | None = None
    """the members' stored sentence vectors, when the set was clustered on them"""

    def placement(self) -> dict[tuple[int | None, int | None], ThemeKey]:
        """Each member's theme as stored."""
        return {r.key: r.theme_id for r in self.rows}


def _read_set(s: Any, set_id: int, lemmatize: Lemmatizer | None) -> _SetState:
    info = members_store.set_info(s, set_id)
    rows = members_store.member_rows(s, set_id)
    fragments = _fragments(rows, lemmatize)
    stored = stored_vectors(s, fragments.values(), base_vectors(info.vectors))
    return _SetState(info, rows, fragments, members_store.fingerprint(s, set_id), stored)


def _fragments(rows: Sequence[members_store.MemberRow], lemmatize: Lemmatizer | None) -> dict:
    """The members as fragments, built as :func:`select_fragments` builds them."""
    out = {
        r.key: Fragment.segment(r.segment_id, r.text, r.lemmas or "", r.interview_id, r.omgeving)
        for r in rows
        if r.segment_id is not None
    }
    suggestions = [r for r in rows if r.suggestion_id is not None]
    if suggestions:
        lemmas = (lemmatize or spacy_lemmatizer())([r.text for r in suggestions])
        for r, lem in zip(suggestions, lemmas, strict=True):
            out[r.key] = Fragment.suggestion(
                r.suggestion_id, r.text, [w.lower() for w in lem], r.interview_id, r.omgeving
            )
    return out


def _ranking(
    state: _SetState, placement: dict, new_themes: Sequence[int] = ()
) -> tuple[dict[tuple[int | None, int | None], int], dict[ThemeKey, tuple[str, list[str]]]]:
    """Representatives and generated labels of every theme of the set for the membership ``placement``
    (member key -> theme key); ``new_themes``: the idx of themes a split is about to add.

    As at clustering time: vectors over all fragments of the set with the set's method and seed, labels by
    c-TF-IDF over the themes that hold fragments; withdrawn fragments neither count nor represent."""
    order: list[tuple[tuple[int, float], ThemeKey, int]] = [
        ((idx, tid), tid, idx) for tid, idx, _ in state.info.themes
    ]
    order += [((idx, float("inf")), ("nieuw", idx), idx) for idx in new_themes]
    per_theme: dict[ThemeKey, list[Fragment]] = {}
    for r in sorted(state.rows, key=lambda r: state.fragments[r.key].key):
        if not r.withdrawn:
            per_theme.setdefault(placement[r.key], []).append(state.fragments[r.key])
    themes = [(key, idx) for _sort, key, idx in sorted(order, key=lambda o: o[0]) if key in per_theme]
    groups = [per_theme[key] for key, _idx in themes]
    ranked = rank_themes(groups, base_vectors(state.info.vectors), state.info.seed, state.stored)
    ranks = {
        (f.segment_id, f.suggestion_id): pos + 1
        for members in ranked
        for pos, f in enumerate(members[:N_REPRESENTATIVES])
    }
    labels = {
        key: (theme_label(terms, idx), list(terms))
        for (key, idx), terms in zip(themes, theme_terms(groups), strict=True)
    }
    return ranks, labels


def _edit(
    project: Project,
    theme_id: int,
    check: Callable[[Any], object],
    plan: Callable[[_SetState], tuple[dict, Sequence[int]]],
    write: Callable[[Any], Any],
    lemmatize: Lemmatizer | None,
    actor: str | None,
) -> Any:
    """Run one membership edit: ``check`` refuses it early (read transaction); ``plan`` gives the membership
    after it (and the idx of new themes); ``write`` applies it in the write transaction, where the ranking
    computed from the plan is stored with it. Computed again when the set changed in between."""
    for _attempt in range(ATTEMPTS):
        with project.read() as s:
            roles.require(s, roles.Action.THEMES, actor)
            check(s)
            state = _read_set(s, store.get_theme(s, theme_id).set_id, lemmatize)
        placement, new_themes = plan(state)
        ranks, labels = _ranking(state, placement, new_themes)
        with project.write() as s:
            roles.require(s, roles.Action.THEMES, actor)
            if members_store.fingerprint(s, state.info.id) != state.seen:
                continue
            result = write(s)
            made = {("nieuw", t.idx): t.id for t in result} if new_themes else {}
            members_store.save_ranking(
                s, state.info.id, ranks, {made.get(k, k): v for k, v in labels.items()}
            )
            return result
    raise KBError("De thema's werden steeds tegelijk door iemand anders gewijzigd; probeer het nog eens")


def refresh(
    project: Project, kind: str, lemmatize: Lemmatizer | None = None, actor: str | None = None
) -> None:
    """Recompute the representatives and generated labels of the kind's current theme set from its
    membership (what every edit does; a set nobody changed keeps what it got at clustering time)."""
    with project.read() as s:
        tset = store.current_set(s, kind)
        if tset is None or not members_store.set_info(s, tset.id).themes:
            return
        first = members_store.set_info(s, tset.id).themes[0][0]
    _edit(project, first, lambda s: None, lambda st: (st.placement(), ()), lambda s: None, lemmatize, actor)


@dataclass(frozen=True)
class Merged:
    target: int
    snapshot: members_store.MergeSnapshot
    """what the merge changed, for :func:`unmerge`"""


def merge(
    project: Project,
    target_id: int,
    other_ids: Sequence[int],
    lemmatize: Lemmatizer | None = None,
    actor: str | None = None,
) -> Merged:
    """Move all fragments of ``other_ids`` into ``target_id``; the others get status ``samengevoegd``. The
    representatives and generated labels follow the new membership."""
    others = {int(i) for i in other_ids}
    snapshot: list[members_store.MergeSnapshot] = []

    def plan(state: _SetState) -> tuple[dict, Sequence[int]]:
        place = state.placement()
        return {k: (target_id if t in others else t) for k, t in place.items()}, ()

    def write(s: Any) -> store.Theme:
        snapshot.append(members_store.merge_snapshot(s, target_id, other_ids))
        return store.merge(s, target_id, other_ids)

    target = _edit(
        project,
        target_id,
        lambda s: store.check_merge(s, target_id, other_ids),
        plan,
        write,
        lemmatize,
        actor,
    )
    return Merged(target.id, snapshot[-1])


def unmerge(
    project: Project,
    merged: Merged | members_store.MergeSnapshot,
    lemmatize: Lemmatizer | None = None,
    actor: str | None = None,
) -> None:
    """Undo a :func:`merge`; refused when its result was changed since (a fragment moved, a theme edited)."""
    snapshot = merged.snapshot if isinstance(merged, Merged) else merged
    back = {mid: theme_id for mid, theme_id, _rank in snapshot[3]}

    def plan(state: _SetState) -> tuple[dict, Sequence[int]]:
        return {r.key: back.get(r.member_id, r.theme_id) for r in state.rows}, ()

    _edit(
        project,
        snapshot[0],
        lambda s: members_store.check_unmerge(s, snapshot),
        plan,
        lambda s: members_store.unmerge(s, snapshot),
        lemmatize,
        actor,
    )


def move(
    project: Project,
    fragment_id: int,
    theme_id: int,
    lemmatize: Lemmatizer | None = None,
    actor: str | None = None,
) -> int:
    """Move one fragment to another theme of the same set (marked as moved by the user); returns the theme
    it was in (for undo). The representatives and generated labels of both themes follow."""
    member_ids: list[int] = []

    def check(s: Any) -> None:
        member_ids.append(store.check_move(s, fragment_id, theme_id)[0].id)

    def plan(state: _SetState) -> tuple[dict, Sequence[int]]:
        key = next(r.key for r in state.rows if r.member_id == member_ids[-1])
        return {**state.placement(), key: int(theme_id)}, ()

    def write(s: Any) -> int:
        source = store.check_move(s, fragment_id, theme_id)[0].theme_id
        store.move(s, fragment_id, theme_id)
        return source

    return _edit(project, theme_id, check, plan, write, lemmatize, actor)


def split(
    project: Project,
    theme_id: int,
    k: int | str = 2,
    seed: int | None = None,
    lemmatize: Lemmatizer | None = None,
    actor: str | None = None,
) -> list[store.Theme]:
    """Split a theme into ``k`` sub-themes by clustering its fragments with the set's method and vectors
    (and seed, unless given). The old theme gets status ``gesplitst``; the new themes point to it."""

    def check(s: Any) -> None:
        store.check_split(s, theme_id)
        if k != "auto" and int(k) < 2:
            raise KBError("Splitsen vraagt om minstens twee deelthema's", hint=Hint.SPLIT_K)

    clusterings: list[Clustering] = []

    def plan(state: _SetState) -> tuple[dict, Sequence[int]]:
        mine = [r for r in state.rows if r.theme_id == theme_id]
        clustering = cluster_fragments(
            [state.fragments[r.key] for r in mine],
            k=k,
            seed=state.info.seed if seed is None else seed,
            # "tfidf+lsa100" names what was used; re-clustering a theme's members asks for the base method.
            method=state.info.method,
            vectors=base_vectors(state.info.vectors),
            stored=state.stored,
        )
        clusterings.append(clustering)
        start = max(idx for _tid, idx, _status in state.info.themes) + 1
        place = state.placement()
        for t in clustering.themes:
            for f in t.members:
                place[(f.segment_id, f.suggestion_id)] = ("nieuw", start + t.index)
        return place, [start + t.index for t in clustering.themes]

    return _edit(
        project, theme_id, check, plan, lambda s: store.split(s, theme_id, clusterings[-1]), lemmatize, actor
    )


# --------------------------------------------------------------------------- edits of a single theme


def rename(
    project: Project, theme_id: int, label: str, pseudonymise: bool = True, actor: str | None = None
) -> store.Theme:
    """Give a theme the user's own label (the generated label is kept alongside). A label goes into every
    export: pseudonymised first, unless the caller already did (the TUI does it while the user types)."""
    if pseudonymise:
        (label,) = pseudonymised(project, label)
    with project.write() as s:
        roles.require(s, roles.Action.THEMES, actor)
        return store.rename(s, theme_id, label or "")


def set_status(
    project: Project, theme_id: int, status: ThemeStatus | str, actor: str | None = None
) -> store.Theme:
    """Set a theme aside (``terzijde``) or back to ``actief``."""
    with project.write() as s:
        roles.require(s, roles.Action.THEMES, actor)
        return store.set_status(s, theme_id, str(status))
