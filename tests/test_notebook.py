"""The exploration notebook runs top to bottom against a copy of the demo project, so it never rots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01-verkenning.ipynb"


@pytest.mark.slow
def test_exploration_notebook_executes(demo_project, tmp_path):
    path = str(demo_project.path)
    demo_project.close()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    # The kernel's own inline backend must draw the chart; an inherited MPLBACKEND would override it.
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client.execute(env={**env, "KB_PROJECT": path})
    outputs = {i: cell.get("outputs", []) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    assert not any(o.get("output_type") == "error" for outs in outputs.values() for o in outs)
    text = "\n".join(
        str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
        for outs in outputs.values()
        for o in outs
    )
    assert "Leefwereld centraal" in text and "mooi voorbeeld" in text
    assert "Belemmerende elementen" in text and "aandeel interviews" in text  # the side-by-side comparison
    assert any("image/png" in o.get("data", {}) for outs in outputs.values() for o in outs), (
        "bar chart missing"
    )
