"""What a user can do next, worded for the TUI (the CLI words the same hints with its commands and flags:
``commands/hints.py``)."""

from __future__ import annotations

from ..errors import Hint, KBError, Notice, with_hint

TUI_HINTS: dict[Hint, str] = {
    Hint.NAME_CODER: "start de TUI met je naam als codeur",
    Hint.NAME_DECIDER: "start de TUI met je naam als codeur",
    Hint.NAME_SCORER: "start de TUI met je naam als codeur",
    Hint.GIVE_REASON: "vul de reden in",
    Hint.LIST_FRAGMENTS: "",
    Hint.LIST_INTERVIEWS: "",
    Hint.LIST_CODES: "het Codeboek toont de codes",
    Hint.LOAD_CODEBOOK: "laad eerst een codeboek in het project",
    Hint.LIST_BLIND: "",
    Hint.CHOOSE_CODERS: "kies de codeurs om te vergelijken",
    Hint.SET_CODER_SCORES: "codeurs geven hun eigen scores in Coderen",
    Hint.BLIND_OFF: "",
    Hint.CHOOSE_BASIS: "",
    Hint.FORCE_RECLUSTER: "bevestig om toch opnieuw te clusteren",
    Hint.LIST_THEMES: "het Thema's-scherm toont de thema's",
    Hint.SPLIT_K: "",
    Hint.MAKE_THEMES: "maak ze in het Thema's-scherm",
    Hint.LIST_SESSIONS: "",
    Hint.SKIP_BAD: "",
    Hint.OVERWRITE_PROJECT: "",
    Hint.REPLACE: "",
    Hint.CREATE_PROJECT: "",
    Hint.CREATE_TARGET: "",
    Hint.REPAIR_SCHEMA: "",
    Hint.REPAIR_BACKUP: "",
    Hint.CHECK_OR_RESTORE: "",
    Hint.ASK_KEY: "vraag de juiste sleutel aan wie het project heeft aangemaakt",
    Hint.CHOOSE_TFIDF: "kies TF-IDF",
    Hint.BUILD_VECTORS: "bouw ze eenmalig met 'kb vectoren bouw' in een terminal",
    Hint.OPEN_WRITABLE: "start de TUI zonder alleen-lezen om te wijzigen",
    # Reading files in happens in a terminal (the TUI has no ingest screen): these name the command there.
    Hint.READ_AS_ENCODING: "inlezen gebeurt in een terminal, met 'kb ingest --encoding {encoding}'",
    Hint.NAME_ENCODING: "inlezen gebeurt in een terminal, met 'kb ingest --encoding CODERING'",
    Hint.READ_LENIENT: "inlezen gebeurt in een terminal; 'kb ingest --lenient' meldt dit alleen",
    Hint.HAND_OVER_KEY: "dat gaat in een terminal met 'kb sleutel exporteer' en 'kb sleutel importeer'",
    Hint.SHOW_HISTORY: "",
    Hint.REDO_AUTO_CODE: "maak ze opnieuw met Voorstellen maken (s) in het Codeboek",
    Hint.SET_FRAGMENT_STATE: "zet de status opnieuw in Coderen (i: intrekken, v: vertrouwelijk)",
    Hint.MAKE_SUGGESTION_THEMES: "deel ze in met Clusteren (k) in het Thema's-scherm, soort 'Suggesties nieuw "
    "principe'",
    Hint.NAME_ACTOR: "start de TUI met je naam",
    Hint.ASK_ADMIN: "vraag het een beheerder van het project (rollen staan in 'kb rol toon' in een terminal)",
    Hint.SHOW_ROLES: "de rollen staan in 'kb rol toon' in een terminal",
    Hint.ROLE_SQL: "'kb rol sql' in een terminal toont het SQL-script voor de databasebeheerder",
    Hint.LOGINS_WITHOUT_GROUP: "wie het zijn toont 'kb rol toon' in een terminal; een databasebeheerder maakt "
    "hun inlog en zet hun rol opnieuw",
}


BROWSER_HINTS: dict[Hint, str] = {
    # In the browser (kb serve) the reader cannot restart anything: say who can change the project.
    Hint.OPEN_WRITABLE: "deze pagina is alleen om te lezen; wijzigen kan wie het project opent zonder alleen-lezen, "
    "zoals de onderzoekers",
}
"""Where a TUI page served to a browser words a hint differently from the TUI in a terminal."""


def tui_hint(error: KBError | Notice, browser: bool = False) -> str:
    """The TUI's wording of the error's (or notice's) hint, or "" when it has none or the TUI words none."""
    hint = getattr(error, "hint", None)
    if not hint:
        return ""
    wording = BROWSER_HINTS.get(hint) if browser else None
    return (wording or TUI_HINTS.get(hint, "")).format(**getattr(error, "about", {}))


def tui_line(item: str | KBError | Notice) -> str:
    """One line of a list (a problem, a warning): its text with the TUI's hint after it."""
    return with_hint(str(item), tui_hint(item) if not isinstance(item, str) else "")


def tui_message(error: KBError, browser: bool = False) -> str:
    """The error's message with the TUI's own wording of its hint (never a flag where the TUI has a control),
    and each detail's hint on the detail's line."""
    details = getattr(error, "details", [])
    message = error.head + "".join(f"\n  {tui_line(d)}" for d in details) if details else str(error)
    hint = tui_hint(error, browser)
    return with_hint(message, hint, ".")
