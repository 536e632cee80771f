"""Rule-based auto-coding: lemma matching, phrases, confidence, and that suggestions never touch decisions."""

from __future__ import annotations

import json

import pytest
from code_fixtures import TRANSCRIPT
from sqlalchemy import select

from kritischeblik.analysis import autocode, keyword_matcher
from kritischeblik.model import Code, Codebook
from kritischeblik.nlp import lemmatize
from kritischeblik.services.ingest import IngestOptions, ingest_paths
from kritischeblik.store import codings
from kritischeblik.store.codebooks import all_codes
from kritischeblik.store.schema import Coding, CodingEvent
from kritischeblik.store.segments import auto_layer, layer, segments


def book(*codes: tuple[str, list[str]]) -> Codebook:
    return Codebook(
        id="t",
        name="T",
        version="1",
        codes=[Code(id=cid, name=cid.upper(), kind="overig", keywords=kw) for cid, kw in codes],
    )


def seg(nlp, i: int, text: str) -> tuple[int, str, str]:  # noqa: ANN001
    return (i, text, " ".join(lemmatize(nlp, [text])[0]))


def test_inflected_form_matches_lemma_keyword(nlp):
    cb = book(("samen", ["samenwerken"]))
    out = autocode.suggest([seg(nlp, 1, "We samenwerkten goed.")], cb, nlp)
    assert [(s.segment_id, s.code_id) for s in out] == [(1, "samen")]
    assert "samenwerkten [samenwerken]" in out[0].evidence
    assert out[0].source == autocode.SOURCE


def test_keyword_is_lemmatised_like_the_text(nlp):
    # simplemma lemmatises "te wachten" to "wacht", so the written keyword "wachten" alone would miss it.
    s = seg(nlp, 1, "Ze zit de hele dag te wachten.")
    cb = book(("wacht", ["wachten"]))
    pattern = keyword_matcher.compile_codebook(cb, nlp).patterns[0]
    assert {"wachten", *lemmatize(nlp, ["wachten"])[0]} <= pattern.slots[0]
    assert [x.code_id for x in autocode.suggest([s], cb, nlp)] == ["wacht"]


def test_phrase_matching(nlp):
    cb = book(("zet", ["aan zet"]), ("leven", ["dagelijks leven"]))
    segs = [
        seg(nlp, 1, "Niemand was aan zet."),
        seg(nlp, 2, "Zet de computer maar aan."),  # both words, wrong order: no match
        seg(nlp, 3, "Het ging over haar dagelijkse leven thuis."),
        seg(nlp, 4, "Dagelijks fietst ze, en over haar hele verdere leven weten we weinig."),  # too far apart
    ]
    got = {(s.segment_id, s.code_id) for s in autocode.suggest(segs, cb, nlp)}
    assert got == {(1, "zet"), (3, "leven")}


def test_phrase_allows_small_gap_for_dutch_word_order(nlp):
    cb = book(("knoop", ["knoop doorhakken"]))
    segs = [
        seg(nlp, 1, "Maar niemand die de knoop doorhakte."),
        seg(nlp, 2, "De knoop werd niet doorgehakt."),
    ]
    assert {s.segment_id for s in autocode.suggest(segs, cb, nlp)} == {1, 2}
    strict = keyword_matcher.compile_codebook(cb, nlp, gap=0)
    assert {s.segment_id for s in autocode.suggest(segs, cb, nlp, matcher=strict)} == {1}


def test_separable_verb_and_compound_head(nlp):
    cb = book(("aanpak", ["aanpakken"]), ("vrijw", ["vrijwilliger"]))
    segs = [
        seg(nlp, 1, "Ze pakte het probleem meteen aan."),
        seg(nlp, 2, "Een buurtvrijwilliger kwam langs."),
        seg(nlp, 3, "Ze pakte haar tas."),
    ]
    got = {(s.segment_id, s.code_id) for s in autocode.suggest(segs, cb, nlp)}
    assert got == {(1, "aanpak"), (2, "vrijw")}
    plain = keyword_matcher.compile_codebook(cb, nlp, compounds=False, separable=False)
    assert autocode.suggest(segs, cb, nlp, matcher=plain) == []


def test_one_suggestion_per_segment_and_code_with_documented_confidence(nlp):
    cb = book(
        ("a", ["wachtlijst", "te laat", "crisis"]),
        ("b", ["crisis"]),
        ("c", ["wachtlijst"]),
        ("d", ["crisis"]),
    )
    s = seg(nlp, 7, "De wachtlijst was lang, de hulp kwam te laat en toen kwam de wachtlijst weer.")
    out = {x.code_id: x for x in autocode.suggest([s], cb, nlp)}
    assert set(out) == {"a", "c"}
    # a: "wachtlijst" is shared with c (weight 0.4/2), "te laat" is a phrase (0.6): 1 - 0.8 * 0.4
    assert out["a"].confidence == pytest.approx(1 - (1 - 0.2) * (1 - 0.6))
    assert out["c"].confidence == pytest.approx(0.2)
    assert out["a"].evidence.count("wachtlijst [wachtlijst]") == 1
    assert autocode.confidence([0.4, 0.4]) == pytest.approx(0.64)


