"""Use cases of a project as a whole: create it with its codebook, load a codebook, the structural
front-matter keys, and a new project filled from a REFI-QDA file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ..errors import Hint, KBError, Notice
from ..model import ALWAYS_STRUCTURAL, Codebook
from ..store import project_copy
from ..store import settings as store_settings
from ..store.codebooks import save_codebook
from ..store.db import Project
from ..store.location import project_location
from ..wording import plural
from . import roles

# Front-matter keys the parser takes for itself; their values are never stored as written.
NEVER_STRUCTURAL = ("duo", "respondent", "respondenten")

T = TypeVar("T")


def create_project(
    path: Path | str, codebook: Codebook, then: Callable[[Project], T] | None = None
) -> T | None:
    """A new project with ``codebook`` as its primary codebook, then ``then(project)`` (e.g. an import).

    All or nothing: when anything fails (or is interrupted), the files this call created are removed, so no
    half-made project is left behind (a database keeps nothing of it either). ``Project.create`` refuses an
    existing path or a database that is not empty, so nothing of the user's is touched."""
    project = Project.create(path)
    try:
        with project.write() as s:
            save_codebook(s, codebook, primary=True)
        return then(project) if then is not None else None
    except BaseException:
        project.remove_new()
        raise
    finally:
        project.close()


@dataclass(frozen=True)
class CopyResult:
    rows: dict[str, int]
    """rows copied per table"""
    notices: list[Notice] = field(default_factory=list)
    """what the copy needs before everyone can work in it (PostgreSQL: people left without a database group)"""


def copy_project(source: str | Path, target: str | Path) -> CopyResult:
    """Copy the whole project at ``source`` into a new project at ``target`` (a file or a PostgreSQL
    database, either way round). ``target`` must not hold a project (a file that does not exist yet, an
    empty database); a failed copy leaves nothing there.

    On PostgreSQL the roles come over as the database's groups and memberships; a person whose login is not
    on this server, or whom the copying login could not put in a group, can neither read nor write the copy,
    which the result's notice says (with a count only: names belong to the roles overview)."""
    location = project_location(target)
    # Read-only: a copy never changes its source (an older project is not migrated for it either).
    with Project.open(source, read_only=True) as project:
        rows = project_copy.copy_project(project, location)
    with Project.open(location) as copy:
        left = roles.without_database_group(copy)
    if not left:
        return CopyResult(rows)
    people = plural(len(left), "persoon", "personen")
    notice = Notice(
        f"{people} met een rol in dit project {'zit' if len(left) == 1 else 'zitten'} in de kopie in geen "
        "databasegroep: er is op deze server geen inlog met die naam, of je inlog mocht geen databaserollen "
        "maken. Zonder groep kan een inlog de kopie niet lezen en niets wijzigen.",
        hint=Hint.LOGINS_WITHOUT_GROUP,
        about={"path": str(location)},
    )
    return CopyResult(rows, [notice])


def load_codebook(
    project: Project, codebook: Codebook, primary: bool = False, actor: str | None = None
) -> None:
    """Load a (new version of a) codebook; codes in use are never dropped silently (store.codebooks)."""
    with project.write() as s:
        roles.require(s, roles.Action.CODEBOOK, actor)
        save_codebook(s, codebook, primary=primary)


def structural_keys(project: Project) -> tuple[list[str], bool]:
    """The front-matter keys kept as written, and whether that is the default list."""
    with project.read() as s:
        return store_settings.structural_keys(s), store_settings.is_default(s)


def add_structural_keys(
    project: Project, keys: Sequence[str], actor: str | None = None
) -> tuple[list[str], bool, list[str]]:
    """Add keys to the list: (the list now, is it the default, the keys that were new)."""
    never = [k for k in keys if k in NEVER_STRUCTURAL]
    if never:
        raise KBError(
            f"'{never[0]}' kan geen structuursleutel zijn: namen van interviewers en respondenten worden nooit "
            "opgeslagen. Er is niets gewijzigd."
        )
    with project.write() as s:
        roles.require(s, roles.Action.SETTINGS, actor)
        current = store_settings.structural_keys(s)
        new = [k for k in keys if k not in current]
        stored = store_settings.set_structural_keys(s, current + new) if new else current
        return stored, store_settings.is_default(s), new


def remove_structural_keys(project: Project, keys: Sequence[str], actor: str | None = None) -> list[str]:
    """Remove keys from the list; ``id`` and ``omgeving`` always stay."""
    fixed = [k for k in keys if k in ALWAYS_STRUCTURAL]
    if fixed:
        raise KBError(
            f"'{fixed[0]}' blijft altijd op de lijst: {' en '.join(ALWAYS_STRUCTURAL)} zijn nodig om interviews "
            "te herkennen en te groeperen. Er is niets gewijzigd."
        )
    with project.write() as s:
        roles.require(s, roles.Action.SETTINGS, actor)
        current = store_settings.structural_keys(s)
        missing = [k for k in keys if k not in current]
        if missing:
            raise KBError(
                f"'{missing[0]}' staat niet op de lijst ({', '.join(current)}). Er is niets gewijzigd."
            )
        return store_settings.set_structural_keys(s, [k for k in current if k not in keys])


def suggest_interviewers(project: Project) -> bool:
    """Whether machine suggestions include the interviewers' segments (default: no)."""
    with project.read() as s:
        return store_settings.suggest_interviewers(s)


def set_suggest_interviewers(project: Project, on: bool, actor: str | None = None) -> bool:
    """Include (``on``) or leave out the interviewers' segments in later auto-coding runs; returns the setting.
    Suggestions already made stay until the next run recomputes them."""
    with project.write() as s:
        roles.require(s, roles.Action.SETTINGS, actor)
        store_settings.set_suggest_interviewers(s, on)
        return store_settings.suggest_interviewers(s)


def reset_structural_keys(project: Project, actor: str | None = None) -> list[str]:
    """Back to the documented default list (model.STRUCTURAL_KEYS)."""
    with project.write() as s:
        roles.require(s, roles.Action.SETTINGS, actor)
        store_settings.reset_structural_keys(s)
        return store_settings.structural_keys(s)
