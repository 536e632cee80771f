"""Structured identifiers as transcribers and speech recognition write them (pseudonymisation.finders): numbers
read aloud group by group or split by speech recognition ("zes en twintig", "NL 73, RABO, 9542, ..."), hesitations
inside a number, no-break spaces, dictated postcodes, houseboat addresses and ranges, compound cue words, court
numbers, years of birth after "van" and before "geboren", ages in relative clauses, lists and halves. Each form
has its negative. Property tests build the identifiers here, with their own checksums. The forms of the earlier
rounds are in tests/test_identifier_forms.py (which is near its size limit) and tests/test_identifiers.py.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bench.privacy_scoring import iban_valid as corpus_iban_valid
from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers
from kritischeblik.ingest.pseudonymisation.finders.spoken_numbers import spelled_spans, spelled_value


def found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], c) for a, b, c in find_identifiers(text)]


def assert_found(text: str, surface: str, category: str) -> None:
    hits = found(text)
    assert (surface, category) in hits, hits


def of(text: str, category: str) -> list[str]:
    return [s for s, c in found(text) if c == category]


UNITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TENS = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]


# --- spoken numbers -------------------------------------------------------------------------------


@given(st.integers(1, 9), st.integers(2, 9), st.booleans())
def test_a_compound_split_by_speech_recognition_is_one_number(unit: int, ten: int, split: bool) -> None:
    joiner = "ën" if UNITS[unit].endswith("e") else "en"
    words = f"{UNITS[unit]} en {TENS[ten]}" if split else f"{UNITS[unit]}{joiner}{TENS[ten]}"
    assert spelled_value(words) == 10 * ten + unit
    text = f"ze is {words}, denk ik"
    assert list(spelled_spans(text, text.lower())) == [(6, 6 + len(words))]


def test_a_list_of_numbers_stays_a_list() -> None:
    text = "van twee en vier"
    assert [text[a:b] for a, b in spelled_spans(text, text)] == ["twee", "vier"]


# --- ages -----------------------------------------------------------------------------------------

AGES = [
    ("Alleen met drie kinderen, van 4, 7 en 11. Ze kwam", ["4", "7", "11"]),  # a comma before "van"
    ("Haar oudste zus, van 19, past soms op.", ["19"]),
    ("een dochtertje, van vijf, zes jaar, dat er is", ["vijf", "zes"]),  # a comma list closed by "jaar"
    ("Haar vriend, die is zes en twintig, woont in Den Haag.", ["zes en twintig"]),  # split by recognition
    ("een broertje van anderhalf, en hij", ["anderhalf"]),
    ("een jongetje, dat is nu 1,5 jaar oud.", ["1,5"]),
    ("een kleintje van 2,5, dat komt op vrijdag", ["2,5"]),
    ("Lina (3,5) naar de peuterspeelzaal", ["3,5"]),
    ("Lina, die is drie en een half. Moeder", ["drie en een half"]),
    ("Ze kreeg op haar zestiende een kind.", ["zestiende"]),
    ("Ik vroeg: hoe oud was je toen je dat moest doen? Twaalf, zei hij.", ["Twaalf"]),
    ("nu ben ik 61, dan ben ik 64 als ik schuldenvrij ben", ["61", "64"]),
    ("belde ik haar. Ze wordt in september 18, en", ["18"]),  # no determiner across a sentence end
    ("Een echtpaar van 80 en 82, meneer en mevrouw Kramer", ["80", "82"]),
    ("samen met haar schoonmoeder van 101, haha", ["101"]),
    ("een jongen van 12 à 13 jaar", ["12", "13"]),
    ("de kinderen, 4 en 7, spelen buiten", ["4", "7"]),
    ("twee kinderen (4 en 7) thuis", ["4", "7"]),
    ("lft. 12, woont bij moeder", ["12"]),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_age_forms(text: str, expected: list[str]) -> None:
    assert of(text, "LEEFTIJD") == expected


NOT_AGES = [
    "Schulden bij de verzekeraar, 2 à 3 jaar premie niet betaald.",
    "Het zijn 3 kinderen, van 4 tot 12.",
    "Hoe oud is dat huis? 100 jaar.",
    "Dat duurde 2,5 jaar.",
    "Ze scoorde een 8,5.",
    "Hij is 7,5 uur per dag bezig.",
    "Het duurt anderhalf jaar.",
    "Ik heb op mijn zesde werkdag al ontslag genomen.",
    "met mijn vijfde kind was het anders",
    "Er kwamen 40 à 50 mensen.",
]


@pytest.mark.parametrize("text", NOT_AGES)
def test_no_age(text: str) -> None:
    assert of(text, "LEEFTIJD") == []


@settings(max_examples=150)
@given(
    st.integers(1, 9), st.integers(2, 9), st.sampled_from(["die is", "hij is", "Gerrit is", "mijn man is"])
)
def test_an_age_split_by_speech_recognition(unit: int, ten: int, subject: str) -> None:
    words = f"{UNITS[unit]} en {TENS[ten]}"
    assert of(f"Ja, {subject} {words}, en ik ben jonger.", "LEEFTIJD") == [words]


# --- years and dates of birth ---------------------------------------------------------------------

BIRTHS = [
    ("Hij is van 2005, dus een jaar ouder", ["2005"]),
    ("Dat halfzusje is van 2016, dus die is 3.", ["2016"]),
    ("Haar moeder, die is van '82, die zei", ["'82"]),
    ("Die van Nieuwegein, die is trouwens ook van '71, net als ik", ["'71"]),
    ("De kinderen zijn van 2009, 2011 en 2014, en", ["2009", "2011", "2014"]),
    ("de kleinste, een kind van 2016, die", ["2016"]),
    ("zijn moeder, die is in 1990 geboren, die woonde", ["1990"]),
    ("Die is geboren in '08, in de zomer.", ["'08"]),
    ("kinderen geboren 2009, 2011 en 2014; Lina", ["2009", "2011", "2014"]),
    ("geb. 12-3-'09", ["12-3-'09"]),
    ("op haar inschrijving stond geb. 12/9/'02, en", ["12/9/'02"]),
    ("die is geboren op 1 - 4 - 1955, en", ["1 - 4 - 1955"]),
    ("een geboortedatum in het ene systeem van 12 03 2004 en", ["12 03 2004"]),
    ("zijn geboortedatum, 12 maart negentien achtendertig. Ik", ["12 maart negentien achtendertig"]),
]


@pytest.mark.parametrize(("text", "expected"), BIRTHS)
def test_birth_forms(text: str, expected: list[str]) -> None:
    assert of(text, "DATUM") == expected


NOT_BIRTHS = [
    "De wet is van 2015.",
    "Die regeling is van 2015, dus al oud.",
    "Hij is van 2005 tot 2010 getrouwd geweest.",
    "een plan van 2019",
    "Ze kwam in 2009 naar Nederland.",
    "We hebben een budget van 2000 euro.",
    "het nummer was 12 03 2004",  # a spaced date needs a birth cue
]


@pytest.mark.parametrize("text", NOT_BIRTHS)
def test_no_birth_date(text: str) -> None:
    assert of(text, "DATUM") == []


@settings(max_examples=150)
@given(
    st.sampled_from(
        ["Hij is", "Zij is", "Die is", "Fenna is", "Mijn zoon is", "een jongen", "De kinderen zijn"]
    ),
    st.integers(1930, 2019),
    st.booleans(),
)
def test_a_year_of_birth_after_van(subject: str, year: int, short: bool) -> None:
    written = f"'{year % 100:02d}" if short else str(year)
    assert of(f"Ja, {subject} van {written}, dat weet ik nog.", "DATUM") == [written]


@settings(max_examples=100)
@given(
    st.sampled_from(["De brief is", "Dat rapport is", "Het plan is", "Die wet is", "Ons huis is"]),
    st.integers(1930, 2019),
)
def test_a_year_of_a_thing_is_no_birth(subject: str, year: int) -> None:
    assert of(f"{subject} van {year}, dat weet ik nog.", "DATUM") == []


# --- phone numbers --------------------------------------------------------------------------------

PHONES = [
    ("maar 030-282 44 00 doorkiesnummer 231, of", "030-282 44 00 doorkiesnummer 231"),  # an extension
    ("030 – 282 44 00, toestel 231", "030 – 282 44 00, toestel 231"),
    ("zijn nieuwe nummer, 06–38 21 90 47, met", "06–38 21 90 47"),  # an en dash
    ("het nummer van de buurvrouw, 06 eh 22 47 91 30, zo", "06 eh 22 47 91 30"),  # a hesitation inside
    ("een kennis, +32 (0)470 12 34 56, die", "+32 (0)470 12 34 56"),  # foreign with "(0)"
    ("belde ons op +49 (0)171 4452 903, die", "+49 (0)171 4452 903"),
    ("bel (+31) 6 1234 5678 maar", "(+31) 6 1234 5678"),
    ("Zijn 06-nummer, 38 12 45 67, zei hij", "38 12 45 67"),  # without its 06
    ("haar mobiel, nul zes, eh, 41 23 78 90, zo", "nul zes, eh, 41 23 78 90"),
    (
        "nul zes, zes en twintig, achttien, drie en negentig, veertig, dat",
        "nul zes, zes en twintig, achttien, drie en negentig, veertig",
    ),
    (
        "hij zei: plus vierendertig, zes twaalf, drie vier vijf, zes zeven acht. Ik",
        "plus vierendertig, zes twaalf, drie vier vijf, zes zeven acht",
    ),
    ("06\u00a012\u00a034\u00a056\u00a078", "06\u00a012\u00a034\u00a056\u00a078"),  # no-break spaces
]


@pytest.mark.parametrize(("text", "phone"), PHONES)
def test_phone_forms(text: str, phone: str) -> None:
    assert_found(text, phone, "TELEFOONNUMMER")


def test_a_menu_choice_is_no_extension() -> None:
    assert of("tel. 030-2 885 885, keuze 3, en", "TELEFOONNUMMER") == ["030-2 885 885"]


@pytest.mark.parametrize(
    "text", ["We waren met z'n 40, eh, 50 mensen.", "nul nul vier twee, nee, dat is het niet"]
)
def test_no_phone(text: str) -> None:
    assert of(text, "TELEFOONNUMMER") == []


def _spoken_pair(pair: str, split: bool) -> str:
    a, b = int(pair[0]), int(pair[1])
    if a == 0:
        return f"nul {UNITS[b]}"
    if a == 1:
        return [
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
        ][b]
    if b == 0:
        return TENS[a]
    return (
        f"{UNITS[b]} en {TENS[a]}"
        if split
        else UNITS[b] + ("ën" if UNITS[b].endswith("e") else "en") + TENS[a]
    )


@settings(max_examples=200)
@given(st.lists(st.sampled_from(string.digits), min_size=8, max_size=8), st.booleans(), st.booleans())
def test_a_mobile_number_as_speech_recognition_writes_it(
    digits: list[str], split: bool, hesitate: bool
) -> None:
    pairs = ["06", *("".join(digits[i : i + 2]) for i in range(0, 8, 2))]
    words = [_spoken_pair(p, split) for p in pairs]
    if hesitate:
        words.insert(1, "eh")
    phone = ", ".join(words)
    assert_found(f"Haar nummer is {phone}, dat ken ik uit mijn hoofd.", phone, "TELEFOONNUMMER")


# --- IBAN -----------------------------------------------------------------------------------------


def _with_check_digits(bban: str) -> str:
    """An NL IBAN around ``bban`` with its ISO 13616 check digits, computed here."""
    value = int("".join(str(int(c, 36)) for c in bban + "NL00"))
    return f"NL{98 - value % 97:02d}{bban}"


IBANS = [
    "NL 73, RABO, 9542, 5550, 34",  # read out with commas between the groups
    "N L 33 ABNA 0350 3446 63",  # the country code dictated letter by letter
    "nl26 snsb\n7956 309 454",  # broken over two lines
    "NL drie acht RBRB 1440 9749 92",  # check digits in words
    "NL achtendertig KNAB 8651 6750 19",
    "NL zeven en zestig RABO 3279 6224 90",
    "NL 74 ABN A 807 516 5614",  # the bank code split by speech recognition
    "NL91\u00a0ABNA\u00a00417\u00a01643\u00a000",
    "N L 9 1 A B N A 0 4 1 7 1 6 4 3 0 0",
]


@pytest.mark.parametrize("iban", IBANS)
def test_iban_forms(iban: str) -> None:
    assert corpus_iban_valid(iban)  # the corpus validator reads the same forms
    assert_found(f"Het geld komt op {iban}, elke maand.", iban, "IBAN")


def test_an_account_number_from_before_the_iban() -> None:
    assert of("Zijn oude rekeningnummer is 1234.56.789, zeg maar.", "IBAN") == ["1234.56.789"]
    assert of("giro 1234567", "IBAN") == ["1234567"]
    assert of("een bankrekening van 1200000 euro", "IBAN") == []


def test_commas_between_groups_need_a_valid_checksum() -> None:
    assert of("NL 73, RABO, 9542, 5550, 35. Met", "IBAN") == []


@st.composite
def read_aloud_ibans(draw: st.DrawFn) -> str:
    bank = draw(st.sampled_from(["RABO", "INGB", "ABNA", "SNSB", "TRIO", "KNAB", "ASNB", "BUNQ"]))
    iban = _with_check_digits(bank + "".join(draw(st.sampled_from(string.digits)) for _ in range(10)))
    check, bban = iban[2:4], iban[4:]
    groups = [bban[i : i + 4] for i in range(0, 14, 4)]
    style = draw(st.sampled_from(["commas", "words", "digit words", "split words", "line", "letters"]))
    if style == "commas":
        return f"NL {check}, " + ", ".join(groups)
    if style == "line":
        return f"nl{check} {groups[0].lower()}\n" + " ".join(groups[1:])
    if style == "letters":
        return f"N L {check} " + " ".join(groups)
    tens, unit = int(check[0]), int(check[1])
    if style == "digit words" or tens < 2 or unit == 0:
        spoken = f"{UNITS[tens]} {UNITS[unit]}"
    elif style == "split words":
        spoken = f"{UNITS[unit]} en {TENS[tens]}"
    else:
        spoken = UNITS[unit] + ("ën" if UNITS[unit].endswith("e") else "en") + TENS[tens]
    return f"NL {spoken} " + " ".join(groups)


@settings(max_examples=300)
@given(read_aloud_ibans())
def test_an_iban_as_read_aloud_and_transcribed(iban: str) -> None:
    assert_found(f"Op de bankpas staat {iban}, en er was nog een oude.", iban, "IBAN")


# --- postcodes ------------------------------------------------------------------------------------

POSTCODES = [
    ("haar postcode is 3553.KL, met een punt", "3553.KL"),
    ("post naar NL-3534 BD", "3534 BD"),
    ("de Zwaanstraat, 3551  JM, met twee spaties", "3551  JM"),
    ("De leerplicht schreef naar 3551 J M, de letters los.", "3551 J M"),
    ("de postcode van de Bankastraat als 35 52 ER, zoals", "35 52 ER"),
    ("de postcode moest erbij, 3562, HK, zo", "3562, HK"),
    ("in Zeist, (3701 GE), die komt", "3701 GE"),
]


@pytest.mark.parametrize(("text", "postcode"), POSTCODES)
def test_postcode_forms(text: str, postcode: str) -> None:
    assert_found(text, postcode, "POSTCODE")


@pytest.mark.parametrize(
    "text",
    ["kinderen geboren 2009, 2011 en 2014", "om 12 30 AB", "in 2019, EN toen", "het kostte 2019.ab"],
)
def test_no_postcode(text: str) -> None:
    assert of(text, "POSTCODE") == []


# --- addresses ------------------------------------------------------------------------------------

ADDRESSES = [
    ("het adres is Zuilenselaan bij 23, zo schrijf je dat", "Zuilenselaan bij 23"),  # a houseboat
    ("ze woont op de Oosterkade t.o. 34, die is 88", "Oosterkade t.o. 34"),
    ("op de Cartesiusweg 90 t/m 94, een oud pand", "Cartesiusweg 90 t/m 94"),
    ("aan de Kanaalweg 12 - 14 en", "Kanaalweg 12 - 14"),
    ("op de brieven stond Amsterdamsestraatweg 412 a/b, en", "Amsterdamsestraatweg 412 a/b"),
    ("gegaan, Bankastraat nummer vijfendertig, en daarna", "Bankastraat nummer vijfendertig"),
    ("ze woont op de Kanaalstraat twaalf, al jaren", "Kanaalstraat twaalf"),
    ("stond het nog als amsterdamse straatweg 412, in kleine letters", "amsterdamse straatweg 412"),
    ("bij de school als Banka straat 35. En", "Banka straat 35"),
]


@pytest.mark.parametrize(("text", "address"), ADDRESSES)
def test_address_forms(text: str, address: str) -> None:
    assert_found(text, address, "LOCATIE")


@pytest.mark.parametrize(
    ("text", "stays"),
    [
        ("op de Biltstraat bij 3 winkels", "3"),
        ("de Kanaalstraat twee keer per dag", "twee"),
        ("Kanaalweg 12 - 14 uur later", "14"),  # a time, not a range of house numbers
        ("De straat 35 meter verderop", "35"),
        ("de Cartesiusweg 90 t/m", "t/m"),
        ("de Biltstraat, twee, drie keer", "twee"),
    ],
)
def test_no_house_number(text: str, stays: str) -> None:
    assert not any(stays in s for s in of(text, "LOCATIE"))


# --- case and dossier numbers ---------------------------------------------------------------------

CASES = [
    ("een betalingskenmerk, 5001 2887 4410 2316, en", "5001 2887 4410 2316"),  # a compound cue, a comma
    ("met een beschikkingsnummer, 2019 0087 1143. Drie", "2019 0087 1143"),
    ("een toewijzingsnummer, 2019 44 18 07, en", "2019 44 18 07"),
    ("Bij de zorgaanbieder: cliëntcode YA-88213.", "YA-88213"),
    ("rekestnummer JE RK 19-2231, en", "JE RK 19-2231"),  # a court number
    ("rekestnummer je rk 19-4410, in kleine letters", "je rk 19-4410"),
    ("Het dossiernummer daarvan heb ik hier, D 2020 0044 71, en", "D 2020 0044 71"),  # groups apart
    ("Het zaaknummer bij de bank was 2020 118 734, dat", "2020 118 734"),
]


@pytest.mark.parametrize(("text", "number"), CASES)
def test_case_number_forms(text: str, number: str) -> None:
    assert_found(text, number, "DOSSIER")


@pytest.mark.parametrize(
    "text",
    [
        "het telefoonnummer 1234 werkt niet",
        "zijn huisnummer, 2019",
        "in lokaalnummer 1204",
        "de pincode 4471",
        "op de 12-1400 wachten",
        "Sinds 2019 zijn er 12 000 aanvragen",
        "het nummer van de melding was 12 000 euro",
    ],
)
def test_no_case_number(text: str) -> None:
    assert of(text, "DOSSIER") == []


@settings(max_examples=200)
@given(
    st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2),
    st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2),
    st.integers(10, 29),
    st.integers(100, 99999),
    st.booleans(),
)
def test_any_court_number(a: str, b: str, year: int, serial: int, lower: bool) -> None:
    number = f"{a} {b} {year}-{serial}"
    words = {
        "OP",
        "DE",
        "IN",
        "EN",
        "TE",
        "OM",
        "NA",
        "NU",
        "ZO",
        "AL",
        "IS",
        "ER",
        "JA",
        "JE",
        "ZE",
        "WE",
        "UW",
        "OF",
        "AF",
        "EH",
        "OH",
        "OK",
        "IK",
    }
    assume(not (lower and a in words and b in words))
    number = number.lower() if lower else number
    assert_found(f"Bij de rechtbank loopt {number}, dat weet ik.", number, "DOSSIER")


# --- BSN ------------------------------------------------------------------------------------------


def _elfproef(digits: str) -> bool:
    return (
        sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    ) % 11 == 0


@st.composite
def bsns(draw: st.DrawFn) -> str:
    """A nine-digit number that passes the elfproef: eight digits, the ninth computed here."""
    head = draw(st.sampled_from("123456789")) + "".join(
        draw(st.sampled_from(string.digits)) for _ in range(7)
    )
    last = sum(int(d) * w for d, w in zip(head, range(9, 1, -1), strict=True)) % 11
    assume(last < 10)
    return head + str(last)


@settings(max_examples=200)
@given(bsns(), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_a_bsn_read_digit_by_digit_or_with_no_break_spaces(number: str, space: str) -> None:
    assert _elfproef(number)
    written = space.join(number) if space == " " else f"{number[:4]}{space}{number[4:6]}{space}{number[6:]}"
    assert_found(f"Zijn nummer stond erop, {written}, op alle papieren.", written, "BSN")
