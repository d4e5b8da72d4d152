"""Stance scoring: lexicon, matching, quotation rules, scores, evidence tables, command line."""

import json
import math

import pandas as pd
import pytest

from arabic_news import (
    Context,
    StanceScorer,
    StudyError,
    concordance,
    concordance_table,
    corpus_hits,
    count_words,
    doc_labels,
    leave_one_term_out,
    load_corpus,
    main,
    stance_scores,
)
from arabic_news.analyses.stance import find_quotes, saying_matcher
from arabic_news.core.lexicons import CATEGORIES
from repo_paths import EXAMPLES

LIBYA = Context.of("libya-2019-2020")

LEXICON_COLUMNS = ("term", "actor", "polarity", "category", "gloss_en", "transliteration", "note")


@pytest.fixture(scope="module")
def scorer():
    return StanceScorer(LIBYA)


def _one(scorer, text, **kw):
    """Return the scored hits of ``text`` as (raw text, actor, polarity, quoted, distance)."""
    return [
        (h.text, h.actor, h.polarity, h.quoted, h.distance) for h in scorer.find_hits(text, **kw) if h.polarity != 0
    ]


# --- lexicon ------------------------------------------------------------------------------------


def test_lexicon_shape_and_content():
    lex = LIBYA.study.framing
    assert set(LEXICON_COLUMNS) | {"intensity", "target"} <= set(lex.columns)
    assert 200 <= len(lex) <= 300
    assert set(LIBYA.study.key_actors) <= set(lex["actor"])
    assert set(lex["polarity"]) == {1, -1}
    assert set(lex["intensity"]) == {0, 1, 2}
    assert set(lex["target"]) == {"term", "context", "shared", "anaphor"}
    # only a generic label may leave its actor to the text
    assert (lex.loc[lex["actor"] == "", "target"] == "context").all()
    assert set(lex["category"]) == set(CATEGORIES)
    assert (lex["note"].str.len() > 0).all() and (lex["gloss_en"].str.len() > 0).all()
    # both directions exist for the two main actors
    for actor in ("haftar", "gna"):
        assert set(lex.loc[lex["actor"] == actor, "polarity"]) == {1, -1}


def test_every_term_matches_itself_and_nothing_shorter_shadows_it(scorer):
    lex = LIBYA.study.framing
    # no actor is named around the term: a generic label falls back to its row's actor (or none), a
    # shared name to its row's actor (the document decides), an anaphor counts for nobody
    via = {"term": "term", "context": "term", "shared": "document", "anaphor": ""}
    for term, actor, pol, intensity, target in zip(
        lex["term"], lex["actor"], lex["polarity"], lex["intensity"], lex["target"]
    ):
        expected = "" if target == "anaphor" else LIBYA.study.scored_as.get(actor, actor)
        hits = [h for h in scorer.find_hits(f"وظهر في ليبيا أمس {term} كما ظهر اليوم.") if h.actor == expected]
        assert [h.term for h in hits] == [term], term
        assert (hits[0].lexicon_polarity, hits[0].intensity) == (pol, intensity)
        assert hits[0].target_via == (via[target] if actor else "")


def test_lexicon_validation_rejects_bad_rows(tmp_path):
    bad = tmp_path / "lex.csv"
    bad.write_text(",".join(LEXICON_COLUMNS) + "\nمليشيات حفتر,haftar,0,force_labels,x,y,z\n", encoding="utf-8")
    with pytest.raises(StudyError, match="lex.csv, row 2: polarity '0' is not one of"):
        LIBYA.study.with_lexicon(bad)
    bad.write_text(",".join(LEXICON_COLUMNS) + "\nمليشيات حفتر,haftar,-1,insults,x,y,z\n", encoding="utf-8")
    with pytest.raises(StudyError, match="category 'insults' is not one of"):
        LIBYA.study.with_lexicon(bad)


# --- matching -----------------------------------------------------------------------------------


def test_clitics_and_longest_match(scorer):
    text = "وأشاد الوفد بدور للجيش الوطني الليبي، فيما اتهم ولمليشيات حفتر دورا، وتحدث عن الجيش الوطني السوري في ليبيا."
    hits = _one(scorer, text)
    assert hits == [("للجيش الوطني الليبي", "haftar", 1, False, ""), ("ولمليشيات حفتر", "haftar", -1, False, "")]
    # the Syrian National Army is a neutral blocker, not Haftar's army
    neutral = [h.term for h in scorer.find_hits(text) if h.polarity == 0]
    assert "الجيش الوطني السوري" in neutral


