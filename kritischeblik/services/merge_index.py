"""What "the same" means in a merge: the natural key of every kind of row, and the target seen through them.

Database ids differ between projects, so nothing is matched on them: a fragment is (interview, number), a
coding is (fragment, code, coder), a coder is their name without case or spacing, a history row is all of
what it records. The index is the target as these keys; it grows while sources are merged, so a second
source (or a second run) finds what the first brought in.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import SegmentState
from ..store.codings import coder_key
from ..store.project_rows import ProjectRows

SegRef = tuple[str, int]
"""A fragment by its natural key: (interview id, number in the interview)."""

STRICTNESS = {
    str(SegmentState.ACTIEF): 0,
    str(SegmentState.VERTROUWELIJK): 1,
    str(SegmentState.INGETROKKEN): 2,
}
"""Member-check states from open to closed: when two projects differ, the closed one holds (see merge)."""


def coding_key(seg: SegRef, code_id: str, coder: str) -> tuple:
    return (*seg, code_id, coder_key(coder))


def coding_event_key(seg: SegRef, e: dict[str, Any]) -> tuple:
    return (
        *seg,
        e["code_id"],
        coder_key(e["coder"]),
        e["action"],
        e["old_status"],
        e["new_status"],
        e["memo"],
        e["at"],
    )


def score_key(r: dict[str, Any], coder: str | None) -> tuple:
    return (r["interview_id"], r["example"], r["code_id"], coder_key(coder) if coder is not None else None)


def score_event_key(e: dict[str, Any]) -> tuple:
    coder = coder_key(e["coder"]) if e["coder"] is not None else None
    return (
        *score_key(e, None)[:3],
        coder,
        e["old_score"],
        e["new_score"],
        e["source"],
        e["changed_by"],
        e["at"],
    )


def segment_event_key(seg: SegRef, e: dict[str, Any]) -> tuple:
    return (*seg, e["old_state"], e["new_state"], e["reason"], e["changed_by"], e["at"])


def theme_set_key(r: dict[str, Any]) -> tuple:
    return (r["kind"], r["method"], r["seed"], r["created_at"], json.dumps(r["params"], sort_keys=True))


def session_key(r: dict[str, Any]) -> tuple:
    return (r["created_at"], r["datum"], r["question"], r["title"])


def duiding_key(session: tuple, theme_idx: int | None, d: dict[str, Any]) -> tuple:
    """Who said something when, not what: a contribution edited later is the same contribution."""
    return (session, theme_idx, d["kind"], d["author"], d["created_at"])


def theme_state(t: dict[str, Any]) -> tuple:
    return (t["user_label"], t["status"])


def segment_refs(rows: ProjectRows) -> dict[int, SegRef]:
    return {s["id"]: (s["interview_id"], s["idx"]) for s in rows.rows("segments")}


@dataclass
class TargetIndex:
    """The target project by natural keys, each to the target's id (or to what identifies the row)."""

    codebooks: dict[str, dict[str, Any]] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    """code id -> its codebook id"""
    has_primary: bool = False
    coders: dict[str, int] = field(default_factory=dict)
    """coder_key(name) -> coder id"""
    researchers: dict[str, str] = field(default_factory=dict)
    """key hash -> label"""
    labels: set[str] = field(default_factory=set)
    interviews: dict[str, tuple[str, str]] = field(default_factory=dict)
    """id -> (content hash, stored text)"""
    by_hash: dict[str, str] = field(default_factory=dict)
    duos: dict[str, list[str]] = field(default_factory=dict)
    """id -> the duo's researcher pseudonyms (pseudonymised interviews only)"""
    segments: dict[SegRef, dict[str, Any]] = field(default_factory=dict)
    """(interview, number) -> {id, char_start, char_end, state}"""
    spans: dict[str, set[tuple[int, int, int]]] = field(default_factory=dict)
    """interview -> its fragments as (number, start, end): how the text is divided"""
    codings: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    """coding key -> {id, status, memo}"""
    coding_events: Counter = field(default_factory=Counter)
    scores: dict[tuple, int] = field(default_factory=dict)
    """score key (coder None for the interview's own) -> score"""
    choices: set[tuple[str, str]] = field(default_factory=set)
    suggestions: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    score_events: Counter = field(default_factory=Counter)
    segment_events: Counter = field(default_factory=Counter)
    theme_sets: dict[tuple, int] = field(default_factory=dict)
    themes: dict[tuple, int] = field(default_factory=dict)
    """(theme set key, number) -> theme id"""
    theme_states: dict[tuple, tuple] = field(default_factory=dict)
    """(theme set key, number) -> what a user may have changed: own label, status"""
    sessions: dict[tuple, int] = field(default_factory=dict)
    session_phases: dict[tuple, str] = field(default_factory=dict)
    session_themes: dict[tuple, int] = field(default_factory=dict)
    """(session key, number) -> session theme id"""
    duidingen: Counter = field(default_factory=Counter)
    duiding_texts: dict[tuple, list[str]] = field(default_factory=dict)
    project_uuid: str | None = None
    key_check: str | None = None


