"""The text layer: normalization, offsets, paragraphs, sentences, tokens."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_news import (
    NormalizeOptions,
    count_words,
    normalize,
    normalize_with_offsets,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from arabic_news.core.text import has_arabic

# --- normalization, one effect at a time ---------------------------------------------------------

ONLY = {
    name: NormalizeOptions(**{f: f == name for f in NormalizeOptions.__dataclass_fields__})
    for name in NormalizeOptions.__dataclass_fields__
}


@pytest.mark.parametrize(
    "option, raw, expected",
    [
        ("diacritics", "مُحَمَّدٌ", "محمد"),
        ("tatweel", "كـبـيـر", "كبير"),
        ("alef", "أإآٱ", "اااا"),
        ("alef_maksura", "مستشفى", "مستشفي"),
        ("teh_marbuta", "حكومة", "حكومه"),
        ("nfkc", "ﻻ ﺣﻔﺘﺮ", "لا حفتر"),
        ("direction_marks", "\u200fحفتر\u200e \u061c", "حفتر "),
        ("digits", "٤ أبريل ۲۰۱۹", "4 أبريل 2019"),
        ("newlines", "سطر\r\nسطر\rسطر", "سطر\nسطر\nسطر"),
    ],
)
def test_each_option_does_one_thing(option, raw, expected):
    assert normalize(raw, ONLY[option]) == expected


def test_default_normalization_of_a_real_phrase():
    raw = "\u200fالجَيْشُ الوطنـي الليبيّ بقيادة المشير خليفة حفتر"
    assert normalize(raw) == "الجيش الوطني الليبي بقياده المشير خليفه حفتر"


def test_all_options_off_changes_nothing():
    off = NormalizeOptions(**{f: False for f in NormalizeOptions.__dataclass_fields__})
    raw = "أُعلنَ\u200f ـ ٤ ى ة\r\n"
    assert normalize(raw, off) == raw


def test_presentation_forms_normalize_like_plain_letters():
    import arabic_reshaper

    plain = "قائد الجيش الوطني الليبي خليفة حفتر"
    shaped = arabic_reshaper.reshape(plain)  # presentation forms, as copied out of a PDF
    assert shaped != plain
    assert normalize(shaped) == normalize(plain)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_normalize_is_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_offsets_version_agrees_with_normalize(s):
    assert normalize_with_offsets(s).text == normalize(s)


ARABIC_ISH = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى")
        + ["\u064e", "\u0650", "\u0651", "\u0640", "\u200f", " ", "\n", "،", ".", "ﻻ", "ﺣ", "٤", "\r"]
    ),
    max_size=80,
)


@given(ARABIC_ISH, st.data())
@settings(max_examples=300, deadline=None)
def test_any_normalized_span_maps_to_raw_text_that_normalizes_back(raw, data):
    nt = normalize_with_offsets(raw)
    i = data.draw(st.integers(0, len(nt.text)))
    j = data.draw(st.integers(i, len(nt.text)))
    start, end = nt.to_raw(i, j)
    assert 0 <= start <= end <= len(raw)
    if i < j:
        # the raw span, normalized, contains exactly the normalized span (a ligature such as ﻻ
        # may contribute one extra letter at an edge)
        back = normalize(raw[start:end])
        assert nt.text[i:j] in back
        assert len(back) - (j - i) <= 2


def test_offsets_include_diacritics_and_tatweel_of_the_word():
    raw = "قال حَفْتَـر إن"
    nt = normalize_with_offsets(raw)
    i = nt.text.index("حفتر")
    start, end = nt.to_raw(i, i + 4)
    assert raw[start:end] == "حَفْتَـر"


def test_offsets_skip_direction_marks_after_the_word():
    raw = "حفتر\u200f قال"
    nt = normalize_with_offsets(raw)
    assert raw[slice(*nt.to_raw(0, 4))] == "حفتر"


def test_has_arabic():
    assert has_arabic("hello حفتر")
    assert not has_arabic("hello 123 ...")


# --- segmentation --------------------------------------------------------------------------------

BLANK_LINE_ARTICLE = "عنوان الخبر\n\nالفقرة الأولى تبدأ هنا\nوتستمر في سطر ثان.\n\n\nالفقرة الثانية.\n"
LINE_ARTICLE = "الفقرة الأولى.\nالفقرة الثانية؟\r\nالفقرة الثالثة…"


def test_blank_line_paragraphs_keep_wrapped_lines_together():
    paras = split_paragraphs(BLANK_LINE_ARTICLE)
    assert [p.text for p in paras] == ["عنوان الخبر", "الفقرة الأولى تبدأ هنا\nوتستمر في سطر ثان.", "الفقرة الثانية."]
    for p in paras:
        assert BLANK_LINE_ARTICLE[p.start : p.end] == p.text


def test_single_newline_articles_split_by_line_including_crlf():
    paras = split_paragraphs(LINE_ARTICLE)
    assert [p.text for p in paras] == ["الفقرة الأولى.", "الفقرة الثانية؟", "الفقرة الثالثة…"]
    assert [p.index for p in paras] == [0, 1, 2]


def test_sentences_split_on_arabic_punctuation_but_not_on_comma_or_abbreviation():
    raw = "هل يصل حفتر اليوم؟ قال د. خليل إن الوضع صعب، وإن الحل سياسي. انتهى… ثم بدأ 3.5 يوما!"
    sents = [s.text for s in split_sentences(raw)]
    assert sents == ["هل يصل حفتر اليوم؟", "قال د. خليل إن الوضع صعب، وإن الحل سياسي.", "انتهى…", "ثم بدأ 3.5 يوما!"]


def test_sentences_keep_closing_quotes_and_never_cross_paragraphs():
    raw = 'قال: "الحل سياسي." ثم غادر\nفقرة جديدة بلا نقطة'
    sents = split_sentences(raw)
    assert [s.text for s in sents] == ['قال: "الحل سياسي."', "ثم غادر", "فقرة جديدة بلا نقطة"]
    assert all(raw[s.start : s.end] == s.text for s in sents)


def test_tokens_carry_raw_offsets():
    raw = "وصلَ المشيرُ\u200f خليفـة حفتر (٢٠١٩)"
    tokens = tokenize(raw)
    assert [t.norm for t in tokens] == ["وصل", "المشير", "خليفه", "حفتر", "2019"]
    assert [t.text for t in tokens] == ["وصلَ", "المشيرُ", "خليفـة", "حفتر", "٢٠١٩"]
    assert all(raw[t.start : t.end] == t.text for t in tokens)


def test_count_words_ignores_punctuation_and_quirks():
    assert count_words("حفتر، في “القاهرة”! ٢٠١٩") == 4
    assert count_words("حفـتر\u200f في القاهرة") == count_words("حفتر في القاهرة") == 3


def test_nfkc_is_applied_only_when_needed():
    s = "خليفة حفتر"
    assert unicodedata.is_normalized("NFKC", s)
    assert list(normalize_with_offsets(s).starts) == list(range(len(s)))
