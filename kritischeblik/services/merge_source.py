"""Merging one source project into the target: codebooks, coders, researcher pseudonyms, interviews with
their fragments and member checks. The coder layers, scores, histories, themes and sessions follow in
:mod:`.merge_layers` and :mod:`.merge_sessions`.

Everything goes through a writer: the real one inserts into the target's open transaction, the dry run's
hands out stand-in ids and writes nothing, so a dry run reports exactly what a merge would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..model import AUTO, CONSENSUS
from ..store.codings import coder_key
from ..store.project_rows import ProjectRows
from ..wording import plural
from .merge_index import STRICTNESS, SegRef, TargetIndex, segment_refs
from .merge_report import Conflict, SourceReport


class Writer(Protocol):
    def insert(self, table: str, rows: list[dict[str, Any]]) -> list[int]: ...
    def update(self, table: str, changes: list[tuple[int, dict[str, Any]]]) -> None: ...
    def segment_ids(self, n: int) -> int: ...
    def turn_id(self) -> int: ...
    def set_meta(self, values: dict[str, str]) -> None: ...


@dataclass
class MergeContext:
    """One source being merged: its rows, the target index, the writer and the id maps built on the way."""

    src: ProjectRows
    ix: TargetIndex
    writer: Writer
    report: SourceReport
    now: str
    refs: dict[int, SegRef] = field(default_factory=dict)
    """source segment id -> natural key"""
    segments: dict[int, int] = field(default_factory=dict)
    """source segment id -> target segment id (only for interviews added or matched)"""
    coder_names: dict[int, str] = field(default_factory=dict)
    """source coder id -> name"""
    carried: set[str] = field(default_factory=set)
    """interviews whose layers are carried over: added or matched"""
    same_key: bool = False
    """the source has the target's key for researcher pseudonyms"""
    src_hashes: dict[str, str] = field(default_factory=dict)
    """source researcher label -> its keyed hash"""
    researcher_links: dict[str, str] = field(default_factory=dict)
    """source label -> target label, learned from transcripts both ingested"""
    relabelled: list[tuple[str, str]] = field(default_factory=list)
    """(the source's label, the target's new label) of researchers added under another key"""
    closer: list[dict[str, Any]] = field(default_factory=list)
    """source fragments of matched interviews whose member-check state is stricter than the target's"""
    held_scores: set[tuple] = field(default_factory=set)
    """score keys in conflict: their history stays behind"""

    def coder_id(self, name: str) -> int:
        """The target's coder for ``name`` (case and spacing do not count), created when new."""
        key = coder_key(name)
        if key not in self.ix.coders:
            clean = " ".join(name.split())
            self.ix.coders[key] = self.writer.insert("coders", [{"name": clean, "created_at": self.now}])[0]
            if clean not in (AUTO, CONSENSUS):
                self.report.counts["coders"] += 1
        return self.ix.coders[key]

    def conflict(self, subject: str, problem: str, action: str) -> None:
        self.report.conflicts.append(Conflict(subject, problem, action))


