"""kb agreement (overeenstemming, review, decide, consensus) and kb blind."""

from __future__ import annotations

import argparse
import math
import os
import sys
from typing import Any

from ..errors import KBError
from ..model import AGREEMENT_UNITS, Status
from ..store.db import Project
from ..wording import plural
from .coders import announce_new_coder, resolve_new_coder
from .options import PROJECT_HELP, actor, add_actor_option, project_argument
from .output import emit, emit_mapping


def _ag():  # noqa: ANN202 - the store module; imported on use because it pulls in pandas
    from ..store import agreement

    return agreement


def _scope_args(p: argparse.ArgumentParser, sub: bool = False) -> None:
    d = argparse.SUPPRESS if sub else None  # see _sub_common
    p.add_argument(
        "--coders",
        nargs="+",
        metavar="NAAM",
        default=d,
        help="te vergelijken codeurs (standaard: alle codeurs)",
    )
    p.add_argument(
        "--interview", nargs="+", metavar="ID", dest="interviews", default=d, help="alleen deze interviews"
    )
    p.add_argument(
        "--codes", "--code", nargs="+", metavar="CODE", dest="codes", default=d, help="alleen deze codes"
    )


def _sub_common() -> argparse.ArgumentParser:
    """-p and --format for the subcommands, defaulting to SUPPRESS: argparse copies every default of a
    subparser over the parent's values, which would lose 'kb agreement -p X review'."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "-p",
        "--project",
        type=project_argument,
        default=argparse.SUPPRESS,
        help=PROJECT_HELP,
    )
    p.add_argument(
        "--format", choices=["table", "csv", "json"], default=argparse.SUPPRESS, help="uitvoerformaat"
    )
    return p


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = _register_agreement(sub, common, fmt)
    asub = p.add_subparsers(dest="agreement_cmd", metavar="SUBCOMMANDO")
    sub_common = _sub_common()
    _register_review(asub, sub_common)
    _register_decide(asub, sub_common)
    _register_consensus(asub, sub_common)
    _register_score_set(asub, sub_common)
    _register_score_remove(asub, sub_common)
    _register_scores(asub, sub_common)
    _register_blind(sub, common, fmt)


def _register_agreement(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "agreement",
        parents=[common, fmt],
        help="overeenstemming tussen codeurs; verschillen bespreken en consensus vastleggen",
        description=(
            "Overeenstemming per code en in totaal: % overeenstemming, Cohens kappa (twee codeurs) en "
            "Krippendorffs alfa (nominaal). Eenheden: de segmenten van interviews die álle vergeleken "
            "codeurs gecodeerd hebben (minstens één beslissing). Subcommando's: review, decide, consensus."
        ),
    )
    _scope_args(p)
    p.add_argument(
        "--unit",
        choices=AGREEMENT_UNITS,
        default="segment",
        help="eenheid van vergelijking (standaard segment)",
    )
    p.set_defaults(func=cmd_agreement)
    return p


def _register_review(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    r = asub.add_parser(
        "review", parents=[sub_common], help="fragmenten waar de codeurs verschillen, naast elkaar"
    )
    _scope_args(r, sub=True)
    r.add_argument("--open", action="store_true", help="alleen verschillen zonder consensusbesluit")
    r.set_defaults(func=cmd_review)


def _register_decide(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    d = asub.add_parser(
        "decide", parents=[sub_common], help="besluit van de duo vastleggen in de consensuslaag"
    )
    d.add_argument("segment_id", type=int, metavar="SEGMENT_ID")
    d.add_argument("code_id", metavar="CODE_ID")
    d.add_argument(
        "--keep", required=True, choices=["yes", "no", "ja", "nee"], help="code behouden (yes) of niet (no)"
    )
    d.add_argument("--memo", help="toelichting bij het besluit")
    d.add_argument(
        "--by",
        "--coder",
        dest="by",
        default=os.environ.get("KB_CODER"),
        help="wie besluit (standaard $KB_CODER)",
    )
    d.set_defaults(func=cmd_decide)


def _register_consensus(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    c = asub.add_parser(
        "consensus",
        parents=[sub_common],
        help="wat alle codeurs gelijk codeerden overnemen in de consensuslaag",
    )
    _scope_args(c, sub=True)
    add_actor_option(c, "--by")  # --coder would shadow the abbreviation of --coders
    c.set_defaults(func=cmd_consensus)


def _register_score_set(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    ss = asub.add_parser(
        "score-set",
        parents=[sub_common],
        help="eigen score van een codeur: hoe sterk speelde een leidend principe in een voorbeeld",
        description=(
            "Leg per interview en voorbeeld vast hoe sterk een leidend principe volgens jou (de codeur) een rol "
            "speelde, op de schaal van het codeboek. Los van de scores van de respondent zelf; opnieuw zetten "
            "overschrijft je vorige score."
        ),
    )
    _score_target_args(ss)
    ss.add_argument("score", metavar="SCORE", help="geheel getal op de schaal van het codeboek")
    ss.add_argument("--coder", default=os.environ.get("KB_CODER"), help="wie scoort (standaard $KB_CODER)")
    ss.set_defaults(func=cmd_score_set)


def _register_score_remove(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    sr = asub.add_parser("score-remove", parents=[sub_common], help="eigen score van een codeur verwijderen")
    _score_target_args(sr)
    sr.add_argument("--coder", default=os.environ.get("KB_CODER"), help="wie scoorde (standaard $KB_CODER)")
    sr.set_defaults(func=cmd_score_remove)


def _register_scores(asub: argparse._SubParsersAction, sub_common: argparse.ArgumentParser) -> None:
    sc = asub.add_parser(
        "scores",
        parents=[sub_common],
        help="overeenstemming op de scores per principe (alfa ordinaal/interval)",
        description=(
            "Krippendorffs alfa (ordinaal, interval, nominaal) en % exacte overeenstemming op de scores die "
            "codeurs per (interview, voorbeeld, principe) gaven; per principe en in totaal. Ontbrekende scores "
            "mogen: een eenheid telt mee zodra minstens twee codeurs haar scoorden."
        ),
    )
    sc.add_argument(
        "--coders",
        nargs="+",
        metavar="NAAM",
        default=None,
        help="te vergelijken codeurs (standaard: alle codeurs met scores)",
    )
    sc.add_argument(
        "--interview", nargs="+", metavar="ID", dest="interviews", default=None, help="alleen deze interviews"
    )
    sc.add_argument(
        "--eenheden",
        "--units",
        dest="units",
        action="store_true",
        help="toon de scores per eenheid (interview, voorbeeld, principe) in plaats van de statistieken",
    )
    sc.set_defaults(func=cmd_scores)


def _register_blind(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    b = sub.add_parser(
        "blind",
        parents=[common, fmt],
        help="blind coderen aan/uit per interview",
        description=(
            "Zolang blind aan staat, ziet een codeur alleen de eigen coderingen en de machinesuggesties van "
            "dat interview, niet die van de andere duopartner. 'kb blind status' toont de stand."
        ),
    )
    b.add_argument("action", choices=["on", "off", "aan", "uit", "status"])
    b.add_argument("interview_ids", nargs="*", metavar="INTERVIEW_ID")
    b.add_argument("--all", action="store_true", help="alle interviews")
    add_actor_option(b)
    b.set_defaults(func=cmd_blind)


def _score_target_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("interview_id", metavar="INTERVIEW_ID")
    p.add_argument("example", metavar="VOORBEELD", help="'mooi voorbeeld' of vastloopmoment")
    p.add_argument("principle", metavar="PRINCIPE", help="leidend principe: id, naam of alias")


def _cs():  # noqa: ANN202 - imported on use, like _ag
    from ..store import coder_scores

    return coder_scores


def _report(fmt: str, result: dict, message: str) -> int:
    """What a writing subcommand did: one Dutch sentence as a table, else ``result`` as csv or json."""
    if fmt == "table":
        print(message)
    else:
        emit_mapping(result, fmt)
    return 0


def _clean(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..services import agreement

    with Project.open(args.project) as project:
        df = agreement.agreement_frame(project, args.coders, args.codes, args.interviews, args.unit)
    rows = df.to_dict("records")
    coders, interviews = df.attrs["codeurs"], df.attrs["interviews"]
    if args.format == "json":
        rows = [{k: _clean(v) for k, v in r.items()} for r in rows]
        emit_mapping(
            {"codeurs": coders, "eenheid": args.unit, "interviews": interviews, "codes": rows}, "json"
        )
        return 0
    if args.format == "csv":
        emit(rows, "csv", columns=list(df.columns))
        return 0
    title = (
        f"Overeenstemming tussen {', '.join(coders)} — eenheid: {args.unit}, "
        f"{plural(len(interviews), 'interview', 'interviews')} door allen gecodeerd"
    )
    emit(rows, "table", columns=list(df.columns), title=title)
    if not interviews:
        print("Geen interview is door alle genoemde codeurs gecodeerd; er valt nog niets te vergelijken.")
    return 0


def _label(status: str | None) -> str:
    return {Status.ACCEPTED: "ja", Status.REJECTED: "nee", None: "—"}.get(status, status or "—")


def cmd_review(args: argparse.Namespace) -> int:
    with Project.open(args.project) as project, project.read() as s:
        from ..store import disagreements

        items, skipped = disagreements.disagreements(
            s, args.coders, args.interviews, args.codes, only_open=args.open
        )
        coders = disagreements.review_coders(s, args.coders)
    if skipped:
        print(
            f"Overgeslagen (staan nog op blind): {', '.join(skipped)}; zet blind uit met 'kb blind off ID'.",
            file=sys.stderr,
        )
    if args.format in ("json", "csv"):
        rows = []
        for d in items:
            row: dict[str, Any] = {
                "segment": d.segment_id,
                "interview": d.interview_id,
                "nr": d.segment_idx,
                "sectie": d.section,
                "spreker": d.speaker,
                "code": d.code_id,
                "naam": d.code_name,
            }
            for c in coders:
                row[c] = _label(d.status[c])
                row[f"memo {c}"] = d.memo[c]
            row["consensus"] = _label(d.consensus) if d.consensus else ""
            row["memo consensus"] = d.consensus_memo
            row["tekst"] = d.text
            rows.append(row)
        emit(rows, args.format, columns=list(rows[0]) if rows else None)
        return 0
    if not items:
        print("Geen verschillen gevonden" + (" zonder consensusbesluit." if args.open else "."))
        return 0
    width = max(len(c) for c in [*coders, "consensus"])
    for d in items:
        print(f"── segment {d.segment_id} · {d.interview_id} #{d.segment_idx} · {d.section} · {d.speaker}")
        print(f"   code: {d.code_id} ({d.code_name})")
        print(f"   “{d.text}”")
        for c in coders:
            memo = f"  memo: {d.memo[c]}" if d.memo[c] else ""
            print(f"   {c.ljust(width)}  {_label(d.status[c]):<3}{memo}")
        decided = f"{_label(d.consensus)}  {d.consensus_memo}" if d.consensus else "(nog open)"
        print(f"   {'consensus'.ljust(width)}  {decided}")
        print()
    n_open = sum(1 for d in items if d.consensus is None)
    print(
        f"{plural(len(items), 'verschil', 'verschillen')}, waarvan {n_open} nog open. Leg een besluit vast met "
        "'kb agreement decide SEGMENT_ID CODE_ID --keep yes|no --by NAAM'."
    )
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from ..services import consensus

    keep = args.keep in ("yes", "ja")
    with Project.open(args.project) as project:
        row = consensus.decide_consensus(project, args.segment_id, args.code_id, keep, args.by, args.memo)
    result = {
        "segment": row.segment_id,
        "code": row.code_id,
        "laag": "consensus",
        "status": row.status,
        "memo": row.memo,
        "versie": row.revision,
    }
    return _report(
        args.format,
        result,
        f"Consensus vastgelegd: segment {args.segment_id}, {args.code_id} → "
        f"{'behouden' if keep else 'niet behouden'} ({result['memo']}).",
    )


def cmd_consensus(args: argparse.Namespace) -> int:
    from ..services import consensus

    with Project.open(args.project) as project:
        counts = consensus.seed_consensus(
            project, args.coders, args.interviews, args.codes, actor=actor(args)
        )
    if args.format != "table":
        emit_mapping(counts, args.format)
        return 0
    print(
        f"Consensuslaag aangevuld over {plural(counts['interviews'], 'interview', 'interviews')}: "
        f"{plural(counts['geaccepteerd'], 'gedeelde codering', 'gedeelde coderingen')} overgenomen, "
        f"{plural(counts['afgewezen'], 'gedeelde afwijzing', 'gedeelde afwijzingen')}, {counts['al_besloten']} al "
        "eerder besloten (ongemoeid gelaten)."
    )
    if counts["overgeslagen_blind"]:
        print(
            f"Overgeslagen (staan nog op blind): {', '.join(counts['overgeslagen_blind'])}.", file=sys.stderr
        )
    return 0


def cmd_blind(args: argparse.Namespace) -> int:
    from ..services import consensus
    from ..store import blind as store_blind

    if args.action == "status":
        with Project.open(args.project) as project, project.read() as s:
            ids = args.interview_ids or store_blind.all_interview_ids(s)
            blind = store_blind.blind_interviews(s)
            coders = _ag().human_coders(s)
            per = _ag().coded_interviews(s, coders)
            rows = [
                {
                    "interview": i,
                    "blind": "aan" if i in blind else "uit",
                    "gecodeerd door": [c for c in coders if i in per[c]],
                }
                for i in ids
            ]
        emit(rows, args.format, columns=["interview", "blind", "gecodeerd door"])
        return 0
    on = args.action in ("on", "aan")
    if bool(args.interview_ids) == bool(args.all):
        raise KBError("Geef interview-id's op, of --all voor alle interviews (niet allebei).")
    with Project.open(args.project) as project:
        ids = consensus.set_blind(project, None if args.all else args.interview_ids, on, actor=actor(args))
    return _report(
        args.format,
        {"blind": on, "interviews": ids},
        f"Blind {'aan' if on else 'uit'} voor {plural(len(ids), 'interview', 'interviews')}: {', '.join(ids)}",
    )


def cmd_score_set(args: argparse.Namespace) -> int:
    from ..services import scores

    with Project.open(args.project) as project:
        coder, notice = resolve_new_coder(project, args.coder or "")
        row = scores.set_coder_score(
            project, args.interview_id, args.example, args.principle, args.score, coder
        )
    announce_new_coder(notice)
    result = {
        "interview": row.interview_id,
        "voorbeeld": row.example,
        "principe": row.code_id,
        "codeur": row.coder,
        "score": row.score,
    }
    return _report(
        args.format,
        result,
        f"Score vastgelegd: {result['interview']}, {result['voorbeeld']}, "
        f"{result['principe']} → {result['score']} (codeur {result['codeur']}).",
    )


def cmd_score_remove(args: argparse.Namespace) -> int:
    from ..services import scores

    with Project.open(args.project) as project:
        removed = scores.remove_coder_score(
            project, args.interview_id, args.example, args.principle, args.coder
        )
    return _report(
        args.format,
        {"verwijderd": removed},
        "Score verwijderd."
        if removed
        else "Er was geen score van deze codeur voor dit voorbeeld en principe.",
    )


def cmd_scores(args: argparse.Namespace) -> int:
    from ..services import agreement

    with Project.open(args.project) as project:
        data, rows = agreement.score_agreement_rows(project, args.coders, args.interviews)
    if args.units:
        units = []
        for j, (iid, ex, code) in enumerate(data.units):
            unit: dict[str, Any] = {"interview": iid, "voorbeeld": ex, "principe": code}
            for i, c in enumerate(data.coders):
                v = data.matrix[i, j]
                unit[c] = None if math.isnan(v) else int(v)
            units.append(unit)
        emit(units, args.format, columns=["interview", "voorbeeld", "principe", *data.coders])
        return 0
    columns = list(rows[0])
    if args.format == "json":
        clean = [{k: _clean(v) for k, v in r.items()} for r in rows]
        emit_mapping({"codeurs": data.coders, "eenheden": len(data.units), "principes": clean}, "json")
        return 0
    if args.format == "csv":
        emit(rows, "csv", columns=columns)
        return 0
    title = (
        f"Overeenstemming op scores per principe tussen {', '.join(data.coders)} — eenheid: (interview, voorbeeld, "
        f"principe), {len(data.units)} gescoord"
    )
    emit(rows, "table", columns=columns, title=title)
    if not data.units:
        print("Nog geen scores van deze codeurs; leg ze vast met 'kb agreement score-set'.")
    return 0
