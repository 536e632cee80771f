"""Writes the hostile REFI-QDA archives used by tests/test_hostile_store.py (run it after changing this file).

    python tests/data/hostile/make_store_hostile.py

Each archive is built byte by byte (``_zip``), so that it can hold what ``zipfile`` would never write: a bad
CRC, a broken or cut-off deflate stream, a directory that lies about a member's size, a name twice. The
output is deterministic and every file stays far below 100 KB (the zip bombs are 20 MB of one byte, which
deflate packs into ~20 KB).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
NS = "urn:QDA-XML:project:1.0"
DOS_TIME, DOS_DATE = 0, (2020 - 1980) << 9 | 1 << 5 | 1  # 2020-01-01 00:00


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _member(
    name: str,
    data: bytes,
    *,
    deflate: bool = True,
    crc: int | None = None,
    size: int | None = None,
    packed: bytes | None = None,
) -> dict:
    """One entry; ``crc``, ``size`` (declared uncompressed size) and ``packed`` (the stored bytes) can lie."""
    body = packed if packed is not None else (_deflate(data) if deflate else data)
    return {
        "name": name.encode("utf-8"),
        "body": body,
        "method": 8 if deflate else 0,
        "crc": zlib.crc32(data) if crc is None else crc,
        "size": len(data) if size is None else size,
    }


def _zip(members: list[dict]) -> bytes:
    out, central = bytearray(), bytearray()
    for m in members:
        offset = len(out)
        fields = (
            20,
            0x800,
            m["method"],
            DOS_TIME,
            DOS_DATE,
            m["crc"],
            len(m["body"]),
            m["size"],
            len(m["name"]),
            0,
        )
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + m["name"] + m["body"]
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, offset) + m["name"]
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + eocd)


def guid(n: int) -> str:
    return f"{n:08X}-0000-4000-8000-{n:012X}"


TEXT_A = (
    "Interviewer: Hoe ging het met de buurvrouw?\n"
    "Respondent: Het ging eerst slecht. Daarna hebben we samen een plan gemaakt.\n"
)
TEXT_B = (
    "Interviewer: Wat deed de gemeente?\n"
    "Respondent: De gemeente reageerde niet op onze mails. Dat was heel frustrerend.\n"
)


def _sel(text: str, fragment: str, sel: int, coding: int, code: int, user: int | None = None) -> str:
    a = text.index(fragment)
    who = f' creatingUser="{{{guid(user)}}}"' if user else ""
    return (
        f'<PlainTextSelection guid="{{{guid(sel)}}}" startPosition="{a}" endPosition="{a + len(fragment)}"{who}>'
        f'<Coding guid="{{{guid(coding)}}}"><CodeRef targetGUID="{{{guid(code)}}}"/></Coding>'
        "</PlainTextSelection>"
    )


def _project(body: str, users: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="vijandig" origin="test">'
        f"{users}{body}</Project>\n"
    ).encode()


CODES = (
    f'<CodeBook><Codes><Code guid="{{{guid(0x100)}}}" name="Samenwerking" isCodable="true"/>'
    f'<Code guid="{{{guid(0x101)}}}" name="Frustratie" isCodable="true"/></Codes></CodeBook>'
)


def _source(g: str, name: str, selections: str) -> str:
    return f'<TextSource guid="{g}" name="{name}" plainTextPath="internal://{name}">{selections}</TextSource>'


def _one_source(selections: str) -> str:
    return f"<Sources>{_source('{' + guid(0xB0) + '}', 'bron-b.txt', selections)}</Sources>"


def duplicate_source() -> bytes:
    """Two TextSources with one GUID (braced upper case and bare lower case), each with its own coding, and a
    case that names that GUID: both interviews and both codings must arrive; the case cannot be applied."""
    g = guid(0xB0)
    sources = _source(
        "{" + g + "}", "bron-a.txt", _sel(TEXT_A, "Daarna hebben we samen een plan gemaakt.", 1, 11, 0x100)
    ) + _source(g.lower(), "bron-b.txt", _sel(TEXT_B, "Dat was heel frustrerend.", 2, 12, 0x101))
    case = (
        f'<Variables><Variable guid="{{{guid(0x300)}}}" name="omgeving" typeOfVariable="Text"/></Variables>'
        f'<Cases><Case guid="{{{guid(0x400)}}}" name="R1"><VariableValue><VariableRef targetGUID="{{{guid(0x300)}}}"/>'
        f'<TextValue>school</TextValue></VariableValue><SourceRef targetGUID="{{{g}}}"/></Case></Cases>'
    )
    qde = _project(CODES + case + f"<Sources>{sources}</Sources>")
    return _zip(
        [
            _member("project.qde", qde),
            _member("sources/bron-a.txt", TEXT_A.encode()),
            _member("sources/bron-b.txt", TEXT_B.encode()),
        ]
    )


def duplicate_code() -> bytes:
    """Two different Codes share a GUID: a coding with that GUID cannot be placed and must be reported; a
    coding with an unambiguous code arrives."""
    codes = (
        f'<CodeBook><Codes><Code guid="{{{guid(0x100)}}}" name="Samenwerking" isCodable="true"/>'
        f'<Code guid="{guid(0x100).lower()}" name="Eenzaamheid" isCodable="true"/>'
        f'<Code guid="{{{guid(0x101)}}}" name="Frustratie" isCodable="true"/></Codes></CodeBook>'
    )
    sels = _sel(TEXT_B, "De gemeente reageerde niet op onze mails.", 1, 11, 0x100) + _sel(
        TEXT_B, "Dat was heel frustrerend.", 2, 12, 0x101
    )
    qde = _project(codes + _one_source(sels))
    return _zip([_member("project.qde", qde), _member("sources/bron-b.txt", TEXT_B.encode())])


def duplicate_coding() -> bytes:
    """Two selections and their codings share GUIDs: nothing refers to them, so both arrive, with a warning."""
    sels = _sel(TEXT_B, "De gemeente reageerde niet op onze mails.", 1, 11, 0x100) + _sel(
        TEXT_B, "Dat was heel frustrerend.", 1, 11, 0x101
    )
    qde = _project(CODES + _one_source(sels))
    return _zip([_member("project.qde", qde), _member("sources/bron-b.txt", TEXT_B.encode())])


def duplicate_user() -> bytes:
    """Two different Users share a GUID: whose coding it is cannot be known, so it is reported, not guessed."""
    users = (
        f'<Users><User guid="{{{guid(0x200)}}}" name="Carla"/><User guid="{guid(0x200).lower()}" name="Dirk"/>'
        f'<User guid="{{{guid(0x201)}}}" name="Eva"/></Users>'
    )
    sels = _sel(TEXT_B, "De gemeente reageerde niet op onze mails.", 1, 11, 0x100, user=0x200) + _sel(
        TEXT_B, "Dat was heel frustrerend.", 2, 12, 0x101, user=0x201
    )
    qde = _project(CODES + _one_source(sels), users)
    return _zip([_member("project.qde", qde), _member("sources/bron-b.txt", TEXT_B.encode())])


def _plain() -> tuple[bytes, bytes]:
    sels = _sel(TEXT_B, "Dat was heel frustrerend.", 1, 11, 0x101)
    return _project(CODES + _one_source(sels)), TEXT_B.encode()


def bad_crc() -> bytes:
    qde, text = _plain()
    return _zip(
        [_member("project.qde", qde), _member("sources/bron-b.txt", text, crc=zlib.crc32(text) ^ 0xFFFF)]
    )


def broken_deflate() -> bytes:
    qde, text = _plain()
    packed = bytearray(_deflate(text * 4))
    packed[0] = 0xFF  # an invalid block type: zlib.error at the first read
    return _zip([_member("project.qde", qde), _member("sources/bron-b.txt", text * 4, packed=bytes(packed))])


def truncated() -> bytes:
    qde, text = _plain()
    packed = _deflate(qde)
    return _zip(
        [_member("project.qde", qde, packed=packed[: len(packed) // 2]), _member("sources/bron-b.txt", text)]
    )


def bomb_qde() -> bytes:
    """project.qde of 20 MB (one opening tag, then spaces) packed into ~20 KB: a ratio of ~1000."""
    qde = _project("").replace(b"</Project>", b" " * (20 * 2**20) + b"</Project>")
    return _zip([_member("project.qde", qde)])


def bomb_source() -> bytes:
    """A small project.qde whose only text source unpacks from ~20 KB to 20 MB."""
    qde = _project(f"<Sources>{_source('{' + guid(0xB0) + '}', 'bom.txt', '')}</Sources>")
    return _zip([_member("project.qde", qde), _member("sources/bom.txt", b"a" * (20 * 2**20))])


def lying_size() -> bytes:
    """The directory says 2,000 bytes, the stream unpacks to 5 MB: within every ratio, caught while reading."""
    qde = _project(f"<Sources>{_source('{' + guid(0xB0) + '}', 'klein.txt', '')}</Sources>")
    big = b"b" * (5 * 2**20)
    return _zip(
        [_member("project.qde", qde), _member("sources/klein.txt", big, size=2000, crc=zlib.crc32(big))]
    )


def duplicate_name() -> bytes:
    """The same member name twice (once in other case): which one is meant cannot be known."""
    qde, text = _plain()
    return _zip(
        [
            _member("project.qde", qde),
            _member("sources/bron-b.txt", text),
            _member("Sources/BRON-B.txt", b"Respondent: een andere tekst.\n"),
        ]
    )


FILES = {
    "qdpx-dubbele-guid-bron.qdpx": duplicate_source,
    "qdpx-dubbele-guid-code.qdpx": duplicate_code,
    "qdpx-dubbele-guid-codering.qdpx": duplicate_coding,
    "qdpx-dubbele-guid-gebruiker.qdpx": duplicate_user,
    "qdpx-crc-fout.qdpx": bad_crc,
    "qdpx-deflate-kapot.qdpx": broken_deflate,
    "qdpx-afgebroken.qdpx": truncated,
    "qdpx-zipbom-qde.qdpx": bomb_qde,
    "qdpx-zipbom-bron.qdpx": bomb_source,
    "qdpx-liegt-over-grootte.qdpx": lying_size,
    "qdpx-dubbele-naam.qdpx": duplicate_name,
}


def main() -> None:
    for name, build in FILES.items():
        data = build()
        assert len(data) < 100_000, (name, len(data))
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
