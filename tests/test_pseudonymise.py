"""Pseudonymisation of interview texts with deduce plus Kritische Blik's own rules.

Tests marked slow use the real deduce instance (shared per process, built once per machine into
the user cache; the first build takes 1–2 minutes). The cache/lock tests use a stand-in for deduce.
"""

from __future__ import annotations

import importlib.metadata
import re
import threading
import time
from pathlib import Path

import pytest

from kritischeblik.ingest import pseudonymise as pm
from kritischeblik.ingest.pseudonymise import (
    PROGRESS_DONE,
    PROGRESS_START,
    PseudonymisationError,
    Pseudonymiser,
    PseudoResult,
    default_cache_dir,
    get_pseudonymiser,
)

CODEBOOK_TERMS = [
    "Leefwereld centraal",
    "Zo nabij mogelijk",
    "Eenvoud",
    "Ruimte voor de professional",
    "Kompas",
]
PLACEHOLDER = re.compile(r"\[([A-Z]+)-(\d+)\]")


@pytest.fixture(scope="module")
def pseudo() -> Pseudonymiser:
    return get_pseudonymiser()


def placeholders(text: str, category: str) -> list[str]:
    return [m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(1) == category]


def contains_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


# --- the real thing -------------------------------------------------------------------------------


@pytest.mark.slow
def test_known_person_and_street(pseudo: Pseudonymiser) -> None:
    result = pseudo.pseudonymise(
        ["Ik sprak met Sandra Kok uit de Kanaalstraat. Sandra belde later."], known_persons=["Sandra Kok"]
    )
    out = result.pieces[0]
    persons = placeholders(out, "PERSOON")
    assert len(persons) == 2 and persons[0] == persons[1]
    assert placeholders(out, "LOCATIE") == ["[LOCATIE-1]"]
    for original in ("Sandra", "Kok", "Kanaalstraat"):
        assert original not in out
    # deduce swallows "uit de" into the name; the own street annotation cuts it loose again.
    assert out == "Ik sprak met [PERSOON-1] uit de [LOCATIE-1]. [PERSOON-1] belde later."
    assert result.counts == {"PERSOON": 1, "LOCATIE": 1}


@pytest.mark.slow
def test_numbering_is_consistent_across_pieces(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Sandra Kok belde me op maandag.",
        "Daarna sprak ik met Jan de Boer over de aanvraag.",
        "Uiteindelijk zaten Sandra en Jan de Boer samen aan tafel.",
    ]
    result = pseudo.pseudonymise(pieces, known_persons=["Sandra Kok", "Jan de Boer"])
    sandra = placeholders(result.pieces[0], "PERSOON")
    jan = placeholders(result.pieces[1], "PERSOON")
    assert sandra == ["[PERSOON-1]"] and jan == ["[PERSOON-2]"]
    assert placeholders(result.pieces[2], "PERSOON") == sandra + jan
    assert result.counts["PERSOON"] == 2


@pytest.mark.slow
def test_first_name_and_surname_mentions_join_the_known_full_name(pseudo: Pseudonymiser) -> None:
    known = ["Pieter de Vries", "Fatima el Amrani", "Sandra Kok", "Sandra"]
    pieces = [
        "Pieter de Vries en Fatima el Amrani zaten in het wijkteam.",
        "Ik heb meneer De Vries gebeld en Pieter was meteen bereid te helpen.",
        "Mevrouw El Amrani wist het ook al. Sandra wist van niks, mevrouw Kok ook niet.",
    ]
    result = pseudo.pseudonymise(pieces, known_persons=known)
    assert result.pieces[0] == "[PERSOON-1] en [PERSOON-2] zaten in het wijkteam."
    assert result.pieces[1] == "Ik heb meneer [PERSOON-1] gebeld en [PERSOON-1] was meteen bereid te helpen."
    # Titles stay outside the placeholder; the speaker label "Sandra" is Sandra Kok.
    assert (
        result.pieces[2]
        == "Mevrouw [PERSOON-2] wist het ook al. [PERSOON-3] wist van niks, mevrouw [PERSOON-3] ook niet."
    )
    assert result.counts == {"PERSOON": 3}


