"""The benchmark generator (bench/generate.py) produces valid, deterministic transcripts in the project format."""

from __future__ import annotations

from bench.generate import generate, interview
from kritischeblik.ingest.parse import parse_transcript
from kritischeblik.ingest.pipeline import speaker_labels


def test_same_seed_same_files_and_prefix_stable(tmp_path):
    a = generate(tmp_path / "a", n=4, seed=5, words=600)
    b = generate(tmp_path / "b", n=6, seed=5, words=600)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b[:4]]
    assert interview(6, 0, 600) != interview(5, 0, 600)


def test_generated_transcripts_parse_with_every_part(codebook):
    omgevingen = set()
    for i in range(12):
        iid, text = interview(seed=1, index=i, words=1500)
        raw = parse_transcript(text, f"{iid}.md", codebook)
        omgevingen.add(raw.omgeving)
        assert raw.id == iid and len(raw.duo) == 2
        sections = {t.section for t in raw.turns}
        assert {"mooi voorbeeld", "vastloopmoment"} <= sections
        assert raw.scores and raw.choices and raw.suggestions
        words = sum(len(t.text.split()) for t in raw.turns)
        assert 1000 < words < 2200
        roles = {role for _, role in speaker_labels(raw, pseudonymise=True).values()}
        assert roles == {"interviewer", "respondent"}
    assert {"wijk", "school", "huishouden"} <= omgevingen
