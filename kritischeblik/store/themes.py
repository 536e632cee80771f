"""Themes in the store: saved clusterings and the researchers' edits (rename, merge, split, move, set aside).

One theme set per fragment kind (``belemmerend``, ``werkend``, ``vraag``, ``suggestie``, ``code:<id>``).
Saving a clustering replaces the kind's set, and therefore refuses (KBError listing what would be lost) when
the current set holds user edits, unless ``force``.

Persistence and queries only: the clustering, and the representatives (``rank``) and generated labels that
merge, split and move change, are computed by :mod:`kritischeblik.services.themes` and stored here
(:func:`save_clustering`, :func:`save_ranking`). The user's own label is never overwritten.

Theme ids and fragment ids are what users type: a fragment id is a segment id, or for the kind
``suggestie`` a suggestion id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..errors import Hint, KBError
from ..model import SegmentState, ThemeStatus
from .db import now
from .schema import Interview, PrincipleSuggestion, Segment, Theme, ThemeMember, ThemeSet

if TYPE_CHECKING:
    from ..analysis.themes import Clustering

__all__ = [
    "STATUSES",
    "check_merge",
    "check_move",
    "check_split",
    "current_set",
    "get_theme",
    "members_frame",
    "merge",
    "move",
    "rename",
    "save_clustering",
    "set_status",
    "split",
    "themes_frame",
    "user_edits",
]

STATUSES = tuple(str(s) for s in ThemeStatus)


# --------------------------------------------------------------------------- clusterings


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
        elif t.status == ThemeStatus.TERZIJDE and t.edited:  # not the machine's own overig group
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
            f"Opnieuw clusteren van '{kind}' zou deze bewerkingen weggooien:\n  - " + "\n  - ".join(edits),
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


def _add_themes(
    session: Session,
    set_id: int,
    clustering: Clustering,
    stamp: str,
    start_idx: int,
    parent_id: int | None = None,
    edited: bool = False,
) -> list[Theme]:
    made = []
    for t in clustering.themes:
        theme = Theme(
            set_id=set_id,
            idx=start_idx + t.index,
            label=t.label,
            user_label=None,
            terms=list(t.terms),
            # The machine's *overig* group starts set aside: it is what fits no theme, not a theme to discuss.
            status=str(ThemeStatus.TERZIJDE if t.other else ThemeStatus.ACTIEF),
            parent_id=parent_id,
            edited=edited,
            updated_at=stamp,
        )
        session.add(theme)
        session.flush()
        made.append(theme)
        # Rows, not ORM objects: thousands of members are written while the TUI stays responsive, and
        # mapped objects would leave thousands of reference cycles for the collector. In member order, so
        # the ids keep it (members_frame lists a theme's fragments by id after its representatives).
        rows = [
            {
                "theme_id": theme.id,
                "segment_id": f.segment_id,
                "suggestion_id": f.suggestion_id,
                "rank": pos + 1 if pos < t.n_representatives else None,
                "moved_by_user": False,
            }
            for pos, f in enumerate(t.members)
        ]
        if rows:
            # Core on the session's connection: the ORM's bulk insert spends as long on its per-row
            # bookkeeping (143,000 members at 1,000 interviews) as SQLite on the rows.
            session.connection().execute(insert(ThemeMember.__table__), rows)
    session.flush()
    return made


# --------------------------------------------------------------------------- edits


def get_theme(session: Session, theme_id: int) -> Theme:
    """The theme ``theme_id``, refused when it does not exist."""
    row = session.get(Theme, int(theme_id))
    if row is None:
        raise KBError(f"Onbekend thema {theme_id}", hint=Hint.LIST_THEMES)
    return row


def _active(theme: Theme) -> None:
    if theme.status != ThemeStatus.ACTIEF:
        raise KBError(f"Thema {theme.id} is {theme.status}; kies een actief thema", hint=Hint.LIST_THEMES)


def rename(session: Session, theme_id: int, label: str) -> Theme:
    """Give a theme the user's own label (the generated label is kept alongside)."""
    theme = get_theme(session, theme_id)
    label = " ".join((label or "").split())
    if not label:
        raise KBError("Een themanaam mag niet leeg zijn")
    theme.user_label = label
    theme.edited = True
    theme.updated_at = now()
    return theme


