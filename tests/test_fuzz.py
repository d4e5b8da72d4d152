"""Property tests: the loader, normalizer and matcher on arbitrary bytes and Unicode.

* Loader: any bytes in any supported file type either load or raise CorpusError, never anything
  else. Lone surrogates (which JSON can carry as "\\ud800" escapes) are refused row by row,
  naming the row; they are never repaired silently.
* Normalizer: any text (lone surrogates, mixed scripts, presentation forms, marks, very long
  lines) normalizes without error, idempotently, and the offset map agrees with it.
* Matcher and segmenters: every span is inside the raw text and quotes it exactly.
"""

import gzip
import importlib.util
import json
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from arabic_news import (
    CorpusError,
    PhraseMatcher,
    load_corpus,
    normalize,
    normalize_with_offsets,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from arabic_news.core.shingles import shingle_hashes, shingle_hashes_many
from arabic_news.core.text import WORD_RE, split_lines, word_spans

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

#: characters that exercise every normalization effect, mixed with other scripts
INTERESTING = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة"  # Arabic letters, alef/yeh/teh variants
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"  # diacritics, superscript alef, tatweel
    "\ufe8d\ufe8e\ufe91\ufe92\ufefb\ufefc\ufdf2\ufb50"  # presentation forms and ligatures
    "\u200e\u200f\u061c\u202b\u202c\u2067\u2069\u200c\u200d\ufeff"  # direction and joining marks
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳"  # Arabic-Indic digits
    "abcXYZ019שלום漢字éü\u0301"  # Latin, Hebrew, CJK, combining accent
    " \t\n\r\u00a0\u2028.،؛؟!«»\"'()-_<>&*[]"  # spaces, line breaks, punctuation, markup
)
mixed_text = st.text(alphabet=st.sampled_from(INTERESTING), max_size=200)
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=120)  # surrogates too
texts = st.one_of(mixed_text, any_text, st.builds(lambda a, b: a + b, mixed_text, any_text))

TERMS = ["حكومة الوفاق", "الجيش الوطني الليبي", "حفتر", "قوات", "ليبيا", "الإرهاب", "لا"]
MATCHER = PhraseMatcher(TERMS)
SURROGATE = re.compile("[\ud800-\udfff]")


class _any_warnings:
    """Record (and ignore) warnings inside the block, like pytest.warns without requiring one."""

    def __enter__(self):
        import warnings

        self._cm = warnings.catch_warnings(record=True)
        self._cm.__enter__()
        warnings.simplefilter("always")

    def __exit__(self, *exc):
        return self._cm.__exit__(*exc)


# --- loader ------------------------------------------------------------------------------------


@FUZZ
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".txt", ".csv", ".jsonl", ".jsonl.gz"]),
    compress=st.booleans(),
    encoding=st.sampled_from([None, None, "cp1256", "utf-16"]),
)
def test_arbitrary_bytes_load_or_raise_corpus_error(tmp_path_factory, data, suffix, compress, encoding):
    path = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    path.write_bytes(gzip.compress(data, mtime=0) if compress and suffix.endswith(".gz") else data)
    with _any_warnings():
        try:
            df = load_corpus(path, encoding=encoding, on_error="skip")
        except CorpusError as exc:
            assert str(exc).startswith("doc")  # every message names the file
            return
    assert len(df) >= 1 and all(isinstance(r, str) and not SURROGATE.search(r) for r in df["raw"])


