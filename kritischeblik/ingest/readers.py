"""Read transcript files of any supported format into the Markdown protocol text.

Every reader returns the same shape (front matter + ``##`` sections + ``Naam: tekst`` turns), so one parser
handles them all. Decoding problems are reported with the file, line and the fix (a hint: read it in another encoding).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Hint, InputError
from .archive import checked_archive
from .cleanup import clean_extracted_text, looks_extracted
from .text_clean import CleanReport, clean_text
from .yaml_strict import MAX_BYTES

TRANSCRIPT_SUFFIXES = {".md", ".txt", ".markdown", ".docx", ".odt", ".vtt", ".srt", ".pdf"}
FORM_SUFFIXES = {".csv", ".xlsx"}


@dataclass
class SourceText:
    source: str
    text: str
    content_hash: str
    notes: list[str] = field(default_factory=list)
    """what reading changed or could not repair (counts and pages, never the text), for the ingest report"""
    front_source: str | None = None
    """the sidecar .yaml the front matter came from (its line 1 is line 2 of ``text``), if any"""


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
            "bestand is UTF-16 gecodeerd; sla het op als UTF-8 of lees het in als UTF-16",
            hint=Hint.READ_AS_ENCODING,
            encoding="utf-16",
        )
    sample = data[:8192]
    # A stray NUL or escape in a text file is removed later (text_clean); many of them mean binary data.
    if sample.count(b"\x00") > len(sample) // 100 or _control_ratio(sample) > 0.05:
        raise InputError(
            source, "binair bestand, geen tekst (verwacht UTF-8 .md/.txt, .docx, .odt, .vtt of .srt)"
        )
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        guess = _guess_encoding(data)
        problem = f"geen geldige UTF-8 (byte 0x{data[e.start]:02x})"
        if guess:
            raise InputError(
                source,
                f"{problem}; het lijkt {guess} te zijn: lees het in als {guess}",
                line,
                hint=Hint.READ_AS_ENCODING,
                encoding=guess,
            ) from None
        raise InputError(
            source,
            f"{problem} en de codering is niet te herkennen; sla het op als UTF-8 of lees het in met de juiste "
            "codering",
            line,
            hint=Hint.NAME_ENCODING,
        ) from None


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


def read_bytes(path: Path, source: str) -> bytes:
    """The bytes of a regular file; a missing file, a folder, a device or an unreadable file is an InputError."""
    check_file(path, source)
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(source, f"kan het bestand niet lezen ({e.strerror or type(e).__name__})") from None


def check_file(path: Path, source: str) -> None:
    """A regular file that exists: not a folder, device, pipe or socket (reading those may never end)."""
    if not path.exists():
        raise InputError(source, "bestand bestaat niet")
    if path.is_dir():
        raise InputError(source, "is een map, geen bestand")
    if not path.is_file():
        raise InputError(source, "is geen gewoon bestand (een apparaat, pipe of socket); geef een bestand op")


def read_source(path: Path, encoding: str | None = None) -> SourceText:
    """The file as protocol text: decoded, converted, cleaned of invisible characters (text_clean)."""
    source = str(path)
    suffix = path.suffix.lower()
    if path.exists() and not path.is_dir() and suffix not in TRANSCRIPT_SUFFIXES:
        raise InputError(
            source, f"onbekend bestandstype '{suffix}'; ondersteund: {', '.join(sorted(TRANSCRIPT_SUFFIXES))}"
        )
    data = read_bytes(path, source)
    if not data.strip():
        raise InputError(source, "leeg bestand")
    digest = _hash(data)
    cleaned = CleanReport()

    def clean(text: str, pdf: bool = False) -> str:
        text, report = clean_text(text, pdf)
        cleaned.add(report)
        return text

    front_source: str | None = None
    notes: list[str] = []
    if suffix in {".docx", ".odt"}:
        checked_archive(path, source, suffix)
        text = clean(docx_to_text(path) if suffix == ".docx" else odt_to_text(path))
    elif suffix == ".pdf":
        text, notes, front_source = _cleaned(source, clean(pdf_to_text(path), pdf=True), path, encoding)
    else:
        text = decode_bytes(data, source, encoding)
        if suffix in {".vtt", ".srt"}:
            text, front_source = _subtitles(clean(text), path, encoding)
        elif looks_extracted(text):  # saved by a PDF converter such as pdftotext: page breaks as form feeds
            text, notes, front_source = _cleaned(source, clean(text, pdf=True), path, encoding)
        else:
            return SourceText(source, clean(text), digest, cleaned.notes())
    text = clean(text)  # page breaks the PDF cleanup left, and what a sidecar added
    return SourceText(source, text, digest, [*cleaned.notes(), *notes], front_source)


def _cleaned(source: str, text: str, path: Path, encoding: str | None) -> tuple[str, list[str], str | None]:
    """Text from a PDF: front matter (in the text or a sidecar .yaml) kept as is, the rest cleaned."""
    front, body = _split_front_matter(text)
    front_source = None
    if front is None:
        front, front_source = _sidecar_front_matter(path, encoding)
    if front is None:
        raise InputError(
            source, f"geen metadata: zet de front matter (tussen '---') in {_sidecar_name(path)}", 1
        )
    body, report = clean_extracted_text(body)
    if not body.strip():
        raise InputError(
            source, "geen tekst gevonden (een scan zonder tekstlaag?); haal de tekst eerst met OCR op"
        )
    return front + "\n" + body, report.notes(), front_source


def _split_front_matter(text: str) -> tuple[str | None, str]:
    """('---\n...\n---', rest) when the text opens with front matter, else (None, text)."""
    m = re.match(r"\A\ufeff?---[ \t]*\n.*?\n---[ \t]*(?:\n|\Z)", text, re.DOTALL)
    if m is None:
        return None, text
    return m.group(0).rstrip("\n"), text[m.end() :]


def _sidecar_name(path: Path) -> str:
    return path.with_suffix(".yaml").name


def _sidecar_front_matter(path: Path, encoding: str | None = None) -> tuple[str | None, str | None]:
    """(front matter, sidecar file) from ``<name>.yaml`` (or ``.yml``) next to a file that cannot hold it
    itself; (None, None) when there is none. UTF-8 is tried first (a sidecar is often written apart from
    the transcript); ``encoding`` is the fallback, and without it a clear hint to name the encoding is given."""
    for sidecar in (path.with_suffix(".yaml"), path.with_suffix(".yml")):
        if not (sidecar.exists() or sidecar.is_symlink()):
            continue
        name = str(sidecar)
        if sidecar.is_dir():
            raise InputError(
                name, f"is een map; hier wordt de metadata (front matter) van {path.name} verwacht"
            )
        if sidecar.is_file() and sidecar.stat().st_size > MAX_BYTES:
            raise InputError(name, f"metadatabestand is te groot (maximaal {MAX_BYTES // 1024} KB)")
        data = read_bytes(sidecar, name)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = decode_bytes(data, name, encoding)  # the encoding hint, or the given encoding
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()
        if text.startswith("---\n") or text == "---":  # written with the dashes of a front-matter block
            body = text[4:]
            return "---\n" + (body[:-3].rstrip() if body.endswith("---") else body) + "\n---", None
        return "---\n" + text + "\n---", name
    return None, None


def pdf_to_text(path: Path) -> str:
    """The text layer of a PDF, pages separated by form feeds (as pdftotext writes them)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError(str(path), "de PDF is beveiligd met een wachtwoord; sla hem onbeveiligd op")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, OSError) as e:
        raise InputError(str(path), f"geen leesbare PDF ({type(e).__name__}: {e})") from None
    except Exception as e:  # a damaged or hostile PDF can make pypdf fail in any way (recursion, types)
        raise InputError(str(path), f"geen leesbare PDF ({type(e).__name__})") from None
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
            str(path),
            f"beschadigd of onvolledig .docx-bestand ({type(e).__name__}); open en bewaar het opnieuw in Word",
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


def subtitles_to_text(text: str, path: Path, encoding: str | None = None) -> str:
    """WebVTT/SRT cues → protocol Markdown. Front matter from a leading NOTE block or a sidecar .yaml."""
    return _subtitles(text, path, encoding)[0]


def _subtitles(text: str, path: Path, encoding: str | None) -> tuple[str, str | None]:
    """(protocol Markdown, the sidecar file the front matter came from, or None)."""
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
    front_source = None
    if front is None:
        front, front_source = _sidecar_front_matter(path, encoding)
    if front is None:
        raise InputError(
            str(path),
            f"geen metadata: zet de front matter in een NOTE-blok bovenaan (tussen '---') of in {_sidecar_name(path)}",
            1,
        )
    return front + "\n" + "\n".join(body) + "\n", front_source