def test_segments_without_stored_lemmas_are_lemmatised(nlp):
    cb = book(("samen", ["samenwerken"]))
    out = autocode.suggest([(3, "Zij samenwerkten prima.", "")], cb, nlp)
    assert [x.segment_id for x in out] == [3]


def test_spacy_phrase_matcher_agrees_on_contiguous_patterns(nlp, codebook):
    texts = [
        "Niemand was aan zet en iedereen wachtte op elkaar.",
        "Er was een wachtlijst van veertien weken.",
        "We gingen aan de keukentafel zitten en keken naar het dagelijks leven van het gezin.",
        "Het weer was mooi.",
        "De indicatie liet geen ruimte, alles moest volgens het boekje.",
    ]
    segs = [seg(nlp, i, t) for i, t in enumerate(texts)]
    m = keyword_matcher.compile_codebook(codebook, nlp, gap=0, compounds=False, separable=False)
    ours = {(s.segment_id, s.code_id) for s in autocode.suggest(segs, codebook, nlp, matcher=m)}
    assert ours  # the comparison below must not be vacuous
    assert set(autocode.suggest_spacy(segs, m, nlp)) == ours


@pytest.fixture
def small_project(project, tmp_path, nlp):
    path = tmp_path / "test-01.md"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    ingest_paths(project, [path], IngestOptions(pseudonymise=False), nlp=nlp)
    return project


def _auto(project, nlp):  # noqa: ANN001, ANN202
    with project.read() as s:
        segs, cb = segments(s), all_codes(s)
    sugg = autocode.suggest(segs, cb, nlp)
    with project.write() as s:
        codings.save_suggestions(s, sugg, replace_source=autocode.SOURCE)
    return sugg


def test_suggestions_never_overwrite_decisions(small_project, nlp):
    p = small_project
    first = _auto(p, nlp)
    target = next(x for x in first if x.code_id == "be-discontinuiteit")  # "wachtlijst"
    other = next(x for x in first if x.code_id == "be-gebrek-aan-daadkracht")  # "aan zet"
    with p.write() as s:
        codings.decide(s, target.segment_id, target.code_id, "Anna", "accept", memo="klopt")
        codings.decide(s, other.segment_id, other.code_id, "Anna", "reject")
    with p.read() as s:
        before = [(r.segment_id, r.code_id, r.status, r.revision, r.memo) for r in layer(s, "Anna")]
        events_before = len(s.scalars(select(CodingEvent)).all())
    # Re-run: the same suggestions again, then a run in which the accepted one is no longer proposed.
    _auto(p, nlp)
    with p.write() as s:
        codings.save_suggestions(s, [x for x in first if x != target], replace_source=autocode.SOURCE)
    with p.read() as s:
        after = [(r.segment_id, r.code_id, r.status, r.revision, r.memo) for r in layer(s, "Anna")]
        assert after == before
        assert sorted(before) == sorted(
            [
                (target.segment_id, target.code_id, "accepted", 1, "klopt"),
                (other.segment_id, other.code_id, "rejected", 1, ""),
            ]
        )
        assert len(s.scalars(select(CodingEvent)).all()) == events_before == 2
        auto_keys = {(r.segment_id, r.code_id) for r in auto_layer(s)}
        assert (target.segment_id, target.code_id) not in auto_keys  # stale suggestion removed
        assert (other.segment_id, other.code_id) in auto_keys


def test_withdrawn_segments_are_not_suggested(small_project, nlp):
    from kritischeblik.store.schema import Segment

    with small_project.write() as s:
        row = s.scalar(select(Segment).where(Segment.text.contains("wachtlijst")))
        row.state = "ingetrokken"
        withdrawn = row.id
    sugg = _auto(small_project, nlp)
    assert withdrawn not in {x.segment_id for x in sugg}
    with small_project.read() as s:
        assert withdrawn not in {r.id for r in segments(s)}
        assert s.scalars(select(Coding).where(Coding.segment_id == withdrawn)).all() == []


# --------------------------------------------------------------------------- speed-related mechanics (issue #7)

TRICKY = [
    "  Begint met spaties en eindigt met een punt.",
    "Regel één.\n\nRegel twee, d.w.z. met een afkorting!",
    "",
    "Wachtlijst-problemen (zo'n 10 weken) — 's avonds bellen?",
    "\tTab\tgescheiden\ttekst ",
    "E-mail naar info@voorbeeld.nl of https://voorbeeld.nl/pad?x=1.",
    "Eén woord",
]


def test_batched_surface_tokens_equal_tokenising_each_text(nlp):
    # Evidence tokenises matched texts joined into one Doc; that must give each text's own word tokens.
    expected = [[t.text for t in nlp.tokenizer(x) if not (t.is_space or t.is_punct)] for x in TRICKY]
    strings = nlp.vocab.strings
    got = [[strings[o] for o in orths] for orths in autocode._surface_orths(nlp, TRICKY)]
    assert got == expected
    # ... and they line up with the stored lemmas, word for word
    assert [len(w) for w in got] == [len(lem) for lem in lemmatize(nlp, TRICKY)]


