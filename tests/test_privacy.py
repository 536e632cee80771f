"""Privacy end to end: after `kb ingest` of the demo corpus, no invented person name survives in the store,
in any export (xlsx, csv, qdpx, session minutes) or in the logs (everything the commands print).

The names come from tests/data/demo-names-{wijk,school,huishouden}.txt (every invented name, street and
organisation in the corpus). Matching is whole-word and case-sensitive. Person names are told apart from
streets and organisations by this rule (see ``is_person``): an entry is NOT a person when it contains a digit,
'@' or '.', when one of its words is an organisation word (College, Stichting, Buurtteam, ...), when its last
word ends in a street/place suffix (straat, laan, plein, hof, pad, dreef, veen, ...), or when it is listed in
``NOT_PERSONS`` (names like "De Brug" that look like a surname with a particle). Everything else is a person.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import DATA, demo_files

from kritischeblik.cli import main

ORG_WORDS = {
    "College",
    "Stichting",
    "Buurtteam",
    "Zorggroep",
    "Thuiszorg",
    "Jeugdpunt",
    "Budgetpunt",
    "Woongoed",
    "Samenwerkingsverband",
    "Praktijkschool",
    "Wijkzorg",
    "Klusploeg",
    "Jeugdteam",
    "Schoonmaakbedrijf",
    "Bewindvoering",
    "Burenhulp",
    "FACT-team",
    "Gezondheidscentrum",
    "Drukkerij",
    "Steunpunt",
    "Bureau",
    "Kastanjeklas",
    "Co",
}
PLACE_SUFFIXES = ("straat", "laan", "plein", "hof", "pad", "dreef", "veen", "weg", "kade", "singel", "bis")
NOT_PERSONS = {
    "De Vlierboom",
    "De Kastanjehof",
    "De Zonnebloem",
    "De Meidoorn",
    "De Kastanje",
    "De Brug",
    "De Linde",
    "De Boog",
    "De Lindeboom",
    "Het Anker",
    "De Wilgenhoek",
    "De Groene Hoek",
    "Zonnewijzer",
    "Vechtzoom",
    "Stroomland",
    "Op Koers",
    "Buurtkracht West",
    "Schoon Thuis",
    "Budgetpunt West",
}


def is_person(entry: str) -> bool:
    if entry in NOT_PERSONS or re.search(r"[\d@.]", entry):
        return False
    words = entry.split()
    if any(w in ORG_WORDS for w in words):
        return False
    return not words[-1].lower().endswith(PLACE_SUFFIXES)


def _names() -> tuple[list[str], list[str]]:
    entries: set[str] = set()
    for f in sorted(DATA.glob("demo-names-*.txt")):
        entries.update(x.strip() for x in f.read_text(encoding="utf-8").splitlines() if x.strip())
    persons = sorted(e for e in entries if is_person(e))
    others = sorted(e for e in entries if not is_person(e))
    return persons, others


def _find(names: list[str], texts: dict[str, str]) -> dict[str, list[str]]:
    """name → the artefacts it occurs in (whole word, case-sensitive)."""
    # One alternation, longest first, per artefact: 300 separate scans of a whole database dump are slow.
    # Overlapping names ("Ilias" inside "Ilias Bouzid") are found by a second pass over each hit's text.
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    singles = {n: re.compile(rf"(?<![\w-]){re.escape(n)}(?![\w-])") for n in names}
    found: dict[str, list[str]] = {}
    for label, text in texts.items():
        hits = {m.group(0) for m in pattern.finditer(text)}
        for hit in hits:
            for name in names:
                if name in hit and singles[name].search(hit) and label not in found.get(name, []):
                    found.setdefault(name, []).append(label)
    return found


def _run(capsys, logs: list[str], *args) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    logs.append(out + err)
    return code, out + err


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory, pseudonymiser) -> dict[str, str]:
    """Every text a user or a log could see after ingest + exports, keyed by where it came from."""
    capsys = _Capture()
    tmp = tmp_path_factory.mktemp("privacy")
    project = tmp / "demo.kb"
    logs: list[str] = []
    handler = _ListHandler()
    logging.getLogger().addHandler(handler)
    texts: dict[str, str] = {}
    try:
        with capsys:
            assert _run(capsys, logs, "init", "-p", project)[0] == 0
            code, out = _run(capsys, logs, "ingest", "-p", project, *demo_files())
            assert code == 0, out
            _run(capsys, logs, "code", "auto", "-p", project)
            _make_session(project)
            code, out = _run(capsys, logs, "export", "xlsx", "-p", project, tmp / "demo.xlsx")
            if code == 0:
                texts["xlsx"] = _xlsx_text(tmp / "demo.xlsx")
            code, out = _run(capsys, logs, "export", "csv", "-p", project, tmp / "csv")
            if code == 0:
                for f in sorted((tmp / "csv").rglob("*")):
                    if f.is_file():
                        texts[f"csv:{f.name}"] = _csv_text(f)
            code, out = _run(capsys, logs, "export", "qdpx", "-p", project, tmp / "demo.qdpx")
            if code == 0:
                with zipfile.ZipFile(tmp / "demo.qdpx") as zf:
                    for info in zf.infolist():
                        texts[f"qdpx:{info.filename}"] = zf.read(info).decode("utf-8", errors="replace")
            code, out = _run(capsys, logs, "session", "export", "-p", project, "1", tmp / "verslag.md")
            if code == 0:
                texts["sessieverslag"] = (tmp / "verslag.md").read_text(encoding="utf-8")
            code, out = _run(capsys, logs, "export", "samenvatting", "-p", project, tmp / "samenvatting.md")
            if code == 0:
                texts["samenvatting"] = (tmp / "samenvatting.md").read_text(encoding="utf-8")
            _run(capsys, logs, "tally", "-p", project)
            _run(capsys, logs, "status", "-p", project)
    finally:
        logging.getLogger().removeHandler(handler)
    con = sqlite3.connect(project)
    try:
        # Every row of every table, including the history, themes, sessions and metadata.
        texts["opslag"] = "\n".join(con.iterdump())
    finally:
        con.close()
    texts["logs"] = "\n".join(logs + handler.lines)
    return texts


class _Capture:
    """capsys for a module-scoped fixture: redirect stdout/stderr into buffers that readouterr() drains."""

    def __enter__(self):  # noqa: ANN204
        import contextlib

        self._out, self._err = io.StringIO(), io.StringIO()
        self._stack = contextlib.ExitStack()
        self._stack.enter_context(contextlib.redirect_stdout(self._out))
        self._stack.enter_context(contextlib.redirect_stderr(self._err))
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def readouterr(self) -> tuple[str, str]:
        out, err = self._out.getvalue(), self._err.getvalue()
        for buf in (self._out, self._err):
            buf.seek(0)
            buf.truncate()
        return out, err


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _make_session(project: Path) -> None:
    """A duidingssessie on the auto-coded fragments, so that its minutes can be exported too."""
    from kritischeblik.store import sessions
    from kritischeblik.store.db import Project

    with Project.open(project) as p, p.write() as s:
        themes = sessions.code_themes(s, "belemmerende_elementen")
        if themes:
            sessions.create_session(
                s, "2020-01-20", ["Deelnemer A", "Deelnemer B"], "belemmerende_elementen", themes
            )


def _xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    parts = []
    for ws in wb.worksheets:
        parts.append(ws.title)
        for row in ws.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def _csv_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix.lower() != ".csv":
        return raw
    return "\n".join("\t".join(row) for row in csv.reader(io.StringIO(raw)))


PERSONS, OTHERS = _names()


def test_name_lists_are_classified():
    assert len(PERSONS) > 200 and len(OTHERS) > 40
    for person in ["Marieke de Vries", "De Vries", "Van Os", "Kacper", "Ilias Bouzid", "Jan-Willem Bakker"]:
        assert person in PERSONS
    for other in [
        "Vechtzoom College",
        "Stichting Rondkomen",
        "Pelikaanpad",
        "Pelikaanpad 3-bis",
        "De Brug",
        "e.lammers@stichtingrondkomen.nl",
        "06-48219370",
        "Bewindvoering Vaart & Co",
    ]:
        assert other in OTHERS


def test_exports_were_all_checked(artefacts):
    # If an export command is missing or failed, the privacy check would silently cover less.
    assert "xlsx" in artefacts, "kb export xlsx leverde niets op"
    assert any(k.startswith("csv:") for k in artefacts), "kb export csv leverde niets op"
    assert any(k.startswith("qdpx:sources/") for k in artefacts), "kb export qdpx bevat geen bronnen"
    assert "sessieverslag" in artefacts, "kb session export leverde niets op"
    assert "samenvatting" in artefacts, "kb export samenvatting leverde niets op"


def test_contact_details_never_survive(artefacts):
    contacts = [o for o in OTHERS if re.search(r"[@\d]", o)]
    assert contacts
    assert _find(contacts, artefacts) == {}


def test_speakers_and_interviewers_never_survive(artefacts):
    """The names in front matter and speaker labels (duo, respondents) are the most identifying."""
    front: set[str] = set()
    for f in demo_files():
        if f.suffix != ".md":
            continue
        head = f.read_text(encoding="utf-8").split("---")[1]
        for m in re.finditer(r"^(?:duo|respondent|respondenten):\s*(.+)$", head, re.M):
            front.update(x.strip(" []") for x in m.group(1).split(","))
    front = {x for x in front if x and is_person(x)}
    assert front
    assert _find(sorted(front), artefacts) == {}


def test_no_person_name_survives_anywhere(artefacts):
    leaks = _find(PERSONS, artefacts)
    assert leaks == {}, "gelekte namen: " + "; ".join(
        f"{n} in {', '.join(w[:3])}" for n, w in sorted(leaks.items())
    )
