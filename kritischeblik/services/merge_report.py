"""The merge report: what each source brought, what it did not and why, in Dutch, for the terminal or a
Markdown file. It names interviews by id, researchers by pseudonym and coders by name; never a person's name
from a transcript, and no interview text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..store.location import DatabaseUrl
from ..wording import plural


@dataclass(frozen=True)
class Conflict:
    subject: str
    """what it is about (interview id, code id, codeboek id), no text"""
    problem: str
    action: str
    """what the user can do about it"""


@dataclass
class SourceReport:
    source: Path | DatabaseUrl
    added: list[str] = field(default_factory=list)
    """interviews added"""
    matched: list[str] = field(default_factory=list)
    """interviews already in the target (same id and content)"""
    conflicting: list[str] = field(default_factory=list)
    """interviews not carried over: another version (or another id for the same transcript) in the target"""
    counts: Counter = field(default_factory=Counter)
    """rows carried over, by kind (see COUNT_LABELS)"""
    unknown_codes: Counter = field(default_factory=Counter)
    """code id -> codings and scores not carried over because the target lacks the code"""
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dropped: int = 0
    """fragments left out of carried themes and sessions (their interview did not come over)"""

    @property
    def changed(self) -> bool:
        return bool(self.added) or any(self.counts.values())

    def as_dict(self) -> dict:
        return {
            "bron": str(self.source),
            "toegevoegd": self.added,
            "al_aanwezig": self.matched,
            "conflict": self.conflicting,
            "overgenomen": {key: self.counts[key] for key, _, _ in COUNT_LABELS},
            "ontbrekende_codes": dict(self.unknown_codes),
            "weggelaten_fragmenten": self.dropped,
            "conflicten": [
                {"wat": c.subject, "probleem": c.problem, "actie": c.action} for c in self.conflicts
            ],
            "let_op": self.notes,
        }


COUNT_LABELS = (
    ("codings", "codering", "coderingen"),
    ("memos", "memo", "memo's"),
    ("coding_events", "regel beslisgeschiedenis", "regels beslisgeschiedenis"),
    ("interview_scores", "score van het interview", "scores van interviews"),
    ("coder_scores", "codeursscore", "codeursscores"),
    ("score_events", "regel scoregeschiedenis", "regels scoregeschiedenis"),
    ("member_checks", "membercheck (fragmentstatus)", "memberchecks (fragmentstatus)"),
    ("segment_events", "regel membercheckgeschiedenis", "regels membercheckgeschiedenis"),
    ("theme_sets", "themaset", "themasets"),
    ("themes", "thema", "thema's"),
    ("sessions", "duidingssessie", "duidingssessies"),
    ("contributions", "bijdrage aan een sessie", "bijdragen aan sessies"),
    ("coders", "nieuwe codeur", "nieuwe codeurs"),
    ("researchers", "nieuw onderzoekerspseudoniem", "nieuwe onderzoekerspseudoniemen"),
    ("codebooks", "codeboek", "codeboeken"),
)


@dataclass
class MergeReport:
    target: Path | DatabaseUrl
    dry_run: bool
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.changed for s in self.sources)

    def as_dict(self) -> dict:
        return {
            "doel": str(self.target),
            "proef": self.dry_run,
            "bronnen": [s.as_dict() for s in self.sources],
        }


def _source_lines(r: SourceReport) -> list[str]:
    lines = [
        f"- interviews toegevoegd: {len(r.added)}" + (f" ({', '.join(r.added)})" if r.added else ""),
        f"- interviews al aanwezig (zelfde id en inhoud): {len(r.matched)}",
        f"- interviews met een conflict, niet overgenomen: {len(r.conflicting)}"
        + (f" ({', '.join(r.conflicting)})" if r.conflicting else ""),
    ]
    carried = [plural(r.counts[key], one, many) for key, one, many in COUNT_LABELS if r.counts[key]]
    lines.append("- overgenomen: " + (", ".join(carried) if carried else "niets nieuws"))
    if r.unknown_codes:
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(r.unknown_codes.items()))
        lines.append(
            f"- niet overgenomen, code ontbreekt in het doel: {listed}. Ze blijven in de bron; laad het codeboek "
            "met deze codes in het doel en voeg opnieuw samen."
        )
    if r.dropped:
        lines.append(
            f"- {plural(r.dropped, 'fragment', 'fragmenten')} uit overgenomen thema's en sessies weggelaten: het "
            "interview kwam niet over (conflict)."
        )
    lines += [f"- let op: {note}" for note in r.notes]
    return lines


def _conflict_lines(r: SourceReport) -> list[str]:
    return [f"- {c.subject}: {c.problem} Wat te doen: {c.action}" for c in r.conflicts]


def render(report: MergeReport, markdown: bool = False) -> str:
    """The report as text; ``markdown`` gives headings for a file."""
    head = "Proef: er is niets geschreven." if report.dry_run else "Samengevoegd in één transactie."
    out = [
        f"# Samenvoegverslag {report.target.name}" if markdown else f"Samenvoegen in {report.target}",
        "",
        head,
    ]
    for r in report.sources:
        out += ["", f"## Bron {r.source.name}" if markdown else f"Bron {r.source}:"]
        out += _source_lines(r)
        if r.conflicts:
            out += ["", "### Conflicten" if markdown else f"Conflicten ({len(r.conflicts)}):"]
            out += _conflict_lines(r)
    if not report.changed:
        out += ["", "Het doel bevatte alles al; er is niets toegevoegd."]
    return "\n".join(out) + "\n"
