"""Merging a source's themes (theme sets with their themes and fragments) and duidingssessies (session themes,
contributions, history and basis). A theme set is one clustering run: the same run (kind, method, seed, time,
parameters) is the same set; a session is the same when it was started at the same time with the same
question. Fragments that did not come over (an interview in conflict) are left out of a theme or session, and
the report counts them."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..store.project_rows import SESSION_META_PREFIXES
from .merge_index import duiding_key, session_key, theme_set_key, theme_state
from .merge_source import MergeContext


def _strip_id(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


def _fragments(ctx: MergeContext, ids: list[int] | None) -> list[int]:
    kept = [ctx.segments[i] for i in ids or [] if i in ctx.segments]
    ctx.report.dropped += len(ids or []) - len(kept)
    return kept


def merge_themes(ctx: MergeContext) -> dict[int, int]:
    """Theme sets the target lacks, with their themes and members; returns source theme id -> target theme id
    (also for sets the target already had), for the sessions that name themes."""
    themes_of: dict[int, list[dict[str, Any]]] = {}
    for t in ctx.src.rows("themes"):
        themes_of.setdefault(t["set_id"], []).append(t)
    members_of: dict[int, list[dict[str, Any]]] = {}
    for m in ctx.src.rows("theme_members"):
        members_of.setdefault(m["theme_id"], []).append(m)
    suggestion_refs = {s["id"]: (s["interview_id"], s["idx"]) for s in ctx.src.rows("principle_suggestions")}
    theme_map: dict[int, int] = {}
    for ts in ctx.src.rows("theme_sets"):
        key = theme_set_key(ts)
        themes = sorted(themes_of.get(ts["id"], []), key=lambda t: t["idx"])
        if key in ctx.ix.theme_sets:
            theme_map.update(
                {t["id"]: ctx.ix.themes[(key, t["idx"])] for t in themes if (key, t["idx"]) in ctx.ix.themes}
            )
            _compare_themes(ctx, key, themes)
            continue
        set_id = ctx.writer.insert("theme_sets", [_strip_id(ts)])[0]
        ctx.ix.theme_sets[key] = set_id
        new_ids = ctx.writer.insert(
            "themes",
            [_strip_id(t) | {"set_id": set_id, "merged_into": None, "parent_id": None} for t in themes],
        )
        local = {t["id"]: new for t, new in zip(themes, new_ids, strict=True)}
        theme_map.update(local)
        ctx.ix.themes.update({(key, t["idx"]): local[t["id"]] for t in themes})
        links = [
            (
                local[t["id"]],
                {"merged_into": local.get(t["merged_into"]), "parent_id": local.get(t["parent_id"])},
            )
            for t in themes
            if t["merged_into"] is not None or t["parent_id"] is not None
        ]
        ctx.writer.update("themes", links)
        ctx.writer.insert("theme_members", _members(ctx, themes, members_of, local, suggestion_refs))
        ctx.report.counts["theme_sets"] += 1
        ctx.report.counts["themes"] += len(themes)
    return theme_map


def _compare_themes(ctx: MergeContext, key: tuple, themes: list[dict[str, Any]]) -> None:
    """Edits to a theme set both projects hold (a label, a status) are not mixed: the target's stay."""
    changed = [
        t["idx"] + 1
        for t in themes
        if (key, t["idx"]) in ctx.ix.theme_states and ctx.ix.theme_states[(key, t["idx"])] != theme_state(t)
    ]
    if changed:
        ctx.conflict(
            f"themaset {key[0]} van {key[3]}",
            f"thema {', '.join(map(str, changed))} is in de bron anders bewerkt (naam of status); de thema's van "
            "het doel blijven zoals ze zijn.",
            "breng dezelfde bewerking in het doel aan als de bron gelijk heeft.",
        )


def _members(
    ctx: MergeContext,
    themes: list[dict[str, Any]],
    members_of: dict[int, list[dict[str, Any]]],
    local: dict[int, int],
    suggestion_refs: dict[int, tuple[str, int]],
) -> list[dict[str, Any]]:
    rows = []
    for t in themes:
        for m in members_of.get(t["id"], []):
            segment = ctx.segments.get(m["segment_id"]) if m["segment_id"] is not None else None
            suggestion = None
            if m["suggestion_id"] is not None:
                ref = suggestion_refs.get(m["suggestion_id"])
                found = ctx.ix.suggestions.get(ref) if ref and ref[0] in ctx.carried else None
                suggestion = found["id"] if found else None
            if segment is None and suggestion is None:
                ctx.report.dropped += 1
                continue
            rows.append(
                _strip_id(m)
                | {"theme_id": local[t["id"]], "segment_id": segment, "suggestion_id": suggestion}
            )
    return rows


