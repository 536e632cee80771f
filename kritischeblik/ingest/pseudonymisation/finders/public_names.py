"""Place and brand names that identify no one: countries, large cities, seas, car brands and national chains,
national public bodies and banks.

"Een jongen uit Eritrea", "ze kwam via Istanbul", "hij rijdt een Opel": millions of people share each of
these, and the text stays readable for coding when they stay. Such a word is shielded from every name
finder (like a codebook term), only when written capitalised and exactly as listed. Dutch places,
neighbourhoods and streets are still replaced: they narrow down who someone is. Names that are also first
names ("India", "Jordan", "Kenya", "Mercedes", "Ford") are left out of the lists, so a person with that name
is still found.
"""

from __future__ import annotations

import re

# Dutch names of countries and a few regions, as written in Dutch text.
_COUNTRIES = """
Afghanistan Albanië Algerije Andorra Angola Argentinië Armenië Australië Azerbeidzjan Bahrein Bangladesh
Barbados België Belize Benin Bhutan Bolivia Bosnië Botswana Brazilië Brunei Bulgarije Burundi Cambodja
Canada Chili Colombia Comoren Congo Cuba Cyprus Denemarken Djibouti Duitsland Ecuador Egypte
Engeland Eritrea Estland Eswatini Ethiopië Fiji Filipijnen Finland Frankrijk Gabon Gambia
Ghana Griekenland Groot-Brittannië Guatemala Guinee Guinee-Bissau Guyana Haïti Honduras Hongarije Ierland
IJsland Indonesië Irak Iran Italië Ivoorkust Jamaica Japan Jemen Jordanië Kaapverdië Kameroen Kazachstan
Kenia Kirgizië Koeweit Kosovo Kroatië Laos Lesotho Letland Libanon Liberia Libië Liechtenstein Litouwen
Luxemburg Macedonië Madagaskar Malawi Maldiven Maleisië Mali Malta Marokko Mauritanië Mauritius Mexico
Moldavië Monaco Mongolië Montenegro Mozambique Myanmar Namibië Nederland Nepal Nicaragua Niger Nigeria
Noord-Korea Noord-Macedonië Noorwegen Oeganda Oekraïne Oezbekistan Oman Oostenrijk Pakistan Palestina
Panama Paraguay Peru Polen Portugal Qatar Roemenië Rusland Rwanda Saoedi-Arabië Schotland Senegal Servië
Sierra Leone Singapore Slovenië Slowakije Soedan Somalië Spanje Sri Lanka Suriname Syrië Tadzjikistan
Taiwan Tanzania Thailand Togo Trinidad Tsjaad Tsjechië Tunesië Turkije Turkmenistan Uruguay Venezuela
Verenigde Staten Vietnam Wales Wit-Rusland Zambia Zimbabwe Zuid-Afrika Zuid-Korea Zuid-Soedan Zweden
Zwitserland Amerika Afrika Azië Europa Oceanië Antillen Curaçao Aruba Bonaire Koerdistan Tsjetsjenië
"""
# Large cities abroad that interviews in the social domain name as where someone comes from. Dutch cities
# are not here: in a local study "vanuit Zwolle" says where a relative lives, so they are still replaced.
_CITIES = """
Parijs Londen Berlijn Madrid Barcelona Rome Milaan Wenen Praag Warschau Krakau Boekarest Sofia
Athene Lissabon Istanbul Ankara Izmir Casablanca Rabat Marrakech Tanger Fez Nador Agadir Tunis Algiers
Caïro Paramaribo Damascus Aleppo Bagdad Mosul Kabul Teheran Asmara Addis Abeba Mogadishu
Khartoem Lagos Accra Moskou Kiev Kyiv Beijing Peking Shanghai Delhi Mumbai Karachi Lahore Dhaka Jakarta
Bangkok Manila Tokio New York Wrocław Gdańsk Poznań Łódź Kraków Katowice Szczecin Lublin Antalya Bursa Adana
Konya Gaziantep Kayseri Oran Meknes Oujda Tétouan Keulen Aken Düsseldorf Dortmund Duisburg Hamburg München
Frankfurt Stuttgart Antwerpen Brussel Gent Brugge Charleroi Luxemburg Dublin Kopenhagen Stockholm Oslo
Boedapest Belgrado Zagreb Sarajevo Tirana Skopje Beiroet Amman Riyad Dubai Mekka
"""
# Seas and lakes: "hij was visser op de Noordzee".
_WATERS = """
Noordzee Waddenzee Oostzee IJsselmeer Markermeer Middellandse Zee
"""
_BRANDS = """
Volkswagen Opel Toyota Renault Peugeot Citroën Volvo Skoda Audi BMW Tesla Nissan Mazda Hyundai Suzuki
Dacia Fiat Honda Mitsubishi Škoda Albert Heijn Lidl Aldi Jumbo Kruidvat HEMA Hema Primark IKEA Ikea Vomar
Action Google WhatsApp Facebook Instagram TikTok Snapchat YouTube Marktplaats
"""


