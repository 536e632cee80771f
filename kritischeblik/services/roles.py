"""Who may do what (issue 15): three roles per person, checked at the start of every writing use case's
transaction by :func:`require`.

A project without roles lets everyone do everything, as before roles existed. Once a role is set, every
write needs an actor with a role. The actor is who runs the command: on SQLite the name the shell gives
(``--coder`` / ``$KB_CODER``, the TUI's coder), on PostgreSQL the database login
(:func:`kritischeblik.store.roles.current_actor`); there a different name given by the shell is refused (the
database enforces the same matrix with grants and row-level security: ``store/pg_grants.py``). On SQLite this
is a guard against mistakes, not security: whoever can write the file can write anything; the file system's
permissions are the real guard.

The matrix (every writing use case in ``services/`` × role; "eigen" = the actor is the layer's, score's or
session's owner):

=========================================================  =========  ==========  =====
use case                                                   beheerder  codeur      lezer
=========================================================  =========  ==========  =====
roles.set_role / remove_role                               ja         nee         nee
ingest.ingest_paths (transcripts, scoring forms)           ja         nee         nee
REFI-QDA import (project, codebook)                        ja         nee         nee
project.load_codebook                                      ja         nee         nee
project.*structural_keys, set_suggest_interviewers         ja         nee         nee
vectors.set_enabled, vectors.build_vectors                 ja         nee         nee
coding.auto_code (the shared machine layer ``auto``)       ja         nee         nee
coding.decide/set_memo/restore_decision/restore_memo       eigen      eigen       nee
scores.set/remove/restore_coder_score                      eigen      eigen       nee
scores.set/restore_interview_score, adopt_score/undo       ja         nee         nee
consensus.decide/undo/seed_consensus                       ja         nee         nee
consensus.set_blind on                                     ja         ja          nee
consensus.set_blind off                                    ja         nee         nee
member_checks.set_states vertrouwelijk/ingetrokken         ja         gecodeerd   nee
member_checks.set_states actief (put back)                 ja         nee         nee
themes.recluster/refresh/merge/unmerge/move/split/rename   ja         nee         nee
themes.set_status                                          ja         nee         nee
sessions.create                                            ja         als leider  nee
sessions.set_phase/add_participant/set_theme_status,
  add/edit/remove/delete_duiding                           ja         eigen       nee
backup.restore over a project with roles                   ja         nee         nee
merge (target project; asked by the shell for now)         ja         nee         nee
=========================================================  =========  ==========  =====

Why, where the issue is silent: a beheerder codes too, but nobody writes another person's layer or scores
(agreement rests on independent layers). The machine layer, the themes and the settings are shared by the
whole team, so they are the beheerder's, like ingest and the codebook. Switching blind on only hides others'
codings from the coder, so a codeur may; switching it off ends the duo's blind phase, a study decision
(so a codeur's undo of switching it on is refused too).
Member checks: a respondent usually tells the interviewer or coder, who must be able to act at once, so a
codeur who coded the interview may mark its fragments confidential or withdrawn (they already read it);
putting a withdrawn fragment back exposes text the respondent took back, so only a beheerder may. A session
has a leader (recorded at creation; sessions from before roles have none): the leader or a beheerder
(who can take over when the leader is away) writes it; the committee (lezer) takes part but writes nothing.
Exports and reads are not checked here: they write nothing to the project.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from ..errors import Hint, KBError
from ..model import Role, SegmentState
from ..store import roles as store
from ..store.codings import coder_key
from ..store.db import Project


class Action(StrEnum):
    """A kind of write; the value is how a refusal names it ("alleen een beheerder kan …")."""

    ROLES = "rollen toekennen of intrekken"
    INGEST = "interviews of formulieren inlezen"
    CODEBOOK = "het codeboek laden of wijzigen"
    SETTINGS = "projectinstellingen wijzigen"
    VECTORS = "zinsvectoren bouwen"
    AUTO_CODE = "machinesuggesties maken"
    OWN_CODING = "coderen"
    OWN_SCORE = "scoren"
    INTERVIEW_SCORE = "de scores van een interview wijzigen"
    CONSENSUS = "de consensuslaag vastleggen"
    BLIND_ON = "blind coderen aanzetten"
    BLIND_OFF = "blind coderen uitzetten"
    MEMBER_CHECK = "fragmenten vertrouwelijk maken of intrekken"
    MEMBER_CHECK_RESTORE = "ingetrokken of vertrouwelijke fragmenten terugzetten"
    THEMES = "thema's maken of bewerken"
    SESSION_CREATE = "een duidingssessie starten"
    SESSION = "een duidingssessie bijwerken"
    RESTORE = "een back-up over het project terugzetten"
    MERGE = "projecten samenvoegen"


CODEUR_MAY = {Action.OWN_CODING, Action.OWN_SCORE, Action.BLIND_ON, Action.SESSION_CREATE, Action.SESSION}
"""What a codeur may do at all (owner, leader and member-check rules narrow it further)."""
OWNED = {Action.OWN_CODING, Action.OWN_SCORE}
"""Writes to a person's own layer or scores: nobody writes someone else's, not even a beheerder."""
LED = {Action.SESSION, Action.SESSION_CREATE}
"""Writes to a session: a codeur only to a session they lead."""


def _refuse(message: str, hint: Hint = Hint.ASK_ADMIN) -> KBError:
    return KBError(message, hint=hint)


def _actor_role(s: Any, actor: str | None) -> store.RoleEntry | None:
    """The acting person's role; None when the project has no roles (everything allowed)."""
    if not store.has_roles(s):
        return None
    who = store.current_actor(s, actor)
    if who is None:
        raise _refuse(
            "Dit project werkt met rollen: zeg wie je bent voordat je iets wijzigt. Er is niets gewijzigd.",
            Hint.NAME_ACTOR,
        )
    claimed = " ".join((actor or "").split())
    if claimed and coder_key(claimed) != coder_key(who):
        # PostgreSQL: the login is who acts, and the database checks it too; a different name given by the
        # shell would write as the login while the user believes otherwise, so it is refused, not ignored.
        raise KBError(
            f"Je bent op de databaseserver ingelogd als '{who}' en kunt in dit project niet als iemand anders "
            "werken; log in als die persoon of laat de naam weg. Er is niets gewijzigd."
        )
    entry = store.role_of(s, who)
    if entry is None:
        raise _refuse("Je hebt geen rol in dit project en kunt er niets in wijzigen. Er is niets gewijzigd.")
    return entry


