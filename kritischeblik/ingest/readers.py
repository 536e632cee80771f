"""Read transcript files of any supported format into the Markdown protocol text.

Every reader returns the same shape (front matter + ``##`` sections + ``Naam: tekst`` turns), so one parser
handles them all. Decoding problems are reported with the file, line and the fix (``--encoding``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .cleanup import clean_extracted_text, looks_extracted

TRANSCRIPT_SUFFIXES = {".md", ".txt", ".markdown", ".docx", ".odt", ".vtt", ".srt", ".pdf"}
FORM_SUFFIXES = {".csv", ".xlsx"}


@dataclass
class SourceText:
    source: str
    text: str
    content_hash: str
    notes: list[str] = field(default_factory=list)
    """what reading changed or could not repair (counts and pages, never the text), for the ingest report"""


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_bytes(data: bytes, source: str, encoding: str | None = None) -> str:
    """Decode as UTF-8 (or the explicit encoding); refuse binary, UTF-16 and legacy encodings clearly."""
    if not data.strip():
        raise InputError(source, "leeg bestand")
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise InputError(source, f"kan niet decoderen als {encoding}: {e}") from None
        return text.lstrip("\ufeff")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            source,
            "bestand is UTF-16 gecodeerd; sla het op als UTF-8 of geef --encoding utf-16 mee",
        )
    sample = data[:8192]
    if b"\x00" in sample or _control_ratio(sample) > 0.05:
        raise InputError(source, "binair bestand, geen tekst (verwacht UTF-8 .md/.txt, .docx, .odt, .vtt of .srt)")
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        guess = _guess_encoding(data)
        hint = f"; het lijkt {guess} te zijn: gebruik --encoding {guess}" if guess else "; geef de codering op met --encoding"
        raise InputError(source, f"geen geldige UTF-8 (byte 0x{data[e.start]:02x}){hint}", line) from None


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return bad / len(sample)


def _guess_encoding(data: bytes) -> str | None:
    # Dutch text that is not UTF-8 is almost always a Windows (Word/Excel) export: prefer cp1252 when the
    # bytes are valid there; detectors often say cp1250 for short texts with a few accented letters.
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # a guess is a courtesy; never let it hide the real error
        return None
    if best is None:
        return None
    enc = best.encoding.lower()
    # Windows Word exports are cp1252 even when a detector says latin-1: cp1252 is the safer suggestion.
    return "cp1252" if enc in {"cp1252", "windows_1252", "latin_1", "iso8859_1", "iso8859_15"} else enc


def read_source(path: Path, encoding: str | None = None) -> SourceText:
    source = str(path)
    if not path.exists():
        raise InputError(source, "bestand bestaat niet")
    if path.is_dir():
        raise InputError(source, "is een map, geen bestand")
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise InputError(
            source, f"onbekend bestandstype '{suffix}'; ondersteund: {', '.join(sorted(TRANSCRIPT_SUFFIXES))}"
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(source, "leeg bestand")
    digest = _hash(data)
    if suffix == ".docx":
        return SourceText(source, docx_to_text(path), digest)
    if suffix == ".odt":
        return SourceText(source, odt_to_text(path), digest)
    if suffix == ".pdf":
        return _cleaned(source, pdf_to_text(path), digest, path)
    text = decode_bytes(data, source, encoding)
    if suffix in {".vtt", ".srt"}:
        return SourceText(source, subtitles_to_text(text, path), digest)
    if looks_extracted(text):  # saved by a PDF converter such as pdftotext: page breaks as form feeds
        return _cleaned(source, text, digest, path)
    return SourceText(source, text, digest)


def _cleaned(source: str, text: str, digest: str, path: Path) -> SourceText:
    """Text from a PDF: front matter (in the text or a sidecar .yaml) kept as is, the rest cleaned."""
    front, body = _split_front_matter(text)
    if front is None:
        front = _sidecar_front_matter(path)
    if front is None:
        raise InputError(source, f"geen metadata: zet de front matter (tussen '---') in {_sidecar_name(path)}", 1)
    body, report = clean_extracted_text(body)
    if not body.strip():
        raise InputError(source, "geen tekst gevonden (een scan zonder tekstlaag?); haal de tekst eerst met OCR op")
    return SourceText(source, front + "\n" + body, digest, report.notes())


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """('---\n...\n---', rest) when the text opens with front matter, else (None, text)."""
    m = re.match(r"\A\ufeff?---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", text, re.DOTALL)
    if m is None:
        return None, text
    return m.group(0).rstrip("\n"), text[m.end() :]


def _sidecar_name(path: Path) -> str:
    return path.with_suffix(".yaml").name


def _sidecar_front_matter(path: Path) -> str | None:
    """Front matter from ``<name>.yaml`` (or ``.yml``) next to a file that cannot hold it itself."""
    for sidecar in (path.with_suffix(".yaml"), path.with_suffix(".yml")):
        if sidecar.exists():
            return "---\n" + sidecar.read_text(encoding="utf-8").strip() + "\n---"
    return None


def pdf_to_text(path: Path) -> str:
    """The text layer of a PDF, pages separated by form feeds (as pdftotext writes them)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError(str(path), "de PDF is beveiligd met een wachtwoord; sla hem onbeveiligd op")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as e:
        raise InputError(str(path), f"geen leesbare PDF ({type(e).__name__}: {e})") from None
    return "\f".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages)


