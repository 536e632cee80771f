"""The held-out gold set (corpora/heldout): size, coverage, and every quote mapping to exactly one segment.

The set is the benchmark of issue 13 point 4; these checks keep it from rotting silently when the
segmenter, the pseudonymiser or a transcript changes. The own groupings of point 5 are checked against the
texts they quote, so a changed transcript cannot leave a grouping behind.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import new_project

from kritischeblik.analysis import gold

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "corpora" / "heldout"
SPLITS = ("dev", "test", "train")
COVERED_KINDS = ("werkend_element", "belemmerend_element", "leidend_principe")


def _transcripts(split: str) -> list[Path]:
    return sorted((HELDOUT / split).glob("*.md"))


def _gold(split: str) -> list[gold.GoldFragment]:
    return gold.load_gold([HELDOUT / split / "gold"])


def _norm(text: str) -> str:
    return " ".join(text.translate(gold._QUOTES).split())


def test_size_of_the_set():
    per_split = {s: _gold(s) for s in SPLITS}
    assert sum(len(f) for f in per_split.values()) >= 400
    assert len(per_split["test"]) >= 200
    assert all(len(_transcripts(s)) >= 6 for s in SPLITS)
    assert sum(len(_transcripts(s)) for s in SPLITS) >= 12
    for split, frags in per_split.items():
        # uncoded fragments are part of the benchmark (false positives must be possible)
        empty = sum(1 for f in frags if not f.codes)
        assert len(frags) // 10 <= empty <= len(frags) // 2, split


def test_gold_files_belong_to_transcripts_of_their_split():
    seen: set[str] = set()
    for split in SPLITS:
        ids = set()
        for path in _transcripts(split):
            front = path.read_text(encoding="utf-8").split("---\n")[1]
            assert yaml.safe_load(front)["id"] == path.stem
            ids.add(path.stem)
        gold_ids = {p.stem for p in (HELDOUT / split / "gold").glob("*.yaml")}
        assert gold_ids == ids, split
        assert not ids & seen, "an interview id occurs in both splits"
        seen |= ids
        frags = _gold(split)
        assert {f.interview_id for f in frags} == ids
        dupes = [k for k, n in Counter((f.interview_id, _norm(f.quote)) for f in frags).items() if n > 1]
        assert not dupes


def test_every_element_and_principle_is_covered(codebook):
    kinds = {c.id: c.kind for c in codebook.codes}
    counts = {s: Counter(c for f in _gold(s) for c in f.codes) for s in SPLITS}
    used = set(counts["dev"]) | set(counts["test"])
    assert used <= set(kinds), used - set(kinds)
    for code, kind in kinds.items():
        if kind in COVERED_KINDS:
            assert counts["dev"][code] + counts["test"][code] >= 3, code
            assert counts["dev"][code] >= 1 and counts["test"][code] >= 1, code


@pytest.mark.slow
@pytest.mark.parametrize("split", SPLITS)
def test_every_quote_maps_to_exactly_one_segment(split, tmp_path, nlp, pseudonymiser):
    from kritischeblik.services.ingest import ingest_paths
    from kritischeblik.store.segments import interview_texts, segments

    with new_project(tmp_path / "heldout.kb") as project:
        ingest_paths(project, _transcripts(split), nlp=nlp, pseudonymiser=pseudonymiser)
        with project.read() as s:
            segs, texts = segments(s), interview_texts(s)
    frags = _gold(split)
    mapped, unmatched = gold.map_fragments(frags, texts, segs)
    assert not unmatched, [(u.fragment.interview_id, u.fragment.quote, u.reason) for u in unmatched]
    by_id = {x.id: x for x in segs}
    wrong = [m.fragment.quote for m in mapped if len(m.segment_ids) != 1]
    assert not wrong
    for m in mapped:
        assert _norm(m.fragment.quote) in _norm(by_id[m.segment_ids[0]].text)
    # one fragment per segment: two quotes on one segment would make one unit count twice
    # the interviewer's questions and summaries are in the set, and never carry a code
    asked = [m for m in mapped if by_id[m.segment_ids[0]].role == "interviewer"]
    assert len(asked) >= 20
    assert [m.fragment.quote for m in asked if m.fragment.codes] == []
    shared = [k for k, n in Counter(m.segment_ids for m in mapped).items() if n > 1]
    assert not shared, [[m.fragment.quote for m in mapped if m.segment_ids == k] for k in shared]


def _demo_suggestions() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "corpora" / "demo").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^## Nieuw principe\s*\n(.*?)(?=^## |\Z)", text, re.S | re.M)
        if m:
            out[path.stem] = [p.strip() for p in m.group(1).split("\n\n") if p.strip()]
    with (ROOT / "corpora" / "demo" / "keuzes-formulier.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["nieuw_principe"].strip():
                out.setdefault(row["interview_id"], []).append(row["nieuw_principe"].strip())
    return out


def _grouping(name: str) -> dict:
    return yaml.safe_load((HELDOUT / "groupings" / name).read_text(encoding="utf-8"))


def test_demo_grouping_covers_every_new_principle_suggestion_once():
    items = _grouping("demo-nieuwe-principes.yaml")["items"]
    grouped = Counter((i["interview"], _norm(i["quote"])) for i in items)
    wanted = Counter((k, _norm(q)) for k, qs in _demo_suggestions().items() for q in qs)
    assert grouped == wanted
    themes = Counter(i["theme"] for i in items)
    assert all(isinstance(t, str) and t.strip() for t in themes)
    assert 3 <= len(themes) < len(items)


@pytest.mark.parametrize("name", ["belemmerend-dev.yaml", "belemmerend-test.yaml"])
def test_belemmerend_grouping_covers_the_be_fragments_of_its_transcripts(name):
    data = _grouping(name)
    transcripts = data["transcripts"]
    assert len(transcripts) == 6
    split = "dev" if name.endswith("-dev.yaml") else "test"
    be = Counter(
        (f.interview_id, _norm(f.quote))
        for f in _gold(split)
        if f.interview_id in transcripts and any(c.startswith("be-") for c in f.codes)
    )
    grouped = Counter((i["interview"], _norm(i["quote"])) for i in data["items"])
    assert grouped == be
    themes = Counter(i["theme"] for i in data["items"])
    assert 3 <= len(themes) < len(data["items"])
    # themes are the researcher's, not the code ids: at least one theme joins fragments of different codes
    codes_per_theme: dict[str, set[frozenset[str]]] = {}
    codes = {(f.interview_id, _norm(f.quote)): f.codes for f in _gold(split)}
    for i in data["items"]:
        codes_per_theme.setdefault(i["theme"], set()).add(codes[(i["interview"], _norm(i["quote"]))])
    assert any(len(v) > 1 for v in codes_per_theme.values())
