"""Write the hostile input files of tests/test_hostile_ingest.py into this folder (one file per case).

The files are committed; run this again only to change them: ``python tests/data/hostile/make_hostile.py``.
Everything is deterministic (fixed zip timestamps), so a re-run gives the same bytes. The interviews are
short and fictional.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = (2024, 1, 1, 0, 0, 0)

FRONT = "id: {id}\nomgeving: wijk\nduo: [Anna Jansen, Bert de Wit]\nrespondent_rol: wijkverpleegkundige\ndatum: 2021-03-04\n"
BODY = (
    "## Mooi voorbeeld\n\n"
    "Anna Jansen: Kun je een moment noemen waarop het goed ging?\n"
    "R: Ja, bij de overdracht naar school ging het goed.\n\n"
    "## Vastloopmoment\n\n"
    "Bert de Wit: En waar liep het vast?\n"
    "R: Bij de indicatie, die duurde maanden.\n"
)


def transcript(iid: str, front_extra: str = "", body: str = BODY, front: str | None = None) -> str:
    front = FRONT.format(id=iid) if front is None else front
    return f"---\n{front}{front_extra}---\n\n{body}"


def write(name: str, data: str | bytes) -> None:
    (HERE / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


# -- YAML front matter -----------------------------------------------------------------------------------


def yaml_cases() -> None:
    # "Billion laughs": nine levels of nine aliases; PyYAML's safe_load expands it to ~10^9 list items.
    laughs = ['lol0: &a0 ["lol"]']
    for i in range(1, 10):
        laughs.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    write("alias-bomb.md", transcript("bom-01", "\n".join(laughs) + "\n"))
    write("duplicate-key.md", transcript("dubbel-01", "gemeente: Utrecht\nomgeving: school\n"))
    write(
        "duplicate-key-nested.md",
        transcript("dubbel-02", "extra:\n  wijk: Noord\n  buurt: Oost\n  wijk: Zuid\n"),
    )
    write("duplicate-key-case.md", transcript("dubbel-03", "Datum: 2021-05-06\n"))
    write("id-hex.md", transcript("0x1F"))
    write("id-true.md", transcript("true"))
    write("id-leading-zero.md", transcript("007"))
    write("id-case-twin.md", transcript("WIJK-01"))
    big = "".join(f"notitie_{i}: {'x' * 60}\n" for i in range(1100))  # ~70 KB
    write("frontmatter-too-large.md", transcript("groot-01", big))
    write("frontmatter-deep.md", transcript("diep-01", "extra: " + "[" * 200 + "]" * 200 + "\n"))
    write(
        "frontmatter-python-tag.md",
        transcript("tag-01", "extra: !!python/object/apply:os.system ['echo hoi']\n"),
    )
    write(
        "frontmatter-bad-date.md",
        transcript("datum-01", front=FRONT.format(id="datum-01").replace("2021-03-04", "2021-02-30")),
    )


# -- sidecar metadata ------------------------------------------------------------------------------------

VTT = (
    "WEBVTT\n\nNOTE ## Mooi voorbeeld\n\n"
    "00:00:01.000 --> 00:00:04.000\n<v Anna Jansen>Kun je een moment noemen waarop het goed ging?\n\n"
    "00:00:05.000 --> 00:00:09.000\n<v R>Ja, bij de overdracht naar school ging het goed.\n\n"
    "NOTE ## Vastloopmoment\n\n"
    "00:00:10.000 --> 00:00:12.000\n<v Bert de Wit>En waar liep het vast?\n\n"
    "00:00:13.000 --> 00:00:16.000\n<v R>Bij de indicatie, die duurde maanden.\n"
)


def sidecar_cases() -> None:
    write("sidecar-cp1252.vtt", VTT)
    write(
        "sidecar-cp1252.yaml",
        (FRONT.format(id="bijlage-01") + "organisatie: Café de Wéreld\n").encode("cp1252"),
    )
    write("sidecar-duplicate-key.vtt", VTT)
    write(
        "sidecar-duplicate-key.yaml", FRONT.format(id="bijlage-02") + "gemeente: Utrecht\ngemeente: Zeist\n"
    )
    # The test puts a folder named sidecar-dir.yaml next to a copy of this file.
    write("sidecar-dir.vtt", VTT)


# -- sections --------------------------------------------------------------------------------------------


def section_cases() -> None:
    twice = BODY + "\n## Mooi voorbeeld\n\nAnna Jansen: Nog een voorbeeld?\nR: Ja, de buurtsportcoach.\n"
    write("section-twice.md", transcript("sectie-01", body=twice))
    variant = (
        BODY + "\n##   mooi  VOORBEELD:\n\nAnna Jansen: Nog een voorbeeld?\nR: Ja, de buurtsportcoach.\n"
    )
    write("section-twice-variant.md", transcript("sectie-02", body=variant))
    write(
        "section-misspelled.md",
        transcript("sectie-03", body=BODY.replace("## Vastloopmoment", "## Vastlopmoment")),
    )


# -- text normalisation ----------------------------------------------------------------------------------


def text_cases() -> None:
    body = BODY.replace(
        "R: Ja, bij de overdracht",
        "R: Ja, \x1b[31mbij\x1b[0m de \x1b]0;titel\x07overdracht\x00 naar \u202eloohcs\u202c met Jans\u00adsen en Jan\u200bsen"
        "\x9b2J en \u2066Pieter\u2069 \U000e0041\x07",
    )
    write("control-chars.md", transcript("teken-01", "organisatie: \x1b[2JBuurtteam\u200b Oost\n", body=body))
    # A text file with one stray NUL is text (the NUL is removed), not "binary".
    write("nul-byte.md", transcript("nul-01", body=BODY.replace("goed ging?", "goed\x00 ging?")))


# -- archives --------------------------------------------------------------------------------------------

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_document(paragraphs: list[str]) -> str:
    ps = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{ps}</w:body></w:document>"
    )


def zip_bytes(entries: list[tuple[str, bytes | str]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(zipfile.ZipInfo(name, STAMP), data, compress_type=compression)
    return buf.getvalue()


def docx(paragraphs: list[str], extra: list[tuple[str, bytes | str]] = ()) -> bytes:  # type: ignore[assignment]
    return zip_bytes(
        [
            ("[Content_Types].xml", DOCX_TYPES),
            ("_rels/.rels", DOCX_RELS),
            ("word/document.xml", docx_document(paragraphs)),
            *extra,
        ]
    )


def good_docx(iid: str) -> bytes:
    lines = ["---", *FRONT.format(id=iid).strip().split("\n"), "---", *BODY.strip().split("\n")]
    return docx([ln for ln in lines if ln])


def corrupt_entry(data: bytes, name: str, how: str) -> bytes:
    """The archive with the compressed bytes of entry ``name`` damaged: 'crc' keeps a valid deflate stream
    with other content (stored entry, one byte changed), 'zlib' breaks the deflate stream itself."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(name)
    header = data[info.header_offset : info.header_offset + 30]
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    out = bytearray(data)
    if how == "crc":
        out[start + info.compress_size // 2] ^= 0x01
    else:
        out[start : start + 8] = b"\xff" * 8
    return bytes(out)


def forge_size(data: bytes, name: str, size: int) -> bytes:
    """The archive with its central directory claiming ``size`` unpacked bytes for entry ``name``."""
    out = bytearray(data)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack("<H", data[pos + 28 : pos + 30])[0]
        if data[pos + 46 : pos + 46 + name_len].decode() == name:
            out[pos + 24 : pos + 28] = struct.pack("<I", size)  # uncompressed size
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def odt(paragraphs: list[str]) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text>"
        + "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return zip_bytes(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("content.xml", content),
            ("META-INF/manifest.xml", manifest),
        ]
    )


