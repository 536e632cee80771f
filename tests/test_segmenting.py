"""Tests for kritischeblik.ingest.segmenting."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from kritischeblik.ingest.segmenting import SegmentSpan, segment_turns
from kritischeblik.nlp import LEMMATIZER_FACTORY


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    # Same shape as load_nlp()'s blank fallback, built directly so these tests do
    # not depend on the environment or on the process-wide pipeline cache.
    pipeline = spacy.blank("nl")
    pipeline.add_pipe("sentencizer")
    pipeline.add_pipe(LEMMATIZER_FACTORY)
    return pipeline


def assert_valid(text: str, turn: tuple[int, int], segments: list[SegmentSpan]) -> None:
    start, end = turn
    covered: list[int] = []
    prev_end = start
    for seg in segments:
        assert prev_end <= seg.start < seg.end <= end, (turn, segments)
        piece = text[seg.start : seg.end]
        assert piece.strip() == piece
        covered.extend(range(seg.start, seg.end))
        prev_end = seg.end
    assert len(covered) == len(set(covered))
    non_space = {i for i in range(start, end) if not text[i].isspace()}
    assert non_space <= set(covered)


def texts(seg: list[SegmentSpan], text: str) -> list[str]:
    return [text[s.start : s.end] for s in seg]


_PIECES = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        [
            " ",
            "   ",
            "\n",
            "\n\n",
            "\t",
            "\u00a0",
            "\u2028",
            ".",
            "...",
            "?!",
            "!!! ",
            ". . .",
            "Ja.",
            "Nee!",
            "dhr.",
            "bijv.",
            "[PERSOON-1]",
            "Ik belde haar op.",
            "Zij kwam meteen.",
            "é",
            "😀",
        ]
    ),
)


@st.composite
def text_and_turns(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = "".join(draw(st.lists(_PIECES, max_size=30)))
    bound = st.integers(min_value=0, max_value=len(text))
    turns = []
    for a, b in draw(st.lists(st.tuples(bound, bound), max_size=6)):
        turns.append((min(a, b), max(a, b)))
    return text, turns


@settings(max_examples=200, deadline=None)
@given(text_and_turns())
def test_sentence_segments_invariants(nlp, data):
    text, turns = data
    result = segment_turns(nlp, text, turns)
    assert len(result) == len(turns)
    for turn, segments in zip(turns, result, strict=True):
        assert_valid(text, turn, segments)


@settings(max_examples=100, deadline=None)
@given(text_and_turns())
def test_turn_segments_invariants(nlp, data):
    text, turns = data
    result = segment_turns(nlp, text, turns, unit="turn")
    for (start, end), segments in zip(turns, result, strict=True):
        assert_valid(text, (start, end), segments)
        assert len(segments) == (1 if text[start:end].strip() else 0)


@settings(max_examples=100, deadline=None)
@given(text_and_turns())
def test_sentence_segments_refine_turn_segments(nlp, data):
    text, turns = data
    by_sentence = segment_turns(nlp, text, turns)
    by_turn = segment_turns(nlp, text, turns, unit="turn")
    for sentences, whole in zip(by_sentence, by_turn, strict=True):
        if whole:
            assert sentences[0].start == whole[0].start
            assert sentences[-1].end == whole[0].end
        else:
            assert sentences == []


def test_placeholder_stays_intact(nlp):
    text = "Ik belde [PERSOON-1] op. Zij kwam meteen."
    (segments,) = segment_turns(nlp, text, [(0, len(text))])
    assert texts(segments, text) == ["Ik belde [PERSOON-1] op.", "Zij kwam meteen."]


def test_abbreviations_do_not_split(nlp):
    text = "Dat was bijv. lastig, o.a. door dhr. Jansen en mevr. De Vries. Daarna ging het ca. 3 weken goed."
    (segments,) = segment_turns(nlp, text, [(0, len(text))])
    assert texts(segments, text) == [
        "Dat was bijv. lastig, o.a. door dhr. Jansen en mevr. De Vries.",
        "Daarna ging het ca. 3 weken goed.",
    ]


def test_absolute_offsets_across_turns(nlp):
    text = (
        "INTERVIEWER: Hoe ging het met [PERSOON-2]?\n"
        "RESPONDENT:   Goed. Ze woont nu in [PLAATS-1].  \n"
        "INTERVIEWER: En daarna?\n"
    )
    turns = []
    for line_start in (0, text.index("RESPONDENT"), text.index("INTERVIEWER: En")):
        colon = text.index(":", line_start) + 1
        turns.append((colon, text.index("\n", colon)))
    result = segment_turns(nlp, text, turns)
    assert [texts(seg, text) for seg in result] == [
        ["Hoe ging het met [PERSOON-2]?"],
        ["Goed.", "Ze woont nu in [PLAATS-1]."],
        ["En daarna?"],
    ]
    first = result[1][0]
    assert text[first.start : first.end] == "Goed." and first.start == text.index("Goed.")


def test_short_tail_merges_into_previous(nlp):
    text = "Dat klopt wel. Ja. Hm. ."
    (segments,) = segment_turns(nlp, text, [(0, len(text))])
    assert texts(segments, text) == ["Dat klopt wel. Ja. Hm. ."]


def test_short_opening_answer_is_its_own_segment(nlp):
    text = "Ja. Dat klopt wel."
    (segments,) = segment_turns(nlp, text, [(0, len(text))])
    assert texts(segments, text) == ["Ja.", "Dat klopt wel."]


def test_only_short_sentence_is_kept(nlp):
    text = "  Ja.  "
    assert segment_turns(nlp, text, [(0, len(text))]) == [[SegmentSpan(2, 5)]]


def test_leading_punctuation_joins_next_segment(nlp):
    text = "... Toen ging ik weg. Klaar."
    (segments,) = segment_turns(nlp, text, [(0, len(text))])
    assert texts(segments, text)[0].startswith("...")
    assert_valid(text, (0, len(text)), segments)


def test_punctuation_only_turn_is_one_segment(nlp):
    text = "?! ."
    assert segment_turns(nlp, text, [(0, len(text))]) == [[SegmentSpan(0, 4)]]


def test_empty_and_blank_turns(nlp):
    text = "Iets. \n\n  "
    assert segment_turns(nlp, text, [(0, 0), (5, len(text)), (3, 3)]) == [[], [], []]
    assert segment_turns(nlp, "", [(0, 0)]) == [[]]
    assert segment_turns(nlp, "", []) == []


def test_turn_unit_trims(nlp):
    text = "\n  Eerste zin. Tweede zin.  \n"
    assert segment_turns(nlp, text, [(0, len(text))], unit="turn") == [[SegmentSpan(3, 26)]]


def test_one_pipe_call_for_all_turns(nlp, monkeypatch):
    calls = []
    original = nlp.pipe

    def counting_pipe(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    text = "Een zin. Nog een. " * 50
    turns = [(i * 18, i * 18 + 18) for i in range(50)]
    result = segment_turns(nlp, text, turns)
    assert len(calls) == 1
    assert all(len(seg) == 2 for seg in result)


@pytest.mark.parametrize("turn", [(-1, 2), (3, 2), (0, 99)])
def test_invalid_turn_spans_raise(nlp, turn):
    with pytest.raises(ValueError, match="beurt 0"):
        segment_turns(nlp, "Korte tekst.", [turn])


def test_unknown_unit_raises(nlp):
    with pytest.raises(ValueError, match="paragraaf"):
        segment_turns(nlp, "Tekst.", [(0, 6)], unit="paragraaf")


def test_placeholder_opening_a_sentence_stays_whole(nlp):
    text = "Het is goed gekomen. [PERSOON-6] belde later. Dat zei ze: (zachtjes) ja."
    segs = segment_turns(nlp, text, [(0, len(text))])[0]
    parts = [text[s.start : s.end] for s in segs]
    assert parts[0] == "Het is goed gekomen."
    assert parts[1].startswith("[PERSOON-6]")
    assert not any(p.endswith(("[", "(")) for p in parts)