def test_batches_split_at_surface_batch(nlp, monkeypatch):
    monkeypatch.setattr(autocode, "SURFACE_BATCH", 2)
    strings = nlp.vocab.strings
    got = [[strings[o] for o in orths] for orths in autocode._surface_orths(nlp, TRICKY)]
    assert got == [[t.text for t in nlp.tokenizer(x) if not (t.is_space or t.is_punct)] for x in TRICKY]


def test_evidence_shows_the_surface_words(nlp):
    cb = book(("wacht", ["wachtlijst"]), ("knoop", ["knoop doorhakken"]))
    segs = [
        seg(nlp, 1, "  Wachtlijsten!\nDaar ging het om."),
        seg(nlp, 2, "Niemand die de Knoop doorhakte, d.w.z. niemand."),
    ]
    out = {x.segment_id: x for x in autocode.suggest(segs, cb, nlp)}
    assert "Wachtlijsten [wachtlijst]" in out[1].evidence
    assert out[2].evidence == "Knoop doorhakte [knoop doorhakken]"


def _brute_force(patterns: list, lemmas: list[str], gap_of=lambda p: p.gap) -> set:  # noqa: ANN001
    """Every pattern tried at every position, straight from the documented rules (no index, no sets)."""
    single = {
        w: [p for p in patterns if len(p.slots) == 1 and w in p.slots[0]]
        for p in patterns
        if len(p.slots) == 1
        for w in p.slots[0]
    }

    def head(lemma: str) -> str | None:  # compound: the longest keyword that ends the word
        if lemma in single:
            return None
        for k in range(keyword_matcher.MIN_MODIFIER, len(lemma) - keyword_matcher.MIN_HEAD + 1):
            if lemma[k:] in single:
                return lemma[k:]
        return None

    found = set()
    for p in patterns:
        for i, lemma in enumerate(lemmas):
            if len(p.slots) == 1:
                h = head(lemma)
                if lemma in p.slots[0] or (h is not None and p in single[h]):
                    found.add((p.code_id, p.keyword, (i,)))
                continue
            if lemma not in p.slots[0]:
                continue
            pos, at = [i], i
            for slot in p.slots[1:]:
                nxt = [j for j in range(at + 1, min(len(lemmas), at + gap_of(p) + 2)) if lemmas[j] in slot]
                if not nxt:
                    break
                at = nxt[0]
                pos.append(at)
            else:
                found.add((p.code_id, p.keyword, tuple(pos)))
    return found


def test_find_agrees_with_a_brute_force_search(nlp, codebook):
    texts = [
        "Niemand was aan zet en iedereen wachtte op elkaar tot de knoop werd doorgehakt.",
        "De buurtvrijwilliger pakte het probleem meteen aan, samen met het netwerk.",
        "Er was een wachtlijst van veertien weken, de hulp kwam te laat en de indicatie liet op zich wachten.",
        "We kennen elkaar, dus we bellen even en dan is het geregeld.",
        "Het weer was mooi.",
    ]
    segs = [seg(nlp, i, t) for i, t in enumerate(texts)]
    for options in ({}, {"gap": 0, "separable": False}):
        m = keyword_matcher.compile_codebook(codebook, nlp, **options)
        total = 0
        for _, _, lem in segs:
            lemmas = lem.lower().split()
            got = {(p.code_id, p.keyword, pos) for hits in m.find(lemmas).values() for p, pos in hits}
            assert got == _brute_force(m.patterns, lemmas)
            total += len(got)
        assert total >= 5  # not vacuous


def test_keyword_lemma_cache_round_trip(nlp, tmp_path, monkeypatch):
    monkeypatch.setenv(keyword_matcher.LEMMA_CACHE_ENV_VAR, str(tmp_path))
    words = ["wachtlijsten", "samenwerkten", "aan zet", "huisbezoeken"]
    fresh = lemmatize(nlp, words)
    assert keyword_matcher.keyword_lemmas(nlp, words) == fresh
    path = keyword_matcher._lemma_cache_file(nlp)
    assert path is not None and path.is_file() and str(path).startswith(str(tmp_path))
    assert json.loads(path.read_text(encoding="utf-8"))["wachtlijsten"] == fresh[0]
    # A cached value is used as is (proof that the file is read) ...
    path.write_text(json.dumps({"wachtlijsten": ["uit-de-cache"]}), encoding="utf-8")
    assert keyword_matcher.keyword_lemmas(nlp, ["wachtlijsten"]) == [["uit-de-cache"]]
    # ... and a damaged file is ignored and rewritten.
    path.write_text("{niet json", encoding="utf-8")
    assert keyword_matcher.keyword_lemmas(nlp, words) == fresh
    assert json.loads(path.read_text(encoding="utf-8"))["aan zet"] == fresh[2]


def test_gc_paused_restores_the_collector():
    import gc

    assert gc.isenabled()
    with autocode.gc_paused():
        assert not gc.isenabled()
        with autocode.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), autocode.gc_paused():
        raise RuntimeError
    assert gc.isenabled()
