"""Words that decide whether a number in Dutch speech is an age (:mod:`.identifier_ages`): person words,
pronouns and determiners, words that are no person, approximations, and words around a duration."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FULL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS = (*FULL_MONTHS, "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec")
MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
"""The month names and abbreviations as a regex alternation, longest first (pattern text, no flags)."""
FULL_MONTH_ALT = "|".join(FULL_MONTHS)
"""The twelve month names written out, as a regex alternation (pattern text, no flags)."""

PERSON_NOUNS = _words(
    "jongen jongetje meisje meid meidje knul kind kindje zoon zoontje dochter dochtertje baby tiener "
    "puber broer broertje zus zusje man vrouw meneer mevrouw heer dame moeder vader opa oma leerling "
    "kleinzoon kleindochter neef neefje nicht nichtje buurman buurvrouw buurjongen buurmeisje vriend "
    "vriendin vriendje vriendinnetje cliënt client bewoner bewoonster patiënt weduwe weduwnaar jongere "
    "oudere kinderen jongens meisjes zonen dochters tweeling oudste jongste middelste kleine stiefzoon "
    "stiefdochter pleegkind pleegzoon pleegdochter mannetje vrouwtje jochie ventje dametje heertje mama "
    "tieners pubers kleinkind kleinkinderen papa ouder ouders kleintje kleuter peuter dreumes zuigeling "
    "echtpaar ouderpaar echtgenoot echtgenote partner halfbroer halfzus halfbroertje halfzusje "
    "schoonmoeder schoonvader schoonzoon schoondochter schoonzus schoonbroer stiefmoeder stiefvader "
    "stiefbroer stiefzus grootmoeder grootvader overgrootmoeder overgrootvader pleegmoeder pleegvader "
    "achterkleinkind achterkleinzoon achterkleindochter kleinzoontje kleindochtertje zusjes broertjes zussen "
    "broers neven nichten neefjes nichtjes kleuters peuters baby's "
    # Eighth dev author: informal words for a child.
    "ukkie ukje babytje baby'tje hummeltje ventje kereltje mannetje koter knulletje jochie joch "
    # How people talk about young and old in the street: "een gast van 22", "een broekie van 14".
    "gast gozer knaap vent kerel broekie griet grietje jongeman jongedame oudje bejaarde scholier student "
    "studente cliënte omaatje opaatje zoons zoontjes meiden kids dochtertjes jongetjes joch gastje kereltje "
    # Roles a person has in these stories (eleventh dev author; see ADULT_ROLES).
    "vrijwilliger vrijwilligster verpleegkundige verzorgende hulpverlener medewerker medewerkster stagiair "
    "stagiaire huurder inwoner mantelzorger "
    # Brabants and Limburgs: "dat menneke van acht"
    "menneke manneke meiske wicht"
)
# Roles of adults: "een vrijwilliger van een jaar of 70" is an age, "een vrijwilliger van 2 dagen" is not.
ADULT_ROLES = _words(
    "vrijwilliger vrijwilligster verpleegkundige verzorgende hulpverlener medewerker medewerkster stagiair "
    "stagiaire huurder inwoner mantelzorger"
)

# "een moeder van vier" has four children: after a parent word "van 4" is an age only from 13 or with "jaar".
PARENTS = _words(
    "moeder vader opa oma mama papa ouder ouders schoonmoeder schoonvader stiefmoeder stiefvader grootmoeder "
    "grootvader pleegmoeder pleegvader"
)

PRONOUNS = _words("ik je jij u hij zij ze ie die diegene zijzelf hijzelf")

DETERMINERS = _words(
    "de het een dit dat deze die mijn m'n je jouw zijn z'n haar d'r ons onze hun jullie uw elk elke ieder "
    "iedere welk welke geen ander andere"
)

# Subjects of "X is 5" that are not people: numbers of things, time, scores and principle-like nouns.
NOT_PERSONS = _words(
    "het dat dit wat er hier daar alles niets niks iets wie hoeveel welke totaal score scores cijfer "
    "cijfers stand gemiddelde uitslag antwoord aantal nummer getal som rekening prijs bedrag tijd klok "
    "temperatuur groep klas niveau fase stap vraag punt punten rapport eenvoud centraal mogelijk "
    "mogelijkheden nodig professional wachttijd wachtlijst percentage kans verschil max maximum minimum "
    "norm budget huur les lesuur uur week dag jaar maand hoofdstuk artikel pagina bladzijde versie ronde "
    "opkomst teller limiet grens resultaat cijfertje minimaal maximaal totaalscore eindcijfer waarde code "
    "nr telefoon kamer lokaal bus lijn tram huisnummer pincode wachtwoord leeftijd één een twee drie vier "
    "vijf zes zeven acht negen tien gemeente wijk school team buurtteam wijkteam principe principes"
)

# Words before "(3)" or ", 3," that number things or are no name at all.
PAREN_NOT_PERSONS = _words(
    "stap bijlage blz bladzijde tabel figuur noot lid sub optie variant vraag vragen hoofdstuk artikel "
    "principe element ronde week dag maand fase categorie niveau schaal item items thema punt en of in op "
    "van met bij uit aan naar voor om te tot is was zijn ook nog dan maar want dus zo ja nee nou oké"
)

SCORE_PARTS = (
    "scor",
    "cijfer",
    "gee",
    "gaf",
    "punt",
    "schaal",
    "princip",
    "eenvoud",
    "leefwereld",
    "nabij",
    "mogelijkhe",
    "professional",
    "nodig",
    "rapport",
)

# The last word of every approximation in _APPROX_RE.
APPROX_LAST = _words(
    "of zo'n ongeveer nabij de circa ca. pakweg plusminus rond bijna ruim net pas begin eind midden half halverwege"
)

DECADES = _words("twintig dertig veertig vijftig zestig zeventig tachtig negentig 20 30 40 50 60 70 80 90")

NOT_BARE_SUBJECTS = _words(
    "ruim bijna al pas nog nu toen dat dit die deze het en maar ook zo na over voor in sinds binnen ongeveer "
    "circa zeker hooguit minstens zeg nou ja nee wel dus tot om per elk elke ieder iedere welgeteld precies "
    "slechts amper nauwelijks krap dik goed exact totaal zo'n vanaf tijdens gedurende afgelopen laatste "
    "eerste komende volgende vorige de een twee drie vier vijf zes zeven acht negen tien"
)

PLURAL_PERSONS = _words(
    "ze zij die jullie kinderen jongens meisjes zonen dochters tweeling ouders beiden allebei kleinkinderen "
    "broers zussen zusjes broertjes"
)

DURATION_BEFORE = _words(
    "à a á tot of "
    "heeft had hebben hadden hebt heb werkt werkte werkten werken woont woonde woonden wonen zit zat zaten "
    "duurde duurt duren kost kostte in voor na over binnen gedurende tijdens afgelopen laatste eerste "
    "komende volgende elke ieder iedere per om al sinds vanaf die de deze dit het ruim bijna ongeveer zo'n "
    "dik goed krap circa samen werk woon zit help zorg loop"
)

DURATION_AFTER = _words(
    "lang geleden achter terug later eerder daarna ervoor erna werk samen dienst mee aan bezig ervaring "
    "getrouwd gewerkt gewoond gezeten gedaan gespaard gewacht"
)

# How every spelled ordinal from "vierde" on ends: a text without any of these holds none.
ORDINAL_ENDS = (
    "vierde",
    "vijfde",
    "zesde",
    "zevende",
    "achtste",
    "negende",
    "tiende",
    "elfde",
    "twaalfde",
    "tigste",
    "honderdste",
)