def require(s: Any, action: Action, actor: str | None, owner: str | None = None) -> None:
    """Refuse (KBError) unless ``actor`` may do ``action`` here. ``owner``: whose layer or scores are
    written (OWNED), or who leads the session (LED). Call it first inside the write transaction."""
    entry = _actor_role(s, actor)
    if entry is None:
        return
    if entry.role == Role.LEZER:
        raise _refuse(f"Je bent lezer in dit project; een lezer wijzigt niets, dus ook niet: {action}.")
    if action in OWNED:
        if owner is not None and coder_key(owner) != coder_key(entry.name):
            raise _refuse(
                f"Je bent {entry.role} in dit project en schrijft alleen in je eigen codeerlaag en scores, "
                "niet in die van een andere codeur. Er is niets gewijzigd."
            )
        return
    if entry.role == Role.BEHEERDER:
        return
    if action not in CODEUR_MAY:
        raise _refuse(
            f"Je bent codeur in dit project; alleen een beheerder kan {action}. Er is niets gewijzigd."
        )
    if action in LED and (owner is None or coder_key(owner) != coder_key(entry.name)):
        raise _refuse(
            "Je bent codeur in dit project; je werkt alleen in de duidingssessies die je zelf leidt. Een beheerder "
            "kan elke sessie bijwerken. Er is niets gewijzigd."
        )


def require_session(s: Any, actor: str | None, session_id: int | None) -> None:
    """:func:`require` for a write to an existing session: its leader or a beheerder."""
    leader = store.session_leader(s, session_id) if session_id is not None else None
    require(s, Action.SESSION, actor, owner=leader)


def require_member_check(s: Any, actor: str | None, state: str, segment_ids: Sequence[int]) -> None:
    """Confidential or withdrawn: a beheerder, or a codeur who coded every interview concerned; back to
    active: a beheerder only."""
    restoring = str(state) == SegmentState.ACTIEF
    action = Action.MEMBER_CHECK_RESTORE if restoring else Action.MEMBER_CHECK
    entry = _actor_role(s, actor)
    if entry is None or entry.role == Role.BEHEERDER:
        return
    if entry.role == Role.CODEUR and not restoring:
        interviews = store.interviews_of(s, list(segment_ids))
        if interviews and all(store.has_coded(s, entry.name, i) for i in interviews):
            return
        raise _refuse(
            "Je bent codeur in dit project; je kunt alleen fragmenten vertrouwelijk maken of intrekken van "
            "interviews die je zelf codeert. Een beheerder kan het wel. Er is niets gewijzigd."
        )
    require(s, action, actor)