def build_index(rows: ProjectRows) -> TargetIndex:
    """The target's rows as natural keys."""
    ix = TargetIndex(project_uuid=rows.project_uuid, key_check=rows.key_check)
    ix.codebooks = {r["id"]: r for r in rows.rows("codebooks")}
    ix.has_primary = any(r["is_primary"] for r in rows.rows("codebooks"))
    ix.codes = {r["id"]: r["codebook_id"] for r in rows.rows("codes")}
    ix.coders = {coder_key(r["name"]): r["id"] for r in rows.rows("coders")}
    ix.researchers = {r["key_hash"]: r["label"] for r in rows.rows("researchers")}
    ix.labels = set(ix.researchers.values())
    for r in rows.rows("interviews"):
        ix.interviews[r["id"]] = (r["content_hash"], r["text"])
        ix.by_hash.setdefault(r["content_hash"], r["id"])
        if r["pseudonymised"]:
            ix.duos[r["id"]] = list(r["duo"] or [])
    refs = segment_refs(rows)
    for s in rows.rows("segments"):
        ix.segments[refs[s["id"]]] = {k: s[k] for k in ("id", "char_start", "char_end", "state")}
        ix.spans.setdefault(s["interview_id"], set()).add((s["idx"], s["char_start"], s["char_end"]))
    coder_names = {r["id"]: r["name"] for r in rows.rows("coders")}
    for c in rows.rows("codings"):
        key = coding_key(refs[c["segment_id"]], c["code_id"], coder_names[c["coder_id"]])
        ix.codings[key] = {"id": c["id"], "status": c["status"], "memo": c["memo"]}
    ix.coding_events = Counter(
        coding_event_key(refs[e["segment_id"]], e)
        for e in rows.rows("coding_events")
        if e["segment_id"] in refs
    )
    for r in rows.rows("principle_scores"):
        ix.scores[score_key(r, None)] = r["score"]
    for r in rows.rows("coder_scores"):
        ix.scores[score_key(r, coder_names[r["coder_id"]])] = r["score"]
    ix.choices = {(r["interview_id"], r["code_id"]) for r in rows.rows("principle_choices")}
    ix.suggestions = {(r["interview_id"], r["idx"]): r for r in rows.rows("principle_suggestions")}
    ix.score_events = Counter(score_event_key(e) for e in rows.rows("score_events"))
    ix.segment_events = Counter(
        segment_event_key(refs[e["segment_id"]], e)
        for e in rows.rows("segment_events")
        if e["segment_id"] in refs
    )
    set_keys = {r["id"]: theme_set_key(r) for r in rows.rows("theme_sets")}
    ix.theme_sets = {k: i for i, k in set_keys.items()}
    ix.themes = {(set_keys[t["set_id"]], t["idx"]): t["id"] for t in rows.rows("themes")}
    ix.theme_states = {(set_keys[t["set_id"]], t["idx"]): theme_state(t) for t in rows.rows("themes")}
    sess_keys = {r["id"]: session_key(r) for r in rows.rows("duiding_sessions")}
    ix.session_phases = {session_key(r): r["phase"] for r in rows.rows("duiding_sessions")}
    ix.sessions = {k: i for i, k in sess_keys.items()}
    st_idx = {}
    for t in rows.rows("session_themes"):
        ix.session_themes[(sess_keys[t["session_id"]], t["idx"])] = t["id"]
        st_idx[t["id"]] = t["idx"]
    for d in rows.rows("duidingen"):
        key = duiding_key(sess_keys[d["session_id"]], st_idx.get(d["session_theme_id"]), d)
        ix.duidingen[key] += 1
        ix.duiding_texts.setdefault(key, []).append(d["text"])
    return ix
