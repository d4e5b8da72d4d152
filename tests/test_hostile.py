"""Corpora as researchers have them: no input destroyed, no text silently dropped, no traceback.

One section per class of hostile-but-plausible input (issue 20): outputs that would harm inputs,
cleaning at every scale of line, values a reader would drop silently, unbounded resources, tracebacks,
and misleading messages. Command lines run in this process (``main``) unless the test needs a real
process (signals, a process group).
"""

import codecs
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from arabic_news import Context, CorpusError, load_corpus, main, near_duplicates, split_paragraphs
from arabic_news.analyses.cleaning import boilerplate_cues, cue_flag
from arabic_news.analyses.near_duplicates import exact_pairs, shingle_corpus
from arabic_news.cli.formats import render_table
from arabic_news.core.parallel import PoolEngine, default_workers

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
LIBYA = Context.of("libya-2019-2020")
ARTICLE = "وصل المشير خليفة حفتر إلى القاهرة.\n\nوالتقى الرئيس المصري عبد الفتاح السيسي."
OTHER = "قالت حكومة الوفاق إن قواتها تقدمت جنوب طرابلس."


def cli(capsys, *args: str) -> tuple[int, str, list[str]]:
    """Run ``arabic-news ARGS`` in this process; return (exit status, stdout, stderr lines)."""
    code = main([*args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return code, out, err.splitlines()


def refused(capsys, *args: str) -> str:
    """Return the one error line of a command that must be refused with exit status 2."""
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == "", (code, err)
    (line,) = err
    assert line.startswith("arabic-news: error: ")
    return line.removeprefix("arabic-news: error: ")


@pytest.fixture
def corpus(tmp_path):
    """A folder of two articles with a metadata file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    (folder / "metadata.csv").write_text("doc_id,outlet\na,x\nb,y\n", encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file of ``folder`` (names and contents)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- 1. outputs never harm inputs ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "jsonl"])
def test_an_output_that_is_an_input_is_refused_before_any_work(capsys, tmp_path, corpus, fmt):
    before = snapshot(corpus)
    message = refused(capsys, "corpus", str(corpus / "a.txt"), "--format", fmt, "-o", str(corpus / "a.txt"))
    assert message.endswith(
        "a.txt: is an input of this run (a corpus, metadata or lexicon file); writing the "
        "result there would destroy it. Pass another output path"
    )
    table = tmp_path / "t.csv"
    table.write_text(f"id,text\n1,{OTHER}\n", encoding="utf-8")
    refused(capsys, "corpus", str(table), "--format", fmt, "-o", str(table))
    assert table.read_text(encoding="utf-8") == f"id,text\n1,{OTHER}\n"
    link = tmp_path / "hard.txt"  # another name of the same file
    os.link(corpus / "a.txt", link)
    refused(capsys, "corpus", str(corpus), "--format", fmt, "-o", str(link))
    assert snapshot(corpus) == before


def test_the_corpus_folders_metadata_is_never_an_output(capsys, corpus):
    before = snapshot(corpus)
    for args in (["--format", "csv"], ["--format", "json"]):
        message = refused(capsys, "corpus", str(corpus), *args, "-o", str(corpus / "metadata.csv"))
        assert "metadata.csv: is an input of this run" in message
    (corpus / "metadata.csv").unlink()  # not there yet: writing it would make the report the next run's metadata
    refused(capsys, "corpus", str(corpus), "--format", "csv", "-o", str(corpus / "metadata.csv"))
    assert not (corpus / "metadata.csv").exists()
    del before["metadata.csv"]
    assert snapshot(corpus) == before


def test_a_lexicon_or_metadata_file_given_is_never_an_output(capsys, tmp_path, corpus):
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,outlet\na,x\n", encoding="utf-8")
    refused(capsys, "corpus", str(corpus / "a.txt"), "--metadata", str(meta), "-o", str(meta))
    assert meta.read_text(encoding="utf-8") == "doc_id,outlet\na,x\n"


def _device(path: Path) -> bool:
    """Make ``path`` a character device like /dev/null (root only); return whether it worked."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        return False
    return True


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder", "device", "dot", "empty"])
def test_only_a_regular_file_or_a_new_path_is_an_output(capsys, tmp_path, corpus, kind, monkeypatch):
    target = tmp_path / kind
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "elsewhere.json").write_text("keep", encoding="utf-8")
        target.symlink_to(tmp_path / "elsewhere.json")
    elif kind == "folder":
        target.mkdir()
    elif kind == "device" and not _device(target):
        pytest.skip("making a device needs root (CI and this machine run as root)")
    elif kind == "dot":
        monkeypatch.chdir(tmp_path)
        target = Path(".")
    elif kind == "empty":
        target = Path("")
    mode = os.lstat(target).st_mode if kind != "empty" else None
    output = "" if kind == "empty" else str(target)
    message = refused(capsys, "corpus", str(corpus), "--format", "json", "-o", output)
    expected = {
        "fifo": "is a named pipe (FIFO), not a regular file",
        "symlink": "is a symbolic link, not a regular file",
        "folder": "is a folder, not a regular file",
        "device": "is a character device, not a regular file",
        "dot": ".: is a folder, not a regular file",
        "empty": "the output path is empty",
    }[kind]
    assert expected in message
    if mode is not None:
        assert os.lstat(target).st_mode == mode  # a device stays a device, a FIFO a FIFO
    if kind == "symlink":
        assert (tmp_path / "elsewhere.json").read_text(encoding="utf-8") == "keep"
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]


