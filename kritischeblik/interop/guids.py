"""GUIDs in REFI-QDA: stable ones for what we export, and maps that report duplicates in what we import.

Out (:class:`Guids`): uuid5 from a per-project namespace and stable keys (code id, interview id, positions,
coder), so exporting twice gives the same GUIDs and other tools can match a re-import to what they have.

In: elements refer to each other by GUID (a coding to its code and user, a case to its sources, a reference to
a note or a variable). A file may hold two elements with one GUID (exporters have bugs, people edit XML);
GUIDs compare case-insensitively and with or without braces (``norm_guid``), so ``{ABC…}`` and ``abc…`` are
one. Duplicates are reported, never resolved by silently keeping one:

- Two elements with one GUID that mean the same (same name, same content) are taken as one, with a warning.
- Two that differ make every reference to that GUID ambiguous: the references are not carried over, and
  both the duplicate and each reference are listed in the report as not carried over.
- Elements nothing refers to by GUID (text sources, selections, codings, cases) are all imported; the
  duplicate is a warning. A case that refers to a duplicated source GUID is not applied to either.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

from ..store import keys

V = TypeVar("V")


class Guids:
    """Stable GUIDs: uuid5 of a per-project namespace and a key that names the object."""

    def __init__(self, meta: dict[str, str]):
        # The namespace is the project's own non-secret uuid: stable for the project, the same on every
        # machine. Projects from before it existed got, as uuid, the namespace their GUIDs were made in.
        self.ns = uuid.UUID(meta[keys.UUID_META])

    def __call__(self, *key: object) -> str:
        return str(uuid.uuid5(self.ns, "\x1f".join(str(k) for k in key)))


_GUID_RE = re.compile(
    r"^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$"
)


def norm_guid(value: str | None) -> str:
    """GUIDs compare case-insensitively and with or without braces."""
    m = _GUID_RE.match((value or "").strip())
    return m.group(1).lower() if m else (value or "").strip().lower()


class GuidMap(dict[str, V]):
    """GUID → value for one kind of element; a GUID two different elements share resolves to nothing."""

    def __init__(self, kind: str, warnings: list[str], not_carried: list[str]):
        super().__init__()
        self.kind = kind
        self.ambiguous: dict[str, list[str]] = {}
        self._labels: dict[str, str] = {}
        self._warnings = warnings
        self._not_carried = not_carried

    def add(self, guid: str, value: V, label: str) -> None:
        if not guid:
            self._warnings.append(f"{self.kind} '{label}' heeft geen GUID; er kan niet naar verwezen worden")
            return
        if guid in self.ambiguous:
            self.ambiguous[guid].append(label)
            return
        if guid not in self:
            self[guid] = value
            self._labels[guid] = label
            return
        if self[guid] == value:
            self._warnings.append(
                f"{self.kind} '{label}': GUID {guid} komt meer dan eens voor met dezelfde inhoud; als één overgenomen"
            )
            return
        self.ambiguous[guid] = [self._labels.pop(guid), label]
        del self[guid]
        self._not_carried.append(
            f"{self.kind}-GUID {guid} komt meer dan eens voor met verschillende inhoud ('{self.ambiguous[guid][0]}', "
            f"'{label}'); wat ernaar verwijst, wordt niet overgenomen"
        )

    def why_not(self, guid: str) -> str | None:
        """Why a reference to ``guid`` resolves to nothing; None when it resolves."""
        if guid in self:
            return None
        if guid in self.ambiguous:
            return f"{self.kind}-GUID {guid} is dubbel ({', '.join(repr(x) for x in self.ambiguous[guid])})"
        return f"onbekende {self.kind} {guid or '(zonder GUID)'}"


def unique_key(guid: str, taken: dict[str, object]) -> str:
    """A key for an element that is imported even when its GUID is shared or missing."""
    if guid and guid not in taken:
        return guid
    n = 2
    while f"{guid}#{n}" in taken:
        n += 1
    return f"{guid}#{n}"


def warn_repeated(kind: str, guids: Iterable[str], warnings: list[str]) -> None:
    """Elements nothing refers to by GUID: all are imported, a repeated GUID is worth a warning."""
    for guid, n in sorted(Counter(g for g in guids if g).items()):
        if n > 1:
            warnings.append(f"{kind}-GUID {guid} komt {n} keer voor; alle {n} zijn overgenomen")