def archive_cases() -> None:
    good = good_docx("zip-01")
    write("docx-bad-crc.docx", corrupt_entry(docx_stored(good), "word/document.xml", "crc"))
    write("docx-zlib-error.docx", corrupt_entry(good, "word/document.xml", "zlib"))
    # 50 MB of one repeated paragraph: ~50 KB packed, a ratio of ~1000 (a zip bomb in miniature).
    write("docx-bomb.docx", docx(["Ja."], extra=[("word/padding.xml", b"<x/>" + b" " * 50_000_000)]))
    write("docx-too-large.docx", forge_size(good, "word/document.xml", 300 * 1024 * 1024))
    dup = zip_bytes(
        [
            ("[Content_Types].xml", DOCX_TYPES),
            ("_rels/.rels", DOCX_RELS),
            ("word/document.xml", docx_document(["leeg"])),
            ("word/document.xml", docx_document(["---", "id: dubbel-zip", "---"])),
        ]
    )
    write("docx-duplicate-entry.docx", dup)
    lines = ["---", *FRONT.format(id="odt-01").strip().split("\n"), "---", *BODY.strip().split("\n")]
    write("odt-bad-crc.odt", corrupt_entry(odt_stored([ln for ln in lines if ln]), "content.xml", "crc"))
    # XML "billion laughs": entities expanding to 10^9 x 21 characters inside the document part.
    xml = docx_document(["---", "id: xml-01", "---", "&lol9;"]).replace(
        "?>", "?>" + xml_bomb("w:document"), 1
    )
    write(
        "docx-xml-bomb.docx",
        zip_bytes(
            [("[Content_Types].xml", DOCX_TYPES), ("_rels/.rels", DOCX_RELS), ("word/document.xml", xml)]
        ),
    )
    odt_entries = zipfile.ZipFile(io.BytesIO(odt(["---", "id: xml-02", "---", "LOL"])))
    write(
        "odt-xml-bomb.odt",
        zip_bytes(
            [
                (
                    i.filename,
                    odt_entries.read(i)
                    .decode()
                    .replace("?>", "?>" + xml_bomb("office:document-content"), 1)
                    .replace("LOL", "&lol9;")
                    if i.filename == "content.xml"
                    else odt_entries.read(i),
                )
                for i in odt_entries.infolist()
            ]
        ),
    )