def test_an_output_that_cannot_be_written_is_refused_before_the_analysis(capsys, tmp_path, corpus):
    message = refused(capsys, "stance", str(corpus), "-o", str(tmp_path / "missing" / "x.json"))
    assert message == (
        f"{tmp_path / 'missing' / 'x.json'}: the folder {tmp_path / 'missing'} does not exist. "
        "Create it first, or pass another output path"
    )
    (tmp_path / "file").write_text("", encoding="utf-8")
    message = refused(capsys, "corpus", str(tmp_path / "nothing-here"), "-o", str(tmp_path / "file" / "x.json"))
    assert "is not a folder" in message  # the output is checked first, before the corpus is even opened


def _tables(folder: Path, stem: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(stem) or "partial" in p.name)


def test_the_tables_of_a_run_replace_all_the_tables_of_the_previous_run(capsys, tmp_path):
    out = tmp_path / "dup.csv"
    code, _o, _e = cli(
        capsys,
        "duplicates",
        str(RAW),
        "--passages",
        "--threshold",
        "0.2",
        "--format",
        "csv",
        "-o",
        str(out),
        "--workers",
        "1",
    )
    assert code == 0 and "dup.shared_passages.csv" in _tables(tmp_path, "dup")
    code, _o, _e = cli(capsys, "duplicates", str(RAW), "--format", "csv", "-o", str(out), "--workers", "1")
    assert code == 0
    assert _tables(tmp_path, "dup") == [
        "dup.boilerplate.csv",
        "dup.clusters.csv",
        "dup.documents.csv",
        "dup.internal_duplicates.csv",
        "dup.near_duplicates.csv",
    ]


