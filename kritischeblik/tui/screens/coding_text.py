"""How a fragment reads on the coding screen: its marks, state and codes (split from coding.py)."""

from __future__ import annotations

from rich.text import Text

from ...model import Example, SegmentState, Status
from ...store.browse import SegmentRow

STATUS_MARK = {Status.ACCEPTED: "✓", Status.REJECTED: "✗", Status.SUGGESTED: "?"}
EXAMPLES = (Example.MOOI, Example.VASTLOOP)


def pending(seg: SegmentRow) -> list[str]:
    """Machine suggestions the coder has not decided on, most confident first."""
    todo = [c for c in seg.auto.values() if c.code_id not in seg.mine]
    return [c.code_id for c in sorted(todo, key=lambda c: -(c.confidence or 0))]


def segment_text(seg: SegmentRow, new_turn: bool, names: dict[str, str], colors: dict[str, str]) -> Text:
    out = Text()
    if new_turn:
        out.append(f"{seg.speaker} · {seg.section}\n", style="bold underline")
    mark = "●" if seg.mine else "◐" if pending(seg) else "○"
    out.append(f"{mark} ", style="bold")
    if seg.state == SegmentState.INGETROKKEN:
        out.append("[ingetrokken fragment]", style="dim italic")
    elif seg.state == SegmentState.VERTROUWELIJK:
        out.append("[vertrouwelijk] ", style="italic")
        out.append(seg.text, style="dim")
    else:
        out.append(seg.text)
    for code_id, c in seg.mine.items():
        style = colors.get(code_id, "")
        if c.status == Status.REJECTED:
            out.append(f"  ✗{names.get(code_id, code_id)}", style=f"strike dim {style}")
        else:
            out.append(f"  ■ {names.get(code_id, code_id)}", style=f"bold {style}")
    for code_id in pending(seg):
        out.append(f"  ? {names.get(code_id, code_id)}", style=f"italic {colors.get(code_id, '')}")
    return out
