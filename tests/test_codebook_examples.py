"""The codebook's ``examples`` field: loaded as a tuple, validated with file:line, stored and exported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kritischeblik.codebook import MAX_EXAMPLES, MIN_EXAMPLES, CodebookError, load_codebook
from kritischeblik.store.codebooks import load_codebooks, save_codebook
from kritischeblik.store.db import Project

DATA = Path(__file__).resolve().parent / "data" / "codebooks"


def test_examples_reach_the_code_as_a_tuple_of_strings():
    book = load_codebook(DATA / "examples-ok.yaml")
    a, b = book.codes
    assert isinstance(a.examples, tuple) and len(a.examples) == 3
    assert a.examples[0] == "We zaten gewoon met z'n allen aan tafel bij die moeder thuis."
    assert all(isinstance(e, str) for e in a.examples + b.examples)
    assert not set(a.examples) & set(b.examples)


def test_a_codebook_without_examples_still_loads(tmp_path):
    text = (DATA / "examples-ok.yaml").read_text(encoding="utf-8")
    plain = "\n".join(
        ln for ln in text.splitlines() if "examples:" not in ln and not ln.startswith("      - ")
    )
    path = tmp_path / "zonder.yaml"
    path.write_text(plain + "\n", encoding="utf-8")
    assert [c.examples for c in load_codebook(path).codes] == [(), ()]


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("examples-empty-list.yaml", 9, "lege lijst"),
        ("examples-empty-field.yaml", 9, "is leeg"),
        ("examples-empty-item.yaml", 13, "leeg voorbeeld"),
        ("examples-duplicate-within.yaml", 13, "regel 12 (dezelfde code)"),
        ("examples-duplicate-across.yaml", 21, "regel 11 (code 'a-samen')"),
        ("examples-too-many.yaml", 9, f"9 voorbeelden, hoogstens {MAX_EXAMPLES}"),
        ("examples-too-few.yaml", 9, f"2 voorbeelden, minstens {MIN_EXAMPLES}"),
        ("examples-not-text.yaml", 13, "geen tekst"),
        ("examples-not-text-mapping.yaml", 13, "geen tekst"),
        ("examples-top-level.yaml", 13, "verkeerde plek"),
        ("examples-inside-field.yaml", 14, "verkeerde plek"),
        ("examples-dutch-name.yaml", 9, "heet 'examples'"),
    ],
)
def test_each_problem_names_file_and_line(name, line, words):
    path = DATA / name
    with pytest.raises(CodebookError) as e:
        load_codebook(path)
    hits = [p for p in e.value.problems if words in p]
    assert hits, e.value.problems
    assert hits[0].startswith(f"{path}:{line}: "), hits


def test_examples_round_trip_through_the_store(tmp_path):
    book = load_codebook(DATA / "examples-ok.yaml")
    with Project.create(tmp_path / "p.kb") as project, project.write() as s:
        save_codebook(s, book, primary=True)
    with Project.open(tmp_path / "p.kb") as project, project.read() as s:
        (stored,) = load_codebooks(s)
    assert [c.examples for c in stored.codes] == [c.examples for c in book.codes]


def test_every_shipped_code_has_varied_examples():
    for name in ("kritische-blik", "platform31-weer-thuis"):
        book = load_codebook(name)
        for code in book.codes:
            assert MIN_EXAMPLES <= len(code.examples) <= MAX_EXAMPLES, code.id
            # prototypes, not the code's name said again: no example contains the whole name
            assert not any(code.name.lower() in e.lower() for e in code.examples), code.id


def test_refi_codebook_carries_definitions_not_examples_and_import_keeps_them(tmp_path):
    """The REFI-QDA Description is the code's meaning as other tools show it; examples stay in the project's
    codebook, and importing the exported ``.qdc`` back matches every code by name and leaves them as they are."""
    from kritischeblik.interop.codebook_reader import import_qdc
    from kritischeblik.interop.qdc_writer import export_qdc

    book = load_codebook("kritische-blik")
    with Project.create(tmp_path / "p.kb") as project:
        with project.write() as s:
            save_codebook(s, book, primary=True)
        export_qdc(project, tmp_path / "codes.qdc")
        xml = (tmp_path / "codes.qdc").read_text(encoding="utf-8")
        assert "<Description>" in xml
        assert not [e for c in book.codes for e in c.examples if e.replace("'", "&apos;") in xml or e in xml]
        report = import_qdc(project, tmp_path / "codes.qdc")
        assert (report.codes_new, report.codes_matched) == (0, len(book.codes))
        with project.read() as s:
            (stored,) = load_codebooks(s)
    assert {c.id: c.examples for c in stored.codes} == {c.id: c.examples for c in book.codes}


def test_the_xlsx_codebook_sheet_lists_the_examples():
    from kritischeblik.export.xlsx_tables import codebook_table

    book = load_codebook(DATA / "examples-ok.yaml")
    table = codebook_table([book])
    assert table["voorbeelden"].tolist() == ["\n".join(c.examples) for c in book.codes]


def test_shipped_examples_are_not_taken_from_the_demo_corpus():
    """Examples are prototypes written for the codes, not transcript text: none shares six words in a row with
    the demo transcripts (which are what a user tries the suggestions on)."""
    import re

    root = Path(__file__).resolve().parent.parent / "corpora" / "demo"
    words = re.findall(r"\w+", " ".join(p.read_text(encoding="utf-8") for p in root.glob("*.md")).lower())
    runs = {tuple(words[i : i + 6]) for i in range(len(words) - 5)}
    assert len(runs) > 1000
    for name in ("kritische-blik", "platform31-weer-thuis"):
        for code in load_codebook(name).codes:
            for example in code.examples:
                w = re.findall(r"\w+", example.lower())
                assert not any(tuple(w[i : i + 6]) in runs for i in range(len(w) - 5)), (code.id, example)


def test_codebook_show_lists_the_examples(project, capsys):
    from kritischeblik.cli import main

    path = str(project.path)
    project.close()
    assert main(["codebook", "show", "-p", path, "--format", "json", "--kind", "werkend_element"]) == 0
    rows = json.loads(capsys.readouterr().out)
    shipped = {c.id: list(c.examples) for c in load_codebook("kritische-blik").codes}
    assert rows and all(r["voorbeelden"] == shipped[r["id"]] for r in rows)
