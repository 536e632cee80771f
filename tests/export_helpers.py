"""Shared set-up for the export/import tests: a coded copy of the demo project and the REFI-QDA schemas."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import select

from kritischeblik.store.codings import decide
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Segment

ROOT = Path(__file__).resolve().parent.parent
WITHDRAWN_MARK = "INGETROKKEN-GEHEIM"


def xsd_dir() -> Path:
    """Prefer the shared schemas beside the clone (CI), fall back to the copy in tests/data."""
    shared = ROOT.parent / "shared" / "refi-qda"
    return shared if (shared / "Project.xsd").exists() else Path(__file__).parent / "data" / "refi-qda"


def checkpoint(path: Path) -> None:
    with Project.open(path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def coded_copy(src: Path, dest: Path) -> Path:
    """Copy the demo project and code it: two coders, memos (with é/ë), a withdrawn and a confidential
    fragment. The withdrawn fragment's text is replaced by a marker so tests can search every export for it."""
    checkpoint(src)
    shutil.copy(src, dest)
    with Project.open(dest) as p, p.write() as s:
        segs = s.scalars(select(Segment).order_by(Segment.interview_id, Segment.idx)).all()
        by_iv: dict[str, list[Segment]] = {}
        for seg in segs:
            by_iv.setdefault(seg.interview_id, []).append(seg)
        for n, (_iid, rows) in enumerate(sorted(by_iv.items())):
            for i, seg in enumerate(rows[:12]):
                if seg.role != "respondent":
                    continue
                decide(
                    s,
                    seg.id,
                    "lp-leefwereld-centraal",
                    "Anna",
                    "add",
                    memo="Belangrijk: één cliënt" if i % 3 == 0 else None,
                )
                if (i + n) % 2:
                    decide(s, seg.id, "we-aanpakken", "Bram", "add")
                if i % 4 == 0:
                    decide(s, seg.id, "be-systeemwereld", "Bram", "add", memo="idee")
            if n == 0:
                # Withdrawn after a member check: coded before, must vanish from every export.
                target = next(seg for seg in rows if seg.role == "respondent" and len(seg.text) >= 40)
                decide(s, target.id, "lp-eenvoud", "Anna", "add", memo="memo bij ingetrokken")
                target.state = "ingetrokken"
                confidential = next(seg for seg in rows if seg.role == "respondent" and seg.id != target.id)
                confidential.state = "vertrouwelijk"
    # Put a unique marker into the withdrawn fragment's text (and the interview text), keeping offsets valid.
    conn = sqlite3.connect(dest)
    sid, iid, a, b, text = conn.execute(
        "SELECT id, interview_id, char_start, char_end, text FROM segments WHERE state='ingetrokken'"
    ).fetchone()
    marked = (WITHDRAWN_MARK + " " + text)[: b - a]
    full = conn.execute("SELECT text FROM interviews WHERE id=?", (iid,)).fetchone()[0]
    conn.execute("UPDATE interviews SET text=? WHERE id=?", (full[:a] + marked + full[b:], iid))
    conn.execute("UPDATE segments SET text=? WHERE id=?", (marked, sid))
    conn.commit()
    conn.close()
    return dest
