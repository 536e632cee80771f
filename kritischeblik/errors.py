"""The project's own error type: everything a user can cause ends up as a KBError with a clear message.

Lower layers (store, ingest, analysis, services) say what is wrong in Dutch but name no command or flag:
what the user can do next depends on where they are (a command line, a TUI screen, a notebook). Such an
error carries a ``hint`` key and the facts the hint needs; each shell words it (``commands/hints.py`` for
the CLI, ``tui/hints.py`` for the TUI).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Hint(StrEnum):
    """What the user can do next, named by purpose; the shells word it for their own controls."""

    NAME_CODER = "name_coder"
    """a coder's name is missing (--coder / $KB_CODER)"""
    NAME_DECIDER = "name_decider"
    """who decides is missing (--by / $KB_CODER)"""
    NAME_SCORER = "name_scorer"
    """who scores is missing or not a person (--coder)"""
    GIVE_REASON = "give_reason"
    """withdrawing a fragment needs a reason (--reden)"""
    LIST_FRAGMENTS = "list_fragments"
    LIST_INTERVIEWS = "list_interviews"
    LIST_CODES = "list_codes"
    LOAD_CODEBOOK = "load_codebook"
    """the project has no codebook yet"""
    LIST_BLIND = "list_blind"
    """unknown interview in a duo command: the blind overview lists them"""
    CHOOSE_CODERS = "choose_coders"
    """fewer coders than needed, or the wrong ones (--coders A B)"""
    SET_CODER_SCORES = "set_coder_scores"
    """no coder scores yet"""
    BLIND_OFF = "blind_off"
    """the interview (``about['interview']``) is still blind"""
    CHOOSE_BASIS = "choose_basis"
    """no fragments in this coding layer: choose another basis or coder"""
    FORCE_RECLUSTER = "force_recluster"
    """re-clustering would throw away the researchers' theme edits"""
    LIST_THEMES = "list_themes"
    SPLIT_K = "split_k"
    """a split needs at least two sub-themes (--k)"""
    MAKE_THEMES = "make_themes"
    LIST_SESSIONS = "list_sessions"
    SKIP_BAD = "skip_bad"
    """a batch had bad files; nothing was written"""
    OVERWRITE_PROJECT = "overwrite_project"
    """restoring over an existing project needs the user's say-so"""
    REPLACE = "replace"
    """an interview exists with other content"""
    CREATE_PROJECT = "create_project"
    """no project at ``about['path']``"""
    CREATE_TARGET = "create_target"
    """no project at ``about['path']`` to merge into (the target is named, not given with a project option)"""
    REPAIR_SCHEMA = "repair_schema"
    """a project (``about['path']``) holds schema objects Kritische Blik did not create"""
    REPAIR_BACKUP = "repair_backup"
    """a backup (``about['path']``) holds schema objects Kritische Blik did not create"""
    CHECK_OR_RESTORE = "check_or_restore"
    """the project file (``about['path']``) is damaged"""
    ASK_KEY = "ask_key"
    """the researcher key found does not fit this project"""
    CHOOSE_TFIDF = "choose_tfidf"
    """sentence vectors are not available: cluster on TF-IDF instead"""
    BUILD_VECTORS = "build_vectors"
    """stored sentence vectors are missing: build them once"""
    OPEN_WRITABLE = "open_writable"
    """the project was opened read-only on request"""
    READ_AS_ENCODING = "read_as_encoding"
    """a file is not UTF-8 but seems to be ``about['encoding']``: read it as that (--encoding)"""
    NAME_ENCODING = "name_encoding"
    """a file is not UTF-8 and its encoding cannot be guessed: name it (--encoding)"""
    READ_LENIENT = "read_lenient"
    """a structural problem in a transcript that could be read as written, with only a warning (--lenient)"""
    HAND_OVER_KEY = "hand_over_key"
    """the researcher key is missing on this computer: export it where it is, import it here"""
    SHOW_HISTORY = "show_history"
    """what was lost is kept in the decision history"""
    REDO_AUTO_CODE = "redo_auto_code"
    """the machine's suggestions were dropped: make them again"""
    SET_FRAGMENT_STATE = "set_fragment_state"
    """a member-check state (``about['state']``, a :class:`~kritischeblik.model.SegmentState`) was lost"""
    MAKE_SUGGESTION_THEMES = "make_suggestion_themes"
    """the suggestions for a new principle are not grouped into themes yet"""
    NAME_ACTOR = "name_actor"
    """the project has roles: say who is acting (--coder / $KB_CODER)"""
    ASK_ADMIN = "ask_admin"
    """the actor's role does not allow this write: a beheerder can do it or give another role"""
    SHOW_ROLES = "show_roles"
    """who has which role is listed by the roles overview"""
    ROLE_SQL = "role_sql"
    """a PostgreSQL project's database roles need an administrator: the roles' SQL script shows what to run"""
    LOGINS_WITHOUT_GROUP = "logins_without_group"
    """people with a role have no database group on the server (``about['path']``): see who in the roles
    overview; an administrator makes their logins and their roles are set again, or runs the roles' script"""


def with_hint(text: str, hint: str, end: str = "") -> str:
    """``text; hint`` (a shell's wording of the hint after the message); after a question a new sentence."""
    if not hint:
        return text
    if text.rstrip().endswith(("?", "!")):
        return f"{text.rstrip()} {hint[0].upper()}{hint[1:]}{end}"
    return f"{text.rstrip('.')}; {hint}{end}"


@dataclass(frozen=True)
class Notice:
    """A line for the user that is not an error (a warning, a report line), with what they can do next:
    worded by each shell like an error's hint. ``str(notice)`` is the text alone."""

    text: str
    hint: Hint | None = None
    about: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


class KBError(Exception):
    """An error the user can act on; the CLI prints its message without a traceback.

    ``hint`` names what the user can do next (a :class:`Hint`); ``about`` holds the facts a shell needs to
    word it (e.g. ``interview='wijk-01'``). ``details`` are the lines of a list of problems, each a text or
    an error / :class:`Notice` with a hint of its own (one per bad file of a batch). ``str(error)`` is the
    message and its details without hints.
    """

    exit_code = 2

    def __init__(
        self,
        message: str = "",
        *,
        hint: Hint | None = None,
        details: Sequence[str | KBError | Notice] = (),
        **about: object,
    ) -> None:
        super().__init__(message + "".join(f"\n  {d}" for d in details))
        self.head = message
        self.details = list(details)
        self.hint = hint
        self.about = about


class ScoreError(KBError):
    """A score the codebook's scale does not allow (see :meth:`kritischeblik.model.ScoreScale.check`)."""


class InputError(KBError):
    """Bad input file: the message names the file and, where known, the line."""

    def __init__(
        self, source: str, message: str, line: int | None = None, *, hint: Hint | None = None, **about: object
    ):
        self.source = source
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}", hint=hint, **about)
