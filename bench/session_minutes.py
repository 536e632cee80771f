"""Length of the minutes of a demo duidingssessie, as `make run` users get them.

    .venv/bin/python -m bench.session_minutes [PROJECT.kb]      # default: demo/kritischeblik.kb

Works on a copy of the project (the project itself is never written). Plays a typical session on the saved
themes of "belemmerende elementen": two themes discussed (duidingen pointing at fragments 1, 3 and 2), one of
them confirmed, one theme set aside, the rest not discussed, a take-away per participant, closed. Prints the
line and word counts of the minutes (default), of ``--alles`` and of ``--max-fragmenten 3``.

Measured on the demo project of 2026-12-06 (10 themes): before issue 14 every theme was written in full, 250
lines and 3,057 words; after, 149 lines and 2,041 words (``--alles``: 251 lines, 3,218 words, the
fragments now carry their numbers; ``--max-fragmenten 3``: 64 lines, 366 words).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from kritischeblik.export.minutes import render_minutes
from kritischeblik.services import sessions
from kritischeblik.store import sessions as store
from kritischeblik.store.db import Project

PEOPLE = ["Commissielid A", "Onderzoeker 3", "Beleidsmedewerker"]


def play(project: Project) -> int:
    """The typical session; returns its id."""
    sid = sessions.create(project, "2020-01-30", PEOPLE, "belemmerende_elementen", title="Demo-sessie")
    with project.read() as s:
        view = store.load_session(s, sid)
    first, second, third = view.themes[0], view.themes[1], view.themes[2]
    sessions.set_phase(project, sid, "duiden")

    def refs(theme: store.ThemeView, numbers: list[int]) -> list[int]:
        numbered = dict(view.numbered_fragments(theme))
        return [numbered[n].segment_id for n in numbers if n in numbered]

    for theme, numbers in ((first, [1, 3]), (second, [2])):
        sessions.add_duiding(
            project,
            sid,
            PEOPLE[0],
            "Herkenbaar: de regels gaan voor.",
            theme_id=theme.id,
            prompt=store.PROMPTS[1],
            segment_ids=refs(theme, numbers),
            pseudonymise=False,
        )
        sessions.add_duiding(
            project,
            sid,
            PEOPLE[1],
            "Het verklaart waarom het lang duurt.",
            theme_id=theme.id,
            prompt=store.PROMPTS[2],
            pseudonymise=False,
        )
    sessions.set_theme_status(project, sid, first.id, "bevestigd")
    sessions.set_theme_status(project, sid, third.id, "terzijde")
    sessions.set_phase(project, sid, "afronding")
    for who in PEOPLE:
        sessions.add_duiding(
            project, sid, who, "Eerder samen aan tafel.", kind=store.KIND_MEENEMEN, pseudonymise=False
        )
    sessions.set_phase(project, sid, "gesloten")
    return sid


def _count(text: str) -> str:
    return f"{len(text.splitlines())} regels, {len(text.split())} woorden"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", type=Path, default=Path("demo/kritischeblik.kb"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "demo.kb"
        with Project.open(args.project) as src, src.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(args.project, copy)
        with Project.open(copy) as project:
            sid = play(project)
            with project.read() as s:
                view = store.load_session(s, sid)
        print(f"thema's in de sessie: {len(view.themes)}")
        print(f"verslag (standaard):       {_count(render_minutes(view))}")
        print(f"verslag (--alles):         {_count(render_minutes(view, everything=True))}")
        print(f"verslag (--max-fragmenten 3): {_count(render_minutes(view, max_fragments=3))}")


if __name__ == "__main__":
    main()
