"""The evidence commands (kwic, discover, validate, explain) on the Syria pack and its real corpus,
checked against independent computations."""

import itertools
import json

import pandas as pd
import pytest

from arabic_news import Context, StanceScorer, fightin_words, load_corpus, main
from arabic_news.analyses.evidence import lexicon_marks
from arabic_news.analyses.separation import Scored, auc, group_order, holdout_parts, separation_tables
from arabic_news.cli.discover import discover_figure
from repo_paths import PACKS

SYRIA = "syria-idlib-2019-2020"
ARTICLES = PACKS / SYRIA / "validation" / "articles.jsonl"
ONE = ["--study", SYRIA, "--workers", "1", "--quiet"]


@pytest.fixture(scope="module")
def syria():
    return Context.of(SYRIA)


def _json(capsys, *args):
    assert main([*args, *ONE, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def _pairwise(a, b):
    """P(a > b) with ties one half, by counting every pair (the definition, not the ranks)."""
    wins = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x, y in itertools.product(a, b))
    return wins / (len(a) * len(b))


# --- kwic ---------------------------------------------------------------------------------------------


def test_kwic_lists_every_hit_with_its_reading(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    lines = [
        {
            "id": "a",
            "outlet": "X",
            "text": "وسيطرت قوات النظام على بلدة في ريف إدلب، وقال مسؤول: إن الجيش العربي السوري تقدم.",
        },
        {"id": "b", "outlet": "Y", "text": "لا ذكر للموضوع هنا: قوات النظام."},
    ]
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    rows = _json(capsys, "kwic", str(corpus))
    assert [
        (r["doc_id"], r["keyword"], r["actor"], r["polarity"], r["intensity"], r["voice"], r["counted"]) for r in rows
    ] == [
        ("a", "قوات النظام", "assad", -1, 0, "own", True),
        ("a", "الجيش العربي السوري", "assad", 1, 1, "quoted", False),
    ]  # b never mentions the topic (the topic gate), so it has no hit
    first = rows[0]
    assert (first["before"], first["after"], first["target_via"], first["axis"]) == (
        "وسيطرت",
        "على بلدة في ريف إدلب، وقال مسؤول: إن ال",
        "term",
        -1,
    )
    assert first["gloss_en"] == "the regime forces" and first["outlet"] == "X" and first["weight"] == 0.25
    rows = _json(capsys, "kwic", str(corpus), "--term", "قوات النظام", "--width", "8")
    assert [(r["doc_id"], r["before"], r["keyword"], r["after"]) for r in rows] == [
        ("a", "وسيطرت", "قوات النظام", "على بلد"),  # 8 characters: the context is cut, not the words
        ("b", "وع هنا:", "قوات النظام", "."),  # a term is listed wherever it occurs
    ]
    assert _json(capsys, "kwic", str(corpus), "--counted-only")[-1]["keyword"] == "قوات النظام"


def test_kwic_shows_each_hit_in_its_voice(capsys, tmp_path):
    corpus = tmp_path / "voices.jsonl"
    texts = {  # "the army liberates villages in Idlib": in the outlet's words, a quotation, indirect speech
        "own": "الجيش يحرر قرى جديدة في إدلب.",
        "quoted": "وقال مصدر عسكري: «الجيش يحرر قرى جديدة في إدلب».",
        "reported": "وقال مصدر عسكري إن الجيش يحرر قرى جديدة في إدلب.",
    }
    corpus.write_text(
        "".join(json.dumps({"id": k, "text": t}, ensure_ascii=False) + "\n" for k, t in texts.items()), encoding="utf-8"
    )
    rows = _json(capsys, "kwic", str(corpus), "--study", "syria-idlib-2019-2020")
    voices = {r["doc_id"]: r["voice"] for r in rows if r["term"] == "يحرر"}
    assert voices == {"own": "own", "quoted": "quoted", "reported": "reported"}


def test_where_selects_documents(capsys):
    rows = _json(capsys, "kwic", str(ARTICLES), "--where", "split=validation", "--where", "group=pro_gov")
    assert {r["split"] for r in rows} == {"validation"} and {r["group"] for r in rows} == {"pro_gov"}
    assert len({r["doc_id"] for r in rows}) == 10


# --- discover -----------------------------------------------------------------------------------------


def test_discover_streams_the_same_statistic_as_fightin_words(capsys):
    dev = load_corpus(ARTICLES)
    texts = {g: list(dev.loc[dev["group"] == g, "raw"]) for g in ("pro_gov", "pro_opp", "neutral")}
    expected = fightin_words(texts["pro_gov"], texts["pro_opp"], background=texts["neutral"]).set_index("ngram")
    rows = _json(capsys, "discover", str(ARTICLES), "--by", "group", "--groups", "pro_gov,pro_opp", "--raw", "--all")
    got = pd.DataFrame(rows).set_index("ngram")
    assert len(got) == len(expected) == 1364
    assert (got.loc[expected.index, "z"] - expected["z"].round(3)).abs().max() < 1e-9
    assert (got.loc[expected.index, "docs_b"] == expected["docs_b"]).all()
    assert (got.loc[expected.index, "written"] == expected["written"]).all()
    assert got.loc["الارهابيين", "written"] == "الإرهابيين"  # the spelling of the texts, hamza kept


def test_discover_marks_the_candidates_already_in_the_pack(capsys, syria):
    rows = _json(
        capsys, "discover", str(ARTICLES), "--by", "group", "--groups", "pro_gov,pro_opp", "--where", "split=discovery"
    )
    top = {r["ngram"]: r for r in rows}
    assert (top["الجيش السوري"]["marks"], top["الجيش السوري"]["in_lexicon"]) == ("pro_gov", "framing")
    assert top["قوات النظام"]["marks"] == "pro_opp" and top["قوات النظام"]["z"] == -2.589
    assert (
        top["قوات النظام السوري"]["in_lexicon"] == ""
        and "قوات النظام (framing)" in top["قوات النظام السوري"]["lexicon_terms"]
    )
    marks = lexicon_marks(["هيئه تحرير الشام", "ريف ادلب"], syria.study, syria.options)
    assert marks == {"هيئه تحرير الشام": ("neutral", "هيئة تحرير الشام (neutral)"), "ريف ادلب": ("", "")}


def test_discover_one_group_against_the_others(capsys):
    rows = _json(capsys, "discover", str(ARTICLES), "--by", "group", "--top", "3")
    assert [(r["marks"], r["versus"]) for r in rows][::3] == [
        ("neutral", "the others"),
        ("pro_gov", "the others"),
        ("pro_opp", "the others"),
    ]


def test_discover_chart_and_refusals(tmp_path, capsys, syria):
    chart = tmp_path / "fw.png"
    args = ["discover", str(ARTICLES), "--by", "group", "--groups", "pro_gov,pro_opp", "--chart", str(chart)]
    assert main([*args, *ONE]) == 0 and chart.read_bytes()[:4] == b"\x89PNG"
    # the chart: the camps as the manifest names their outlets, the n-grams as written with the pack's gloss
    dev = load_corpus(ARTICLES)
    texts = {g: list(dev.loc[dev["group"] == g, "raw"]) for g in ("pro_gov", "pro_opp", "neutral")}
    result = fightin_words(texts["pro_gov"], texts["pro_opp"], background=texts["neutral"])
    ax = discover_figure(result, ("pro_gov", "pro_opp"), syria, "group").axes[0]
    title = "".join(ax.get_title(loc) for loc in ("left", "center", "right"))  # setup_notebook puts titles left
    assert title == "Fightin' Words by group: pro-government outlets vs pro-opposition outlets"
    labels = [t.get_text() for t in ax.texts]
    assert any("(the terrorists)" in t for t in labels) and any("(the regime forces)" in t for t in labels)
    capsys.readouterr()
    assert main(["discover", str(ARTICLES), "--by", "outlet_x", *ONE]) == 2
    assert "column 'outlet_x' holds 0 group(s)" in capsys.readouterr().err
    assert main(["discover", str(ARTICLES), "--by", "group", "--chart", str(chart), *ONE]) == 2
    assert "--chart draws two groups and 'group' has 3. Add --groups A,B." in capsys.readouterr().err


# --- validate -----------------------------------------------------------------------------------------


def test_validate_auc_equals_an_independent_computation(capsys):
    docs = _json(capsys, "stance", str(ARTICLES))  # the scores, as `stance` gives them
    scores = {
        g: [d["alignment"]["score"] or 0.0 for d in docs if d["group"] == g] for g in ("pro_gov", "neutral", "pro_opp")
    }
    tables = _json(capsys, "validate", str(ARTICLES), "--label", "group")
    pairs = {(p["a"], p["b"]): p for p in tables["pairs"]}
    assert list(pairs) == [("pro_gov", "neutral"), ("pro_gov", "pro_opp"), ("neutral", "pro_opp")]
    for (a, b), p in pairs.items():
        assert p["auc"] == pytest.approx(_pairwise(scores[a], scores[b]), abs=1e-4)
        assert p["low"] <= p["auc"] <= p["high"]
    assert pairs["pro_gov", "pro_opp"]["main"] and pairs["pro_gov", "pro_opp"]["auc"] >= 0.9
    groups = {g["group"]: g for g in tables["groups"]}
    scored = [d["alignment"]["score"] for d in docs if d["group"] == "pro_opp" and d["alignment"]["score"] is not None]
    assert groups["pro_opp"]["coverage"] == pytest.approx(len(scored) / 34, abs=1e-4)
    assert groups["pro_opp"]["mean"] == pytest.approx(sum(scored) / len(scored), abs=1e-4)


def test_validate_held_out_split_keeps_each_outlet_whole(capsys):
    tables = _json(capsys, "validate", str(ARTICLES), "--label", "group", "--holdout-by", "outlet", "--bootstrap", "50")
    assert {g["part"] for g in tables["groups"]} == {"discovery", "held_out"}
    sizes = {(g["part"], g["group"]): g["documents"] for g in tables["groups"]}
    assert sizes == {
        ("discovery", "pro_gov"): 10, ("discovery", "neutral"): 7, ("discovery", "pro_opp"): 17,
        ("held_out", "pro_gov"): 10, ("held_out", "neutral"): 8, ("held_out", "pro_opp"): 17,
    }  # fmt: skip
    dev = load_corpus(ARTICLES)
    parts = holdout_parts(list(dev["group"]), list(dev["outlet"]))
    assert all(len(set(p for p, o in zip(parts, dev["outlet"]) if o == outlet)) == 1 for outlet in dev["outlet"])


def test_holdout_parts_rule():
    labels = ["a"] * 6 + ["b"] * 3
    keys = ["x", "x", "x", "y", "y", "z", "u", "u", "v"]
    # x (3 a) -> held_out; y (2 a) -> discovery; z (1 a) -> discovery (2 < 3); u (2 b) -> held_out; v -> discovery
    assert holdout_parts(labels, keys) == ["held_out"] * 3 + ["discovery"] * 3 + ["held_out"] * 2 + ["discovery"]


def test_term_contributions_are_the_auc_without_the_term(capsys, syria):
    tables = _json(capsys, "validate", str(ARTICLES), "--label", "group", "--where", "split=validation")
    terms = {t["term"]: t for t in tables["terms"]}
    row = terms["قوات النظام"]
    assert (row["side"], row["documents_a"], row["documents_b"]) == (-1, 0, 9)
    scorer = StanceScorer(syria)
    dev = load_corpus(ARTICLES)
    from arabic_news import clean_corpus

    val = clean_corpus(dev[dev["split"] == "validation"].reset_index(drop=True), syria)
    without = {}
    for raw, spans, group in zip(val["raw"], val["kept_spans"], val["group"]):
        hits = [h for h in scorer.find_hits(raw, spans) if h.term != "قوات النظام"]
        without.setdefault(group, []).append(scorer.alignment(hits)["score"] or 0.0)
    assert row["auc_without"] == pytest.approx(_pairwise(without["pro_gov"], without["pro_opp"]), abs=1e-4)
    assert row["contribution"] == pytest.approx(row["auc"] - row["auc_without"], abs=2e-4)


def test_accuracy_of_direction_labels(syria):
    scorer = StanceScorer(syria)
    docs = [
        Scored("1", "1", "", 0.6),
        Scored("2", "1", "", 0.2),  # below one marked hit (1/3): predicts 0
        Scored("3", "0", "", 0.1),
        Scored("4", "-1", "", None),  # unscored: wrong
        Scored("5", "-1", "", -0.5),
    ]
    tables = separation_tables(docs, scorer, bootstrap=0)
    assert [(r["label"], r["documents"], r["correct"], r["accuracy"]) for r in tables["accuracy"]] == [
        ("1", 2, 1, 0.5),
        ("0", 1, 1, 1.0),
        ("-1", 2, 1, 0.5),
        ("all", 5, 3, 0.6),
    ]
    # unscored with neutral names only: predicts 0, as evaluate_alignment does (right for a 0 label)
    neutral = [Scored("7", "0", "", None, n_neutral=2), Scored("8", "1", "", None, n_neutral=1)]
    rows = separation_tables([*docs, *neutral], scorer, bootstrap=0)["accuracy"]
    assert [(r["label"], r["documents"], r["correct"]) for r in rows] == [
        ("1", 3, 1),
        ("0", 2, 2),
        ("-1", 2, 1),
        ("all", 7, 4),
    ]
    assert [(p["a"], p["b"], p["auc"], p["main"]) for p in tables["pairs"]] == [
        ("1", "0", 1.0, False),
        ("1", "-1", 1.0, True),
        ("0", "-1", 1.0, False),
    ]  # the unscored -1 counts as 0, below 0.1 and 0.2
    tables = separation_tables([*docs, Scored("6", "0", "", 0.0)], scorer, bootstrap=0)
    assert tables["pairs"][2]["auc"] == 0.875  # 0.0 ties the unscored -1: (1 + 1 + 0.5 + 1) / 4


def test_groups_are_ordered_from_the_plus_camp_to_the_minus_camp():
    assert group_order(["pro_opp", "neutral", "pro_gov", "other"], ("pro_gov", "pro_opp")) == [
        "pro_gov",
        "neutral",
        "other",
        "pro_opp",
    ]
    assert auc([1, 2], [2, 0]) == _pairwise([1, 2], [2, 0]) == 0.625


def test_validate_refuses_a_missing_label_column(capsys):
    assert main(["validate", str(ARTICLES), "--label", "camp", *ONE]) == 2
    assert "no document has a value in column 'camp'" in capsys.readouterr().err


# --- explain -------------------------------------------------------------------------------------------


def test_explain_one_document(capsys, syria):
    rows = _json(capsys, "explain", str(ARTICLES), "pro_gov-albinaa-01")
    assert {(r["alignment"], r["n_hits"], r["outlet"]) for r in rows} == {(0.1111, 5, "Al-Binaa")}
    terror = next(r for r in rows if r["term"] == "إرهابيين")
    assert (terror["keyword"], terror["actor"], terror["target_via"], terror["counted"]) == (
        "الإرهابيين",
        "assad",
        "clause",
        True,
    )  # the clause rule attaches "the terrorists" to the army in the headline (a known error)
    assert terror["before"].endswith("يواصل ضرب معاقل")
    assert (terror["alignment_without_term"], terror["alignment_delta"]) == (0.5789, 0.4678)
    assert (terror["actor_score"], terror["actor_score_without_term"], terror["actor_delta"]) == (-0.3333, 0.2, 0.5333)
    name = next(r for r in rows if r["term"] == "هيئة تحرير الشام")  # a neutral name: counts for nothing
    assert (name["counted"], name["alignment_delta"], name["actor_delta"]) == (False, 0.0, None)
    assert main(["explain", str(ARTICLES), "nothing-01", *ONE]) == 2
    assert "has no document 'nothing-01'" in capsys.readouterr().err


def test_explain_a_document_without_a_hit_in_json_and_the_terminal_table(capsys):
    # pro_opp-syriatv-02 writes طيران النظام ("the regime's aircraft"), none of the pack's terms: one row
    rows = _json(capsys, "explain", str(ARTICLES), "pro_opp-syriatv-02")
    assert [(r["term"], r["alignment"], r["n_hits"]) for r in rows] == [(None, None, 0)]
    assert main(["explain", str(ARTICLES), "pro_opp-syriatv-02", *ONE]) == 0
    assert capsys.readouterr().out.startswith("before  keyword  after  actor")


def test_explain_leaves_each_term_out_through_the_scorer(syria):
    from arabic_news.analyses.evidence import explain_document
    from arabic_news.core.document import Document

    scorer = StanceScorer(syria)
    text = "قوات النظام وميليشيات الأسد تقصف إدلب، والجيش السوري يتقدم."
    rows = explain_document(Document("x", text, syria.options), scorer)
    militia = next(r for r in rows if r["term"] == "ميليشيات الأسد")
    left = [h for h in scorer.find_hits(text) if h.term != "ميليشيات الأسد"]
    assert militia["alignment_without_term"] == round(scorer.alignment(left)["score"], 4)
    empty = explain_document(Document("y", "لا شيء هنا عن إدلب", syria.options), scorer)
    assert len(empty) == 1 and empty[0]["term"] is None and empty[0]["alignment"] is None


# --- every output format -------------------------------------------------------------------------------

COMMANDS = {
    "kwic": ["kwic", str(ARTICLES)],
    "discover": ["discover", str(ARTICLES), "--by", "group"],
    "validate": ["validate", str(ARTICLES), "--label", "group", "--bootstrap", "20"],
    "explain": ["explain", str(ARTICLES), "pro_opp-jisr-02"],
}


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "parquet"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_format(command, fmt, tmp_path, capsys):
    out = tmp_path / f"out.{fmt}"
    args = [*COMMANDS[command], *ONE, "--format", fmt]
    several = command == "validate"  # tables: CSV and Parquet need a file each
    if fmt == "parquet" or (fmt == "csv" and several):
        args += ["--output", str(out)]
    assert main(args) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    if fmt == "csv" and not several:
        import io

        assert len(pd.read_csv(io.StringIO(printed)).columns) > 3
    elif fmt == "json":
        assert json.loads(printed)
    elif fmt == "jsonl":
        assert all(json.loads(line) for line in printed.splitlines()) and printed
    elif fmt == "table":
        assert len(printed.splitlines()) > 3
    else:
        files = sorted(tmp_path.glob("out*"))
        assert files, "no output file"
        for f in files:
            frame = pd.read_csv(f) if fmt == "csv" else pd.read_parquet(f)
            assert len(frame.columns) > 3


# --- the duplicates threshold example of docs/study-packs.md --------------------------------------------


def test_the_documented_republication_is_found_at_0_2_not_at_0_5(capsys, syria):
    folder = PACKS / SYRIA / "examples" / "republished"
    original = (folder / "afp_original.txt").read_text(encoding="utf-8").strip()
    assert original == load_corpus(ARTICLES).set_index("doc_id").loc["neutral-afp-01", "raw"].strip()
    default = _json(capsys, "duplicates", str(folder))
    assert default["near_duplicates"] == []
    low = _json(capsys, "duplicates", str(folder), "--threshold", "0.2", "--passages")
    assert [(p["a"], p["b"], p["similarity"]) for p in low["near_duplicates"]] == [
        ("afp_original", "republished_reframed", 0.3371)
    ]
    assert [p["words"] for p in low["shared_passages"]] == [13, 21, 34]
    scorer = StanceScorer(syria)
    scores = {
        f.stem: round(scorer.score(f.read_text(encoding="utf-8"))["alignment"]["score"], 3)
        for f in folder.glob("*.txt")
    }
    assert scores == {"afp_original": 0.167, "republished_reframed": 0.826}
    # docs/study-packs.md pastes what the commands print, and quotes the scores
    from repo_paths import REPO_ROOT

    doc = (REPO_ROOT / "docs" / "study-packs.md").read_text(encoding="utf-8")
    for args in (["duplicates", str(folder)], ["duplicates", str(folder), "--threshold", "0.2", "--passages"]):
        assert main([*args, "--quiet"]) == 0
        printed = capsys.readouterr().out
        assert printed.rstrip("\n") in doc
    assert main(["stance", str(folder), *ONE]) == 0
    assert capsys.readouterr().out.rstrip("\n") in doc
    assert "copy scores **+0.826** on 9 counted hits" in doc and "the original **+0.167** on 4" in doc


def test_the_documented_s_curve():
    from arabic_news import lsh_curve
    from arabic_news.analyses.near_duplicates import recall_banding
    from repo_paths import REPO_ROOT

    doc = (REPO_ROOT / "docs" / "study-packs.md").read_text(encoding="utf-8")
    for threshold, bands, rows in [(0.5, 30, 3), (0.3, 42, 2), (0.2, 18, 1)]:
        assert recall_banding(threshold, 0.98) == (bands, rows)
        curve = lsh_curve(bands, rows).set_index("jaccard")["p_candidate"]
        cells = " | ".join(f"{curve.loc[j]:.3f}" for j in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6))
        assert f"| threshold {threshold} ({bands} bands of {rows} row{'s' if rows > 1 else ''}) | {cells} |" in doc


def test_labels_that_are_not_camp_ids_are_ordered_by_mean(capsys, tmp_path):
    rows = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    renamed = {"pro_gov": "damascus", "pro_opp": "ankara", "neutral": "wire"}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(json.dumps({**r, "camp": renamed[r["group"]]}, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    tables = _json(capsys, "validate", str(corpus), "--label", "camp", "--where", "split=validation")
    assert [(p["a"], p["b"], p["auc"], p["main"]) for p in tables["pairs"]] == [
        ("damascus", "wire", 0.85, False),
        ("damascus", "ankara", 0.9882, True),
        ("wire", "ankara", 0.9081, False),
    ]
