"""Contract test: what kritischeblik.ingest.pseudonymisation.deduce_adapter relies on in deduce and docdeid.

The adapter reaches into deduce's internals (its cache function, its processors, docdeid's LookupTrie) to load
fast, to use less memory and to keep its own numbering. If an upgrade of deduce or docdeid changes any of these,
a test here fails and says which; fix the adapter, then update ``TESTED_WITH`` there. Uses the real deduce
instance (slow: shared per process, built once per machine).
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
import sys
from collections.abc import Mapping

import pytest

from kritischeblik.ingest.pseudonymisation import deduce_adapter as da
from kritischeblik.ingest.pseudonymisation.categories import ANONIEM, CATEGORIES
from kritischeblik.ingest.pseudonymisation.pseudonymiser import get_pseudonymiser

pytestmark = pytest.mark.slow

# The lookup structures the finders read (finders/lexicon.py, finders/name_lists.py, pseudonymiser.py).
LOOKUP_NAMES = (
    "whitelist",
    "common_word",
    "stop_word",
    "placename",
    "street",
    "first_name",
    "surname",
    "interfix_surname",
)
SAMPLE = (
    "Patiënt Jan Jansen, 81 jaar, woont op de Kaardebolstraat 17 in Utrecht en is geboren op 12 maart 1950. "
    "Zijn bsn is 123456782, telefoon 06-12345678, mail jan.jansen@example.com, zie www.example.com. Hij "
    "lag in het St. Antonius Ziekenhuis, patiëntnummer 1234567. Mevrouw De Vries belde op 3 mei 2019."
)


@pytest.fixture(scope="module")
def adapter() -> da.DeduceAdapter:
    return get_pseudonymiser().deduce


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


@pytest.mark.parametrize("package", ["deduce", "docdeid"])
def test_versions_are_the_contract_tested_ones(package: str) -> None:
    installed = importlib.metadata.version(package)
    assert _major_minor(installed) == _major_minor(da.TESTED_WITH[package]), (
        f"{package} {installed} is not the contract-tested {da.TESTED_WITH[package]}: run this file, fix "
        "deduce_adapter.py where it fails, then update TESTED_WITH"
    )


def test_importing_deduce_leaves_logging_as_it_was() -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    module = da.import_deduce()
    assert module is sys.modules["deduce"]
    assert root.handlers == handlers and root.level == level


def test_deduce_is_built_and_cached_the_way_the_adapter_expects() -> None:
    deduce = da.import_deduce()
    params = inspect.signature(deduce.Deduce).parameters
    assert {"cache_path", "build_lookup_structs"} <= set(params)
    # The adapter swaps this function to hand deduce compacted structures (da._deduce_with).
    module = sys.modules["deduce.deduce"]
    assert callable(module.get_lookup_structs)
    assert "get_lookup_structs" in inspect.getsource(deduce.Deduce)
    # deduce writes its pickle where the adapter's file lock and rebuild logic look for it.
    structs_module = sys.modules["deduce.lookup_structs"]
    assert (
        da._CACHE_FILE.parent.name,
        da._CACHE_FILE.name,
    ) == (structs_module._CACHE_SUBDIR, structs_module._CACHE_FILE)


def test_constructing_with_given_lookup_structures_uses_them(adapter: da.DeduceAdapter) -> None:
    structs = adapter.lookup_structs
    engine = da._deduce_with(da.import_deduce(), adapter.cache_dir, structs)
    assert engine.lookup_structs is structs


def test_lookup_structures_the_finders_read(adapter: da.DeduceAdapter) -> None:
    from docdeid.ds import LookupTrie

    structs = adapter.lookup_structs
    assert isinstance(structs, Mapping)
    missing = [name for name in LOOKUP_NAMES if name not in structs]
    assert missing == []
    # Sets of words answer "in" with a lowercase word; tries answer longest_matching_prefix with tokens.
    assert "de" in structs["stop_word"] and "Vries" in structs["interfix_surname"]
    for name in ("placename", "street", "first_name", "surname"):
        assert isinstance(structs[name], LookupTrie), name
    assert structs["placename"].longest_matching_prefix(["Den", "Haag", "x"]) == ["Den", "Haag"]
    assert structs["street"].longest_matching_prefix(["Oudegracht"]) == ["Oudegracht"]
    assert structs["first_name"].longest_matching_prefix(["Jan"]) == ["Jan"]
    assert structs["surname"].longest_matching_prefix(["Jansen"]) == ["Jansen"]


def test_the_trie_internals_compaction_reads() -> None:
    from docdeid.ds import LookupTrie
    from docdeid.str import LowercaseString

    trie = LookupTrie(matching_pipeline=[LowercaseString()])
    trie.add_item(["Oude", "gracht"])
    # The matching pipeline is applied to the first token when adding (child nodes have none) ...
    child = trie.children["oude"]
    assert isinstance(trie.children, dict) and child.is_terminal is False
    assert child.children["gracht"].is_terminal is True and child.matching_pipeline in (None, [])
    assert trie._apply_matching_pipeline("OUDE") == "oude"
    # ... and to every token when looking up; the result is the pipelined tokens.
    assert trie.longest_matching_prefix(["OUDE", "Gracht", "x"], start_i=0) == ["oude", "gracht"]
    assert trie.longest_matching_prefix(["x", "oude", "gracht"], start_i=1) == ["oude", "gracht"]
    assert ["OUDE", "gracht"] in trie and ["oude"] not in trie
    assert {"item", "start_i"} <= set(inspect.signature(trie.longest_matching_prefix).parameters)


def test_the_big_tries_are_compact_and_still_lookup_tries(adapter: da.DeduceAdapter) -> None:
    from docdeid.ds import LookupTrie

    compact = [name for name, s in adapter.lookup_structs.items() if type(s).__name__ == "CompactLookupTrie"]
    assert {"street", "healthcare_institution"} <= set(compact)
    for name in compact:
        assert isinstance(adapter.lookup_structs[name], LookupTrie)


def test_the_processors_the_adapter_disables_exist(adapter: da.DeduceAdapter) -> None:
    names = set(adapter.engine.processors.get_names())
    assert names >= da._DEDUCE_DISABLED, da._DEDUCE_DISABLED - names
    assert "age" in names  # its "N jaar" ages are vetted for durations (filters.drop_durations)


def test_annotations_have_offsets_and_known_tags(adapter: da.DeduceAdapter) -> None:
    doc = adapter.engine.deidentify(SAMPLE, disabled=da._DEDUCE_DISABLED)
    annotations = list(doc.annotations)
    assert annotations
    for a in annotations:
        assert 0 <= a.start_char < a.end_char <= len(SAMPLE)
        category = da.category_for_tag(a.tag)
        assert category in CATEGORIES and category != ANONIEM, a.tag
    tags = {da.category_for_tag(a.tag) for a in annotations}
    assert {"PERSOON", "DATUM", "TELEFOONNUMMER", "EMAIL", "BSN"} <= tags, tags
    # With the redactor disabled deduce leaves the text alone: the adapter puts in its own placeholders.
    assert doc.deidentified_text in (None, SAMPLE)


def test_adjacent_annotations_are_not_merged_across_a_sentence_end(adapter: da.DeduceAdapter) -> None:
    text = "Ik sprak haar op de Kanaalstraat. Sandra Jansen belde later."
    spans = adapter.spans([text])[0]
    surfaces = [text[s.start : s.end] for s in spans]
    assert not any("." in s and "Sandra" in s for s in surfaces), surfaces


def test_spans_stay_inside_their_piece(adapter: da.DeduceAdapter) -> None:
    pieces = ["Jan Jansen", "de Vries belde", "", "Utrecht"]
    for piece, spans in zip(pieces, adapter.spans(pieces), strict=True):
        assert all(0 <= s.start < s.end <= len(piece) for s in spans)
