"""Privacy on the labelled corpus (corpora/privacy/): no name from the front matter survives anywhere, and the
measuring stick itself (bench/privacy_scoring.py) scores what it should.

The end-to-end test ingests corpora/privacy/test through the real CLI (init, ingest, code auto, every export,
a session's minutes) and looks for every identifying part of every ``naam_bekend`` mention (a person named in
the front matter) in the database dump, in every member of the xlsx and qdpx archives, in the csv files, the
Markdown exports and everything the commands printed or logged: whole word, case-insensitive (see
``_front_matter_name_checks`` for names the corpus also uses as ordinary words), after removing format
characters (soft hyphen, zero-width, bidi controls), so that a name split by one of those is found too.
These tests fail until detection meets issue 11; that is what they are for.
"""

from __future__ import annotations

import html
import logging
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from test_privacy import _Capture, _ListHandler, _make_session, _run

from bench.privacy_labelled import summarise
from bench.privacy_scoring import (
    CATEGORIES,
    Label,
    decode_escapes,
    labelled_files,
    locate,
    normalise,
    replaced_spans,
    score_transcript,
    speaker_spans,
    validate,
)
from kritischeblik.codebook import shipped_codebooks

CORPUS = ROOT / "corpora" / "privacy"
TEST_SET = CORPUS / "test"


def _front_matter_name_parts() -> list[str]:
    parts = {
        normalise(p)
        for _, lf in labelled_files(TEST_SET)
        for lab in lf.labels
        if lab.category == "naam_bekend"
        for p in lab.identifying
    }
    return sorted(parts, key=str.lower)


def _word(part: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(part)}(?!\w)", flags)


def _front_matter_name_checks() -> tuple[list[tuple[str, re.Pattern[str]]], list[str]]:
    """(name, pattern) for every front-matter name part, and the parts that cannot be checked.

    A part is looked for case-insensitively, unless the test set itself also uses it where it need not be
    replaced: as an ordinary word ("kok" as a job beside a Mrs Kok) or as another person's name in another
    transcript (a naam_overig, which may be missed now and then). Then only its written forms that never
    occur that way are looked for, case-sensitively; a part with no such form is left out.
    """
    # The codebooks are stored in the project too; a name part that is also a codebook word ("jong") is an
    # ordinary word there.
    texts = [(normalise(cb.read_text(encoding="utf-8")), [], []) for cb in shipped_codebooks().values()]
    for md, lf in labelled_files(TEST_SET):
        text = normalise(md.read_text(encoding="utf-8"))
        texts.append((text, locate(text, lf.labels), speaker_spans(text)))
    forms: dict[str, set[str]] = {}
    for part in _front_matter_name_parts():
        forms.setdefault(part.lower(), set()).add(part)
    checks, skipped = [], []
    for key, written in sorted(forms.items()):
        ordinary = set()
        for text, found, speakers in texts:
            for m in _word(key, re.IGNORECASE).finditer(text):
                if any(s <= m.start() and m.end() <= e for s, e in speakers):
                    continue
                cats = {lab.category for a, b, lab in found if a <= m.start() and m.end() <= b}
                if cats <= {"naam_overig"}:
                    ordinary.add(m.group(0))
        if not ordinary:
            checks.append((key, _word(key, re.IGNORECASE)))
        elif written - ordinary:
            checks.extend((w, _word(w)) for w in sorted(written - ordinary))
        else:
            skipped.append(key)
    return checks, skipped


def _readable(raw: bytes) -> str:
    """Text as a reader would find it: XML entities and JSON escapes decoded, format characters removed."""
    text = raw.decode("utf-8", errors="replace")
    return normalise(decode_escapes(html.unescape(text)))