@pytest.mark.slow
def test_two_people_get_different_numbers(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text(
        "Henny Oosterbaan belde haar buurvrouw Gülsen Kaya, en Gülsen kwam meteen. Henny was blij.",
    )
    persons = placeholders(out, "PERSOON")
    assert persons == ["[PERSOON-1]", "[PERSOON-2]", "[PERSOON-2]", "[PERSOON-1]"]


@pytest.mark.slow
def test_annotations_never_span_two_pieces(pseudo: Pseudonymiser) -> None:
    result = pseudo.pseudonymise(
        ["Ik sprak met Sandra", "Kok belde later terug."], known_persons=["Sandra Kok"]
    )
    assert result.pieces == ["Ik sprak met [PERSOON-1]", "[PERSOON-1] belde later terug."]


@pytest.mark.slow
def test_known_names_match_case_sensitively(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text(
        "Sandra werkt als kok in de keuken van het buurthuis.", known_persons=["Sandra Kok"]
    )
    assert out == "[PERSOON-1] werkt als kok in de keuken van het buurthuis."


@pytest.mark.slow
def test_contact_details(pseudo: Pseudonymiser) -> None:
    text = (
        "Je kunt me bellen op 06-12345678 of op +31 6 87654321, mailen naar s.kok@wijkteam-noord.nl "
        "of info@buurtteam.amsterdam, en de folder staat op https://www.wijkteam-noord.nl/contact."
    )
    out = pseudo.pseudonymise_text(text)
    assert out == (
        "Je kunt me bellen op [TELEFOONNUMMER-1] of op [TELEFOONNUMMER-2], mailen naar [EMAIL-1] "
        "of [EMAIL-2], en de folder staat op [URL-1]."
    )


@pytest.mark.slow
def test_dates(pseudo: Pseudonymiser) -> None:
    result = pseudo.pseudonymise(
        [
            "Op 14 januari 2020 kwam de brief, op 3 maart volgde de tweede.",
            "De zitting was op 12-03-2021. Sinds 14 januari 2020 is er niets veranderd.",
        ]
    )
    assert result.pieces == [
        "Op [DATUM-1] kwam de brief, op [DATUM-2] volgde de tweede.",
        "De zitting was op [DATUM-3]. Sinds [DATUM-1] is er niets veranderd.",
    ]


@pytest.mark.slow
def test_ages(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text(
        "Het ging om een jongen van 14 jaar. Zijn zusje van 9 was er ook. Ik werk hier al 20 jaar."
    )
    # deduce replaces the number and keeps "jaar"; "al 20 jaar" is a duration, not an age.
    assert (
        out
        == "Het ging om een jongen van [LEEFTIJD-1] jaar. Zijn zusje van [LEEFTIJD-2] was er ook. Ik werk hier al 20 jaar."
    )


@pytest.mark.slow
def test_places_and_institutions(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text(
        "Ze lag in het Wilhelmina Kinderziekenhuis in Utrecht en kreeg daarna zorg van Cordaan in Amsterdam."
    )
    assert (
        out
        == "Ze lag in het [INSTELLING-1] in [LOCATIE-1] en kreeg daarna zorg van [INSTELLING-2] in [LOCATIE-2]."
    )


@pytest.mark.slow
def test_protected_terms_survive(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text(
        "Zo nabij mogelijk en Eenvoud zijn belangrijk voor Jan de Boer.", protected_terms=CODEBOOK_TERMS
    )
    assert out == "Zo nabij mogelijk en Eenvoud zijn belangrijk voor [PERSOON-1]."


@pytest.mark.slow
def test_protected_terms_win_over_names_case_insensitively(pseudo: Pseudonymiser) -> None:
    text = "Het kompas van het team is Eenvoud, zegt Roos."
    # Without protection the known name "Eenvoud" would be replaced...
    assert pseudo.pseudonymise_text(text, known_persons=["Eenvoud", "Roos"]) == (
        "Het kompas van het team is [PERSOON-1], zegt [PERSOON-2]."
    )
    # ...with protection the codebook terms stay, in any case, and the real name still goes.
    out = pseudo.pseudonymise_text(text, known_persons=["Eenvoud", "Roos"], protected_terms=CODEBOOK_TERMS)
    assert out == "Het kompas van het team is Eenvoud, zegt [PERSOON-1]."


@pytest.mark.slow
def test_whole_interview_leaks_no_names(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Fijn dat je tijd hebt, Ilse. Je bent genoemd door mevrouw Oosterbaan zelf.",
        "Henny Oosterbaan is 81 jaar, ze woont alleen op de Lijsterbeshof 14, sinds haar man Gerrit is overleden.",
        "Die ochtend belde haar buurvrouw, Gülsen Kaya, op mijn mobiel, 06-48219370.",
        "Gülsen had gelukkig een sleutel. Toen heb ik dokter Van Tongeren gebeld.",
        "Er kwam een invalkracht, Thijs van Dam. Thijs kende Henny niet.",
        "Zondag is haar zoon Ruud erheen gereden, helemaal vanuit Zwolle.",
        "Leefwereld centraal, dat is wat Ilse Brouwer hier echt laat zien.",
    ]
    known = ["Ilse Brouwer", "Sanne de Graaf", "Mohamed Chaouch", "Ilse", "Sanne"]
    result = pseudo.pseudonymise(pieces, known_persons=known, protected_terms=CODEBOOK_TERMS)
    originals = [
        "Ilse", "Brouwer", "Oosterbaan", "Henny", "Lijsterbeshof", "Gerrit", "Gülsen", "Kaya",
        "06-48219370", "Tongeren", "Thijs", "Dam", "Ruud", "Zwolle",
    ]  # fmt: skip
    for piece in result.pieces:
        for original in originals:
            assert not contains_word(piece, original), original
    assert result.pieces[-1].startswith("Leefwereld centraal, dat is wat [PERSOON-1] ")
    assert result.counts["PERSOON"] >= 6


@pytest.mark.slow
def test_single_letters_and_punctuation_are_left_alone(pseudo: Pseudonymiser) -> None:
    out = pseudo.pseudonymise_text("A. zei tegen Jan: ... nee.", known_persons=["A", "...", "Jan"])
    assert out == "A. zei tegen [PERSOON-1]: ... nee."


@pytest.mark.slow
def test_empty_and_trivial_input(pseudo: Pseudonymiser) -> None:
    assert pseudo.pseudonymise([]) == PseudoResult(pieces=[], counts={})
    assert pseudo.pseudonymise(["", "  "]).pieces == ["", "  "]
    assert pseudo.pseudonymise(["Geen namen hier.", ""]).pieces == ["Geen namen hier.", ""]


@pytest.mark.slow
def test_errors_never_quote_the_text(pseudo: Pseudonymiser, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TypeError) as info:
        pseudo.pseudonymise("Sandra Kok")  # type: ignore[arg-type]
    assert "Sandra" not in str(info.value)

    class Broken:
        def deidentify(self, text: str, **_kw: object) -> None:
            raise ValueError(f"kapot bij {text}")

    monkeypatch.setattr(pseudo, "_deduce", Broken())
    with pytest.raises(PseudonymisationError) as info:
        pseudo.pseudonymise(["Sandra Kok woont hier."])
    assert "Sandra" not in str(info.value)
    assert info.value.__context__ is None and info.value.__cause__ is None


@pytest.mark.slow
def test_shared_instance_is_reused(pseudo: Pseudonymiser) -> None:
    assert get_pseudonymiser() is get_pseudonymiser()
    assert get_pseudonymiser() is pseudo
    assert (pseudo.cache_dir / "cache" / "lookup_structs.pickle").is_file()


# --- cache location, progress and locking, with a stand-in for deduce ----------------------------


def test_default_cache_dir_honours_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    version = importlib.metadata.version("deduce")
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path / f"deduce-{version}"
    monkeypatch.delenv("KB_CACHE_DIR")
    assert default_cache_dir().name == f"deduce-{version}"
    assert "kritischeblik" in str(default_cache_dir())


class FakeDeduceModule:
    """Mimics deduce's cache handling: build when the pickle is missing, load it otherwise."""

    def __init__(self, build_seconds: float = 0.0) -> None:
        self.builds = 0
        self.loads = 0
        self.build_seconds = build_seconds
        self._count = threading.Lock()
        module = self

        class Deduce:
            def __init__(self, cache_path: Path, build_lookup_structs: bool = False) -> None:
                cache_file = Path(cache_path) / "cache" / "lookup_structs.pickle"
                if cache_file.is_file() and not build_lookup_structs:
                    if cache_file.read_bytes() != b"ok":
                        raise EOFError("truncated")
                    with module._count:
                        module.loads += 1
                    return
                with module._count:
                    module.builds += 1
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                with open(cache_file, "wb") as fh:
                    fh.write(b"o")
                    time.sleep(module.build_seconds)  # a reader now would see a half-written file
                    fh.write(b"k")

        self.Deduce = Deduce


def test_first_build_reports_progress_and_later_loads_are_silent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = FakeDeduceModule()
    monkeypatch.setattr(pm, "_import_deduce", lambda: fake)
    messages: list[str] = []
    Pseudonymiser(cache_dir=tmp_path / "c", progress=messages.append)
    assert messages == [PROGRESS_START, PROGRESS_DONE]
    assert "eenmalig" in PROGRESS_START
    messages.clear()
    Pseudonymiser(cache_dir=tmp_path / "c", progress=messages.append)
    assert messages == []
    assert (fake.builds, fake.loads) == (1, 1)
    assert (tmp_path / "c" / "build.lock").exists()


def test_truncated_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = FakeDeduceModule()
    monkeypatch.setattr(pm, "_import_deduce", lambda: fake)
    cache_file = tmp_path / "cache" / "lookup_structs.pickle"
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"o")
    messages: list[str] = []
    Pseudonymiser(cache_dir=tmp_path, progress=messages.append)
    assert fake.builds == 1 and cache_file.read_bytes() == b"ok"
    assert messages == [PROGRESS_START, PROGRESS_DONE]


def test_concurrent_first_use_builds_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # flock locks belong to the open file, so threads opening the lock file separately contend
    # exactly like separate processes (pytest-xdist workers) would.
    fake = FakeDeduceModule(build_seconds=0.3)
    monkeypatch.setattr(pm, "_import_deduce", lambda: fake)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            Pseudonymiser(cache_dir=tmp_path)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert fake.builds == 1 and fake.loads == 3
