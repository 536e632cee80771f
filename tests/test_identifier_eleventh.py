"""Identifiers in the forms of the eleventh dev author (corpora/privacy/dev/priv-d100..d109) and found while
measuring: plates with dots, e-mail said aloud ("aapje", "punt en el"), years written against an age, a title
written short before an age in brackets, a lettered house number after "op", postcodes with a dictated space, a
thousands dot or letters said in English, and "twintig tien" as a year. Examples differ from the corpus; each rule
has look-alikes that stay."""

from __future__ import annotations

import pytest

from kritischeblik.ingest.pseudonymisation.finders.identifiers import find_identifiers


def of(text: str, category: str) -> list[str]:
    return [text[a:b] for a, b, c in find_identifiers(text) if c == category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die bestelbus, met kenteken V.264.RT, stond elke dag voor de deur.", ["V.264.RT"]),
        ("Op de parkeerplaats stond 31.PLK.7 al weken stil.", ["31.PLK.7"]),
        ("het kenteken was zo iets als gz.58.np maar dat weet ik niet zeker", ["gz.58.np"]),
        ("Hij noemde het nummerbord: 7-TGB-40.", ["7-TGB-40"]),
    ],
)
def test_plates_with_dots_between_the_groups(text, expected) -> None:
    assert of(text, "KENTEKEN") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dat staat in versie 2.4.1 van het protocol.",
        "Zie art. 12 lid 3 van de Participatiewet.",
        "Het was om 10.30 uur, in lokaal B.12.",
        "De score ging van 3.5 naar 4.2 in een jaar.",
    ],
)
def test_dotted_numbers_that_are_no_plate_stay(text) -> None:
    assert of(text, "KENTEKEN") == []


ELEVENTH_FORMS = [
    # e-mail said aloud: the Flemish "aapje" for @, a spoken top-level domain, a dotted name before "at"
    (
        "mail het naar lotte punt verhaegen aapje skynet punt be, dat is het snelst",
        "EMAIL",
        ["lotte punt verhaegen aapje skynet punt be"],
    ),
    (
        "haar adres is kimvd apenstaartje gmail punt en el toch",
        "EMAIL",
        ["kimvd apenstaartje gmail punt en el"],
    ),
    (
        "stuur maar naar j punt van rooij at stichting thuis punt nl graag",
        "EMAIL",
        ["j punt van rooij at stichting thuis punt nl"],
    ),
    # ages with the years written against the number, and after a title written short in notes
    ("de jongste is 4jaar en gaat naar de opvang", "LEEFTIJD", ["4jaar"]),
    ("Verslag: dhr. (83j) woont alleen, mw. (79) in verpleeghuis.", "LEEFTIJD", ["83j", "79"]),
    # a house number with a letter after "op"
    ("de buurvrouw op 27B heeft de politie gebeld", "LOCATIE", ["27B"]),
    # postcodes: a dictated space, a thousands dot, digit words before a number, letters said in English
    ("toen typte hij 3544, spatie, KR, en het werkte", "POSTCODE", ["3544, spatie, KR"]),
    ("in de brief stond postcode 3.531 gd, heel raar", "POSTCODE", ["3.531 gd"]),
    ("de postcode is vijf twee 18 em pee geloof ik", "POSTCODE", ["vijf twee 18 em pee"]),
    ("mijn postcode is 3067 jay kay", "POSTCODE", ["3067 jay kay"]),
    # a birthday celebrated without the word "verjaardag"; a decade after "zit"; "-iets"; a role and "van"
    ("zijn vader, die net zijn tachtigste heeft gevierd, belde", "LEEFTIJD", ["tachtigste"]),
    ("ze zit inmiddels in de 70, denk ik", "LEEFTIJD", ["70"]),
    ("de buurman is vijftig-iets, hij werkt nog", "LEEFTIJD", ["vijftig-iets"]),
    ("er kwam een vrijwilliger van een jaar of 65 bij", "LEEFTIJD", ["65"]),
    ("een mantelzorger van tachtig die alles alleen doet", "LEEFTIJD", ["tachtig"]),
    # additions: "bis" as speech recognition writes it, a Belgian letterbox, "bis" alone or in words
    ("ze woont aan de populierenlaan 8 bies sinds mei", "LOCATIE", ["populierenlaan 8 bies"]),
    ("mijn adres in Gent is Veldstraat 17 bus 2, vlak bij", "LOCATIE", ["Veldstraat 17 bus 2"]),
    ("Welk nummer? Negen-bis, naast de bakker.", "LOCATIE", ["Negen-bis"]),
    # an identity card's month in two languages; a birth year in words after "is van"
    ("op haar paspoort staat 4 MRT/MAR 1948 als datum", "DATUM", ["4 MRT/MAR 1948"]),
    ("Hoe oud? Hij is van achtenvijftig, zegt hij.", "DATUM", ["achtenvijftig"]),
    # a phone number with the dash said; a care provider's code with whose it is
    ("bel maar 0317 min 41 22 90 na vijven", "TELEFOONNUMMER", ["0317 min 41 22 90"]),
    ("AGB-code huisarts: 01-998877, zie de brief", "DOSSIER", ["01-998877"]),
    # Brabants: "ok" for "ook", "menneke" for a boy
    ("en ik ben zelf ok al tweeënzestig, hè", "LEEFTIJD", ["tweeënzestig"]),
    ("dat menneke van zeventien, die komt elke dag", "LEEFTIJD", ["zeventien"]),
    # a year said as "twintig" and a number after the month
    ("ze is geboren op 3 maart twintig twaalf, in het ziekenhuis", "DATUM", ["3 maart twintig twaalf"]),
]


