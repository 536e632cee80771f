"""What the roles cost a coder's work. Prints milliseconds per call; no assertion (speed goals are printed,
not tested).

    PYTHONPATH=. python -m bench.roles_overhead [N]                # SQLite: the services' role check
    PYTHONPATH=. python -m bench.roles_overhead [N] --postgresql   # PostgreSQL: row-level security on/off

SQLite: N coding decisions in a project without roles, then with roles (the coder a codeur).

PostgreSQL (a throwaway local server, bench/pg_server.py): the demo interviews, roles set (bea beheerder,
anna codeur) and anna working as her own login through the use cases: a coding decision, a score of her own,
a contribution in the session she leads, a member check in an interview she codes, and two reads (the coding
screen's fragments of one interview, every coding as a table); then the statements under them inside the
server (EXPLAIN ANALYZE: planning and execution, without the client and the round trips). Each is timed with
the row-level security policies on and with them switched off (``ALTER TABLE … DISABLE ROW LEVEL SECURITY``
by the owner; the grants and the services' checks stay), in alternating rounds so that drift falls on both
alike; the figure is the median of all calls (robust against the other work on a shared machine).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kritischeblik.codebook import load_codebook
from kritischeblik.model import Role
from kritischeblik.services import coding, roles
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.services.project import create_project
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.db import Project
from kritischeblik.store.segments import segments

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"
CODE = "lp-eenvoud"
ROUNDS = 6

TRANSCRIPT = """---
id: wijk-1
omgeving: wijk
duo: [Interviewer Een, Interviewer Twee]
---

## Mooi voorbeeld

