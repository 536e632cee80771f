"""Deterministic generator of realistic Dutch interview transcripts in the project's Markdown format.

    .venv/bin/python -m bench.generate OUT_DIR --n 75 --seed 1          # ~600k words, the 2020 study's size
    .venv/bin/python -m bench.generate OUT_DIR --n 1000 --seed 1 --words 8000

Every transcript follows docs/transcript-format.md: YAML front matter, both example sections with
alternating interviewer/respondent turns of varied length, scores, choices and suggestions. Text is composed
from sentence templates with slots (actors, organisations, problems, actions, effects, hesitations) filled
from generated pools of person names, streets and organisations, so that pseudonymisation, segmentation and
auto-coding have realistic work. Nothing is copied from the demo corpus.

Interview i depends only on (seed, i): ``--n 1000`` starts with the same 75 files as ``--n 75``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from pathlib import Path


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# -- vocabulary ----------------------------------------------------------------------------------------------

FIRST_NAMES = _words(
    "Anna Bram Chantal Daan Eline Fatima Gert Hanna Ilse Jeroen Karim Leonie Maarten Nadia Olaf Petra Quinten "
    "Rachid Saskia Tom Ursula Vincent Wendy Xander Yara Zeynep Ahmet Bilal Carla Dirk Elif Floor Guus Hamza "
    "Inge Jolien Kees Latifa Maud Niels Oumaima Pim Roos Stijn Tess Umut Vera Willem Yusuf Zoë Aisha Bart "
    "Cynthia Dewi Erwin Femke Gijs Hafsa Ivo Janneke Kevin Lieke Mehmet Nina Orlando Priya Rik Soufyan Tamara "
    "Wim Youssra Marek Katarzyna Tomasz Ewa Raj Sunita Ricardo Glenda Mirjam Hendrik Geert Annelies Sjoerd "
    "Nienke Hülya Emine Driss Khadija Sanne Joris Lisanne Martijn Ingrid Ferry Astrid Reinier Dounia Faisal"
)

SURNAMES = _words(
    "Jansen|de Jong|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|"
    "Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|"
    "van den Heuvel|van der Veen|van den Berg|van Dijk|Hoekstra|Koster|Prins|Blom|Huisman|Peeters|"
    "El Amrani|Ouali|Benali|Yilmaz|Kaya|Demir|Öztürk|Aydın|Çelik|Bouzid|El Idrissi|Tahiri|Haddou|"
    "Ramdin|Sitaldin|Mahabier|Pinas|Esajas|Tjin|Kowalski|Nowak|Wiśniewska|Lewandowski|Oosterhuis|"
    "Zwanenburg|Kuijpers|Verbeek|Timmer|Schouten|Lammers|Stokman|Hagenaars|Verschoor|Veldkamp|Wijnands",
    "|",
)

STREET_PARTS = _words(
    "Kievit Merel Lijster Zwaluw Reiger Fazant Boterbloem Klaproos Vlier Linden Eiken Kastanje Wilgen Berken "
    "Populier Hazelaar Meidoorn Vlas Rogge Haver Tarwe Molen Sluis Veer Kade Haven Brug Toren Kerk Poort "
    "Schepen Rechter Burgemeester Waterman Rietvink Goudvink Ijsvogel Meerkoet Fuut Otter Bever Das Egel"
)
STREET_SUFFIXES = ["straat", "laan", "plein", "hof", "pad", "dreef", "singel", "kade", "weg", "steeg"]

ORG_KINDS = [
    "Buurtteam",
    "Stichting",
    "Zorggroep",
    "Woningcorporatie",
    "Thuiszorg",
    "Jeugdpunt",
    "Welzijn",
    "Basisschool",
    "Budgetpunt",
    "Wijkcentrum",
    "Vereniging",
    "Praktijk",
    "Gezondheidscentrum",
    "Steunpunt",
]
ORG_NAMES = _words(
    "De Horizon|Zonnewijde|Het Baken|Ravelijn|De Kompasroos|Vechtstroom|De Waterlelie|Oeverland|Het Veldhuis|"
    "Lindenhout|De Brede Blik|Samen Sterk|Wijkkracht|De Regenboog|Kleurrijk|De Wissel|Noorderlicht|Het Anker West|"
    "De Meent|Thuis Dichtbij|Parkzicht|De Wending|Stroomopwaarts|Kwintes West|De Bongerd|Het Klaverblad",
    "|",
)

ROLES = {
    "wijk": [
        "wijkverpleegkundige",
        "medewerker buurtteam",
        "wijkagent",
        "sociaal makelaar",
        "huisarts",
        "consulent woningcorporatie",
        "schuldhulpverlener",
        "opbouwwerker",
    ],
    "school": [
        "mentor",
        "zorgcoördinator",
        "leerplichtambtenaar",
        "schoolmaatschappelijk werker",
        "jeugdverpleegkundige",
        "teamleider",
        "docent",
    ],
    "huishouden": [
        "bewoner",
        "mantelzorger",
        "vrijwilliger",
        "ambulant begeleider",
        "buurvrouw",
        "gezinscoach",
        "bewindvoerder",
    ],
    "other": ["beleidsmedewerker", "contractmanager", "teamleider"],
}

PRINCIPLES = [
    "Leefwereld centraal",
    "Doen wat nodig is",
    "Ruimte voor de professional",
    "Uitgaan van mogelijkheden",
    "Zo nabij mogelijk",
    "Eenvoud",
]

RESIDENTS = [
    "een alleenstaande moeder",
    "een oudere meneer",
    "een gezin met vier kinderen",
    "een jongen van zestien",
    "een meisje uit de tweede klas",
    "een man met schulden",
    "een vrouw met psychische klachten",
    "een statushouder",
    "een mantelzorger",
    "een buurman die vereenzaamde",
    "een jonge vader",
]
PROBLEMS = [
    "een huurachterstand van een half jaar",
    "een wachtlijst van veertien weken",
    "een ontruimingsdreiging",
    "schooluitval",
    "een stapel ongeopende post",
    "overlast in het portiek",
    "een vastgelopen indicatie",
    "een conflict over wie er betaalt",
    "geen passende woning",
    "een crisis in het gezin",
    "verzuim van bijna twee maanden",
    "een schuld bij de energieleverancier",
    "een afgewezen aanvraag",
]
ACTIONS = [
    "zijn we samen aan de keukentafel gaan zitten",
    "heb ik meteen de wijkconsulent gebeld",
    "hebben we de procedure even losgelaten",
    "hebben we één plan gemaakt met het hele netwerk",
    "ben ik dezelfde middag langsgegaan",
    "hebben we eerst gewoon geluisterd",
    "hebben we een warme overdracht gedaan",
    "hebben we de regels bewust opzij gezet",
    "heeft de school het overleg georganiseerd",
    "hebben we de buurvrouw erbij betrokken",
    "is er een vaste contactpersoon aangewezen",
]
EFFECTS = [
    "was de ontruiming van tafel",
    "ging hij weer naar school",
    "voelde ze zich eindelijk gehoord",
    "kwam de hulp veel te laat",
    "wist niemand meer wie aan zet was",
    "haakte het gezin af",
    "liep de zaak drie maanden vast",
    "was er binnen een week een oplossing",
    "durfde ze weer hulp te vragen",
    "kwam er een betalingsregeling",
    "bleef iedereen naar elkaar wijzen",
    "had hij weer een dagritme",
]
LESSONS = [
    "dat je elkaar moet kennen",
    "dat je eerst moet luisteren",
    "dat je soms gewoon moet doen wat nodig is",
    "dat eenvoud loont",
    "dat de leefwereld van de inwoner centraal moet staan",
    "dat je ruimte moet krijgen als professional",
    "dat je moet uitgaan van wat mensen zelf kunnen",
    "dat hulp zo dichtbij mogelijk moet zijn",
    "dat iemand de regie moet nemen",
    "dat je elkaar moet durven aanspreken",
]
HESITATIONS = ["Eh", "Nou", "Ja", "Hm", "Kijk", "Tja", "Pff", "Weet je", "Eigenlijk", "Nou ja"]
CONNECTORS = ["En toen", "Daarna", "Uiteindelijk", "Op een gegeven moment", "Maar", "Dus", "Achteraf gezien"]
TIMES = [
    "vorig voorjaar",
    "in oktober",
    "vlak voor de kerst",
    "afgelopen zomer",
    "op 14 maart",
    "twee jaar geleden",
]

QUESTIONS_GOOD = [
    "Kun je een moment noemen waarop de samenwerking echt het verschil maakte?",
    "Wat was de situatie precies?",
    "Wie waren er allemaal bij betrokken?",
    "Wat hebben jullie toen gedaan?",
    "En wat was het effect voor de inwoner?",
    "Wat kunnen we hiervan leren?",
    "Hoe kwam dat zo?",
    "Kun je daar iets meer over vertellen?",
    "Wat maakte dat het lukte?",
]
QUESTIONS_STUCK = [
    "En waar liep de samenwerking vast?",
    "Wat gebeurde er toen?",
    "Wie was er aan zet?",
    "Hoe merkte je dat het niet goed ging?",
    "Wat was het gevolg voor de inwoner?",
    "Had het anders gekund?",
    "Wat leer je daarvan?",
    "Waarom denk je dat het zo liep?",
]
BACKCHANNEL = ["Ja.", "Hm-hm.", "Oké.", "Dat is heftig.", "Snap ik.", "Echt?", "Ga door."]

SUGGESTIONS = [
    "Samen optrekken: niet ieder vanuit de eigen organisatie maar echt samen.",
    "Communicatie en heldere afspraken over wie aan zet is.",
    "Vraaggericht werken, uitgaan van de cliënt.",
    "Out-of-the-box werken moet beloond worden.",
    "Gelijkwaardigheid tussen professionals en inwoners.",
    "Wederkerigheid: iedereen draagt iets bij.",
    "Transparantie over wat we wel en niet kunnen.",
    "Energie geven aan wat werkt.",
    "Durven afwijken als het nodig is.",
    "Vertrouwen als vertrekpunt.",
]


class Composer:
    """Fills sentence templates from name pools; one instance per interview, seeded by (seed, index)."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self.people = [self._person() for _ in range(rng.randint(6, 14))]
        self.streets = [self._street() for _ in range(rng.randint(2, 5))]
        self.orgs = [self._org() for _ in range(rng.randint(3, 6))]

    def _person(self) -> str:
        return f"{self.r.choice(FIRST_NAMES)} {self.r.choice(SURNAMES)}"

    def _street(self) -> str:
        street = self.r.choice(STREET_PARTS) + self.r.choice(STREET_SUFFIXES)
        return street + (f" {self.r.randint(1, 180)}" if self.r.random() < 0.4 else "")

    def _org(self) -> str:
        return f"{self.r.choice(ORG_KINDS)} {self.r.choice(ORG_NAMES)}"

    def actor(self) -> str:
        p = self.r.choice(self.people)
        style = self.r.random()
        if style < 0.4:
            return p.split()[0]
        if style < 0.6:
            return (
                "mevrouw " + p.split(" ", 1)[1] if self.r.random() < 0.5 else "meneer " + p.split(" ", 1)[1]
            )
        return p

    def sentence(self, good: bool) -> str:
        r = self.r
        templates = [
            lambda: (
                f"{r.choice(TIMES).capitalize()} kwam {r.choice(RESIDENTS)} bij ons met {r.choice(PROBLEMS)}."
            ),
            lambda: f"{self.actor()} van {r.choice(self.orgs)} belde me op over {r.choice(PROBLEMS)}.",
            lambda: f"Ze woont op de {r.choice(self.streets)}, vlak bij {r.choice(self.orgs)}.",
            lambda: f"{r.choice(CONNECTORS)} {r.choice(ACTIONS)}, samen met {self.actor()}.",
            lambda: f"{r.choice(CONNECTORS)} {r.choice(EFFECTS)}.",
            lambda: f"{r.choice(HESITATIONS)}, ik denk {r.choice(LESSONS)}.",
            lambda: (
                f"Ik heb {self.actor()} gemaild, die ken ik van het wijkoverleg bij {r.choice(self.orgs)}."
            ),
            lambda: f"{self.actor()} zei toen: dit is ook van mij, ik sta ervoor in.",
            lambda: f"Het duurde {r.randint(2, 20)} weken voordat {r.choice(self.orgs)} iets liet horen.",
            lambda: (
                f"{r.choice(HESITATIONS)}... dat was echt {r.choice(['mooi', 'lastig', 'frustrerend', 'bijzonder'])}."
            ),
            lambda: (
                f"Iedereen was betrokken, maar niemand was aan zet, en {self.actor()} wachtte op een indicatie."
            ),
            lambda: f"De juf van {self.actor().split()[0]} zag dat er iets aan de hand was.",
            lambda: "We hebben gekeken wat ze zelf kon, en haar netwerk erbij gehaald.",
            lambda: "Volgens mij was de regelgeving vanuit de gemeente gewoon te ingewikkeld.",
            lambda: f"Je kunt {self.actor()} altijd bellen op 06-{r.randint(10000000, 99999999)}.",
        ]
        weights = [
            3,
            3,
            2,
            4,
            3,
            2,
            2,
            2,
            2 if not good else 1,
            2,
            3 if not good else 1,
            1,
            2 if good else 1,
            1,
            0.3,
        ]
        text = r.choices(templates, weights=weights)[0]()
        return text[:1].upper() + text[1:]

    def answer(self, good: bool) -> str:
        # Turn lengths are skewed: many short answers, some long monologues.
        n = max(1, int(self.r.lognormvariate(1.3, 0.8)))
        return " ".join(self.sentence(good) for _ in range(min(n, 40)))