def test_a_run_that_fails_while_its_tables_are_put_in_place_leaves_the_previous_tables(capsys, tmp_path, monkeypatch):
    out = tmp_path / "dup.csv"
    assert cli(capsys, "duplicates", str(RAW), "--format", "csv", "-o", str(out), "--workers", "1")[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 8:  # the third table of the new run
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    code, _o, err = cli(
        capsys, "duplicates", str(RAW), "--threshold", "0.3", "--format", "csv", "-o", str(out), "--workers", "1"
    )
    monkeypatch.setattr(os, "replace", real)
    assert code == 2 and err[-1].endswith("No space left on device")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # the old tables, nothing partial


def test_an_interrupted_run_leaves_no_partial_table(capsys, tmp_path, monkeypatch):
    import arabic_news.cli.main as cli_main

    out = tmp_path / "dup.csv"
    assert cli(capsys, "duplicates", str(RAW), "--format", "csv", "-o", str(out), "--workers", "1")[0] == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = cli_main._checked

    def interrupted(records, reader, table, emptied):
        if table == "near_duplicates":
            raise KeyboardInterrupt
        return real(records, reader, table, emptied)

    monkeypatch.setattr(cli_main, "_checked", interrupted)
    code, _o, err = cli(capsys, "duplicates", str(RAW), "--format", "csv", "-o", str(out), "--workers", "1")
    assert code == 130 and err == ["arabic-news: interrupted"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- 2. cleaning: precision first at every scale of line ----------------------------------------


def _stance_hits(capsys, folder: Path, *extra: str) -> dict[str, tuple[int, list]]:
    code, out, _err = cli(capsys, "stance", str(folder), "--format", "json", "--workers", "1", *extra)
    assert code == 0
    return {
        d["doc_id"]: (
            d["n_words"],
            sorted((h["term"], h["actor"], h["polarity"], h["text"]) for h in d["hits"] if h["counted"]),
        )
        for d in json.loads(out)
    }


def test_the_seeds_flattened_to_one_line_each_give_the_hits_of_the_files(capsys, tmp_path):
    for f in RAW.glob("*.txt"):  # an article stored on one line, as scraped JSON lines often hold it
        one_line = re.sub(r"\s*[\r\n]+\s*", " ", f.read_text(encoding="utf-8")).strip()
        (tmp_path / f.name).write_text(one_line, encoding="utf-8")
    flat, files = _stance_hits(capsys, tmp_path), _stance_hits(capsys, RAW)
    assert {k: v[1] for k, v in flat.items()} == {k: v[1] for k, v in files.items()}
    assert [n for n, _h in flat.values()] == [544, 645, 371, 381, 402]  # the whole line kept (--raw counts)


@pytest.mark.parametrize("separator", ["\x0b", "\x0c", "\x85", "\u2028", "\u2029"], ids=["VT", "FF", "NEL", "LS", "PS"])
def test_every_line_separator_gives_the_paragraphs_and_score_of_a_line_feed(capsys, tmp_path, separator):
    raw = (RAW / "000_0aadbd7856e2093e.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    other = raw.replace("\n", separator)
    assert [p.text for p in split_paragraphs(other)] == [p.text for p in split_paragraphs(raw)]
    (tmp_path / "lf").mkdir()
    (tmp_path / "sep").mkdir()
    (tmp_path / "lf" / "a.txt").write_text(raw, encoding="utf-8", newline="")
    (tmp_path / "sep" / "a.txt").write_text(other, encoding="utf-8", newline="")
    assert _stance_hits(capsys, tmp_path / "sep") == _stance_hits(capsys, tmp_path / "lf")


def test_a_cue_phrase_never_removes_a_long_paragraph():
    cues = boilerplate_cues(LIBYA)
    assert cue_flag("اقرأ أيضاً مقالات ذات صلة", cues)[0] == "read-also marker"  # short: flagged
    prose = " ".join(["اقرأ أيضاً", *(OTHER for _ in range(6)), "مقالات ذات صلة"])  # two cues, 6 sentences
    assert cue_flag(prose, cues) is None
    long_line = "اقرأ أيضاً " + " ".join(["وقالت مصادر محلية إن الاشتباكات تواصلت في محيط المطار"] * 6) + " شارك"
    assert len(long_line.split()) > 50 and cue_flag(long_line, cues) is None  # one sentence, 60 words


def test_a_document_cleaning_empties_is_reported(capsys, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "links.txt").write_text("اقرأ أيضاً\nمقالات ذات صلة\n", encoding="utf-8")
    code, _out, err = cli(capsys, "stance", str(tmp_path), "--format", "json", "--workers", "1")
    assert code == 0 and err == [
        "arabic-news: warning: cleaning removed every paragraph of 1 document(s) (links), which count no word "
        "(--raw scores the whole text)"
    ]
    code, _out, err = cli(capsys, "duplicates", str(tmp_path), "--format", "json", "--workers", "1")
    assert err == [
        "arabic-news: warning: cleaning removed every paragraph of 1 document(s) (links), which count no word "
        "(the boilerplate table lists why)"
    ]
    assert cli(capsys, "stance", str(tmp_path), "--raw", "--format", "json", "--workers", "1")[2] == []


# --- 3. nothing dropped silently ---------------------------------------------------------------


def test_a_repeated_json_key_costs_its_row_never_a_value(tmp_path):
    f = tmp_path / "t.jsonl"
    rows = [
        f'{{"id": "x1", "id": "x2", "text": "{OTHER}"}}',
        f'{{"id": "x3", "text": "{OTHER}", "text": "{ARTICLE[:20]}"}}',
        f'{{"id": "x4", "text": "{OTHER}"}}',
    ]
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.jsonl, row 1: repeats the field 'id' \(values 'x1' and 'x2'\)"):
        load_corpus(f)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        df = load_corpus(f, on_error="skip")
    assert list(df["doc_id"]) == ["x4"]
    assert [s.reason.split(": ", 1)[1][:24] for s in df.attrs["skipped"]] == [
        "repeats the field 'id' (",
        "repeats the field 'text'",
    ]


@pytest.mark.parametrize("header", ["id,outlet,outlet,text", "id,text,text"])
def test_a_repeated_csv_column_is_refused(tmp_path, header):
    f = tmp_path / "t.csv"
    f.write_text(f"{header}\n1,{','.join(['a'] * (header.count(',') - 1))},{OTHER}\n", encoding="utf-8")
    name = "outlet" if "outlet" in header else "text"
    with pytest.raises(CorpusError, match=f"t.csv, row 1: has two columns named '{name}'"):
        load_corpus(f, on_error="skip")


def test_repeated_columns_are_refused_in_metadata_parquet_and_dataframes(tmp_path, corpus):
    (corpus / "metadata.csv").write_text("doc_id,outlet,outlet\na,x,y\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="metadata.csv, row 1: has two columns named 'outlet'"):
        load_corpus(corpus)
    frame = pd.DataFrame([[OTHER, "x", "y"]], columns=["text", "outlet", "outlet"])
    with pytest.raises(CorpusError, match="DataFrame: has two columns named 'outlet'"):
        load_corpus(frame)
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    pq.write_table(
        pa.table([pa.array([OTHER]), pa.array(["x"]), pa.array(["y"])], names=["text", "o", "o"]),
        tmp_path / "t.parquet",
    )
    with pytest.raises(CorpusError, match="t.parquet: has two columns named 'o'"):
        load_corpus(tmp_path / "t.parquet")


def test_a_damaged_parquet_page_is_refused_not_read_as_other_text(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    good = tmp_path / "good.parquet"
    pd.DataFrame({"id": ["a"], "text": [ARTICLE]}).to_parquet(good, compression=None, write_page_checksum=True)
    data = bytearray(good.read_bytes())
    data[data.find("حفتر".encode())] ^= 0x01  # ح becomes ج: حفتر would read جفتر
    (tmp_path / "flipped.parquet").write_bytes(bytes(data))
    assert load_corpus(good).loc[0, "raw"] == ARTICLE
    message = refused(capsys, "corpus", str(tmp_path / "flipped.parquet"))
    assert message.startswith("flipped.parquet: rows 1 and after cannot be read (")
    assert "CRC checksum verification failed" in message
    # this package's own Parquet outputs carry page checksums
    cli(capsys, "corpus", str(tmp_path / "good.parquet"), "--format", "parquet", "-o", str(tmp_path / "out.parquet"))
    import pyarrow.parquet as pq

    assert pq.ParquetFile(tmp_path / "out.parquet").metadata.row_group(0).column(0).statistics is not None
    data = bytearray((tmp_path / "out.parquet").read_bytes())
    data[data.find(b"good.parquet")] ^= 0x01
    (tmp_path / "out2.parquet").write_bytes(bytes(data))
    with pytest.raises(CorpusError, match="CRC checksum verification failed"):
        load_corpus(tmp_path / "out2.parquet", text_column="source")


def test_invalid_utf8_inside_parquet_is_one_line(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    f = tmp_path / "t.parquet"
    pd.DataFrame({"id": ["a"], "text": [ARTICLE]}).to_parquet(f, compression=None)
    data = bytearray(f.read_bytes())
    data[data.find("حفتر".encode())] = 0xFF
    f.write_bytes(bytes(data))
    message = refused(capsys, "corpus", str(f))
    assert message.startswith("t.parquet: rows 1 and after cannot be read (") and "utf-8" in message


@pytest.mark.parametrize("content", ["ـــــــ", "\u064e\u064f\u0650\u0651", "ـَـُـ", "٫٬"])
def test_a_text_without_a_word_is_refused_however_it_got_there(tmp_path, content):
    (tmp_path / "a.txt").write_text(content, encoding="utf-8")  # tatweel, diacritics, both, punctuation
    with pytest.raises(CorpusError) as exc:
        load_corpus(tmp_path / "a.txt")
    assert str(exc.value) == (
        "a.txt: contains no Arabic text. Check that this is an Arabic article and that the encoding is "
        "right (pass `--encoding`)."
    )
    (tmp_path / "t.jsonl").write_text(json.dumps({"text": content}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="t.jsonl, row 1: contains no Arabic text"):
        load_corpus(tmp_path / "t.jsonl")


# --- 4. bounded resources -------------------------------------------------------------------------

SENTENCE = (
    "قال المتحدث باسم الجيش الوطني الليبي إن القوات تقدمت في محاور جنوب طرابلس وسيطرت على مواقع جديدة "
    "بعد معارك عنيفة استمرت ساعات وأسفرت عن سقوط {} قتيلا"
)


def test_documents_that_differ_only_by_a_number_are_one_family_not_a_quadratic_list(capsys, tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_text("".join(json.dumps({"id": f"d{i}", "text": SENTENCE.format(i)}) + "\n" for i in range(1500)))
    start = time.perf_counter()
    code, out, _err = cli(capsys, "duplicates", str(f), "--format", "json", "--workers", "1")
    assert code == 0 and time.perf_counter() - start < 60
    report = json.loads(out)
    assert len(report["near_duplicates"]) == 1499  # was 1,124,250 pairs (3,000 documents: 4.5 million, 1.7 GB)
    assert {r["a"] for r in report["near_duplicates"]} == {"d0"}
    assert {r["near_duplicates"] for r in report["documents"]} == {1499}  # every pair still counted
    assert [c["size"] for c in report["clusters"]] == [1500]


def _vocabulary_corpus(seed: int) -> list[str]:
    """Return a corpus mixing two families (one near the other), copies, documents near some members
    of a family and unrelated documents, shuffled."""
    import random

    rng = random.Random(seed)
    vocab = [f"كلمة{chr(0x0628 + i)}" for i in range(30)]

    def words(n: int) -> list[str]:
        return [rng.choice(vocab) for _ in range(n)]

    base = words(30)
    texts = [" ".join([*base[:25], str(i), *base[25:]]) for i in range(80)]
    texts += texts[:3]
    near = [*base[:20], *words(10)]
    texts += [" ".join([*near[:28], str(7 * i), *near[28:]]) for i in range(70)]
    for _ in range(30):
        t = [*base[:25], str(rng.randrange(100)), *base[25:]]
        k = rng.randrange(3, 12)
        t[-k:] = words(k)
        texts.append(" ".join(t))
    texts += [" ".join(words(30)) for _ in range(40)]
    rng.shuffle(texts)
    return texts


def _implied_pairs(found, n: int) -> set[tuple[int, int]]:
    """Return every pair a NearDuplicates stands for: the pairs listed, every pair of a group of
    copies and every pair of a family."""
    from itertools import combinations

    docs = {r: [r, *found.copies.get(r, [])] for r in range(n)}
    listed_for = {c: f for f, cs in found.copies.items() for c in cs} | {
        m: h for h, ms in found.families.items() for m in ms
    }
    pairs = set()
    for first, others in found.copies.items():
        pairs |= set(combinations([first, *others], 2))
    for head, members in found.families.items():
        pairs |= {tuple(sorted(p)) for p in combinations([d for r in [head, *members] for d in docs[r]], 2)}
    for i, j, _s in found.pairs:
        if listed_for.get(j) != i:
            pairs |= {tuple(sorted((a, b))) for a in docs[i] for b in docs[j]}
    return pairs


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
@pytest.mark.parametrize("method", ["exact", "lsh"])
def test_families_keep_the_report_exact(threshold, method):
    texts = _vocabulary_corpus(5)
    truth = {(i, j) for i, j, _s in exact_pairs(shingle_corpus(texts), threshold)}
    found = near_duplicates(texts, threshold, method=method, recall=0.999 if method == "lsh" else None)
    assert _implied_pairs(found, len(texts)) == truth
    if threshold == 0.5:
        assert sorted(len(m) + 1 for m in found.families.values()) == [70, 80]


def test_workers_are_capped_by_processors_and_by_batches():
    with PoolEngine(64) as engine:
        assert engine.workers == min(64, default_workers())
        assert list(engine.map(len, [[1, 2, 3]])) == [3]  # one batch: one process
        assert engine._pool._max_workers == 1


def test_max_bytes_counts_the_text_after_nfkc_expansion(tmp_path):
    (tmp_path / "a.txt").write_text("ﷺ" * 3000, encoding="utf-8")  # 9,000 bytes; 18 characters each in NFKC
    with pytest.raises(CorpusError) as exc:
        load_corpus(tmp_path / "a.txt", max_bytes=50_000)
    assert str(exc.value) == (
        "a.txt: the text is 99,000 bytes once normalized (Unicode NFKC spells out ligatures such as ﷺ, up to "
        "18 characters for one), above the limit of 50,000 bytes. Split it into smaller documents, or raise "
        "the limit with `--max-bytes 1M` (max_bytes=1_000_000 in Python; None for no limit)."
    )
    (tmp_path / "t.jsonl").write_text(json.dumps({"text": "ﷺ" * 3000}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="row 1: the text is 99,000 bytes once normalized"):
        load_corpus(tmp_path / "t.jsonl", max_bytes=50_000)
    assert len(load_corpus(tmp_path / "a.txt", max_bytes=300_000)) == 1


# --- 5. no traceback --------------------------------------------------------------------------------


def test_mixed_type_metadata_is_written_to_parquet(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    f = tmp_path / "t.jsonl"
    f.write_text(
        json.dumps({"id": "a", "text": OTHER, "outlet": 1})
        + "\n"
        + json.dumps({"id": "b", "text": OTHER, "outlet": "x"})
        + "\n",
        encoding="utf-8",
    )
    code, _out, err = cli(capsys, "corpus", str(f), "--format", "parquet", "-o", str(tmp_path / "o.parquet"))
    assert code == 0 and err == []
    assert list(pd.read_parquet(tmp_path / "o.parquet")["outlet"]) == ["1", "x"]  # one type per column: text


def test_a_scheduler_address_that_is_not_one_is_one_line(capsys, corpus):
    pytest.importorskip("distributed")
    message = refused(capsys, "corpus", str(corpus), "--engine", "dask", "--scheduler", "not-an-address")
    assert message.startswith("--scheduler: cannot connect to the Dask scheduler 'not-an-address' (")


def test_a_codec_that_is_not_a_text_encoding_is_a_corpus_error(corpus):
    with pytest.raises(CorpusError, match="'rot13' is not a text encoding"):
        load_corpus(corpus, encoding="rot13")


def test_ctrl_c_to_the_process_group_ends_every_worker_quietly(tmp_path):
    big = tmp_path / "big.jsonl"
    texts = [f.read_text(encoding="utf-8") for f in sorted(RAW.glob("*.txt"))]
    with big.open("w", encoding="utf-8") as fh:
        for i in range(6000):
            fh.write(json.dumps({"id": f"d{i}", "text": texts[i % 5]}, ensure_ascii=False) + "\n")
    out = tmp_path / "out.json"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "arabic_news",
            "stance",
            str(big),
            "--workers",
            "2",
            "--batch-size",
            "100",
            "--format",
            "json",
            "-o",
            str(out),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.time() + 120
    while len(_children(proc.pid)) < 2 and proc.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the workers started: the client reads the corpus while they wait for batches
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr.decode() == "arabic-news: interrupted\n" and stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]  # no output, nothing partial
    deadline = time.time() + 10  # the workers end on their own; a loaded machine may take them a moment
    while _alive_in_group(proc.pid) and time.time() < deadline:
        time.sleep(0.1)
    assert _alive_in_group(proc.pid) == []


def _alive_in_group(pgid: int) -> list[str]:
    """Return the processes of the process group ``pgid`` that are not zombies."""
    alive = subprocess.run(["ps", "-o", "pid=,stat=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return [line for line in alive.splitlines() if "Z" not in line.split()[-1]]


def _children(pid: int) -> list[str]:
    """Return the ids of the processes ``pid`` started."""
    return subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout.split()


# --- 6. the right messages --------------------------------------------------------------------------


def test_the_terminal_table_escapes_control_and_bidi_characters(capsys, tmp_path):
    import io

    out = io.StringIO()
    render_table([{"doc_id": "a", "outlet": "\x1b[2J\u202eevil"}], out)
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()
    assert "\\x1b[2J\\u202eevil" in out.getvalue()
    (tmp_path / "a.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,\x1b[2J\n", encoding="utf-8")
    code, table, _err = cli(capsys, "corpus", str(tmp_path))
    assert code == 0 and "\x1b" not in table and "\\x1b[2J" in table


def test_scheduler_without_the_dask_engine_and_an_empty_path_are_refused(capsys, corpus):
    assert refused(capsys, "corpus", str(corpus), "--scheduler", "tcp://10.0.0.5:8786") == (
        "--scheduler: needs --engine dask (the local engine has no scheduler). Add --engine dask."
    )
    assert refused(capsys, "corpus", "") == (
        "'': is an empty path. Pass a .txt file, a folder of .txt files, or a .csv/.jsonl/.jsonl.gz/.parquet file."
    )


def test_subfolders_are_read_with_recursive_or_reported_as_folders(capsys, tmp_path, corpus):
    (corpus / "2020").mkdir()
    (corpus / "2020" / "c.txt").write_text(ARTICLE + " ثالث", encoding="utf-8")
    (corpus / "notes.md").write_text("x", encoding="utf-8")
    code, out, err = cli(capsys, "corpus", str(corpus), "--format", "json", "--workers", "1")
    assert [d["doc_id"] for d in json.loads(out)] == ["a", "b"]
    assert err == [
        "arabic-news: note: ignored 1 file(s) that are not .txt: notes.md",
        "arabic-news: note: did not read 1 subfolder(s): 2020 (--recursive reads them)",
    ]
    code, out, err = cli(capsys, "corpus", str(corpus), "--recursive", "--format", "json", "--workers", "1")
    assert [(d["doc_id"], d["source"]) for d in json.loads(out)] == [
        ("2020/c", "2020/c.txt"),
        ("a", "a.txt"),
        ("b", "b.txt"),
    ]
    only = tmp_path / "only"
    (only / "sub").mkdir(parents=True)
    (only / "sub" / "a.txt").write_text(OTHER, encoding="utf-8")
    assert refused(capsys, "corpus", str(only)) == (
        f"{only}: has no .txt files (it has 1 subfolder(s): sub). Pass --recursive (recursive=True) to read the "
        ".txt files of its subfolders."
    )


def test_an_excel_csv_with_bom_and_semicolons_loads(tmp_path):
    f = tmp_path / "excel.csv"
    f.write_bytes(codecs.BOM_UTF8 + f"id;text;outlet\r\n1;{OTHER};x\r\n2;{ARTICLE[:30]};y\r\n".encode())
    df = load_corpus(f)
    assert list(df["doc_id"]) == ["1", "2"] and list(df["outlet"]) == ["x", "y"]
    (tmp_path / "tab.csv").write_text(f"id\ttext\n1\t{OTHER}\n", encoding="utf-8")
    assert list(load_corpus(tmp_path / "tab.csv")["raw"]) == [OTHER]
    (tmp_path / "semi.csv").write_text(f"id;body\n1;{OTHER}\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"has no 'text' column \(columns, read as semicolon-separated: id, body\)"):
        load_corpus(tmp_path / "semi.csv")


def test_encoding_and_line_end_problems_are_named(tmp_path):
    (tmp_path / "u16.csv").write_bytes(f"id,text\n1,{OTHER}\n".encode("utf-16-le"))
    with pytest.raises(
        CorpusError, match=r"u16.csv: is not UTF-8 text .*It looks like UTF-16 \(little-endian, no BOM\)"
    ):
        load_corpus(tmp_path / "u16.csv")
    assert list(load_corpus(tmp_path / "u16.csv", encoding="utf-16-le")["raw"]) == [OTHER]
    (tmp_path / "cr.csv").write_bytes(f"id,text\r1,{OTHER}\r".encode())
    with pytest.raises(CorpusError, match=r"cr.csv: has lines that end with a carriage return alone"):
        load_corpus(tmp_path / "cr.csv")


def test_excels_bom_is_accepted_in_metadata_and_lexicons(tmp_path, corpus):
    (corpus / "metadata.csv").write_bytes(codecs.BOM_UTF8 + b"doc_id;outlet\r\na;x\r\nb;y\r\n")
    assert list(load_corpus(corpus)["outlet"]) == ["x", "y"]
    framing = REPO / "lib" / "arabic_news" / "studies" / "libya-2019-2020" / "framing.csv"
    excel = tmp_path / "framing.csv"
    excel.write_bytes(codecs.BOM_UTF8 + framing.read_bytes())
    ctx = Context.of("libya-2019-2020", lexicon=excel)
    assert len(ctx.study.framing) == len(LIBYA.study.framing)


def test_a_copied_study_folders_errors_name_the_copy(tmp_path):
    import shutil

    from arabic_news import StudyError, load_study

    copy = tmp_path / "my-pack"
    shutil.copytree(REPO / "lib" / "arabic_news" / "studies" / "libya-2019-2020", copy)
    framing = copy / "framing.csv"
    framing.write_text(framing.read_text(encoding="utf-8").replace("gloss_en", "glos_en", 1), encoding="utf-8")
    with pytest.raises(StudyError) as exc:
        load_study(copy)
    assert str(exc.value).startswith(f"{framing.resolve()}, row 1: missing column(s) gloss_en")


def test_the_max_bytes_advice_gives_a_limit_that_reads_the_line(tmp_path):
    f = tmp_path / "t.jsonl"
    meta = "x" * 3_500_000  # a long field beside a short text: the line, not the text, is above the limit
    f.write_text(json.dumps({"text": OTHER, "html": meta}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError) as exc:
        load_corpus(f, max_bytes=3_000_000)
    assert "line 1 is 3,500,1" in str(exc.value) and "`--max-bytes 4M`" in str(exc.value)  # was: 3M, the limit
    advice = int(re.search(r"max_bytes=([\d_]+)", str(exc.value)).group(1).replace("_", ""))
    assert len(load_corpus(f, max_bytes=advice)) == 1


def test_a_parquet_file_without_rows_says_so(capsys, tmp_path):
    pytest.importorskip("pyarrow")
    pd.DataFrame({"text": pd.Series([], dtype=str)}).to_parquet(tmp_path / "zero.parquet")
    assert refused(capsys, "corpus", str(tmp_path / "zero.parquet")) == (
        "zero.parquet: has no documents (no rows). Pass a file with at least one article."
    )
