"""Domain types shared by ingest, store, analysis and the user interfaces.

Plain dataclasses: they carry data between layers and know nothing of SQL, the CLI or the TUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .errors import ScoreError
from .wording import plural

OMGEVINGEN = ("wijk", "school", "huishouden", "other")

STRUCTURAL_KEYS = (
    "id",
    "omgeving",
    "datum",
    "gemeente",
    "golf",
    "bijeenkomst",
    "wijk",
    "huishouden",
    "schooltype",
    "leerjaar",
    "opname",
    "ronde",
    "fase",
    "taal",
)
"""Front-matter keys kept as written by default (docs/privacy.md): they structure a study (groups to compare)
and name no one. Every other value is pseudonymised; a project changes the list with ``kb instellingen
structuur``. ``id`` and ``omgeving`` are always kept."""
ALWAYS_STRUCTURAL = ("id", "omgeving")

AGREEMENT_UNITS = ("segment", "interview")
"""Units over which coder agreement is computed (docs/agreement.md)."""


class BasisLayer(StrEnum):
    """Which coding layer a count, theme list, summary or export rests on (its basis). ``AUTO`` is only ever
    asked for: it resolves to the coder's layer, else the consensus, else all coders, else the machine's."""

    AUTO = "auto"
    CODEUR = "codeur"
    CONSENSUS = "consensus"
    CODEURS = "codeurs"
    SUGGESTIES = "suggesties"
    GEMENGD = "gemengd"
    """coders' decisions topped up with unreviewed machine suggestions (a session's themes)"""


BASES = (BasisLayer.AUTO, BasisLayer.CODEUR, BasisLayer.CONSENSUS, BasisLayer.CODEURS, BasisLayer.SUGGESTIES)
"""The bases a user can ask for."""


BASIS_LABELS = {
    BasisLayer.CONSENSUS: "consensus van de codeurs",
    BasisLayer.CODEURS: "beslissingen van alle codeurs samen",
    BasisLayer.SUGGESTIES: "niet-beoordeelde machinesuggesties",
    BasisLayer.GEMENGD: "beslissingen van codeurs, aangevuld met niet-beoordeelde machinesuggesties",
    "-": "voorstellen van respondenten voor nieuwe principes",
}
"""How each coding layer (a resolved basis) is named to a researcher; ``codeur`` names the coder."""
UNREVIEWED_BASES = (BasisLayer.SUGGESTIES, BasisLayer.GEMENGD)
"""Bases that rest (partly) on machine suggestions nobody has reviewed."""


@dataclass(frozen=True)
class Basis:
    """What a count, theme list, summary, export or session rests on, and how much of the project it covers.

    ``layer`` is a resolved basis (``codeur``, ``consensus``, ``codeurs``, ``suggesties``; ``gemengd`` for
    session themes that mix decisions and unreviewed suggestions; ``-`` for new-principle suggestions).
    ``coded`` of ``total`` interviews: for a coders' layer those with at least one decision (accepted or
    rejected) in it; for machine suggestions those with at least one suggestion; for ``-`` those with a
    proposal. ``requested`` is what the user asked for (``auto`` lets the tool choose); ``now`` is set
    when stored work (a theme set) rests on another layer than ``auto`` would choose today."""

    layer: str
    coder: str | None
    coded: int
    total: int
    requested: str = "auto"
    now: str | None = None
    scoped: bool = False
    """``auto`` chose the layer for some codes only (a kind, the principles), not for the whole project"""

    @property
    def unreviewed(self) -> bool:
        return self.layer in UNREVIEWED_BASES

    @property
    def label(self) -> str:
        if self.layer == "codeur":
            return f"beslissingen van codeur {self.coder}"
        return BASIS_LABELS.get(self.layer, self.layer)

    @property
    def coverage(self) -> str:
        if self.layer == "suggesties":
            return f"{self.coded} van {plural(self.total, 'interview', 'interviews')} met suggesties, niet beoordeeld"
        if self.layer == "-":
            return f"{self.coded} van {plural(self.total, 'interview', 'interviews')} met een voorstel"
        return f"{self.coded} van {plural(self.total, 'interview', 'interviews')} gecodeerd"

    @property
    def reason(self) -> str:
        """Why ``auto`` chose this layer when it is not the first choice (consensus); empty otherwise."""
        if self.requested != "auto":
            return ""
        about = " over deze codes" if self.scoped else ""
        if self.layer == "codeurs":
            return f"automatisch gekozen: er is nog geen consensus{about}"
        if self.layer == "suggesties":
            return f"automatisch gekozen: nog geen beslissingen van codeurs{about}"
        return ""

    @property
    def change(self) -> str:
        """What changed since the work was done (``now``), in words; empty when nothing did."""
        if self.now is None or self.now == self.layer:
            return ""
        return f"let op: dit kan inmiddels rusten op {BASIS_LABELS.get(self.now, self.now)}; cluster opnieuw"

    @property
    def warning(self) -> str:
        """The warning for work on unreviewed suggestions (empty otherwise)."""
        if not self.unreviewed:
            return ""
        return (
            "Let op: dit rust (deels) op machinesuggesties die nog geen codeur heeft beoordeeld; "
            "bespreek het als voorlopig."
        )

    def switched_from(self, previous: Basis | None) -> str:
        """A warning when new work (re-clustered themes) rests on other ground than the work it replaces."""
        if previous is None or (previous.layer, previous.coder) == (self.layer, self.coder):
            return ""
        return f"Let op: de vorige thema's rustten op {previous.label}; de nieuwe rusten op {self.label}."

    def text(self) -> str:
        """One line every shell prints: 'gebaseerd op: …; N van M interviews gecodeerd (reason)'."""
        notes = "; ".join(n for n in (self.reason, self.change) if n)
        return f"gebaseerd op: {self.label}; {self.coverage}" + (f" ({notes})" if notes else "")

    def as_dict(self) -> dict[str, Any]:
        """For JSON output and storage (theme-set parameters, sessions)."""
        return {
            "basis": self.layer,
            "codeur": self.coder,
            "interviews_gecodeerd": self.coded,
            "interviews_totaal": self.total,
            "gevraagd": self.requested,
            "alleen_deze_codes": self.scoped,
            "tekst": self.text(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Basis:
        return cls(
            str(d.get("basis", "")),
            d.get("codeur"),
            int(d.get("interviews_gecodeerd", 0)),
            int(d.get("interviews_totaal", 0)),
            str(d.get("gevraagd", "auto")),
            scoped=bool(d.get("alleen_deze_codes", False)),
        )


class Example(StrEnum):
    """The two stories every Kritische Blik interview holds."""

    MOOI = "mooi voorbeeld"
    VASTLOOP = "vastloopmoment"

    @classmethod
    def parse(cls, value: str) -> Example | None:
        v = " ".join(value.strip().lower().replace("_", " ").split())
        aliases = {
            "mooi voorbeeld": cls.MOOI,
            "mooi": cls.MOOI,
            "goed voorbeeld": cls.MOOI,
            "vastloopmoment": cls.VASTLOOP,
            "vastloop": cls.VASTLOOP,
            "vastloop moment": cls.VASTLOOP,
        }
        return aliases.get(v)


AUTO = "auto"
"""The reserved coder layer of machine suggestions (status ``suggested``)."""
CONSENSUS = "consensus"
"""The reserved coder layer of the duo's agreed coding."""
HANDMATIG = "handmatig"
"""Source of a coding a coder added by hand."""