# National public bodies, funds and banks: "een meneer van de Wmo", "via het Jeugdfonds", "bij de Rabo". They name
# no one (every resident deals with them); local organisations are still replaced.
_BODIES = """
Wmo Wlz Zvw Jeugdwet Participatiewet WSNP GGD UWV SVB CJIB CAK DUO IND COA RDW Belastingdienst Nibud Jeugdfonds
Kinderbescherming Jeugdbescherming Voedselbank Humanitas Vluchtelingenwerk Leger des Heils Veilig Thuis
Juridisch Loket Rode Kruis Rabobank Rabo ING ABN AMRO SNS ASN Triodos Knab RegioBank DigiD Nidos RMC
"""


def _names(block: str) -> list[str]:
    # Multi-word entries are listed with the words that belong together; split on line and known joins.
    multi = (
        "Sierra Leone",
        "Sri Lanka",
        "Verenigde Staten",
        "Addis Abeba",
        "New York",
        "Leger des Heils",
        "Veilig Thuis",
        "Juridisch Loket",
        "Rode Kruis",
        "ABN AMRO",
        "Albert Heijn",
        "Middellandse Zee",
    )
    text = block
    keep = []
    for m in multi:
        if m in text:
            text = text.replace(m, " ")
            keep.append(m)
    return keep + text.split()


# A brand's product named with it: "een Opel Astra", "met Google Translate". Only these: any capitalised word
# after a brand would let a person's name through ("via WhatsApp Jan gebeld").
_PRODUCTS = {
    "Opel": "Astra Corsa Zafira Meriva Vectra Insignia Agila Combo Vivaro Mokka Kadett",
    "Volkswagen": "Polo Golf Passat Caddy Transporter Touran Tiguan Up Lupo Sharan",
    "Renault": "Clio Megane Mégane Kangoo Twingo Scenic Scénic Captur Laguna Trafic",
    "Toyota": "Yaris Aygo Corolla Prius Auris Avensis",
    "Peugeot": "107 108 206 207 208 306 307 308 2008 3008 5008 Partner Expert",
    "Citroën": "Berlingo Xsara Picasso C1 C3 C4 Jumpy",
    "Fiat": "Panda Punto Doblo Ducato Multipla Uno",
    "Skoda": "Fabia Octavia Superb Citigo",
    "Suzuki": "Swift Alto Vitara Wagon",
    "Nissan": "Micra Qashqai Note Primera Almera",
    "Hyundai": "i10 i20 i30 Atos Getz Tucson",
    "Dacia": "Sandero Logan Duster Jogger",
    "Volvo": "V40 V50 V70 V90 XC40 XC60 XC90 S40 S60",
    "Honda": "Civic Jazz Accord",
    "Mitsubishi": "Colt Outlander Pajero",
    "Google": "Translate Maps Meet Drive Docs Lens",
}
PRODUCT_NAMES = frozenset(
    f"{brand} {model}" for brand, models in _PRODUCTS.items() for model in models.split()
)

