"""Tests of arabic_news.sources: attribution, actor mentions, naming, metadata and the CLI.

Expected values were worked out by reading the texts (the unseen fixtures were written for these
tests; see data/examples/unseen/README.md), not copied from the code's output.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from arabic_news import (
    Context,
    actor_table,
    attribution_table,
    concordance,
    date_cues,
    find_attributions,
    load_case_study,
    load_corpus,
    load_events,
    main,
    naming_by,
    normalize,
    outlet_summary,
    timeline_table,
)
from arabic_news.analyses.sources import actor_counts, naming_phrases, source_profiles
from arabic_news.core.document import documents
from repo_paths import EXAMPLES, METADATA_CSV, RAW_DIR

LIBYA = Context.of("libya-2019-2020")

UNSEEN = EXAMPLES / "unseen"


@pytest.fixture(scope="module")
def unseen() -> pd.DataFrame:
    return load_corpus(UNSEEN)


def _raw(unseen: pd.DataFrame, doc_id: str) -> str:
    return unseen.set_index("doc_id").at[doc_id, "raw"]


def _kinds_and_who(raw: str) -> list[tuple[str, str]]:
    return [(a.kind, a.who) for a in find_attributions(raw, LIBYA)]


# --- attribution -------------------------------------------------------------------------------


def test_attribution_pro_gna_site(unseen):
    assert _kinds_and_who(_raw(unseen, "gna_site")) == [
        ("named", "المتحدث باسم عملية بركان الغضب"),  # role + body, stops at the comma
        ("media", "وكالة الأناضول"),  # بحسب "according to" + agency
        ("named", "رئيس المجلس الرئاسي فائز السراج"),  # role phrase closed by the name
    ]


def test_attribution_wire_style(unseen):
    assert _kinds_and_who(_raw(unseen, "wire_style")) == [
        ("named", "الأمم المتحدة"),
        ("named", "متحدث باسم الجيش الوطني الليبي"),
        ("named", "حكومة طرابلس"),
        ("anonymous", "مصادر دبلوماسية"),
    ]


def test_attribution_pro_lna_portal(unseen):
    # المسماري is not in the lexicons, so that source stays "unclear", honestly
    assert _kinds_and_who(_raw(unseen, "lna_portal_1")) == [
        ("named", "المتحدث باسم القيادة العامة"),
        ("unclear", "المسماري"),
        ("anonymous", "مصدر عسكري"),
    ]
    assert _kinds_and_who(_raw(unseen, "lna_portal_2")) == [
        ("named", "المشير حفتر"),
        ("media", "صحيفة الأهرام المصرية"),
    ]


def test_attribution_subject_before_verb_takes_the_head_noun():
    raw = "وكانت مصادر دبلوماسية مصرية، قد كشفت أن القاهرة تريد التهدئة."
    (att,) = find_attributions(raw, LIBYA)
    assert (att.kind, att.who, att.verb) == ("anonymous", "مصادر دبلوماسية مصرية", "كشفت")
    assert raw[att.start : att.end] == "مصادر دبلوماسية مصرية، قد كشفت"


def test_attribution_spans_point_into_raw_text():
    raw = "وقالَ وزيرُ الخارجية التركي مولود جاويش أوغلو إن الحل سياسي."
    (att,) = find_attributions(raw, LIBYA)
    assert att.kind == "named"
    assert att.who == "وزيرُ الخارجية التركي مولود جاويش أوغلو"
    assert raw[att.start : att.end] == "وقالَ وزيرُ الخارجية التركي مولود جاويش أوغلو"


def test_a_name_right_after_the_title_closes_the_source_phrase():
    raw = "وأكد الرئيس ماكرون سعي فرنسا لإيجاد حل سياسي في ليبيا."
    assert _kinds_and_who(raw) == [("named", "الرئيس ماكرون")]


def test_non_attributions_are_ignored():
    # يذكر أن "it is worth recalling" is editorial; إضافة "addition" is not أضاف "added";
    # وفق "in line with" followed by no source is not a citation
    raw = "يذكر أن الهجوم بدأ في أبريل، إضافة إلى قصف المطار، وفق تفاهمات سابقة."
    assert find_attributions(raw, LIBYA) == []


def test_media_source_after_verb():
    raw = "ونقلت وسائل إعلام محلية عن شهود أن الاشتباكات توقفت."
    assert _kinds_and_who(raw) == [("media", "وسائل إعلام محلية")]


def test_attribution_table_counts_kinds(unseen):
    table = attribution_table(unseen, LIBYA)
    assert table.loc["wire_style", ["anonymous", "named", "institution", "media", "unclear"]].tolist() == [
        1,
        3,
        0,
        0,
        0,
    ]
    assert table.loc["gna_site", "total"] == 3
    assert table.loc["lna_portal_1", "e.g. anonymous"] == "مصدر عسكري"


# --- actors and naming -------------------------------------------------------------------------


def test_actor_counts_pro_gna_site(unseen):
    # حفتر inside مليشيات حفتر counts for his forces (longest match), not for him
    assert actor_counts(_raw(unseen, "gna_site"), LIBYA) == {
        "haftar": 3,
        "haftar_forces": 2,
        "gna": 3,
        "gna_leaders": 1,
        "uae": 2,
        "egypt": 1,
        "russia": 1,
    }


def test_actor_variants_are_one_actor():
    raw = "قال تشاووش أوغلو، ثم أكد جاويش أوغلو، وأضاف أوغلو وإردوغان وأردوغان."
    assert actor_counts(raw, LIBYA) == {"turkey_leaders": 5}


def test_naming_phrases_across_camps(unseen):
    assert [m.text for m in naming_phrases(_raw(unseen, "gna_site"), LIBYA)] == [
        "لمليشيات حفتر",
        "مليشيات حفتر",
        "أمير الحرب",
        "المتمرد",
    ]
    assert [m.text for m in naming_phrases(_raw(unseen, "wire_style"), LIBYA)] == [
        "قوات شرق ليبيا",
        "الجيش الوطني الليبي",
    ]
    assert [m.term for m in naming_phrases(_raw(unseen, "lna_portal_2"), LIBYA)] == [
        "القائد العام",
        "القائد العام للقوات المسلحة",
        "المشير خليفة حفتر",
        "المشير",
        "الجيش الوطني الليبي",
    ]


def test_descriptor_counts_only_next_to_the_name():
    near = "ووصل الجنرال الانقلابي خليفة حفتر إلى القاهرة."
    far = "تحدث الجنرال الانقلابي طويلا عن الاقتصاد والسياحة والزراعة، ثم زار حفتر القاهرة."
    assert [m.term for m in naming_phrases(near, LIBYA)] == ["الجنرال الانقلابي"]
    assert naming_phrases(far, LIBYA) == []


def test_actor_table_per_thousand_words():
    df = pd.DataFrame({"doc_id": ["a"], "raw": ["حفتر " * 2 + "كلمة " * 8]})
    table = actor_table(df, LIBYA)
    assert table.loc["a", "haftar"] == 200.0  # 2 mentions in 10 words
    assert table.loc["a", "sisi"] == 0.0


def test_naming_table_by_outlet(unseen):
    df = unseen.assign(outlet=["GNA site", "LNA portal", "LNA portal", "wire"])
    table = naming_by(df, LIBYA).set_index("term")
    assert table.loc["الجيش الوطني الليبي", ["GNA site", "LNA portal", "wire"]].tolist() == [0, 3, 1]
    assert table.loc["أمير الحرب", "gloss_en"] == "the warlord"
    assert table.loc["مليشيات حفتر", "refers_to"] == "Haftar's forces (LNA)"


# --- lexicons, events, metadata ----------------------------------------------------------------


def test_every_lexicon_entry_has_gloss_and_transliteration():
    for lex in (LIBYA.study.actor_terms, LIBYA.study.lexicon("attribution")):
        assert not lex["term"].duplicated().any()
        assert (lex["gloss_en"].str.strip() != "").all()
        assert (lex["transliteration"].str.strip() != "").all()
    assert set(LIBYA.study.actor_terms["kind"]) == {"name", "title", "descriptor", "nisba"}


def test_events_are_in_the_offensive_window():
    events = load_events(LIBYA.study)
    assert events["date"].is_monotonic_increasing
    assert events["date"].min() == pd.Timestamp("2019-04-04")
    assert events["date"].max() == pd.Timestamp("2020-06-06")
    assert (events["evidence"].str.len() > 10).all()


def test_timeline_table_orders_articles_and_events():
    meta = pd.DataFrame(
        {
            "doc_id": ["x1", "x2"],
            "outlet": ["A", "B"],
            "date_earliest": ["2020-01-20", "2019-04-10"],
            "date_latest": ["2020-01-20", "2019-04-12"],
        }
    )
    events = pd.DataFrame({"date": pd.to_datetime(["2019-04-04"]), "label": ["E1"], "event_en": ["start"]})
    table = timeline_table(meta, events)
    assert table["label"].tolist() == ["E1 start", "x2 B", "x1 A"]
    assert table["days"].tolist() == [1, 3, 1]


METADATA_COLUMNS = [
    "doc_id",
    "file",
    "outlet",
    "outlet_evidence",
    "date_earliest",
    "date_latest",
    "date_evidence",
    "headline",
    "section",
]
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}


def _metadata() -> list[dict[str, str]]:
    with open(METADATA_CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_metadata_shape_and_dates():
    rows = _metadata()
    assert list(rows[0]) == METADATA_COLUMNS
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in RAW_DIR.glob("*.txt"))
    for r in rows:
        assert Path(r["file"]).stem == r["doc_id"]
        assert date.fromisoformat(r["date_earliest"]) <= date.fromisoformat(r["date_latest"])
        assert len(r["outlet_evidence"]) > 50 and len(r["date_evidence"]) > 50


def test_metadata_exact_dates_match_the_weekday_the_text_gives():
    for r in _metadata():
        if r["date_earliest"] != r["date_latest"]:
            continue
        said = re.search(r"'(?:مساء )?اليوم (\S+)'", r["date_evidence"])
        assert said, r["doc_id"]
        assert date.fromisoformat(r["date_earliest"]).weekday() == WEEKDAYS[said.group(1)]


def test_metadata_quotes_come_from_the_articles():
    """Every Arabic quotation in the evidence columns occurs in one of the articles."""

    def flat(s: str) -> str:  # normalized, quotation marks dropped, spaces collapsed
        return re.sub(r"\s+", " ", normalize(re.sub(r"[“”\"«»]", "", s)))

    corpus = " ".join(flat(t) for t in load_case_study(LIBYA)["raw"])
    for r in _metadata():
        for quote in re.findall(r"'([^']+)'", r["outlet_evidence"] + " " + r["date_evidence"]):
            for part in quote.split(" ... "):
                if re.search(r"[\u0600-\u06FF]", part):
                    assert flat(part) in corpus, (r["doc_id"], part)


def test_headlines_and_sections_are_in_their_articles():
    texts = dict(zip(load_case_study(LIBYA)["doc_id"], load_case_study(LIBYA)["raw"]))
    for r in _metadata():
        for field in ("headline", "section"):
            if r[field]:
                assert r[field] in texts[r["doc_id"]].splitlines()


# --- command line ------------------------------------------------------------------------------


def test_cli_sources_json(capsys):
    assert main(["sources", str(UNSEEN), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["doc_id"] for d in data] == ["gna_site", "lna_portal_1", "lna_portal_2", "wire_style"]
    gna = data[0]
    assert set(gna) == {"doc_id", "source", "n_words", "attributions", "actors", "naming"}
    assert gna["source"] == "gna_site.txt"
    assert gna["actors"]["haftar"] == 3
    assert gna["naming"] == {"actor": "haftar", "phrases": ["لمليشيات حفتر", "مليشيات حفتر", "أمير الحرب", "المتمرد"]}
    first = gna["attributions"][0]
    assert set(first) == {"kind", "who", "verb", "start", "end"}
    raw = (UNSEEN / "gna_site.txt").read_text(encoding="utf-8")
    assert raw[first["start"] : first["end"]] == "وقال المتحدث باسم عملية بركان الغضب"


def test_cli_sources_passes_metadata_through(capsys, tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,outlet,date_earliest\nwire_style,Wire agency,2019-04-20\n", encoding="utf-8")
    assert main(["sources", str(UNSEEN / "wire_style.txt"), "--format", "json", "--metadata", str(meta)]) == 0
    (rec,) = json.loads(capsys.readouterr().out)
    assert rec["outlet"] == "Wire agency" and rec["date_earliest"] == "2019-04-20"
    assert rec["n_words"] == 87  # counted by hand: 35 + 25 + 19 + 8


def test_source_profiles(unseen):
    profiles = source_profiles(documents(unseen), LIBYA)
    assert [p.actors.get("haftar", 0) for p in profiles] == [3, 2, 5, 3]


# --- evidence helpers --------------------------------------------------------------------------


def test_date_cues_find_weekdays_and_relative_months(unseen):
    cues = date_cues(unseen[unseen["doc_id"] == "lna_portal_2"], LIBYA)
    assert cues[["keyword", "gloss_en"]].values.tolist() == [["اليوم", "today"], ["الأحد", "Sunday"]]
    text = "وفي الثاني من يناير/كانون الثاني المقبل ينظر البرلمان."
    cues = date_cues(pd.DataFrame({"doc_id": ["x"], "raw": [text]}), LIBYA, width=10)
    assert cues["gloss_en"].tolist() == ["January", "January (Levantine name)", "next"]
    assert cues["after"].iloc[-1] == "ينظر البر"  # 10 characters, the leading space trimmed


def test_concordance_columns_and_clitics():
    df = pd.DataFrame({"doc_id": ["x"], "raw": ["زار حفتر القاهرة ثم التقى بحفتر مجددا"]})
    table = concordance(df, ["حفتر"], width=6)
    assert list(table.columns) == ["doc_id", "before", "keyword", "after", "term"]
    assert table["keyword"].tolist() == ["حفتر", "بحفتر"]
    assert table["before"].tolist() == ["زار", "التقى"]


def test_outlet_summary_on_unseen_outlets(unseen):
    df = unseen.assign(outlet=["GNA site", "LNA portal", "LNA portal", "wire"])
    summary = outlet_summary(df, LIBYA)
    assert summary.loc["LNA portal", "articles"] == 2
    assert summary.loc["LNA portal", "attributions"] == 5  # 3 + 2
    assert summary.loc["LNA portal", "% anonymous"] == 20  # 1 of 5 (مصدر عسكري)
    assert summary.loc["LNA portal", "most frequent naming"] == "الجيش الوطني الليبي (the Libyan National Army) x3"
    assert summary.loc["GNA site", "most frequent naming"] == "مليشيات حفتر (Haftar's militias) x2"
    assert summary.loc["wire", "most mentioned actor"].startswith("Khalifa Haftar (")  # the manifest's label
