"""Text typed by a researcher (memos, duidingen, "wat neem jij mee", member-check reasons) goes through the same
pseudonymiser as transcripts before it is stored.

Typed text is pseudonymised on its own: the store keeps no original names, so there is no list of known
persons to match, only deduce and the project's own finders; codebook names are protected as at ingest. Its
placeholders carry letters, not numbers (``[PERSOON-A]``): a number would suggest it is the same person as
``[PERSOON-1]`` of an interview, which nobody can know. Placeholders the researcher typed (``[PERSOON-3]`` to
refer to the transcript) are left as they are. Dates stay, unless a birth cue (geboren, geboortedatum, ...)
precedes them: what a researcher dates is a conversation or a member check, which the audit trail needs.

The TUI must never freeze while deduce loads (seconds; the first time ever, 1–2 minutes), so
:class:`Loader` loads it in a background thread as soon as a text prompt opens.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from ..errors import KBError
from ..model import Codebook

_PLACEHOLDER = re.compile(r"\[([A-Z]+)-(\d+)\]")
_BIRTH_CUE = re.compile(r"geboren|geboorte|verjaardag|jarig|\bgeb\b", re.IGNORECASE)


def _birth_date(text: str, start: int) -> bool:
    """A birth cue in the same clause, just before the date ("geboren op", "geboortedatum:")."""
    before = re.split(r"[,;!?\n]", text[max(0, start - 30) : start])[-1]
    return bool(_BIRTH_CUE.search(before))


def letters(n: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def protected_for(codebook: Codebook | None) -> list[str]:
    from .pipeline import protected_terms

    return protected_terms(
        codebook if codebook is not None else Codebook(id="", name="", version="", codes=[])
    )


def pseudonymise_typed(text: str, codebook: Codebook | None, pseudonymiser: Any = None) -> str:
    """``text`` with identifying entities replaced by lettered placeholders; raises KBError when that fails
    (the caller then stores nothing)."""
    if not text or not text.strip():
        return text
    if pseudonymiser is None:
        from .pseudonymisation.pseudonymiser import get_pseudonymiser

        pseudonymiser = get_pseudonymiser()
    from .pseudonymisation.result import PseudonymisationError

    try:
        result = pseudonymiser.pseudonymise(
            [text], protected_terms=protected_for(codebook), with_replacements=True
        )
    except PseudonymisationError as e:
        raise KBError(f"Pseudonimiseren van de tekst mislukte ({e}); er is niets opgeslagen.") from None
    new = result.pieces[0]
    parts, pos = [], 0
    lettered: dict[tuple[str, str], str] = {}
    for a, b, na, nb in result.replacements[0]:
        m = _PLACEHOLDER.fullmatch(new, na, nb)
        if m is None:  # not a placeholder of ours: keep as produced
            continue
        category = m.group(1)
        if category == "DATUM" and not _birth_date(text, a):
            # A date a researcher types is the date of a conversation or a member check, which the audit
            # trail needs; only a date of birth identifies.
            parts += (new[pos:na], text[a:b])
        else:
            per = sum(1 for c, _ in lettered if c == category)
            letter = lettered.setdefault((category, m.group(2)), letters(per + 1))
            parts += (new[pos:na], f"[{category}-{letter}]")
        pos = nb
    parts.append(new[pos:])
    return "".join(parts)


def pseudonymise_all(texts: Sequence[str], codebook: Codebook | None) -> list[str]:
    return [pseudonymise_typed(t, codebook) for t in texts]


class Loader:
    """Loads the process-wide pseudonymiser in a background thread, once."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="kb-pseudonimisering", daemon=True)
                self._thread.start()

    def _load(self) -> None:
        from .pseudonymisation.pseudonymiser import get_pseudonymiser

        try:
            get_pseudonymiser()
        except Exception as e:  # noqa: BLE001 - reported to the user when they save
            self._error = type(e).__name__

    def ready(self) -> bool:
        from .pseudonymisation import pseudonymiser

        return pseudonymiser._shared is not None

    def join(self, timeout: float | None = None) -> None:
        """Wait for a started load to end, without raising (errors are reported when text is saved)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def wait(self, timeout: float | None = None) -> None:
        """Block until loading finished (or ``timeout``); raises KBError when it failed."""
        self.start()
        assert self._thread is not None
        self._thread.join(timeout)
        if self._error is not None:
            raise KBError(
                f"Pseudonimisering kon niet geladen worden ({self._error}); er is niets opgeslagen."
            )
