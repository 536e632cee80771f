"""Postcodes, house numbers, phone numbers, e-mail, BSNs and dates of birth in the forms of the fifth dev author
(corpora/privacy/dev/priv-d38..d49), and identifiers with a transcriber's note or timestamp inside. The examples
differ from the corpus; each form has a look-alike that must stay.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_identifier_forms import SPOKEN_DIGITS, spoken_pair

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ze woont op 3571 G.B., vlak bij het park.", ["3571 G.B."]),
        ("Zijn adres? 3523 eh BE, geloof ik.", ["3523 eh BE"]),
        ("De postcode moest ze opzoeken: 3584 en dan CS.", ["3584 en dan CS"]),
        ("Op de envelop stond pc 3521\nkl, en verder niets.", ["3521\nkl"]),
        ("Op het briefje: 3583.rk, met een punt.", ["3583.rk"]),
        ("Ze stuurde het naar 3 5 2 4 K L, zonder straat.", ["3 5 2 4 K L"]),
        ("De postcode van haar zus is vierendertig vijftien, es tee.", ["vierendertig vijftien, es tee"]),
        ("Postcode: drie-vijf-vier-twee, H-K, zei hij.", ["drie-vijf-vier-twee, H-K"]),
        ("De postcode begint met 35, dan 62 en dan HK.", ["35, dan 62 en dan HK"]),
        ("Postcode drieëndertig tweeënzestig HK, zei ze.", ["drieëndertig tweeënzestig HK"]),
        ("Haar postcode was drie vijf zes twee, eh, H K, zei ze.", ["drie vijf zes twee, eh, H K"]),
        ("De postcode is 3562 – HK.", ["3562 – HK"]),
        ("pc: 3562 ha", ["3562 ha"]),
    ],
)
def test_postcodes_as_transcribed(text: str, found: list[str]) -> None:
    assert of(text, "POSTCODE") == found


@pytest.mark.parametrize(
    "text",
    [
        "het kostte 2019.ab",
        "Om 1530 eh ja, dat weet ik niet meer.",
        "In 2019 en dan 2020 ging het mis.",
        "Mijn postcode is 1000EH en de rest weet je.",
        "Postcode drie vijf zes twee en toen niets meer.",
        "van 2019 - en toen ging het mis",
    ],
)
def test_look_alikes_of_transcribed_postcodes(text: str) -> None:
    assert of(text, "POSTCODE") in ([], ["1000EH"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ze woont op de Neude, nummer drie, al jaren.", ["Neude, nummer drie"]),
        ("Nu woont hij op 23-III, met uitzicht.", ["23-III"]),
        ("Op de Kerkstraat 4, 4a en 4b woont één familie.", ["Kerkstraat 4", "4a", "4b"]),
        ("In het portiek: zij op nummer 5 boven en hij op 7 beneden.", ["5 boven", "7 beneden"]),
        ("Adres: Molenweg nr.8, daar woont ze.", ["Molenweg nr.8"]),
        ("Ze woonde aan de Kanaalweg, op 112, eh, 112-B.", ["Kanaalweg, op 112", "112-B"]),
        ("Hij zit in de Biltstraat 20/3, derde etage.", ["Biltstraat 20/3"]),
        ("Op de Lange Nieuwstraat achttien-B, zei ze.", ["Lange Nieuwstraat achttien-B"]),
        (
            "Hij woont in de Burg. Reigerstraat tweehonderdzeven, geloof ik.",
            ["Burg. Reigerstraat tweehonderdzeven"],
        ),
        ("Het adres is Achter Clarenburg 2.", ["Achter Clarenburg 2"]),
        ("Zij woont op Zonnenburg 14, met haar moeder.", ["Zonnenburg 14"]),
        ("Ze woont Bemuurde Weerd OZ 12.", ["Bemuurde Weerd OZ 12"]),
        ("Nummer 12 op de Kaardebol, daar woont ze.", ["12", "Kaardebol"]),
        ("Kanaalstraat 12 BIS, de bovenwoning.", ["Kanaalstraat 12 BIS"]),
        ("Kanaalstraat 12/I, eerste etage.", ["Kanaalstraat 12/I"]),
    ],
)
def test_house_numbers_as_said(text: str, found: list[str]) -> None:
    assert of(text, "LOCATIE") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hij stond op de lijst, nummer 3, dus hij was bijna aan de beurt.", []),
        ("We liepen door de Kanaalstraat 12, 3 keer per week.", ["Kanaalstraat 12"]),
        ("Ze woonde in de Kanaalstraat 12 en 3 jaar later in Zeist.", ["Kanaalstraat 12"]),
        # A street with a street word stays the street finder's (not one span with "huisnummer").
        ("We zaten op de Merellaan, huisnummer 12a, al jaren.", ["Merellaan", "12a"]),
        ("Ze woont in Marokko 20 jaar al.", []),
        ("Hij woonde in Duitsland 1990 tot 2000.", []),
        ("Het adres is mei 12 geworden.", []),
    ],
)
def test_look_alikes_of_house_numbers(text: str, found: list[str]) -> None:
    assert [f for f in of(text, "LOCATIE") if f != "Zeist"] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bel het kantoor: 020... 555... 12... 34, doorkies 210.", ["020... 555... 12... 34, doorkies 210"]),
        ("Zijn broer in Turkije: +90 (212) 555 12 34.", ["+90 (212) 555 12 34"]),
        (
            "Haar nummer: nul twintig, vijf, dubbel vijf, één twee, drie vier.",
            ["nul twintig, vijf, dubbel vijf, één twee, drie vier"],
        ),
        ("Zijn 06 is 12 34 56 78, dat weet ik uit mijn hoofd.", ["12 34 56 78"]),
        ("Het was 030 234 56 78 of 79, ik weet het niet meer.", ["030 234 56 78 of 79"]),
        ("Haar vaste nummer, 030\u20112345678, staat in het dossier.", ["030\u20112345678"]),
        ("Zijn nummer: +31(6)41237890.", ["+31(6)41237890"]),
        (
            "Nul zes... vier één... twee drie... zeven acht... negen nul.",
            ["Nul zes... vier één... twee drie... zeven acht... negen nul"],
        ),
        ("Het was 06 41 23... eh... 78 90, zei ze.", ["06 41 23... eh... 78 90"]),
    ],
)
def test_phone_numbers_as_dictated(text: str, found: list[str]) -> None:
    assert of(text, "TELEFOONNUMMER") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bel 030 234 56 78 of 112 bij nood.", ["030 234 56 78"]),
        ("Eenvoud kreeg een dubbel vier van ons allebei.", []),
        ("De 06 van mijn zus ken ik niet uit mijn hoofd.", []),
    ],
)
def test_look_alikes_of_dictated_phone_numbers(text: str, found: list[str]) -> None:
    assert of(text, "TELEFOONNUMMER") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Zijn mail: tim punt b at-teken live punt nl, zei hij.", ["tim punt b at-teken live punt nl"]),
        (
            "Stuur het naar j.bakker(apenstaartje)kpnmail(punt)nl graag.",
            ["j.bakker(apenstaartje)kpnmail(punt)nl"],
        ),
        ("Haar mailadres is anna punt de wit, bij hotmail.", ["anna punt de wit, bij hotmail"]),
        ("Ik mail Anna, bij Hotmail weten ze niks.", []),
        ("Schrijf naar jan.devries(a)gmail.com, zei hij.", ["jan.devries(a)gmail.com"]),
        ("Zie bijlage (a) voor de rest.", []),
    ],
)
def test_e_mail_as_said(text: str, found: list[str]) -> None:
    assert of(text, "EMAIL") == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Zij wordt 7 op 23-11, dan geven we een feestje.", ["23-11"]),
        ("Geb. 4/6, welk jaar weet ik niet zeker, ik denk 1961.", ["4/6", "1961"]),
        ("Hij zegt altijd: ik ben 1999.", ["1999"]),
        ("De jongens zijn 07'ers, dus van 2007.", ["07'", "2007"]),
        ("Op de kaart staat alleen het geboortejaar, 1955.", ["1955"]),
        ("Ik ben 2000 euro kwijt.", []),
        ("De 60-ers in het buurthuis koken samen.", []),
        ("We beginnen op 12-3 met de training.", []),
        ("Geb. 4/6. In 1990 kwam ze naar Nederland.", ["4/6"]),
        ("Geboortedatum: 03032006, zo staat het erin.", ["03032006"]),
        ("Hij is geboren 12 april, 1961, in Amsterdam.", ["12 april, 1961"]),
    ],
)
def test_dates_of_birth_as_said(text: str, found: list[str]) -> None:
    assert of(text, "DATUM") == found


# --- a BSN read out in pairs, as a phone number is --------------------------------------------------------------
@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    first8 = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8).filter(lambda d: d[0] != 0))
    check = sum(d * w for d, w in zip(first8, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    if check == 10:
        first8[7] = (first8[7] + 1) % 10
        check = sum(d * w for d, w in zip(first8, (9, 8, 7, 6, 5, 4, 3, 2), strict=True)) % 11
    return "".join(map(str, first8)) + str(check % 10) if check < 10 else "111222333"


@settings(max_examples=80)
@given(valid_bsns())
def test_a_bsn_read_in_pairs_after_its_cue(bsn: str) -> None:
    words = ", ".join([SPOKEN_DIGITS[int(bsn[0])]] + [spoken_pair(bsn[i : i + 2]) for i in range(1, 9, 2)])
    text = f"Zijn BSN las hij voor: {words}. Daarna de rest."
    assert of(text, "BSN") == [words]


def test_no_bsn_from_an_age_after_the_cue() -> None:
    assert of("Zijn BSN weet hij niet, hij is drie en twintig.", "BSN") == []


# --- notes inside an identifier -----------------------------------------------------------------------------
NOTES = ["#00:12:31-4#", "[00:12:31]", "(00:12)", "[onverstaanbaar]", "(lacht)", "[pauze]", "(stilte)"]


@settings(max_examples=80)
@given(st.sampled_from(NOTES), st.integers(1, 4))
def test_a_note_inside_a_phone_number(note: str, cut: int) -> None:
    groups = ["06", "41", "27", "93", "58"]
    number = " ".join([*groups[:cut], note, *groups[cut:]])
    text = f"Haar mobiel is {number}, zei ze."
    assert of(text, "TELEFOONNUMMER") == [number]


@settings(max_examples=40)
@given(st.sampled_from(NOTES))
def test_a_note_inside_an_e_mail_address_and_a_bsn(note: str) -> None:
    mail = f"p.jansen@ {note} ziggo.nl"
    assert of(f"Hij mailde vanaf {mail}, gisteren.", "EMAIL") == [mail]
    bsn = f"111 222 {note} 333"
    assert of(f"Het BSN is {bsn}, zei ze.", "BSN") == [bsn]


@pytest.mark.parametrize(
    "text",
    [
        "Dat was het. #00:12:01-5#",
        "We begonnen om 10 uur [00:12:01] met de les.",
        "Ze lachte (lacht) en zei niets.",
        "Groep 6 (00:14) ging naar buiten.",
    ],
)
def test_notes_outside_identifiers_stay(text: str) -> None:
    assert find_identifiers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "06 [x] " * 3000,
        "#00:00:01-1# 1 " * 2000,
        "3562 eh " * 3000,
        "dubbel " * 3000,
        "030... " * 3000,
        "in de Aaa, nummer " * 2000,
        "Kerkstraat 1, " + "1a, " * 3000,
        "mail is a punt " * 2000 + "bij gmail",
    ],
)
def test_long_hostile_input_ends(text: str) -> None:
    # A regex that backtracks catastrophically would never return on these; the result itself is no concern.
    assert isinstance(find_identifiers(text), list)


# -- the sixth dev author (corpora/privacy/dev/priv-d50..d59) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "category", "found"),
    [
        # a number across the road, a dwelling word with a floor or letter and its correction
        ("De auto stond t.o. nummer 12a, de hele nacht.", "LOCATIE", ["12a"]),
        ("Het busje staat t.o. 7.", "LOCATIE", ["7"]),
        ("Ze kreeg een benedenwoning, 8-hs, nee wacht, 8-bis.", "LOCATIE", ["8-hs", "8-bis"]),
        ("Het appartement 22-III is verkocht.", "LOCATIE", ["22-III"]),
        # a floor of two digits after the house number
        ("Hij woont op de Rijnlaan 310 14 hoog.", "LOCATIE", ["Rijnlaan 310 14 hoog"]),
        # a mobile or landline with "(0)" and no country code
        ("Bel haar op (0)6-29384756 na vijven.", "TELEFOONNUMMER", ["(0)6-29384756"]),
        ("Het kantoor: (0)30 264 19 88.", "TELEFOONNUMMER", ["(0)30 264 19 88"]),
        # a dotted country code of an IBAN (valid checksum)
        ("Rekening N.L. 47 RABO 0308 4716 25 staat op haar naam.", "IBAN", ["N.L. 47 RABO 0308 4716 25"]),
        # a date of birth with an unknown day or month
        ("Op de verblijfspas: geboren 00-00-1998.", "DATUM", ["00-00-1998"]),
        ("Geboortedatum 00/04/2001, verder niets.", "DATUM", ["00/04/2001"]),
        # day and month as ordinals in digits
        ("Zij is geboren op de 7e van de 10e, 1983.", "DATUM", ["7e van de 10e, 1983"]),
        ("Hij is jarig op de 1ste van de 12de.", "DATUM", ["1ste van de 12de"]),
    ],
)
def test_sixth_author_identifier_forms(text: str, category: str, found: list[str]) -> None:
    assert of(text, category) == found


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Dat is t.o.v. 2019 veel beter.", "LOCATIE"),
        ("Het ligt t.o. 2020 iets hoger.", "LOCATIE"),  # a year
        ("De woning, 3 kamers en een tuin.", "LOCATIE"),  # a count without an addition
        ("Een flat van 12 hoog.", "LOCATIE"),
        ("Hij telde (0)6 keer, zei hij.", "TELEFOONNUMMER"),
        ("Het rapport N.L. 12 ABCD was onleesbaar.", "IBAN"),  # no valid IBAN
        ("De vergadering van 00.00 tot 12.00 2020.", "DATUM"),
        ("Score 00-00 bij de rust.", "DATUM"),
        ("Hij werd de 3e van de 5 kinderen.", "DATUM"),
        ("Op de 2e van de maand betaalt ze de huur.", "DATUM"),
    ],
)
def test_look_alikes_of_sixth_author_forms_stay(text: str, category: str) -> None:
    assert of(text, category) == []