def merge_sessions(ctx: MergeContext, theme_map: dict[int, int]) -> None:
    """Sessions the target lacks come over whole; for a session both have, the contributions it lacks."""
    themes_of: dict[int, list[dict[str, Any]]] = {}
    for st in ctx.src.rows("session_themes"):
        themes_of.setdefault(st["session_id"], []).append(st)
    duidingen_of: dict[int, list[dict[str, Any]]] = {}
    for d in ctx.src.rows("duidingen"):
        duidingen_of.setdefault(d["session_id"], []).append(d)
    for sess in ctx.src.rows("duiding_sessions"):
        key = session_key(sess)
        new = key not in ctx.ix.sessions
        if new:
            ctx.ix.sessions[key] = ctx.writer.insert("duiding_sessions", [_strip_id(sess)])[0]
            ctx.ix.session_phases[key] = sess["phase"]
            ctx.report.counts["sessions"] += 1
        elif ctx.ix.session_phases.get(key) != sess["phase"]:
            ctx.conflict(
                f"duidingssessie van {sess['datum']}",
                f"in fase {ctx.ix.session_phases.get(key)} in het doel, {sess['phase']} in de bron; de fase van het "
                "doel blijft (nieuwe bijdragen uit de bron zijn wel overgenomen).",
                "zet de sessie in het doel in de juiste fase.",
            )
        st_map = _session_themes(
            ctx, key, sorted(themes_of.get(sess["id"], []), key=lambda t: t["idx"]), theme_map
        )
        _contributions(ctx, key, duidingen_of.get(sess["id"], []), st_map, themes_of.get(sess["id"], []))
        _session_meta(ctx, sess["id"], ctx.ix.sessions[key], st_map, new)


def _session_themes(
    ctx: MergeContext, key: tuple, themes: list[dict[str, Any]], theme_map: dict[int, int]
) -> dict[int, int]:
    """The session's themes the target lacks (by number); returns source -> target session theme id."""
    target_session = ctx.ix.sessions[key]
    missing = [t for t in themes if (key, t["idx"]) not in ctx.ix.session_themes]
    rows = [
        _strip_id(t)
        | {
            "session_id": target_session,
            "theme_id": theme_map.get(t["theme_id"]) if t["theme_id"] is not None else None,
            "segment_ids": _fragments(ctx, t["segment_ids"]),
            "merged_into": None,
        }
        for t in missing
    ]
    for t, new_id in zip(missing, ctx.writer.insert("session_themes", rows), strict=True):
        ctx.ix.session_themes[(key, t["idx"])] = new_id
    st_map = {t["id"]: ctx.ix.session_themes[(key, t["idx"])] for t in themes}
    ctx.writer.update(
        "session_themes",
        [
            (st_map[t["id"]], {"merged_into": st_map.get(t["merged_into"])})
            for t in missing
            if t["merged_into"]
        ],
    )
    return st_map


def _contributions(
    ctx: MergeContext, key: tuple, duidingen: list[dict[str, Any]], st_map: dict[int, int], themes: list[dict]
) -> None:
    idx_of = {t["id"]: t["idx"] for t in themes}
    seen: Counter = Counter()
    rows = []
    for d in sorted(duidingen, key=lambda d: d["id"]):
        dkey = duiding_key(key, idx_of.get(d["session_theme_id"]), d)
        seen[dkey] += 1
        if seen[dkey] <= ctx.ix.duidingen[dkey]:
            if d["text"] not in ctx.ix.duiding_texts.get(dkey, []):
                ctx.conflict(
                    f"duidingssessie van {key[1]}, bijdrage van {d['created_at']}",
                    "de tekst is in de bron anders bewerkt; die van het doel blijft.",
                    "pas de bijdrage in het doel aan als de bron gelijk heeft.",
                )
            continue
        ctx.ix.duidingen[dkey] += 1
        ctx.ix.duiding_texts.setdefault(dkey, []).append(d["text"])
        rows.append(
            _strip_id(d)
            | {
                "session_id": ctx.ix.sessions[key],
                "session_theme_id": st_map.get(d["session_theme_id"]),
                "segment_ids": _fragments(ctx, d["segment_ids"]),
            }
        )
    ctx.writer.insert("duidingen", rows)
    ctx.report.counts["contributions"] += len(rows)


def _session_meta(
    ctx: MergeContext, source_id: int, target_id: int, st_map: dict[int, int], new: bool
) -> None:
    """A new session's basis, history and leader (history events name session themes: renumbered to the
    target's)."""
    if not new:
        return
    history_key, basis_key, leader_key = (f"{prefix}{source_id}" for prefix in SESSION_META_PREFIXES)
    values = {}
    if history_key in ctx.src.session_meta:
        try:
            events = json.loads(ctx.src.session_meta[history_key])
        except ValueError:
            events = []
        for e in events:
            if isinstance(e, dict) and e.get("theme_id") is not None:
                e["theme_id"] = st_map.get(e["theme_id"])
        values[f"{SESSION_META_PREFIXES[0]}{target_id}"] = json.dumps(events, ensure_ascii=False)
    if basis_key in ctx.src.session_meta:
        values[f"{SESSION_META_PREFIXES[1]}{target_id}"] = ctx.src.session_meta[basis_key]
    if leader_key in ctx.src.session_meta:  # who leads it (roles): the leader writes it in the target too
        values[f"{SESSION_META_PREFIXES[2]}{target_id}"] = ctx.src.session_meta[leader_key]
    ctx.writer.set_meta(values)
