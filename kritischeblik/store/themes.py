"""Themes in the store: saved clusterings and the researchers' edits (rename, merge, split, move, set aside).

One theme set per fragment kind (``belemmerend``, ``werkend``, ``vraag``, ``suggestie``, ``code:<id>``).
Re-clustering a kind replaces its set, and therefore refuses (KBError listing what would be lost) when
the current set holds user edits, unless ``force``.

Merge, split and move (and undoing a merge) recompute the representatives (``rank``) and generated labels of
the set in the same transaction (:func:`refresh`); the user's own label is never overwritten.

Theme ids and fragment ids are what users type: a fragment id is a segment id, or for the kind
``suggestie`` a suggestion id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..analysis.fragments import Fragment, Selection, select_fragments
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
from ..model import SegmentState, ThemeStatus
from . import reads
from .db import now
from .schema import Interview, PrincipleSuggestion, Segment, Theme, ThemeMember, ThemeSet

__all__ = [
    "STATUSES",
    "compute",
    "current_set",
    "members_frame",
    "merge",
    "move",
    "refresh",
    "rename",
    "save_clustering",
    "set_status",
    "split",
    "themes_frame",
    "user_edits",
]

STATUSES = tuple(str(s) for s in ThemeStatus)

Lemmatizer = Callable[[list[str]], list[list[str]]]
"""Texts → lemmas per text (default: the project's spaCy pipeline); needed for the kind ``suggestie``."""


# --------------------------------------------------------------------------- clustering


def compute(
    session: Session,
    kind: str,
    k: int | str = "auto",
    seed: int = 0,
    method: str = "kmeans",
    vectors: str = "tfidf",
    basis: str = "auto",
    coder: str | None = None,
    lemmatize: Lemmatizer | None = None,
) -> tuple[Selection, Clustering]:
    """Select the fragments of ``kind`` and cluster them (reads only; save with :func:`save_clustering`)."""
    segs = reads.segments(session) if kind != "suggestie" else pd.DataFrame(columns=["segment_id"])
    cods = reads.codings(session, include_auto=True, with_metadata=False) if kind != "suggestie" else None
    sel = select_fragments(
        kind,
        segs,
        cods if cods is not None else pd.DataFrame(columns=["segment_id", "code_id", "coder", "status"]),
        reads.codes(session),
        reads.suggestions(session) if kind == "suggestie" else None,
        basis=basis,
        coder=coder,
        lemmatize=lemmatize,
    )
    if not sel.fragments:
        raise KBError(_no_fragments(kind, sel), hint=None if kind == "suggestie" else Hint.CHOOSE_BASIS)
    return sel, cluster_fragments(sel.fragments, k=k, seed=seed, method=method, vectors=vectors)


def _no_fragments(kind: str, sel: Selection) -> str:
    if kind == "suggestie":
        return "Er zijn nog geen suggesties voor nieuwe principes ingelezen."
    layer = {"codeur": f"codeur {sel.coder}", "consensus": "de consensuslaag", "codeurs": "de codeurs",
             "suggesties": "de machinesuggesties"}.get(sel.basis, sel.basis)  # fmt: skip
    return (
        f"Geen fragmenten voor '{kind}' in {layer}. Codeer eerst (of laat suggesties maken), of kies een "
        "andere codeerlaag."
    )


def current_set(session: Session, kind: str) -> ThemeSet | None:
    return session.scalar(select(ThemeSet).where(ThemeSet.kind == kind).order_by(ThemeSet.id.desc()).limit(1))


def user_edits(session: Session, kind: str) -> list[str]:
    """Human-readable list of the user's edits in the theme sets of ``kind`` (empty: nothing to lose)."""
    out: list[str] = []
    set_ids = list(session.scalars(select(ThemeSet.id).where(ThemeSet.kind == kind)))
    if not set_ids:
        return out
    themes = list(session.scalars(select(Theme).where(Theme.set_id.in_(set_ids)).order_by(Theme.id)))
    for t in themes:
        if t.user_label:
            out.append(f"thema {t.id} hernoemd tot '{t.user_label}'")
        if t.status == ThemeStatus.SAMENGEVOEGD:
            out.append(f"thema {t.id} samengevoegd met thema {t.merged_into}")
        elif t.status == ThemeStatus.GESPLITST:
            out.append(f"thema {t.id} gesplitst")
        elif t.status == ThemeStatus.TERZIJDE:
            out.append(f"thema {t.id} terzijde gelegd")
    moved = session.execute(
        select(ThemeMember.segment_id, ThemeMember.suggestion_id, ThemeMember.theme_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id.in_(set_ids), ThemeMember.moved_by_user.is_(True))
        .order_by(ThemeMember.id)
    )
    for seg_id, sug_id, theme_id in moved:
        fid = seg_id if seg_id is not None else sug_id
        out.append(f"fragment {fid} verplaatst naar thema {theme_id}")
    return out


def save_clustering(
    session: Session, kind: str, clustering: Clustering, params: dict | None = None, force: bool = False
) -> ThemeSet:
    """Store a clustering as the theme set of ``kind``, replacing the previous one.

    Refuses with a KBError listing the user's edits when the previous set has any, unless ``force``.
    """
    edits = user_edits(session, kind)
    if edits and not force:
        raise KBError(
            f"Opnieuw clusteren van '{kind}' zou deze bewerkingen weggooien:\n  - "
            + "\n  - ".join(edits),
            hint=Hint.FORCE_RECLUSTER,
        )
    session.execute(delete(ThemeSet).where(ThemeSet.kind == kind))
    stamp = now()
    row = ThemeSet(
        kind=kind,
        method=clustering.method,
        params={**clustering.params(), **(params or {})},
        seed=clustering.seed,
        created_at=stamp,
    )
    session.add(row)
    session.flush()
    _add_themes(session, row.id, clustering, stamp, start_idx=0)
    return row


def _add_themes(session: Session, set_id: int, clustering: Clustering, stamp: str, start_idx: int,
                parent_id: int | None = None, edited: bool = False) -> list[Theme]:  # fmt: skip
    made = []
    for t in clustering.themes:
        theme = Theme(
            set_id=set_id,
            idx=start_idx + t.index,
            label=t.label,
            user_label=None,
            terms=list(t.terms),
            status=str(ThemeStatus.ACTIEF),
            parent_id=parent_id,
            edited=edited,
            updated_at=stamp,
        )
        session.add(theme)
        session.flush()
        made.append(theme)
        for pos, f in enumerate(t.members):
            session.add(
                ThemeMember(
                    theme_id=theme.id,
                    segment_id=f.segment_id,
                    suggestion_id=f.suggestion_id,
                    rank=pos + 1 if pos < t.n_representatives else None,
                    moved_by_user=False,
                )
            )
    session.flush()
    return made


# --------------------------------------------------------------------------- edits


def _theme(session: Session, theme_id: int) -> Theme:
    row = session.get(Theme, int(theme_id))
    if row is None:
        raise KBError(f"Onbekend thema {theme_id}", hint=Hint.LIST_THEMES)
    return row


def _active(theme: Theme) -> None:
    if theme.status != ThemeStatus.ACTIEF:
        raise KBError(f"Thema {theme.id} is {theme.status}; kies een actief thema", hint=Hint.LIST_THEMES)


def rename(session: Session, theme_id: int, label: str) -> Theme:
    """Give a theme the user's own label (the generated label is kept alongside)."""
    theme = _theme(session, theme_id)
    label = " ".join((label or "").split())
    if not label:
        raise KBError("Een themanaam mag niet leeg zijn")
    theme.user_label = label
    theme.edited = True
    theme.updated_at = now()
    return theme


def merge(session: Session, target_id: int, other_ids: Sequence[int], lemmatize: Lemmatizer | None = None) -> Theme:
    """Move all fragments of ``other_ids`` into ``target_id``; the others get status ``samengevoegd``.

    The target's representatives and generated label are recomputed (:func:`refresh`)."""
    target = _theme(session, target_id)
    _active(target)
    others = []
    for oid in dict.fromkeys(int(i) for i in other_ids):
        if oid == target.id:
            raise KBError(f"Thema {oid} kan niet met zichzelf worden samengevoegd")
        other = _theme(session, oid)
        _active(other)
        if other.set_id != target.set_id:
            raise KBError(f"Thema {oid} hoort bij een andere themaset dan thema {target.id}")
        others.append(other)
    if not others:
        raise KBError("Geef minstens twee thema's op: het doel en minstens één ander")
    stamp = now()
    for other in others:
        for m in session.scalars(select(ThemeMember).where(ThemeMember.theme_id == other.id)):
            m.theme_id = target.id
            m.rank = None
        other.status = str(ThemeStatus.SAMENGEVOEGD)
        other.merged_into = target.id
        other.edited = True
        other.updated_at = stamp
    target.edited = True
    target.updated_at = stamp
    session.flush()
    refresh(session, target.set_id, lemmatize)
    return target


MergeSnapshot = tuple[int, tuple[bool, str], list[tuple[int, str, int | None, bool, str]], list[tuple[int, int, int | None]]]
"""(target id, (edited, updated_at) of the target, per other theme (id, status, merged_into, edited,
updated_at), per moved member (id, theme_id, rank)): what :func:`merge` changes (for undo in the TUI)."""


def merge_snapshot(session: Session, target_id: int, other_ids: Sequence[int]) -> MergeSnapshot:
    """Read, before :func:`merge`, everything it is about to change, for :func:`unmerge`."""
    target = _theme(session, target_id)
    others = [_theme(session, int(i)) for i in dict.fromkeys(other_ids)]
    members = session.scalars(select(ThemeMember).where(ThemeMember.theme_id.in_([o.id for o in others])))
    return (
        target.id,
        (target.edited, target.updated_at),
        [(o.id, o.status, o.merged_into, o.edited, o.updated_at) for o in others],
        [(m.id, m.theme_id, m.rank) for m in members],
    )


def unmerge(session: Session, snapshot: MergeSnapshot) -> None:
    """Undo a :func:`merge`; refuses when its result was changed since (a fragment moved, a theme edited)."""
    target_id, (edited, updated_at), others, members = snapshot
    rows = [(session.get(ThemeMember, mid), theme_id, rank) for mid, theme_id, rank in members]
    themes = [(_theme(session, oid), state) for oid, *state in others]
    if any(m is None or m.theme_id != target_id for m, _, _ in rows) or any(
        t.status != ThemeStatus.SAMENGEVOEGD or t.merged_into != target_id for t, _ in themes
    ):
        raise KBError("De samengevoegde thema's zijn intussen gewijzigd; samenvoegen kan niet meer ongedaan worden")
    for m, theme_id, rank in rows:
        m.theme_id, m.rank = theme_id, rank
    for t, (status, merged_into, t_edited, t_updated) in themes:
        t.status, t.merged_into, t.edited, t.updated_at = status, merged_into, t_edited, t_updated
    target = _theme(session, target_id)
    target.edited, target.updated_at = edited, updated_at
    session.flush()
    refresh(session, target.set_id)


def _member(session: Session, set_id: int, kind: str, fragment_id: int) -> ThemeMember:
    col = ThemeMember.suggestion_id if kind == "suggestie" else ThemeMember.segment_id
    row = session.scalar(
        select(ThemeMember)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == set_id, col == int(fragment_id))
    )
    if row is None:
        what = "suggestie" if kind == "suggestie" else "segment"
        raise KBError(f"Fragment {fragment_id} ({what}) zit niet in de thema's van '{kind}'")
    return row


