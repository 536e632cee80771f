"""Two duo projects built from the demo corpus through the services, as duos would: each its own project (and
so its own key for researcher pseudonyms), overlapping interviews, their own coders, scores, memos, a
withdrawn fragment, themes and a duidingssessie. Plus a third project holding another version of one
interview."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from conftest import DEMO_DIR, new_project

from kritischeblik.codebook import load_codebook
from kritischeblik.services import coding, member_checks, scores, sessions
from kritischeblik.services import themes as theme_service
from kritischeblik.services.ingest import ingest_paths
from kritischeblik.store.db import Project
from kritischeblik.store.sessions import load_session

FILES_A = ["huishouden-01.md", "huishouden-02.md", "wijk-01.md", "wijk-02.md"]
FILES_B = ["wijk-01.md", "wijk-02.md", "wijk-03.md", "huishouden-03.md"]
SHARED = ["wijk-01", "wijk-02"]


@dataclass
class Duos:
    a: Path
    b: Path
    other_version: Path
    union: Path
    """the distinct interviews of A and B ingested into one project: the independent tally"""


def _segments(p: Project, interview_id: str) -> list[int]:
    with p.read() as s:
        from kritischeblik.store.segment_states import interview_segment_ids

        return interview_segment_ids(s, interview_id)


def _code_ids(p: Project) -> list[str]:
    """A few principles and hindering elements (the themes cluster the latter)."""
    book = load_codebook("kritische-blik")
    principles = [c.id for c in book.codes if c.kind == "leidend_principe"][:2]
    return principles + [c.id for c in book.codes if c.kind == "belemmerend_element"][:3]


def _code(p: Project, coder: str, interview_ids: list[str], offset: int, memo: str) -> None:
    """Every third fragment from ``offset`` gets a code (chosen by fragment and coder), every fifth a memo."""
    codes = _code_ids(p)
    for iid in interview_ids:
        for n, seg in enumerate(_segments(p, iid)[offset::3]):
            code = codes[(seg + len(coder) * n) % len(codes)]
            coding.decide(p, seg, code, coder, "add", memo=memo if n % 5 == 0 else None)
        scores.set_coder_score(p, iid, "mooi", codes[0], 3 + (len(coder) + offset) % 3, coder)


def build_duo(path: Path, files: list[str], coders: list[str], nlp, pseudonymiser) -> list[str]:
    with new_project(path) as p:
        done = ingest_paths(p, [DEMO_DIR / f for f in files], nlp=nlp, pseudonymiser=pseudonymiser)
        ids = sorted(p_id for p_id in _interview_ids(p))
        for k, name in enumerate(coders):
            _code(p, name, ids, k, f"memo van {name}")
        del done
    return ids


def _interview_ids(p: Project) -> list[str]:
    with p.read() as s:
        from kritischeblik.store.interviews import interview_ids

        return interview_ids(s)


def themes_and_session(path: Path, author: str) -> None:
    with Project.open(path) as p:
        theme_service.recluster(p, "belemmerend", k=2)
        sid = sessions.create(p, "2020-01-24", ["Commissielid A"], "belemmerende_elementen", title="eerste")
        with p.read() as s:
            theme = load_session(s, sid).themes[0]
        shown = list(theme.segment_ids)[:2]
        sessions.add_duiding(p, sid, author, "dit valt op", theme_id=theme.id, segment_ids=shown)
        sessions.add_duiding(p, sid, author, "meenemen", kind="meenemen")


def withdraw(path: Path, interview_id: str, nr: int, by: str) -> int:
    with Project.open(path) as p:
        seg = _segments(p, interview_id)[nr]
        member_checks.set_states(p, [seg], "ingetrokken", by, reason="respondent trekt dit in")
        return seg


def other_version(path: Path, tmp: Path, nlp, pseudonymiser) -> None:
    """wijk-03 as another duo had it: the same id, one sentence added."""
    src = (DEMO_DIR / "wijk-03.md").read_text(encoding="utf-8")
    changed = tmp / "wijk-03.md"
    changed.write_text(src.rstrip("\n") + "\nDat wilde ik nog even zeggen.\n", encoding="utf-8")
    with new_project(path) as p:
        ingest_paths(p, [changed], nlp=nlp, pseudonymiser=pseudonymiser)
        seg = _segments(p, "wijk-03")[0]
        coding.decide(p, seg, _code_ids(p)[0], "Dirk", "add")


def build(root: Path, nlp, pseudonymiser) -> Duos:
    duos = Duos(root / "duo-a.kb", root / "duo-b.kb", root / "ander.kb", root / "samen.kb")
    build_duo(duos.a, FILES_A, ["Anna", "Bram"], nlp, pseudonymiser)
    build_duo(duos.b, FILES_B, ["anna ", "Carla"], nlp, pseudonymiser)
    themes_and_session(duos.a, "Anna")
    withdraw(duos.b, SHARED[0], 2, "Carla")
    (root / "v").mkdir()
    other_version(duos.other_version, root / "v", nlp, pseudonymiser)
    with new_project(duos.union) as p:
        union = list(dict.fromkeys(FILES_A + FILES_B))
        ingest_paths(p, [DEMO_DIR / f for f in union], nlp=nlp, pseudonymiser=pseudonymiser)
    return duos


def copy(path: Path, dest: Path) -> Path:
    with Project.open(path) as p, p.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, dest)
    return dest