def interview(seed: int, index: int, words: int = 8000) -> tuple[str, str]:
    """(id, Markdown text) of interview ``index``."""
    rng = random.Random(f"{seed}-{index}")
    c = Composer(rng)
    omgeving = rng.choices(["wijk", "school", "huishouden", "other"], weights=[10, 9, 8, 1])[0]
    iid = f"{omgeving}-{index + 1:04d}"
    duo_rng = random.Random(f"{seed}-duo-{index // 3}")  # a duo does about three interviews
    duo = [f"{duo_rng.choice(FIRST_NAMES)} {duo_rng.choice(SURNAMES)}" for _ in range(2)]
    if duo[0] == duo[1]:
        duo[1] = duo[1] + "-Smit"
    # A respondent sharing a first name with an interviewer would make the speaker ambiguous.
    duo_first = {d.split()[0] for d in duo}
    c.people = [p for p in c.people if p.split()[0] not in duo_first]
    while len(c.people) < 2:
        cand = c._person()
        if cand.split()[0] not in duo_first:
            c.people.append(cand)
    respondent = c.people[0]
    extra = c.people[1] if len(c.people) > 1 and rng.random() < 0.2 else None
    front = [
        "---",
        f"id: {iid}",
        f"omgeving: {omgeving}",
        f"duo: [{duo[0]}, {duo[1]}]",
        f"respondent: {respondent}" if not extra else f"respondenten: [{respondent}, {extra}]",
        f"respondent_rol: {rng.choice(ROLES[omgeving])}",
        f"organisatie: {c.orgs[0]}",
        f"datum: 2020-01-{rng.randint(13, 17):02d}",
        "gemeente: Utrecht",
        "---",
        "",
    ]
    speakers_r = [respondent] + ([extra] if extra else [])

    # Speakers are written as full name or first name, as transcribers do.
    def who(name: str) -> str:
        return name if rng.random() < 0.6 else name.split()[0]

    body: list[str] = []
    budget = int(words * rng.uniform(0.8, 1.2))
    count = 0
    for title, good, questions in (
        ("Mooi voorbeeld", True, QUESTIONS_GOOD),
        ("Vastloopmoment", False, QUESTIONS_STUCK),
    ):
        body += [f"## {title}", ""]
        share = budget // 2
        used = 0
        while used < share:
            q = rng.choice(questions) if rng.random() < 0.8 else rng.choice(BACKCHANNEL)
            body.append(f"{who(rng.choice(duo))}: {q}")
            a = c.answer(good)
            body.append(f"{who(rng.choice(speakers_r))}: {a}")
            if rng.random() < 0.1:
                body.append(c.sentence(good))  # a continuation line without speaker
            used += len(q.split()) + len(a.split())
        body.append("")
        count += used
    body += ["## Scores", ""]
    for example, lo, hi in (("mooi voorbeeld", 3, 5), ("vastloopmoment", 1, 4)):
        for p in PRINCIPLES:
            if rng.random() < 0.95:
                body.append(f"{example} | {p} | {rng.randint(lo, hi)}")
    body += ["", "## Keuze principe", ""]
    body += [f"- {p}" for p in rng.sample(PRINCIPLES, rng.choice([1, 1, 2, 3]))]
    body += ["", "## Nieuw principe", ""]
    for s in rng.sample(SUGGESTIONS, rng.choice([1, 1, 2])):
        body += [s, ""]
    return iid, "\n".join(front + body) + "\n"


def generate(out_dir: str | Path, n: int = 75, seed: int = 1, words: int = 8000) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        iid, text = interview(seed, i, words)
        path = out / f"{iid}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--n", type=int, default=75, help="aantal interviews (standaard 75)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--words", type=int, default=8000, help="gemiddeld aantal woorden per interview")
    args = ap.parse_args(argv)
    paths = generate(args.out_dir, args.n, args.seed, args.words)
    total = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} transcripten, {total} woorden in {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
