"""The key behind researcher pseudonyms (``Onderzoeker N``), kept outside the project file.

``Onderzoeker N`` is stored with a keyed hash (HMAC-SHA256) of the interviewer's name, so the same person gets
the same label in every interview. Whoever holds the key can confirm a guessed name ("is Onderzoeker 1 Marieke
de Vries?"), so the key is never written into the project, a backup or an export: it lives in the user's own
configuration folder, one file per project, named after the project's (non-secret) uuid::

    <user config dir>/kritischeblik/sleutels/<project-uuid>.key     (or $KB_KEY_DIR/<project-uuid>.key)

The project keeps only a check value (an HMAC of a fixed text under the key), which tells whether a key file
belongs to it without revealing anything about the key or the names. Only ingesting a transcript that names
interviewers needs the key; reading, coding and exporting never do. ``kb sleutel exporteer`` and
``kb sleutel importeer`` hand it over to a duo partner.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
import uuid
from pathlib import Path

import platformdirs

from ..errors import Hint, KBError

KEY_DIR_ENV = "KB_KEY_DIR"
UUID_META = "project_uuid"
"""Meta key: the project's non-secret identity (names its key file; namespace of REFI-QDA GUIDs)."""
CHECK_META = "sleutel_controle"
"""Meta key: HMAC of a fixed text under the key, to recognise the right key file; reveals nothing of the key."""
_CHECK_TEXT = b"kritischeblik:sleutelcontrole:1"
_HEADER = (
    "# Kritische Blik: sleutel voor onderzoekerspseudoniemen. Geheim: niet delen buiten het onderzoeksteam."
)
_KEY_RE = re.compile(r"^[0-9a-f]{2,256}$")


class KeyFileError(KBError):
    pass


class MissingKeyError(KeyFileError):
    pass


def key_dir() -> Path:
    """Where key files live: ``$KB_KEY_DIR``, else the user's configuration folder (never the project folder)."""
    env = os.environ.get(KEY_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir("kritischeblik", appauthor=False)) / "sleutels"


def key_path(project_uuid: str) -> Path:
    return key_dir() / f"{_checked_uuid(project_uuid)}.key"


def _checked_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise KeyFileError(f"ongeldige project-id '{value}' (verwacht een uuid)") from None


def new_key() -> str:
    return secrets.token_hex(16)


def check_value(key: str) -> str:
    return hmac.new(key.encode(), _CHECK_TEXT, hashlib.sha256).hexdigest()


def legacy_uuid(salt: str) -> str:
    """The uuid of a project from before the key moved out: the namespace its REFI-QDA GUIDs were made in,
    so exports keep their GUIDs, and a restored old backup of the same project finds the same key file."""
    seed = hashlib.sha256(("kritischeblik-refi:" + salt).encode()).hexdigest()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:kritischeblik:{seed}"))


def researcher_hash(key: str, name: str) -> str:
    """The keyed hash a researcher's name is stored under (case and spacing do not matter)."""
    norm = unicodedata.normalize("NFKC", " ".join(name.lower().split()))
    return hmac.new(key.encode(), norm.encode(), hashlib.sha256).hexdigest()


# -- the file ------------------------------------------------------------------------------------------
def render(project_uuid: str, key: str) -> str:
    return f"{_HEADER}\nproject: {_checked_uuid(project_uuid)}\nsleutel: {key}\n"


def parse(text: str, source: str) -> tuple[str, str]:
    """(project uuid, key) from a key file's text."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    project, key = fields.get("project", ""), fields.get("sleutel", "").lower()
    if not project or not _KEY_RE.match(key):
        raise KeyFileError(
            f"{source}: geen sleutelbestand van Kritische Blik (regels 'project:' en 'sleutel:' ontbreken)"
        )
    return _checked_uuid(project), key


def read_file(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"{path}: bestand bestaat niet") from None
    except OSError as e:
        raise KeyFileError(f"{path}: kan niet lezen ({e.strerror})") from None
    if len(data) > 4096:
        raise KeyFileError(f"{path}: te groot voor een sleutelbestand")
    try:
        return parse(data.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise KeyFileError(f"{path}: geen sleutelbestand van Kritische Blik (geen tekst)") from None


def write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by the owner only (0600); an existing file is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def load(project_uuid: str) -> str | None:
    """The key stored on this machine for the project, or None."""
    path = key_path(project_uuid)
    if not path.exists():
        return None
    found_uuid, key = read_file(path)
    if found_uuid != _checked_uuid(project_uuid):
        raise KeyFileError(f"{path}: dit sleutelbestand hoort bij een ander project ({found_uuid})")
    return key


def save(project_uuid: str, key: str) -> Path:
    """Store the key for a project on this machine. Idempotent for the same key; refuses a different one."""
    path = key_path(project_uuid)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.parent.is_dir():
            raise NotADirectoryError(20, "geen map")
        write_private(path, render(project_uuid, key))
    except FileExistsError:
        if not path.is_file():
            raise KeyFileError(_unwritable(path, "bestaat al en is geen bestand")) from None
        if load(project_uuid) != key:
            raise KeyFileError(
                f"{path}: er staat al een andere sleutel voor dit project. Er is niets veranderd; verwijder dat "
                "bestand alleen als je zeker weet dat het niet de juiste sleutel is."
            ) from None
    except OSError as e:
        raise KeyFileError(_unwritable(path, e.strerror or type(e).__name__)) from None
    return path


def _unwritable(path: Path, why: str) -> str:
    return (
        f"{path}: kan de sleutel voor onderzoekerspseudoniemen niet opslaan ({why}). Kies een map waarin je "
        f"mag schrijven met ${KEY_DIR_ENV}; er is niets veranderd."
    )


def fits(key: str, check: str | None) -> bool:
    """Whether ``key`` belongs to the project with check value ``check`` (a project without one: any key)."""
    return check is None or hmac.compare_digest(check, check_value(key))


def state(project_uuid: str | None, check: str | None) -> str:
    """One word for ``kb status`` / ``kb sleutel toon``: aanwezig, ontbreekt, past niet, onleesbaar."""
    if not project_uuid:
        return "geen project-id"
    try:
        key = load(project_uuid)
    except KeyFileError:
        return "onleesbaar"
    if key is None:
        return "ontbreekt"
    return "aanwezig" if fits(key, check) else "past niet bij dit project"


def missing_error(project_uuid: str) -> MissingKeyError:
    """The key is not on this computer: where it was looked for, and how to get it (the shells name the
    commands that export and import it)."""
    return MissingKeyError(
        "De sleutel voor onderzoekerspseudoniemen (Onderzoeker N) van dit project staat niet op deze computer; "
        f"verwacht in {key_path(project_uuid)}. Zonder sleutel kun je lezen, coderen en exporteren, maar geen "
        "transcript inlezen dat interviewers noemt. Er is niets ingelezen. Vraag iemand die de sleutel heeft "
        "(bijvoorbeeld wie het project aanmaakte) die te exporteren naar een bestand en lees dat bestand hier in, "
        f"of wijs met ${KEY_DIR_ENV} naar de map met de sleutel",
        hint=Hint.HAND_OVER_KEY,
    )