# -- use cases -----------------------------------------------------------------------------------------


def roles(project: Project) -> list[store.RoleEntry]:
    """Everyone with a role (empty: roles are off, everyone may do everything)."""
    with project.read() as s:
        return store.all_roles(s)


def role_of(project: Project, name: str | None) -> store.RoleEntry | None:
    """The role of ``name`` (case and spaces do not count); None without a role."""
    with project.read() as s:
        return store.role_of(s, name)


def without_database_group(project: Project) -> list[str] | None:
    """PostgreSQL: who has a role but whose login cannot use the project, being in no database group (no
    login of that name on the server, or nobody could put it in its group); None on SQLite."""
    with project.read() as s:
        return store.without_database_group(s)


def database_script(project: Project) -> str:
    """PostgreSQL: the SQL a database administrator runs to create this project's group roles, grants,
    row-level security and memberships (for a login that may not create roles itself)."""
    with project.read() as s:
        return store.database_script(s)


def _clean_name(name: str | None) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise KBError("Geef de naam van de persoon op.")
    return clean


def _beheerders(s: Any) -> list[store.RoleEntry]:
    return [e for e in store.all_roles(s) if e.role == Role.BEHEERDER]


def set_role(project: Project, name: str, role: Role | str, actor: str | None) -> list[store.RoleEntry]:
    """Give ``name`` ``role``; returns the roles that changed. The first role ever set also makes the actor
    beheerder (a project is never locked out); the last beheerder keeps that role."""
    clean = _clean_name(name)
    try:
        wanted = Role(str(role).strip().lower())
    except ValueError:
        raise KBError(f"Onbekende rol '{role}'; kies codeur, lezer of beheerder.") from None
    with project.write() as s:
        changed: list[store.RoleEntry] = []
        if not store.has_roles(s):
            me = store.current_actor(s, actor)
            if me is None:
                raise KBError(
                    "Zeg wie je bent: wie de eerste rol in een project zet, wordt zelf beheerder. Er is niets "
                    "gewijzigd.",
                    hint=Hint.NAME_ACTOR,
                )
            if coder_key(me) == coder_key(clean) and wanted != Role.BEHEERDER:
                raise KBError(
                    "Dit is de eerste rol in het project: wie rollen instelt wordt eerst zelf beheerder, anders "
                    "kan niemand het project meer beheren. Geef uzelf de rol beheerder."
                )
            if coder_key(me) != coder_key(clean):
                changed.append(store.set_role(s, me, Role.BEHEERDER))
        else:
            require(s, Action.ROLES, actor)
            _keep_a_beheerder(s, clean, wanted)
        changed.append(store.set_role(s, clean, wanted))
        return changed


def remove_role(project: Project, name: str, actor: str | None) -> store.RoleEntry:
    """Take ``name``'s role away; the last beheerder cannot be removed."""
    clean = _clean_name(name)
    with project.write() as s:
        require(s, Action.ROLES, actor)
        _keep_a_beheerder(s, clean, None)
        removed = store.remove_role(s, clean)
        if removed is None:
            raise KBError("Deze persoon heeft geen rol in dit project.", hint=Hint.SHOW_ROLES)
        return removed


def _keep_a_beheerder(s: Any, name: str, new_role: Role | None) -> None:
    current = store.role_of(s, name)
    if current is None or current.role != Role.BEHEERDER or new_role == Role.BEHEERDER:
        return
    if len(_beheerders(s)) <= 1:
        raise KBError(
            "Dit is de laatste beheerder van het project; zonder beheerder kan niemand rollen, codeboek of "
            "instellingen meer wijzigen. Maak eerst iemand anders beheerder. Er is niets gewijzigd."
        )


def check(project: Project, action: Action, actor: str | None, owner: str | None = None) -> None:
    """:func:`require` in a read, before slow work (clustering, matching, pseudonymising), so a refusal comes
    at once; the use case checks again in its write transaction, which is what counts."""
    with project.read() as s:
        require(s, action, actor, owner)


def guard(action: Action, actor: str | None) -> Callable[[Any], None]:
    """:func:`require` as a callable for a lower layer that owns its own transaction (the REFI-QDA import)."""
    return lambda s: require(s, action, actor)