def set_status(session: Session, theme_id: int, status: str) -> Theme:
    """Set a theme aside (``terzijde``) or back to ``actief``."""
    if status not in (ThemeStatus.ACTIEF, ThemeStatus.TERZIJDE):
        raise KBError(
            "Status kan alleen 'actief' of 'terzijde' worden (samenvoegen en splitsen hebben eigen opdrachten)"
        )
    theme = get_theme(session, theme_id)
    if theme.status in (ThemeStatus.SAMENGEVOEGD, ThemeStatus.GESPLITST):
        raise KBError(f"Thema {theme.id} is {theme.status} en kan niet meer van status wisselen")
    theme.status = status
    theme.edited = True
    theme.updated_at = now()
    return theme


def check_merge(session: Session, target_id: int, other_ids: Sequence[int]) -> tuple[Theme, list[Theme]]:
    """The target and the other themes of a merge, refused when it cannot be done."""
    target = get_theme(session, target_id)
    _active(target)
    others = []
    for oid in dict.fromkeys(int(i) for i in other_ids):
        if oid == target.id:
            raise KBError(f"Thema {oid} kan niet met zichzelf worden samengevoegd")
        other = get_theme(session, oid)
        _active(other)
        if other.set_id != target.set_id:
            raise KBError(f"Thema {oid} hoort bij een andere themaset dan thema {target.id}")
        others.append(other)
    if not others:
        raise KBError("Geef minstens twee thema's op: het doel en minstens één ander")
    return target, others


def merge(session: Session, target_id: int, other_ids: Sequence[int]) -> Theme:
    """Move all fragments of ``other_ids`` into ``target_id``; the others get status ``samengevoegd``.
    Their representatives are cleared until :func:`save_ranking` stores the new ones."""
    target, others = check_merge(session, target_id, other_ids)
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
    return target


def check_move(session: Session, fragment_id: int, theme_id: int) -> tuple[ThemeMember, Theme]:
    """The member to move and its target theme, refused when the move cannot be done."""
    target = get_theme(session, theme_id)
    _active(target)
    kind = session.get(ThemeSet, target.set_id).kind
    col = ThemeMember.suggestion_id if kind == "suggestie" else ThemeMember.segment_id
    member = session.scalar(
        select(ThemeMember)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(Theme.set_id == target.set_id, col == int(fragment_id))
    )
    if member is None:
        what = "suggestie" if kind == "suggestie" else "segment"
        raise KBError(f"Fragment {fragment_id} ({what}) zit niet in de thema's van '{kind}'")
    if member.theme_id == target.id:
        raise KBError(f"Fragment {fragment_id} zit al in thema {target.id}")
    return member, target


def move(session: Session, fragment_id: int, theme_id: int) -> ThemeMember:
    """Move one fragment to another theme of the same set (marked as moved by the user)."""
    member, target = check_move(session, fragment_id, theme_id)
    member.theme_id = target.id
    member.rank = None
    member.moved_by_user = True
    target.updated_at = now()
    session.flush()
    return member


def check_split(session: Session, theme_id: int) -> Theme:
    """The theme to split, refused when it is not active or has fewer than two fragments."""
    theme = get_theme(session, theme_id)
    _active(theme)
    n = session.scalar(select(func.count()).select_from(ThemeMember).where(ThemeMember.theme_id == theme.id))
    if n < 2:
        raise KBError(f"Thema {theme.id} heeft te weinig fragmenten ({n}) om te splitsen")
    return theme


def split(session: Session, theme_id: int, clustering: Clustering) -> list[Theme]:
    """Replace a theme by the sub-themes of ``clustering`` (a clustering of its fragments): the old theme
    gets status ``gesplitst``, the new ones point to it with ``parent_id`` and follow the set's numbering;
    a fragment the user had moved keeps its mark."""
    theme = check_split(session, theme_id)
    moved = {
        (m.segment_id, m.suggestion_id): m.moved_by_user
        for m in session.scalars(select(ThemeMember).where(ThemeMember.theme_id == theme.id))
    }
    session.execute(delete(ThemeMember).where(ThemeMember.theme_id == theme.id))
    stamp = now()
    made = _add_themes(
        session,
        theme.set_id,
        clustering,
        stamp,
        next_index(session, theme.set_id),
        parent_id=theme.id,
        edited=True,
    )
    for m in session.scalars(select(ThemeMember).where(ThemeMember.theme_id.in_([t.id for t in made]))):
        m.moved_by_user = moved.get((m.segment_id, m.suggestion_id), False)
    theme.status = str(ThemeStatus.GESPLITST)
    theme.edited = True
    theme.updated_at = stamp
    session.flush()
    return made


