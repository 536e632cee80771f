"""Who may do what (issue 15, point 4): every forbidden write is refused per role and leaves the project
byte-for-byte unchanged; the allowed writes succeed; a project without roles behaves as before; the last
beheerder cannot go; names match case-insensitively. The CLI and TUI tests are in test_roles_shells.py."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import dump_project
from tui_support import SMALL_TRANSCRIPT, small_project_path

from kritischeblik.errors import KBError
from kritischeblik.model import Example, Role, SegmentState
from kritischeblik.services import backup, coding, consensus, member_checks, roles, scores, sessions, themes
from kritischeblik.services import project as project_service
from kritischeblik.services import vectors as vectors_service
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import roles as role_store
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.db import Project
from kritischeblik.store.segments import segments
from kritischeblik.store.sessions import load_session

__all__ = ["small_project_path"]


@pytest.fixture
def ctx(small_project_path: Path, tmp_path: Path) -> dict[str, Any]:
    """The small project: Anna coded wijk-90 and leads session 1; then Bea makes herself beheerder, Anna and
    Carl codeur, Lex lezer. Also a backup of it and a second transcript to ingest."""
    path = tmp_path / "roles.kb"
    with Project.open(small_project_path) as src, src.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(small_project_path, path)
    with Project.open(path) as p:
        with p.read() as s:
            respondent = segments(s, ["wijk-90"])[1:]
            book = all_codes(s)
        principle = next(c.id for c in book.codes if c.kind == "leidend_principe")
        seg, code = respondent[0].id, book.codes[0].id
        coding.decide(p, seg, code, "Anna", "accept")
        scores.set_coder_score(p, "wijk-90", Example.MOOI, principle, 3, coder="Anna")
        session_id = sessions.create(p, "2020-02-01", ["Anna", "Lex"], "werkende_elementen", actor="Anna")
        with p.read() as s:
            theme = load_session(s, session_id).themes[0].id
        duiding = sessions.add_duiding(p, session_id, "Lex", "herkenbaar", theme_id=theme, actor="Anna")
        roles.set_role(p, "Bea", Role.BEHEERDER, actor="Bea")
        for name, role in (("Anna", Role.CODEUR), ("Carl", Role.CODEUR), ("Lex", Role.LEZER)):
            roles.set_role(p, name, role, actor="Bea")
    backup.backup(path, tmp_path / "copy.kb")
    other = tmp_path / "wijk-91.md"
    other.write_text(SMALL_TRANSCRIPT.replace("wijk-90", "wijk-91"), encoding="utf-8")
    return {
        "path": path,
        "seg": seg,
        "code": code,
        "principle": principle,
        "session": session_id,
        "duiding": duiding,
        "theme": theme,
        "backup": tmp_path / "copy.kb",
        "transcript": other,
    }


Write = Callable[[Project, dict[str, Any], str], Any]

BEHEER: dict[str, Write] = {
    "ingest": lambda p, c, a: ingest_paths(p, [c["transcript"]], IngestOptions(pseudonymise=False), actor=a),
    "codeboek": lambda p, c, a: project_service.load_codebook(p, all_codes_of(p), actor=a),
    "structuursleutel": lambda p, c, a: project_service.add_structural_keys(p, ["golf"], actor=a),
    "structuur standaard": lambda p, c, a: project_service.reset_structural_keys(p, actor=a),
    "interviewers": lambda p, c, a: project_service.set_suggest_interviewers(p, True, actor=a),
    "zinsvectoren uit": lambda p, c, a: vectors_service.set_enabled(p, False, actor=a),
    "vectoren bouwen": lambda p, c, a: vectors_service.build_vectors(p, actor=a),
    "auto-coderen": lambda p, c, a: coding.auto_code(p, actor=a),
    "interviewscore": lambda p, c, a: scores.set_interview_score(
        p, "wijk-90", Example.MOOI, c["principle"], 4, source="test", changed_by=a
    ),
    "score overnemen": lambda p, c, a: scores.adopt_score(
        p, "wijk-90", Example.MOOI, c["principle"], 3, adopted_by=a
    ),
    "consensus": lambda p, c, a: consensus.decide_consensus(p, c["seg"], c["code"], True, by=a),
    "consensus zaaien": lambda p, c, a: consensus.seed_consensus(p, None, actor=a),
    "blind uit": lambda p, c, a: consensus.set_blind(p, ["wijk-90"], False, actor=a),
    "terugzetten actief": lambda p, c, a: member_checks.set_states(p, [c["seg"]], SegmentState.ACTIEF, by=a),
    "thema hernoemen": lambda p, c, a: themes.rename(p, 1, "Eigen naam", actor=a),
    "thema terzijde": lambda p, c, a: themes.set_status(p, 1, "terzijde", actor=a),
    "thema's clusteren": lambda p, c, a: themes.recluster(p, "werkend", actor=a),
    "rol zetten": lambda p, c, a: roles.set_role(p, "Dirk", Role.CODEUR, actor=a),
    "rol verwijderen": lambda p, c, a: roles.remove_role(p, "Carl", actor=a),
}
"""Only a beheerder may do these."""

OTHERS: dict[str, Write] = {
    "laag van Anna": lambda p, c, a: coding.decide(p, c["seg"], c["code"], "Anna", "reject", actor=a),
    "memo van Anna": lambda p, c, a: coding.set_memo(p, c["seg"], c["code"], "Anna", "memo", actor=a),
    "score van Anna": lambda p, c, a: scores.set_coder_score(
        p, "wijk-90", Example.MOOI, c["principle"], 4, coder="Anna", actor=a
    ),
    "score van Anna weg": lambda p, c, a: scores.remove_coder_score(
        p, "wijk-90", Example.MOOI, c["principle"], coder="Anna", actor=a
    ),
}
"""Another person's layer and scores: nobody but Anna writes them, not even a beheerder."""

