"""Dutch count phrases: "1 probleem", "2 problemen". Every count next to a noun in user-facing text goes
through ``plural``, so no screen or export writes "1 minuten" or hedges with "fragment(en)"."""

from __future__ import annotations

THEMAS = "thema's"
"""The plural of "thema" (a quote inside an f-string's braces needs a name on Python 3.11)."""


def plural(n: int, one: str, many: str) -> str:
    """``n`` with the singular or plural noun; both forms are given, as Dutch plurals are irregular
    ("thema's", "probleem/problemen", "verschil/verschillen")."""
    return f"{n} {one if n == 1 else many}"


def noun(n: int, one: str, many: str) -> str:
    """Only the noun for ``n`` (when the count is written elsewhere: "3 van 4 interviews")."""
    return one if n == 1 else many


def join_sentences(texts: list[str]) -> str:
    """Several answers of one person as one line: "… regelen. Antwoord …", not "regelen.; Antwoord …".
    A text that ends a sentence is followed by a space; one that does not, by "; "."""
    out = ""
    for text in (" ".join(t.split()) for t in texts):
        if not text:
            continue
        if out:
            out += " " if out[-1] in ".!?…)\"'”’" else "; "
        out += text
    return out
