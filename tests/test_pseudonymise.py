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

from kritischeblik.ingest.pseudonymisation import deduce_adapter as da
from kritischeblik.ingest.pseudonymisation.deduce_adapter import (
    PROGRESS_DONE,
    PROGRESS_START,
    default_cache_dir,
)
from kritischeblik.ingest.pseudonymisation.pseudonymiser import Pseudonymiser, get_pseudonymiser
from kritischeblik.ingest.pseudonymisation.result import PseudonymisationError, PseudoResult

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
        "Ilse",
        "Brouwer",
        "Oosterbaan",
        "Henny",
        "Lijsterbeshof",
        "Gerrit",
        "Gülsen",
        "Kaya",
        "06-48219370",
        "Tongeren",
        "Thijs",
        "Dam",
        "Ruud",
        "Zwolle",
    ]
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

    monkeypatch.setattr(pseudo.deduce, "engine", Broken())
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
    monkeypatch.setattr(da, "import_deduce", lambda: fake)
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
    monkeypatch.setattr(da, "import_deduce", lambda: fake)
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
    monkeypatch.setattr(da, "import_deduce", lambda: fake)
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


# --- own finders (kritischeblik.ingest.pseudonymisation.finders), with simplemma only ----------------

from kritischeblik.ingest.pseudonymisation.finders.institutions import (  # noqa: E402
    entity_table,
    institution_spans,
    table_regex,
)
from kritischeblik.ingest.pseudonymisation.finders.lexicon import Lexicon, sentence_initial  # noqa: E402
from kritischeblik.ingest.pseudonymisation.finders.unknown_names import unknown_name_spans  # noqa: E402


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon()


def surfaces(text: str, found: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    return [(text[a:b], category) for a, b, category in found]


def test_organisation_type_word_stays_outside_the_name(lexicon: Lexicon) -> None:
    text = (
        "Ze werkt bij Stichting Kiemkracht. Daarna belde ik Praktijkschool De Wending en het "
        "Samenwerkingsverband Heuvelrug Oost, en de rekening ging naar Bewindvoering Tak & Zn."
    )
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Kiemkracht", "INSTELLING"),
        ("Stichting", "KEEP"),
        ("De Wending", "INSTELLING"),
        ("Praktijkschool", "KEEP"),
        ("Heuvelrug Oost", "INSTELLING"),
        ("Samenwerkingsverband", "KEEP"),
        ("Tak & Zn", "INSTELLING"),
        ("Bewindvoering", "KEEP"),
    ]


def test_name_before_a_trailing_school_word(lexicon: Lexicon) -> None:
    text = "Hij zit op het Heronkel College. Het Wielewaal Lyceum wilde hem niet."
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Heronkel", "INSTELLING"),
        ("College", "KEEP"),
        ("Wielewaal", "INSTELLING"),
        ("Lyceum", "KEEP"),
    ]


def test_compound_organisation_word_is_part_of_the_name(lexicon: Lexicon) -> None:
    # "Woonkracht" is no generic type like "Stichting": it may identify, so it goes too.
    text = "De huur ging via Woonkracht Eemland, en de klusjes via Burenhulp Zuidpunt."
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Woonkracht Eemland", "INSTELLING"),
        ("Zuidpunt", "INSTELLING"),
        ("Burenhulp", "KEEP"),
    ]


def test_known_type_compounds_stay_and_unknown_ones_go(lexicon: Lexicon) -> None:
    text = "Hij werkt bij Tuincentrum Groenrijk, zij bij Woonstichting Eemkracht en het Sociaal Loket Zuilen."
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Groenrijk", "INSTELLING"),
        ("Tuincentrum", "KEEP"),
        ("Woonstichting Eemkracht", "INSTELLING"),
        ("Zuilen", "INSTELLING"),
        ("Loket", "KEEP"),
    ]


def test_unknown_place_after_a_preposition(lexicon: Lexicon) -> None:
    text = "Ze woont op de Gruttohof, vroeger in Brakenveen. Wolkenhof is ver. Het is een mooie speelhof."
    # Not at a sentence start, not a known word ("speelhof" is lowercase anyway).
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Gruttohof", "LOCATIE"),
        ("Brakenveen", "LOCATIE"),
    ]