def merge_codebooks(ctx: MergeContext) -> None:
    """A codebook the target lacks comes over with its codes; the same id and version is the same codebook;
    another version is a conflict (the target's stays). Codes the target still lacks afterwards are reported
    through the codings and scores that use them."""
    codes_of: dict[str, list[dict[str, Any]]] = {}
    for c in ctx.src.rows("codes"):
        codes_of.setdefault(c["codebook_id"], []).append(c)
    for book in ctx.src.rows("codebooks"):
        mine = ctx.ix.codebooks.get(book["id"])
        if mine is not None:
            if mine["version"] != book["version"]:
                ctx.conflict(
                    f"codeboek {book['id']}",
                    f"het doel heeft versie {mine['version']}, de bron versie {book['version']}; de versie van "
                    "het doel blijft.",
                    "breng beide projecten op dezelfde codeboekversie en voeg dan opnieuw samen.",
                )
            continue
        clash = [c["id"] for c in codes_of.get(book["id"], []) if c["id"] in ctx.ix.codes]
        if clash:
            ctx.conflict(
                f"codeboek {book['id']}",
                f"codes {', '.join(sorted(clash))} bestaan in het doel al in een ander codeboek; het codeboek is "
                "niet overgenomen.",
                "geef de codes in één van beide codeboeken een andere id.",
            )
            continue
        row = dict(book, is_primary=book["is_primary"] and not ctx.ix.has_primary)
        ctx.writer.insert("codebooks", [row])
        ctx.writer.insert("codes", [dict(c) for c in codes_of.get(book["id"], [])])
        ctx.ix.codebooks[book["id"]] = row
        ctx.ix.has_primary = ctx.ix.has_primary or row["is_primary"]
        ctx.ix.codes.update({c["id"]: book["id"] for c in codes_of.get(book["id"], [])})
        ctx.report.counts["codebooks"] += 1


def _next_label(ix: TargetIndex) -> str:
    n = len(ix.labels) + 1
    while f"Onderzoeker {n}" in ix.labels:
        n += 1
    ix.labels.add(label := f"Onderzoeker {n}")
    return label


def map_researchers(ctx: MergeContext) -> None:
    """Learn how the source's researcher pseudonyms correspond to the target's; a label is given out only when
    an added interview needs it (:meth:`MergeContext.researcher_label`).

    With the same key (a duo that imported the project's key) the keyed hash is the same for the same person.
    With another key the hashes cannot be compared and names are stored nowhere, so the only safe links come
    from transcripts both projects ingested: the same content hash is the same file, front matter included, so
    the duo's pseudonyms correspond place by place."""
    ctx.same_key = ctx.src.key_check is not None and ctx.src.key_check == ctx.ix.key_check
    ctx.src_hashes = {r["label"]: r["key_hash"] for r in ctx.src.rows("researchers")}
    for r in ctx.src.rows("interviews"):
        target_id = ctx.ix.by_hash.get(r["content_hash"])
        if target_id is not None and r["pseudonymised"] and not ctx.same_key:
            for mine, their in zip(r["duo"] or [], ctx.ix.duos.get(target_id, []), strict=False):
                ctx.researcher_links.setdefault(mine, their)


def researcher_label(ctx: MergeContext, label: str) -> str:
    """The target's label for a source researcher pseudonym, added under the source's hash when new."""
    digest = ctx.src_hashes.get(label)
    if digest is None:
        return label  # not a pseudonym of the source's table: kept as written
    if ctx.same_key and digest in ctx.ix.researchers:
        return ctx.ix.researchers[digest]
    if label in ctx.researcher_links:
        return ctx.researcher_links[label]
    # Under another key the source's hash can never match a name hashed with the target's key; it is kept,
    # marked with the source project, so the label stays unique and a second merge finds it again.
    stored = digest if ctx.same_key else f"{ctx.src.project_uuid}:{digest}"
    if stored not in ctx.ix.researchers:
        new = _next_label(ctx.ix)
        ctx.writer.insert("researchers", [{"key_hash": stored, "label": new}])
        ctx.ix.researchers[stored] = new
        ctx.report.counts["researchers"] += 1
        if not ctx.same_key:
            ctx.relabelled.append((label, new))
    return ctx.ix.researchers[stored]


def note_relabelled(ctx: MergeContext) -> None:
    if not ctx.relabelled:
        return
    # Only the labels that changed are listed: "Onderzoeker 1 (bron) = Onderzoeker 1 (doel)" sixteen times
    # over hid the one line that mattered.
    changed = [f"{a} (bron) = {b} (doel)" for a, b in ctx.relabelled if a != b]
    kept = len(ctx.relabelled) - len(changed)
    parts = [f"{plural(kept, 'label bleef', 'labels bleven')} gelijk"] if kept else []
    if changed:
        parts.append(f"nieuwe labels in het doel: {', '.join(changed)}")
    ctx.report.notes.append(
        "de bron heeft een andere sleutel voor onderzoekerspseudoniemen; "
        f"{'; '.join(parts)}. Wie in beide projecten interviewde zonder dat een gedeeld transcript "
        "dat liet zien, kan nu twee labels hebben; een nieuw transcript van zo iemand krijgt in het doel het "
        "label dat de sleutel van het doel geeft."
    )


