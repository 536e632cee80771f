"""The export services (services/exports.py): one place for the safe-file rules, and a stopped export
publishes nothing (the TUI stops exports with Escape)."""

from __future__ import annotations

import pytest

from kritischeblik.safefiles import TargetExists
from kritischeblik.services import exports
from kritischeblik.services.progress import Cancelled, Progress

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL


def _stop_at(step: str) -> Progress:
    seen: list[str] = []
    return Progress(report=lambda message, _f: seen.append(message), cancelled=lambda: step in seen)


@pytest.mark.parametrize(
    ("export", "target", "step"),
    [
        (exports.xlsx, "kb.xlsx", "werkboek schrijven"),
        (exports.summary, "samenvatting.md", "samenvatting opstellen"),
        (exports.qdpx, "kb.qdpx", "REFI-QDA-project schrijven"),
        (exports.csv, "csv", "CSV-bestanden schrijven"),
    ],
)
def test_a_stopped_export_leaves_the_target_as_it_was(demo_project, tmp_path, export, target, step):
    (tmp_path / "uit").mkdir()
    out = tmp_path / "uit" / target
    with pytest.raises(Cancelled):
        export(demo_project, out, progress=_stop_at(step))
    assert list((tmp_path / "uit").iterdir()) == []  # no target, no temporary file
    if out.suffix:  # an existing file, replaced only when the run completes
        out.write_bytes(b"eerder")
        with pytest.raises(Cancelled):
            export(demo_project, out, force=True, progress=_stop_at(step))
        assert out.read_bytes() == b"eerder"
        with pytest.raises(TargetExists):
            export(demo_project, out)
        export(demo_project, out, force=True)
        assert out.read_bytes() != b"eerder"