def next_index(session: Session, set_id: int) -> int:
    """The ``idx`` the next theme of the set gets (after a split, new themes follow the existing ones)."""
    return (session.scalar(select(func.max(Theme.idx)).where(Theme.set_id == set_id)) or 0) + 1


# --------------------------------------------------------------------------- reading


THEME_COLUMNS = [
    "thema_id",
    "soort",
    "label",
    "label_auto",
    "label_gebruiker",
    "status",
    "omvang",
    "n_interviews",
    "interviews",
    "omgevingen",
    "voorbeeld_1",
    "voorbeeld_2",
    "voorbeeld_3",
    "bewerkt",
    "samengevoegd_in",
    "afgesplitst_van",
    "set_id",
    "methode",
]
MEMBER_COLUMNS = [
    "thema_id",
    "soort",
    "fragment_id",
    "segment_id",
    "suggestion_id",
    "interview_id",
    "omgeving",
    "tekst",
    "rang",
    "verplaatst",
]


def members_frame(session: Session, kind: str | None = None, include_withdrawn: bool = False) -> pd.DataFrame:
    """One row per fragment in a theme: ``MEMBER_COLUMNS``. Fragments of withdrawn segments are left out."""
    df = pd.DataFrame(_member_rows(session, kind, include_withdrawn), columns=MEMBER_COLUMNS)
    for c in ("segment_id", "suggestion_id", "rang"):
        df[c] = df[c].astype("Int64")
    df["verplaatst"] = df["verplaatst"].astype(bool)
    return df


def _member_rows(session: Session, kind: str | None, include_withdrawn: bool = False) -> list[tuple]:
    """The rows of :func:`members_frame` as tuples in ``MEMBER_COLUMNS`` order, in its order."""
    q_seg = (
        select(
            ThemeMember.theme_id,
            ThemeSet.kind,
            ThemeMember.segment_id,
            ThemeMember.segment_id,
            ThemeMember.suggestion_id,
            Segment.interview_id,
            Interview.omgeving,
            Segment.text,
            ThemeMember.rank,
            ThemeMember.moved_by_user,
            ThemeMember.id,
        )
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .join(ThemeSet, ThemeSet.id == Theme.set_id)
        .join(Segment, Segment.id == ThemeMember.segment_id)
        .join(Interview, Interview.id == Segment.interview_id)
    )
    if not include_withdrawn:
        q_seg = q_seg.where(Segment.state != str(SegmentState.INGETROKKEN))
    q_sug = (
        select(
            ThemeMember.theme_id,
            ThemeSet.kind,
            ThemeMember.suggestion_id,
            ThemeMember.segment_id,
            ThemeMember.suggestion_id,
            PrincipleSuggestion.interview_id,
            Interview.omgeving,
            PrincipleSuggestion.text,
            ThemeMember.rank,
            ThemeMember.moved_by_user,
            ThemeMember.id,
        )
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .join(ThemeSet, ThemeSet.id == Theme.set_id)
        .join(PrincipleSuggestion, PrincipleSuggestion.id == ThemeMember.suggestion_id)
        .join(Interview, Interview.id == PrincipleSuggestion.interview_id)
    )
    if kind is not None:
        q_seg = q_seg.where(ThemeSet.kind == kind)
        q_sug = q_sug.where(ThemeSet.kind == kind)
    rows = [tuple(r) for r in session.execute(q_seg)] + [tuple(r) for r in session.execute(q_sug)]
    # Representatives first (by rank), then the rest in the order they were stored.
    rows.sort(key=lambda r: (r[0], r[8] is None, r[8] or 0, r[10]))
    return [r[:10] for r in rows]


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
    # Plain rows grouped in a dict: a pandas groupby of the members cost a tenth of a second per re-cluster.
    by_theme: dict[int, list[tuple]] = {}
    for r in _member_rows(session, kind):
        by_theme.setdefault(r[0], []).append(r)
    rows = []
    for theme, tset in pairs:
        g = by_theme.get(theme.id, [])
        texts = [r[7] for r in g]
        ivs = sorted({r[5] for r in g})
        oms = sorted({r[6] for r in g if r[6]})
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
        df = df.sort_values(["soort", "omvang", "thema_id"], ascending=[True, False, True]).reset_index(
            drop=True
        )
    for c in ("samengevoegd_in", "afgesplitst_van"):
        df[c] = df[c].astype("Int64")
    return df