def test_capitalised_article_inside_a_sentence_starts_a_name(lexicon: Lexicon) -> None:
    text = (
        "Ik kreeg brieven van Het Baken, en zijn dochter zit op school, De Esdoorn, vlakbij. "
        "De school belde. Ik sprak mevrouw De Wit en Ilse De Groot."
    )
    # Not at a sentence start ("De school"), and not as part of a surname after a title or first name.
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Het Baken", "INSTELLING"),
        ("De Esdoorn", "INSTELLING"),
    ]


def test_generic_team_names_are_left_alone(lexicon: Lexicon) -> None:
    text = "Het Buurtteam Jeugd en het wijkteam zaten samen met het Buurtteam Sociaal. Ik zei: Stichting."
    assert institution_spans(text, lexicon) == []
    text = "Buurtteam Jeugd en Heronkel College"
    assert surfaces(text, institution_spans(text, lexicon)) == [
        ("Heronkel", "INSTELLING"),
        ("College", "KEEP"),
    ]


def test_codebook_terms_block_institutions(lexicon: Lexicon) -> None:
    text = "Bij Stichting Eenvoud werken ze zo."
    start = text.index("Eenvoud")
    assert institution_spans(text, lexicon, blocked=[(start, start + len("Eenvoud"))]) == []


def test_unknown_capitalised_words_inside_sentences_are_names(lexicon: Lexicon) -> None:
    pieces = [
        "Gisteren zaten Dariusz en ik op de Wolkenhof, vlak bij het Zaltpad in Brakenveen.",
        "Ze verhuisde naar de Wolkenhof. Op het Kiemrijk was ze gelukkig.",
    ]
    result = unknown_name_spans(pieces, lexicon, [[], []], [[], []])
    assert result.persons == ["Dariusz"]
    assert [surfaces(p, s) for p, s in zip(pieces, result.spans, strict=True)] == [
        [("Wolkenhof", "LOCATIE"), ("Zaltpad", "LOCATIE"), ("Brakenveen", "LOCATIE")],
        [("Wolkenhof", "LOCATIE"), ("Kiemrijk", "INSTELLING")],
    ]


def test_ordinary_capitalised_words_are_not_names(lexicon: Lexicon) -> None:
    pieces = [
        "Via WhatsApp en de GGD kwam de Wmo-consulent erbij; ze spreekt Turks en Nederlands, geen Engels.",
        "Woensdagmiddag ging het mis. Huiswerkbegeleiding hielp. Daarop belde ik. Oké. Eerlijkheid telt.",
        "Vrijdag kwam de aanvraag binnen. Vrijdag is een drukke dag, vrijdag ook.",
    ]
    result = unknown_name_spans(pieces, lexicon, [[], [], []], [[], [], []])
    assert result.persons == [] and result.spans == [[], [], []]


def test_sentence_start_needs_more_evidence(lexicon: Lexicon) -> None:
    # A first word no lexicon knows, never written in lowercase: the dog's name.
    pieces = ["Let niet op de hond. Zoltan, af! Ga liggen."]
    assert unknown_name_spans(pieces, lexicon, [[]], [[]]).persons == ["Zoltan"]
    # The same word also in lowercase in the interview is an ordinary (if rare) word.
    pieces = ["Zoltan, af!", "Dat is een zoltan, zeggen ze hier."]
    assert unknown_name_spans(pieces, lexicon, [[], []], [[]] * 2).persons == []
    # A full name at a sentence start; "Daarvoor" is an adverb, the place after it is still a name.
    pieces = ["Fenna Odalys, vijftien jaar. Daarvoor Wolkenhof."]
    result = unknown_name_spans(pieces, lexicon, [[]], [[]])
    assert result.persons == ["Fenna Odalys"]
    assert surfaces(pieces[0], result.spans[0]) == [("Wolkenhof", "LOCATIE")]


def test_first_name_joins_a_known_surname_at_a_sentence_start(lexicon: Lexicon) -> None:
    # deduce or the name index found "Houtum"; the unknown first name before it is the same person.
    text = "Zoltan van Houtum. Tachtig jaar."
    surname = text.index("Houtum")
    persons = [[(surname, surname + len("Houtum"))]]
    assert unknown_name_spans([text], lexicon, persons, persons).persons == ["Zoltan van Houtum"]
    # Without that evidence a lone unknown first word followed by a lowercase word is still a name...
    assert unknown_name_spans(["Zoltan belde."], lexicon, [[]], [[]]).persons == ["Zoltan"]
    # ...but an ordinary first word before a surname is not.
    assert unknown_name_spans([text.replace("Zoltan", "Toen")], lexicon, persons, persons).persons == []


