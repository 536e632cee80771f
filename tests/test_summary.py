"""The one-page summary in plain language: every number checked against plain SQL on the store, quotes
traced to stored fragments, withdrawn text neither quoted nor counted, and the page short and plain."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import sql_rows

from kritischeblik.analysis.summary import QUOTE_MAX_CHARS
from kritischeblik.cli import main


def _export(path: Path, out: Path, *extra: str) -> str:
    assert main(["export", "samenvatting", "-p", str(path), str(out), *extra]) == 0
    return out.read_text(encoding="utf-8")


_SUGGESTED_INTERVIEWS = """
    SELECT COUNT(DISTINCT s.interview_id) FROM codings c JOIN segments s ON s.id = c.segment_id
    JOIN coders k ON k.id = c.coder_id JOIN codes d ON d.id = c.code_id
    WHERE k.name = 'auto' AND c.status != 'rejected' AND s.state != 'ingetrokken' AND d.name = ?
"""


@pytest.fixture
def summary(demo_project, tmp_path) -> tuple[Path, str]:
    path = Path(demo_project.path)
    demo_project.close()
    assert main(["code", "auto", "-p", str(path)]) == 0
    return path, _export(path, tmp_path / "samenvatting.md")


def test_counts_match_plainsql_rows(summary):
    path, text = summary
    total = sql_rows(path, "SELECT COUNT(*) FROM interviews")[0][0]
    for omgeving, n in sql_rows(path, "SELECT omgeving, COUNT(*) FROM interviews GROUP BY omgeving"):
        assert f"{n} in de omgeving {omgeving}" in text
    found = re.findall(r"- \*\*(.+?)\*\*\. Dit zagen we in (\d+) van de (\d+) gesprekken", text)
    assert len(found) == 6  # three werkende and three belemmerende elementen
    for name, n, of in found:
        assert int(of) == total
        assert int(n) == sql_rows(path, _SUGGESTED_INTERVIEWS, name)[0][0], name
    (mooi,), (vast,) = (
        sql_rows(path, "SELECT AVG(score) FROM principle_scores WHERE example = ?", ex)[0]
        for ex in ("mooi voorbeeld", "vastloopmoment")
    )
    assert f"mooie voorbeelden was dat gemiddeld {mooi:.1f}".replace(".", ",") in text
    assert f"vastloopmomenten was het gemiddeld {vast:.1f}".replace(".", ",") in text
    top_choice = sql_rows(
        path,
        "SELECT c.name, COUNT(*) AS n FROM principle_choices p JOIN codes c ON c.id = p.code_id "
        "GROUP BY c.name ORDER BY n DESC, c.sort_order LIMIT 1",
    )[0]
    assert f"**{top_choice[0]}**: {top_choice[1]} keer genoemd" in text
    assert "**Let op:** de computer heeft deze fragmenten voorgesteld" in text  # machine suggestions only


def test_quotes_are_stored_respondent_fragments_with_their_interview(summary):
    path, text = summary
    quotes = re.findall(r'> "(.+)" \(([\w.-]+), respondent\)', text)
    assert len(quotes) >= 4
    for quote, iid in quotes:
        rows = sql_rows(path, "SELECT role FROM segments WHERE interview_id = ? AND text = ?", iid, quote)
        assert rows and rows[0][0] == "respondent", quote
        assert len(quote) <= QUOTE_MAX_CHARS


def test_withdrawn_fragment_is_neither_quoted_nor_counted(summary, tmp_path):
    path, text = summary
    quote, iid = re.findall(r'> "(.+)" \(([\w.-]+), respondent\)', text)[0]
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "UPDATE segments SET state = 'ingetrokken' WHERE interview_id = ? AND text = ?", (iid, quote)
        )
    con.close()
    again = _export(path, tmp_path / "opnieuw.md")
    assert quote not in again
    for name, n in re.findall(r"- \*\*(.+?)\*\*\. Dit zagen we in (\d+) van", again):
        assert int(n) == sql_rows(path, _SUGGESTED_INTERVIEWS, name)[0][0], name


def test_the_page_is_short_and_plain(summary):
    _path, text = summary
    assert len(text.split()) <= 500  # one page
    prose = [ln for ln in text.splitlines() if ln and not ln.lstrip().startswith((">", "#", "- ", "*"))]
    sentences = [s for ln in prose for s in re.split(r"(?<=[.!?])\s+", ln) if s.strip()]
    lengths = [len(s.split()) for s in sentences]
    # B1: short sentences (on average about 10–12 words, none very long)
    assert sum(lengths) / len(lengths) <= 12 and max(lengths) <= 22, sorted(lengths)[-3:]


def test_a_coder_layer_drops_the_machine_warning(summary, tmp_path, capsys):
    path, _text = summary
    seg, code = sql_rows(
        path,
        "SELECT c.segment_id, c.code_id FROM codings c JOIN codes d ON d.id = c.code_id "
        "WHERE d.kind = 'werkend_element' ORDER BY c.id LIMIT 1",
    )[0]
    assert main(["code", "accept", "-p", str(path), "--coder", "Anna", str(seg), code]) == 0
    text = _export(path, tmp_path / "anna.md", "--coder", "Anna")
    assert "Let op" not in text and "De tellingen komen uit de codering van: codeur Anna." in text
    assert "Dit zagen we in 1 van de" in text


def test_an_empty_project_gives_a_page_not_an_error(project, tmp_path):
    text = _export(Path(project.path), tmp_path / "leeg.md")
    assert (
        "Er zijn nog geen gesprekken." in text and "nog geen scores" in text and "gesprekken: ." not in text
    )