def move(session: Session, fragment_id: int, theme_id: int, lemmatize: Lemmatizer | None = None) -> ThemeMember:
    """Move one fragment to another theme of the same set (marked as moved by the user); the representatives
    and generated labels of both themes are recomputed (:func:`refresh`)."""
    target = _theme(session, theme_id)
    _active(target)
    kind = session.get(ThemeSet, target.set_id).kind
    member = _member(session, target.set_id, kind, fragment_id)
    if member.theme_id == target.id:
        raise KBError(f"Fragment {fragment_id} zit al in thema {target.id}")
    member.theme_id = target.id
    member.rank = None
    member.moved_by_user = True
    target.updated_at = now()
    session.flush()
    refresh(session, target.set_id, lemmatize)
    return member


def set_status(session: Session, theme_id: int, status: str) -> Theme:
    """Set a theme aside (``terzijde``) or back to ``actief``."""
    if status not in (ThemeStatus.ACTIEF, ThemeStatus.TERZIJDE):
        raise KBError("Status kan alleen 'actief' of 'terzijde' worden (samenvoegen en splitsen hebben eigen opdrachten)")
    theme = _theme(session, theme_id)
    if theme.status in (ThemeStatus.SAMENGEVOEGD, ThemeStatus.GESPLITST):
        raise KBError(f"Thema {theme.id} is {theme.status} en kan niet meer van status wisselen")
    theme.status = status
    theme.edited = True
    theme.updated_at = now()
    return theme


