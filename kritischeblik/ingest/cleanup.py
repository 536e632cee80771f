"""Clean text extracted from PDFs (reports, handbooks, transcripts saved as PDF) before it is parsed.

PDF extraction leaves artefacts that break segmenting and coding: words split over lines ("samen-\\nwerking"),
running headers and footers repeated on every page, page numbers (alone or glued to a word), icon names from
web fonts ("arrow-right"), and tables whose columns are lost. This module repairs what can be repaired with
evidence from the document itself and reports the rest, so a researcher knows where to check the source.

Pages are separated by form feeds (``\\f``), as both ``pdftotext`` and :func:`..readers.pdf_to_text` write them.
The report holds counts and page numbers only, never the text: it ends up in terminal output and logs, and
headers can carry names.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate

PAGE_BREAK = "\f"
# Icon names that web fonts (Font Awesome and alikes) leave in extracted text.
_ICON = re.compile(
    r"(?<![\w-])(?:fa-)?(?:arrow|long-arrow|chevron|caret|angle|angle-double|hand-point|external-link|check|"
    r"info|exclamation|quote|play|plus|minus|times)-(?:right|left|up|down|circle|square|alt|sign|o|line)"
    r"(?:-[a-z]+)*(?![\w-])[ \t]?"
)
_PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
_GLUED_LEADING_NUMBER = re.compile(r"^(\d{1,4})(?=[A-ZÀ-Ý])")
_GLUED_TRAILING_NUMBER = re.compile(r"(?<=[a-zà-ÿ.,;:!?)])(\d{1,4})$")
# A word broken at the end of a line: letters, a hyphen, a newline, letters on the next line.
_BROKEN_WORD = re.compile(r"(\w+)-[ \t]*\n[ \t]*(\w+)")
_TABLE_GAP = re.compile(r"\S(?: {3,}|\t+)\S")
_DUTCH_VOWEL_CLASH = re.compile(r"[aeiouéëïöü]$")
_VOWEL_START = re.compile(r"^[aeiouéëïöü]")
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass
class CleanupReport:
    """What the cleaning did and what it could not do, as counts and page numbers (never text)."""

    pages: int = 1
    joined_words: int = 0
    kept_hyphens: int = 0
    uncertain_pages: list[int] = field(default_factory=list)
    """pages with a line-break hyphen joined without evidence from elsewhere in the document"""
    headers_removed: int = 0
    page_numbers_removed: int = 0
    icons_removed: int = 0
    table_pages: list[int] = field(default_factory=list)
    """pages with lines that look like a table whose columns were lost in extraction"""

    @property
    def changed(self) -> bool:
        return bool(
            self.joined_words or self.headers_removed or self.page_numbers_removed or self.icons_removed
        )

    def notes(self) -> list[str]:
        """Dutch sentences for the ingest report: what was cleaned, and where to check the source."""
        out = []
        done = []
        if self.joined_words:
            done.append(f"{self.joined_words} afgebroken woord(en) hersteld")
        if self.kept_hyphens:
            done.append(f"{self.kept_hyphens} koppelteken(s) aan regeleinde behouden")
        if self.headers_removed:
            done.append(f"{self.headers_removed} kop-/voetregel(s) verwijderd")
        if self.page_numbers_removed:
            done.append(f"{self.page_numbers_removed} paginanummer(s) verwijderd")
        if self.icons_removed:
            done.append(f"{self.icons_removed} icoonnaam/-namen verwijderd (zoals 'arrow-right')")
        if done:
            out.append(f"PDF-tekst opgeschoond ({self.pages} pagina's): " + ", ".join(done))
        if self.uncertain_pages:
            out.append(
                "afgebroken woorden zonder bewijs elders in de tekst aaneengeschreven; controleer pagina "
                + _pages(self.uncertain_pages)
            )
        if self.table_pages:
            out.append(
                "tabel(len) waarvan de kolommen bij het omzetten verloren gingen (niet hersteld); controleer "
                "pagina " + _pages(self.table_pages)
            )
        return out


def _pages(pages: list[int]) -> str:
    shown = sorted(set(pages))
    return ", ".join(map(str, shown[:12])) + (f" en {len(shown) - 12} meer" if len(shown) > 12 else "")


def looks_extracted(text: str) -> bool:
    """True for text that came out of a PDF converter (page breaks as form feeds)."""
    return PAGE_BREAK in text


def clean_extracted_text(text: str) -> tuple[str, CleanupReport]:
    """The cleaned text and a report. Pure: the same text gives the same result."""
    pages = text.split(PAGE_BREAK)
    report = CleanupReport(pages=len(pages))
    pages = _strip_numbered_headers(pages, report)
    pages = _strip_running_lines(pages, report)
    pages = _strip_glued_page_numbers(pages, report)
    report.table_pages = [i + 1 for i, page in enumerate(pages) if _has_table(page)]
    cleaned_pages = []
    for page in pages:
        page, n = _ICON.subn("", page)
        report.icons_removed += n
        cleaned_pages.append(page)
    # Pages are joined before words are mended: a word is often broken over a page boundary.
    parts = [page.strip("\n") + "\n" for page in cleaned_pages]
    starts = list(accumulate((len(p) for p in parts[:-1]), initial=0))
    body = _mend_broken_words("".join(parts), starts, report)
    return re.sub(r"\n{3,}", "\n\n", body), report


def _shape(line: str) -> str:
    """A line's form with its numbers blanked, so 'Rapport 2020 — 3' and 'Rapport 2020 — 4' match."""
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _edges(lines: list[str], depth: int = 2) -> tuple[list[int], list[int]]:
    """Indexes of the first and the last ``depth`` non-empty lines of a page."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return filled[:depth], filled[-depth:]


def _edge_lines(lines: list[str]) -> list[int]:
    top, bottom = _edges(lines)
    return sorted(set(top + bottom))


def _strip_running_lines(pages: list[str], report: CleanupReport) -> list[str]:
    """Remove headers/footers (a line shape at the top, or at the bottom, of many pages) and lone page
    numbers on page edges."""
    split = [page.split("\n") for page in pages]
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for lines in split:
        top, bottom = _edges(lines)
        top_counts.update({_shape(lines[i]) for i in top})
        bottom_counts.update({_shape(lines[i]) for i in bottom})
    needed = max(3, (len(pages) + 1) // 2)
    running = {
        shape
        for counts in (top_counts, bottom_counts)
        for shape, n in counts.items()
        if n >= needed and 4 <= len(shape) <= 120
    }
    out = []
    for lines in split:
        edges = set(_edge_lines(lines))
        kept = []
        for i, line in enumerate(lines):
            if i in edges and line.strip():
                if _PAGE_NUMBER_LINE.match(line):
                    report.page_numbers_removed += 1
                    continue
                if _shape(line) in running:
                    report.headers_removed += 1
                    continue
                line = _strip_glued_header(line, running, report)
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _strip_glued_header(line: str, running: set[str], report: CleanupReport) -> str:
    """A running header glued to the first words of the page ('Sociaal domein 14De wijk...')."""
    for shape in running:
        if "#" not in shape and len(shape) < 8:
            continue
        pattern = r"\d+".join(r"\s+".join(map(re.escape, part.split(" "))) for part in shape.split("#"))
        m = re.match(rf"\s*{pattern}\s*(?:\d{{1,4}})?(?=\S)", line, re.IGNORECASE)
        if m and m.end() < len(line):
            report.headers_removed += 1
            return line[m.end() :]
    return line


_NUMBERED_EDGE = re.compile(
    r"^\s*(?:(?P<lead>\d{1,4})\s+(?P<after>\S.{2,79}?)|(?P<before>\S.{2,79}?)\s+(?P<trail>\d{1,4}))\s*$"
)


def _strip_numbered_headers(pages: list[str], report: CleanupReport) -> list[str]:
    """Headers that change with the chapter but carry the page number ('Chapter 2: Utilities 7',
    '12 Hoofdstuk 3 — Wijk'): an edge line whose number counts up with the pages, like the lone page
    numbers, is a running header even when its words differ from page to page."""
    if len(pages) < 4:
        return pages
    split = [page.split("\n") for page in pages]
    found: dict[tuple[int, int], tuple[int, bool]] = {}  # (page, line) -> (number, has words)
    for i, lines in enumerate(split):
        top, bottom = _edges(lines, depth=1)
        # Only the outermost line of each edge: the line under a page number is often a numbered heading
        # ('1 Inleiding' on page 1) that merely looks like a header.
        for j in {*top, *bottom}:
            line = lines[j]
            lone = _PAGE_NUMBER_LINE.match(line)
            m = None if lone else _NUMBERED_EDGE.match(line)
            if lone and (n := re.search(r"\d+", line)):
                found[(i, j)] = (int(n.group(0)), False)
            elif m:
                found[(i, j)] = (int(m.group("lead") or m.group("trail")), True)
    offsets = Counter(n - i for (i, _j), (n, _w) in found.items())
    if not offsets:
        return pages
    offset, votes = offsets.most_common(1)[0]
    pages_with = {i for (i, _j), (n, _w) in found.items() if n - i == offset}
    if len(pages_with) < max(3, len(pages) * 3 // 10) or votes < 3:
        return pages
    drop = {(i, j): words for (i, j), (n, words) in found.items() if n - i == offset}
    out = []
    for i, lines in enumerate(split):
        kept = []
        for j, line in enumerate(lines):
            if (i, j) in drop:
                if drop[(i, j)]:
                    report.headers_removed += 1
                else:
                    report.page_numbers_removed += 1
                continue
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _strip_glued_page_numbers(pages: list[str], report: CleanupReport) -> list[str]:
    """Page numbers glued to the first or last word of a page, recognised because they count up by one."""
    if len(pages) < 3:
        return pages
    found: dict[int, tuple[str, int]] = {}
    for i, page in enumerate(pages):
        lines = page.strip("\n").split("\n")
        m = _GLUED_LEADING_NUMBER.match(lines[0].lstrip())
        if m:
            found[i] = ("start", int(m.group(1)))
            continue
        m = _GLUED_TRAILING_NUMBER.search(lines[-1].rstrip())
        if m:
            found[i] = ("end", int(m.group(1)))
    # Keep only numbers that agree with one offset (page index + offset = printed number) on most pages.
    offsets = Counter(n - i for i, (_, n) in found.items())
    if not offsets:
        return pages
    offset, votes = offsets.most_common(1)[0]
    if votes < max(3, len(pages) // 2):
        return pages
    out = list(pages)
    for i, (where, n) in found.items():
        if n - i != offset:
            continue
        lines = out[i].strip("\n").split("\n")
        if where == "start":
            first = lines[0].lstrip()
            lines[0] = first[len(str(n)) :]
        else:
            last = lines[-1].rstrip()
            lines[-1] = last[: -len(str(n))]
        out[i] = "\n".join(lines)
        report.page_numbers_removed += 1
    return out


def _has_table(page: str) -> bool:
    """Two or more consecutive lines with wide gaps between words: columns that extraction flattened."""
    run = 0
    for line in page.split("\n"):
        run = run + 1 if len(_TABLE_GAP.findall(line)) >= 1 and len(line.split()) >= 3 else 0
        if run >= 2:
            return True
    return False


def _mend_broken_words(body: str, starts: list[int], report: CleanupReport) -> str:
    vocabulary = Counter(w.lower() for w in _WORD.findall(body))

    def page_of(pos: int) -> int:
        return bisect_right(starts, pos)

    def mend(m: re.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        joined, hyphened = (first + second).lower(), f"{first}-{second}".lower()
        # Evidence from the document itself decides; then Dutch spelling: a capital after the hyphen
        # (Noord-Holland, anti-Europees) or a vowel clash (zee-egel, mini-uitje) keeps the hyphen.
        if vocabulary[hyphened] > 0 and vocabulary[joined] == 0:
            keep = True
        elif vocabulary[joined] > 0:
            keep = False
        elif second[:1].isupper() or first.isdigit() or second.isdigit() or _vowel_clash(first, second):
            keep = True
        elif _known_word(joined):
            keep = False
        else:
            keep = False
            report.uncertain_pages.append(page_of(m.start()))
        if keep:
            report.kept_hyphens += 1
            return f"{first}-{second}"
        report.joined_words += 1
        return first + second

    return _BROKEN_WORD.sub(mend, body)


def _vowel_clash(first: str, second: str) -> bool:
    return bool(_DUTCH_VOWEL_CLASH.search(first.lower()) and _VOWEL_START.match(second.lower()))


def _known_word(word: str) -> bool:
    """In simplemma's Dutch word list (the lemmatizer the NLP pipeline already uses)."""
    import simplemma

    return bool(simplemma.is_known(word, lang="nl"))
