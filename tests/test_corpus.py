"""Loading corpora: every input format, metadata joins, encodings."""

import gzip
import json

import pandas as pd
import pytest

from arabic_news import Context, CorpusError, load_case_study, load_corpus
from repo_paths import RAW_DIR

LIBYA = Context.of("libya-2019-2020")

ARTICLE = "وصل المشير خليفة حفتر إلى القاهرة.\n\nوالتقى الرئيس المصري."
OTHER = "قالت حكومة الوفاق إن قواتها تقدمت جنوب طرابلس."


def test_the_case_study_loads_byte_for_byte():
    df = load_case_study(LIBYA)
    assert len(df) == 5
    assert list(df.columns[:4]) == ["doc_id", "source", "raw", "text"]
    for doc_id, raw in zip(df["doc_id"], df["raw"]):
        assert (RAW_DIR / f"{doc_id}.txt").read_bytes() == raw.encode("utf-8")


def test_one_txt_file(tmp_path):
    f = tmp_path / "a1.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    df = load_corpus(f)
    assert df.loc[0, "doc_id"] == "a1"
    assert df.loc[0, "raw"] == ARTICLE
    assert df.loc[0, "text"] == "وصل المشير خليفه حفتر الي القاهره.\n\nوالتقي الرئيس المصري."


def test_bom_and_crlf_are_read_and_raw_keeps_line_endings(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    df = load_corpus(f)
    assert df.loc[0, "raw"] == ARTICLE.replace("\n", "\r\n")  # BOM is encoding, not text
    assert df.loc[0, "text"] == load_corpus_text(tmp_path, ARTICLE)


def load_corpus_text(tmp_path, text):
    plain = tmp_path / "plain" / "p.txt"
    plain.parent.mkdir()
    plain.write_text(text, encoding="utf-8")
    return load_corpus(plain).loc[0, "text"]


def test_folder_with_metadata_is_joined_by_stem(tmp_path):
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "doc_id,outlet,date\na,Al-Ahram,2019-04-14\nb,Libya Observer,2020-06-05\n", encoding="utf-8"
    )
    df = load_corpus(tmp_path)
    assert list(df["doc_id"]) == ["a", "b"]
    assert list(df["outlet"]) == ["Al-Ahram", "Libya Observer"]
    assert list(df["date"]) == ["2019-04-14", "2020-06-05"]


def test_metadata_keyed_by_file_name(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,outlet\na.txt,Youm7\n", encoding="utf-8")
    assert load_corpus(tmp_path).loc[0, "outlet"] == "Youm7"


def test_csv_with_text_column(tmp_path):
    f = tmp_path / "c.csv"
    pd.DataFrame({"id": ["x", "y"], "outlet": ["A", "B"], "text": [ARTICLE, OTHER]}).to_csv(f, index=False)
    df = load_corpus(f)
    assert list(df["doc_id"]) == ["x", "y"]
    assert df.loc[1, "raw"] == OTHER
    assert list(df["outlet"]) == ["A", "B"]


def test_csv_without_id_gets_stable_row_ids(tmp_path):
    f = tmp_path / "c.csv"
    pd.DataFrame({"body": [ARTICLE, OTHER]}).to_csv(f, index=False)
    df = load_corpus(f, text_column="body")
    assert list(df["doc_id"]) == ["c-2", "c-3"]  # CSV row numbers, header is row 1


@pytest.mark.parametrize("name", ["d.jsonl", "d.jsonl.gz"])
def test_jsonl_and_gzipped_jsonl(tmp_path, name):
    lines = (
        "\n".join(
            json.dumps({"id": i, "title": "t", "date": "2015-07-01", "text": t}, ensure_ascii=False)
            for i, t in [(7, ARTICLE), (9, OTHER)]
        )
        + "\n"
    )
    data = lines.encode("utf-8")
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    df = load_corpus(tmp_path / name)
    assert list(df["doc_id"]) == ["7", "9"]
    assert list(df["title"]) == ["t", "t"]


def test_windows_1256_is_refused_with_a_fix_and_read_when_named(tmp_path):
    f = tmp_path / "win.txt"
    f.write_bytes(ARTICLE.encode("cp1256"))
    with pytest.raises(CorpusError) as err:
        load_corpus(f)
    message = str(err.value)
    assert message.startswith("win.txt: is not valid UTF-8")
    assert "Windows-1256" in message and "--encoding cp1256" in message
    assert load_corpus(f, encoding="cp1256").loc[0, "raw"] == ARTICLE


def test_utf16_is_refused_with_a_fix_and_read_when_named(tmp_path):
    f = tmp_path / "word.txt"
    f.write_bytes(ARTICLE.encode("utf-16"))
    with pytest.raises(CorpusError, match=r"word.txt: .*--encoding utf-16"):
        load_corpus(f)
    assert load_corpus(f, encoding="utf-16").loc[0, "raw"] == ARTICLE


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"This is an English text only.", "contains no Arabic text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_bad_files_are_refused_by_name(tmp_path, content, problem):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(CorpusError, match=problem) as err:
        load_corpus(f)
    assert str(err.value).startswith("bad.txt")


def test_skip_mode_lists_what_it_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.warns(UserWarning, match="empty.txt"):
        df = load_corpus(tmp_path, on_error="skip")
    assert list(df["doc_id"]) == ["good"]
    (skipped,) = df.attrs["skipped"]
    assert skipped.source == "empty.txt" and "empty" in skipped.reason


def test_table_without_text_column_names_the_columns(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("id,body\n1,نص\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t.csv, row 2: has no 'text' column \(columns: id, body\)"):
        load_corpus(f)


def test_missing_path_and_unknown_type(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match="unsupported file type .docx"):
        load_corpus(tmp_path / "a.docx")