def test_anchored_gna_army_is_not_counted_for_haftar(scorer):
    text = "أسقطت قوات الجيش الليبي التابع لحكومة الوفاق طائرة قرب ترهونة."
    assert _one(scorer, text) == [("الجيش الليبي التابع لحكومة الوفاق", "gna", 1, False, "")]


def test_topic_gate_keeps_generic_labels_out_of_other_conflicts(scorer):
    yemen = "أكدت الحكومة الشرعية في اليمن استمرار المعارك مع الحوثيين."
    assert scorer.find_hits(yemen) == []
    ungated = StanceScorer(LIBYA, topic_gate=False)
    assert _one(ungated, yemen) == [("الحكومة الشرعية", "gna", 1, False, "")]


# --- quotation ----------------------------------------------------------------------------------


def test_find_quotes_pairs_marks_of_each_kind():
    raw = 'قال “أ ب” ثم ”ج د“ ثم «هـ» ثم "و ز".'
    spans = [(q.kind, raw[q.inner_start : q.inner_end]) for q in find_quotes(raw, saying_matcher(LIBYA))]
    assert spans == [("marks", "أ ب"), ("marks", "ج د"), ("marks", "هـ"), ("marks", "و ز")]


def test_unbalanced_quote_stops_at_line_end_and_length_limit():
    raw = 'بدأ "الهجوم على طرابلس أمس\nثم قال "نعم" بعدها'
    quotes = find_quotes(raw, saying_matcher(LIBYA))
    # the stray mark of line 1 does not pair with a mark on line 2
    assert [raw[q.inner_start : q.inner_end] for q in quotes] == ["نعم"]
    long = '"' + "كلمة " * 200 + '"'
    assert find_quotes(long, saying_matcher(LIBYA), max_chars=400) == []


def test_colon_after_verb_of_saying_opens_a_quotation(scorer):
    raw = "وقال المسماري: إن الجيش الوطني الليبي سيدخل طرابلس. ثم عاد الجيش الوطني الليبي إلى مواقعه."
    quotes = [q for q in find_quotes(raw, saying_matcher(LIBYA)) if q.kind == "colon"]
    assert raw[quotes[0].inner_start : quotes[0].inner_end] == " إن الجيش الوطني الليبي سيدخل طرابلس"
    hits = _one(scorer, raw)
    assert [(h[3]) for h in hits] == [True, False]
    own = scorer.score(raw)["actors"]["haftar"]
    # one own-voice conventional name (intensity 0, weight 0.25): 0.25 / (0.25 + 2)
    assert (own["pro"], own["anti"], own["score"]) == (1, 0, pytest.approx(0.25 / 2.25))
    both = scorer.score(raw, include_quoted=True)["actors"]["haftar"]
    assert (both["pro"], both["anti"], both["score"]) == (2, 0, pytest.approx(0.5 / 2.5))


def test_quotes_that_give_an_initiative_its_name_are_not_scare_quotes(scorer):
    # "Sisi launches the 'Cairo Declaration' initiative": the marks name the initiative
    hits = scorer.find_hits("السيسي يطلق مبادرة «إعلان القاهرة» لحل الأزمة الليبية")
    assert [(h.term, h.voice, h.distance) for h in hits if h.polarity] == [("إعلان القاهرة", "own", "")]


def test_indirect_speech_after_a_verb_of_saying_is_reported(scorer):
    # "The LNA spokesman said on Sunday that the terrorist militias suffered losses in Tripoli": the
    # claim is the spokesman's; the name of his army, chosen by the reporter, stays the outlet's
    raw = "وقال المتحدث باسم الجيش الوطني الليبي، الأحد، إن الميليشيات الإرهابية تكبدت خسائر في طرابلس."
    (quote,) = find_quotes(raw, saying_matcher(LIBYA))
    assert (quote.kind, raw[quote.inner_start : quote.inner_end]) == (
        "reported",
        " الميليشيات الإرهابية تكبدت خسائر في طرابلس",
    )
    hits = [(h.term, h.actor, h.voice, h.quoted) for h in scorer.find_hits(raw)]
    assert hits == [
        ("الجيش الوطني الليبي", "haftar", "own", False),
        ("الميليشيات الإرهابية", "gna", "reported", True),
    ]
    al = scorer.score(raw)["alignment"]
    assert (al["n_hits"], al["score"]) == (1, pytest.approx(0.25 / 2.25))
    # reported claims count with the quoted words
    assert scorer.score(raw, include_quoted=True)["alignment"]["n_hits"] == 2
    # "sources revealed that the putschist general arrives in Cairo": the sources did not choose the name
    named = "كشفت مصادر مصرية أن الجنرال الانقلابي يصل القاهرة لبحث الأوضاع في ليبيا."
    assert [(h.term, h.voice) for h in scorer.find_hits(named)] == [("الجنرال الانقلابي", "own")]


