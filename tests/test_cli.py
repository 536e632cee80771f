"""The CLI contract: kb init / ingest / status / codebook / check, with -p and --format."""

from __future__ import annotations

import json

import pytest
from conftest import DEMO_DIR

from kritischeblik.cli import main


@pytest.fixture
def cli(capsys):
    def run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_init_ingest_status(cli, tmp_path, pseudonymiser):
    p = tmp_path / "studie.kb"
    code, out, _ = cli("init", "-p", p, "--codebook", "kritische-blik")
    assert code == 0 and "40 codes" in out
    code, out, err = cli("ingest", "-p", p, DEMO_DIR / "wijk-03.md", DEMO_DIR / "school-09.vtt")
    assert code == 0, err
    code, out, _ = cli("status", "-p", p, "--format", "json")
    status = json.loads(out)
    assert status["interviews"] == 2
    assert status["per_omgeving"] == {"school": 1, "wijk": 1}
    assert status["nlp_soort"] in {"blank", "model"}
    assert "simplemma" in status["nlp_pipeline"] or status["nlp_soort"] == "model"
    assert status["niet_gepseudonimiseerd"] == 0
    code, out, _ = cli("check", "-p", p)
    assert code == 0 and "in orde" in out


def test_project_from_environment(cli, tmp_path, monkeypatch):
    p = tmp_path / "env.kb"
    monkeypatch.setenv("KB_PROJECT", str(p))
    assert cli("init")[0] == 0
    code, out, _ = cli("status", "--format", "json")
    assert code == 0 and json.loads(out)["project"] == str(p)


def test_errors_are_messages_not_tracebacks(cli, tmp_path):
    code, _, err = cli("status", "-p", tmp_path / "missing.kb")
    assert code == 2 and err.startswith("fout: ") and "kb init" in err and "Traceback" not in err
    code, _, err = cli("init", "-p", tmp_path / "x.kb", "--codebook", "bestaat-niet")
    assert code == 2 and "Onbekend codeboek" in err
    assert not (tmp_path / "x.kb").exists()


def test_unpseudonymised_ingest_warns_in_status(cli, tmp_path):
    p = tmp_path / "raw.kb"
    cli("init", "-p", p)
    cli("ingest", "-p", p, "--no-pseudonymise", DEMO_DIR / "wijk-03.md")
    code, out, err = cli("status", "-p", p)
    assert code == 0 and "WAARSCHUWING" in err


def test_codebook_show_formats(cli, tmp_path):
    p = tmp_path / "cb.kb"
    cli("init", "-p", p)
    code, out, _ = cli("codebook", "show", "-p", p, "--kind", "leidend_principe", "--format", "json")
    rows = json.loads(out)
    assert [r["id"] for r in rows][:2] == ["lp-leefwereld-centraal", "lp-doen-wat-nodig-is"] and len(
        rows
    ) == 6
    code, out, _ = cli("codebook", "show", "-p", p, "--format", "csv")
    assert out.splitlines()[0].startswith("codeboek,id,naam,soort")
    assert len(out.splitlines()) == 41
    code, out, _ = cli("codebook", "load", "-p", p, "platform31-weer-thuis")
    assert code == 0
    code, out, _ = cli("codebook", "show", "-p", p, "--kind", "impasse", "--format", "json")
    assert len(json.loads(out)) == 5


def test_codebook_validate_reports_file_and_line(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        'id: b\nname: B\nversion: "1"\ncodes:\n  - id: x\n    name: X\n    kind: raar\n    definition: d\n'
    )
    code, _, err = cli("codebook", "validate", bad)
    assert code == 2 and f"{bad}:7: onbekende soort 'raar'" in err
