"""Boilerplate and internal-duplicate removal: the seeds, realistic pages, and tricky sentences."""

from __future__ import annotations

import pandas as pd
import pytest

from arabic_news import (
    Context,
    Document,
    clean_corpus,
    internal_duplicates,
    load_case_study,
    normalize,
    removal_report,
    split_paragraphs,
)
from arabic_news.analyses.cleaning import boilerplate_cues, cue_flag, flag_boilerplate, is_user_name_line, relative_time
from arabic_news.analyses.templates import line_key, template_lines
from repo_paths import EXAMPLES

FIXTURES = EXAMPLES / "boilerplate"
LIBYA = Context.of("libya-2019-2020")
CUES = boilerplate_cues(LIBYA)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def reasons(raw: str, template_keys: dict | None = None) -> dict[int, str]:
    return {f.paragraph: f.reason for f in flag_boilerplate(Document("", raw), CUES, template_keys)}


# --- the five seeds: every removal listed, found by reading the texts --------------------------

SEED_REMOVALS = {
    # blank-line separated WordPress page: section label first, theme footer last
    "000": {0: "section label", 23: "read-also marker", 24: "comment form", 25: "comment form", 26: "navigation"},
    # Raseef22: donation appeal, then the comment section with six reader comments
    "001": {17: "appeal", 18: "appeal", 19: "comment section", **{i: "reader comment" for i in range(20, 33)}},
    # al-Araby al-Jadeed: a "read also" marker and three paragraphs printed twice
    "002": {3: "read-also marker", 5: "repeats paragraph 1", 6: "repeats paragraph 2", 7: "repeats paragraph 4"},
    # an image caption repeating two words of the headline
    "003": {1: "headline fragment"},
    "004": {0: "section label", 16: "read-also marker", 17: "comment form", 18: "comment form", 19: "navigation"},
}


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return clean_corpus(load_case_study(LIBYA), LIBYA)


def test_seed_removals_exactly(seeds):
    for doc_id, removed in zip(seeds["doc_id"], seeds["removed"]):
        got = {r["paragraph"]: r["reason"] for r in removed}
        assert got == SEED_REMOVALS[doc_id[:3]], doc_id


def test_seed_article_text_is_kept(seeds):
    row = seeds.set_index(seeds["doc_id"].str[:3]).loc
    # subheadings and the last article paragraph survive
    assert "لقاء مرتقب" in row["000", "clean"]
    assert "تشن مليشيا حفتر منذ 4 أبريل 2019" in row["000", "clean"]
    assert row["001", "clean"].endswith("استقبلهم في مراكز إيواء.")
    assert row["003", "clean"].count("\n\n") == 15  # 17 paragraphs, one removed
    # the repeated paragraphs of 002 are kept once
    assert row["002", "clean"].count("وشاركت مصر والإمارات") == 1


def test_kept_spans_point_into_raw(seeds):
    for raw, spans, clean, removed in zip(seeds["raw"], seeds["kept_spans"], seeds["clean"], seeds["removed"]):
        assert clean == "\n\n".join(raw[s:e] for s, e in spans)
        for r in removed:
            assert raw[r["start"] : r["end"]] == r["text"]
        # nothing lost: kept + removed = all paragraphs
        assert len(spans) + len(removed) == len(split_paragraphs(raw))


def test_removal_report_is_flat(seeds):
    report = removal_report(seeds)
    assert list(report.columns[:4]) == ["doc_id", "paragraph", "reason", "text"]
    assert len(report) == sum(len(v) for v in SEED_REMOVALS.values()) == 31
    assert report["reason"].value_counts()["reader comment"] == 13


# --- realistic pages written for the tests (not from the seeds) --------------------------------


def test_wordpress_page_from_tripoli():
    raw = fixture("tripoli_wordpress.txt")
    assert reasons(raw) == {
        0: "section label",
        4: "read-also marker",
        9: "share buttons",
        10: "subscription",
        11: "read-also marker",
        12: "comment section",
        13: "reader comment",
        14: "reader comment",
        15: "reader comment",
        16: "reader comment",
        17: "footer",
    }


def test_tricky_sentences_are_not_flagged():
    paras = {p.index: p.text for p in split_paragraphs(fixture("tripoli_wordpress.txt"))}
    flagged = reasons(fixture("tripoli_wordpress.txt"))
    # "since the early morning hours" opens an article sentence: not a comment timestamp
    assert paras[2].startswith("منذ ساعات") and 2 not in flagged
    # "the comments ... on Twitter": reporting about comments, not a comment section
    assert "التعليقات" in paras[5] and "تويتر" in paras[5] and 5 not in flagged
    # "a non-profit organisation said": one appeal cue inside reporting
    assert "منظمة غير ربحية" in paras[7] and 7 not in flagged
    # a subheading stays
    assert paras[6] == "ردود فعل دولية" and 6 not in flagged


def test_portal_page_from_benghazi():
    raw = fixture("benghazi_portal.txt")
    assert reasons(raw) == {
        7: "share buttons",
        8: "read-also marker",
        9: "comment form",
        10: "subscription",
        11: "subscription",
    }
    # kept: "participated" (اشترك, also "subscribe"), an ironic quoted "click here",
    # "days ago" opening a sentence, a short sentence about comments
    kept = [p.text for p in split_paragraphs(raw)[:7]]
    assert any("اشترك فيها سلاح الجو" in t for t in kept)
    assert any("انقر هنا لتعرف الحقيقة" in t for t in kept)


