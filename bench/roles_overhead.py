"""What the role check costs a write: N coding decisions in a project without roles, then with roles (the
coder a codeur). Prints milliseconds per decision; no assertion (speed goals are printed, not tested).

    PYTHONPATH=. python -m bench.roles_overhead [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from kritischeblik.codebook import load_codebook
from kritischeblik.model import Role
from kritischeblik.services import coding, roles
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.services.project import create_project
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.db import Project
from kritischeblik.store.segments import segments

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


def main(n: int = 300) -> None:
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


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
