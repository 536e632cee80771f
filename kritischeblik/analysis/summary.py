"""A one-page summary in plain language (taalniveau B1) next to the full report: counts with a story.

Pure: tables in, text out. Programme staff and residents read this page; researchers read the workbook. B1
means short sentences, everyday words and numbers as "in 9 van de 26 gesprekken". Every count here comes
from the same tables as the full report, and every quote is a stored (pseudonymised) fragment with its
interview named, so the page can always be traced back to the stories it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..model import Basis, BasisLayer, Status
from ..wording import plural

TOP = 3
QUOTE_MAX_CHARS = 180
WERKEND, BELEMMEREND = "werkend_element", "belemmerend_element"
MACHINE_BASIS = BasisLayer.SUGGESTIES


@dataclass(frozen=True)
class Finding:
    """One code with the interviews it was found in and a short quote."""

    code_id: str
    name: str
    interviews: int
    quote: str | None = None
    quote_from: str | None = None  # "wijk-03, respondent"


@dataclass
class Summary:
    title: str
    interviews: int
    per_omgeving: dict[str, int]
    werkend: list[Finding] = field(default_factory=list)
    belemmerend: list[Finding] = field(default_factory=list)
    mean_mooi: float | None = None
    mean_vast: float | None = None
    lowest_vast: tuple[str, float] | None = None
    scale: tuple[int, int] = (1, 5)
    choices: list[tuple[str, int]] = field(default_factory=list)
    suggestions: int = 0
    suggestion_themes: list[tuple[str, int]] = field(default_factory=list)
    basis: str = ""
    basis_info: Basis | None = None
    """what the counts rest on, with the interviews it covers (``ProjectFrames.coded``'s attrs)"""


def _quote(segments: pd.DataFrame, coded: pd.DataFrame) -> tuple[str | None, str | None]:
    """A respondent's fragment that says the most about the code: the machine's most confident one when
    it made suggestions, then the one nearest a comfortable length (about 100 characters)."""
    confidence = coded.groupby("segment_id")["confidence"].max() if "confidence" in coded else pd.Series()
    cand = segments[segments["segment_id"].isin(set(coded["segment_id"]))]
    if "role" in cand:
        respondents = cand[cand["role"] == "respondent"]
        cand = respondents if len(respondents) else cand
    n = cand["text"].str.len()
    cand = cand.assign(
        fit=(n - 100).abs(), conf=cand["segment_id"].map(confidence).fillna(0.0) if len(confidence) else 0.0
    )[(n >= 40) & (n <= QUOTE_MAX_CHARS)]
    if not len(cand):
        return None, None
    row = cand.sort_values(["conf", "fit", "segment_id"], ascending=[False, True, True]).iloc[0]
    role = "respondent" if row.get("role") == "respondent" else "interviewer"
    return " ".join(str(row["text"]).split()), f"{row['interview_id']}, {role}"


def findings(coded: pd.DataFrame, segments: pd.DataFrame, kind: str, top: int = TOP) -> list[Finding]:
    """The ``top`` codes of one kind found in the most interviews (ties by name), each with a quote taken
    only from ``segments`` (so withdrawn, confidential or unpseudonymised text can be left out there)."""
    of_kind = coded[(coded["code_kind"] == kind) & (coded["status"] != str(Status.REJECTED))]
    if not len(of_kind):
        return []
    counts = (
        of_kind.groupby(["code_id", "code_name"])["interview_id"]
        .nunique()
        .reset_index(name="n")
        .sort_values(["n", "code_name"], ascending=[False, True])
        .head(top)
    )
    out = []
    for r in counts.itertuples():
        quote, source = _quote(segments, of_kind[of_kind["code_id"] == r.code_id])
        out.append(Finding(r.code_id, r.code_name, int(r.n), quote, source))
    return out


def build_summary(
    title: str,
    interviews: pd.DataFrame,
    coded: pd.DataFrame,
    segments: pd.DataFrame,
    scores: pd.DataFrame,
    choices: pd.DataFrame,
    suggestions: pd.DataFrame,
    suggestion_themes: pd.DataFrame,
    scale: tuple[int, int],
) -> Summary:
    """Everything the page says, as numbers and quotes (rendering is separate: :func:`render_markdown`)."""
    per = interviews["omgeving"].value_counts()
    summary = Summary(title, len(interviews), {str(k): int(v) for k, v in sorted(per.items())}, scale=scale)
    summary.basis = str(coded.attrs.get("basis", ""))
    summary.basis_info = coded.attrs.get("basis_info")
    summary.werkend = findings(coded, segments, WERKEND)
    summary.belemmerend = findings(coded, segments, BELEMMEREND)
    if len(scores):
        by_example = scores.groupby("example")["score"].mean()
        summary.mean_mooi = _maybe(by_example.get("mooi voorbeeld"))
        summary.mean_vast = _maybe(by_example.get("vastloopmoment"))
        vast = scores[scores["example"] == "vastloopmoment"]
        if len(vast):
            low = vast.groupby("principle")["score"].mean().sort_values(kind="stable")
            summary.lowest_vast = (str(low.index[0]), float(low.iloc[0]))
    if len(choices):
        named = choices[choices["aantal"] > 0]
        summary.choices = [(str(r.principe), int(r.aantal)) for r in named.head(TOP).itertuples()]
    summary.suggestions = len(suggestions)
    if len(suggestion_themes):
        themes = suggestion_themes.sort_values(["omvang", "label"], ascending=[False, True]).head(TOP)
        summary.suggestion_themes = [(str(r.label), int(r.omvang)) for r in themes.itertuples()]
    return summary


def _maybe(v: object) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def _num(v: float) -> str:
    return f"{v:.1f}".replace(".", ",")


def _finding_lines(items: list[Finding], total: int, none: str) -> list[str]:
    if not items:
        return [none]
    lines = []
    for f in items:
        lines.append(
            f"- **{f.name}**. Dit zagen we in {f.interviews} van de {plural(total, 'gesprek', 'gesprekken')}."
        )
        if f.quote:
            lines.append(f'  > "{f.quote}" ({f.quote_from})')
    return lines


def render_markdown(s: Summary) -> str:
    """The page itself: short sentences, plain words, numbers with what they are out of."""
    omgevingen = ", ".join(f"{n} in de omgeving {o}" for o, n in s.per_omgeving.items())
    lines = [
        f"# {s.title}: de belangrijkste uitkomsten",
        "",
        "*Samenvatting op één pagina, in gewone taal.*",
        "",
    ]
    did = (
        f"We voerden {plural(s.interviews, 'gesprek', 'gesprekken')}: {omgevingen}. "
        if s.interviews
        else "Er zijn nog geen gesprekken. "
    )
    lines += [
        "## Wat hebben we gedaan?",
        "",
        did + "In elk gesprek vragen we naar een mooi voorbeeld van samenwerking. "
        "We vragen ook naar een moment waarop de samenwerking vastliep.",
        "",
    ]
    lines += ["## Wat gaat goed?", ""]
    lines += _finding_lines(s.werkend, s.interviews, "We vonden nog geen werkende elementen.")
    lines += ["", "## Wat loopt vast?", ""]
    lines += _finding_lines(s.belemmerend, s.interviews, "We vonden nog geen belemmerende elementen.")
    lines += ["", "## Hoe scoren de leidende principes?", ""]
    lo, hi = s.scale
    if s.mean_mooi is not None and s.mean_vast is not None:
        lines.append(
            f"Mensen gaven elk principe een cijfer van {lo} tot {hi}. "
            f"Bij de mooie voorbeelden was dat gemiddeld {_num(s.mean_mooi)}. "
            f"Bij de vastloopmomenten was het gemiddeld {_num(s.mean_vast)}."
        )
        if s.lowest_vast:
            lines.append(
                f"Bij vastlopen scoorde **{s.lowest_vast[0]}** het laagst: {_num(s.lowest_vast[1])}."
            )
    else:
        lines.append("Er zijn nog geen scores ingevoerd.")
    lines += ["", "## Waar willen mensen mee aan de slag?", ""]
    if s.choices:
        lines += [f"- **{name}**: {n} keer genoemd." for name, n in s.choices]
        lines += ["", "Mensen mochten meer dan één principe noemen."]
    else:
        lines.append("Hier zijn nog geen antwoorden op.")
    lines += ["", "## Nieuwe principes", ""]
    if s.suggestions:
        lines.append(
            f"Mensen deden {plural(s.suggestions, 'voorstel', 'voorstellen')} voor een nieuw principe."
        )
        if s.suggestion_themes:
            lines += ["De meeste voorstellen gaan over:", ""]
            lines += [
                f"- {label} ({plural(n, 'voorstel', 'voorstellen')})" for label, n in s.suggestion_themes
            ]
    else:
        lines.append("Er zijn nog geen voorstellen.")
    lines += [
        "",
        "## Hoe lees je dit?",
        "",
        "De getallen zeggen hoe vaak iets voorkwam. Ze zeggen niet hoe belangrijk het is. "
        "Lees daarom ook de verhalen. Die staan in het volledige rapport. "
        "Namen zijn vervangen door codes, zoals [PERSOON-1].",
    ]
    lines.append("")
    if s.basis == MACHINE_BASIS:
        lines.append(
            "**Let op:** de computer heeft deze fragmenten voorgesteld. "
            "Een onderzoeker heeft ze nog niet gecontroleerd."
        )
    elif s.basis:
        lines.append(f"De tellingen komen uit de codering van: {s.basis}.")
    if s.basis_info is not None:
        said = s.basis_info.text()
        lines += ["", f"{said[0].upper()}{said[1:]}."]
    return "\n".join(lines) + "\n"
