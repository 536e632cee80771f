"""Structured identifiers in Dutch interview text, found with regular expressions and checksums.

Pure and fast: no deduce, no word lists beyond the small ones here, and each family of finders runs only
when a cheap test says it can match (most turns of an interview hold no digit). :func:`find_identifiers`
returns non-overlapping ``(start, end, category)`` spans; :mod:`..pseudonymiser` adds them to deduce's
and its own name finders' spans (an own span beats a deduce span of another category it overlaps).

Rules (what is replaced, and why the limits are where they are); docs/privacy.md repeats them:

* BSN: 9 digits passing the elfproef, grouped in any way with single spaces, dots or dashes
  (``123456782``, ``1234.56.782``, ``123 45 67 82``). After a cue word (``bsn``, ``burgerservicenummer``,
  ``sofinummer``) within ~50 characters any 8 or 9 digits: with a typo, or with the leading 0 dropped.
  Not when ``euro`` follows (an amount). No-break and thin spaces count as spaces in every identifier.
* IBAN: country code + 2 check digits + the country's BBAN length (SWIFT registry), any case, up to two
  spaces, dashes or dots anywhere, ISO 13616 mod-97 check; the whole IBAN is one span. A Dutch IBAN of the
  right shape (4-letter bank code, 10 digits) or any IBAN after ``iban``/``rekening`` is replaced even when
  the checksum fails (a typo still identifies); a lowercase country code apart from its check digits
  (``nl 48 bunq ...``) only with a valid checksum. A Dutch account without ``NL`` and check digits, as on a
  bank card: a known bank code + 10 digits (``RABO 0312 5577 40``, ``rabo 0312557740``). As read aloud and
  transcribed, with a valid checksum: groups with commas (``NL 73, RABO, 9542, 5550, 34``), the country code
  letter by letter (``N L 33 ABNA ...``, ``N L 5 4 I N G B 5 2 ...``), a line break between groups; check digits
  in words (``NL achtendertig KNAB``, ``NL drie acht RBRB``, ``NL zeven en zestig RABO``; an NL IBAN of the
  right shape also without checksum). An account number from before the IBAN (7-10 digits) right after
  ``rekeningnummer``/``bankrekening``/``giro`` (not an amount).
* Licence plates: the 14 RDW sidecodes (``XX-99-99`` ... ``999-XX-9``), in capitals or lowercase. With
  dashes between all groups (also `` - ``) always; written together (``12ABC3``, ``k55brf``) always, except
  four digits and two letters (``3561jm``: a postcode); with spaces after ``kenteken``/``nummerbord`` (any
  case), near a vehicle word (``auto``, ``busje``; capitals only), or in capitals amid ordinary text
  (``een 52 VT HK``, not ``HIJ IS 12 EN``). Never a group that is a common word or school level
  (``3-vwo-12``, ``we zijn 12``), never mixed case (``Ze is 81``).
* Postcodes: 4 digits (not starting with 0) + 2 letters, with a space, a dash or nothing, any case; never
  SA, SD or SS. Two lowercase letters that form a common word or unit (``en``, ``op``, ``km``) count only
  after ``postcode``/``adres``, right after a street and house number (also without a comma:
  ``Weegbreestraat 70 3582 gn``) or written against the digits (``3572ze``; not a unit: ``1000km``):
  ``2019 en 2020`` and ``1000 km`` stay. In capitals always, unless the word before is capitals too (``IN
  2020 EN``). The four digits alone after ``postcode`` (``postcode 3561``). Also after ``NL-``, with two
  spaces, between brackets (``(3584 en)``); dictated forms in capitals: a dot (``3553.KL``), the letters apart
  (``3551 J M``), and after ``postcode``/``adres`` or a street and number the digits in pairs (``35 52 ER``) or a
  comma (``3562, HK``). Not ``geboren 2009, 2011 en``: a year is no house number before a postcode.
* Street + house number (:mod:`.identifier_streets`): a capitalised word ending in a street suffix
  (``-straat``, ``-laan``, ``-hof``, ``-pad``, ``-dreef``, ``-wetering``, abbreviations...), with prefixes
  (``Burg.``, ``2e``, ``Van``, ``Gouden``, ``Kromme``, ``Verlengde``...) and up to three capitalised words
  before it that are not sentence starts (``Jan Pieterszoon Coenstraat``, ``Aletta Jacobsdreef``, ``Jan van
  Galenstraat``), a side after it (``Weerdsingel Oostzijde``), an adjective + bare street word with a number
  (``Oude Gracht 14``); in capitals (``KAARDEBOLSTRAAT 17-II``) or lowercase (``zwaluwstraat nummer 17``)
  with a number; ``Laan van ...``; ``Postbus 8512``; the number with additions (``12a``, ``12 A``,
  ``210bis``, ``3-bis``, ``17-II``, ``17 II``, ``12-1``, ``3 hoog``, ``hs``); ``huisnummer 5``, ``op/van/bij
  nummer 12``, ``van nr. 4`` / ``op nummer veertien`` (not ``staat op nummer 1``), ``Lijsterbeshof, nummer
  14``; any capitalised word + number + an unmistakable addition (``Vredenburg 12-II``). A street name
  without number only when capitalised (``de Kanaalstraat``). Not: a bare ``hiernaast op 41``, a year after
  a weak street word (``Kerstmarkt 2019``). Houseboat addresses (``Oosterkade t.o. 34``, ``Zuilenselaan bij
  23``, only where the address ends: not ``bij 3 winkels``), number ranges (``90 t/m 94``, ``12 - 14``; not ``12 -
  14 uur``), ``412 a/b``, the number in words (``Bankastraat nummer vijfendertig``, ``de Kanaalstraat twaalf,``),
  a street word split off by speech recognition (``Banka straat 35``) and a lowercase adjective
  (``amsterdamse straatweg 412``). ``Zwaanstraat, 3551 JM``: four digits with letters are a postcode.
* Phone numbers: Dutch 10-digit numbers (``06-12345678``, ``030-1234567``, ``(030) 123 45 67``,
  ``(0343) 41 28 77``, ``06.12.34.56.78``, ``0 6 1 2 3 4 5 6 7 8``), with ``+31``/``0031`` and ``(0)``, any
  spaces, dots, dashes, slashes; 0800/0900/0906/0909 numbers with 4 or 7 more digits (``0800-1234``,
  ``0900 - 202 33 44``); foreign numbers after ``+``/``00`` (8+ digits); said aloud and typed out, starting
  with ``nul`` and ten digits in all (``nul zes, achtendertig, zeventien, vijfenveertig, nul twee``). Kept:
  ``112`` and ``14 030``-style municipal service numbers, which name the municipality of the study. An
  extension belongs to the number (``toestel 231``, ``doorkiesnummer 231``; not ``keuze 3``); an en dash
  (``06–38 21 90 47``), a kept hesitation (``06 eh 22 47 91 30``), ``(+31) 6 ...``, ``+32 (0)470 ...``; a mobile
  number without its 06 after ``06-nummer``; said aloud also with split compounds (``zes en twintig``) and from
  ``plus`` (``plus vierendertig, zes twaalf, ...``).
* E-mail: ordinary addresses and obfuscated ones: ``[at]``, ``(at)``, `` at ``, ``apenstaartje``, ``@``
  with spaces; dots as ``.``, ``[punt]``, ``(dot)``, `` punt ``, `` dot ``, also in the local part
  (``samira punt bouzid at ...``). With a bare `` at `` the top-level domain must be a common one
  (``nl``, ``com``...), so "ze at brood punt uit" stays. Not: a local part with a space in it.
* Dates: day + month name (+ year), any case (``3 mei``, ``12 mrt. 2011``); numeric ``12-03-2011``,
  ``12/3/2011``, ``12.03.11``, ``2011-03-12`` with a valid day and month; after ``geboren``/``geb.``/
  ``geboortejaar``/``jarig`` also a year, month + year or day-month (``geboren in 1950``, ``geb. mei
  1950``, ``jarig op 12-3``). Not: a numeric day-month without year or cue (``12-3`` may be a score).
  (:mod:`.identifier_dates`) An apostrophe year (``12-3-'09``, ``geboren in '08``), spaced separators with a
  four-digit year (``1 - 4 - 1955``), spaces only after a birth cue (``geboortedatum ... 12 03 2004``), a year
  in words (``12 maart negentien achtendertig``), years listed after ``geboren`` (``2009, 2011 en 2014``), a
  year before ``geboren`` (``is in 1990 geboren``) and a person's year after ``van`` (``Hij is van 2005``,
  ``die is van '82``, ``de kinderen zijn van 2009 en 2011``, ``een jongen van 2009``; not ``de brief is van
  2019``, ``van 2005 tot 2010``).
* Case and dossier numbers: capitals + digit groups with at least 5 digits (``VT-2020-118734``,
  ``ZK/2019/44871``, ``CJG123456``), lowercase with separators and 6+ digits; any token with 3+ digits
  after a cue (``dossiernummer``, ``cliëntnummer``, ``zaaknummer``, ``leerlingnummer``, ``kenmerk``...),
  up to four tokens (``zaaknummer ZK 2019 44871``). Not a bare year or count after ``dossier``/``zaak``.
  A year, a dash or slash and a serial of 4+ digits that is no year (``2019-0345``; not ``2019-2020``).
  A bare run of 5+ digits up to eight words after a word that numbers something (``het cliëntnummer bij de
  GGZ, 88213``, ``het nummer van de melding was 77731``; not an amount or a year), 4 digits right after
  ``nummer`` with a file word near (``het dossier met nummer 4471``). Letter groups of 2-4 capitals and digit groups
  joined by ``-``, ``/`` or a space, in either order, with 4+ digits (``RVK-4471``, ``2022-JZ-310457``,
  ``QT 2021/0987``); with a space only 5+ digits not all years (not ``WMO 2015``, ``ISO 9001``, ``IN 2020
  EN 2021``), never a month (``3 MEI 1990``), postcode or plate shape. A cue (``dossier``, ``zaak``,
  ``aanvraag``, ``kenmerk``, ``nummer``...) up to eight words back makes a digit-group token with 5+
  digits a case number (``een zaaknummer, dat weet ik nog, 77/20931``), not a year range or a date. Any
  compound cue (``betalingskenmerk``, ``beschikkingsnummer``, ``toewijzingsnummer``, ``cliëntcode``; not the
  numbers of phones, houses, rooms, buses, pins), also with a comma after it; court numbers (``JE RK 19-2231``,
  lowercase ``je rk 19-4410`` unless both pairs are words); digit groups apart up to eight words after a cue
  (``het zaaknummer bij de bank was 2020 118 734``, ``D 2020 0044 71``; not an amount or a count).
* Ages (:mod:`.identifier_ages`; only the number is replaced, ``jaar`` stays): ``81-jarige``, ``81 jaar
  oud``; ``is/was/wordt/werd/ben 81 (jaar)`` and ``is ze 81`` when the subject is a pronoun, a family or
  person word (``zoon``, ``de oudste``) or a bare name, and the sentence goes on like an age (end, comma,
  ``en``, ``jaar``, ``geworden``...): ``Henny is 81``, ``lieke is 9``; ``toen ze 16 was``; ``Youssef
  (14,``, ``Daan (6)``, ``Lieke, 9,``; ``een meisje van 14``, ``Youssef van 14``, ``mijn moeder van 85``
  (after a parent word below 13 only with ``jaar``: ``een moeder van vier`` has four children); ``,
  81 jaar,``, ``moeder, 45``; ``vanaf zijn 12e``, ``haar 10e verjaardag``; ages listed after an age (``van 4
  en 6``, ``is 10, bijna 11``, ``de oudste is 16, de jongste 12``); plural subjects with a list or ``jaar``
  (``ze zijn 84 en 80``); approximations before the number (``is zo'n 40``, ``van een jaar of vijftig``) and
  decades (``is in de zeventig``, ``begin dertig``, ``tegen de tachtig``, ``een twintiger``); months and
  weeks of a baby (``een baby van 8 maanden``); no verb in notes (``Bram 12 jaar en Lotte 9 jaar``, ``met
  haar 81 jaar``); spelled-out numbers (``veertien``, ``eenentachtig``) in the same places, except a bare
  ``een``. Also: a comma before ``van`` (``drie kinderen, van 4, 7 en 11``), a comma list closed by ``jaar``
  (``van vijf, zes jaar``), lists in brackets and appositions (``(4 en 7)``, ``de kinderen, 4 en 7,``), ``12 à
  13``, halves (``1,5 jaar oud``, ``van 2,5``, ``(3,5)``, ``anderhalf``, ``drie en een half``), compounds split by
  speech recognition (``zes en twintig``), spelled ordinals (``op haar zestiende``; not ``zesde werkdag``), an
  answer to ``hoe oud`` about a person in the same turn, ``lft. 12``, kin compounds (``schoonmoeder van 101``,
  ``echtpaar van 80 en 82``). deduce's ages that read as a duration (``heeft 40 jaar gewerkt``, ``in 5 jaar``) are dropped
  (:func:`.identifier_ages.looks_like_duration`). Not replaced: durations
  (``al 20 jaar``, ``20 jaar geleden``), ranges (``2 à 3 jaar``), ``het/dat is 5``, a subject with an article that is no person
  word (``de score is 8``), principle-like subjects (``Eenvoud is 4``), a pronoun with a bare number
  near score words (``Eenvoud? Die is 4.``), units (``3 keer``, ``50 procent``, ``5 minuten``), groups
  (``de 18-jarigen``, ``kinderen van 4 tot 12``), ``groep 7``, years, floors (``van drie hoog``).
* URLs: ``http(s)://`` and ``www.`` addresses; a domain with a path (``youtube.com/@naam``), a handle
  (``@shu.drill030``) and a user name with an underscore (``kaylee_xo_2005``), all as ``URL``.
* Read out sign by sign (third dev author): a BSN in digit words and a plate with its letters apart after their
  cue words (:mod:`.identifier_signs`: ``BSN, acht nul vijf, ...``, ``kenteken H N Z 38 T``); a postcode dictated
  after ``postcode`` (:mod:`.identifier_postcodes_spoken`: ``3 5 8 1 a b``, ``drie vijf vijf vier, K en L``); an
  IBAN with the country code apart and check digits in words (``N L zevenenzestig R A B O ...``); a case number
  with `` - `` between groups after a cue; phone numbers in pairs with commas or a hesitation (``06 - 38, 19, 72,
  40``), as hyphenated words, with a corrected last group (``..., twaalf, eh nee, dertien``) and an extension a few
  words on (``, en dan intern toestel 4417``); e-mail with a particle after a spoken dot (``p punt de graaf at gmail
  dot com``) and a dot apart in the domain (``hotmail . com``); dates with the day in words or ordinals
  (``zeventien april tweeduizend negen``; ``de derde van de elfde, tweeduizend twaalf``; without year only after a
  birth cue); house numbers ``14 rood``/``40 zwart``, ``3 bis a``, ``aan de werf``, ``ter hoogte van 400``,
  restated or corrected after the street (``9 boven, nee, 9-boven``), ``nummer N`` a few words after a street, and
  numbers inside a range named before (``400 t/m 460 ... om 412``); ages without subject and verb
  (:mod:`.identifier_age_phrases`: ``midden veertig``, ``rond de zestig``, ``die is 14, nee wacht, veertien``,
  ``Daan 4, Mila 6``, ``hij 68 en zij ruim 70``, ``Zeventien jaar en twee maanden,``; not ``rond de zestig
  mensen``, ``boven de 30 graden``).
* Fifth dev author, each module's docstring has the rules: ages with a half, "-plus", sex signs, thresholds,
  suspended compounds, lists before "jaar oud" (:mod:`.identifier_age_forms`); house numbers after
  ``adres``/``woont`` without a street word, before ``op de X``, in lists and for a second household
  (:mod:`.identifier_house_numbers`); postcodes with dotted letters, a hesitation or ``en dan``, letter names
  (:mod:`.identifier_postcodes_spoken`); a transcriber's note or timestamp inside any identifier
  (:mod:`.identifier_notes`); e-mail with ``at-teken``, ``(apenstaartje)``, ``(a)`` and half an address with its
  provider (:mod:`.identifier_online`); phone numbers with ellipses, ``dubbel vier``, ``Haar 06 is ...``, ``(532)``
  after a country code, an uncertain last group (``42 19 of 20``); an answer to ``hoe oud`` in the next turn
  (:mod:`.identifier_turns`).
* Sixth dev author: ages with the number first ("Negentig is ze"), "telt 96 jaren", "levensjaar", an approximation
  between commas after a person, "met N jaar" (not before a noun of duration or a place), "zegt zelf N", "-plus"
  after a spelled number (:mod:`.identifier_age_clauses`, :mod:`.identifier_age_forms`); a hesitation among the
  adverbs ("is nu eh, nog geen 34"), a corrected age ("ze is 11, niet 12"), a remark between subject and verb
  ("Zijn broertje, groep 3, is zes jaar"), brackets after a comma ("Zijn dochter, (ongeveer 60)"), months in an
  apposition ("de baby, elf maanden"), a year after a title and a lowercase name ("Mevrouw oudshoorn was van 1952"),
  not a comparison ("leest als een kind van zes") (:mod:`.identifier_ages`); "(0)6-..." without a country code;
  a dotted country code ("N.L. 97 ASNB ...", valid checksum only); a date of birth with an unknown day or month
  ("00-00-2003", :mod:`.identifier_dates_more`); "t.o. nr 4", a dwelling word with a numbered floor or letter and
  its corrections ("de bovenwoning, 41-1, nee sorry, 31-1"; :mod:`.identifier_house_numbers`); a floor of two
  digits ("Marnixlaan 204 12 hoog").
* Seventh dev author (:mod:`.identifier_variants` and the modules named): an O typed for a zero in a phone number;
  a BSN in groups with commas or a hesitation after its cue; a name + "van" + age before a verb; the house number
  after a postcode, a floor after a street and number, a room in a care home; a birth season; an age right after
  a year of birth and of twins; "0032-(0)470/12.34.56"; "(ext. 12)"; "2 - 11 - '36", "3 apr. '81"; "verjaardag"
  as a birth cue; "3 5 eh 8 1" after "postcode"; a note after an ellipsis or before a correction; "Van 't
  Hoffstraat"; "woont nu op X 5 t/m 7"; a Discord tag and a handle after a platform's name; not "vijf jaar ouder".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from ..categories import CATEGORY_RANK, DATUM, LOCATIE, POSTCODE
from .dialect_numbers import back, standardised
from .identifier_abroad import find_addresses_abroad, postcodes_abroad
from .identifier_age_clauses import find_age_clauses
from .identifier_age_forms import find_age_forms
from .identifier_age_ranges import find_age_ranges
from .identifier_age_restated import comparative_ages, doubled_ages, next_guesses
from .identifier_age_verbs import find_age_verbs
from .identifier_ages import find_ages
from .identifier_birthdays import birthdays_after_birth_sentences
from .identifier_cases import find_case_numbers
from .identifier_corrections import corrections
from .identifier_dates import find_dates, find_spoken_dates
from .identifier_dates_more import find_more_dates
from .identifier_fields import find_fields, later_letters
from .identifier_house_numbers import find_house_numbers
from .identifier_notes import across_notes
from .identifier_numbers import (
    find_bsn,
    find_iban,
    find_old_accounts,
    find_postcodes,
    postcode_possible,
)
from .identifier_online import find_online
from .identifier_phones import find_phones, find_phones_with_notes, find_spoken_phones
from .identifier_plates import CAR_BRANDS, find_plates
from .identifier_postcodes_spoken import find_spoken_postcodes, find_written_postcodes
from .identifier_read_aloud import find_read_aloud, restated
from .identifier_scripts import find_other_scripts
from .identifier_signs import find_signs
from .identifier_spelling import find_spelled
from .identifier_streets import find_streets
from .identifier_tables import find_ages_after_dates, find_table_cells
from .identifier_turns import across_turns
from .identifier_unpunctuated import in_unpunctuated
from .identifier_variants import (
    find_birth_seasons,
    find_grouped_bsn,
    find_name_van_age,
    find_o_for_zero,
    find_spoken_bsn,
    find_twins_and_rooms,
    numbers_after,
    read_look_alikes,
)
from .spoken_numbers import may_hold_spelled

__all__ = ["find_identifiers", "find_identifiers_in_turn"]

Found = tuple[int, int, str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- combining ------------------------------------------------------------------------------------


def _resolve(found: Iterable[Found]) -> list[Found]:
    """Non-overlapping spans: longest first, ties by category rank; a partly covered loser is absorbed
    into the winner (the union keeps the winner's category), so no part of an identifier is left.

    Accepted spans are kept sorted and disjoint, so each span costs a binary search (a text with
    thousands of identifiers must not take quadratic time)."""
    spans = sorted(set(found), key=lambda f: (f[0] - f[1], CATEGORY_RANK[f[2]], f[0]))
    starts: list[int] = []
    ends: list[int] = []
    cats: list[str] = []
    for start, end, category in spans:
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or ends[i] <= start:
            i += 1
        j = i
        while j < len(starts) and starts[j] < end:
            j += 1
        if i == j:
            starts.insert(i, start)
            ends.insert(i, end)
            cats.insert(i, category)
            continue
        # Overlaps accepted spans i..j-1, all of higher priority: merge them and this one. The category is
        # that of the longest (first accepted) of them.
        winner = max(range(i, j), key=lambda k: (ends[k] - starts[k], -CATEGORY_RANK[cats[k]]))
        merged = (min(starts[i], start), max(ends[j - 1], end), cats[winner])
        del starts[i:j], ends[i:j], cats[i:j]
        starts.insert(i, merged[0])
        ends.insert(i, merged[1])
        cats.insert(i, merged[2])
    return list(zip(starts, ends, cats, strict=True))


def _add(found: list[Found], extra: Iterable[Found]) -> list[Found]:
    """``found`` (resolved) with ``extra`` merged in; ``found`` itself when there is nothing extra, so a turn
    whose later passes find nothing is not resolved again."""
    more = list(extra)
    return _resolve([*found, *more]) if more else found


_DIGIT_RUN_RE = re.compile(r"\d+")
_GAP_BEFORE = re.compile(r"(?: ?- ?|\.| )\Z")
_GAP_AFTER = re.compile(r" ?- ?|\.| ")
_PLATE_PARTS = (
    *CAR_BRANDS,
    "kenteken",
    "nummerbord",
    "nummerplaat",
    "auto",
    "wagen",
    "bus",
    "scooter",
    "brommer",
    "motor",
    "camper",
    "caravan",
    "aanhanger",
    "rijdt",
    "reed",
    "geparkeer",
    "parke",
)


_SPACES = (
    dict.fromkeys([0xA0, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x202F], " ")
    | dict.fromkeys([0x2010, 0x2011, 0x2012, 0x2014, 0x2212, 0xFE63, 0xFF0D], "-")
    # Digits of other scripts as a phone shows them ("+٩٦١ ٣ ٤١٨ ٢٢٧", thirteenth dev author): Arabic-Indic,
    # Persian and full-width digits are read as 0-9.
    | {base + k: str(k) for base in (0x0660, 0x06F0, 0xFF10) for k in range(10)}
)


def find_identifiers(text: str) -> list[tuple[int, int, str]]:
    """Structured identifiers in ``text`` as sorted, non-overlapping ``(start, end, category)`` spans.

    Categories are those of :mod:`.categories`. Never raises on any string; never logs.
    """
    # A no-break or thin space (word processors put them between the groups of a number) is a space here, a
    # no-break hyphen or minus sign a hyphen, an Arabic-Indic digit a digit; the offsets stay the same.
    text = read_look_alikes(text.translate(_SPACES))
    dialect = standardised(text)
    if dialect is not None:
        # "nul-veer-vief, vief-zeve-ein": found in the standard words, replaced in the words said.
        copy, edits = dialect
        return back(_identifiers(copy), edits)
    return _identifiers(text)


def _identifiers(text: str) -> list[Found]:
    found = _find_all(text)
    found = _add(found, [*across_notes(text, _find_all), *in_unpunctuated(text, _find_all, found)])
    found = _add(found, [*doubled_ages(text, _find_all, found), *comparative_ages(text)])
    return _add(found, list(next_guesses(text, found)))


def _find_all(text: str) -> list[Found]:
    # Facts that decide which finders can match at all, computed once: most turns have no digit, and
    # a finder that cannot match is not run (each regex scan costs about as much as all these tests).
    runs = [m.span() for m in _DIGIT_RUN_RE.finditer(text)]
    low = text.lower()
    found: list[Found] = []
    spelled = may_hold_spelled(text, low)
    streets = list(find_streets(text, runs, "nummer" in low or "nr" in low))
    found += streets
    if runs or "nummer" in low or spelled:
        found += find_house_numbers(text, streets)
    found += find_online(text, low)
    if "nul" in low or "plus" in low or any(text[s] == "0" and e - s <= 4 for s, e in runs):
        found += find_spoken_phones(text)
    if spelled or _postcode_said(low, runs):
        found += find_spoken_postcodes(text)
    found += find_signs(text, low)
    found += find_read_aloud(text, low)
    found += find_spelled(text)
    found += find_other_scripts(text)
    if runs:
        found += find_addresses_abroad(text)
    found += find_fields(text, low)
    if "bsn" in low or "burgerservice" in low or "burger service" in low or "sofi" in low:
        found += find_spoken_bsn(text)
    ages, all_ages = _ages(text, low, runs, spelled)
    found += all_ages
    if spelled or "eerste" in low or "tweede" in low or "derde" in low or (runs and " van " in low):
        found += find_spoken_dates(text)
    found += find_more_dates(text, low, bool(runs))
    if "geb" in low or "jarig" in low or "verjaar" in low:
        found += birthdays_after_birth_sentences(text)
    if not runs:
        if spelled:
            found += find_age_ranges(text, low, ages, find_ages)
        found = _resolve(found)
        return _add(found, corrections(text, found)) if spelled else found
    digit_count = sum(e - s for s, e in runs)
    dates = list(find_dates(text, low, runs))
    found += dates
    found += find_age_ranges(text, low, ages, find_ages, dates, len(runs) + 2 * spelled)
    if digit_count >= 7 and ("giro" in low or "rekening" in low):
        found += find_old_accounts(text)
    if digit_count >= 8:
        found += find_iban(text)
        found += find_bsn(text)
        found += find_phones(text)
    if digit_count >= 9 and ("bsn" in low or "burgerservice" in low or "sofi" in low):
        found += find_grouped_bsn(text)
    if digit_count >= 7:
        found += find_o_for_zero(text, find_phones)
    if "geb" in low:
        found += find_birth_seasons(text)
    if digit_count >= 6 and ("[" in text or "(" in text):
        found += find_phones_with_notes(text)
    if _plate_possible(text, low, runs):
        found += find_plates(text)
    if "postcode" in low or postcode_possible(text, runs):
        found += find_postcodes(text)
    if digit_count >= 4:
        found += find_written_postcodes(text)
    found += find_case_numbers(text, runs)
    found += find_table_cells(text)
    found += find_ages_after_dates(text)
    found = _resolve(found)
    if any(c in (POSTCODE, LOCATIE, DATUM) for *_, c in found):
        found = _add(found, numbers_after(text, found))
        found = _add(found, list(later_letters(text, found)))
        found = _add(found, list(postcodes_abroad(text, found)))
    if digit_count >= 5:
        found = _add(found, restated(text, found))
    return _add(found, corrections(text, found))


def _postcode_said(low: str, runs: list[tuple[int, int]]) -> bool:
    """A cue for a dictated postcode, or four digits together (see :func:`find_spoken_postcodes`)."""
    return "postcode" in low or "post code" in low or "adres" in low or any(e - s == 4 for s, e in runs)


def _ages(text: str, low: str, runs: list[tuple[int, int]], spelled: bool) -> tuple[list[Found], list[Found]]:
    """The ages the anchored finders found (the ranges build on them), and those with every other age form."""
    if not (runs or spelled or "anderhalf" in low):
        return [], []
    ages = [*find_ages(text, digits=bool(runs), spelled=spelled), *find_age_verbs(text, low)]
    return ages, [
        *ages,
        *find_age_forms(text, low, find_ages, bool(runs)),
        *find_age_clauses(text, low),
        *find_name_van_age(text),
        *find_twins_and_rooms(text, low),
    ]


def _plate_possible(text: str, low: str, runs: list[tuple[int, int]]) -> bool:
    """A letter group next to a digit group, across a dash, written against it, or a space and capitals; or
    a plate or vehicle word: only then can :func:`find_plates` match."""
    n = len(text)

    def letter(i: int) -> bool:
        return 0 <= i < n and text[i].isalpha()

    def plate_neighbour(gap: str, i: int) -> bool:
        # Across a dash (" - " too) or a dot any letter; across a space only a capital ("12 ABC 3").
        return 0 <= i < n and text[i].isalpha() and ("-" in gap or "." in gap or text[i].isupper())

    return any(
        letter(s - 1)
        or letter(e)
        or (
            (g := _GAP_BEFORE.search(text, max(0, s - 3), s)) is not None
            and plate_neighbour(g.group(), g.start() - 1)
        )
        or ((g := _GAP_AFTER.match(text, e)) is not None and plate_neighbour(g.group(), g.end()))
        for s, e in runs
    ) or any(p in low for p in _PLATE_PARTS)


def find_identifiers_in_turn(
    text: str, before: str = "", after: str = "", answer: str | None = None
) -> list[tuple[int, int, str]]:
    """:func:`find_identifiers`, plus the identifiers that cross into the turn ``before`` or ``after`` it (see
    :mod:`.identifier_turns`: give them from :func:`.identifier_turns.neighbours`), and the age or date of birth
    the turn starts with when it answers one (``answer``: :func:`.identifier_turns.answer_kind`)."""
    found = find_identifiers(text)
    if not (before or after or answer):
        return found
    crossing = list(across_turns(text, before, after, find_identifiers, answer))
    # An age answered at the start of the turn may be taken back or followed by the next one, as within a turn.
    return _add(_add(found, crossing), corrections(text, crossing))