def _by_interview(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["interview_id"], []).append(r)
    return out


def merge_interviews(ctx: MergeContext) -> None:
    """Match every source interview by id and content: added when new, matched when the same (fragment by
    fragment), otherwise a conflict that leaves the target's version as it is."""
    ctx.refs = segment_refs(ctx.src)
    ctx.coder_names = {r["id"]: r["name"] for r in ctx.src.rows("coders")}
    segs = _by_interview(ctx.src.rows("segments"))
    groups = {t: _by_interview(ctx.src.rows(t)) for t in ("turns", "principle_scores", "principle_choices")}
    groups["principle_suggestions"] = _by_interview(ctx.src.rows("principle_suggestions"))
    vectors = {v["segment_id"]: v for v in ctx.src.rows("segment_vectors")}
    for r in ctx.src.rows("interviews"):
        iid, own = r["id"], {t: g.get(r["id"], []) for t, g in groups.items()}
        problem = _interview_conflict(ctx, r, segs.get(iid, []))
        if problem:
            ctx.report.conflicting.append(iid)
            ctx.conflict(f"interview {iid}", *problem)
        elif iid in ctx.ix.interviews:
            _match(ctx, iid, segs.get(iid, []), own)
        else:
            _add(ctx, r, segs.get(iid, []), own, vectors)


def _interview_conflict(
    ctx: MergeContext, r: dict[str, Any], segs: list[dict[str, Any]]
) -> tuple[str, str] | None:
    iid, mine = r["id"], ctx.ix.interviews.get(r["id"])
    redo = "geef één van beide versies een andere interview-id (opnieuw inlezen met een andere naam) of kies welke versie geldt, en voeg dan opnieuw samen."
    if mine is None:
        other = ctx.ix.by_hash.get(r["content_hash"])
        if other is None:
            return None
        return (
            f"hetzelfde transcript staat in het doel al als interview {other}; niet dubbel overgenomen.",
            redo,
        )
    if mine[0] != r["content_hash"]:
        return (
            "het doel heeft een andere versie van dit interview (andere inhoud); de versie van het doel blijft en niets van dit interview is overgenomen.",
            redo,
        )
    if mine[1] != r["text"]:
        return (
            "zelfde bronbestand, maar anders gepseudonimiseerd opgeslagen; niets van dit interview is overgenomen.",
            redo,
        )
    if {(s["idx"], s["char_start"], s["char_end"]) for s in segs} != ctx.ix.spans.get(iid, set()):
        return (
            "zelfde tekst, maar anders in fragmenten verdeeld; niets van dit interview is overgenomen.",
            redo,
        )
    return None


def _match(ctx: MergeContext, iid: str, segs: list[dict[str, Any]], own: dict[str, list]) -> None:
    ctx.report.matched.append(iid)
    ctx.carried.add(iid)
    for s in segs:
        mine = ctx.ix.segments[(iid, s["idx"])]
        ctx.segments[s["id"]] = mine["id"]
        if STRICTNESS.get(s["state"], 0) > STRICTNESS.get(mine["state"], 0):
            ctx.closer.append(s)  # decided with the member-check history (merge_layers.merge_segment_events)
    _answers(ctx, iid, own)