def _archive(path: Path, label: str, texts: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.filename.startswith("xl/theme/"):
                continue  # openpyxl's fixed Office theme (font names such as "Mangal"), no project data
            texts[f"{label}:{info.filename}"] = _readable(zf.read(info))


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory, pseudonymiser) -> dict[str, str]:
    """Every text a user, an export or a log could show after ingesting the labelled test set."""
    tmp = tmp_path_factory.mktemp("privacy-labelled")
    project = tmp / "labelled.kb"
    files = [md for md, _ in labelled_files(TEST_SET)]
    capsys = _Capture()
    logs: list[str] = []
    handler = _ListHandler()
    logging.getLogger().addHandler(handler)
    texts: dict[str, str] = {}
    try:
        with capsys:
            assert _run(capsys, logs, "init", "-p", project)[0] == 0
            code, out = _run(capsys, logs, "ingest", "-p", project, *files)
            assert code == 0, out
            _run(capsys, logs, "code", "auto", "-p", project)
            _make_session(project)
            exports = {
                "xlsx": ("xlsx", tmp / "set.xlsx"),
                "qdpx": ("qdpx", tmp / "set.qdpx"),
                "csv": ("csv", tmp / "csv"),
                "samenvatting": ("samenvatting", tmp / "samenvatting.md"),
            }
            for label, (kind, target) in exports.items():
                if _run(capsys, logs, "export", kind, "-p", project, target)[0] != 0:
                    continue
                if label in {"xlsx", "qdpx"}:
                    _archive(target, label, texts)
                elif target.is_dir():
                    for f in sorted(target.rglob("*")):
                        if f.is_file():
                            texts[f"csv:{f.name}"] = _readable(f.read_bytes())
                else:
                    texts[label] = _readable(target.read_bytes())
            if _run(capsys, logs, "session", "export", "-p", project, "1", tmp / "verslag.md")[0] == 0:
                texts["sessieverslag"] = _readable((tmp / "verslag.md").read_bytes())
            for command in (["status"], ["tally"], ["interviews", "list"], ["code", "list"]):
                _run(capsys, logs, *command, "-p", project)
    finally:
        logging.getLogger().removeHandler(handler)
    con, mem = sqlite3.connect(project), sqlite3.connect(":memory:")
    try:
        con.backup(mem)
        # Lemmas are derived from the stored text, which is checked itself; they turn an ordinary "jonge" into
        # "jong", a surname part elsewhere in the set.
        mem.execute("UPDATE segments SET lemmas = ''")
        texts["opslag"] = normalise(decode_escapes("\n".join(mem.iterdump())))
    finally:
        con.close()
        mem.close()
    texts["logs"] = normalise("\n".join(logs + handler.lines))
    return texts


@pytest.mark.slow
def test_every_export_was_checked(artefacts):
    assert any(k.startswith("xlsx:xl/") for k in artefacts), "kb export xlsx leverde niets op"
    assert any(k.startswith("qdpx:sources/") for k in artefacts), "kb export qdpx bevat geen bronnen"
    assert any(k.startswith("csv:") for k in artefacts), "kb export csv leverde niets op"
    assert "samenvatting" in artefacts, "kb export samenvatting leverde niets op"
    assert "sessieverslag" in artefacts, "kb session export leverde niets op"


@pytest.mark.slow
def test_no_front_matter_name_survives_anywhere(artefacts):
    checks, skipped = _front_matter_name_checks()
    assert len(checks) > 50 and len(skipped) <= len(checks) // 10, skipped
    leaks: dict[str, list[str]] = {}
    for name, rx in checks:
        where = [label for label, text in artefacts.items() if rx.search(text)]
        if where:
            leaks[name] = where
    assert leaks == {}, "namen uit de front matter gevonden: " + "; ".join(
        f"{p} in {', '.join(w[:4])}{' …' if len(w) > 4 else ''}" for p, w in sorted(leaks.items())
    )


# -- the labelled corpus itself ----------------------------------------------------------------------------------


def test_labelled_corpus_is_valid():
    """Labels occur in their transcript, parts lie inside their text, BSNs pass the elfproef, IBANs mod 97,
    plates a Dutch sidecode, keep-words occur; and the test set is big and varied enough to report on."""
    problems = []
    counts: dict[str, int] = {}
    for folder in (CORPUS / "test", CORPUS / "dev"):
        for md, lf in labelled_files(folder):
            problems.extend(validate(md, lf))
            if folder.name != "test":
                continue
            text = normalise(md.read_text(encoding="utf-8"))
            speakers = speaker_spans(text)
            found = [
                lab
                for a, b, lab in locate(text, lf.labels)
                if not any(s <= a and b <= e for s, e in speakers)
            ]
            assert len(found) >= 20, f"{md.name}: maar {len(found)} gelabelde vermeldingen"
            for lab in found:
                counts[lab.category] = counts.get(lab.category, 0) + 1
    assert problems == []
    assert set(counts) == set(CATEGORIES), f"ontbrekende categorieën: {set(CATEGORIES) - set(counts)}"
    assert sum(counts.values()) >= 200


def test_front_matter_names_are_not_codebook_words():
    """Codebook text ends up in the exports (qdpx codebook, xlsx codes sheet): a front-matter name that is also
    a codebook word would make the end-to-end test fail for the wrong reason."""
    codebooks = "\n".join(p.read_text(encoding="utf-8") for p in shipped_codebooks().values())
    checks, _ = _front_matter_name_checks()
    assert [name for name, rx in checks if rx.search(codebooks)] == []


# -- the scoring ------------------------------------------------------------------------------------------------

FILE = """---
id: x
omgeving: wijk
duo: [Anna Zwaneveld, Bert Kroon]
respondent: Cor Dijkema
contactpersoon: Dieuwke Haring
---

## Mooi voorbeeld

Anna Zwaneveld: Cor, vertel.
Cor Dijkema: Ik belde meneer Kroe\u00adze op 06-12345678, via de gemeente.
"""
LABELS = [
    Label("Anna Zwaneveld", "naam_bekend", ("Anna", "Zwaneveld")),
    Label("Cor Dijkema", "naam_bekend", ("Cor", "Dijkema")),
    Label("Dieuwke Haring", "naam_bekend", ("Dieuwke", "Haring")),
    Label("Cor", "naam_bekend", ("Cor",)),
    Label("meneer Kroe\u00adze", "naam_overig", ("Kroe\u00adze",)),
    Label("06-12345678", "telefoon", ("06-12345678",)),
]


