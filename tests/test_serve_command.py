"""kb serve's arguments: loopback by default, a warning in Dutch when opened up, the TUI command it runs per
browser (quoted, with the right options), the password never on the command line nor in the output, and a
clear error for a missing project before anything listens."""

from __future__ import annotations

import shlex
import sys

import pytest

from kritischeblik import cli
from kritischeblik.cli import build_parser
from kritischeblik.commands import serve as serve_cmd
from kritischeblik.web import server
from kritischeblik.web.access import PASSWORD_ENV
from kritischeblik.web.server import TuiOptions, is_loopback, tui_command


def test_defaults_are_loopback_and_no_password_option():
    args = build_parser().parse_args(["serve", "-p", "x.kb"])
    assert args.host == "127.0.0.1" and args.port == serve_cmd.DEFAULT_PORT
    assert not args.read_only and not args.projector and args.coder is None and args.password_file is None
    serve_parser = build_parser()._subparsers._group_actions[0].choices["serve"]
    # the password has no option of its own: on a command line every user of the machine can read it (ps)
    options = {o for a in serve_parser._actions for o in a.option_strings}
    assert {o for o in options if "wachtwoord" in o} == {"--wachtwoord-bestand"}


@pytest.mark.parametrize(
    "bad", [["--port", "0"], ["--port", "70000"], ["--port", "acht"], ["--lettergrootte", "4"]]
)
def test_bad_numbers_are_refused_in_dutch(bad, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "-p", "x.kb", *bad])
    err = capsys.readouterr().err
    assert "poort" in err or "lettergrootte" in err or "poortnummer" in err


def test_tui_command_quotes_every_value_and_passes_the_options():
    project = "/tmp/map met spatie/pro'ject;rm -rf ~.kb"
    command = tui_command(
        TuiOptions(project, coder="Anna $(whoami)", read_only=True, projector=True), "/usr/bin/python3"
    )
    assert shlex.split(command) == [
        "/usr/bin/python3",
        "-m",
        "kritischeblik",
        "tui",
        "-p",
        project,
        "--in-browser",
        "--coder",
        "Anna $(whoami)",
        "--alleen-lezen",
        "--projector",
    ]
    assert shlex.split(tui_command(TuiOptions("p.kb"), "py")) == [
        "py",
        "-m",
        "kritischeblik",
        "tui",
        "-p",
        "p.kb",
        "--in-browser",
    ]
    # the TUI parses what the server hands it
    args = build_parser().parse_args(shlex.split(command)[3:])
    assert (
        args.read_only
        and args.projector
        and args.in_browser
        and args.coder == "Anna $(whoami)"
        and str(args.project) == project
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def _started(monkeypatch, tmp_path, argv, environ=None):  # noqa: ANN001, ANN202
    """Run `kb serve` up to the point where it would listen; return what it would have served."""
    from conftest import new_project

    new_project(tmp_path / "p.kb").close()
    seen = {}

    def fake_serve(options, access, host, port, font_size):  # noqa: ANN001, ANN202
        seen.update(options=options, access=access, host=host, port=port, font=font_size)

    monkeypatch.setattr(server, "serve", fake_serve)
    monkeypatch.chdir(tmp_path)
    for k, v in (environ or {}).items():
        monkeypatch.setenv(k, v)
    assert cli.main(["serve", "-p", "p.kb", *argv]) == 0
    return seen


def test_token_is_printed_once_and_loopback_gives_no_warning(monkeypatch, tmp_path, capsys):
    seen = _started(monkeypatch, tmp_path, [])
    out, err = capsys.readouterr()
    assert (
        out.count(seen["access"].token) == 1 and f"http://127.0.0.1:{serve_cmd.DEFAULT_PORT}/?token=" in out
    )
    assert err == "" and seen["font"] == server.DEFAULT_FONT
    assert seen["options"] == TuiOptions(str(tmp_path / "p.kb"), None, False, False)


def test_opening_up_warns_and_projector_is_read_only_in_large_type(monkeypatch, tmp_path, capsys):
    seen = _started(monkeypatch, tmp_path, ["--host", "0.0.0.0", "--port", "9000", "--projector"])
    err = capsys.readouterr().err
    assert "let op" in err and "0.0.0.0" in err and "andere computers" in err
    assert seen["host"] == "0.0.0.0" and seen["port"] == 9000 and seen["font"] == server.PROJECTOR_FONT
    assert seen["options"].read_only and seen["options"].projector


def test_password_from_the_environment_is_used_and_never_printed(monkeypatch, tmp_path, capsys):
    import os

    secret = "een-lang-wachtwoord"
    seen = _started(monkeypatch, tmp_path, ["--alleen-lezen"], {PASSWORD_ENV: secret})
    out, err = capsys.readouterr()
    assert seen["access"].password == secret and seen["options"].read_only
    assert secret not in out + err and "token=" not in out and "wachtwoord" in out
    assert PASSWORD_ENV not in os.environ  # not handed on to the TUI processes


def test_a_missing_project_is_a_dutch_error_before_listening(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(server, "serve", lambda *a: pytest.fail("listened"))
    assert cli.main(["serve", "-p", str(tmp_path / "nergens.kb")]) != 0
    assert "project bestaat niet" in capsys.readouterr().err


def test_the_tui_in_the_command_is_this_python():
    assert shlex.split(tui_command(TuiOptions("p.kb")))[0] == sys.executable