@FUZZ
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_around_arabic_text(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("fuzz") / "doc.txt"
    path.write_bytes("قال حفتر إن".encode() + data + "قوات الوفاق تقدمت".encode())
    try:
        df = load_corpus(path)
    except CorpusError as exc:
        assert str(exc).startswith("doc.txt: ")
        return
    assert df.loc[0, "raw"].encode("utf-8").lstrip(b"\xef\xbb\xbf") in {path.read_bytes(), path.read_bytes()[3:]}


@FUZZ
@given(texts=st.lists(texts, min_size=1, max_size=4))
def test_jsonl_rows_with_any_unicode_load_or_are_refused_by_row(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("fuzz") / "rows.jsonl"
    # ensure_ascii escapes lone surrogates as \ud800, exactly what a buggy exporter writes
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    with _any_warnings():
        try:
            df = load_corpus(path, on_error="skip")
        except CorpusError as exc:
            assert "no document could be loaded" in str(exc)
            assert len(exc.skipped) == len(texts)
            skipped, loaded = exc.skipped, []
        else:
            skipped, loaded = df.attrs["skipped"], list(df["raw"])
    assert len(loaded) + len(skipped) == len(texts)  # nothing dropped silently
    rows = {s.row: s.reason for s in skipped}
    for line_no, text in enumerate(texts, start=1):
        if SURROGATE.search(text):
            assert "unpaired surrogate" in rows[line_no]
            assert rows[line_no].startswith(f"rows.jsonl, row {line_no}: 'text' contains")
        elif line_no not in rows:
            assert text in loaded


@FUZZ
@given(cells=st.lists(st.text(alphabet=st.sampled_from(INTERESTING + ',"'), max_size=60), min_size=2, max_size=6))
def test_csv_with_arbitrary_cells_loads_or_raises_corpus_error(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("fuzz") / "t.csv"
    path.write_text(
        "id,text\n" + "\n".join(",".join(cells[i : i + 2]) for i in range(0, len(cells), 2)), encoding="utf-8"
    )
    with _any_warnings():
        try:
            load_corpus(path, on_error="skip")
        except CorpusError as exc:
            assert str(exc).startswith("t.csv")


# --- normalizer --------------------------------------------------------------------------------


@FUZZ
@given(text=texts)
def test_normalize_never_fails_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    nt = normalize_with_offsets(text)
    assert nt.text == once
    assert len(nt.starts) == len(nt.ends) == len(once)
    for k in range(len(once)):
        assert 0 <= nt.starts[k] < nt.ends[k] <= len(text)


@FUZZ
@given(text=texts, repeat=st.integers(min_value=50, max_value=500))
def test_very_long_lines_normalize_idempotently(text, repeat):
    line = (text.replace("\n", " ").replace("\r", " ") + " ") * repeat  # one line, up to ~100,000 chars
    once = normalize(line)
    assert normalize(once) == once
    assert "\n" not in once and "\r" not in once


# --- matcher and segmenters --------------------------------------------------------------------


#: terms whose words are matched in every way the patterns allow: an article fused with ل (للواء),
#: a three-letter word with the article (إلى → الي), a teh marbuta opening before a suffix, fillers
EDGE_TERMS = ["اللواء المتقاعد", "إلى اللقاء", "منظمة غير ربحية", "حكومة", "الجنرال المتقاعد", "حفتر", "لا"]
EDGE_PIECES = [w for t in EDGE_TERMS for w in t.split()] + ["و", "ب", "ل", "لل", "ال", "ي", "ت", "ها", " ", "_", "#"]
EDGE_MATCHERS = [
    tuple(PhraseMatcher(EDGE_TERMS, suffixes=s, fillers=["الليبي"], prefilter=p) for p in (True, False))
    for s in (True, False)
]


@settings(max_examples=600, deadline=None)
@given(glue=st.lists(st.sampled_from(EDGE_PIECES + ["الليبي"]), max_size=14))
@example(glue=["لل", "ي", " ", "اللقاء"])  # ل + إلى: no الي left in the text
@example(glue=["وحكومتها", " ", "وللواء", "_", "المتقاعد"])
def test_the_prefilter_never_changes_what_the_matcher_finds(glue):
    raw = "".join(glue)  # words and clitics glued in any order, with and without spaces
    for fast, whole in EDGE_MATCHERS:
        expected = [(m.term, m.start, m.end, m.suffix) for m in whole.find(raw)]
        assert [(m.term, m.start, m.end, m.suffix) for m in fast.find(raw)] == expected


#: words of random terms: nested and overlapping terms (الجيش, الجيش الوطني, الوطني الليبي), words
#: with the article and with ال + ل (اللواء, الليبي), a three-letter word with the article (الي),
#: teh marbuta words (حكومة, منظمة) and one-letter words (ة, ي, لا), so that terms start and end alike
TERM_WORDS = ["الجيش", "الوطني", "الليبي", "اللواء", "اللقاء", "المتقاعد", "حكومة", "منظمة", "الوفاق", "حفتر"]
TERM_WORDS += ["قوات", "لا", "إلى", "الي", "ة", "ي", "غير", "ليبيا", "الل", "ال"]
FILLER_WORDS = ["الليبي", "السابق", "المتقاعد"]
#: noise words and what stands between words: spaces, hashtags, underscores, punctuation, Latin
NOISE = ["في", "قال", "الوطن", "لي", "ت", "x1", "،", ".", "\u0640"]
SEPARATORS = [" ", " ", " ", "", "  ", "\n", "_", " #", "،"]
#: proclitics before a word and what may follow its end: pronoun suffixes, a nisba ي, a letter
PROCLITICS = ["", "", "و", "ف", "ب", "ك", "ل", "لل", "وب", "ول", "وال", "بال", "وبال", "فكال", "فلل", "ال", "#", "x"]
ENDINGS = ["", "", "ه", "ها", "هم", "نا", "ي", "ت", "x", "\u064e"]


@st.composite
def occurrence(draw, words, fillers):
    """Return the words of a term as a text may write them: with proclitics (the article of the
    first word may give way to them), a suffix (after an opened teh marbuta too), words apart or
    glued, a filler between two of them."""
    gaps = SEPARATORS + [f" {f} " for f in fillers]
    cut = draw(st.sampled_from([0, 2, 3])) if words[0].startswith("ال") else 0  # بال + لواء, لل + واء
    text = draw(st.sampled_from(PROCLITICS)) + words[0][cut:]
    for w in words[1:]:
        text += draw(st.sampled_from(gaps)) + w
    if text.endswith("ة") and draw(st.booleans()):
        text = text[:-1] + "ت"
    return text + draw(st.sampled_from(ENDINGS))


@st.composite
def terms_and_text(draw):
    """Return random terms (some the beginnings or ends of others), fillers, and a text made of
    their occurrences, parts of them and noise."""
    terms = draw(st.lists(st.lists(st.sampled_from(TERM_WORDS), min_size=1, max_size=3), min_size=1, max_size=6))
    terms += draw(st.lists(st.sampled_from(TERM_WORDS).map(lambda w: [w]), max_size=3))
    parts = [t[:k] for t in terms for k in range(1, len(t))] + [t[k:] for t in terms for k in range(1, len(t))]
    if parts:
        terms += draw(st.lists(st.sampled_from(parts), max_size=3))
    fillers = draw(st.lists(st.sampled_from(FILLER_WORDS), max_size=2))
    pieces = terms + [[w] for t in terms for w in t] + [[w] for w in NOISE + fillers]
    text = ""
    for words in draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=12)):
        text += draw(occurrence(words, fillers)) + draw(st.sampled_from(SEPARATORS))
    return [" ".join(t) for t in terms], fillers, text


@settings(max_examples=500, deadline=None)
@given(case=terms_and_text(), suffixes=st.booleans())
@example(case=(["حفتر", "الجيش"], [], "هوبالجيش وحفتر"), suffixes=True)  # و + بال: four letters
@example(case=(["اللواء", "اللواء حفتر"], [], "وباللواء حفتر"), suffixes=True)  # ال + ل: five
@example(case=(["حكومة", "ة"], [], "وحكومتها ة ته"), suffixes=True)  # ة opened to ت; a term cut to nothing
def test_the_matcher_finds_what_one_regex_of_all_terms_finds(case, suffixes):
    """Each term alone, looked for near its first word, gives the matches of one alternation of
    all terms, longest first (prefilter=False): same terms, spans and suffixes, in the same order."""
    terms, fillers, raw = case
    fast = PhraseMatcher(terms, suffixes=suffixes, fillers=fillers)
    whole = PhraseMatcher(terms, suffixes=suffixes, fillers=fillers, prefilter=False)
    expected = whole.find(raw)
    assert fast.find(raw) == expected
    assert fast.count(raw) == whole.count(raw)


@pytest.mark.skipif(importlib.util.find_spec("ahocorasick") is None, reason="needs pyahocorasick (extra [fast])")
@settings(max_examples=300, deadline=None)
@given(case=terms_and_text(), noise=texts)
def test_the_key_automaton_finds_the_keys_that_substring_tests_find(case, noise):
    """With pyahocorasick (extra [fast]) the keys of a text are found in one pass; without it, key
    by key (``key in text``): the same keys, hence the same matches."""
    terms, fillers, raw = case
    raw = noise + raw + noise[::-1]
    automaton = PhraseMatcher(terms, fillers=fillers)
    python = PhraseMatcher(terms, fillers=fillers)
    python._automaton = False  # as without pyahocorasick
    assert automaton._key_automaton() is not None or set(automaton.keys_in("")) == set(automaton._by_key)
    norm = normalize(raw)
    assert automaton.keys_in(norm) == python.keys_in(norm) == tuple(k for k in python._by_key if k in norm)
    assert automaton.find(raw) == python.find(raw)


@FUZZ
@given(text=texts, glue=st.lists(st.sampled_from(TERMS + ["و", "ب", "لل", "ها", " ", "\u0640", "\u200f"]), max_size=8))
def test_matches_are_in_bounds_and_quote_the_raw_text(text, glue):
    raw = text + " ".join(glue) + text[::-1]
    matches = MATCHER.find(raw)
    previous_end = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(raw)
        assert m.start >= previous_end  # in order, not overlapping
        assert m.text == raw[m.start : m.end]
        previous_end = m.end
    assert Counter(m.term for m in matches) == Counter(MATCHER.count(raw))


@FUZZ
@given(text=texts)
def test_segments_and_tokens_quote_the_raw_text(text):
    for spans in (split_paragraphs(text), split_sentences(text)):
        for s in spans:
            assert 0 <= s.start < s.end <= len(text) and text[s.start : s.end] == s.text
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text


#: the characters that decide where lines and paragraphs end
LINE_PIECES = ["\n", "\r", "\r\n", " ", "\t", "\u00a0", "\u200f", "\u2028", "\x85", "\x1c", "ب", "a"]


def _paragraphs_from_lines(raw):
    """The paragraphs of split_paragraphs' docstring, built from split_lines: visible lines, grouped
    at blank lines when a blank line stands between two visible ones, else one per line."""
    lines = split_lines(raw)
    visible = [i for i, line in enumerate(lines) if line.text.strip(" \t\u00a0\u200f\u2028\x85\x1c")]
    if not visible:
        return []
    blank_mode = len(visible) < visible[-1] - visible[0] + 1
    groups = []
    for i in visible:
        if blank_mode and groups and groups[-1][1] == i - 1:
            groups[-1][1] = i
        else:
            groups.append([i, i])
    out = []
    for a, b in groups:
        chunk = raw[lines[a].start : lines[b].end]
        start = lines[a].start + len(chunk) - len(chunk.lstrip())
        out.append((start, start + len(chunk.strip()), chunk.strip()))
    return out


@FUZZ
@given(
    text=texts,
    glue=st.lists(st.sampled_from(["\u064e\u0651", "\u0640", "\u200f", "\xa0", "\ufefb", "\r\n", "."]), max_size=8),
)
def test_word_spans_are_the_offset_map_of_each_word(text, glue):
    """The raw spans of all words computed at once (a Document's tokens) are those ``to_raw`` gives
    word by word, diacritics and tatweel after a word included."""
    raw = "".join(p for pair in zip([text, *glue], glue + [""]) for p in pair)
    nt = normalize_with_offsets(raw)
    expected = [(m.group(), *nt.to_raw(m.start(), m.end())) for m in WORD_RE.finditer(nt.text)]
    norms, starts, ends = word_spans(nt)
    assert list(zip(norms, starts, ends)) == expected


@settings(max_examples=2000, deadline=None)
@given(pieces=st.lists(st.sampled_from(LINE_PIECES), max_size=16))
def test_paragraphs_are_made_of_the_lines_of_split_lines(pieces):
    raw = "".join(pieces)
    assert [(p.start, p.end, p.text) for p in split_paragraphs(raw)] == _paragraphs_from_lines(raw)
    assert [p.index for p in split_paragraphs(raw)] == list(range(len(split_paragraphs(raw))))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["في", "من", "حفتر", "طرابلس", "x", "١٢"]), max_size=12), max_size=8))
def test_shingle_hashes_of_many_documents_are_those_of_each(docs):
    for n in (1, 3, 5):
        many = shingle_hashes_many(docs, n)
        assert len(many) == len(docs)
        for words, hashes in zip(docs, many):
            expected = shingle_hashes(words, n)
            assert hashes.dtype == expected.dtype and hashes.tolist() == expected.tolist()


def test_shingle_hashes_of_many_texts_in_several_batches():
    texts = [" ".join(["في", "من", "حفتر", "طرابلس", "x"][k % 5 :] + ["من"] * (k % 7)) for k in range(2500)]
    many = shingle_hashes_many(texts)
    assert len(many) == len(texts)
    assert all(h.tolist() == shingle_hashes(t).tolist() for t, h in zip(texts, many))