ELEVENTH_STAY = [
    ("Ik zag een aapje in de dierentuin punt nl stond op het bord.", "EMAIL"),
    ("Het duurde 6jaar voordat het rond was.", "LEEFTIJD"),
    ("Dat was het. (2) De tweede vraag ging over geld.", "LEEFTIJD"),
    ("Ik zit op 3B, bij meneer de mentor.", "LOCATIE"),
    ("Hij kreeg 3.500 euro van de gemeente.", "POSTCODE"),
    ("Er waren twintig, tien daarvan kwamen terug.", "DATUM"),
    ("Ze hebben hun twintigste trouwdag gevierd.", "LEEFTIJD"),
    ("Zie artikel 13bis van de wet.", "LOCATIE"),
    ("Dat huis is van zestig jaar geleden.", "DATUM"),
    ("De rit duurde 2 min 30 sec, meer niet.", "TELEFOONNUMMER"),
    ("We zitten in de 30 km-zone hier.", "LEEFTIJD"),
    ("Een hulpverlener van 3 gezinnen tegelijk, dat is veel.", "LEEFTIJD"),
]


def test_who_names_someone_is_no_name_and_regional_words_stay() -> None:
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    text = (
        "Ze heet Joke, maar zo noemen de kinderen haar niet: die zeggen oma. Later gingen de kinderen naar "
        "school. Ge moet 't mij nie kwalijk nemen, amai, da's echt waar."
    )
    out = get_pseudonymiser().pseudonymise_text(text)
    assert "Joke" not in out
    assert out.count("de kinderen") == 2
    for word in ("nie kwalijk", "amai", "da's"):
        assert word in out


def test_a_family_title_written_against_a_known_first_name_is_that_person() -> None:
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    r = get_pseudonymiser().pseudonymise(
        ["het gaat over omajoke, zo noemen ze haar", "en OPAWIM zei niks", "de opa van de buren, de tante"],
        known_persons=["Joke Hazelaar", "Wim Hazelaar"],
    )
    assert r.pieces[0] == "het gaat over [PERSOON-1], zo noemen ze haar"
    assert r.pieces[1] == "en [PERSOON-2] zei niks"
    assert r.pieces[2] == "de opa van de buren, de tante"


TWELFTH_FORMS = [
    # twelfth dev author: a BSN read out later, in words or with pauses (nine digits, elfproef, a cue before)
    (
        "Haar BSN? Wacht, ik lees het voor: zes twee acht, een negen vier, acht twee een.",
        "BSN",
        ["zes twee acht, een negen vier, acht twee een"],
    ),
    (
        "zijn burgerservicenummer staat op de pas, 2-5-2... 7-6-0... 1-8-9, zei hij",
        "BSN",
        ["2-5-2... 7-6-0... 1-8-9"],
    ),
    # an address with a flat or a dash said aloud
    ("ze woont nu Rozenlaan 12 app. 4, op de tweede", "LOCATIE", ["Rozenlaan 12 app. 4"]),
    ("het adres is Beukenhof 7, woning 1.08, met lift", "LOCATIE", ["Beukenhof 7, woning 1.08"]),
    ("op de Klaverweg 3 streepje 2 woont hij", "LOCATIE", ["Klaverweg 3 streepje 2"]),
    # the letters of a postcode before the digits, after a cue
    ("bij postcode schreef hij eerst de letters: KL 3512, altijd zo", "POSTCODE", ["KL 3512"]),
    # a plate in lowercase after a vehicle
    ("ze reed in een grijze auto, 4 bxn 21, die stond er elke dag", "KENTEKEN", ["4 bxn 21"]),
    # an age said as a split compound, an ordinal without 'levensjaar'
    ("en die vrouw was 3 en veertig toen ze kwam", "LEEFTIJD", ["3 en veertig"]),
    ("Opa zegt: ik ben in mijn zesentachtigste.", "LEEFTIJD", ["zesentachtigste"]),
    # a birth date after 'was van', and a spelled year closing the sentence
    ("Mijn man was van tien maart, ik weet het nog.", "DATUM", ["tien maart"]),
    ("Vijf mei negenenveertig. Zo staat het erop.", "DATUM", ["Vijf mei negenenveertig"]),
]


