"""Interviewer turns on the demo project: no machine suggestions unless the project's setting includes them,
and never a theme's fragment."""

from __future__ import annotations

import json

from conftest import sql_rows

from kritischeblik.cli import main
from kritischeblik.services import coding
from kritischeblik.services import project as project_service
from kritischeblik.services import themes as theme_service

AUTO_BY_ROLE = (
    "SELECT s.role, count(*) FROM codings c JOIN segments s ON s.id = c.segment_id "
    "JOIN coders k ON k.id = c.coder_id WHERE k.name = 'auto' GROUP BY s.role"
)


def _auto_by_role(project) -> dict[str, int]:  # noqa: ANN001
    return dict(sql_rows(project.path, AUTO_BY_ROLE))


def test_interviewer_segments_get_no_suggestions_by_default(demo_project, nlp):
    (n_interviewer,) = sql_rows(
        demo_project.path, "SELECT count(*) FROM segments WHERE role = 'interviewer'"
    )[0]
    assert n_interviewer > 0  # the demo has interviewer turns to leave out
    assert project_service.suggest_interviewers(demo_project) is False
    result = coding.auto_code(demo_project, nlp=nlp)
    by_role = _auto_by_role(demo_project)
    assert by_role.get("interviewer", 0) == 0
    assert by_role["respondent"] > 0
    assert (
        result.scope
        == sql_rows(demo_project.path, "SELECT count(*) FROM segments WHERE role != 'interviewer'")[0][0]
    )


def test_the_project_setting_includes_them_and_a_run_can_override_it(demo_project, nlp):
    assert project_service.set_suggest_interviewers(demo_project, True) is True
    coding.auto_code(demo_project, nlp=nlp)
    assert _auto_by_role(demo_project).get("interviewer", 0) > 0
    # one run without them, whatever the setting: their stale suggestions go
    coding.auto_code(demo_project, nlp=nlp, interviewers=False)
    assert _auto_by_role(demo_project).get("interviewer", 0) == 0
    assert project_service.set_suggest_interviewers(demo_project, False) is False
    coding.auto_code(demo_project, nlp=nlp, interviewers=True)
    assert _auto_by_role(demo_project).get("interviewer", 0) > 0


def test_the_setting_from_the_command_line(demo_project, capsys):
    path = str(demo_project.path)
    demo_project.close()
    assert main(["instellingen", "interviewers", "toon", "-p", path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"interviewers": False}
    assert main(["instellingen", "interviewers", "aan", "-p", path]) == 0
    assert "aan" in capsys.readouterr().out
    assert main(["instellingen", "interviewers", "toon", "-p", path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"interviewers": True}
    assert main(["instellingen", "interviewers", "uit", "-p", path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"interviewers": False}


def test_no_theme_member_is_an_interviewer_segment(demo_project, nlp, capsys):
    # Interviewer segments carry werkend suggestions here, so the clustering has them to choose from.
    coding.auto_code(demo_project, nlp=nlp, interviewers=True)
    coded = sql_rows(
        demo_project.path,
        "SELECT count(DISTINCT s.id) FROM codings c JOIN segments s ON s.id = c.segment_id "
        "JOIN codes k ON k.id = c.code_id WHERE s.role = 'interviewer' AND k.kind = 'werkend_element'",
    )[0][0]
    assert coded > 0
    sel, _ = theme_service.compute(demo_project, "werkend", k=3, basis="suggesties")
    assert sel.interviewer_left_out == coded
    path = str(demo_project.path)
    demo_project.close()
    assert main(["themes", "-p", path, "--kind", "werkend", "--basis", "suggesties", "--k", "3"]) == 0
    capsys.readouterr()
    roles = sql_rows(
        path,
        "SELECT s.role, count(*) FROM theme_members m JOIN segments s ON s.id = m.segment_id GROUP BY s.role",
    )
    assert dict(roles).get("interviewer", 0) == 0
    assert dict(roles)["respondent"] > 0
