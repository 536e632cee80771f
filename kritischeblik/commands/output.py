"""Print results as an aligned table, CSV or JSON (``--format table|csv|json``); CSV cells are made safe.

Everything a command prints goes through :class:`TerminalSafe` (installed by ``cli.main`` for every command
but the TUI): stored text from older projects or imports may hold escape sequences that recolour, retitle or
clear the terminal, or bidi controls that reorder what is shown, and a file name can too.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TextIO

from ..export.common import csv_cell
from ..ingest.text_clean import terminal_safe
from ..model import Status

FORMATS = ("table", "csv", "json")


class TerminalSafe:
    """A text stream that drops escape sequences, control characters (newline and tab aside) and invisible
    format characters on the way out; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def terminal_guard() -> Iterator[None]:
    """stdout and stderr made terminal-safe for the duration (restored after, also on errors)."""
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalSafe(old_out), TerminalSafe(old_err)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = old_out, old_err


STATUS_LABELS = {Status.SUGGESTED: "voorstel", Status.ACCEPTED: "geaccepteerd", Status.REJECTED: "verworpen"}


def _shown(value: Any) -> str:
    """A cell as a reader sees it in a table: yes/no and a coding's status in Dutch (csv and json keep the
    stored values for programs)."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Status):
        return STATUS_LABELS[value]
    return _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value == value else "n.v.t."
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    # Cleaned here too (not only by the stream) so that column widths count what is shown.
    return terminal_safe(str(value))


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with "…", at a word boundary when one is near: a word cut in half
    reads as another word ("jongeren" as "jong…")."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: str = "table",
    columns: Sequence[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    rows = list(rows)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "json":
        json.dump([{c: r.get(c) for c in cols} for r in rows], out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow([csv_cell(str(c)) for c in cols])
        for r in rows:
            w.writerow([csv_cell(_cell(r.get(c))) for c in cols])
        return
    if title:
        out.write(f"{title}\n")
    if not rows:
        out.write("(geen gegevens)\n")
        return
    cells = [[_shown(r.get(c)) for c in cols] for r in rows]
    widths = [min(60, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(cols)]
    numeric = [all(_is_number(r.get(c)) for r in rows) for c in cols]

    def fmt_row(values: list[str]) -> str:
        parts = []
        for v, w, num in zip(values, widths, numeric, strict=True):
            v = v if len(v) <= w else shorten(v, w)
            parts.append(v.rjust(w) if num else v.ljust(w))
        return "  ".join(parts).rstrip()

    out.write(fmt_row(cols) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(fmt_row(row) + "\n")


def emit_mapping(data: Mapping[str, Any], fmt: str = "table", out: TextIO | None = None) -> None:
    """A single record (e.g. status): key/value lines, or one JSON object."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    elif fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["sleutel", "waarde"])
        for k, v in data.items():
            value = json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else _cell(v)
            w.writerow([csv_cell(str(k)), csv_cell(value)])
    else:
        width = max((len(k) for k in data), default=0)
        for k, v in data.items():
            if isinstance(v, dict):
                out.write(f"{k.ljust(width)}  \n")
                for kk, vv in v.items():
                    out.write(f"  {str(kk).ljust(width)}{_shown(vv)}\n")
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                out.write(f"{k.ljust(width)}  \n")
                for item in v:
                    out.write("  " + "  ".join(f"{kk}: {_shown(vv)}" for kk, vv in item.items()) + "\n")
            else:
                out.write(f"{k.ljust(width)}  {_shown(v)}\n")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def note_basis(found: Any, fmt: str) -> str:
    """The basis line (``model.Basis.text``) for a command's output: returned for a table's title, and
    written to stderr for csv and json, so the data on stdout stays what scripts read."""
    line = found.text() if found is not None else ""
    if line and fmt != "table":
        print(f"# {line}", file=sys.stderr)
    return line