@pytest.mark.parametrize(("text", "category", "expected"), ELEVENTH_FORMS + TWELFTH_FORMS)
def test_forms_of_the_eleventh_and_twelfth_authors(text, category, expected) -> None:
    assert of(text, category) == expected


TWELFTH_STAY = [
    # found by the review of the change: each rule's look-alikes
    ("Ze moet met de auto ca 25 km rijden naar de dagbesteding.", "KENTEKEN"),
    ("Met de auto duurt het 1 min 30, meer niet.", "KENTEKEN"),
    ("Een vrijwilliger van 2 dagen per week helpt mee.", "LEEFTIJD"),
    ("De verpleegkundige van 7, die van de avonddienst, belde.", "LEEFTIJD"),
    ("Mijn ouders hebben vorig jaar hun 50ste gevierd.", "LEEFTIJD"),
    ("Ik zit in mijn 4e, volgend jaar examen.", "LEEFTIJD"),
    ("De wachtlijst zit nu in de 80, zeggen ze.", "LEEFTIJD"),
    ("Ze ligt nu op 12A in het ziekenhuis.", "LOCATIE"),
    ("Het publiek wilde een bis, dus nog een liedje.", "LOCATIE"),
    ("Zie punt 4bis van het plan.", "LOCATIE"),
    ("Die was van vijftig, maar nu is het zestig euro.", "DATUM"),
    ("Bij de postcode-actie gingen we naar het WK 2022 kijken.", "POSTCODE"),
    ("Haar bsn weet ik niet, ze heeft drie kinderen van een, twee en vier.", "BSN"),
    ("Het dorp had 2 en dertig huizen.", "LEEFTIJD"),
    ("Hij zat in zijn vierde jaar van de opleiding.", "LEEFTIJD"),
    ("Op vier juni kwamen er twintig mensen naar het feest.", "DATUM"),
    ("Met de auto 1 uur 30 onderweg, dat is veel.", "KENTEKEN"),
]


@pytest.mark.parametrize(("text", "category"), ELEVENTH_STAY + TWELFTH_STAY)
def test_look_alikes_of_the_eleventh_and_twelfth_authors_stay(text, category) -> None:
    assert of(text, category) == []


def test_a_name_the_speaker_gives_someone_is_that_name_everywhere() -> None:
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    r = get_pseudonymiser().pseudonymise(
        [
            "een jongen die ik begeleid, daan noem ik hem even, die had schulden",
            "toen belde daan zelf",
            "zo noem ik hem",
        ]
    )
    assert "daan" not in " ".join(r.pieces)
    assert r.pieces[2] == "zo noem ik hem"


def test_known_first_names_after_a_copula_and_initials_without_dots_are_the_person() -> None:
    from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

    r = get_pseudonymiser().pseudonymise(
        ["en hoe oud is joop", "| huisbezoek | EW + AR | 19-02 |", "hij is bakker", "de ew en de ar"],
        known_persons=["Joop Bleeker", "Esther Wolfs", "Anand Ramdin", "Kees Bakker"],
    )
    assert r.pieces[0] == "en hoe oud is [PERSOON-1]"
    assert r.pieces[1] == "| huisbezoek | [PERSOON-2] + [PERSOON-3] | 19-02 |"
    assert r.pieces[2] == "hij is bakker"  # a surname that is a trade stays a noun after a copula
    assert r.pieces[3] == "de ew en de ar"

    # outside a table or list initials without dots are abbreviations; a known first name that is a word keeps
    # the word unless it ends the clause
    r = get_pseudonymiser().pseudonymise(
        ["Ze gaat naar MW voor de schulden.", "Ze is job coach bij de gemeente.", "| MW + EW |"],
        known_persons=["Mieke Wit", "Job Hendriks", "Esther Wolfs"],
    )
    assert r.pieces[0] == "Ze gaat naar MW voor de schulden."
    assert r.pieces[1] == "Ze is job coach bij de gemeente."
    assert r.pieces[2] == "| [PERSOON-1] + [PERSOON-2] |"
