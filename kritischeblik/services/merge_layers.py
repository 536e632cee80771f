"""Merging a source's coder layers, coder scores and the histories behind them (decisions, scores, member
checks). A coding or score the target already has with the same content is the same; with other content it is
a conflict and the target's stays, and the history of that one coding or score stays behind with it, so the
target's history keeps explaining the target's state."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .merge_index import coding_event_key, coding_key, score_event_key, score_key, segment_event_key
from .merge_source import MergeContext

_NO_ID = ("id",)


def _strip(row: dict[str, Any], *drop: str) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in drop}


def merge_codings(ctx: MergeContext) -> set[tuple]:
    """Every coding of a carried interview, in its coder's layer; returns the keys held back by a conflict."""
    held: set[tuple] = set()
    new_rows, new_keys = [], []
    for c in ctx.src.rows("codings"):
        seg = ctx.refs.get(c["segment_id"])
        if seg is None or seg[0] not in ctx.carried:
            continue
        if c["code_id"] not in ctx.ix.codes:
            ctx.report.unknown_codes[c["code_id"]] += 1
            continue
        name = ctx.coder_names[c["coder_id"]]
        key = coding_key(seg, c["code_id"], name)
        mine = ctx.ix.codings.get(key)
        if mine is None:
            row = _strip(c, *_NO_ID)
            row.update(segment_id=ctx.segments[c["segment_id"]], coder_id=ctx.coder_id(name))
            new_rows.append(row)
            new_keys.append(key)
            ctx.ix.codings[key] = {"id": None, "status": c["status"], "memo": c["memo"]}
        elif (mine["status"], mine["memo"]) != (c["status"], c["memo"]):
            held.add(key)
            what = "status" if mine["status"] != c["status"] else "memo"
            ctx.conflict(
                f"interview {seg[0]}, fragment {seg[1] + 1}, code {c['code_id']}, codeur {name}",
                f"de {what} verschilt ({mine['status']} in het doel, {c['status']} in de bron); die van het doel "
                "blijft, met haar geschiedenis.",
                "bespreek het verschil en leg de beslissing vast in het doel.",
            )
    for key, new_id in zip(new_keys, ctx.writer.insert("codings", new_rows), strict=True):
        ctx.ix.codings[key]["id"] = new_id
    ctx.report.counts["codings"] += len(new_rows)
    ctx.report.counts["memos"] += sum(1 for r in new_rows if r["memo"])
    return held


def merge_coding_events(ctx: MergeContext, held: set[tuple]) -> None:
    """The decision history, each event once: as many of an identical event as the source holds, no more."""
    seen: Counter = Counter()
    rows = []
    for e in ctx.src.rows("coding_events"):
        seg = ctx.refs.get(e["segment_id"])
        if seg is None or seg[0] not in ctx.carried:
            continue
        coding = coding_key(seg, e["code_id"], e["coder"])
        if coding in held or e["code_id"] not in ctx.ix.codes:
            continue
        key = coding_event_key(seg, e)
        seen[key] += 1
        if seen[key] <= ctx.ix.coding_events[key]:
            continue
        mine = ctx.ix.codings.get(coding)
        rows.append(
            _strip(e, *_NO_ID)
            | {"segment_id": ctx.segments[e["segment_id"]], "coding_id": mine["id"] if mine else None}
        )
        ctx.ix.coding_events[key] += 1
    ctx.writer.insert("coding_events", rows)
    ctx.report.counts["coding_events"] += len(rows)


def merge_coder_scores(ctx: MergeContext) -> None:
    """Coders' own scores of carried interviews; a conflict holds its history back (``held_scores``)."""
    held = ctx.held_scores
    rows = []
    for r in ctx.src.rows("coder_scores"):
        if r["interview_id"] not in ctx.carried:
            continue
        if r["code_id"] not in ctx.ix.codes:
            ctx.report.unknown_codes[r["code_id"]] += 1
            continue
        name = ctx.coder_names[r["coder_id"]]
        key = score_key(r, name)
        mine = ctx.ix.scores.get(key)
        if mine is None:
            rows.append(_strip(r, *_NO_ID) | {"coder_id": ctx.coder_id(name)})
            ctx.ix.scores[key] = r["score"]
        elif mine != r["score"]:
            held.add(key)
            ctx.conflict(
                f"interview {r['interview_id']}, score {r['example']}/{r['code_id']}, codeur {name}",
                f"{mine} in het doel, {r['score']} in de bron; die van het doel blijft, met haar geschiedenis.",
                "bespreek het verschil en zet de juiste score in het doel.",
            )
    ctx.writer.insert("coder_scores", rows)
    ctx.report.counts["coder_scores"] += len(rows)


def merge_score_events(ctx: MergeContext) -> None:
    seen: Counter = Counter()
    rows = []
    for e in ctx.src.rows("score_events"):
        if e["interview_id"] not in ctx.carried or score_key(e, e["coder"]) in ctx.held_scores:
            continue
        key = score_event_key(e)
        seen[key] += 1
        if seen[key] <= ctx.ix.score_events[key]:
            continue
        rows.append(_strip(e, *_NO_ID))
        ctx.ix.score_events[key] += 1
    ctx.writer.insert("score_events", rows)
    ctx.report.counts["score_events"] += len(rows)


def merge_segment_events(ctx: MergeContext) -> None:
    """The member-check history (who withdrew or restored a fragment, when and why), and the state it leads to
    where the two projects differ."""
    seen: Counter = Counter()
    rows = []
    carried: Counter = Counter()
    for e in ctx.src.rows("segment_events"):
        seg = ctx.refs.get(e["segment_id"])
        if seg is None or seg[0] not in ctx.carried:
            continue
        key = segment_event_key(seg, e)
        seen[key] += 1
        if seen[key] <= ctx.ix.segment_events[key]:
            continue
        rows.append(_strip(e, *_NO_ID) | {"segment_id": ctx.segments[e["segment_id"]]})
        ctx.ix.segment_events[key] += 1
        carried[e["segment_id"]] += 1
    ctx.writer.insert("segment_events", rows)
    ctx.report.counts["segment_events"] += len(rows)
    _stricter_states(ctx, carried, {e["segment_id"] for e in ctx.src.rows("segment_events")})


def _stricter_states(ctx: MergeContext, carried: Counter, explained: set[int]) -> None:
    """A fragment the source withdrew or made confidential is so in the target too: a respondent's wish is not
    undone by a merge. Unless the target already holds every step of the source's history for it: then the
    target saw that decision and its own later one (a restore) stands, and a second merge changes nothing."""
    changes = []
    for s in ctx.closer:
        if carried[s["id"]] or s["id"] not in explained:
            mine = ctx.ix.segments[ctx.refs[s["id"]]]
            changes.append((mine["id"], {"state": s["state"]}))
            mine["state"] = s["state"]
    ctx.writer.update("segments", changes)
    ctx.report.counts["member_checks"] += len(changes)
