"""Build corpora/demo/huishouden-09.docx, a fictional demo transcript in Word format.

Layout (see docs/transcript-format.md): a `---` paragraph, one `key: value` paragraph per
front-matter key, a closing `---`; section headings styled "Heading 2"; one paragraph per
speaker turn (`Naam: tekst`). Scores and choices for this interview live in
corpora/demo/scores-formulier.csv and keuzes-formulier.csv.

Run:  .venv/bin/python corpora/tools/make_docx.py
"""

from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parents[1] / "demo" / "huishouden-09.docx"

FRONT_MATTER = [
    "id: huishouden-09",
    "omgeving: huishouden",
    "duo: [Karin Hendriks, Bas Verhoeven]",
    "respondent: Wilma Jansen",
    "respondent_rol: buurvrouw-vrijwilliger",
    "organisatie: Burenhulp Westpunt",
    "datum: 2020-01-15",
    "gemeente: Utrecht",
    "huishouden: B",
]

# (heading, [turns]); every turn is "Naam: tekst"
SECTIONS = [
    ("Mooi voorbeeld", [
        "Karin Hendriks: Mevrouw Jansen, Dewi noemde u als een van de belangrijkste mensen om haar heen. "
        "Kunt u een moment noemen waarop de hulp echt het verschil maakte?",
        "Wilma Jansen: Wilma, alsjeblieft. Ja, eh... dan denk ik aan die middag in december. Ik kwam bij Dewi "
        "binnen om Indy op te halen, en er lag een brief op tafel met zo'n rode rand. Ik heb hem opengemaakt, "
        "dat had ik misschien niet mogen doen, maar ik zag haar gezicht. Het ging over ontruiming. En toen "
        "trok ze die la open. Vol. Maanden aan post, nooit opengemaakt.",
        "Bas Verhoeven: Hoe lang kent u Dewi eigenlijk al?",
        "Wilma Jansen: Sinds ze hier kwam wonen, een jaar of acht geleden. Milan was toen nog een ukkie. Mijn "
        "man leefde toen nog, die heeft haar fiets nog eens gemaakt. Sinds hij er niet meer is, zijn die "
        "kinderen een beetje mijn kleinkinderen geworden. Ik breng Indy 's ochtends naar school, dat doe ik "
        "via Burenhulp, maar eerlijk gezegd zou ik het ook zonder doen.",
        "Bas: En wat heeft u toen, met die brief, gedaan?",
        "Wilma Jansen: Ik heb gezegd, meid, we gaan dit samen doen. Ik ben 67, ik heb veertig jaar op het "
        "kantoor van een garagebedrijf gezeten, ik ben niet bang voor papier. Ik heb de schuldhulp gebeld, "
        "de volgende ochtend om negen uur, en ik ben blijven bellen tot ik iemand had. Dat werd Erik. En "
        "die kwam drie dagen later, samen met Anouk van het jeugdteam en iemand van de corporatie.",
        "Karin: Was u daar ook bij?",
        "Wilma: Dewi wilde dat. En wat ik zo fijn vond, Erik zei meteen, goed dat u er bent, u kent haar het "
        "best. Niet, wie bent u eigenlijk. We hebben die avond bij mij aan de keukentafel alle brieven "
        "gesorteerd in schoenendozen. Eén doos voor de huur, één voor de zorgverzekering, één voor de rest. "
        "Ik heb nog steeds schoenendozen genoeg, mijn man was gek op schoenen. (lacht)",
        "Bas: Wat was het effect?",
        "Wilma: Dat ze weer durft. Elke maandagavond komt ze nu met haar post bij mij, en dan maken we het "
        "samen open. Een postuurtje noemen we dat. Kopje thee erbij. Meestal valt het mee. En als het niet "
        "meevalt, dan mailt ze Erik, en die reageert dezelfde dag.",
        "Karin: En wat kunnen anderen daarvan leren?",
        "Wilma: Dat een buurvrouw meer kan dan koffie zetten. Wij zien dingen eerder dan de hulpverleners. "
        "Ik zie wie zijn gordijnen niet opendoet. Als je ons serieus neemt, kunnen we veel betekenen.",
    ]),
    ("Vastloopmoment", [
        "Bas: En was er ook een moment waarop het vastliep?",
        "Wilma: Ja, en dat zit me nog steeds niet lekker. In oktober was er een overleg over Milan op het "
        "kantoor van het jeugdteam. Dewi was zenuwachtig en vroeg of ik mee wilde. Natuurlijk. Maar bij de "
        "deur zei een mevrouw, dit is alleen voor ouders en professionals, u kunt hier in de hal wachten. "
        "Dus ik heb een uur op een plastic stoel in de gang gezeten. Dewi kwam er huilend uit, ze had de "
        "helft niet begrepen. Als ik erbij had gezeten, had ik het haar thuis kunnen uitleggen.",
        "Karin: Hoe reageerde u?",
        "Wilma: Ik heb niks gezegd, toen. Je wilt geen gedoe. Maar het ergste was eigenlijk iets anders. Ik "
        "had die stapel post in oktober al zien liggen. Ik heb het toen bij de coördinator van Burenhulp "
        "Westpunt aangekaart, Marja Stokman. En die zei, Wilma, geldzaken zijn niet jouw rol, daar zijn "
        "professionals voor, daar moet je je als vrijwilliger buiten houden. Dat is de regel bij ons.",
        "Bas: En daar heeft u zich aan gehouden.",
        "Wilma: Ja. Ik ben een brave, hè. Dus ik heb twee maanden gekeken hoe die la voller werd en niks "
        "gedaan. Terwijl ik het kon. Ik heb jarenlang de boekhouding van een garage gedaan. Niemand heeft "
        "ooit gevraagd wat ik kon. Ze zagen alleen een oude buurvrouw die Indy naar school brengt.",
        "Karin: Heeft u dat later nog met iemand besproken?",
        "Wilma: Met Erik, ja. Die schrok ervan. Hij zei, als u toen had gebeld, hadden we haar misschien "
        "nooit op die wachtlijst laten staan. Marja heeft later wel gezegd dat ze het anders had moeten "
        "zeggen. Maar de regel staat er nog steeds.",
        "Karin: Wat was het gevolg voor Dewi?",
        "Wilma: Dat het pas in december op tafel kwam, toen het bijna te laat was. Met een ontruimingsbrief. "
        "Had ik in oktober mogen helpen, dan was het nooit zo ver gekomen. Dat denk ik echt.",
        "Bas: Wat leren we daarvan?",
        "Wilma: Dat je moet kijken naar wat mensen om iemand heen kunnen, en ze dan ook laten. Niet alles "
        "in regeltjes vastleggen over wat een vrijwilliger wel en niet mag. En laat mensen die de bewoner "
        "zelf meeneemt gewoon aan tafel. Zij kiest wie erbij hoort, niet de balie.",
    ]),
]


def build(out: Path = OUT) -> Path:
    doc = Document()
    doc.add_paragraph("---")
    for line in FRONT_MATTER:
        doc.add_paragraph(line)
    doc.add_paragraph("---")
    for heading, turns in SECTIONS:
        doc.add_paragraph(heading, style="Heading 2")
        for turn in turns:
            doc.add_paragraph(turn)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)
    return out


if __name__ == "__main__":
    print(build())
