"""The stored vocabulary is spelled once, in ``model.py``: no module writes a coding status or a fragment state
as a bare string (issue 12, point 3). A typo in a bare ``"acepted"`` compares unequal without a word; an enum
member cannot be misspelled without an AttributeError.
"""

from __future__ import annotations

from pathlib import Path

from test_hint_wording import _literals

from kritischeblik import model

PACKAGE = Path(__file__).resolve().parent.parent / "kritischeblik"

# Values that name a status or a state and nothing else in this code base. ``actief`` is left out: it is also a
# theme status and an ordinary Dutch word in labels.
STORED_VALUES = {str(s) for s in model.Status} | {
    str(s) for s in model.SegmentState if s is not model.SegmentState.ACTIEF
}

# (module, value): literals equal to a stored value that mean something else, each with why.
ALLOWED = {
    # The overview row's attribute name (a count of open suggestions), used as its column key.
    ("tui/screens/overview.py", "suggested"),
    # A column header of the Fragmenten sheet, read by people: a word, not the stored state.
    ("export/xlsx.py", "vertrouwelijk"),
}


def _bare_values(path: Path) -> list[tuple[int, str]]:
    return [(line, text) for line, text in _literals(path) if text in STORED_VALUES]


def test_statuses_and_states_are_written_through_the_enums():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {value!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "model.py"
        for line, value in _bare_values(path)
        if (path.relative_to(PACKAGE).as_posix(), value) not in ALLOWED
    ]
    assert not found, "gebruik model.Status / model.SegmentState:\n" + "\n".join(found)


def test_the_scan_sees_a_bare_status(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('"""Doc mentioning accepted."""\nx = row.status == "rejected"\n', encoding="utf-8")
    assert _bare_values(planted) == [(2, "rejected")]