def test_reported_speech_needs_a_verb_of_saying_close_before_that(scorer):
    # أن after a verb that does not report speech ("wants to"), or far after the verb of saying
    assert find_quotes("يريد أن يدعم الميليشيات الإرهابية في ليبيا.", saying_matcher(LIBYA)) == []
    far = "قال " + "كلمة " * 13 + "إن الميليشيات الإرهابية في ليبيا."
    assert find_quotes(far, saying_matcher(LIBYA)) == []
    # a colon comes first: quoted speech, not reported
    colon = "وقال المسماري: إن الميليشيات الإرهابية تراجعت في ليبيا."
    assert [q.kind for q in find_quotes(colon, saying_matcher(LIBYA))] == ["colon"]
    # quotation marks inside indirect speech: the quoted words stay quoted
    marks = 'وقال المسماري إن "الميليشيات الإرهابية تراجعت في كل محاور القتال" في ليبيا.'
    assert [(h.term, h.voice) for h in scorer.find_hits(marks)] == [("الميليشيات الإرهابية", "quoted")]


def test_scare_quotes_neutralize_flip_or_ignore():
    text = 'وبدأت قوات "الجيش الوطني الليبي" هجوما جديدا قرب ليبيا.'
    neutral = StanceScorer(LIBYA)
    (h,) = [h for h in neutral.find_hits(text) if h.term == "الجيش الوطني الليبي"]
    assert (h.text, h.polarity, h.quoted, h.distance) == ("الجيش الوطني الليبي", 1, True, "scare_quotes")
    assert neutral.score(text)["actors"]["haftar"]["score"] is None
    flip = StanceScorer(LIBYA, scare_quotes="flip")
    flipped = flip.score(text)["actors"]["haftar"]
    # a reversed term counts as loaded (weight 2): -2 / (2 + 2)
    assert (flipped["score"], flipped["pro"], flipped["anti"]) == (-0.5, 0, 1)
    assert flipped["per_1000_words"] == round(1000 / count_words(text), 3)
    assert flipped["intensity_per_1000_words"] == round(2000 / count_words(text), 3)
    ignore = StanceScorer(LIBYA, scare_quotes="ignore")
    assert ignore.score(text)["actors"]["haftar"]["score"] == pytest.approx(0.25 / 2.25)


def test_quotes_that_give_a_name_are_not_scare_quotes(scorer):
    text = 'وأعلنت قوات شرق ليبيا، المعروفة باسم "الجيش الوطني الليبي"، سيطرتها على سرت.'
    assert _one(scorer, text) == [
        ("قوات شرق ليبيا", "haftar", -1, False, ""),
        ("الجيش الوطني الليبي", "haftar", 1, False, ""),
    ]


def test_quotes_around_a_plain_name_are_not_scare_quotes(scorer):
    text = "وتقدمت قوات حكومة “الوفاق” الشرعية، وتراجع الجنرال الانقلابي “خليفة حفتر” في ليبيا."
    assert _one(scorer, text) == [
        ("قوات حكومة “الوفاق” الشرعية", "gna", 1, False, ""),
        ("الجنرال الانقلابي", "haftar", -1, False, ""),
    ]
    titled = "التقى المشير “خليفة حفتر” وفدا في ليبيا."
    assert _one(scorer, titled) == [("المشير “خليفة حفتر”", "haftar", 1, False, "")]
    # but quotes around the title itself are scare quotes
    assert _one(scorer, "التقى “المشير” حفتر وفدا في ليبيا.")[0][3:] == (True, "scare_quotes")


