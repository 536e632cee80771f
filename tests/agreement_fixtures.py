"""A small project of three demo transcripts, coded by a simulated duo with keyword rules.

The rules are applied here, in the test helper, to the stored segment texts; the tests recompute the
expected units and values from the same rules independently of kritischeblik.store.agreement.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_DIR, new_project, private_copy
from sqlalchemy import select

from kritischeblik.model import Suggestion
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import codings
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Segment

FILES = ["wijk-02.md", "school-01.md", "huishouden-02.md"]
BOTH = ["wijk-02", "school-01"]  # coded by A and B
ONLY_A = ["huishouden-02"]

# code -> coder -> words; a coder accepts the code on a segment whose lower-cased text has one of them.
RULES: dict[str, dict[str, tuple[str, ...]]] = {
    "we-aanpakken": {"Anna": ("gewoon", "doen"), "Bram": ("gewoon", "enthousias")},
    "be-systeemwereld": {"Anna": ("procedure", "regels"), "Bram": ("procedure", "vergunning")},
    "we-elkaar-kennen": {"Anna": ("kent", "kennen"), "Bram": ("kent", "kennen", "koffie")},
}
# Bram explicitly rejects be-systeemwereld where he sees "regels" (a disagreement with a recorded "no").
SHARED_REJECT = "lp-eenvoud"  # both reject it on the first segment of each interview they code


def rule_hits(text: str, code: str, coder: str) -> bool:
    t = text.lower()
    return any(w in t for w in RULES[code].get(coder, ()))


def segments(session, interview_ids) -> list[Segment]:  # noqa: ANN001
    return list(
        session.scalars(
            select(Segment)
            .where(Segment.interview_id.in_(interview_ids))
            .order_by(Segment.interview_id, Segment.idx)
        )
    )


def code_interview(session, interview_id: str, coder: str) -> None:  # noqa: ANN001
    segs = segments(session, [interview_id])
    codings.decide(session, segs[0].id, SHARED_REJECT, coder, "reject")
    for seg in segs:
        for code in RULES:
            if rule_hits(seg.text, code, coder):
                codings.decide(session, seg.id, code, coder, "add", memo=f"{coder}: regel {code}")
        if (
            coder == "Bram"
            and "regels" in seg.text.lower()
            and not rule_hits(seg.text, "be-systeemwereld", "Bram")
        ):
            codings.decide(session, seg.id, "be-systeemwereld", coder, "reject", memo="geen systeemwereld")


def build(path: Path | str, nlp) -> Path | str:  # noqa: ANN001
    with new_project(path) as p:
        ingest_paths(p, [DEMO_DIR / f for f in FILES], IngestOptions(pseudonymise=False), nlp=nlp)
        with p.write() as s:
            for iid in BOTH:
                code_interview(s, iid, "Anna")
                code_interview(s, iid, "Bram")
            for iid in ONLY_A:
                code_interview(s, iid, "Anna")
            # machine suggestions on every segment mentioning "wijk"
            sugg = [
                Suggestion(seg.id, "lp-zo-nabij-mogelijk", 0.5, "wijk")
                for seg in segments(s, BOTH + ONLY_A)
                if "wijk" in seg.text.lower()
            ]
            codings.save_suggestions(s, sugg)
        if not p.is_database:
            with p.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def duo_project_path(tmp_path_factory, nlp) -> Path:
    return build(tmp_path_factory.mktemp("duo") / "duo.kb", nlp)


@pytest.fixture(scope="session")
def duo_pg_template(request) -> str:
    """The duo project copied into a PostgreSQL database once (``kb project copy``: faster than coding it
    again): the template of ``duo_project`` on PostgreSQL."""
    from kritischeblik.store.project_copy import copy_project

    server = request.getfixturevalue("pg_server")
    name = server.new_database()  # a new name each time: test modules each register this fixture
    with Project.open(request.getfixturevalue("duo_project_path")) as src:
        copy_project(src, server.url(name))
    return name


@pytest.fixture
def duo_project(request, backend, tmp_path):
    """A private copy of the duo project on this test's engine (a file copy, or a database cloned from the
    session's template)."""
    path = request.getfixturevalue("duo_project_path")
    yield from private_copy(request, backend, path, "duo_pg_template", tmp_path / "duo.kb")