def test_scoring_counts_caught_leaked_and_false_positive():
    # The pseudonymiser saw the turns without the soft hyphen (ingest may strip it): still located.
    pairs = [
        ("Cor, vertel.", "[PERSOON-1], vertel."),
        (
            "Ik belde meneer Kroeze op 06-12345678, via de gemeente.",
            "Ik belde meneer [PERSOON-2] op 06-12345678, via de [LOCATIE-1].",
        ),
    ]
    stored = '{"contactpersoon": "Dieuwke Haring"}'  # an attribute stored verbatim
    score = score_transcript("x", FILE, LABELS, pairs, stored, keep=["gemeente"])
    result = {(m.label.text, m.where): m.caught for m in score.mentions}
    assert result == {
        ("Cor", "tekst"): True,
        ("meneer Kroe\u00adze", "tekst"): True,
        ("06-12345678", "tekst"): False,
        # Front matter never given to the pseudonymiser: caught only when absent from what is stored.
        ("Anna Zwaneveld", "opslag"): True,
        ("Cor Dijkema", "opslag"): True,
        ("Dieuwke Haring", "opslag"): False,
    }
    assert len(score.mentions) == 6  # speaker prefixes are not mentions
    assert [(r.surface, r.hit, r.keep) for r in score.replacements] == [
        ("Cor", True, False),
        ("Kroeze", True, False),
        ("gemeente", False, True),
    ]
    assert score.keep_replaced == ["gemeente"]
    summary = summarise([score])
    assert summary.per_category["naam_bekend"] == (4, 3)
    assert summary.per_category["telefoon"] == (1, 0)
    assert summary.precision == pytest.approx(2 / 3)
    assert [r.surface for r in summary.false_positives] == ["gemeente"]


def test_scoring_finds_a_name_written_around_the_pseudonymised_text():
    # The stored text is the outputs joined by the pipeline; a speaker label it left unreplaced is a leak of
    # a front-matter name, although every piece the pseudonymiser saw was fine.
    pairs = [("Cor, vertel.", "[PERSOON-1], vertel.")]
    stored = "## Mooi voorbeeld\n\nCor Dijkema: [PERSOON-1], vertel.\n\n"
    labels = [Label("Cor Dijkema", "naam_bekend", ("Cor", "Dijkema")), Label("Cor", "naam_bekend", ("Cor",))]
    file = "---\nid: z\nrespondent: Cor Dijkema\n---\n\n## Mooi voorbeeld\n\nI: Cor, vertel.\n"
    score = score_transcript("z", file, labels, pairs, stored)
    assert {(m.label.text, m.where): m.caught for m in score.mentions} == {
        ("Cor", "tekst"): True,
        ("Cor Dijkema", "opslag"): False,
    }
    clean = score_transcript("z", file, labels, pairs, stored.replace("Cor Dijkema", "Respondent"))
    assert all(m.caught for m in clean.mentions)


def test_scoring_partial_replacement_is_a_miss():
    # Half an IBAN replaced is not caught; a leak through the text is counted once, not again for storage.
    iban = Label("NL91 ABNA 0417 1643 00", "iban", ("NL91 ABNA 0417 1643 00",))
    pairs = [("rekening NL91 ABNA 0417 1643 00.", "rekening NL91 ABNA [ID-1].")]
    score = score_transcript(
        "y", "---\nid: y\n---\n\nR: rekening NL91 ABNA 0417 1643 00.\n", [iban], pairs, ""
    )
    assert [(m.where, m.caught) for m in score.mentions] == [("tekst", False)]
    assert [r.hit for r in score.replacements] == [True]


def test_scoring_reads_a_no_break_space_as_ingest_does():
    # The file (and so the label) has a no-break space; ingest gives the pseudonymiser an ordinary one. The
    # mention is still found in what the pseudonymiser saw, and its replacement is no false positive.
    postcode = Label("3572\u00a0ZE", "postcode", ("3572\u00a0ZE",))
    file = "---\nid: w\n---\n\nR: naar haar zus, 3572\u00a0ZE, verhuisd.\n"
    pairs = [("naar haar zus, 3572 ZE, verhuisd.", "naar haar zus, [POSTCODE-1], verhuisd.")]
    score = score_transcript("w", file, [postcode], pairs, "")
    assert [(m.where, m.caught) for m in score.mentions] == [("tekst", True)]
    assert [r.hit for r in score.replacements] == [True]


def test_alignment_of_input_and_output():
    assert replaced_spans("Jan en Piet en Kees", "[P-1] en Kees") == [("P", 0, 11)]
    assert replaced_spans("de heer Jansen zei", "de heer [PERSOON-1] zei") == [("PERSOON", 8, 14)]
    assert replaced_spans("ongewijzigd", "ongewijzigd") == []
    assert replaced_spans("iets anders", "[X-1] heel anders") is None
