"""Shingles, Jaccard, MinHash/LSH against the exact baselines, shared passages, CLI, alignment."""

from __future__ import annotations

import json

import numpy as np
import pytest

from arabic_news import (
    Context,
    align_sentences,
    edited_copies,
    exact_pairs,
    hash_corpus,
    load_corpus,
    lsh_curve,
    main,
    near_duplicates,
    plot_lsh_curve,
    plot_similarity,
    sentences_with,
    shared_passages,
    side_by_side,
    similarity_matrix,
)
from arabic_news.analyses.alignment import light_stem, word_diff
from arabic_news.core.shingles import (
    char_shingles,
    exact_jaccard,
    jaccard,
    minhash_signatures,
    shingle_hashes,
    word_shingles,
)
from arabic_news.core.spill import SpilledHashes, SpilledMatrix
from repo_paths import PACKS, RAW_DIR

LIBYA = Context.of("libya-2019-2020")

A = "وصل المشير خليفة حفتر إلى القاهرة مساء اليوم في زيارة تستغرق يومين"
B = "وصل المشير خليفة حفتر إلى القاهرة مساء أمس في زيارة تستغرق يومين"


def test_word_shingles_by_hand():
    # 12 words -> 8 five-word shingles each; the word اليوم/أمس (6th, index 7) sits in
    # shingles starting at 3..7, so 5 differ and 3 are shared: J = 3 / (8 + 8 - 3)
    a, b = word_shingles(A), word_shingles(B)
    assert len(a) == len(b) == 8
    assert len(a & b) == 3
    assert jaccard(a, b) == pytest.approx(3 / 13)


def test_shingles_are_normalized_and_char_option():
    assert word_shingles("إلى القاهرة", 5) == {"الي القاهره"}  # shorter than n: one shingle
    assert char_shingles("حفتر", 3) == {"حفت", "فتر"}
    assert jaccard(set(), set()) == 0.0


def test_shingle_hashes_match_sets():
    ha, hb = shingle_hashes(A.replace("أ", "ا")), shingle_hashes(B)
    assert len(ha) == 8 and np.all(np.diff(ha.astype(np.float64)) > 0)  # sorted, unique
    assert exact_jaccard(ha, hb) == pytest.approx(3 / 13)


def test_minhash_signatures_equal_datasketch():
    from datasketch import MinHash

    hashes = [shingle_hashes(t) for t in (A, B, "كلمة")] + [np.array([], dtype=np.uint64)]
    sigs = minhash_signatures(hashes, chunk=5)  # small chunks exercise the batching
    for h, sig in zip(hashes, sigs):
        m = MinHash(num_perm=128, seed=1, hashfunc=lambda x: x)
        if len(h):
            m.update_batch((h >> np.uint64(32)).tolist())
        assert np.array_equal(m.hashvalues, sig)


def _real_texts() -> list[str]:
    """Return the real article excerpts the Libya pack ships (149)."""
    return list(load_corpus(PACKS / "libya-2019-2020" / "validation" / "articles.jsonl")["raw"])


@pytest.fixture(scope="module")
def generated():
    corpus = edited_copies(_real_texts(), 300, seed=3)
    return corpus, hash_corpus(corpus["text"])


def test_edited_copies_are_deterministic_and_planted_in_real_text(generated):
    corpus, _ = generated
    again = edited_copies(_real_texts(), 300, seed=3)
    assert corpus.equals(again)
    assert len(corpus) == 449 and (corpus["source"] != "").sum() == 300
    first = corpus[corpus["source"] != ""].iloc[0]
    original = corpus.set_index("doc_id").at[first["source"], "text"]
    assert first["text"] != original and jaccard(set(first["text"].split()), set(original.split())) > 0.4


def test_exact_methods_agree(generated):
    _, (hashes, _) = generated
    index = exact_pairs(hashes, 0.3, method="index")
    assert index == exact_pairs(hashes, 0.3, method="sparse")
    i, j, sim = index[0]
    assert sim == round(exact_jaccard(hashes[i], hashes[j]), 4)


def test_lsh_recall_and_precision_against_exact(generated):
    corpus, hashed = generated
    found = near_duplicates(corpus["text"], 0.5, hashed=hashed)
    exact = {(i, j) for i, j, s in exact_pairs(hashed[0], 0.6, method="sparse")}
    got = {(i, j) for i, j, s in found.pairs if s >= 0.6}
    assert got <= exact  # confirmed with exact Jaccard: precision is 1 by construction
    assert len(got) / len(exact) >= 0.9
    assert found.candidates >= len(found.pairs)
    assert all(s >= 0.5 for *_, s in found.pairs)


def test_spilled_hashes_read_back_what_was_written_and_find_the_same_pairs(generated):
    _, (hashes, sigs) = generated
    with SpilledHashes() as spilled:
        spilled.extend(hashes[:7])
        spilled.extend([])
        spilled.extend(hashes[7:])
        assert len(spilled) == len(hashes)
        assert all(np.array_equal(spilled[i], h) and spilled[i].dtype == np.uint64 for i, h in enumerate(hashes))
        assert np.array_equal(spilled[-1], hashes[-1])
        with pytest.raises(IndexError):
            spilled[len(hashes)]
        for method in ("lsh", "exact"):
            on_disk = near_duplicates([], 0.5, method=method, hashed=(spilled, sigs))
            assert on_disk == near_duplicates([], 0.5, method=method, hashed=(hashes, sigs))
            assert on_disk.pairs  # the generated corpus has planted near-duplicates


