"""Property tests: the loader, normalizer and matcher on arbitrary bytes and Unicode.

* Loader: any bytes in any supported file type either load or raise CorpusError, never anything
  else. Lone surrogates (which JSON can carry as "\\ud800" escapes) are refused row by row,
  naming the row; they are never repaired silently.
* Normalizer: any text (lone surrogates, mixed scripts, presentation forms, marks, very long
  lines) normalizes without error, idempotently, and the offset map agrees with it.
* Matcher and segmenters: every span is inside the raw text and quotes it exactly.
"""

import gzip
import json
import re
from collections import Counter

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
from arabic_news.core.text import split_lines

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
