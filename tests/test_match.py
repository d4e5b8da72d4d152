"""The clitic-aware phrase matcher, with real phrases from Libyan coverage."""

import pickle
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_news import PhraseMatcher
from arabic_news.core.match import find_terms

LNA = "الجيش الوطني الليبي"


@pytest.mark.parametrize(
    "written",
    [
        "الجيش الوطني الليبي",
        "والجيش الوطني الليبي",
        "فالجيش الوطني الليبي",
        "بالجيش الوطني الليبي",
        "وبالجيش الوطني الليبي",
        "كالجيش الوطني الليبي",
        "للجيش الوطني الليبي",  # ل + ال fused into لل
        "وللجيش الوطني الليبي",
        "الجَيْشُ الوطنـي الليبيّ",  # diacritics and tatweel
    ],
)
def test_definite_phrase_matches_with_every_prefix(written):
    text = f"أعلن المتحدث باسم {written} أمس"
    (m,) = find_terms(text, [LNA])
    assert m.term == LNA
    assert m.text == written
    assert text[m.start : m.end] == written


@pytest.mark.parametrize("written", ["حفتر", "وحفتر", "لحفتر", "بحفتر", "فلحفتر"])
def test_name_matches_with_attached_prepositions(written):
    (m,) = find_terms(f"زيارة {written} للقاهرة", ["حفتر"])
    assert m.text == written


@pytest.mark.parametrize(
    "written, term",
    [
        ("قواته", "قوات"),
        ("وقواتهم", "قوات"),
        ("حكومتها", "حكومة"),  # teh marbuta opens into ت before a suffix
        ("حكومته", "حكومة"),
        ("حكومة", "حكومة"),
        ("مليشياتنا", "مليشيات"),
    ],
)
def test_pronoun_suffixes(written, term):
    (m,) = find_terms(f"قال إن {written} تقدمت", [term])
    assert m.text == written


@pytest.mark.parametrize(
    "text, term",
    [
        ("الإسلام دين", "سلام"),  # سلام (peace) inside إسلام (Islam)
        ("المجلس الوطني", "وطن"),  # nisba adjective, not وطن + suffix
        ("جيش ليبيا", "الجيش"),  # a definite term needs its article
        ("الجيشان", "الجيش"),  # dual ending is another word form
        ("قواتكم", "قوات"),  # second-person suffixes are not matched
        ("حفترستان", "حفتر"),
    ],
)
def test_no_match_inside_unrelated_words(text, term):
    assert find_terms(text, [term]) == []


def test_longest_term_wins_and_matches_do_not_overlap():
    text = "تقدم الجيش الوطني الليبي ثم انسحب الجيش"
    matches = find_terms(text, ["الجيش", LNA, "الجيش الوطني"])
    assert [(m.term, m.text) for m in matches] == [(LNA, LNA), ("الجيش", "الجيش")]


def test_phrase_allows_any_whitespace_between_words_but_not_other_words():
    assert find_terms("الجيش\nالوطني  الليبي", [LNA])[0].text == "الجيش\nالوطني  الليبي"
    assert find_terms("الجيش الوطني الجديد الليبي", [LNA]) == []


def test_count_matches_find():
    text = "مليشيات حفتر ومليشيات حفتر وحفتر"
    matcher = PhraseMatcher(["حفتر", "مليشيات حفتر"])
    assert matcher.count(text) == {"مليشيات حفتر": 2, "حفتر": 1}
    assert len(matcher.find(text)) == 3


def test_presentation_forms_are_matched_and_spans_point_to_them():
    import arabic_reshaper

    shaped = arabic_reshaper.reshape("وصل حفتر إلى القاهرة")
    (m,) = find_terms(shaped, ["حفتر"])
    assert m.text == shaped[m.start : m.end]
    assert len(m.text) == 4


def test_empty_terms_are_refused():
    with pytest.raises(ValueError):
        PhraseMatcher(["", "  "])


WORDS = ["حفتر", "الجيش", "الوطني", "قوات", "حكومة", "الوفاق", "مصر", "في", "و", "،", "للجيش"]


@given(st.lists(st.sampled_from(WORDS), max_size=30))
@settings(max_examples=200, deadline=None)
def test_every_match_is_a_raw_span_that_contains_its_term(words):
    text = " ".join(words)
    matcher = PhraseMatcher(["حفتر", "الجيش الوطني", "حكومة الوفاق", "قوات"])
    last_end = 0
    for m in matcher.find(text):
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end
        last_end = m.end


def test_a_regex_matched_inside_a_text_sees_the_letters_before_its_position():
    # the matcher tries a term's regex at positions inside the text, re.Pattern.match(text, pos):
    # the word boundary before the term is a lookbehind (no letter or digit), which sees the
    # letters before pos
    boundary = r"(?<![^\W_])"
    assert re.compile(boundary + "وبالجيش").match("هوبالجيش", 1) is None
    assert re.compile(boundary + "وبالجيش").match(" وبالجيش", 1) is not None
    # جيش is found first; the term is tried from four letters before it, which a letter precedes
    assert find_terms("هوبالجيش", ["الجيش"]) == []
    assert [m.text for m in find_terms("ه وبالجيش هبالجيش", ["الجيش"])] == ["وبالجيش"]