def _add(
    ctx: MergeContext, r: dict[str, Any], segs: list[dict[str, Any]], own: dict[str, list], vectors: dict
) -> None:
    iid = r["id"]
    duo = [researcher_label(ctx, x) for x in r["duo"] or []] if r["pseudonymised"] else r["duo"]
    ctx.writer.insert("interviews", [dict(r, duo=duo)])
    first_turn = ctx.writer.turn_id()
    turns = {t["id"]: first_turn + k for k, t in enumerate(own["turns"])}
    ctx.writer.insert("turns", [dict(t, id=turns[t["id"]]) for t in own["turns"]])
    first = ctx.writer.segment_ids(len(segs))
    rows = [dict(s, id=first + k, turn_id=turns[s["turn_id"]]) for k, s in enumerate(segs)]
    ctx.writer.insert("segments", rows)
    for s, new in zip(segs, rows, strict=True):
        ctx.segments[s["id"]] = new["id"]
        ctx.ix.segments[(iid, s["idx"])] = {k: new[k] for k in ("id", "char_start", "char_end", "state")}
    ctx.ix.spans[iid] = {(s["idx"], s["char_start"], s["char_end"]) for s in segs}
    ctx.writer.insert(
        "segment_vectors",
        [dict(vectors[s["id"]], segment_id=ctx.segments[s["id"]]) for s in segs if s["id"] in vectors],
    )
    ctx.ix.interviews[iid] = (r["content_hash"], r["text"])
    ctx.ix.by_hash.setdefault(r["content_hash"], iid)
    if r["pseudonymised"]:
        ctx.ix.duos[iid] = duo
    ctx.report.added.append(iid)
    ctx.carried.add(iid)
    if not r["pseudonymised"]:
        ctx.writer.set_meta({"unpseudonymised": "1"})
        ctx.report.notes.append(
            f"interview {iid} is in de bron zonder pseudonimisering ingelezen en is zo overgenomen."
        )
    _answers(ctx, iid, own)


def _answers(ctx: MergeContext, iid: str, own: dict[str, list]) -> None:
    """The interview's own scores, chosen principles and new-principle suggestions: missing ones come over,
    a different value is a conflict that keeps the target's."""
    scores = []
    for r in own["principle_scores"]:
        key = (iid, r["example"], r["code_id"], None)
        if r["code_id"] not in ctx.ix.codes:
            ctx.report.unknown_codes[r["code_id"]] += 1
        elif key not in ctx.ix.scores:
            scores.append({k: v for k, v in r.items() if k != "id"})
            ctx.ix.scores[key] = r["score"]
        elif ctx.ix.scores[key] != r["score"]:
            ctx.held_scores.add(key)
            ctx.conflict(
                f"interview {iid}",
                f"score {r['example']}/{r['code_id']}: {ctx.ix.scores[key]} in het doel, {r['score']} in de bron; die van het doel blijft.",
                "zet de juiste score in het doel met het scorecommando.",
            )
    ctx.writer.insert("principle_scores", scores)
    ctx.report.counts["interview_scores"] += len(scores)
    choices = []
    for r in own["principle_choices"]:
        if r["code_id"] not in ctx.ix.codes:
            ctx.report.unknown_codes[r["code_id"]] += 1
        elif (iid, r["code_id"]) not in ctx.ix.choices:
            choices.append({k: v for k, v in r.items() if k != "id"})
    ctx.writer.insert("principle_choices", choices)
    ctx.ix.choices.update((iid, c["code_id"]) for c in choices)
    for r in own["principle_suggestions"]:
        mine = ctx.ix.suggestions.get((iid, r["idx"]))
        if mine is None:
            new = {k: v for k, v in r.items() if k != "id"}
            new["id"] = ctx.writer.insert("principle_suggestions", [new])[0]
            ctx.ix.suggestions[(iid, r["idx"])] = new
        elif mine["text"] != r["text"]:
            ctx.conflict(
                f"interview {iid}",
                f"nieuw-principesuggestie {r['idx'] + 1} verschilt; die van het doel blijft.",
                "pas de suggestie in het doel aan als de bron gelijk heeft.",
            )
