"""What a user can do next, worded for the command line.

Lower layers raise :class:`kritischeblik.errors.KBError` with a :class:`~kritischeblik.errors.Hint` key and
the facts it needs; this module turns the key into the commands and flags of ``kb`` (the TUI has its own
wording in ``tui/hints.py``).
"""

from __future__ import annotations

from ..errors import Hint, KBError, Notice, with_hint
from ..model import SegmentState, UnpseudonymisedReason

CLI_HINTS: dict[Hint, str] = {
    Hint.NAME_CODER: "gebruik --coder NAAM (of zet $KB_CODER)",
    Hint.NAME_DECIDER: "gebruik --by NAAM (of zet $KB_CODER)",
    Hint.NAME_SCORER: "gebruik --coder NAAM (of zet $KB_CODER)",
    Hint.GIVE_REASON: "gebruik --reden, bv. 'member check: respondent trok dit in'",
    Hint.LIST_FRAGMENTS: "zie 'kb fragment list'",
    Hint.LIST_INTERVIEWS: "zie 'kb interviews list'",
    Hint.LIST_CODES: "zie 'kb codebook show'",
    Hint.LOAD_CODEBOOK: "laad er een met 'kb codebook load NAAM'",
    Hint.LIST_BLIND: "zie 'kb status' of 'kb blind status'",
    Hint.CHOOSE_CODERS: "geef ze op met --coders A B",
    Hint.SET_CODER_SCORES: "leg scores vast met 'kb agreement score-set' en kies codeurs met --coders A B",
    Hint.BLIND_OFF: "zet blind uit met 'kb blind off {interview}'",
    Hint.CHOOSE_BASIS: "gebruik --basis/--coder",
    Hint.FORCE_RECLUSTER: "gebruik --force om toch opnieuw te clusteren",
    Hint.LIST_THEMES: "zie 'kb themes show'",
    Hint.SPLIT_K: "gebruik --k 2 of meer",
    Hint.MAKE_THEMES: "maak ze met 'kb themes'",
    Hint.LIST_SESSIONS: "zie 'kb session list'",
    Hint.SKIP_BAD: "herstel de bestanden, of gebruik --skip-bad om alleen de goede bestanden in te lezen",
    Hint.OVERWRITE_PROJECT: "gebruik --force om het te overschrijven met de back-up",
    Hint.REPLACE: "gebruik --replace om het te vervangen",
    Hint.CREATE_TARGET: "maak het eerst aan met 'kb init -p {path}' (met hetzelfde codeboek als de bronnen), of "
    "noem een bestaand project als DOEL",
    Hint.CREATE_PROJECT: "maak het aan met 'kb init -p {path}' of kies een ander project met -p/--project of "
    "$KB_PROJECT",
    Hint.REPAIR_SCHEMA: "bekijk ze met 'kb check -p {path}'; 'kb check --herstel -p {path}' maakt eerst een "
    "back-up en bouwt het project dan opnieuw op met alleen de eigen tabellen en gegevens",
    Hint.REPAIR_BACKUP: "gegevens eruit halen: kopieer het bestand (cp {path} herstel.kb), voer 'kb check --herstel "
    "-p herstel.kb' uit (dat bouwt het project opnieuw op met alleen de eigen tabellen en gegevens) en zet "
    "herstel.kb terug met 'kb restore --force herstel.kb'",
    Hint.CHECK_OR_RESTORE: "voer 'kb check -p {path}' uit of zet een back-up terug met 'kb restore'",
    Hint.ASK_KEY: "vraag de juiste sleutel op met 'kb sleutel exporteer' op de computer waar het project is "
    "aangemaakt",
    Hint.CHOOSE_TFIDF: "kies --vectors tfidf",
    Hint.BUILD_VECTORS: "bouw ze met 'kb vectoren bouw'",
    Hint.OPEN_WRITABLE: "open het zonder --alleen-lezen om te wijzigen",
    Hint.READ_AS_ENCODING: "gebruik --encoding {encoding}",
    Hint.NAME_ENCODING: "geef de codering op met --encoding",
    Hint.READ_LENIENT: "of lees in met --lenient om dit alleen te melden",
    Hint.HAND_OVER_KEY: "exporteren gaat met 'kb sleutel exporteer BESTAND', inlezen met 'kb sleutel importeer "
    "BESTAND' (beide met -p voor het project)",
    Hint.SHOW_HISTORY: "zie 'kb code history'",
    Hint.REDO_AUTO_CODE: "maak ze opnieuw met 'kb code auto'",
    Hint.SET_FRAGMENT_STATE: "gebruik 'kb fragment {verb}'",
    Hint.MAKE_SUGGESTION_THEMES: "deel ze in met 'kb themes --kind suggestie'",
    Hint.NAME_ACTOR: "gebruik --coder NAAM (of zet $KB_CODER)",
    Hint.ASK_ADMIN: "vraag het een beheerder; 'kb rol toon' laat zien wie dat is",
    Hint.SHOW_ROLES: "zie 'kb rol toon'",
    Hint.ROLE_SQL: "'kb rol sql -p PROJECT' toont het SQL-script dat een databasebeheerder uitvoert",
    Hint.LOGINS_WITHOUT_GROUP: "wie het zijn toont 'kb rol toon -p {path}' (kolom databasegroep); laat een "
    "databasebeheerder hun inlog maken (CREATE ROLE naam LOGIN) en zet hun rol opnieuw met 'kb rol zet -p {path}', "
    "of laat hem het script van 'kb rol sql -p {path}' uitvoeren",
}