def test_find_takes_its_spans_from_the_raw_text_whatever_normalized_text_it_is_given():
    # find looks for matches in ``normalized`` first and keeps them when it is the raw text's
    # normalization; otherwise the spans are those of the raw text (its offset map)
    matcher = PhraseMatcher(["حفتر"])
    assert [(m.start, m.text) for m in matcher.find("قال حفتر", normalized="قال حفتر")] == [(4, "حفتر")]
    assert [(m.start, m.text) for m in matcher.find("قال حفتر", normalized="حفتر")] == [(4, "حفتر")]
    assert matcher.find("قال حفتر", normalized="قال") == []


def test_a_matcher_sent_to_a_worker_builds_its_regexes_there():
    matcher = PhraseMatcher(["حفتر", "الجيش الوطني"])
    text = "قال حفتر إن الجيش الوطني"
    found = matcher.find(text)
    copy = pickle.loads(pickle.dumps(matcher))  # what a worker process receives
    assert copy._regexes == [None, None] and copy._automaton is None
    assert copy.find(text) == found


def test_teh_marbuta_suffix_form_does_not_depend_on_folding():
    from arabic_news import NormalizeOptions

    keep_teh = NormalizeOptions(teh_marbuta=False)
    found = find_terms("حكومة الوفاق وحكومته وحكومتها", ["حكومة"], options=keep_teh)
    assert [m.text for m in found] == ["حكومة", "وحكومته", "وحكومتها"]


# --- forms of web copy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, term",
    [
        ("للواء المتقاعد خليفة حفتر", "اللواء المتقاعد خليفة حفتر"),  # ل + اللواء
        ("وللواء المتقاعد", "اللواء المتقاعد"),
        ("للجنة العسكرية", "اللجنة العسكرية"),  # ل + اللجنة
        ("لليبيين", "الليبيين"),  # ل + الليبيين
        ("اللواء المتقاعد", "اللواء المتقاعد"),
        ("باللواء المتقاعد", "اللواء المتقاعد"),
    ],
)
def test_lam_before_a_lam_word_drops_the_article(written, term):
    (m,) = find_terms(f"قال {written} أمس", [term])
    assert m.text == written


@pytest.mark.parametrize("text", ["لجنة العسكرية", "لواء المتقاعد", "ليبيين"])
def test_the_lam_form_still_needs_two_lams(text):
    terms = ["اللجنة العسكرية", "اللواء المتقاعد", "الليبيين"]
    assert find_terms(f"قال {text} أمس", terms) == []


@pytest.mark.parametrize(
    "written, term",
    [
        ("#حفتر", "حفتر"),
        ("مليشيات #حفتر", "مليشيات حفتر"),
        ("#مليشيات_حفتر", "مليشيات حفتر"),
        ("#الجيش_الوطني_الليبي", "الجيش الوطني الليبي"),
        ("#للجيش_الوطني", "الجيش الوطني"),
    ],
)
def test_hashtags_and_underscores(written, term):
    (m,) = find_terms(f"غرد النشطاء {written} اليوم", [term])
    assert m.text == written.lstrip("#")


def test_hashtag_words_do_not_match_inside_longer_words():
    assert find_terms("#مليشيات_حفترستان", ["مليشيات حفتر"]) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("الجنرال الليبي المتقاعد", "الجنرال الليبي المتقاعد"),
        ("اللواء الليبي المتقاعد خليفة حفتر", "اللواء الليبي المتقاعد خليفة حفتر"),
        ("للواء الليبي المتقاعد", "للواء الليبي المتقاعد"),
        ("الجنرال المتقاعد", "الجنرال المتقاعد"),
        ("الليبي الجنرال المتقاعد", "الجنرال المتقاعد"),  # a filler only stands between words
    ],
)
def test_a_filler_may_stand_between_the_words_of_a_term(text, found):
    matcher = PhraseMatcher(["الجنرال المتقاعد", "اللواء المتقاعد", "اللواء المتقاعد خليفة حفتر"], fillers=["الليبي"])
    (m,) = matcher.find(text)
    assert m.text == found


@pytest.mark.parametrize("text", ["الجنرال الليبي الليبي المتقاعد", "الجنرال العجوز المتقاعد"])
def test_one_listed_filler_per_gap(text):
    assert PhraseMatcher(["الجنرال المتقاعد"], fillers=["الليبي"]).find(text) == []


@pytest.mark.parametrize(
    "written, term, suffix",
    [("قواته", "قوات", "ه"), ("وحكومتها", "حكومة", "ها"), ("مليشياتهم", "مليشيات", "هم"), ("قوات", "قوات", "")],
)
def test_matches_report_their_pronoun_suffix(written, term, suffix):
    (m,) = find_terms(f"قال إن {written} تقدمت", [term])
    assert (m.text, m.suffix) == (written, suffix)
    assert find_terms("تقدم الجيش الوطني", ["الجيش الوطني"])[0].suffix == ""