# A model's version after its name belongs to the product: "Opel Zafira Tourer", "Golf Variant", "Clio Estate".
_TRIM_RE = re.compile(
    r"(?:\s+(?:Sports?|Tourer|Variant|Estate|Break|Station|Sportback|Cross|Life|Plus|Hybrid|Electric|GT|GTI"
    r"|TDI|TSI|CDTI|dCi|HDi|Turbo|Automaat|Cabrio|Coupé|Combi|Kombi|Wagon|Maxi|XL))+(?![\w-])"
)

PUBLIC_NAMES = (
    frozenset(_names(_COUNTRIES) + _names(_CITIES) + _names(_WATERS) + _names(_BRANDS) + _names(_BODIES))
    | PRODUCT_NAMES
)
# In lowercase as speech recognition writes them ("naar curaçao"): never a surname after "van" or "op".
PUBLIC_LOWER = frozenset(n.lower() for n in PUBLIC_NAMES if " " not in n)
# Longest first, so "Zuid-Soedan" wins over "Soedan"; capitalised and whole words only. The lookahead for the
# names' first letters lets the scan pass over every other position without trying 350 alternatives (3× faster).
_PUBLIC_RE = re.compile(
    "(?=["
    + re.escape("".join(sorted({n[0] for n in PUBLIC_NAMES})))
    + r"])(?<![\w-])(?:"
    + "|".join(re.escape(n) for n in sorted(PUBLIC_NAMES, key=len, reverse=True))
    + r")(?![\w-])"
)


# Part of a person's name: "Van Parijs", "Piet van Londen", "Kees Malta".
_NAME_BEFORE_RE = re.compile(
    r"(?:[A-Z][\w'’-]*\s+(?:(?:van|de|der|den|ter|ten)\s+)*|(?:Van|De|Der|Den|Ter|Ten)\s+)$"
)


# Languages, where the words around say a language is meant: "in het Engels", "ze spreekt geen Pools". Alone
# they stay names ("Frans", "Engels" are people too).
_LANGUAGES = _names("""
Nederlands Engels Frans Duits Pools Turks Arabisch Spaans Portugees Italiaans Russisch Oekraïens Roemeens
Bulgaars Hongaars Grieks Tigrinya Amhaars Somalisch Farsi Perzisch Dari Pasjtoe Koerdisch Berbers Tamazight
Darija Papiaments Sranantongo Sranan Hindi Urdu Chinees Mandarijn Kantonees Vietnamees Thais Indonesisch
Tsjechisch Slowaaks Servisch Kroatisch Bosnisch Albanees Armeens Fries Limburgs Vlaams Swahili Lingala
Hebreeuws Japans Koreaans Kriolu
""")
# The language's name is scanned for first (rare), then the words before it: a scan for "het" would try
# almost every position of every turn.
_LANGUAGE_RE = re.compile(
    "(?=["
    + "".join(sorted({w[0] for w in _LANGUAGES}))
    + r"])(?<![\w-])(?:"
    + "|".join(_LANGUAGES)
    + r")(?![\w-])"
)
# Only words that leave no room for a person: "in het Engels", "ik spreek geen Pools", "spreekt vloeiend
# Arabisch"; not "ik ken Frans", "ik heb het Frans gevraagd", "ik sprak Frans gisteren" (a person Frans).
_LANGUAGE_LEFT_RE = re.compile(
    r"(?<!\w)(?:(?i:in|naar|uit|vanuit)\s+(?i:het|'t)(?:\s+(?i:goed|gebrekkig|gebroken|vloeiend|perfect|plat))?"
    r"|(?i:spreekt|spreek|spreken|spraken|sprak|verstaat|versta|verstond|kan|kon|kun|kunnen)\s+"
    r"(?i:geen|goed|slecht|vloeiend|beter|nauwelijks|amper|alleen|perfect|gebrekkig|(?:een\s+)?beetje|wat))\s+\Z"
)
# ... and the language's name ends its clause or list: not "Frans Bakker".
_LANGUAGE_RIGHT_RE = re.compile(r"(?!\s+[A-Z])")
# Languages that are people's names too ("Frans Bakker", "Dirk Engels", "Anna Fries").
_PERSON_TOO = frozenset({"Frans", "Engels", "Fries", "Duits", "Vlaams", "Dari", "Hindi", "Sranan", "Thais"})
_CLAUSE_END_RE = re.compile(r"\s*(?:[,.;:!?)\]}…\"'”’]|$)")
_INTERPRETER_RE = re.compile(r"(?i)(?<!\w)(?:tolk|tolken|vertaler)\s+\Z")
_CAP_WORD_BEFORE_RE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s+\Z")
_OPENERS = frozenset(_names("En Of Maar Ook Dus Want Nee Ja Nou Wel Alleen Met In Naar Uit Vooral Zelfs"))
# Between two languages of one list: "spreekt Arabisch, Frans en Tigrinya", "in het Turks of Koerdisch".
_LIST_GLUE_RE = re.compile(r"\s*(?:,\s*(?:(?:en|of)\s+)?|\s(?:en|of|and|\/)\s+)")


