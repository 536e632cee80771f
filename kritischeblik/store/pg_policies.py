"""The row-level security policies of a PostgreSQL project's tables (issue 15), as SQL text for
:func:`kritischeblik.store.pg_grants.statements`, which explains the rules per role. Each policy says which
rows of a table a group may write; a SELECT policy for everyone (``kb_read``) is added there."""

from __future__ import annotations

from ..model import AUTO, CONSENSUS, Role, SegmentState
from .coverage import SESSION_BASIS_META
from .roles import SESSION_LEADER_META_PREFIX
from .session_history import SESSION_HISTORY_META

Policy = tuple[str, str, str, str, str]
"""(name, command, roles, USING, WITH CHECK); an empty USING or WITH CHECK is left out"""


def quote(name: str) -> str:
    """``name`` as a quoted SQL identifier (any character, also a quote, is safe)."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _own_layer(coder_id_column: str) -> str:
    return f"EXISTS (SELECT 1 FROM coders c WHERE c.id = {coder_id_column} AND lower(c.name) = lower(current_user))"


def _shared_layer(coder_id_column: str) -> str:
    layers = ", ".join(literal(name) for name in (AUTO, CONSENSUS))
    return f"EXISTS (SELECT 1 FROM coders c WHERE c.id = {coder_id_column} AND lower(c.name) IN ({layers}))"


def _like(prefix: str) -> str:
    """``meta.key`` starts with ``prefix`` (its ``_`` escaped)."""
    return f"meta.key LIKE {literal(prefix.replace('_', chr(92) + '_') + '%')}"


def _led(session_id: str) -> str:
    """The session ``session_id`` (an SQL expression of type text or integer) is led by the login: its
    ``session_leader:<id>`` meta row names them."""
    key = literal(SESSION_LEADER_META_PREFIX)
    return (
        f"EXISTS (SELECT 1 FROM meta m WHERE m.key = {key} || {session_id} "
        "AND lower(m.value) = lower(current_user))"
    )


def _led_session_keys() -> str:
    """A meta row of a session the login leads: its history or its basis (``<prefix><id>``)."""
    parts = []
    for template in (SESSION_HISTORY_META, SESSION_BASIS_META):
        prefix = template.split("{")[0]
        parts.append(f"({_like(prefix)} AND {_led(f'substr(meta.key, {len(prefix) + 1})')})")
    return "(" + " OR ".join(parts) + ")"


def _new_leader() -> str:
    """The leader row of a session made in this very transaction, naming the login: a codeur leads only the
    sessions they start, never one that has no leader (from before roles) or another's."""
    prefix = literal(SESSION_LEADER_META_PREFIX)
    return (
        f"({_like(SESSION_LEADER_META_PREFIX)} AND lower(meta.value) = lower(current_user) AND EXISTS "
        f"(SELECT 1 FROM duiding_sessions d WHERE {prefix} || d.id = meta.key "
        "AND d.xmin = pg_current_xact_id()::xid))"
    )


def _coded(interview_id: str) -> str:
    """The login holds a coding of their own in the interview (``services/roles.require_member_check``)."""
    return (
        "EXISTS (SELECT 1 FROM coders c JOIN codings k ON k.coder_id = c.id JOIN segments s ON s.id = k.segment_id "
        f"WHERE lower(c.name) = lower(current_user) AND s.interview_id = {interview_id})"
    )


def policies(g: dict[Role, str]) -> dict[str, list[Policy]]:
    """Per table: (policy, command, roles, USING, WITH CHECK); a beheerder may write every row of these tables
    except another person's layer and scores. A policy that reads its own table (meta, segments) is for one
    command, never ALL: an ALL policy applies to SELECT too and would recurse into itself."""
    codeur, beheerder = quote(g[Role.CODEUR]), quote(g[Role.BEHEERDER])
    both = f"{codeur}, {beheerder}"
    own_coding, own_score = _own_layer("codings.coder_id"), _own_layer("coder_scores.coder_id")
    shared = _shared_layer("codings.coder_id")
    own_name = "lower(coder) = lower(current_user)"
    anything = ("kb_beheerder", "ALL", beheerder, "true", "true")
    # the coders' names and the histories are only ever added to, by every use case: renaming a coder would
    # hand one person's layer to another, and a history that can be rewritten accounts for nothing
    only_added = ("kb_beheerder", "INSERT", beheerder, "", "true")
    # kb merge and a replaced interview's carry-over bring people's layers and scores in as new rows; what a
    # person decided is never changed or removed by anyone else (the unique keys keep an added row from
    # standing in for one that is there)
    added = ("kb_added", "INSERT", beheerder, "", "true")
    led_session, led_row = _led("duiding_sessions.id"), _led("session_id")
    hidden = f"state <> {literal(str(SegmentState.ACTIEF))}"
    hidden_event = (
        f"new_state <> {literal(str(SegmentState.ACTIEF))} AND EXISTS (SELECT 1 FROM segments s "
        "WHERE s.id = segment_events.segment_id AND s.interview_id = segment_events.interview_id) AND "
        + _coded("segment_events.interview_id")
    )
    return {
        "codings": [
            ("kb_own_layer", "ALL", both, own_coding, own_coding),
            ("kb_shared_layers", "ALL", beheerder, shared, shared),
            added,
        ],
        "coder_scores": [("kb_own_scores", "ALL", both, own_score, own_score), added],
        "coders": [("kb_self", "INSERT", codeur, "", "lower(name) = lower(current_user)"), only_added],
        "coding_events": [("kb_own_events", "INSERT", codeur, "", own_name), only_added],
        "score_events": [("kb_own_events", "INSERT", codeur, "", own_name), only_added],
        "meta": [
            ("kb_session_keys", "INSERT", codeur, "", f"({_led_session_keys()} OR {_new_leader()})"),
            ("kb_session_keys_update", "UPDATE", codeur, _led_session_keys(), _led_session_keys()),
            anything,
        ],
        # a codeur only switches blind coding on, and only hides fragments of interviews they code (putting
        # one back is a beheerder's)
        "interviews": [("kb_blind_on", "UPDATE", codeur, "true", "blind"), anything],
        "segments": [
            (
                "kb_member_check",
                "UPDATE",
                codeur,
                _coded("segments.interview_id"),
                f"{hidden} AND {_coded('segments.interview_id')}",
            ),
            anything,
        ],
        "segment_events": [("kb_member_check", "INSERT", codeur, "", hidden_event), only_added],
        "duiding_sessions": [
            ("kb_new_session", "INSERT", codeur, "", "true"),
            ("kb_led_update", "UPDATE", codeur, led_session, led_session),
            ("kb_led_delete", "DELETE", codeur, led_session, ""),
            anything,
        ],
        "session_themes": [("kb_led", "ALL", codeur, led_row, led_row), anything],
        "duidingen": [("kb_led", "ALL", codeur, led_row, led_row), anything],
    }