def test_so_called_reverses_legitimizing_and_neutralizes_hostile(scorer):
    assert _one(scorer, "ويزعم ما يسمى بالجيش الوطني الليبي أنه يحارب الإرهاب.") == [
        ("بالجيش الوطني الليبي", "haftar", -1, False, "so_called")
    ]
    assert _one(scorer, 'هاجم ما يعرف بـ"الجيش الوطني" مدينة في ليبيا.')[0][2:] == (-1, False, "so_called")
    assert _one(scorer, "وتحدث عن ما يسمى الميليشيات الإرهابية في طرابلس.")[0][2:] == (-1, True, "so_called")
    assert _one(scorer, "وقال إن الجيش الوطني المزعوم لا وجود له في ليبيا.")[0][2] == -1
    # "which calls itself" (self-styled) is a so-called marker too
    assert _one(scorer, "وتواصل قوات حفتر التي تطلق على نفسها الجيش الوطني الليبي هجومها في ليبيا.") == [
        ("قوات حفتر", "haftar", -1, False, ""),
        ("الجيش الوطني الليبي", "haftar", -1, False, "so_called"),
    ]
    # a reversed conventional name counts as loaded
    (flipped,) = [h for h in scorer.find_hits("ويزعم ما يسمى بالجيش الوطني الليبي أنه يحارب في ليبيا.") if h.polarity]
    assert (flipped.lexicon_polarity, flipped.polarity, flipped.intensity) == (1, -1, 2)


# --- scores -------------------------------------------------------------------------------------


def test_score_counts_and_rate_by_hand(scorer):
    from scipy.stats import beta

    text = (
        "وصل المشير خليفة حفتر إلى القاهرة. وتقدم الجيش الوطني الليبي نحو طرابلس. "
        "وقالت الحكومة إن مليشيات حفتر قصفت الأحياء."
    )
    result = scorer.score(text)
    n = count_words(text)
    assert result["n_words"] == n == 19  # 6 + 6 + 7 words
    haftar = result["actors"]["haftar"]
    # two conventional names (0.25 each) against one loaded label (2): (0.5 - 2) / (2.5 + 2) = -1/3
    assert (haftar["pro"], haftar["anti"]) == (2, 1)
    assert haftar["score"] == pytest.approx(-1 / 3)
    # the 95 % interval of Beta(1 + 0.5, 1 + 2), rescaled to [-1, 1]
    assert haftar["low"] == pytest.approx(2 * beta.ppf(0.025, 1.5, 3) - 1)
    assert haftar["high"] == pytest.approx(2 * beta.ppf(0.975, 1.5, 3) - 1)
    assert haftar["per_1000_words"] == round(3000 / 19, 3)
    assert haftar["intensity_per_1000_words"] == round(2500 / 19, 3)
    assert result["actors"]["turkey"]["score"] is None
    # every hit is on Haftar: the alignment is the same evidence
    assert result["alignment"]["score"] == pytest.approx(-1 / 3)
    assert (result["alignment"]["axis"], result["alignment"]["n_hits"]) == ("pro_lna vs pro_gna", 3)


def test_actor_scores_ignores_neutral_and_unknown_actors():
    # no hit: no score, and the interval of the uniform prior, 2 * (0.025, 0.975) - 1
    assert StanceScorer(LIBYA).actor_scores([], 0, actors=["haftar"]) == {
        "haftar": {
            "score": None,
            "low": pytest.approx(-0.95),
            "high": pytest.approx(0.95),
            "pro": 0,
            "anti": 0,
            "neutral": 0,
            "per_1000_words": 0.0,
            "intensity_per_1000_words": 0.0,
        }
    }
    # a neutral name is counted beside the score, never in it; an actor outside ``actors`` is left out
    scorer = StanceScorer(LIBYA)
    hits = scorer.find_hits("التقى خليفة حفتر وفدا من حكومة الوفاق والأمم المتحدة في ليبيا.")
    out = scorer.actor_scores(hits, 10, actors=["haftar"])
    assert list(out) == ["haftar"]
    assert {k: out["haftar"][k] for k in ("score", "pro", "anti", "neutral")} == {
        "score": None,
        "pro": 0,
        "anti": 0,
        "neutral": 1,
    }