def public_name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of country, large-city, brand and product names in ``text``, to shield from the name finders;
    not when a capitalised word or tussenvoegsel before it makes it part of a person's name ("Van Parijs").
    And languages where the words before say a language is meant (see ``_LANGUAGE_LEFT_RE``)."""
    if not any(c.isupper() for c in text):
        return []
    out = []
    for m in _PUBLIC_RE.finditer(text):
        if _capitalised_before(text, m.start()):
            continue
        trim = _TRIM_RE.match(text, m.end()) if m.group() in PRODUCT_NAMES else None
        out.append((m.start(), trim.end() if trim else m.end()))
    # Languages glued into one list ("Arabisch, Frans en Tigrinya") are looked at together: each said to be a
    # language counts, and the others too when the list counts (below).
    group: list[re.Match[str]] = []
    for m in [*_LANGUAGE_RE.finditer(text), None]:
        if m is not None and group and _LIST_GLUE_RE.fullmatch(text, group[-1].end(), m.start()):
            group.append(m)
            continue
        cued = [
            _LANGUAGE_LEFT_RE.search(text, max(0, g.start() - 60), g.start()) is not None
            # "(tolk Tigrinya)"; but "de tolk Frans kwam binnen"
            or (
                g.group() not in _PERSON_TOO
                and _INTERPRETER_RE.search(text, max(0, g.start() - 20), g.start())
            )
            for g in group
        ]
        # A list counts when it ends its clause: "spreekt Arabisch, Frans en Tigrinya.", not "spreekt Arabisch en
        # Frans helpt haar", "Frans en Spaans kwamen binnen" (people).
        listed = (
            len(group) > 1
            and (any(cued) or any(g.group() not in _PERSON_TOO for g in group))
            and _CLAUSE_END_RE.match(text, group[-1].end()) is not None
        )
        out += [
            g.span()
            for g, cue in zip(group, cued, strict=True)
            if _LANGUAGE_RIGHT_RE.match(text, g.end())
            # "Hanneke Spaans": a capitalised word before makes it a surname
            and (cue or (listed and not _surname_after(text, g.start())))
        ]
        group = [m] if m is not None else []
    return sorted(out)


def _surname_after(text: str, pos: int) -> bool:
    """A capitalised word right before ``pos`` that is no language and no sentence opener ("En Kriolu")."""
    m = _CAP_WORD_BEFORE_RE.search(text, max(0, pos - 40), pos)
    return m is not None and m.group(1) not in _LANGUAGES and m.group(1) not in _OPENERS


def _capitalised_before(text: str, pos: int) -> bool:
    before = _NAME_BEFORE_RE.search(text, max(0, pos - 60), pos)
    return before is not None and not _sentence_start(text, before.start())


def _sentence_start(text: str, pos: int) -> bool:
    head = text[:pos].rstrip()
    return head == "" or head[-1] in ".!?:\n"
