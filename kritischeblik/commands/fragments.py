"""kb fragment: member checks — mark fragments vertrouwelijk or ingetrokken, put them back, see the history."""

from __future__ import annotations

import argparse
import os

from ..errors import KBError
from ..model import SegmentState
from ..store.db import Project
from ..wording import plural
from .output import emit, emit_mapping

ACTIONS = {
    "withdraw": (str(SegmentState.INGETROKKEN), "ingetrokken: nooit in een export, niet meegeteld"),
    "confidential": (
        str(SegmentState.VERTROUWELIJK),
        "vertrouwelijk: meegeteld en voor het team gemarkeerd, niet citeren (sessieverslag en samenvatting citeren het nooit)",
    ),
    "restore": (str(SegmentState.ACTIEF), "weer gewoon bruikbaar"),
}


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "fragment", help="member check: fragmenten vertrouwelijk maken, intrekken of terugzetten"
    )
    fsub = p.add_subparsers(dest="fragment_cmd", required=True)
    sub_common = argparse.ArgumentParser(add_help=False, parents=[common, fmt])
    for action, (_state, meaning) in ACTIONS.items():
        a = fsub.add_parser(action, parents=[sub_common], help=f"fragmenten {meaning}")
        a.add_argument("segment_ids", nargs="*", type=int, metavar="FRAGMENT", help="segment-id's")
        a.add_argument("--interview", help="alle fragmenten van dit interview")
        a.add_argument(
            "--by",
            "--coder",
            dest="by",
            default=os.environ.get("KB_CODER"),
            help="wie dit besluit (standaard $KB_CODER)",
        )
        a.add_argument(
            "--reden", default="", help="waarom (verplicht bij intrekken), bv. 'member check 12 maart'"
        )
        a.set_defaults(func=cmd_set_state, action_name=action)
    ls = fsub.add_parser(
        "list", parents=[sub_common], help="fragmenten die vertrouwelijk of ingetrokken zijn"
    )
    ls.add_argument("--status", choices=[s for s, _ in ACTIONS.values()], help="alleen deze status")
    ls.add_argument("--interview", help="alleen dit interview")
    ls.set_defaults(func=cmd_list)
    h = fsub.add_parser("history", parents=[sub_common], help="wie wanneer welk fragment introk, en waarom")
    h.add_argument("--interview", help="alleen dit interview")
    h.set_defaults(func=cmd_history)


def cmd_set_state(args: argparse.Namespace) -> int:
    from ..services import member_checks

    state = ACTIONS[args.action_name][0]
    if not args.segment_ids and not args.interview:
        raise KBError("Geef segment-id's of --interview ID.")
    with Project.open(args.project) as project:
        result = member_checks.set_states(
            project, args.segment_ids, state, args.by, args.reden, args.interview
        )
    ids, changed = result.requested, result.changed
    if args.format == "table":
        print(
            f"{plural(len(changed), 'fragment', 'fragmenten')} nu '{state}'"
            + (f": {', '.join(map(str, changed))}" if changed else "")
            + (f"; {len(ids) - len(changed)} had(den) die status al" if len(ids) > len(changed) else "")
        )
    else:
        emit_mapping({"status": state, "gewijzigd": changed}, args.format)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ..store.segment_states import fragments

    with Project.open(args.project) as project, project.read() as s:
        rows = fragments(s, args.status, args.interview)
    emit(
        rows,
        args.format,
        columns=["fragment", "interview", "nr", "status", "tekst"],
        title=plural(len(rows), "fragment", "fragmenten"),
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from ..store.segment_states import state_history

    with Project.open(args.project) as project, project.read() as s:
        changes = state_history(s, args.interview)
    rows = [
        {
            "wanneer": c.at,
            "fragment": c.segment_id,
            "interview": c.interview_id,
            "van": c.old_state,
            "naar": c.new_state,
            "reden": c.reason,
            "door": c.changed_by,
        }
        for c in changes
    ]
    emit(
        rows,
        args.format,
        columns=["wanneer", "fragment", "interview", "van", "naar", "reden", "door"],
        title=f"Member checks ({plural(len(rows), 'wijziging', 'wijzigingen')})",
    )
    return 0
