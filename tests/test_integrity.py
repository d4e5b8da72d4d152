"""Data integrity: nothing silently changed, lost or merged, and hostile-but-plausible input handled.

One section per failure class: the loader contract (reserved columns, unique ids, metadata keys,
missing group values), row-level recovery, regular files only, invisible differences (property
tests), templates and identical documents, and the hardened edges of the command line. A final fuzz
run feeds the loader random bytes and random JSON/CSV structures.
"""

import csv
import json
import os
import subprocess
import sys
import unicodedata
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arabic_news import (
    Context,
    CorpusError,
    PhraseMatcher,
    StanceScorer,
    actor_table,
    attribution_table,
    count_words,
    duplicates_report,
    load_corpus,
    main,
    near_duplicates,
    normalize,
    outlet_summary,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from arabic_news.core.decoding import looks_reversed
from arabic_news.core.metadata import MISSING_LABEL

LIBYA = Context.of("libya-2019-2020")

ARTICLE = "وصل المشير خليفة حفتر إلى القاهرة.\n\nوالتقى الرئيس المصري عبد الفتاح السيسي."
OTHER = "قالت حكومة الوفاق إن قواتها تقدمت جنوب طرابلس."
THIRD = "أعلنت مصادر طبية سقوط جرحى في قصف على طرابلس."


def quietly(func, *args, **kwargs):
    """Call ``func`` with its warnings recorded; return (result, warning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [str(w.message) for w in caught]


# --- 1. the loader contract ---------------------------------------------------------------------


def test_reserved_column_names_are_kept_under_a_prefix_never_swapped(tmp_path):
    f = tmp_path / "t.csv"
    pd.DataFrame({"text": [ARTICLE], "raw": ["نسخة خام من موقع آخر"], "source": ["Al-Ahram"]}).to_csv(f, index=False)
    df = load_corpus(f)
    assert df.loc[0, "raw"] == ARTICLE  # the article, not the user's "raw" column
    assert df.loc[0, "source"] == "t.csv"
    assert df.loc[0, "user_raw"] == "نسخة خام من موقع آخر"
    assert df.loc[0, "user_source"] == "Al-Ahram"


def test_a_text_column_next_to_the_chosen_text_column_is_kept_as_user_text(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text(json.dumps({"id": "a", "body": ARTICLE, "text": "ملخص قصير"}, ensure_ascii=False), encoding="utf-8")
    df = load_corpus(f, text_column="body")
    assert df.loc[0, "raw"] == ARTICLE
    assert df.loc[0, "text"] == normalize(ARTICLE)
    assert df.loc[0, "user_text"] == "ملخص قصير"


def test_ids_that_collide_are_refused_naming_both_in_skip_and_strict_mode(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.TXT").write_text(OTHER, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"a.txt: duplicate id 'a' \(already used by a.TXT\)"):
        load_corpus(tmp_path)
    df, messages = quietly(load_corpus, tmp_path, on_error="skip")
    assert list(df["doc_id"]) == ["a"] and df.loc[0, "raw"] == OTHER  # a.TXT sorts first
    assert "duplicate id 'a' (already used by a.TXT)" in df.attrs["skipped"][0].reason


def test_a_repeated_id_in_a_table_names_both_rows(tmp_path):
    f = tmp_path / "t.jsonl"
    rows = [{"id": "7", "text": ARTICLE}, {"id": "8", "text": OTHER}, {"id": 7, "text": THIRD}]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.jsonl, row 3: duplicate id '7' \(already used by t.jsonl, row 1\)"):
        load_corpus(f)
    df, _ = quietly(load_corpus, f, on_error="skip")
    assert list(df["doc_id"]) == ["7", "8"]


def test_ids_are_nfc_and_metadata_keys_match_across_unicode_form_case_and_spaces(tmp_path):
    nfd = unicodedata.normalize("NFD", "café")
    (tmp_path / f"{nfd}.txt").write_text(ARTICLE, encoding="utf-8")  # a macOS file name
    (tmp_path / "Report.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,outlet\ncafé,Al-Ahram\nreport ,Youm7\nreport,Repeated\nghost,Nobody\n", encoding="utf-8"
    )
    df, messages = quietly(load_corpus, tmp_path)
    assert list(df["doc_id"]) == ["Report", "café"] and df.loc[1, "doc_id"] == unicodedata.normalize("NFC", "café")
    assert list(df["outlet"]) == ["Youm7", "Al-Ahram"]
    problems = [p.reason for p in df.attrs["metadata_problems"]]
    assert problems == [
        "metadata.csv, row 4: repeats the metadata of 'report' (row 3); the first row is used",
        "metadata.csv, row 5: metadata for 'ghost' matches no document",
    ]
    assert [m for m in messages if m.startswith("metadata")] == [f"metadata: {p}" for p in problems]


def test_no_document_disappears_from_a_per_outlet_table(tmp_path):
    df = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": "x",
            "raw": [ARTICLE, OTHER, THIRD],
            "outlet": ["Youm7", None, float("nan")],
        }
    )
    corpus = load_corpus(df)
    for table in (actor_table(corpus, LIBYA, by="outlet"), attribution_table(corpus, LIBYA, by="outlet")):
        assert sorted(table.index) == [MISSING_LABEL, "Youm7"]
    summary = outlet_summary(corpus, LIBYA)
    assert summary.loc[MISSING_LABEL, "articles"] == 2 and summary["articles"].sum() == 3


# --- 2. row-level recovery ------------------------------------------------------------------------


def _thousand_rows(damage: bytes) -> bytes:
    lines = [json.dumps({"id": i, "text": ARTICLE}, ensure_ascii=False).encode("utf-8") for i in range(1, 1002)]
    lines[499] = lines[499].replace("حفتر".encode(), damage)  # row 500
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize(
    "damage, problem",
    [
        (b"\xff", "is not valid UTF-8 (byte"),
        (b"\x00", "line 500 contains a NUL byte"),
        (b'"', "invalid JSON"),
    ],
    ids=["invalid UTF-8", "NUL", "broken JSON"],
)
def test_one_bad_row_of_a_thousand_costs_that_row_only(tmp_path, damage, problem):
    f = tmp_path / "big.jsonl"
    f.write_bytes(_thousand_rows(damage))
    df, _ = quietly(load_corpus, f, on_error="skip")
    assert len(df) == 1000 and "500" not in set(df["doc_id"])
    (skipped,) = df.attrs["skipped"]
    assert skipped.row == 500 and skipped.reason.startswith("big.jsonl, row 500: ") and problem in skipped.reason
    with pytest.raises(CorpusError, match="big.jsonl, row 500: "):
        load_corpus(f)


def test_a_csv_row_spanning_lines_is_named_by_its_row_and_physical_line(tmp_path):
    f = tmp_path / "t.csv"
    data = "id,text\n" + f'a,"{ARTICLE}"\n'  # the article holds a blank line: the record takes 3 lines
    data += 'b,"' + OTHER + '"\n'
    f.write_bytes(data.encode("utf-8") + b'c,"\xff' + THIRD.encode("utf-8") + b'"\n')
    df, _ = quietly(load_corpus, f, on_error="skip")
    assert list(df["doc_id"]) == ["a", "b"]
    assert df.attrs["skipped"][0].reason.startswith("t.csv, row 4 (line 6): is not valid UTF-8")


# --- 3. only regular files ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    df, _ = quietly(load_corpus, tmp_path, on_error="skip")  # before: blocked forever
    assert list(df["doc_id"]) == ["good"]
    assert df.attrs["skipped"][0].reason == (
        "pipe.txt: is a named pipe (FIFO), not a regular file. Pass regular files only (copy the data into a file)."
    )


def test_symlinks_to_devices_and_outside_the_folder_are_refused(tmp_path):
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    corpus.mkdir()
    elsewhere.mkdir()
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (elsewhere / "secret.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "zero.txt").symlink_to("/dev/zero")  # before: read until memory ran out
    (corpus / "out.txt").symlink_to(elsewhere / "secret.txt")
    (corpus / "inside.txt").symlink_to(corpus / "good.txt")
    df, _ = quietly(load_corpus, corpus, on_error="skip")
    assert list(df["doc_id"]) == ["good", "inside"]
    reasons = sorted(s.reason for s in df.attrs["skipped"])
    assert reasons == [
        "out.txt: is a symbolic link to a file outside the corpus folder. Copy the file into the folder, "
        "or pass it by its own path.",
        "zero.txt: is a character device, not a regular file. Pass regular files only (copy the data into a file).",
    ]
    assert str(tmp_path) not in " ".join(reasons)


def test_max_bytes_must_be_a_positive_whole_number_in_python():
    for bad in (0, -1, 0.5, float("inf"), "10M", True):
        with pytest.raises(ValueError, match="max_bytes must be"):
            load_corpus(pd.DataFrame({"text": [ARTICLE]}), max_bytes=bad)


# --- 4. invisible differences (property tests) ----------------------------------------------------

WORDS = ["حفتر", "الجيش", "الوطني", "الليبي", "حكومة", "الوفاق", "طرابلس", "قال", "مصدر", "في", "كبير", "القاهرة"]
#: default-ignorable code points that used to survive normalization and split words
INVISIBLES = ["\u00ad", "\u2060", "\u034f", "\ufe0f", "\u2062", "\u180e", "\u17b4", "\U000e0041", "\u200b"]
PERSIAN = {"ي": "\u06cc", "ك": "\u06a9", "ه": "\u06c1"}
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(lambda ws: " ".join(ws) + ".")
articles = st.lists(st.lists(sentences, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5)


def _disguise(text: str, draw) -> str:
    """Return ``text`` with invisible characters inside words and Persian letter forms."""
    out = []
    for ch in text:
        if ch in PERSIAN and draw(st.booleans()):
            ch = PERSIAN[ch]
        out.append(ch)
        if ch.isalpha() and draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLES)))
    return "".join(out)


def _facts(raw: str) -> tuple:
    """Return what must not depend on invisible differences."""
    scorer = _SCORER
    result = scorer.score(raw)
    return (
        [normalize(p.text) for p in split_paragraphs(raw)],
        len(split_sentences(raw)),
        [t.norm for t in tokenize(raw)],
        count_words(raw),
        PhraseMatcher(WORDS[:7]).count(raw),
        result["n_words"],
        {a: (s["pro"], s["anti"]) for a, s in result["actors"].items()},
    )


_SCORER = StanceScorer(LIBYA)


@PROPERTY
@given(paragraphs=articles, line_mode=st.booleans(), data=st.data())
def test_invisible_characters_and_persian_letters_change_nothing(paragraphs, line_mode, data):
    raw = ("\n" if line_mode else "\n\n").join(paragraphs)
    disguised = _disguise(raw, data.draw)
    assert _facts(disguised) == _facts(raw)


@PROPERTY
@given(
    paragraphs=articles,
    line_mode=st.booleans(),
    lead=st.lists(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\u200f", "\u2060"]), max_size=3),
    trail=st.lists(st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\u200f", "\u2060"]), max_size=3),
    blank=st.sampled_from([" ", "\t", "\u00a0", "\u3000", "\u200f \u200e", "\u2003"]),
)
def test_blank_lines_at_the_ends_and_whitespace_only_lines_change_nothing(paragraphs, line_mode, lead, trail, blank):
    raw = ("\n" if line_mode else "\n\n").join(paragraphs)
    padded = "\n".join(lead) + ("\n" if lead else "") + raw + "\n" + "\n".join(trail) + "\n"
    assert _facts(padded) == _facts(raw)
    if not line_mode:  # a blank line holding any kind of space is a blank line
        assert _facts(raw.replace("\n\n", f"\n{blank}\n")) == _facts(raw)


def test_one_trailing_blank_line_keeps_one_paragraph_per_line():
    raw = "الفقرة الأولى.\nالفقرة الثانية.\nالفقرة الثالثة.\nالفقرة الرابعة."
    assert len(split_paragraphs(raw + "\n\n")) == len(split_paragraphs(raw)) == 4  # before: 1


# --- 5. templates and identical documents -----------------------------------------------------------


def _frame(texts):
    return load_corpus(pd.DataFrame({"id": [f"d{i}" for i in range(len(texts))], "text": texts}))


def test_identical_one_paragraph_articles_are_one_cluster_not_a_template():
    one_line = "أعلنت حكومة الوفاق الوطني في طرابلس أن قواتها صدت هجوما جديدا على محور عين زارة جنوب العاصمة."
    report = duplicates_report(_frame([one_line] * 3 + [OTHER]), LIBYA)
    assert list(report.documents["kept_paragraphs"]) == [1, 1, 1, 1]  # before: the three were emptied
    assert report.clusters.to_dict("records") == [{"cluster": 1, "size": 3, "doc_ids": ["d0", "d1", "d2"]}]
    assert report.near_duplicates.to_dict("records") == [
        {"a": "d0", "b": "d1", "similarity": 1.0, "cluster": 1},
        {"a": "d0", "b": "d2", "similarity": 1.0, "cluster": 1},
    ]
    assert list(report.documents["near_duplicates"]) == [2, 2, 2, 0]


def test_ten_thousand_copies_give_one_cluster_and_a_linear_number_of_pairs():
    texts = ["ا ب ت ث ج ح خ د ذ ر"] * 10_000 + [""] * 100 + ["ز س ش ص ض ط ظ ع غ ف"]
    for method in ("exact", "lsh"):
        found = near_duplicates(texts, 0.5, method=method, recall=0.98)
        assert found.clusters == [tuple(range(10_000))]
        assert len(found.pairs) == 9_999 and found.pairs[0] == (0, 1, 1.0)  # not 49,995,000
        assert found.candidates == 0  # identical copies are grouped before pairs are looked for


# --- 6. hardened edges of the command line ----------------------------------------------------------


def _cli(*args, cwd=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "arabic_news", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--threshold", "2"], "argument --threshold: must be a number above 0 and at most 1, not '2'"),
        (["--threshold", "nan"], "argument --threshold: must be a number above 0 and at most 1, not 'nan'"),
        (["--threshold", "-1"], "argument --threshold: must be a number above 0 and at most 1, not '-1'"),
        (["--max-bytes", "inf"], "argument --max-bytes: not a size: 'inf' (use e.g. 500M, or 0 for no limit)"),
        (
            ["--max-bytes", "0.5"],
            "argument --max-bytes: '0.5' is less than one byte (use e.g. 500M, or 0 for no limit)",
        ),
        (
            ["--encoding", "rot13"],
            "argument --encoding: 'rot13' is not a text encoding (use e.g. utf-8, cp1256, utf-16)",
        ),
        (["--workers", "0"], "argument --workers: must be at least 1, not '0'"),
    ],
)
def test_invalid_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = _cli("duplicates", str(tmp_path), *args)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"arabic-news: error: {message} (see `arabic-news duplicates --help`)"]


def test_a_closed_pipe_ends_quietly(tmp_path):
    for i in range(300):
        (tmp_path / f"a{i:03d}.txt").write_text(ARTICLE * 20, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "arabic_news", "corpus", str(tmp_path), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_control_characters_in_file_names_are_escaped_in_messages(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x\x1b[2K\nforged.txt").write_bytes(b"")
    result = _cli("corpus", str(tmp_path), "--format", "json")
    assert result.stderr.splitlines() == [
        "arabic-news: warning: skipped x\\x1b[2K\\x0aforged.txt: the file is empty. Remove it or add the article text."
    ]


def test_colloquial_text_is_not_taken_for_reversed_pdf_text(tmp_path):
    assert not looks_reversed("يلا يا مصر")
    assert not looks_reversed("يلا يلا يلا يا مصر، نم يا حبيبي")
    (tmp_path / "chant.txt").write_text("يلا يا مصر", encoding="utf-8")
    assert load_corpus(tmp_path / "chant.txt").loc[0, "raw"] == "يلا يا مصر"  # before: refused as reversed
    assert looks_reversed("يف ةنيدملا نع ديدج يلع يف نم")


def test_an_interrupted_folder_output_leaves_the_old_one_whole(tmp_path):
    from arabic_news.cli.atomic import replace_folder

    report = tmp_path / "report"
    with replace_folder(report) as work:
        (work / "index.html").write_text("old", encoding="utf-8")
        (work / "00.html").write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), replace_folder(report) as work:
        (work / "index.html").write_text("new", encoding="utf-8")
        raise KeyboardInterrupt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    assert (report / "index.html").read_text(encoding="utf-8") == "old" and (report / "00.html").exists()
    with replace_folder(report) as work:
        (work / "index.html").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in report.iterdir()) == ["index.html"]


# --- 7. fuzz: random bytes and random table structures ----------------------------------------------

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from([ARTICLE, OTHER, THIRD, "", "\x00", "\ud800", "يف نع يلع يف"]),
    st.integers(),
    st.none(),
    st.floats(allow_nan=True),
    st.lists(st.integers(), max_size=2),
)
json_rows = st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "raw", "source", "doc_id", "outlet"]), cells, max_size=5),
    cells,
)


def _check_accounting(path, rows: int) -> None:
    """Load ``path`` in skip mode: only CorpusError may escape; loaded + skipped = rows; ids unique."""
    try:
        df, _ = quietly(load_corpus, path, on_error="skip")
    except CorpusError as exc:
        assert str(exc).startswith(path.name)
        if "no document could be loaded" in str(exc):
            assert len(exc.skipped) == rows
        return
    assert len(df) + len(df.attrs["skipped"]) == rows
    assert df["doc_id"].is_unique


@FUZZ
@given(rows=st.lists(json_rows, min_size=1, max_size=8), junk=st.lists(st.binary(max_size=12), max_size=3))
def test_fuzz_jsonl_rows_are_all_accounted_for(tmp_path_factory, rows, junk):
    path = tmp_path_factory.mktemp("fuzz") / "rows.jsonl"
    lines = [json.dumps(r, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass") for r in rows]
    lines += [b"{" + j.replace(b"\n", b"") for j in junk]  # broken lines of random bytes
    path.write_bytes(b"\n".join(lines) + b"\n")
    _check_accounting(path, len(lines))


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=8))
def test_fuzz_csv_rows_are_all_accounted_for(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "rows.csv"
    with open(path, "w", encoding="utf-8", errors="surrogatepass", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text", "outlet"])
        writer.writerows(rows)
    try:
        _check_accounting(path, len(rows))
    except AssertionError:
        raise
    except Exception as exc:  # the csv module may refuse a structure: only as a CorpusError
        pytest.fail(f"{type(exc).__name__}: {exc}")


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".jsonl", ".csv", ".jsonl.gz", ".txt"]))
def test_fuzz_random_bytes_never_escape_as_anything_but_corpus_error(tmp_path_factory, data, suffix):
    import gzip

    path = tmp_path_factory.mktemp("fuzz") / f"doc{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    try:
        df, _ = quietly(load_corpus, path, on_error="skip")
    except CorpusError as exc:
        assert str(exc).startswith("doc")
        return
    assert df["doc_id"].is_unique and len(df) >= 1


def test_the_command_line_summary_matches_the_loader(tmp_path, capsys):
    f = tmp_path / "big.jsonl"
    f.write_bytes(_thousand_rows(b"\xff"))
    assert main(["corpus", str(f), "--format", "jsonl", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 1000
    assert captured.err.splitlines() == [
        "arabic-news: warning: skipped big.jsonl, row 500: is not valid UTF-8 (byte "
        + captured.err.split("(byte ")[1].split(")")[0]
        + "): 1 undecodable byte(s) in an otherwise UTF-8 line. Repair or re-export the row; no encoding option "
        "can read damaged bytes."
    ]