def test_a_spilled_matrix_gives_columns_and_rows_as_the_array_does(generated):
    _, (hashes, sigs) = generated
    with SpilledMatrix(sigs.shape[1], block=100) as spilled:
        spilled.extend(sigs[:250])
        spilled.extend(sigs[250:])
        assert spilled.shape == sigs.shape and spilled.size == sigs.size
        assert np.array_equal(spilled[:, 5:9], sigs[:, 5:9])
        rows = np.array([448, 0, 17, 250])
        assert np.array_equal(spilled[rows][:, :], sigs[rows]) and len(spilled[rows]) == 4
        found = near_duplicates([], 0.5, recall=0.98, hashed=(hashes, spilled))
        assert found == near_duplicates([], 0.5, recall=0.98, hashed=(hashes, sigs)) and found.pairs


def test_near_duplicates_is_reproducible(generated):
    corpus, _ = generated
    texts = list(corpus["text"][:200])
    assert near_duplicates(texts, 0.5).pairs == near_duplicates(texts, 0.5).pairs


def test_shared_passages_offsets():
    a = "مقدمة مختلفة تماما. " + A + " ثم خاتمة"
    b = "بداية أخرى " + A + "."
    (p,) = shared_passages(a, b, min_words=8)
    assert p.words == 12
    assert a[p.a_start : p.a_end] == A == b[p.b_start : p.b_end]
    assert p.text_a == A


def test_similarity_matrix_and_plot():
    m = similarity_matrix([A, B, "نص آخر لا علاقة له بالموضوع إطلاقا هنا"], ["a", "b", "c"])
    assert m.loc["a", "a"] == 1.0
    assert m.loc["a", "b"] == round(3 / 13, 3) == m.loc["b", "a"]
    assert m.loc["a", "c"] == 0.0
    import matplotlib

    matplotlib.use("Agg")
    ax = plot_similarity(m, title="تشابه")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert len(ax.texts) == 9


def test_cli_on_the_seeds(capsys):
    assert main(["duplicates", str(RAW_DIR), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"documents", "internal_duplicates", "boilerplate", "near_duplicates", "clusters"}
    assert len(data["documents"]) == 5
    assert data["internal_duplicates"] == [
        {"doc_id": "002_9cfb2c13c3eeb495", "paragraph": p, "duplicate_of": d, "similarity": 1.0}
        for p, d in ((5, 1), (6, 2), (7, 4))
    ]
    assert len(data["boilerplate"]) == 28
    assert data["near_duplicates"] == []  # five different articles
    first = data["boilerplate"][0]
    assert first == {"doc_id": "000_0aadbd7856e2093e", "line": 0, "text": "أخبارمصر", "reason": "section label"}


def test_cli_finds_a_planted_copy(tmp_path, capsys):
    raw = (RAW_DIR / "003_a70efb1e516236b5.txt").read_text(encoding="utf-8")
    rows = [{"id": "x1", "text": raw}, {"id": "x2", "text": raw.replace("الأحد", "الاثنين")}]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["duplicates", str(path), "--format", "json", "--threshold", "0.8"]) == 0
    near = json.loads(capsys.readouterr().out)["near_duplicates"]
    assert len(near) == 1 and near[0]["a"] == "x1" and near[0]["b"] == "x2"
    assert 0.8 <= near[0]["similarity"] < 1.0


# --- same fact, different words ----------------------------------------------------------------


def test_light_stem():
    assert light_stem("والجيش") == "جيش"
    assert light_stem("للجيش") == "جيش"
    assert light_stem("وصل") == "وصل"  # too short to strip


def test_word_diff_and_side_by_side_escape():
    a = "تشن مليشيا حفتر منذ 4 أبريل 2019 هجوما على طرابلس"
    b = "وتواصل قوات الجيش الوطني الليبي منذ 4 أبريل حملة لاستعادة طرابلس"
    wa, wb = word_diff(a, b)
    assert [w for _gap, w, same in wa if same and w] == ["منذ", "4", "أبريل", "طرابلس"]
    assert "".join(gap + w for gap, w, _same in wa) == a
    view = side_by_side([("A", a + " <b>", "B", b)])
    html_out = view._repr_html_()
    assert 'dir="rtl"' in html_out and "<mark>مليشيا</mark>" in html_out
    assert "&lt;<mark>b</mark>&gt;" in html_out and "<b>" not in html_out  # escaped
    assert "[مليشيا]" in repr(view) and "[قوات]" in repr(view)


def test_align_sentences_on_the_seeds():
    from arabic_news import clean_corpus, load_case_study

    df = clean_corpus(load_case_study(LIBYA), LIBYA)
    pairs = align_sentences(df, column="clean", threshold=0.2)
    assert len(pairs) > 0 and (pairs["doc_a"] != pairs["doc_b"]).all()
    assert pairs["similarity"].is_monotonic_decreasing
    april = sentences_with(df, ["أبريل"], column="clean")
    assert set(april["doc_id"].str[:3]) == {"000", "001", "003", "004"}


def test_lsh_curve_by_hand():
    curve = lsh_curve(25, 5, points=3).set_index("jaccard")["p_candidate"]
    assert curve[0.0] == 0.0 and curve[1.0] == 1.0
    assert curve[0.5] == 0.5478  # 1 - (31/32)^25
    import matplotlib

    matplotlib.use("Agg")
    ax = plot_lsh_curve(25, 5, threshold=0.5)
    assert len(ax.lines) == 2 and ax.get_xlabel().startswith("Jaccard")