def xml_bomb(root: str) -> str:
    entities = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    return f'<!DOCTYPE {root} [<!ENTITY lol0 "lolololololololololol">{entities}]>'


def docx_stored(data: bytes) -> bytes:
    """The same archive with its entries stored uncompressed: one changed byte then fails only the CRC."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    return zip_bytes([(i.filename, zf.read(i)) for i in zf.infolist()], zipfile.ZIP_STORED)


def odt_stored(paragraphs: list[str]) -> bytes:
    return docx_stored(odt(paragraphs))


# -- forms -----------------------------------------------------------------------------------------------

XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Keuzes" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet(rows: list[list[str]]) -> str:
    """Sheet XML; a cell written as '=FORMULA' becomes a formula without a cached value."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(ord('A') + c)}{r}"
            if value.startswith("="):
                cells.append(f'<c r="{ref}"><f>{value[1:]}</f></c>')
            elif value:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:C{len(rows) + 1}"/><sheetData>{"".join(out)}</sheetData></worksheet>'
    )


def xlsx(sheet_xml: str) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", XLSX_TYPES),
            ("_rels/.rels", XLSX_RELS),
            ("xl/workbook.xml", XLSX_WORKBOOK),
            ("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ]
    )


CHOICES = [["interview_id", "keuze_principes", "nieuw_principe"], ["wijk-01", "Eenvoud", "Samen optrekken"]]


def form_cases() -> None:
    write("form-good.xlsx", xlsx(sheet(CHOICES)))
    # Broken after the first rows: openpyxl opens the workbook and fails only while reading the rows.
    broken = sheet(CHOICES).replace("</sheetData>", '<row r="3"><c r="A3"><is><t>kapot</sheetData>')
    write("form-bad-sheet-xml.xlsx", xlsx(broken))
    write(
        "form-formula-no-cache.xlsx", xlsx(sheet([CHOICES[0], ["wijk-01", "Eenvoud", '=CONCAT("Samen","")']]))
    )
    write(
        "form-bad-crc.xlsx",
        corrupt_entry(docx_stored(xlsx(sheet(CHOICES))), "xl/worksheets/sheet1.xml", "crc"),
    )
    write("form-empty-cells.csv", "interview_id,keuze_principes,nieuw_principe\nwijk-01,,\n")
    write("form-clear-cell.csv", "interview_id,keuze_principes,nieuw_principe\nwijk-01,,-\n")
    write("form-interview-case.csv", "interview_id,keuze_principes,nieuw_principe\nWIJK-01,Eenvoud,\n")
    write(
        "form-escape.csv",
        'interview_id,keuze_principes,nieuw_principe\nwijk-01,Eenvoud,"Samen\x1b[8m optrekken\u202e"\n',
    )


def main() -> int:
    for make in (yaml_cases, sidecar_cases, section_cases, text_cases, archive_cases, form_cases):
        make()
    return 0


if __name__ == "__main__":
    sys.exit(main())
