"""Structured identifiers in the forms of the third dev author (corpora/privacy/dev/priv-d22..d29): age bands on
their own and corrections after an age, names listed with ages; house numbers restated after their street,
Utrecht's rood/zwart numbers, numbers inside a named range; phone numbers read in pairs with commas or as
hyphenated words; postcodes dictated after "postcode"; dates with the day in words or as ordinals; e-mail with a
particle after a spoken dot; a BSN in digit words and a plate sign by sign after their cue words. Each form has
its look-alike that must stay. Property tests build the identifiers here, with their own checksums.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.privacy_scoring import elfproef as corpus_elfproef
from bench.privacy_scoring import plate_valid as corpus_plate_valid
from kritischeblik.ingest.pseudonymisation.finders.identifier_numbers import elfproef
from kritischeblik.ingest.pseudonymisation.finders.identifier_plates import SIDECODES
from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers

UNITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
TENS_WORDS = ["twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]
CONSONANTS = "BDFGHJKLNPRSTVXZ"


def found(text: str) -> list[tuple[str, str]]:
    return [(text[a:b], c) for a, b, c in find_identifiers(text)]


def of(text: str, category: str) -> list[str]:
    return [s for s, c in found(text) if c == category]


# --- ages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Moeder, midden veertig, alleen met drie kinderen.", ["veertig"]),
        ("Pleegmoeder was 61, pleegvader rond de zestig.", ["61", "zestig"]),
        ("De oma, die gaat richting de tachtig, kwam elke vrijdag.", ["tachtig"]),
        (
            "Een stel, allebei achter in de zestig, hij 68 en zij ruim 70, woonde daar.",
            ["zestig", "68", "70"],
        ),
        ("De oudste, die is 14, nee wacht, veertien en een half zegt hij zelf.", ["14", "veertien"]),
        (
            "Een negentigjarige, nou ja, bijna eenennegentig, die woonde alleen.",
            ["negentig", "eenennegentig"],
        ),
        ("Een gezin met drie kinderen, Daan 4, Mila 6, Finn 9, zo staat het.", ["4", "6", "9"]),
        ("Kevin. Zeventien jaar en twee maanden, dat weet ik nog precies.", ["Zeventien"]),
        ("Dat mensen van 68 ook nog iets nieuws leren.", ["68"]),
        ("Zijn dochter, die is 59, zei het. Ze gaf haar nummer door als 06 - 38, 19, 72, 40.", ["59"]),
    ],
)
def test_ages_said_without_subject_and_verb(text, ages):
    assert of(text, "LEEFTIJD") == ages


@pytest.mark.parametrize(
    "text",
    [
        "We hadden rond de zestig mensen op de avond.",
        "Het was boven de 30 graden, rond de dertig.",
        "Twee jaar en drie maanden heeft het geduurd.",
        "Groep 4, Klas 6 en Lokaal 9 liggen naast elkaar.",
        "Hij 3 keer en zij 2 keer.",
        "We werkten met mensen van 12 organisaties.",
        "Eenvoud? Ik geef het een 4, die is 4.",
    ],
)
def test_age_look_alikes_stay(text):
    assert of(text, "LEEFTIJD") == []


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["begin", "midden", "eind", "rond de", "richting de", "achter in de", "halverwege de"]),
    st.sampled_from(TENS_WORDS),
    st.sampled_from(["Zijn moeder", "De buurman", "Haar vader", "Oma"]),
)
def test_age_band_after_a_person_is_found(band, decade, person):
    assert of(f"{person}, {band} {decade}, woont alleen.", "LEEFTIJD") == [decade]


# --- addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("later op de Kanaalstraat 40 zwart, weet je", ["Kanaalstraat 40 zwart"]),
        ("Die woonde op de Twijnstr. 14 rood, en hij zei", ["Twijnstr. 14 rood"]),
        ("partijen: Nieuwegracht 3 bis a (boven) en nr. 5 hs, dat", ["Nieuwegracht 3 bis a", "5 hs"]),
        ("aan de Oudegracht aan de werf 123, dat is", ["Oudegracht aan de werf 123"]),
        (
            "op de Amsterdamsestraatweg, ter hoogte van 400 ongeveer",
            ["Amsterdamsestraatweg, ter hoogte van 400"],
        ),
        ("op de Lange Dreef, nummer veertien. Die oma", ["Lange Dreef, nummer veertien"]),
        ("op de Merelstr. 9 boven, nee, 9-boven, zo staat het", ["Merelstr. 9 boven", "9-boven"]),
        (
            "op de Jan van Galenstraat dertien, eh, dertien-A, en",
            ["Jan van Galenstraat dertien", "dertien-A"],
        ),
        ("naar de Benedenwal 21-23, nummer 23 dus, daar", ["Benedenwal 21-23", "23"]),
        (
            "aan de Kastanjelaan, ik weet het nummer nog, 7 tot en met 9, dat was het complex",
            ["Kastanjelaan", "7 tot en met 9"],
        ),
        (
            "Marshalllaan 400 t/m 460, de even nummers, het ging om 412 en 414. Op 412 woonde zij.",
            ["Marshalllaan 400 t/m 460", "412", "414", "412"],
        ),
    ],
)
def test_house_numbers_as_said(text, spans):
    assert of(text, "LOCATIE") == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Hij woont in de Kanaalstraat, en hij stond nummer 2 op de lijst.", ["Kanaalstraat"]),
        ("Hij woont in de Kanaalstraat, zijn nummer is 06 12 34 56 78.", ["Kanaalstraat"]),
        ("Marshalllaan 400 t/m 460, en we deden 412 keer iets.", ["Marshalllaan 400 t/m 460"]),
        ("De Lange Dreef is lang, 3 km.", ["Lange Dreef"]),
    ],
)
def test_house_number_look_alikes_stay(text, spans):
    assert of(text, "LOCATIE") == spans


# --- phone numbers --------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(10, 99), min_size=4, max_size=4), st.sampled_from([", ", " ", " eh ", ", eh, "]))
def test_mobile_read_in_pairs_with_commas_or_hesitation(pairs, sep):
    number = "06 - " + sep.join(str(p) for p in pairs)
    assert of(f"Ze gaf haar nummer door als {number}, en ze woont daar.", "TELEFOONNUMMER") == [number]


def test_number_list_is_no_phone_number():
    assert of("De scores waren 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 en 10.", "TELEFOONNUMMER") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(UNITS), min_size=8, max_size=8))
def test_phone_as_hyphenated_digit_words(digits):
    number = "-".join(["nul", "zes", *digits])
    assert of(f"eentje was {number}.", "TELEFOONNUMMER") == [number]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (
            "Ik belde de schuldhulp, 030 - 286 55 00, en dan intern toestel 4417, maar niemand",
            "030 - 286 55 00, en dan intern toestel 4417",
        ),
        (
            "met plus éénendertig, zes, vijftig, zeventig, dertig, twaalf, eh nee, dertien. Het duurde",
            "plus éénendertig, zes, vijftig, zeventig, dertig, twaalf, eh nee, dertien",
        ),
    ],
)
def test_extension_and_correction_belong_to_the_number(text, number):
    assert of(text, "TELEFOONNUMMER") == [number]


def test_hyphenated_count_words_are_no_phone():
    assert of("We deden het vier-vijf keer, nul-zes keer eigenlijk.", "TELEFOONNUMMER") == []


# --- postcodes ------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1000, 9999),
    st.sampled_from([c for c in "ABCEGHJKLMNPRTVXZ"]),
    st.sampled_from([c for c in "ABCEGHJKLMNPRTVXZ"]),
    st.sampled_from(["digits", "words"]),
    st.sampled_from([" ", ", ", " en "]),
    st.booleans(),
)
def test_postcode_dictated_after_the_cue(number, a, b, form, gap, lower):
    digits = str(number)
    said = " ".join(digits) if form == "digits" else " ".join(UNITS[int(d)] for d in digits)
    letters = f"{a}{gap}{b}".lower() if lower else f"{a}{gap}{b}"
    postcode = f"{said}, {letters}"
    assert of(f"De postcode, dat weet ik nog, {postcode}, zei de melder.", "POSTCODE") == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "Drie vijf één drie, k l, zei hij, dat was alles.",  # no cue
        "De postcode klopte niet. Ik had twee drie vier vijf a b gezegd.",  # another sentence
        "De postcode klopte niet, we hadden 2 of 3 a 4 keer gebeld.",
    ],
)
def test_loose_digits_and_letters_are_no_postcode(text):
    assert of(text, "POSTCODE") == []


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Geboren op de derde van de elfde, tweeduizend twaalf, dus",
            "derde van de elfde, tweeduizend twaalf",
        ),
        ("in het dossier stond zeventien april tweeduizend negen, en", "zeventien april tweeduizend negen"),
        ("Zij is jarig op elf november, zei haar vader", "elf november"),
        ("ik ben geboren op vijftien augustus achtenzestig, u kunt", "vijftien augustus achtenzestig"),
    ],
)
def test_dates_with_the_day_in_words(text, date):
    assert of(text, "DATUM") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "We zien elkaar op drie mei weer.",
        "Dat was de derde van de vijf groepen.",
        "Op twaalf maart twintig mensen.",
    ],
)
def test_day_in_words_without_year_or_cue_stays(text):
    assert of(text, "DATUM") == []


# --- e-mail, BSN, plates, case numbers --------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["p punt de graaf at gmail dot com", "sarah.2000 @ hotmail . com", "j punt van dijk at ziggo punt nl"],
)
def test_spoken_email_forms(address):
    assert of(f"Ze mailde vanaf {address}, maar niets.", "EMAIL") == [address]


def test_spoken_at_without_address_stays():
    assert of("Ze at de graaf punt uit, haha.", "EMAIL") == []


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=8, max_size=8).filter(lambda d: d[0] != 0))
def test_bsn_in_digit_words_after_the_cue(head):
    total = sum(d * w for d, w in zip(head, range(9, 1, -1), strict=True))
    last = total % 11
    if last == 10:
        return  # no check digit makes this head a BSN
    digits = [*head, last]
    assert elfproef("".join(map(str, digits)))
    said = ", ".join(" ".join(UNITS[d] for d in digits[i : i + 3]) for i in (0, 3, 6))
    assert corpus_elfproef(said)
    assert of(f"Haar BSN, {said}, en het zijne ook.", "BSN") == [said]


def test_digit_words_without_bsn_cue_stay():
    assert of("Ik telde acht nul vijf, drie zeven vijf, vijf twee één keer.", "BSN") == []


# Read sign by sign, two letter groups (or two digit groups) side by side run together ("B B B B 10"): only the
# sidecodes that alternate letters and digits can be read that way.
_ALTERNATING = [
    c for c in SIDECODES if all(a[0] != b[0] for a, b in zip(c.split("-"), c.split("-")[1:], strict=False))
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_ALTERNATING), st.data())
def test_plate_letter_by_letter_after_kenteken(code, data):
    groups = []
    for g in code.split("-"):
        n = int(g[1])
        if g[0] == "L":
            groups.append(" ".join(data.draw(st.sampled_from(CONSONANTS)) for _ in range(n)))
        else:
            groups.append(str(data.draw(st.integers(10 ** (n - 1), 10**n - 1))))
    plate = " ".join(groups)
    assert corpus_plate_valid(plate)
    assert of(f"Hij reed in een bus, kenteken {plate}, en die stond daar.", "KENTEKEN") == [plate]


def test_plate_spoken_with_numbers_in_words():
    assert of("Het nummerbord was vier, K T R, eenennegentig.", "KENTEKEN") == ["vier, K T R, eenennegentig"]


def test_kenteken_without_plate_stays():
    assert of("Zijn kenteken weet ik niet, een of twee dingen wel.", "KENTEKEN") == []


def test_case_number_with_a_dash_between_groups():
    text = "De melding bij Veilig Thuis had nummer VT 2019 - 33 81 27, en verder niets."
    assert of(text, "DOSSIER") == ["VT 2019 - 33 81 27"]
