"""Structured identifiers in every form a Dutch speaker or transcriber writes them (pseudonymisation.finders.identifiers):
ages in speech and writing (and durations that are no age), phone numbers of every area-code length and as said
aloud, IBANs and Dutch accounts in any spacing, postcodes in address lines, licence plates with any separator,
multi-word street names, and case numbers a few words after their cue. Property tests build the identifiers here,
independently of the module. The shared corpus cases live in tests/test_identifiers.py.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kritischeblik.ingest.pseudonymisation.finders.identifier_ages import looks_like_duration
from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], c) for a, b, c in find_identifiers(text)]


def assert_found(text: str, surface: str, category: str) -> None:
    hits = found(text)
    assert (surface, category) in hits, hits


def ages(text: str) -> list[str]:
    return [s for s, c in found(text) if c == "LEEFTIJD"]


# --- ages -----------------------------------------------------------------------------------------

AGES = [
    # a verb with words between, hedges after
    ("ze werd vorige maand 80.", ["80"]),
    ("hij is zo'n 40 jaar denk ik", ["40"]),
    ("Ik ben zelf 52.", ["52"]),
    ("Mijn oudste, Dennis, is nu 17, die woont bij zijn vader", ["17"]),
    ("Dus ze vroeg het aan Bram, die is 12, en die gaf haar mijn mobiel.", ["12"]),
    # plural subjects with a list or "jaar"
    ("Ze zijn 84 en 80, en ze wonen er nog.", ["84", "80"]),
    ("de kinderen zijn 4 en 7 jaar", ["4", "7"]),
    # approximations and decades
    ("een man van een jaar of vijftig kijkt mee", ["vijftig"]),
    ("ze is in de zeventig, ze woont alleen", ["zeventig"]),
    ("Haar zoon is begin veertig.", ["veertig"]),
    ("een vrouw van achter in de vijftig, die woont in Houten", ["vijftig"]),
    ("een mevrouw van in de 60, en", ["60"]),
    ("En de opa, die is tegen de zeventig, die wilde helpen.", ["zeventig"]),
    ("En de moeder, mevrouw Boukhari, zo'n 35 denk ik, die stond daar", ["35"]),
    ("die moeder, een twintiger nog, die wist van niks", ["twintiger"]),
    # more ages after the first one
    ("Jade is 10, bijna 11, en ze is vaak afwezig.", ["10", "11"]),
    ("De oudste is 16, de jongste 12 jaar, en de middelste 14.", ["16", "12", "14"]),
    ("Ahmed is 17 jaar en zijn zus 15.", ["17", "15"]),
    ("Ze is 16, Lotte 14 en Sam 9.", ["16", "14", "9"]),
    # months and weeks of a baby
    ("een baby van 8 maanden in huis", ["8"]),
    ("de baby, Mats, die was toen 4 maanden. Daarna", ["4"]),
    # without a verb: lists in notes and front matter
    ("kinderen Bram 12 jaar en Lotte 9 jaar; oudste zoon Dennis (17) woont bij vader", ["12", "9", "17"]),
    ("respondent_rol: moeder, 45", ["45"]),
    ("Met haar 9 jaar leest ze boeken van 11-jarigen.", ["9"]),
    # birthdays
    ("Voor haar 10e verjaardag wil ze een boek.", ["10e"]),
    ("op zijn tachtigste verjaardag", ["tachtigste"]),
    ("ze is nog geen 18, dus", ["18"]),
    ("hij is 81 jr. en woont alleen", ["81"]),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_age_forms(text: str, expected: list[str]) -> None:
    assert ages(text) == expected


NOT_AGES = [
    "hij heeft 40 jaar gewerkt bij de NS",
    "die heeft 40 jaar lesgeven nog voor de boeg",
    "Dat is een jaar of twee geleden.",
    "In de jaren 80 was dat anders.",
    "Ruim 12 jaar, dat is lang.",
    "Het was in de 40 graden.",
    "we zijn 12 en op 3",
    "de zestiger jaren, de vijftigers in de wijk",
    "Hij is 12, Eenvoud 4 en Leefwereld 5.",  # score talk after a pronoun
    "boeken van 11-jarigen",
    "Ze wonen al 52 jaar in hetzelfde huis.",
    "voor het eerst in 5 jaar open ik de post",
    "Eenvoud, 4.",
    "Wat moet iemand van 80 die alleen woont?",
]


@pytest.mark.parametrize("text", NOT_AGES)
def test_no_age(text: str) -> None:
    assert ages(text) == []


@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("hij heeft 40 jaar gewerkt", True),
        ("voor het eerst in 5 jaar open ik de post", True),
        ("al 20 jaar", True),
        ("ze woonden er 30 jaar samen", True),
        ("ze is 81 jaar", False),
        ("een man van 81 jaar", False),
    ],
)
def test_duration_reading_of_n_jaar(text: str, duration: bool) -> None:
    # The vetting of deduce's "N jaar" ages: only the number is given, "jaar" follows it.
    number = next(w for w in text.split() if w.isdigit())
    start = text.index(number)
    assert looks_like_duration(text, start, start + len(number)) is duration


AGE_FRAMES = [
    "{name} is {n}.",
    "{name} is {n} jaar, ze woont alleen.",
    "{name} ({n}) speelde buiten.",
    "{name} ({n}, die zit op school)",
    "een meisje van {n}, heel slim",
    "{name}, {n}, zit in de klas.",
    "toen {name} {n} was",
    "{name} werd vorige week {n}.",
    "{name} is zo'n {n} jaar denk ik.",
    "{name}, {n} jaar oud, woont hier.",
]


@settings(max_examples=200)
@given(
    st.sampled_from(["Lieke", "Daan", "Youssef", "Noor", "mevrouw Jansen", "haar zoon", "de oudste"]),
    st.integers(1, 99),
    st.sampled_from(AGE_FRAMES),
)
def test_an_age_in_any_frame(name: str, n: int, frame: str) -> None:
    text = frame.format(name=name, n=n)
    assert str(n) in ages(text), (text, found(text))


@settings(max_examples=100)
@given(st.integers(2, 60), st.sampled_from(["gewerkt", "gewoond", "geleden", "getrouwd"]))
def test_a_duration_is_no_age(n: int, after: str) -> None:
    assert ages(f"Hij heeft er {n} jaar {after}, bij de gemeente.") == []
    assert ages(f"Ze woont hier al {n} jaar.") == []


# --- phone numbers --------------------------------------------------------------------------------

PHONES = [
    "030 - 695 71 24",
    "(0343) 41 28 77",
    "050-3127745",
    "+31 (0)6 19 42 73 58",
    "088 320 30 00",
    "033 - 4 65 91 02",
    "0031 6 41 07 88 23",
    "0049 171 4452 903",
    "0575 51 23 45",
    "0348-41 23 45",
    "085 - 303 12 34",
    "0800-1234",
    "0900-8020",
    "0800 - 7412",
    "0800-0223344",
    "0900 - 202 33 44",
    "0 6 1 2 3 4 5 6 7 8",
    "+31 (0)30 2 73 44 81",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_forms(phone: str) -> None:
    assert_found(f"Ze gaf haar nummer, {phone}, voor als ze niet thuis was.", phone, "TELEFOONNUMMER")


# Area codes of every length: 2 digits (010, 020...), 3 digits (0343, 0575...), mobile 06, and 085/088 nationwide.
AREA_CODES = ["10", "20", "30", "40", "50", "70", "343", "348", "575", "475", "6", "85", "88", "97"]


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(AREA_CODES))
    rest = "".join(draw(st.sampled_from(string.digits)) for _ in range(9 - len(area)))
    grouping = draw(st.sampled_from(["none", "pairs", "threes", "dots"]))
    if grouping == "pairs":
        head = len(rest) % 2
        rest = " ".join(
            ([rest[:head]] if head else []) + [rest[i : i + 2] for i in range(head, len(rest), 2)]
        )
    elif grouping == "threes":
        rest = " ".join(rest[i : i + 3] for i in range(0, len(rest), 3))
    elif grouping == "dots":
        rest = ".".join(rest[i : i + 2] for i in range(0, len(rest), 2))
    prefix = draw(
        st.sampled_from(["0{a}-", "0{a} ", "(0{a}) ", "0{a} - ", "+31 {a} ", "+31 (0){a} ", "0031 {a} "])
    )
    return prefix.format(a=area) + rest


@settings(max_examples=300)
@given(landlines())
def test_any_landline_in_any_grouping(phone: str) -> None:
    assert_found(f"Bel haar op {phone}, dat is thuis.", phone, "TELEFOONNUMMER")


SPOKEN_DIGITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TEENS = [
    "tien",
    "elf",
    "twaalf",
    "dertien",
    "veertien",
    "vijftien",
    "zestien",
    "zeventien",
    "achttien",
    "negentien",
]
TENS = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]


def spoken_pair(pair: str) -> str:
    """Two digits as a Dutch speaker says them: "07" nul zeven, "17" zeventien, "45" vijfenveertig."""
    a, b = int(pair[0]), int(pair[1])
    if a == 0:
        return f"nul {SPOKEN_DIGITS[b]}"
    if a == 1:
        return TEENS[b]
    if b == 0:
        return TENS[a]
    unit = SPOKEN_DIGITS[b]
    return unit + ("ën" if unit.endswith("e") else "en") + TENS[a]


@st.composite
def spoken_mobiles(draw: st.DrawFn) -> str:
    digits = "06" + "".join(draw(st.sampled_from(string.digits)) for _ in range(8))
    sep = draw(st.sampled_from([" ", ", ", " - "]))
    return sep.join(spoken_pair(digits[i : i + 2]) for i in range(0, 10, 2))


@settings(max_examples=200)
@given(spoken_mobiles())
def test_a_phone_number_said_aloud(phone: str) -> None:
    assert_found(f"Ze zei het in stukjes: {phone}, en ik schreef het op.", phone, "TELEFOONNUMMER")


def test_counting_aloud_is_no_phone_number() -> None:
    assert found("nul procent, nul komma nul, het werd nul - drie") == []


# --- IBAN and Dutch accounts ----------------------------------------------------------------------

IBANS = [
    "nl 48 bunq 1461 0033 07",  # lowercase, a space after the country code
    "NL91.ABNA.0417.1643.00",
    "NL91  ABNA  0417  1643  00",
    "RABO 0312 5577 40",  # a Dutch account without "NL" and check digits
    "rabo 0312557740",
    "NL72ASNB 4538401916",
    "tr81 5972 9079 2622 4393 3283 67",
]


@pytest.mark.parametrize("iban", IBANS)
def test_iban_forms(iban: str) -> None:
    assert_found(f"Het geld komt op {iban}, elke maand.", iban, "IBAN")


def test_a_lowercase_code_apart_from_digits_is_no_iban_without_checksum() -> None:
    # "ik 12 ..." followed by a bank code: the part after is an account, the words before are not.
    hits = found("ik 12 abna 1234 5678 90")
    assert ("abna 1234 5678 90", "IBAN") in hits and all("ik" not in s for s, _ in hits)


# --- postcodes ------------------------------------------------------------------------------------

POSTCODES = [
    ("Weegbreestraat 70 3582 gn utrecht", "3582 gn"),  # address line without comma
    ("Kaatstraat 15 boven 3513 BV Utrecht", "3513 BV"),
    ("hij woont op 3572ze nummer 5", "3572ze"),  # a common word written against the digits
    ("haar postcode is 3561, in Zuilen", "3561"),  # four digits after "postcode"
    ("postcode: 3561 JM", "3561 JM"),
]


@pytest.mark.parametrize(("text", "postcode"), POSTCODES)
def test_postcode_forms(text: str, postcode: str) -> None:
    assert_found(text, postcode, "POSTCODE")


@pytest.mark.parametrize("text", ["1000km", "tel 1 2345 ab", "in 2019 en 2020", "1500kg"])
def test_no_postcode(text: str) -> None:
    assert "POSTCODE" not in {c for _, c in found(text)}


# --- licence plates -------------------------------------------------------------------------------

SIDECODES = [
    "LL-DD-DD",
    "DD-DD-LL",
    "DD-LL-DD",
    "LL-DD-LL",
    "LL-LL-DD",
    "DD-LL-LL",
    "DD-LLL-D",
    "D-LLL-DD",
    "LL-DDD-L",
    "L-DDD-LL",
    "LLL-DD-L",
    "L-DD-LLL",
    "D-LL-DDD",
    "DDD-LL-D",
]
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"


@st.composite
def plates_without_cue(draw: st.DrawFn) -> str:
    shape = draw(st.sampled_from(SIDECODES))
    plate = "".join(
        "-" if c == "-" else draw(st.sampled_from(PLATE_LETTERS if c == "L" else string.digits))
        for c in shape
    )
    form = draw(st.sampled_from(["dash", "spaced dash", "none", "space"]))
    if form == "spaced dash":
        plate = plate.replace("-", " - ")
    elif form == "none":
        plate = plate.replace("-", "")
        # Four digits and two letters written together read as a postcode (see test_identifiers).
        assume(not (plate[:4].isdigit() and plate[4:].isalpha()))
    elif form == "space":
        plate = plate.replace("-", " ")
    if form != "space" and draw(st.booleans()):
        plate = plate.lower()  # lowercase with spaces needs a cue: "ik 12 ab" is speech
    return plate


@settings(max_examples=300)
@given(plates_without_cue())
def test_a_plate_needs_no_cue_when_its_form_is_clear(plate: str) -> None:
    assert_found(f"Die stond daar, {plate}, de hele dag voor de deur.", plate, "KENTEKEN")


@pytest.mark.parametrize("text", ["HIJ IS 12 EN WOONT", "IN 12 UUR", "het werd 12 - 3 - 2", "de 3VWO12 klas"])
def test_no_plate(text: str) -> None:
    assert "KENTEKEN" not in {c for _, c in found(text)}


# --- streets and house numbers --------------------------------------------------------------------

ADDRESSES = [
    ("De buurvrouw van nr. 4, die helpt haar", "4"),
    ("op de zwaluwstraat nummer 17, ja", "zwaluwstraat nummer 17"),
    ("GERICHT AAN MEVR. S. ARSLAN, KAARDEBOLSTRAAT 17-II, 3581 AB UTRECHT.", "KAARDEBOLSTRAAT 17-II"),
    ("vrij aan de Johan Wagenaarkade 60, nee wacht", "Johan Wagenaarkade 60"),
    ("het werd de Oude Gracht 14, dus", "Oude Gracht 14"),
    ("het was Marco Pololaan 210A. Met een tuintje.", "Marco Pololaan 210A"),
    ("naar zijn oude adres, Jan Pieterszoon Coenstraat 45, 3531 EV.", "Jan Pieterszoon Coenstraat 45"),
    ("ze woont op de Jan van Galenstraat 12 al jaren", "Jan van Galenstraat 12"),
    ("woonde op de Weerdsingel Oostzijde 21, en", "Weerdsingel Oostzijde 21"),
    ("een postbus, Postbus 8512, 3503 RM Utrecht.", "Postbus 8512"),
    ("op de Hertogswetering 122 daar", "Hertogswetering 122"),
    ("We liepen over de Aletta Jacobsdreef naar huis.", "Aletta Jacobsdreef"),
    ("ze woont op de Merellaan, huisnummer 12a, al jaren", "12a"),
    ("in de Lange Nieuwstraat 20-III, driehoog.", "Lange Nieuwstraat 20-III, driehoog"),
    ("Oudegracht 112 a, daar", "Oudegracht 112 a"),
    ("nummer 17 van de Kaardebolstraat, daar woonde ze", "17"),
    ("ze woont op de Neude 11, bovenin", "Neude 11"),  # no street word: after a verb of living
    ("ze woont al jaren aan het Vredenburg 12-II", "Vredenburg 12-II"),
    ("Kaardebolstr. 17", "Kaardebolstr. 17"),
    ("bij de Mariaplaats 12 om de hoek", "Mariaplaats 12"),
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_address_forms(text: str, address: str) -> None:
    assert_found(text, address, "LOCATIE")


STREET_SUFFIXES = [
    "straat",
    "laan",
    "weg",
    "plein",
    "singel",
    "kade",
    "hof",
    "dreef",
    "pad",
    "gracht",
    "dijk",
    "steeg",
    "markt",
    "wetering",
    "vaart",
    "plantsoen",
]
HOUSE_NUMBERS = [
    "17",
    "17-II",
    "17 II",
    "210bis",
    "3-bis",
    "12a",
    "12 A",
    "14-A",
    "96 3 hoog",
    "15 boven",
    "8 hs",
]


@settings(max_examples=300)
@given(
    st.sampled_from(["Kaardebol", "Merel", "Dotterbloem", "Weegbree", "Lijsterbes", "Zonne", "Katten"]),
    st.sampled_from(STREET_SUFFIXES),
    st.sampled_from(HOUSE_NUMBERS),
    st.sampled_from(["", "Oude ", "Burgemeester ", "Johan ", "Aletta "]),
)
def test_any_street_with_any_house_number(stem: str, suffix: str, number: str, first: str) -> None:
    street = f"{first}{stem}{suffix} {number}"
    assert_found(f"Ze woont sinds de zomer op de {street}, met haar kinderen.", street, "LOCATIE")


@pytest.mark.parametrize(
    "text",
    [
        "Kerstmarkt 2019 was leuk",
        "De Vergadering 3 keer",
        "staat op nummer 1 bij mij",
        "ze woont op de Markt 3 keer per week",
    ],
)
def test_no_address(text: str) -> None:
    assert "LOCATIE" not in {c for _, c in found(text)}


def test_a_house_letter_is_no_pronoun() -> None:
    assert found("Kaardebolstraat 17 u weet wel") == [("Kaardebolstraat 17", "LOCATIE")]


# --- case and dossier numbers ---------------------------------------------------------------------

CASE_NUMBERS = [
    ("Het cliëntnummer bij de GGZ, 88213, dat heb ik nog", "88213"),
    ("Het nummer van de melding bij Veilig Thuis was 77731, dat weet ik nog.", "77731"),
    ("En het dossier bij ons had een ander nummer, 2019-0345.", "2019-0345"),
    ("2019-0345 stond erop", "2019-0345"),  # a year and a serial number, no cue needed
    ("het dossier met nummer 4471 lag open", "4471"),
    ("Zaaknummer 2020/118734, een ondertoezichtstelling", "2020/118734"),
    ("dossier 18-4471 bij het wijkteam", "18-4471"),
    ("Registratienummer 2019.0044.71 bij de politie", "2019.0044.71"),
    ("en bij de Raad weer een ander, RvdK-19-88120.", "RvdK-19-88120"),
    ("klantnummer 20-558731-A, 50 euro per maand", "20-558731-A"),
    ("cliëntnummer C-104.227.", "C-104.227"),
    ("relatienummer 300.118.745, en", "300.118.745"),
    ("zaak nr. KBU-19.0418, en", "KBU-19.0418"),
]


@pytest.mark.parametrize(("text", "number"), CASE_NUMBERS)
def test_case_number_forms(text: str, number: str) -> None:
    assert_found(text, number, "DOSSIER")


NOT_CASE_NUMBERS = [
    "de klant had 12500 schuld",
    "in 2019-2020 en 2019/20",
    "de melding ging over 25000 euro",
    "Het dossier liep van 2019-2020",
    "ze stond op nummer 1234 in de rij van de zaak",
    "het nummer was 2019 van het dossier",
]


@pytest.mark.parametrize("text", NOT_CASE_NUMBERS)
def test_no_case_number(text: str) -> None:
    assert found(text) == []