def _member_fragments(session: Session, where, lemmatize: Lemmatizer | None = None,  # noqa: ANN001 - SQL clause
                      include_withdrawn: bool = True) -> list[tuple[int, Fragment]]:  # fmt: skip
    """(theme id, fragment) of the theme members matching ``where``, with text and lemmas as
    :func:`~kritischeblik.analysis.fragments.select_fragments` builds them."""
    q_seg = (
        select(ThemeMember.theme_id, Segment.id, Segment.text, Segment.lemmas, Segment.interview_id, Interview.omgeving)
        .join(Segment, Segment.id == ThemeMember.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(where)
    )
    if not include_withdrawn:
        q_seg = q_seg.where(Segment.state != str(SegmentState.INGETROKKEN))
    out = [(tid, Fragment.segment(sid, text, lemmas or "", iid, om)) for tid, sid, text, lemmas, iid, om
           in session.execute(q_seg)]  # fmt: skip
    sug_rows = session.execute(
        select(ThemeMember.theme_id, PrincipleSuggestion.id, PrincipleSuggestion.text,
               PrincipleSuggestion.interview_id, Interview.omgeving)
        .join(PrincipleSuggestion, PrincipleSuggestion.id == ThemeMember.suggestion_id)
        .join(Interview, Interview.id == PrincipleSuggestion.interview_id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(where)
    ).all()  # fmt: skip
    if sug_rows:
        texts = [r[2] for r in sug_rows]
        if lemmatize is None:
            from ..nlp import lemmatize as _lemmatize
            from ..nlp import load_nlp

            lemmas = _lemmatize(load_nlp(), texts)
        else:
            lemmas = lemmatize(texts)
        out += [
            (tid, Fragment.suggestion(sid, text, [w.lower() for w in lem], iid, om))
            for (tid, sid, text, iid, om), lem in zip(sug_rows, lemmas, strict=True)
        ]
    return out


def fragments_of(session: Session, theme_id: int, lemmatize: Lemmatizer | None = None) -> list[Fragment]:
    """The fragments currently in a theme, with text and lemmas (for re-clustering them)."""
    return [f for _tid, f in _member_fragments(session, ThemeMember.theme_id == theme_id, lemmatize)]


def refresh(session: Session, set_id: int, lemmatize: Lemmatizer | None = None) -> None:
    """Recompute, after an edit of theme membership, every theme's representatives (``rank`` 1..3) and
    generated label in theme set ``set_id``, by the criteria of the clustering itself.

    Both are a function of the current membership only: the vectors are computed over all fragments of the
    set with the set's vector method and seed, so a theme nobody changed keeps the representatives it got
    at clustering time, and undoing an edit restores the state before it. Labels are c-TF-IDF over the
    themes that hold fragments, as at clustering time; the user's own label (``user_label``) is never
    touched. Withdrawn segments are never representatives and do not count.
    """
    tset = session.get(ThemeSet, set_id)
    per_theme: dict[int, list[Fragment]] = {}
    for tid, frag in _member_fragments(session, Theme.set_id == set_id, lemmatize, include_withdrawn=False):
        per_theme.setdefault(tid, []).append(frag)
    themes = [t for t in session.scalars(select(Theme).where(Theme.set_id == set_id).order_by(Theme.idx, Theme.id))
              if t.id in per_theme]  # fmt: skip
    groups = [per_theme[t.id] for t in themes]
    ranked = rank_themes(groups, base_vectors((tset.params or {}).get("vectors", "tfidf")), tset.seed)
    rank = {
        (f.segment_id, f.suggestion_id): pos + 1
        for members in ranked
        for pos, f in enumerate(members[:N_REPRESENTATIVES])
    }
    members = session.scalars(
        select(ThemeMember).join(Theme, Theme.id == ThemeMember.theme_id).where(Theme.set_id == set_id)
    )
    for m in members:
        new = rank.get((m.segment_id, m.suggestion_id))
        if m.rank != new:
            m.rank = new
    for theme, terms in zip(themes, theme_terms(groups), strict=True):
        label = theme_label(terms, theme.idx)
        if theme.label != label or list(theme.terms or []) != terms:
            theme.label, theme.terms = label, list(terms)
    session.flush()


def split(
    session: Session,
    theme_id: int,
    k: int | str = 2,
    seed: int | None = None,
    lemmatize: Lemmatizer | None = None,
) -> list[Theme]:
    """Split a theme into ``k`` sub-themes by re-clustering its fragments with the set's method and vectors.

    The old theme gets status ``gesplitst``; the new themes point to it with ``parent_id``. Their
    representatives and generated labels are then computed within the whole set (:func:`refresh`), like
    those of every other theme.
    """
    theme = _theme(session, theme_id)
    _active(theme)
    tset = session.get(ThemeSet, theme.set_id)
    frags = fragments_of(session, theme.id, lemmatize)
    if len(frags) < 2:
        raise KBError(f"Thema {theme.id} heeft te weinig fragmenten ({len(frags)}) om te splitsen")
    if k != "auto" and int(k) < 2:
        raise KBError("Splitsen vraagt om --k 2 of meer")
    clustering = cluster_fragments(
        frags,
        k=k,
        seed=tset.seed if seed is None else seed,
        method=tset.method,
        # "tfidf+lsa100" names what was used; re-clustering a theme's members asks for the base method.
        vectors=base_vectors((tset.params or {}).get("vectors", "tfidf")),
    )
    moved = {
        (m.segment_id, m.suggestion_id): m.moved_by_user
        for m in session.scalars(select(ThemeMember).where(ThemeMember.theme_id == theme.id))
    }
    session.execute(delete(ThemeMember).where(ThemeMember.theme_id == theme.id))
    start = (session.scalar(select(func.max(Theme.idx)).where(Theme.set_id == tset.id)) or 0) + 1
    stamp = now()
    made = _add_themes(session, tset.id, clustering, stamp, start, parent_id=theme.id, edited=True)
    for m in session.scalars(select(ThemeMember).where(ThemeMember.theme_id.in_([t.id for t in made]))):
        m.moved_by_user = moved.get((m.segment_id, m.suggestion_id), False)
    theme.status = str(ThemeStatus.GESPLITST)
    theme.edited = True
    theme.updated_at = stamp
    session.flush()
    refresh(session, tset.id, lemmatize)
    return made


# --------------------------------------------------------------------------- reading


THEME_COLUMNS = [
    "thema_id", "soort", "label", "label_auto", "label_gebruiker", "status", "omvang", "n_interviews",
    "interviews", "omgevingen", "voorbeeld_1", "voorbeeld_2", "voorbeeld_3", "bewerkt", "samengevoegd_in",
    "afgesplitst_van", "set_id", "methode",
]  # fmt: skip
MEMBER_COLUMNS = [
    "thema_id", "soort", "fragment_id", "segment_id", "suggestion_id", "interview_id", "omgeving", "tekst",
    "rang", "verplaatst",
]  # fmt: skip


def members_frame(session: Session, kind: str | None = None, include_withdrawn: bool = False) -> pd.DataFrame:
    """One row per fragment in a theme: ``MEMBER_COLUMNS``. Fragments of withdrawn segments are left out."""
    q_seg = (
        select(ThemeMember.theme_id, ThemeSet.kind, ThemeMember.segment_id, ThemeMember.segment_id,
               ThemeMember.suggestion_id, Segment.interview_id, Interview.omgeving, Segment.text, ThemeMember.rank,
               ThemeMember.moved_by_user, ThemeMember.id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .join(ThemeSet, ThemeSet.id == Theme.set_id)
        .join(Segment, Segment.id == ThemeMember.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
    )  # fmt: skip
    if not include_withdrawn:
        q_seg = q_seg.where(Segment.state != str(SegmentState.INGETROKKEN))
    q_sug = (
        select(ThemeMember.theme_id, ThemeSet.kind, ThemeMember.suggestion_id, ThemeMember.segment_id,
               ThemeMember.suggestion_id, PrincipleSuggestion.interview_id, Interview.omgeving,
               PrincipleSuggestion.text, ThemeMember.rank, ThemeMember.moved_by_user, ThemeMember.id)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .join(ThemeSet, ThemeSet.id == Theme.set_id)
        .join(PrincipleSuggestion, PrincipleSuggestion.id == ThemeMember.suggestion_id)
        .join(Interview, Interview.id == PrincipleSuggestion.interview_id)
    )  # fmt: skip
    if kind is not None:
        q_seg = q_seg.where(ThemeSet.kind == kind)
        q_sug = q_sug.where(ThemeSet.kind == kind)
    rows = [tuple(r) for r in session.execute(q_seg)] + [tuple(r) for r in session.execute(q_sug)]
    # Representatives first (by rank), then the rest in the order they were stored.
    rows.sort(key=lambda r: (r[0], r[8] is None, r[8] or 0, r[10]))
    df = pd.DataFrame([r[:10] for r in rows], columns=MEMBER_COLUMNS)
    for c in ("segment_id", "suggestion_id", "rang"):
        df[c] = df[c].astype("Int64")
    df["verplaatst"] = df["verplaatst"].astype(bool)
    return df


def themes_frame(session: Session, kind: str | None = None, include_inactive: bool = False) -> pd.DataFrame:
    """The current themes: ``THEME_COLUMNS``, one row per theme, largest first within a kind.

    ``label`` is the user's label when there is one, else the generated label (``label_auto``).
    ``voorbeeld_1..3`` are the most representative fragments' texts. Merged, split and set-aside themes are
    left out unless ``include_inactive``.
    """
    q = select(Theme, ThemeSet).join(ThemeSet, ThemeSet.id == Theme.set_id).order_by(ThemeSet.kind, Theme.idx)
    if kind is not None:
        q = q.where(ThemeSet.kind == kind)
    if not include_inactive:
        q = q.where(Theme.status == str(ThemeStatus.ACTIEF))
    pairs = session.execute(q).all()
    members = members_frame(session, kind)
    by_theme = {tid: g for tid, g in members.groupby("thema_id")} if len(members) else {}
    rows = []
    for theme, tset in pairs:
        g = by_theme.get(theme.id)
        texts = list(g["tekst"]) if g is not None else []
        ivs = sorted(set(g["interview_id"])) if g is not None else []
        oms = sorted({o for o in g["omgeving"] if o}) if g is not None else []
        rows.append(
            {
                "thema_id": theme.id,
                "soort": tset.kind,
                "label": theme.user_label or theme.label,
                "label_auto": theme.label,
                "label_gebruiker": theme.user_label,
                "status": theme.status,
                "omvang": len(texts),
                "n_interviews": len(ivs),
                "interviews": ", ".join(ivs),
                "omgevingen": ", ".join(oms),
                "voorbeeld_1": texts[0] if len(texts) > 0 else "",
                "voorbeeld_2": texts[1] if len(texts) > 1 else "",
                "voorbeeld_3": texts[2] if len(texts) > 2 else "",
                "bewerkt": bool(theme.edited),
                "samengevoegd_in": theme.merged_into,
                "afgesplitst_van": theme.parent_id,
                "set_id": tset.id,
                "methode": f"{tset.method}/{(tset.params or {}).get('vectors', '?')}, seed {tset.seed}",
            }
        )
    df = pd.DataFrame(rows, columns=THEME_COLUMNS)
    if len(df):
        df = df.sort_values(["soort", "omvang", "thema_id"], ascending=[True, False, True]).reset_index(drop=True)
    for c in ("samengevoegd_in", "afgesplitst_van"):
        df[c] = df[c].astype("Int64")
    return df