class Status(StrEnum):
    """Status of a coding: machine suggestions are ``suggested``; a coder's decision accepts or rejects."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Action(StrEnum):
    """What a coder does with a (suggested) coding; each lands in the coding history."""

    ACCEPT = "accept"
    REJECT = "reject"
    ADD = "add"
    REMOVE = "remove"

    @classmethod
    def restoring(cls, status: str) -> Action:
        """The decision that brings a coding back to ``status`` (accepted or rejected)."""
        return cls.REJECT if status == Status.REJECTED else cls.ACCEPT


class SegmentState(StrEnum):
    """Member-check state of a fragment: withdrawn text never appears in any export."""

    ACTIEF = "actief"
    VERTROUWELIJK = "vertrouwelijk"
    INGETROKKEN = "ingetrokken"


class Role(StrEnum):
    """A person's role in a project (issue 15): what they may write. Stored and typed in Dutch."""

    CODEUR = "codeur"
    """writes their own coding layer, their own scores and the sessions they lead"""
    LEZER = "lezer"
    """the committee: reads themes, tallies and minutes, writes nothing"""
    BEHEERDER = "beheerder"
    """ingest, codebook, consensus, roles, settings, themes; also codes in their own layer"""


class UnpseudonymisedReason(StrEnum):
    """Why an interview holds text stored without pseudonymisation (the user opted out); each shell words it."""

    IMPORTED = "geimporteerd"
    """the interview was imported from REFI-QDA without pseudonymisation"""
    INGESTED = "ingelezen"
    """the transcript was ingested without pseudonymisation"""
    FORM = "formulier"
    """a form's free-text suggestion was read without pseudonymisation"""