def _paragraphs_to_text(paragraphs: list[tuple[str, bool]]) -> str:
    """(text, is_heading) paragraphs → protocol Markdown; a leading ``---`` block is front matter."""
    out: list[str] = []
    for text, is_heading in paragraphs:
        t = text.strip()
        if is_heading and t and not t.startswith("#"):
            out.extend([f"## {t}", ""])
        else:
            out.append(t)
    return "\n".join(out) + "\n"


def docx_to_text(path: Path) -> str:
    try:
        import docx  # python-docx
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise InputError(str(path), f"python-docx is niet geïnstalleerd ({e})") from None
    try:
        document = docx.Document(str(path))
    except Exception as e:  # zip, lxml and python-docx's own PackageNotFoundError for damaged files
        raise InputError(
            str(path), f"beschadigd of onvolledig .docx-bestand ({type(e).__name__}); open en bewaar het opnieuw in Word"
        ) from None
    paragraphs = []
    for p in document.paragraphs:
        style = (p.style.name if p.style is not None else "") or ""
        paragraphs.append((p.text, style.lower().startswith(("heading", "kop"))))
    return _paragraphs_to_text(paragraphs)


def odt_to_text(path: Path) -> str:
    try:
        from odf import teletype
        from odf.namespaces import TEXTNS
        from odf.opendocument import load
    except ImportError as e:  # pragma: no cover
        raise InputError(str(path), f"odfpy is niet geïnstalleerd ({e})") from None
    try:
        doc = load(str(path))
    except Exception as e:  # odfpy raises zip, xml and key errors for damaged files
        raise InputError(str(path), f"beschadigd of onvolledig .odt-bestand ({type(e).__name__})") from None
    paragraphs = []
    heading, para = (TEXTNS, "h"), (TEXTNS, "p")
    for el in doc.text.childNodes:
        if el.qname in (heading, para):
            paragraphs.append((teletype.extractText(el), el.qname == heading))
    return _paragraphs_to_text(paragraphs)


_TIMING = re.compile(r"^\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s+-->\s+(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+([^>]+)>(.*)$", re.DOTALL)


def subtitles_to_text(text: str, path: Path) -> str:
    """WebVTT/SRT cues → protocol Markdown. Front matter from a leading NOTE block or a sidecar .yaml."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    front: str | None = None
    body: list[str] = []
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        if i == 0 and lines[0].startswith("WEBVTT"):
            continue
        if lines[0].startswith("NOTE"):
            note = "\n".join([lines[0][4:].strip(), *lines[1:]]).strip()
            if note.startswith("---") and front is None:
                front = note if note.rstrip().endswith("---") else note + "\n---"
            elif note.startswith("#"):
                body.extend(["", "## " + note.lstrip("#").strip(), ""])
            continue
        # Drop the optional cue identifier / SRT counter and the timing line.
        while lines and not _TIMING.match(lines[0]):
            lines.pop(0)
        if not lines:
            continue
        cue = " ".join(ln.strip() for ln in lines[1:] if ln.strip())
        if not cue:
            continue
        if cue.startswith("##"):
            body.extend(["", "## " + cue.lstrip("#").strip(), ""])
            continue
        m = _VOICE.match(cue)
        if m:
            speaker, said = m.group(1).strip(), re.sub(r"</v>", "", m.group(2)).strip()
            body.append(f"{speaker}: {said}")
        else:
            body.append(re.sub(r"</?[^>]+>", "", cue))
    if front is None:
        front = _sidecar_front_matter(path)
    if front is None:
        raise InputError(
            str(path),
            f"geen metadata: zet de front matter in een NOTE-blok bovenaan (tussen '---') of in {_sidecar_name(path)}",
            1,
        )
    return front + "\n" + "\n".join(body) + "\n"