def test_kept_spans_restrict_hits_and_keep_raw_offsets(scorer):
    raw = "مقالات ذات صلة: مليشيات حفتر\n\nوصل المشير خليفة حفتر إلى ليبيا أمس."
    start = raw.index("وصل")
    hits = [h for h in scorer.find_hits(raw, spans=[(start, len(raw))]) if h.polarity]
    assert [(h.text, h.start) for h in hits] == [("المشير خليفة حفتر", raw.index("المشير"))]
    assert raw[hits[0].start : hits[0].end] == hits[0].text
    assert scorer.score(raw, [(start, len(raw))])["n_words"] == count_words(raw[start:])


def _perturb(raw: str) -> str:
    """Return ``raw`` with tatweel, diacritics, RLM marks and presentation forms added."""
    import arabic_reshaper

    out = raw.replace("حفتر", "حَفْتَر").replace("الجيش", "الجـــيش").replace("طرابلس", "طرابلس\u200f")
    out = out.replace("مليشيا", "مِليشيا").replace("الوفاق", "الوفاق\u200e")
    lines = out.split("\n")
    return "\n".join(arabic_reshaper.reshape(line) if i % 2 else line for i, line in enumerate(lines))


def test_scores_are_invariant_to_normalization_quirks(scorer, stance_articles):
    for raw in stance_articles["raw"]:
        noisy = _perturb(raw)
        assert noisy != raw
        a, b = scorer.score(raw), scorer.score(noisy)
        assert a["actors"] == b["actors"]
        assert a["n_words"] == b["n_words"]
        assert [(h.term, h.actor, h.polarity, h.quoted) for h in a["hits"]] == [
            (h.term, h.actor, h.polarity, h.quoted) for h in b["hits"]
        ]
        assert all(noisy[h.start : h.end] == h.text for h in b["hits"])


@pytest.fixture(scope="module")
def stance_articles():

    return load_corpus(EXAMPLES / "stance_articles")


def test_corpus_tables_intervals_and_leave_one_term_out(scorer, stance_articles):
    hits = corpus_hits(stance_articles, scorer)
    assert all(
        stance_articles.set_index("doc_id").loc[r.doc_id, "raw"][r.start : r.end] == r.text for r in hits.itertuples()
    )
    assert all(r.sentence_text and r.text.strip('"“”«»') in r.sentence_text for r in hits.itertuples())
    scores = stance_scores(stance_articles, hits, scorer)
    rated = scores.dropna(subset=["score"])
    assert ((rated["low"] < rated["score"]) & (rated["score"] < rated["high"])).all()
    assert (rated["score"].abs() < 1).all()
    reuters = scores.set_index(["doc_id", "actor"]).loc[("wire_reuters_style", "haftar")]
    # Reuters: + الجيش الوطني الليبي (0.25); - 3 x قوات شرق ليبيا (1 each), 2 x قوات حفتر and
    # هجوما على طرابلس (0.25 each): (0.25 - 3.75) / (4 + 2)
    assert (reuters["pro"], reuters["anti"], reuters["score"]) == (1, 6, pytest.approx(-3.5 / 6))

    loto = leave_one_term_out(hits, scorer).set_index(["doc_id", "actor", "term"])
    east = loto.loc[("wire_reuters_style", "haftar", "قوات شرق ليبيا")]
    # without the three regional labels: (0.25 - 0.75) / (1 + 2)
    assert (east["n"], east["score_without"], east["delta"]) == (
        3,
        pytest.approx(-0.5 / 3),
        pytest.approx(-0.5 / 3 + 3.5 / 6),
    )
    lna = loto.loc[("wire_reuters_style", "haftar", "الجيش الوطني الليبي")]
    assert lna["score_without"] == pytest.approx(-3.75 / 5.75)
    single = loto.loc[("wire_reuters_style", "gna", "المعترف بها دوليا")]
    assert (single["score"], math.isnan(single["score_without"])) == (pytest.approx(0.25 / 2.25), True)
    alignment = leave_one_term_out(hits, scorer, on="alignment")
    assert set(alignment["actor"]) == {"alignment"}