def test_covered_spans_are_left_to_their_finder(lexicon: Lexicon) -> None:
    text = "Toen belde Dariusz."
    start = text.index("Dariusz")
    assert unknown_name_spans([text], lexicon, [[(start, start + 7)]], [[]]).persons == []


def test_sentence_initial() -> None:
    text = 'Ja. "Kom," zei ze: Nu.\n- Dus en\ntoen'
    assert sentence_initial(text, 0)
    assert sentence_initial(text, text.index("Kom"))
    assert not sentence_initial(text, text.index("zei"))
    assert sentence_initial(text, text.index("Nu"))
    assert sentence_initial(text, text.index("Dus"))
    assert not sentence_initial(text, text.index("en"))
    assert sentence_initial(text, text.index("toen"))


def test_entity_table_spreads_distinctive_parts_only(lexicon: Lexicon) -> None:
    table = entity_table(
        [
            ("Zeldenrust Kiemkracht", "INSTELLING"),
            ("Het Baken", "INSTELLING"),
            ("Kiemkracht Noord", "INSTELLING"),
        ],
        lexicon,
    )
    # "Baken" and "Noord" are ordinary words; "Kiemkracht" belongs to two names and would merge them.
    # "het Baken" is the same name as "Het Baken".
    assert set(table) == {"Zeldenrust Kiemkracht", "Het Baken", "het Baken", "Kiemkracht Noord", "Zeldenrust"}
    assert table["het Baken"] == table["Het Baken"] == ("INSTELLING", "het baken")
    assert table["Zeldenrust"] == table["Zeldenrust Kiemkracht"] == ("INSTELLING", "zeldenrust kiemkracht")
    regex = table_regex(table)
    assert regex is not None
    # Also inside a hyphenated compound ("Zeldenrust-Zuid"), never inside a longer word.
    text = "Bij Zeldenrust Kiemkracht, later Zeldenrust-Zuid, Zeldenrustig en Zeldenrust."
    assert [m.group() for m in regex.finditer(text)] == ["Zeldenrust Kiemkracht", "Zeldenrust", "Zeldenrust"]


# --- own annotators inside the real pseudonymiser ---------------------------------------------------


@pytest.mark.slow
def test_institutions_are_replaced_everywhere_with_one_placeholder(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Ik ben orthopedagoog bij Samenwerkingsverband Kiemland. Kiemland gaat over passend onderwijs.",
        "Toen kwamen de brieven van Het Baken, de woningcorporatie. Het Baken zei dat ik naar het Baken moest.",
        "Ik ging naar de schuldhulp van Zeldenrust, en die hielp meteen.",
        # The front-matter value "organisatie" arrives as a piece of its own.
        "Stichting Zeldenrust",
    ]
    result = pseudo.pseudonymise(pieces, known_persons=["Bram Verhoef"], protected_terms=CODEBOOK_TERMS)
    assert result.pieces == [
        "Ik ben orthopedagoog bij Samenwerkingsverband [INSTELLING-1]. [INSTELLING-1] gaat over passend onderwijs.",
        "Toen kwamen de brieven van [INSTELLING-2], de woningcorporatie. [INSTELLING-2] zei dat ik naar "
        "[INSTELLING-2] moest.",
        "Ik ging naar de schuldhulp van [INSTELLING-3], en die hielp meteen.",
        "Stichting [INSTELLING-3]",
    ]
    assert result.counts == {"INSTELLING": 3}


@pytest.mark.slow
def test_names_no_list_knows_are_replaced(pseudo: Pseudonymiser) -> None:
    pieces = [
        "Vrijdagmiddag zaten Dariusz en ik op de Wolkenhof, bij zijn oma.",
        "Dariusz was blij. En let niet op de hond. Zoltan, af!",
        "Hij zit op het Heronkel College, en het Heronkel doet veel aan stages.",
        "Meneer Van Houtum. Wiebrand van Houtum. Tachtig.",
    ]
    result = pseudo.pseudonymise(pieces, known_persons=["Bram Verhoef"], protected_terms=CODEBOOK_TERMS)
    assert result.pieces[:3] == [
        "Vrijdagmiddag zaten [PERSOON-1] en ik op de [LOCATIE-1], bij zijn oma.",
        "[PERSOON-1] was blij. En let niet op de hond. [PERSOON-2], af!",
        "Hij zit op het [INSTELLING-1] College, en het [INSTELLING-1] doet veel aan stages.",
    ]
    for original in ("Houtum", "Wiebrand"):
        assert original not in result.pieces[3]
    assert len(set(placeholders(result.pieces[3], "PERSOON"))) == 1


