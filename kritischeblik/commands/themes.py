"""kb themes: cluster fragments into themes, show them, and edit them (rename, merge, split, move)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import KBError
from ..model import ThemeStatus
from ..store.db import Project
from ..wording import THEMAS, plural
from .coders import as_written
from .options import actor, add_actor_option, add_layer_options
from .output import emit, emit_mapping, note_basis
from .tally import records

KIND_HELP = "belemmerend | werkend | vraag | suggestie | code:<id>"
SHOW_COLUMNS = ["thema_id", "label", "status", "omvang", "n_interviews", "omgevingen", "voorbeeld_1"]


def _k(value: str) -> int | str:
    if value == "auto":
        return value
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("k moet een getal of 'auto' zijn") from None
    if k < 1:
        raise argparse.ArgumentTypeError("k moet minstens 1 zijn")
    return k


def _suppressed(parent: argparse.ArgumentParser) -> argparse.ArgumentParser:
    copy = argparse.ArgumentParser(add_help=False)
    for action in parent._actions:
        kwargs = {"dest": action.dest, "default": argparse.SUPPRESS, "help": action.help}
        if action.choices is not None:
            kwargs["choices"] = action.choices
        if action.type is not None:
            kwargs["type"] = action.type
        copy.add_argument(*action.option_strings, **kwargs)
    return copy


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "themes",
        parents=[common, fmt],
        help="thema's clusteren, bekijken en bewerken",
        description="Zonder actie: fragmenten van één soort clusteren tot thema's en opslaan. "
        "Acties: show, rename, merge, split, move, status.",
    )
    p.add_argument("--kind", default="belemmerend", help=f"soort fragmenten: {KIND_HELP}")
    p.add_argument(
        "--k",
        type=_k,
        default="auto",
        help="aantal thema's (dan kmeans), of auto (betekenis kiest zelf; kmeans kiest k op silhouetscore)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed: zelfde seed geeft dezelfde thema's")
    p.add_argument(
        "--method",
        choices=["auto", "betekenis", "kmeans", "agglomerative"],
        default="auto",
        help="betekenis: zinsvectoren, per code een thema, met een groep 'overig'; auto: betekenis als het project "
        "zinsvectoren heeft, anders kmeans op lemma's",
    )
    p.add_argument(
        "--vectors",
        choices=["tfidf", "use", "auto"],
        default="tfidf",
        help="tfidf (lemma's), use (zinsvectoren: de opgeslagen, ontbrekende worden berekend) of auto",
    )
    add_layer_options(p, coder_help="fragmenten uit de geaccepteerde coderingen van deze codeur")
    p.add_argument(
        "--force", action="store_true", help="ook opnieuw clusteren als er bewerkingen verloren gaan"
    )
    add_actor_option(p, "--als")  # --coder here names the layer that is clustered
    p.set_defaults(func=cmd_cluster)
    acts = p.add_subparsers(dest="themes_cmd", metavar="ACTIE")
    # The actions take -p/--format too, but must not reset values given before the action name
    # ("kb themes -p x show"): argparse lets a subparser's defaults overwrite the parent's.
    _register_actions(acts, _suppressed(common), _suppressed(fmt))


def _register_actions(
    acts: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    acting = argparse.ArgumentParser(add_help=False)
    add_actor_option(acting)
    writes = [common, fmt, acting]

    a = acts.add_parser("show", parents=[common, fmt], help="opgeslagen thema's tonen")
    a.add_argument("--kind", dest="show_kind", help=f"alleen deze soort: {KIND_HELP}")
    a.add_argument(
        "--all", action="store_true", help="ook samengevoegde, gesplitste en terzijde gelegde thema's"
    )
    a.add_argument("--fragments", action="store_true", help="alle fragmenten per thema tonen")
    a.set_defaults(func=cmd_show)

    a = acts.add_parser("rename", parents=writes, help="een thema een eigen naam geven")
    a.add_argument("theme_id", type=int)
    a.add_argument("label")
    a.set_defaults(func=cmd_rename)

    a = acts.add_parser("merge", parents=writes, help="thema's samenvoegen in het eerste")
    a.add_argument("theme_ids", type=int, nargs="+", metavar="THEMA_ID")
    a.set_defaults(func=cmd_merge)

    a = acts.add_parser("split", parents=writes, help="een thema opsplitsen door opnieuw te clusteren")
    a.add_argument("theme_id", type=int)
    a.add_argument("--k", dest="split_k", type=_k, default=2, help="aantal deelthema's (standaard 2)")
    a.add_argument("--seed", dest="split_seed", type=int, help="seed (standaard die van de themaset)")
    a.set_defaults(func=cmd_split)

    a = acts.add_parser("move", parents=writes, help="een fragment naar een ander thema verplaatsen")
    a.add_argument("fragment_id", type=int, help="segment-id (of suggestie-id bij soort suggestie)")
    a.add_argument("theme_id", type=int)
    a.set_defaults(func=cmd_move)

    a = acts.add_parser("status", parents=writes, help="een thema terzijde leggen of weer actief maken")
    a.add_argument("theme_id", type=int)
    a.add_argument("status", choices=[str(ThemeStatus.ACTIEF), str(ThemeStatus.TERZIJDE)])
    a.set_defaults(func=cmd_status)


def _show_table(df, fmt: str, title: str | None = None) -> None:  # noqa: ANN001 - DataFrame
    if fmt == "table":
        emit(records(df[SHOW_COLUMNS]), fmt, columns=SHOW_COLUMNS, title=title)
    else:
        emit(records(df), fmt, columns=list(df.columns))


def cmd_cluster(args: argparse.Namespace) -> int:
    from ..services import themes as service  # lazy: pulls in pandas and the analysis layer
    from ..store import themes as store

    with Project.open(args.project) as project:
        args.coder = as_written(project, args.coder)
        done = service.recluster(
            project,
            args.kind,
            k=args.k,
            seed=args.seed,
            method=args.method,
            vectors=args.vectors,
            basis=args.basis,
            coder=args.coder,
            force=args.force,
            actor=actor(args),
        )
        with project.read() as s:
            df = store.themes_frame(s, args.kind)
    sel, clustering = done.selection, done.clustering
    sil = f"{clustering.silhouette:.3f}" if clustering.silhouette is not None else "n.v.t."
    other = sum(t.size for t in clustering.themes if t.other)
    summary = {
        "soort": args.kind,
        "basis": sel.basis + (f" ({sel.coder})" if sel.coder else ""),
        "fragmenten": len(sel.fragments),
        "k": clustering.k,
        "methode": clustering.method,
        "vectoren": clustering.vectors,
        "seed": clustering.seed,
        "silhouet": clustering.silhouette,
        "overig": other,
        "set_id": done.set_id,
    }
    if args.format == "json":
        doc = {**summary, "gebaseerd_op": done.basis.as_dict() if done.basis else None, "themas": records(df)}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.format == "table":
        print(
            f"{plural(len(sel.fragments), 'fragment', 'fragmenten')} ({args.kind}, basis {summary['basis']}) → "
            f"{plural(clustering.k, 'thema', THEMAS)} "
            f"({clustering.method}/{clustering.vectors}, seed {clustering.seed}, silhouet {sil})"
        )
        if other:
            print(
                f"{plural(other, 'fragment past', 'fragmenten passen')} in geen thema: groep 'overig', terzijde gelegd "
                f"(bekijk met 'kb themes show --kind {args.kind} --all')."
            )
    if done.basis is not None:
        if args.format == "table":
            print(done.basis.text())
        else:
            note_basis(done.basis, args.format)
        if switched := done.basis.switched_from(done.previous):
            print(switched, file=sys.stderr)
    _show_table(df, args.format)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..store import coverage
    from ..store import themes as store  # lazy: pulls in pandas

    kind = args.show_kind
    with Project.open(args.project) as project, project.read() as s:
        df = store.themes_frame(s, kind, include_inactive=args.all)
        members = store.members_frame(s, kind) if args.fragments else None
        bases = coverage.theme_bases(s)
    if args.format != "table":
        for k, b in bases.items():
            if kind is None or k == kind:
                print(f"# {k}: {b.text()}", file=sys.stderr)
    if not len(df) and args.format == "table":
        print(
            "Nog geen thema's opgeslagen"
            + (f" voor '{kind}'" if kind else "")
            + "; maak ze met 'kb themes --kind ...'."
        )
        return 0
    if members is not None:
        if args.format == "table":
            for k, b in bases.items():
                if kind is None or k == kind:
                    print(f"Thema's {k}: {b.text()}")
            for t in records(df):
                print(
                    f"Thema {t['thema_id']}: {t['label']} ({t['status']}, {plural(t['omvang'], 'fragment', 'fragmenten')})"
                )
                for m in records(members[members["thema_id"] == t["thema_id"]]):
                    mark = "*" if m["rang"] else " "
                    moved = " (verplaatst)" if m["verplaatst"] else ""
                    print(f"  {mark} [{m['fragment_id']}] {m['interview_id']}: {m['tekst']}{moved}")
            return 0
        emit(records(members), args.format, columns=list(members.columns))
        return 0
    if args.format == "table" and kind is None:
        for k in dict.fromkeys(df["soort"]):
            _show_table(df[df["soort"] == k], "table", title=f"Thema's: {k}\n{_based(bases, k)}")
            print()
        return 0
    _show_table(df, args.format, title=_based(bases, kind) if kind else None)
    return 0


def _based(bases: dict, kind: str) -> str:
    found = bases.get(kind)
    return found.text() if found is not None else ""


def _done(args: argparse.Namespace, message: str, data: dict) -> int:
    if args.format == "table":
        print(message)
    else:
        emit_mapping(data, args.format)
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from ..services import themes as service

    with Project.open(args.project) as project:
        t = service.rename(
            project, args.theme_id, args.label, actor=actor(args)
        )  # pseudonymised: a label goes into every export
        data = {"thema_id": t.id, "label": t.user_label, "label_auto": t.label}
    return _done(
        args, f"Thema {data['thema_id']} heet nu '{data['label']}' (was: {data['label_auto']}).", data
    )


def cmd_merge(args: argparse.Namespace) -> int:
    from ..services import themes as service

    if len(args.theme_ids) < 2:
        raise KBError("Geef minstens twee thema's op: kb themes merge DOEL ANDER...")
    target, *others = args.theme_ids
    with Project.open(args.project) as project:
        merged = service.merge(project, target, others, actor=actor(args))
        data = {"thema_id": merged.target, "samengevoegd": others}
    return _done(args, f"Thema's {', '.join(map(str, others))} samengevoegd in thema {target}.", data)


def cmd_split(args: argparse.Namespace) -> int:
    from ..services import themes as service

    with Project.open(args.project) as project:
        made = service.split(project, args.theme_id, k=args.split_k, seed=args.split_seed, actor=actor(args))
        data = {
            "thema_id": args.theme_id,
            "nieuwe_themas": [{"thema_id": t.id, "label": t.label} for t in made],
        }
    listing = "; ".join(f"{t['thema_id']} ({t['label']})" for t in data["nieuwe_themas"])
    return _done(args, f"Thema {args.theme_id} gesplitst in: {listing}.", data)


def cmd_move(args: argparse.Namespace) -> int:
    from ..services import themes as service

    with Project.open(args.project) as project:
        service.move(project, args.fragment_id, args.theme_id, actor=actor(args))
    data = {"fragment_id": args.fragment_id, "thema_id": args.theme_id}
    return _done(args, f"Fragment {args.fragment_id} verplaatst naar thema {args.theme_id}.", data)


def cmd_status(args: argparse.Namespace) -> int:
    from ..services import themes as service

    with Project.open(args.project) as project:
        service.set_status(project, args.theme_id, args.status, actor=actor(args))
    data = {"thema_id": args.theme_id, "status": args.status}
    return _done(args, f"Thema {args.theme_id} is nu {args.status}.", data)