class ThemeStatus(StrEnum):
    """Status of a theme in a theme set (researchers' edits)."""

    ACTIEF = "actief"
    SAMENGEVOEGD = "samengevoegd"
    GESPLITST = "gesplitst"
    TERZIJDE = "terzijde"


class SessionThemeStatus(StrEnum):
    """Status of a theme during a duidingssessie."""

    OPEN = "open"
    BEVESTIGD = "bevestigd"
    SAMENGEVOEGD = "samengevoegd"
    TERZIJDE = "terzijde"


@dataclass(frozen=True, slots=True)  # slots: half a million of them at 1,000 interviews
class Suggestion:
    """A machine suggestion for the ``auto`` layer: made by analysis, stored by the store."""

    segment_id: int
    code_id: str
    confidence: float
    evidence: str
    source: str = "regel"


@dataclass(frozen=True)
class ScoreScale:
    """The codebook's score scale: the one rule every score obeys, wherever it comes in."""

    low: int = 1
    high: int = 5

    def check(self, value: object) -> int:
        """``value`` as a score: a whole number from ``low`` to ``high``.

        Accepts an int, a float without fraction (a spreadsheet cell) and text of a whole number; anything
        else raises :class:`ScoreError` with a Dutch message (callers add the file, line or field).
        """
        if isinstance(value, bool):
            raise ScoreError(self._not_whole(value))
        if isinstance(value, str):
            text = value.strip()
            try:
                number: int | float = int(text)
            except ValueError:
                raise ScoreError(self._not_whole(text)) from None
        elif isinstance(value, int | float):
            number = value
        else:
            raise ScoreError(self._not_whole(value))
        if isinstance(number, float):
            if number != number or number != int(number):  # NaN, or a fraction such as 5.5
                raise ScoreError(self._not_whole(value))
            number = int(number)
        if not self.low <= number <= self.high:
            raise ScoreError(f"score {number} valt buiten de schaal {self.low}–{self.high}")
        return number

    def _not_whole(self, value: object) -> str:
        return f"'{value}' is geen score: het is geen geheel getal van {self.low} tot {self.high}"


@dataclass
class Turn:
    speaker: str
    """Pseudonymised speaker label (Interviewer 1, Respondent, ...)."""
    role: str
    """interviewer | respondent | onbekend"""
    section: str
    """mooi voorbeeld | vastloopmoment | inleiding | any other section slug"""
    start: int
    end: int
    line: int = 0


@dataclass
class Score:
    example: Example
    code_id: str
    score: int
    line: int = 0


@dataclass
class Transcript:
    """A parsed (and, once through the pipeline, pseudonymised) interview, ready for the store."""

    id: str
    omgeving: str
    duo: list[str]
    respondent_rol: str
    organisatie: str
    datum: str
    attributes: dict[str, Any]
    text: str
    turns: list[Turn]
    scores: list[Score] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)
    """code ids of the principles the respondent wants to work on"""
    suggestions: list[str] = field(default_factory=list)
    source_name: str = ""
    content_hash: str = ""
    pseudonymised: bool = True
    warnings: list[str] = field(default_factory=list)


@dataclass
class Code:
    id: str
    name: str
    kind: str
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    keywords: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    color: str | None = None
    line: int = 0
    examples: tuple[str, ...] = ()
    """3–8 short fragments as a respondent would say them: prototypes to compare transcript segments with"""


@dataclass
class Codebook:
    id: str
    name: str
    version: str
    codes: list[Code]
    scale_min: int = 1
    scale_max: int = 5
    description: str = ""
    language: str = "nl"
    kinds: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def score_scale(self) -> ScoreScale:
        return ScoreScale(self.scale_min, self.scale_max)

    def by_id(self) -> dict[str, Code]:
        return {c.id: c for c in self.codes}

    def principles(self) -> list[Code]:
        return [c for c in self.codes if c.kind == "leidend_principe"]

    def resolve_principle(self, name: str) -> Code | None:
        """Find a leidend principe by id, name or alias, ignoring case and spacing."""
        key = _norm(name)
        for c in self.principles():
            if key in {_norm(c.id), _norm(c.name), *(_norm(a) for a in c.aliases)}:
                return c
        return None

    def protected_terms(self) -> list[str]:
        """Names and aliases that pseudonymisation must never touch."""
        terms: list[str] = []
        for c in self.codes:
            terms.append(c.name)
            terms.extend(c.aliases)
        return terms


def _norm(s: str) -> str:
    return " ".join(s.strip().lower().replace("’", "'").split())