@pytest.mark.slow
def test_a_place_is_cut_loose_from_the_person_before_it(pseudo: Pseudonymiser) -> None:
    # deduce reads "Ayla Demirtaş op de Gruttohof" as one person.
    out = pseudo.pseudonymise_text("Hij woonde met zijn moeder Ayla Demirtaş op de Gruttohof.")
    assert out == "Hij woonde met zijn moeder [PERSOON-1] op de [LOCATIE-1]."


@pytest.mark.slow
def test_ordinary_interview_text_is_left_alone(pseudo: Pseudonymiser) -> None:
    """Precision: capitalised sentence starts, abbreviations, apps, languages and codebook terms stay."""
    pieces = [
        "Mooi. Kun je een voorbeeld noemen waarin de samenwerking mooi liep?",
        "Ja. Het buurtteam en de school zaten samen aan tafel, met de GGD en de Wmo-consulent. Via WhatsApp "
        "hielden we contact. Daarnaast belde ik de leerplichtambtenaar. Niks te vinden, zei de huisarts, maar "
        "hij had ook niks gezocht. Eenvoud, dat is het principe. Ze spreekt Turks en Nederlands.",
        "Woensdagmiddag zat ik met de mentor en de zorgcoördinator. Vraaggericht werken, dat vind ik "
        "belangrijk. Oké. Eerlijkheid. Huiswerkbegeleiding hielp ook. Daarop volgde een gesprek via Teams.",
    ]
    result = pseudo.pseudonymise(pieces, protected_terms=CODEBOOK_TERMS)
    assert result.pieces == pieces
    assert result.counts == {}


@pytest.mark.slow
def test_sentence_opening_adverbs_stay_when_never_written_in_lowercase(pseudo: Pseudonymiser) -> None:
    """Spoken sentences open with adverbs the lexicon lacks ("Bovenin", "Achteraf") or that deduce's surname
    list holds ("Pas", "Boven"); in a short interview they never occur in lowercase, so that cannot vet them.
    A surname that is also a noun keeps its name reading, and a real name after such an opener is found."""
    pieces = [
        "Achteraf had de huisarts gelijk, denk ik. Onderin die flat zat vroeger een winkel.",
        "Pas toen de corporatie belde, kwam er beweging in. Bovenin woont een gezin met drie kinderen.",
        "Vanmiddag komt de wijkagent. Boven zit de tandarts, daar moest ze heen.",
    ]
    result = pseudo.pseudonymise(pieces, protected_terms=CODEBOOK_TERMS)
    assert result.pieces == pieces
    named = pseudo.pseudonymise_text("Achteraf belde Bakker me nog. Bakker wist ook niet wat hij moest doen.")
    assert "Bakker" not in named and named.startswith("Achteraf belde [PERSOON-1]")


@pytest.mark.slow
def test_groups_interjections_distances_and_teams_are_no_people(pseudo: Pseudonymiser) -> None:
    """Ordinary words deduce or the name index took for people: a plural subject ("Boeren hebben"), a
    one-word sentence ("Punt."), a distance in houses, a language level, and a team name's ordinary word in
    lowercase."""
    pieces = [
        "Boeren hebben het zwaar. Schippers zijn handige mensen. Dat doen we niet. Punt.",
        "De jongen van drie huizen verder kwam kijken.",
        "Ze heeft taalniveau B1 gehaald, hij zit op A2.",
    ]
    assert pseudo.pseudonymise(pieces).pieces == pieces
    team = pseudo.pseudonymise(["Ik belde met Buurtteam Zuidwest.", "Het buurtteam kwam meteen."]).pieces
    assert team[1] == "Het buurtteam kwam meteen."
    # a surname with a singular verb, and an age after a person noun, stay found
    out = pseudo.pseudonymise_text(
        "Ik sprak Anton Visser. Visser is ziek. Een jongen van vijftien belde aan."
    )
    assert "Visser" not in out and "vijftien" not in out