def test_concordance_columns_and_rtl_html(scorer, stance_articles):
    hits = corpus_hits(stance_articles, scorer)
    conc = concordance(
        stance_articles,
        hits[hits["term"] == "قوات شرق ليبيا"],
        width=20,
        keep=["gloss_en", "actor", "polarity", "quoted"],
    )
    assert list(conc.columns)[:4] == ["doc_id", "before", "keyword", "after"]
    assert len(conc) == 3 and set(conc["gloss_en"]) == {"the forces of eastern Libya"}
    headline, first = conc.iloc[0], conc.iloc[1]
    assert headline["before"] == "" and headline["after"].startswith("تقول إنها أسقطت")
    assert first["keyword"] == "قوات شرق ليبيا"
    assert first["before"].endswith("(رويترز) - قالت")
    assert first["after"].startswith("بقيادة خليفة حفتر")
    html = concordance_table(conc.assign(before="<b>" + conc["before"]))._repr_html_()
    assert '<table class="arabic-news" dir="rtl">' in html and "&lt;b&gt;" in html and "<b>" not in html
    assert "left" not in " ".join(conc.columns) and "right" not in " ".join(conc.columns)


# --- command line -------------------------------------------------------------------------------


def test_cli_json_on_a_folder(capsys, stance_articles):

    folder = EXAMPLES / "stance_articles"
    assert main(["stance", str(folder), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["doc_id"] for r in records] == sorted(stance_articles["doc_id"])
    rec = next(r for r in records if r["doc_id"] == "wire_reuters_style")
    assert set(rec) == {"doc_id", "source", "outlet", "camp", "n_words", "alignment", "actors", "hits"}
    assert rec["outlet"] == "Reuters Arabic style (fixture)"
    haftar = rec["actors"]["haftar"]
    assert set(haftar) == {
        "score",
        "low",
        "high",
        "pro",
        "anti",
        "neutral",
        "per_1000_words",
        "intensity_per_1000_words",
    }
    assert (haftar["score"], haftar["pro"], haftar["anti"]) == (round(-3.5 / 6, 4), 1, 6)
    assert haftar["per_1000_words"] == round(7000 / rec["n_words"], 3)
    assert rec["actors"]["qatar"]["score"] is None
    # the alignment adds the GNA's "internationally recognised" (0.25 toward the - camp)
    assert rec["alignment"]["axis"] == "pro_lna vs pro_gna"
    assert rec["alignment"]["score"] == round((0.25 - 4.0) / (4.25 + 2), 4)
    # 8 scored hits, and one neutral name (خليفة حفتر) beside them, weighing nothing
    assert (rec["alignment"]["n_hits"], rec["alignment"]["n_neutral"]) == (8, 1)
    assert rec["alignment"]["low"] < rec["alignment"]["score"]
    fields = {"term", "text", "actor", "polarity", "intensity", "target_via", "start", "end", "quoted"}
    assert all(
        set(h) == fields | {"voice", "counted", "axis"}
        and h["polarity"] in (1, 0, -1)
        and h["target_via"] in ("term", "name", "pronoun", "clause", "document", "anaphor", "")
        and h["voice"] in ("own", "quoted", "reported")
        for r in records
        for h in r["hits"]
    )
    # every record says which hits its numbers use: the counted ones
    for r in records:
        counted = [h for h in r["hits"] if h["counted"]]
        assert r["alignment"]["n_hits"] == sum(h["axis"] != 0 for h in counted)
        axis_actor = StanceScorer(LIBYA).axis_sign
        assert r["alignment"]["n_neutral"] == sum(
            h["polarity"] == 0 and not h["quoted"] and axis_actor(h["actor"]) != 0 for h in r["hits"]
        )
        for actor, a in r["actors"].items():
            assert a["pro"] + a["anti"] == sum(h["actor"] == actor for h in counted)
            assert a["neutral"] == sum(
                h["actor"] == actor and h["polarity"] == 0 and not h["quoted"] for h in r["hits"]
            )


def test_cli_jsonl_skips_nan_metadata(capsys, tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "outlet": "X", "date": "2020-01-01", "text": "قصفت مليشيات حفتر طرابلس."},
        {"id": "b", "outlet": "Y", "text": "وصل المشير خليفة حفتر إلى بنغازي."},
        {"id": "c", "outlet": "Z", "text": "ارتفعت أسعار النفط اليوم."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["stance", str(path), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [set(r) - {"actors", "alignment", "hits", "n_words"} for r in records] == [
        {"doc_id", "source", "outlet", "date"},
        {"doc_id", "source", "outlet"},
        {"doc_id", "source", "outlet"},
    ]
    # one loaded label: -2 / (2 + 2); one conventional title: 0.25 / (0.25 + 2); nothing
    assert [r["actors"]["haftar"]["score"] for r in records] == [-0.5, round(0.25 / 2.25, 4), None]
    assert [r["alignment"]["score"] for r in records] == [-0.5, round(0.25 / 2.25, 4), None]
    assert records[0]["hits"] == [
        {
            "term": "مليشيات حفتر",
            "text": "مليشيات حفتر",
            "actor": "haftar",
            "polarity": -1,
            "intensity": 2,
            "target_via": "term",
            "start": 5,
            "end": 17,
            "quoted": False,
            "voice": "own",
            "counted": True,
            "axis": -1,
        }
    ]
    assert [(h["term"], h["counted"], h["axis"]) for h in records[1]["hits"]] == [("المشير خليفة حفتر", True, 1)]


def test_cli_json_tells_neutral_names_from_nothing(capsys, tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "named", "text": "التقى خليفة حفتر وفدا أمميا في ليبيا."},
        {"id": "nothing", "text": "ارتفعت أسعار النفط في ليبيا."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["stance", str(path), "--format", "json"]) == 0
    named, nothing = json.loads(capsys.readouterr().out)
    # both without a score; the first names Haftar (a neutral name, listed and not counted)
    assert (named["alignment"]["score"], named["alignment"]["n_hits"], named["alignment"]["n_neutral"]) == (None, 0, 1)
    assert [(h["term"], h["polarity"], h["counted"], h["axis"]) for h in named["hits"]] == [("خليفة حفتر", 0, False, 0)]
    assert (named["actors"]["haftar"]["score"], named["actors"]["haftar"]["neutral"]) == (None, 1)
    assert (nothing["alignment"]["score"], nothing["alignment"]["n_neutral"], nothing["hits"]) == (None, 0, [])


def test_prefiltered_matcher_gives_the_whole_lexicon_regexs_results(scorer, stance_articles):
    from arabic_news import PhraseMatcher

    terms = list(scorer.lexicon["term"]) + list(scorer.neutral["term"])
    fast, whole = PhraseMatcher(terms), PhraseMatcher(terms, prefilter=False)
    found = 0
    for raw in stance_articles["raw"]:
        expected = [(m.term, m.start, m.end) for m in whole.find(raw)]
        assert [(m.term, m.start, m.end) for m in fast.find(raw)] == expected
        found += len(expected)
    assert found > 50


def test_doc_labels_shorten_outlets_and_fall_back_to_doc_id():
    df = pd.DataFrame(
        {
            "doc_id": ["000_abc", "001_def", "x"],
            "outlet": ["Unidentified site A (shared template)", "Raseef22", float("nan")],
        }
    )
    assert doc_labels(df) == {"000_abc": "Unidentified site A [000]", "001_def": "Raseef22 [001]", "x": "x"}


def test_agreement_kappa_by_hand():
    from arabic_news.analyses.stance import agreement

    table = pd.DataFrame({"camp": ["x"] * 4, "expected": [1, 1, -1, 0], "predicted": [1, -1, -1, 0]})
    row = agreement(table).loc["all"]
    # observed 3/4; chance = .5*.25 (+1) + .25*.5 (-1) + .25*.25 (0) = .3125
    assert row["accuracy"] == 0.75
    assert row["kappa"] == pytest.approx((0.75 - 0.3125) / (1 - 0.3125))


def test_cli_scores_cleaned_text_by_default_and_raw_on_request(capsys):
    from repo_paths import RAW_DIR

    assert main(["stance", str(RAW_DIR), "--format", "json", "--raw"]) == 0
    raw = {r["doc_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert main(["stance", str(RAW_DIR), "--format", "json"]) == 0
    clean = {r["doc_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert main(["stance", str(RAW_DIR), "--format", "json", "--clean"]) == 0
    assert json.loads(capsys.readouterr().out) == list(clean.values())  # --clean: the default, kept
    assert set(raw) == set(clean)
    # the reader comments and the footer of 001 are not article text
    assert clean["001_3d07b1e22713dee6"]["n_words"] < raw["001_3d07b1e22713dee6"]["n_words"]
    assert all(set(r) == {"doc_id", "source", "n_words", "alignment", "actors", "hits"} for r in clean.values())


def test_cli_help_says_what_is_scored(capsys):
    with pytest.raises(SystemExit):
        main(["stance", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "boilerplate" in text and "--raw scores the whole text" in text