LED_BY_ANNA: dict[str, Write] = {
    "fase": lambda p, c, a: sessions.set_phase(p, c["session"], "duiden", actor=a),
    "deelnemer": lambda p, c, a: sessions.add_participant(p, c["session"], "Wijkagent", actor=a),
    "duiding": lambda p, c, a: sessions.add_duiding(
        p, c["session"], "Lex", "nog iets", theme_id=c["theme"], actor=a
    ),
    "duiding wijzigen": lambda p, c, a: sessions.edit_duiding(p, c["duiding"], "Lex", "anders", actor=a),
    "duiding weghalen": lambda p, c, a: sessions.remove_duiding(p, c["duiding"], actor=a),
    "sessie namens Anna": lambda p, c, a: sessions.create(
        p, "2020-02-02", ["Anna"], "werkende_elementen", actor=a, leader="Anna"
    ),
}
"""Anna's session: only Anna (its leader) and a beheerder write it."""

OWN: dict[str, Write] = {
    "eigen laag": lambda p, c, a: coding.decide(p, c["seg"], c["code"], a, "accept"),
    "eigen score": lambda p, c, a: scores.set_coder_score(p, "wijk-90", Example.MOOI, c["principle"], 2, a),
    "blind aan": lambda p, c, a: consensus.set_blind(p, ["wijk-90"], True, actor=a),
    "eigen sessie": lambda p, c, a: sessions.create(p, "2020-02-03", [a], "werkende_elementen", actor=a),
    "intrekken": lambda p, c, a: member_checks.set_states(
        p, [c["seg"]], SegmentState.INGETROKKEN, by=a, reason="member check"
    ),
}
"""What a codeur may do (the member check only in an interview they coded)."""


def all_codes_of(p: Project) -> Any:
    with p.read() as s:
        return all_codes(s)


def _refused(c: dict[str, Any], write: Write, actor: str, says: str) -> None:
    before = dump_project(c["path"])
    with Project.open(c["path"]) as p, pytest.raises(KBError) as refused:
        write(p, c, actor)
    assert says in str(refused.value)
    assert dump_project(c["path"]) == before, "a refused write changed the project"


@pytest.mark.parametrize("name", [*BEHEER, *OTHERS, *LED_BY_ANNA, *OWN])
def test_a_lezer_writes_nothing(ctx, name):
    write = {**BEHEER, **OTHERS, **LED_BY_ANNA, **OWN}[name]
    _refused(ctx, write, "Lex", "Je bent lezer in dit project")


@pytest.mark.parametrize("name", list(BEHEER))
def test_a_codeur_does_not_manage(ctx, name):
    _refused(ctx, BEHEER[name], "Anna", "alleen een beheerder kan")


@pytest.mark.parametrize("name", list(OTHERS))
def test_nobody_writes_another_coders_layer_or_scores(ctx, name):
    _refused(ctx, OTHERS[name], "Carl", "niet in die van een andere codeur")
    _refused(ctx, OTHERS[name], "Bea", "niet in die van een andere codeur")