I: Wat ging er goed?
R: We zaten aan de keukentafel en keken samen wat er nodig was. De huisarts belde meteen terug.
R: Het gezin wist daarna wie aan zet was. Dat gaf rust in huis.
"""


def _decisions(project: Project, n: int, coder: str) -> float:
    with project.read() as s:
        segs = [r.id for r in segments(s, ["wijk-1"])]
        codes = [c.id for c in all_codes(s).codes]
    start = time.perf_counter()
    for i in range(n):
        action = "accept" if (i // len(segs)) % 2 == 0 else "reject"
        coding.decide(project, segs[i % len(segs)], codes[0], coder, action)
    return (time.perf_counter() - start) / n * 1000


def sqlite(n: int = 300) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "wijk-1.md"
        src.write_text(TRANSCRIPT, encoding="utf-8")
        path = Path(tmp) / "bench.kb"
        create_project(path, load_codebook("kritische-blik"))
        with Project.open(path) as project:
            ingest_paths(project, [src], IngestOptions(pseudonymise=False))
            without = _decisions(project, n, "Anna")
            roles.set_role(project, "Anna", Role.CODEUR, actor="Bea")
            with_roles = _decisions(project, n, "Anna")
    print(f"{n} beslissingen: zonder rollen {without:.2f} ms, met rollen {with_roles:.2f} ms per beslissing")


# -- PostgreSQL ----------------------------------------------------------------------------------------------


def _pg_team(server, database: str) -> dict:  # noqa: ANN001
    """The demo interviews on ``database`` (made by the owner), roles set, anna's first coding in every
    interview and a session she leads."""
    from kritischeblik.services import sessions

    owner = server.url(database)
    create_project(owner, load_codebook("kritische-blik"))
    with server.admin() as conn:
        for login in ("anna", "bea"):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                conn.execute(f'CREATE ROLE "{login}" LOGIN')
    with Project.open(owner) as p:
        ingest_paths(p, sorted(DEMO.glob("*.md"))[:4], IngestOptions(pseudonymise=False))
        with p.read() as s:
            rows = segments(s)
            book = all_codes(s).codes
        principle = next(c.id for c in book if c.kind == "leidend_principe")
        working = next(c.id for c in book if c.kind == "werkend_element")
        roles.set_role(p, "bea", Role.BEHEERDER, actor=None)
        roles.set_role(p, "anna", Role.CODEUR, actor=None)
    anna = owner.replace(f"{server.user}@", "anna@", 1)
    interviews = sorted({r.interview_id for r in rows})
    with Project.open(anna) as p:
        for iid in interviews:
            coding.decide(p, next(r.id for r in rows if r.interview_id == iid), working, "anna", "add")
        session_id = sessions.create(p, "2020-02-01", ["anna"], "werkende_elementen", actor="anna")
    return {
        "owner": owner,
        "anna": anna,
        "segs": [r.id for r in rows],
        "interviews": interviews,
        "principle": principle,
        "session": session_id,
    }


def _operations(team: dict) -> dict[str, Callable[[Project, int], object]]:
    from kritischeblik.model import Example, SegmentState
    from kritischeblik.services import member_checks, scores, sessions
    from kritischeblik.store import browse, reads

    segs, first = team["segs"], team["interviews"][0]

    def read(fn: Callable) -> Callable[[Project, int], object]:  # noqa: ANN001
        def run(p: Project, i: int) -> object:
            with p.read() as s:
                return fn(s)

        return run

    states = (SegmentState.VERTROUWELIJK, SegmentState.INGETROKKEN)
    return {
        "codeerbeslissing": lambda p, i: coding.decide(
            p, segs[i % len(segs)], CODE, "anna", ("accept", "reject")[i % 2]
        ),
        "eigen score": lambda p, i: scores.set_coder_score(
            p, first, Example.MOOI, team["principle"], 1 + i % 5, coder="anna"
        ),
        "bijdrage in eigen sessie": lambda p, i: sessions.add_duiding(
            p, team["session"], "anna", f"bijdrage {i}", kind="meenemen", pseudonymise=False, actor="anna"
        ),
        "membercheck": lambda p, i: member_checks.set_states(
            p, [segs[0]], states[i % 2], by="anna", reason="gevraagd", pseudonymise=False, actor="anna"
        ),
        "lezen: fragmenten van een interview": read(lambda s: browse.interview_segments(s, first, "anna")),
        "lezen: alle coderingen": read(reads.codings),
    }


def _secured(owner: str) -> list[str]:
    """The tables with row-level security switched on."""
    from sqlalchemy import text

    query = (
        "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = current_schema()::regnamespace"
    )
    with Project.open(owner) as p, p.read() as s:
        return sorted(str(t) for t in s.execute(text(query)).scalars())


def _set_rls(owner: str, tables: list[str], on: bool) -> None:
    from sqlalchemy import text

    with Project.open(owner) as p, p.write() as s:
        for table in tables:
            s.execute(text(f'ALTER TABLE "{table}" {"ENABLE" if on else "DISABLE"} ROW LEVEL SECURITY'))


def _statements(team: dict) -> dict[str, tuple[str, tuple]]:
    """The statements under a codeur's writes and reads, as anna's login sends them."""
    from sqlalchemy import text

    with Project.open(team["owner"]) as p, p.read() as s:
        coding_id, segment_id = s.execute(
            text(
                "SELECT k.id, k.segment_id FROM codings k JOIN coders c ON c.id = k.coder_id WHERE c.name = 'anna'"
            )
        ).first()
    sid = team["session"]
    return {
        "UPDATE codings (eigen laag)": ("UPDATE codings SET memo = memo WHERE id = %s", (coding_id,)),
        "INSERT coding_events": (
            "INSERT INTO coding_events (segment_id, code_id, coder, action, memo, at) "
            "VALUES (%s, %s, 'anna', 'accept', '', 'nu')",
            (segment_id, CODE),
        ),
        "UPDATE segments.state": ("UPDATE segments SET state = 'vertrouwelijk' WHERE id = %s", (segment_id,)),
        "INSERT duidingen": (
            "INSERT INTO duidingen (session_id, kind, author, prompt, text, segment_ids, created_at) "
            "VALUES (%s, 'meenemen', 'anna', '', 'x', '[]', 'nu')",
            (sid,),
        ),
        "UPDATE meta (sessiebasis)": (
            "UPDATE meta SET value = value WHERE key = %s",
            (f"session_basis:{sid}",),
        ),
        "SELECT codings": ("SELECT * FROM codings", ()),
    }


def _server_times(server, team: dict, tables: list[str], n: int) -> dict[tuple[str, bool], float]:  # noqa: ANN001
    """Planning plus execution time inside the server (EXPLAIN ANALYZE, rolled back), median of ``n``."""
    import psycopg

    out: dict[tuple[str, bool], list[float]] = {}
    for round_ in range(ROUNDS):
        for on in (True, False) if round_ % 2 == 0 else (False, True):
            _set_rls(team["owner"], tables, on)
            with psycopg.connect(
                host=server.socket_dir, port=server.port, user="anna", dbname=team["db"]
            ) as c:
                for name, (sql, args) in _statements(team).items():
                    for _ in range(n):
                        with c.transaction(force_rollback=True):
                            plan = c.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, args).fetchone()[0][0]
                        out.setdefault((name, on), []).append(plan["Planning Time"] + plan["Execution Time"])
    return {key: statistics.median(times) for key, times in out.items()}


def _table(title: str, names: list[str], on_off: dict[tuple[str, bool], float]) -> None:
    print(f"| {title} | aan | uit | verschil |\n|---|---|---|---|")
    for name in names:
        on, off = on_off[(name, True)], on_off[(name, False)]
        print(f"| {name} | {on:.2f} | {off:.2f} | {on - off:+.2f} ({(on / off - 1) * 100:+.0f}%) |")


def postgresql(n: int = 100) -> None:
    from bench.pg_server import PgServer

    with tempfile.TemporaryDirectory() as tmp:
        server = PgServer(Path(tmp) / "data")
        try:
            team = _pg_team(server, server.new_database(name="kb_rls_bench"))
            team["db"] = "kb_rls_bench"
            operations = _operations(team)
            tables = _secured(team["owner"])
            calls: dict[tuple[str, bool], list[float]] = {}
            with Project.open(team["anna"]) as p:
                for op in operations.values():
                    op(p, 0)  # warm: the first call loads what every later one reuses
                for round_ in range(ROUNDS):
                    for on in (True, False) if round_ % 2 == 0 else (False, True):
                        _set_rls(team["owner"], tables, on)
                        for name, op in operations.items():
                            for i in range(n):
                                start = time.perf_counter()
                                op(p, i)
                                calls.setdefault((name, on), []).append((time.perf_counter() - start) * 1000)
            statements = _server_times(server, team, tables, n)
            _set_rls(team["owner"], tables, True)
        finally:
            server.stop()
    print(f"PostgreSQL, rijbeveiliging aan/uit, {len(tables)} tabellen: {', '.join(tables)}")
    print(f"\nUse cases als codeur (anna), mediaan van {ROUNDS} x {n} aanroepen (ms):\n")
    _table("handeling", list(operations), {k: statistics.median(v) for k, v in calls.items()})
    print(f"\nIn de server (EXPLAIN ANALYZE: plannen + uitvoeren), mediaan van {ROUNDS} x {n} (ms):\n")
    _table("statement", list(dict.fromkeys(name for name, _on in statements)), statements)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--postgresql" in sys.argv:
        postgresql(int(args[0]) if args else 100)
    else:
        sqlite(int(args[0]) if args else 300)