_FRAGMENT_VERB = {SegmentState.INGETROKKEN: "withdraw", SegmentState.VERTROUWELIJK: "confidential"}
"""``kb fragment <verb>`` that sets a member-check state (for :data:`Hint.SET_FRAGMENT_STATE`)"""

UNPSEUDONYMISED_LABELS: dict[UnpseudonymisedReason, str] = {
    UnpseudonymisedReason.IMPORTED: "geïmporteerd (REFI-QDA) met --no-pseudonymise",
    UnpseudonymisedReason.INGESTED: "ingelezen met --no-pseudonymise",
    UnpseudonymisedReason.FORM: "suggestie uit een formulier met --no-pseudonymise",
}
"""Why an interview holds unpseudonymised text, as ``kb status`` says it"""

EXTRA_HINTS: dict[str, str] = {
    "replaceable": "gebruik --replace om een bestaand interview te vervangen",
}


def cli_hint(error: KBError | Notice) -> str:
    """The CLI's wording of the error's (or notice's) hint, or "" when it has none."""
    hint = getattr(error, "hint", None)
    if hint is None:
        return ""
    about = dict(getattr(error, "about", {}))
    if hint == Hint.SET_FRAGMENT_STATE:
        about["verb"] = _FRAGMENT_VERB[SegmentState(about["state"])]
    return CLI_HINTS[hint].format(**about)


def cli_line(item: str | KBError | Notice) -> str:
    """One line of a list (a problem, a warning): its text with the CLI's hint after it."""
    return with_hint(str(item), cli_hint(item) if not isinstance(item, str) else "")


def cli_message(error: KBError) -> str:
    """The error's message with the CLI's hint after it (and each detail's hint on the detail's line)."""
    details = getattr(error, "details", [])
    message = error.head + "".join(f"\n  {cli_line(d)}" for d in details) if details else str(error)
    hint = cli_hint(error)
    if not hint:
        return message
    if "\n" in message:  # a list of problems: each hint goes on a line of its own
        extra = [text for key, text in EXTRA_HINTS.items() if getattr(error, "about", {}).get(key)]
        if error.hint == Hint.REPLACE:
            extra = []
        return "\n".join([message, *(f"({h[0].upper()}{h[1:]}.)" for h in [hint, *extra])])
    return with_hint(message, hint, ".")