def test_independent_outlet_appeal_and_comments():
    raw = fixture("independent_appeal.txt")
    assert reasons(raw) == {
        4: "appeal",
        5: "appeal",
        6: "comment section",
        7: "reader comment",
        8: "reader comment",
        9: "reader comment",
        10: "reader comment",
    }


def test_cue_rules():
    assert cue_flag("اقــرأ أيضاً", CUES)[0] == "read-also marker"  # tatweel normalized away
    assert cue_flag("التعليقات (12)", CUES)[0] == "comment section"
    # one 'line'-scope cue inside a sentence never flags it
    assert cue_flag("وقال في تغريدة على تويتر إن الهدنة انتهت.", CUES) is None
    # one 'paragraph'-scope cue in a long sentence-like paragraph does not flag it either
    assert (
        cue_flag("وقالت منظمة غير ربحية إن المساعدات لم تصل بعد إلى المدينة المحاصرة منذ أسابيع بسبب القتال.", CUES)
        is None
    )
    # two distinct cues do
    assert cue_flag("منظمة غير ربحية تعتمد على القراء، انقر هنا لدعمنا.", CUES)[0] == "appeal"


def test_relative_time_and_user_names():
    assert relative_time("منذ 7 ساعاتكان المفروض") == (True, True)
    assert relative_time("منذ يومينعمل رائع") == (True, True)
    assert relative_time("منذ يومين عمل رائع") == (True, False)  # يومين, not يوم + ين
    assert relative_time("منذ ساعات الصباح الأولى") == (True, False)
    assert relative_time("وصل منذ 7 ساعات") == (False, False)
    assert is_user_name_line("mahmoud fahmy -")
    assert is_user_name_line("مستخدم مجهول -")
    assert not is_user_name_line("الحرب في ليبيا - تحليل")  # dash inside, not at the end


def test_lexicon_has_glosses():
    lex = LIBYA.study.lexicon("boilerplate")
    assert list(lex.columns) == ["phrase", "reason", "scope", "gloss_en", "transliteration", "note"]
    assert lex["gloss_en"].str.len().min() > 3
    assert set(lex["scope"]) == {"paragraph", "line"}
    assert not lex["phrase"].duplicated().any()


# --- template lines across documents -----------------------------------------------------------

BODY_A = (
    "وقال المتحدث باسم البلدية إن أعمال الصيانة في الطريق الساحلي ستنتهي خلال أسبوعين، "
    "وإن حركة السير ستعود إلى طبيعتها بعد ذلك."
)
BODY_B = "وأعلنت وزارة التعليم أن امتحانات الشهادة الثانوية ستجري في موعدها رغم الظروف الأمنية التي تشهدها بعض المدن."
BODY_C = "وذكرت مصادر محلية أن سعر الخبز ارتفع بنسبة عشرين في المئة خلال الشهر الماضي بسبب نقص الدقيق في الأسواق."
FOOTER = "موقع الوسط الإخباري © كل الحقوق"


def test_shared_short_line_is_template_but_syndication_is_not():
    wire_1 = "عنوان فرعي مشترك\n\n" + BODY_A + "\n\n" + BODY_B
    wire_2 = "عنوان فرعي مشترك\n\n" + BODY_A + "\n\n" + BODY_B + "\n\nتعليق المحرر في سطر واحد."
    site_1 = BODY_C + "\n\n" + FOOTER
    site_2 = "وقالت الشركة العامة للكهرباء إن انقطاع التيار سيستمر ثماني ساعات يومياً في أحياء العاصمة.\n\n" + FOOTER
    docs = [Document(str(i), r) for i, r in enumerate((wire_1, wire_2, site_1, site_2))]
    keys = template_lines(docs)
    # the footer is shared by two otherwise unrelated pages: template
    assert keys == {line_key(normalize(FOOTER)): 2}
    # the wire story's subheading is shared only by copies of the same story: kept
    assert reasons(wire_1, template_keys=keys) == {}
    assert reasons(site_1, template_keys=keys) == {1: "template line"}


# --- internal duplicates -------------------------------------------------------------------------


def test_internal_duplicates_exact_and_near():
    p1 = "وقالت مصادر مصرية إن الزيارة تأتي في إطار الدعم المستمر للمشير حفتر سياسيا وعسكريا في معركة طرابلس."
    p2 = "وأضافت المصادر أن القاهرة تتابع التطورات الميدانية عن كثب وتجري اتصالات مع الأطراف."
    near = p1.replace("طرابلس.", "العاصمة.")  # last word changed: 1 of 15 word 3-grams differs
    raw = "\n".join([p1, p2, near, p2])
    found = internal_duplicates(raw)
    assert [(d.paragraph, d.duplicate_of) for d in found] == [(2, 0), (3, 1)]
    # 17 words -> 15 word 3-grams each, 14 shared: 14 / (15 + 15 - 14)
    assert found[0].similarity == 0.875
    assert found[1].similarity == 1.0
    spans = split_paragraphs(raw)
    assert (found[0].start, found[0].original_start) == (spans[2].start, spans[0].start)


def test_short_repeated_lines_are_not_duplicates():
    raw = "أيها القمر\nبيت أول من القصيدة هنا\nأيها القمر\nبيت آخر من القصيدة هناك"
    assert internal_duplicates(raw) == []  # refrains under 5 words stay