@pytest.mark.parametrize("name", list(LED_BY_ANNA))
def test_a_codeur_writes_only_sessions_they_lead(ctx, name):
    _refused(ctx, LED_BY_ANNA[name], "Carl", "die je zelf leidt")
    with Project.open(ctx["path"]) as p:
        LED_BY_ANNA[name](p, ctx, "anna ")  # the leader, however the name is typed


def test_a_beheerder_may_take_over_a_session(ctx):
    with Project.open(ctx["path"]) as p:
        for write in LED_BY_ANNA.values():
            write(p, ctx, "Bea")
        with p.read() as s:
            assert role_store.session_leader(s, ctx["session"]) == "Anna"


def test_a_codeur_withdraws_only_in_interviews_they_coded(ctx):
    withdraw = OWN["intrekken"]
    _refused(ctx, withdraw, "Carl", "interviews die je zelf codeert")
    with Project.open(ctx["path"]) as p:
        result = withdraw(p, ctx, "Anna")
        assert result.changed == [ctx["seg"]]
    _refused(ctx, BEHEER["terugzetten actief"], "Anna", "alleen een beheerder kan")
    with Project.open(ctx["path"]) as p:
        assert BEHEER["terugzetten actief"](p, ctx, "Bea").changed == [ctx["seg"]]


@pytest.mark.parametrize("name", [n for n in OWN if n != "intrekken"])
def test_a_codeur_writes_their_own_work(ctx, name):
    with Project.open(ctx["path"]) as p:
        OWN[name](p, ctx, "Carl")


def test_a_beheerder_manages(ctx):
    allowed = [
        n for n in BEHEER if not n.startswith("thema") and n not in ("vectoren bouwen", "auto-coderen")
    ]
    with Project.open(ctx["path"]) as p:
        OWN["eigen laag"](p, ctx, "Bea")  # a beheerder codes in her own layer (and seeding needs two coders)
        for name in allowed:
            BEHEER[name](p, ctx, "BEA")
        assert {"Dirk"} <= {e.name for e in roles.roles(p)}
        assert roles.role_of(p, "carl") is None
        assert project_service.suggest_interviewers(p)


def test_roles_need_an_actor_and_one_with_a_role(ctx):
    _refused(ctx, BEHEER["codeboek"], None, "zeg wie je bent")
    _refused(ctx, OWN["blind aan"], "Onbekende", "Je hebt geen rol in dit project")


def test_restore_over_a_project_with_roles_needs_a_beheerder(ctx):
    restore = lambda a: backup.restore(ctx["backup"], ctx["path"], force=True, actor=a)  # noqa: E731
    before = dump_project(ctx["path"])
    for who in ("Lex", "Anna"):
        with pytest.raises(KBError, match="alleen een beheerder|lezer"):
            restore(who)
        assert dump_project(ctx["path"]) == before
    restore("Bea")


def test_no_roles_is_todays_behaviour(small_project_path, tmp_path):
    path = tmp_path / "plain.kb"
    shutil.copy(small_project_path, path)
    with Project.open(path) as p:
        assert roles.roles(p) == []
        project_service.add_structural_keys(p, ["golf"])  # no actor, as before roles
        consensus.set_blind(p, ["wijk-90"], True)
        consensus.set_blind(p, ["wijk-90"], False, actor="Wie Dan Ook")


def test_the_first_role_makes_the_caller_beheerder_and_the_last_stays(small_project_path, tmp_path):
    path = tmp_path / "first.kb"
    shutil.copy(small_project_path, path)
    with Project.open(path) as p:
        with pytest.raises(KBError, match="Zeg wie je bent"):
            roles.set_role(p, "Lex", Role.LEZER, actor=None)
        with pytest.raises(KBError, match="Geef uzelf de rol beheerder"):
            roles.set_role(p, "Bea", Role.CODEUR, actor=" bea ")
        assert roles.roles(p) == []
        changed = roles.set_role(p, "Lex", Role.LEZER, actor=" Bea  ")
        assert [(e.name, e.role) for e in changed] == [("Bea", Role.BEHEERDER), ("Lex", Role.LEZER)]
        for last in (
            lambda: roles.remove_role(p, "BEA", actor="bea"),
            lambda: roles.set_role(p, "bea", Role.CODEUR, actor="Bea"),
        ):
            with pytest.raises(KBError, match="laatste beheerder"):
                last()
        roles.set_role(p, "LEX", Role.BEHEERDER, actor="bea")  # case and spaces do not count
        assert roles.role_of(p, "lex").name == "Lex"  # the name as first written
        roles.remove_role(p, "Bea", actor="Lex")
        assert [(e.name, e.role) for e in roles.roles(p)] == [("Lex", Role.BEHEERDER)]
