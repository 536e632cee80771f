from pathlib import Path

import pytest
import yaml

from kritischeblik.codebook import CodebookError, load_codebook, parse_codebook, shipped_codebooks

pytestmark = pytest.mark.backends  # each test once on SQLite and once on PostgreSQL

ROOT = Path(__file__).resolve().parent.parent
CODE_IDS = ROOT / "docs" / "code-ids.md"


def _doc_ids() -> dict[str, str]:
    rows = [ln.split("|") for ln in CODE_IDS.read_text(encoding="utf-8").splitlines() if ln.startswith("| ")]
    return {r[1].strip(): r[2].strip() for r in rows[1:] if r[1].strip() != "id"}


def test_shipped_kritische_blik_has_every_domain_code():
    cb = load_codebook("kritische-blik")
    ids = {c.id: c.kind for c in cb.codes}
    assert ids == _doc_ids()
    assert [c.name for c in cb.principles()] == [
        "Leefwereld centraal",
        "Doen wat nodig is",
        "Ruimte voor de professional",
        "Uitgaan van mogelijkheden",
        "Zo nabij mogelijk",
        "Eenvoud",
    ]
    for c in cb.codes:
        assert c.definition and c.when_to_use and c.when_not_to_use, c.id
        assert c.keywords and all(k == k.lower() for k in c.keywords), c.id
    assert (cb.scale_min, cb.scale_max) == (1, 5)


@pytest.mark.parametrize(
    ("alias", "code_id"),
    [
        ("Ruimte voor professionals", "lp-ruimte-voor-de-professional"),
        ("ruimte voor de professional", "lp-ruimte-voor-de-professional"),
        ("De inhoud centraal, niet het systeem", "lp-eenvoud"),
        ("Regie", "lp-uitgaan-van-mogelijkheden"),
        ("  LEEFWERELD   centraal ", "lp-leefwereld-centraal"),
    ],
)
def test_principle_aliases(alias, code_id):
    cb = load_codebook("kritische-blik")
    assert cb.resolve_principle(alias).id == code_id


def test_all_shipped_codebooks_validate():
    assert {"kritische-blik", "platform31-weer-thuis"} <= set(shipped_codebooks())
    for path in shipped_codebooks().values():
        load_codebook(path)


GOOD = """\
id: t
name: Test
version: "1"
codes:
  - id: a
    name: A
    kind: leidend_principe
    definition: iets
"""


def test_minimal_codebook_parses():
    cb = parse_codebook(GOOD, "t.yaml")
    assert [c.id for c in cb.codes] == ["a"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("kind: leidend_principe", "kind: onzin"), "t.yaml:7: onbekende soort 'onzin'"),
        (
            GOOD + "  - id: a\n    name: B\n    kind: overig\n    definition: x\n",
            "t.yaml:9: dubbele code-id 'a'",
        ),
        (GOOD.replace("name: A", "name: ''"), "t.yaml:6: code 'a' heeft een lege naam"),
        (GOOD.replace('version: "1"', 'version: "1"\nscale: {min: 5, max: 1}'), "t.yaml:4: ongeldige schaal"),
        (
            GOOD.replace('version: "1"', 'version: "1"\nscale: {min: 1, max: vijf}'),
            "t.yaml:4: schaal moet uit gehele",
        ),
        (
            GOOD.replace("definition: iets", "definition: iets\n    parent: zz"),
            "t.yaml:5: code 'a' verwijst naar onbekende parent",
        ),
        ("id: [\n", "t.yaml:2: geen geldige YAML"),
    ],
)
def test_validation_errors_name_file_and_line(text, expected):
    with pytest.raises(CodebookError) as exc:
        parse_codebook(text, "t.yaml")
    assert any(p.startswith(expected) for p in exc.value.problems), exc.value.problems


def test_declared_kinds_are_accepted():
    text = GOOD.replace("kind: leidend_principe", "kind: conditie").replace(
        'version: "1"', 'version: "1"\nkinds:\n  - {id: conditie, name: Conditie}'
    )
    assert parse_codebook(text).codes[0].kind == "conditie"


def test_shipped_yaml_is_plain_yaml():
    # The file must stay readable by any YAML tool, not only by our line-aware loader.
    data = yaml.safe_load(shipped_codebooks()["kritische-blik"].read_text(encoding="utf-8"))
    assert data["id"] == "kritische-blik"


def test_new_codebook_version_never_drops_codes_in_use(project):
    import dataclasses

    from kritischeblik.errors import KBError
    from kritischeblik.store.codebooks import load_codebooks, save_codebook
    from kritischeblik.store.schema import CodeRow, Interview, PrincipleChoice

    cb = load_codebook("kritische-blik")
    with project.write() as s:
        s.add(Interview(id="i1", content_hash="h", omgeving="wijk", text="t", ingested_at="nu"))
        s.add(PrincipleChoice(interview_id="i1", code_id="lp-eenvoud"))
    without_used = dataclasses.replace(cb, version="2", codes=[c for c in cb.codes if c.id != "lp-eenvoud"])
    with pytest.raises(KBError, match="lp-eenvoud"), project.write() as s:
        save_codebook(s, without_used)
    with project.read() as s:
        assert s.get(CodeRow, "lp-eenvoud") is not None
    without_unused = dataclasses.replace(
        cb, version="3", codes=[c for c in cb.codes if c.id != "cw-organisch"]
    )
    with project.write() as s:
        save_codebook(s, without_unused)
    with project.read() as s:
        assert s.get(CodeRow, "cw-organisch") is None
        assert load_codebooks(s)[0].version == "3"
