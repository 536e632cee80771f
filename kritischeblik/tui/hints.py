"""What a user can do next, worded for the TUI (the CLI words the same hints with its commands and flags:
``commands/hints.py``)."""

from __future__ import annotations

from ..errors import Hint, KBError

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
    Hint.REPAIR_SCHEMA: "",
    Hint.REPAIR_BACKUP: "",
    Hint.CHECK_OR_RESTORE: "",
    Hint.ASK_KEY: "vraag de juiste sleutel aan wie het project heeft aangemaakt",
    Hint.CHOOSE_TFIDF: "kies TF-IDF",
    Hint.BUILD_VECTORS: "bouw ze eenmalig met 'kb vectoren bouw' in een terminal",
    Hint.OPEN_WRITABLE: "start de TUI zonder alleen-lezen om te wijzigen",
}


def tui_message(error: KBError) -> str:
    """The error's message with the TUI's own wording of its hint (never a command-line flag)."""
    message = str(error)
    hint = TUI_HINTS.get(error.hint, "") if getattr(error, "hint", None) else ""
    return f"{message.rstrip('.')}; {hint}." if hint else message
