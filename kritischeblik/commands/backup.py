"""kb backup, kb restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..services import backup as backup_service
from ..store.backup import BackupInfo
from ..wording import plural
from .options import actor, add_actor_option, add_force_option
from .output import emit_mapping


def register(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser, fmt: argparse.ArgumentParser
) -> None:
    p = sub.add_parser(
        "backup",
        parents=[common, fmt],
        help="consistente back-up van het project maken (ook terwijl het open is)",
    )
    p.add_argument("out", type=Path, help="back-upbestand")
    add_force_option(p, "een eerdere back-up met deze naam")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "restore", parents=[common, fmt], help="een back-up controleren en terugzetten in het project"
    )
    p.add_argument("backup", type=Path, help="back-upbestand (gemaakt met 'kb backup')")
    p.add_argument(
        "--force",
        "--overschrijven",
        dest="force",
        action="store_true",
        help="een bestaand project overschrijven",
    )
    add_actor_option(p)
    p.set_defaults(func=cmd_restore)


def _report(info: BackupInfo, fmt: str, message: str) -> int:
    if fmt == "table":
        print(message)
    else:
        emit_mapping(info.as_dict(), fmt)
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    info = backup_service.backup(args.project, args.out, force=args.force)
    return _report(
        info,
        args.format,
        f"Back-up geschreven: {info.path} ({plural(info.interviews, 'interview', 'interviews')}, {info.bytes // 1024} kB); gecontroleerd.",
    )


def cmd_restore(args: argparse.Namespace) -> int:
    info = backup_service.restore(args.backup, args.project, force=args.force, actor=actor(args))
    return _report(
        info,
        args.format,
        f"Back-up {args.backup} gecontroleerd en teruggezet in {args.project} ({plural(info.interviews, 'interview', 'interviews')}).",
    )
