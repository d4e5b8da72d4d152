"""Bad and disguised input, invariance to invisible differences, nothing lost, markup as data.

The files under tests/fixtures/bad/ are real exports of two short articles written for these
tests (a Tripoli government statement and a Cairo presidency readout, not the case-study seeds):
the same article in Windows-1256, UTF-16, UTF-8 with BOM and CRLF, copied from a PDF, dressed in
direction marks, tatweel and diacritics; and files that must be refused.
"""

import gzip
import json
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from arabic_news import (
    Context,
    CorpusError,
    PhraseMatcher,
    count_words,
    load_corpus,
    split_paragraphs,
    split_sentences,
    tokenize,
)
from arabic_news.core.decoding import decode_bytes, looks_reversed
from arabic_news.core.files import DEFAULT_MAX_BYTES

LIBYA = Context.of("libya-2019-2020")

BAD = Path(__file__).parent / "fixtures" / "bad"
CLEAN = (BAD / "clean_utf8.txt").read_text(encoding="utf-8")
TERMS = ["حكومة الوفاق", "مليشيات حفتر", "الجيش الوطني الليبي", "الوطني", "حفتر", "طرابلس"]
#: counted by hand in clean_utf8.txt: 17 + 21 + 21 words, 1 + 1 + 2 sentences, 3 paragraphs;
#: "مليشيات حفتر" takes the only حفتر, "الجيش الوطني الليبي" one of the two الوطني
CLEAN_COUNTS = {"words": 59, "sentences": 4, "paragraphs": 3}
CLEAN_MATCHES = {"حكومة الوفاق": 1, "مليشيات حفتر": 1, "الجيش الوطني الليبي": 1, "الوطني": 1, "طرابلس": 1}


def counts(raw: str) -> dict:
    """Return the counts that must not depend on invisible differences."""
    return {"words": count_words(raw), "sentences": len(split_sentences(raw)), "paragraphs": len(split_paragraphs(raw))}


def message(path, **kwargs) -> str:
    """Return the CorpusError message raised by loading ``path``."""
    with pytest.raises(CorpusError) as err:
        load_corpus(path, **kwargs)
    return str(err.value)


# --- 1. clear errors, one per failure mode -----------------------------------------------------

REFUSED = {
    "empty.txt": "empty.txt: the file is empty. Remove it or add the article text.",
    "whitespace_only.txt": "whitespace_only.txt: the file is empty. Remove it or add the article text.",
    "english_only.txt": "english_only.txt: contains no Arabic text. Check that this is an Arabic article and "
    "that the encoding is right (pass `--encoding`).",
    "image_renamed.txt": "image_renamed.txt: is a binary file (a PNG image), not text. Pass the article as "
    "plain text (UTF-8).",
    "gzip_renamed.txt": "gzip_renamed.txt: is a binary file (gzip-compressed data), not text. Decompress it "
    "first (gunzip), or name it .jsonl.gz if it holds JSON lines.",
    "docx_renamed.txt": "docx_renamed.txt: is a binary file (a ZIP archive; .docx and .xlsx files are ZIP "
    "archives), not text. Save the article as plain text (UTF-8), or unpack the archive first.",
    "windows_1256.txt": "windows_1256.txt: is not valid UTF-8 (byte 0). It looks like Windows-1256: pass "
    "`--encoding cp1256` (encoding='cp1256' in Python), or re-save the file as UTF-8.",
    "word_utf16le_bom.txt": "word_utf16le_bom.txt: is not valid UTF-8 (byte 0). It looks like UTF-16: pass "
    "`--encoding utf-16` (encoding='utf-16' in Python), or re-save the file as UTF-8.",
    "utf16le_no_bom.txt": "utf16le_no_bom.txt: is not UTF-8 text (it contains NUL bytes). It looks like UTF-16 "
    "(little-endian, no BOM): pass `--encoding utf-16-le` (encoding='utf-16-le' in "
    "Python), or re-save the file as UTF-8.",
    # 25 Arabic letters (2 bytes each) and 5 spaces precede the encoded surrogate ED A0 80
    "encoded_surrogate.txt": "encoded_surrogate.txt: is not valid UTF-8 (byte 55, line 1): 3 undecodable "
    "byte(s) in an otherwise UTF-8 file. Repair or re-export the file; no encoding "
    "option can read damaged bytes.",
    "pdf_visual_order.txt": "pdf_visual_order.txt: reads backwards (words such as يف for في): it was probably "
    "copied from a PDF in visual order, which cannot be repaired reliably. Copy the "
    "article from its web page, or extract the PDF with a tool that keeps logical "
    "order (e.g. `pdftotext`).",
    "no_text_column.csv": "no_text_column.csv, row 2: has no 'text' column (columns: id, body). Name the "
    "column that holds the article text with `--text-column`.",
    "unclosed_quote.csv": "unclosed_quote.csv, row 2: is not a well-formed CSV (',' expected after '\"'). "
    "Check the quotes: a field with a comma, quote or line break must be wrapped in "
    "double quotes, and inner quotes doubled.",
    "windows_1256.csv": "windows_1256.csv: is not valid UTF-8 (byte 28). It looks like Windows-1256: pass "
    "`--encoding cp1256` (encoding='cp1256' in Python), or re-save the file as UTF-8.",
    "windows_1256.jsonl": "windows_1256.jsonl: is not valid UTF-8 (byte 22). It looks like Windows-1256: pass "
    "`--encoding cp1256` (encoding='cp1256' in Python), or re-save the file as UTF-8.",
    "truncated.jsonl.gz": "truncated.jsonl.gz: is not a readable gzip file (Compressed file ended before the "
    "end-of-stream marker was reached). Check that the download finished, or "
    "decompress it first.",
    "one_invalid_line.jsonl": "one_invalid_line.jsonl, row 2: invalid JSON (Expecting ',' delimiter, column "
    "117). Each line must be one complete JSON object.",
    "lone_surrogate_escape.jsonl": "lone_surrogate_escape.jsonl, row 2: 'text' contains an unpaired surrogate "
    "(U+D800 at character 94), which is not valid Unicode text. Fix the program "
    "that wrote the file (a JSON \\ud800-style escape without its pair), or "
    "remove the row.",
    "empty_text_row.csv": "empty_text_row.csv, row 3: the text is empty. Remove it or add the article text.",
    "ragged_row.csv": "ragged_row.csv, row 3: has more fields than the header (5 instead of 3). Quote fields "
    "that contain commas, or fix the header.",
    "bad_metadata_encoding": "metadata.csv: is not valid UTF-8 (byte 16). It looks like Windows-1256: pass "
    "`--encoding cp1256` (encoding='cp1256' in Python), or re-save the file as UTF-8.",
    "malformed_metadata": "metadata.csv, row 2: is not a well-formed CSV (unexpected end of data). Fix the "
    "metadata file, or remove it to load the texts without metadata.",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_bad_fixture_is_refused_with_file_problem_and_fix(name):
    assert message(BAD / name) == REFUSED[name]


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("windows_1256.txt", "cp1256"),
        ("word_utf16le_bom.txt", "utf-16"),
        ("utf16le_no_bom.txt", "utf-16-le"),
    ],
)
def test_the_suggested_encoding_reads_the_same_article(name, encoding):
    df = load_corpus(BAD / name, encoding=encoding)
    # the Windows exports also have CRLF line endings, which raw keeps
    assert df.loc[0, "raw"].replace("\r\n", "\n") == CLEAN
    assert df.loc[0, "text"] == load_corpus(BAD / "clean_utf8.txt").loc[0, "text"]


def test_encoding_works_for_csv_jsonl_and_folders(tmp_path):
    csv_df = load_corpus(BAD / "windows_1256.csv", encoding="cp1256")
    assert list(csv_df["doc_id"]) == ["w1"] and list(csv_df["outlet"]) == ["Al-Wasat"]
    assert csv_df.loc[0, "raw"] == CLEAN.replace("\n", "\r\n")  # quoted CRLF inside the field survives
    jsonl_df = load_corpus(BAD / "windows_1256.jsonl", encoding="cp1256")
    assert jsonl_df.loc[0, "raw"] == CLEAN
    (tmp_path / "a.txt").write_bytes(CLEAN.encode("cp1256"))
    (tmp_path / "metadata.csv").write_bytes("doc_id,outlet\na,الوسط\n".encode("cp1256"))
    folder = load_corpus(tmp_path, encoding="cp1256")  # metadata: not UTF-8, so read with --encoding
    assert folder.loc[0, "raw"] == CLEAN and folder.loc[0, "outlet"] == "الوسط"


def test_metadata_in_utf8_next_to_cp1256_articles_is_read_as_utf8(tmp_path):
    (tmp_path / "a.txt").write_bytes(CLEAN.encode("cp1256"))
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,الوسط\n", encoding="utf-8")
    assert load_corpus(tmp_path, encoding="cp1256").loc[0, "outlet"] == "الوسط"


def test_a_legacy_encoding_never_garbles_a_utf8_file(tmp_path):
    # a folder mixing UTF-8 and Windows-1256 files loads in one go with encoding="cp1256"
    (tmp_path / "utf8.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "win.txt").write_bytes(CLEAN.encode("cp1256"))
    df = load_corpus(tmp_path, encoding="cp1256")
    assert list(df["raw"]) == [CLEAN, CLEAN]


def test_forcing_an_encoding_on_a_binary_file_still_refuses_it():
    assert message(BAD / "image_renamed.txt", encoding="cp1256").startswith(
        "image_renamed.txt: is a binary file (a PNG image)"
    )


def test_unknown_encoding_is_refused_once_for_the_whole_corpus():
    assert message(BAD / "mixed", encoding="klingon", on_error="skip") == (
        "mixed: unknown encoding 'klingon'. Pass a codec name Python knows, e.g. utf-8, cp1256, utf-16."
    )


def test_metadata_with_a_ragged_row_names_the_row(tmp_path):
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,Al-Wasat,2020\n", encoding="utf-8")
    assert message(tmp_path, on_error="skip") == (
        "metadata.csv, row 2: has 3 field(s) where the header has 2. Quote fields that contain commas. "
        "Fix the metadata file, or remove it to load the texts without metadata."
    )
    (tmp_path / "metadata.csv").write_text("doc_id,outlet,date\na,Al-Wasat\n", encoding="utf-8")
    assert message(tmp_path).startswith("metadata.csv, row 2: has 2 field(s) where the header has 3.")


def test_file_names_that_are_not_utf8_become_readable_ids(tmp_path):
    # an Arabic name written by a Windows-1256 zip tool: the bytes are not UTF-8
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xc7\xe1\xe6\xd3\xd8.txt")
    Path(name).write_text(CLEAN, encoding="utf-8")
    df = load_corpus(tmp_path)
    assert list(df["doc_id"]) == ["\\xc7\\xe1\\xe6\\xd3\\xd8"]
    assert df.loc[0, "source"].encode("utf-8")  # no lone surrogates: printable, JSON-safe


def test_csv_with_a_header_only(tmp_path):
    (tmp_path / "h.csv").write_text("id,text\n", encoding="utf-8")
    assert message(tmp_path / "h.csv") == "h.csv: has a header but no rows. Add one article per row."


def test_a_jsonl_row_without_the_text_field_is_skipped_not_fatal(tmp_path):
    f = tmp_path / "k.jsonl"
    f.write_text(
        json.dumps({"id": 1, "body": CLEAN}, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": 2, "text": CLEAN}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    with pytest.warns(UserWarning, match=r"k.jsonl, row 1: has no 'text' field \(fields: id, body\)"):
        df = load_corpus(f, on_error="skip")
    assert list(df["doc_id"]) == ["2"]


def test_a_csv_article_longer_than_the_csv_module_field_limit_loads(tmp_path):
    long_text = (CLEAN.replace("\n", " ") + " ") * 400  # about 240,000 bytes, above csv's 131,072
    pd.DataFrame({"id": ["long"], "text": [long_text]}).to_csv(tmp_path / "l.csv", index=False)
    import csv

    before = csv.field_size_limit()
    assert load_corpus(tmp_path / "l.csv").loc[0, "raw"] == long_text
    assert csv.field_size_limit() == before  # the global limit is restored


def test_jsonl_text_with_a_line_separator_character_stays_one_row():
    df = load_corpus(BAD / "line_separator.jsonl")
    assert len(df) == 1 and "\u2028" in df.loc[0, "raw"]


def test_a_broken_symlink_and_a_folder_named_txt_are_reported(tmp_path):
    (tmp_path / "good.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.warns(UserWarning):
        df = load_corpus(tmp_path, on_error="skip")
    assert [s.reason for s in df.attrs["skipped"]] == [
        "folder.txt: is a folder, not a file. Pass the folder itself or a file inside it.",
        "gone.txt: is a broken symbolic link. Point it at an existing file or remove it.",
    ]
    assert message(tmp_path / "gone.txt") == (
        "gone.txt: is a broken symbolic link. Point it at an existing file or remove it."
    )


def test_a_folder_without_text_files(tmp_path):
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    assert message(tmp_path).endswith(
        "has no .txt files. Put one article per .txt file in the folder, or pass a CSV/JSONL file."
    )


# --- size limit --------------------------------------------------------------------------------


def test_a_file_above_the_default_limit_is_refused_before_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:  # sparse: takes no disk space and is never read
        fh.truncate(DEFAULT_MAX_BYTES + 1)
    start = time.perf_counter()
    assert message(f) == (
        "huge.txt: is 40,000,001 bytes, above the limit of 40,000,000 bytes. Split it into smaller documents, or "
        "raise the limit with `--max-bytes 41M` (max_bytes=41_000_000 in Python; None "
        "for no limit)."
    )
    assert time.perf_counter() - start < 1


def test_max_bytes_applies_to_each_decompressed_row_not_to_the_file(tmp_path):
    f = tmp_path / "bomb.jsonl.gz"
    line = json.dumps({"text": CLEAN}, ensure_ascii=False) + "\n"
    huge = json.dumps({"text": CLEAN * 400}, ensure_ascii=False) + "\n"  # one row of about 250 KB
    f.write_bytes(gzip.compress((line * 2000 + huge).encode("utf-8")))  # 1.5 MB, compresses well
    assert message(f, max_bytes=100_000) == (
        "bomb.jsonl.gz, row 2001: line 2001 is 248,012 bytes, above the limit of 100,000 bytes. Split it into smaller "
        "documents, or raise the limit with `--max-bytes 1M` (max_bytes=1_000_000 in Python; None for no limit)."
    )
    with pytest.warns(UserWarning, match="row 2001"):
        assert len(load_corpus(f, max_bytes=100_000, on_error="skip")) == 2000  # streamed: the file may be larger
    assert len(load_corpus(f, max_bytes=None)) == 2001


def test_large_files_load_in_reasonable_time(tmp_path):
    many_lines = tmp_path / "many.txt"
    many_lines.write_text(CLEAN * 20_000, encoding="utf-8")  # 12 MB, 60,000 paragraphs
    one_line = tmp_path / "one.txt"
    one_line.write_text(CLEAN.replace("\n", " ") * 8_000, encoding="utf-8")  # 5 MB, one line
    start = time.perf_counter()
    df = load_corpus(tmp_path)
    assert time.perf_counter() - start < 30  # a generous bound against accidental quadratic work
    assert df.set_index("doc_id")["raw"].str.len().to_dict() == {"many": len(CLEAN) * 20_000, "one": len(CLEAN) * 8_000}
    assert message(many_lines, max_bytes=1_000_000).startswith(
        f"many.txt: is {many_lines.stat().st_size:,} bytes, above the limit of 1,000,000 bytes"
    )


# --- 2. same text, same result -----------------------------------------------------------------


def variants() -> dict[str, str]:
    """Return the clean article written in every invisible way we know, as decoded raw text."""
    import arabic_reshaper

    diacritics = (
        CLEAN.replace("أعلنت", "أَعْلَنَتْ")
        .replace("المدينة.", "المَدِينَةِ.")
        .replace("حكومة", "حُكُومَةُ")
        .replace("قواتها", "قُوَّاتُهَا")
    )
    tatweel = CLEAN.replace("الجيش", "الجـــيش").replace("حفتر", "حفـتـر").replace("كبيرة", "كبـيـرة")
    marks = "\u200f" + CLEAN.replace(". ", ".\u200f ").replace("حفتر", "\u061cحفتر\u200e").replace(
        "طرابلس", "\u202bطرابلس\u202c"
    ).replace("\n\n", "\n\u200f\n").replace("،", "\u200f،")
    return {
        "file: marks, tatweel, diacritics": load_corpus(BAD / "marks_tatweel_diacritics.txt").loc[0, "raw"],
        "file: UTF-8 BOM + CRLF": load_corpus(BAD / "utf8_bom_crlf.txt").loc[0, "raw"],
        "file: PDF presentation forms": load_corpus(BAD / "pdf_presentation_forms.txt").loc[0, "raw"],
        "file: Windows-1256": load_corpus(BAD / "windows_1256.txt", encoding="cp1256").loc[0, "raw"],
        "file: UTF-16 from Word": load_corpus(BAD / "word_utf16le_bom.txt", encoding="utf-16").loc[0, "raw"],
        "diacritics": diacritics,
        "tatweel": tatweel,
        "LRM/RLM/ALM, embeddings, mark-only blank lines": marks,
        "presentation forms": arabic_reshaper.reshape(CLEAN),
        "BOM inside the text": "\ufeff" + CLEAN,
        "CRLF": CLEAN.replace("\n", "\r\n"),
        "lone CR": CLEAN.replace("\n", "\r"),
        "everything at once": "\ufeff"
        + arabic_reshaper.reshape(tatweel).replace("\n", "\r\n").replace(". ", ".\u200f "),
    }


def test_the_reference_counts_are_right():
    assert counts(CLEAN) == CLEAN_COUNTS
    assert PhraseMatcher(TERMS).count(CLEAN) == CLEAN_MATCHES


@pytest.mark.parametrize("variant", sorted(variants()))
def test_invisible_differences_change_no_count(variant):
    raw = variants()[variant]
    assert raw != CLEAN
    assert counts(raw) == CLEAN_COUNTS
    assert PhraseMatcher(TERMS).count(raw) == CLEAN_MATCHES
    assert [t.norm for t in tokenize(raw)] == [t.norm for t in tokenize(CLEAN)]


@pytest.mark.parametrize("variant", sorted(variants()))
def test_matches_quote_the_variant_exactly(variant):
    raw = variants()[variant]
    matches = PhraseMatcher(TERMS).find(raw)
    assert len(matches) == sum(CLEAN_MATCHES.values())
    for m in matches:
        assert m.text == raw[m.start : m.end]


@pytest.mark.parametrize("variant", sorted(variants()))
def test_invisible_differences_change_no_stance_score(variant):
    from arabic_news import StanceScorer

    scorer = StanceScorer(LIBYA)
    clean, other = scorer.score(CLEAN), scorer.score(variants()[variant])
    assert other["n_words"] == clean["n_words"] == CLEAN_COUNTS["words"]
    assert other["actors"] == clean["actors"]
    assert [(h.term, h.polarity, h.quoted) for h in other["hits"]] == [
        (h.term, h.polarity, h.quoted) for h in clean["hits"]
    ]


@pytest.mark.parametrize("variant", sorted(variants()))
def test_invisible_differences_change_no_source_duplicate_or_cleaning_result(variant):
    from arabic_news import Document
    from arabic_news.analyses.cleaning import boilerplate_cues, clean_document
    from arabic_news.analyses.sources import actor_counts
    from arabic_news.core.shingles import jaccard, word_shingles

    raw = variants()[variant]
    # counted by hand: حكومة الوفاق (gna); مليشيات حفتر and الجيش الوطني الليبي (haftar_forces);
    # الأمم المتحدة (un)
    assert actor_counts(raw, LIBYA) == actor_counts(CLEAN, LIBYA) == {"gna": 1, "haftar_forces": 2, "un": 1}
    assert jaccard(word_shingles(raw), word_shingles(CLEAN)) == 1.0
    cues = boilerplate_cues(LIBYA)
    doc = clean_document(Document("v", raw), cues)
    assert (len(doc.kept_spans), len(doc.removed), doc.clean_text) == (
        3,
        0,
        clean_document(Document("c", CLEAN), cues).clean_text,
    )


QUOTED = (
    'قال المتحدث باسم حكومة الوفاق: إن مليشيات حفتر قصفت طرابلس. وأضاف أن قوات "الجيش الوطني '
    'الليبي" لن تدخل العاصمة.\n\nفي المقابل، أكد ما يسمى الجيش الوطني الليبي أن «مليشيات الوفاق» '
    "تراجعت في ليبيا."
)


@pytest.mark.parametrize("variant", ["rlm", "tatweel", "diacritics", "presentation forms", "crlf", "bom"])
def test_quotation_rules_of_stance_ignore_invisible_differences(variant):
    import arabic_reshaper

    from arabic_news import StanceScorer

    raw = {
        "rlm": QUOTED.replace("«", "\u200f«")
        .replace("»", "»\u200f")
        .replace(":", ":\u200f")
        .replace(". ", ".\u200f ")
        .replace('"الجيش', '"\u061cالجيش'),
        "tatweel": QUOTED.replace("مليشيات", "مليـشيات").replace("الجيش", "الجـيش"),
        "diacritics": QUOTED.replace("قال", "قَالَ").replace("حفتر", "حَفْتَر"),
        "presentation forms": arabic_reshaper.reshape(QUOTED),
        "crlf": QUOTED.replace("\n", "\r\n"),
        "bom": "\ufeff" + QUOTED,
    }[variant]
    result = StanceScorer(LIBYA).score(raw)
    # قال: quotes the first hostile label; "..." and «...» are scare quotes (neutralized);
    # ما يسمى ("so-called") flips the legitimizing label: Haftar's only own-voice hit is hostile
    assert [(h.term, h.polarity, h.quoted, h.distance) for h in result["hits"]] == [
        ("حكومة الوفاق", 0, False, ""),
        ("مليشيات حفتر", -1, True, ""),
        ("الجيش الوطني الليبي", 1, True, "scare_quotes"),
        ("الجيش الوطني الليبي", -1, False, "so_called"),
        ("مليشيات الوفاق", -1, True, "scare_quotes"),
    ]
    haftar = result["actors"]["haftar"]
    # one own-voice hit, reversed by "so-called": loaded (weight 2), score -2 / (2 + 2)
    assert (haftar["score"], haftar["pro"], haftar["anti"], haftar["per_1000_words"]) == (-0.5, 0, 1, 30.303)
    assert result["n_words"] == 33


def test_counts_do_not_depend_on_where_the_direction_mark_sits():
    # Word puts RLM after a final full stop so that it displays at the left end of the line
    assert counts("وصل حفتر إلى القاهرة.\u200f ثم عاد إلى بنغازي.\u200f") == {
        "words": 8,
        "sentences": 2,
        "paragraphs": 1,
    }
    # a diacritic before the full stop must not make the last letter look like an abbreviation (د.)
    assert counts("زار المدينةَ. ثم عاد.") == {"words": 4, "sentences": 2, "paragraphs": 1}
    assert counts("قال د. محمد إن الوضع هادئ.") == {"words": 6, "sentences": 1, "paragraphs": 1}


def test_reversed_detection_needs_evidence():
    assert looks_reversed((BAD / "pdf_visual_order.txt").read_text(encoding="utf-8"))
    assert not looks_reversed(CLEAN)
    assert not looks_reversed("يف")  # one odd word is not evidence


# --- 3. nothing lost ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("clean_utf8.txt", None),
        ("utf8_bom_crlf.txt", None),
        ("marks_tatweel_diacritics.txt", None),
        ("pdf_presentation_forms.txt", None),
        ("markup_in_text.txt", None),
        ("windows_1256.txt", "cp1256"),
        ("word_utf16le_bom.txt", "utf-16"),
        ("utf16le_no_bom.txt", "utf-16-le"),
    ],
)
def test_raw_is_the_decoded_file_exactly(name, encoding):
    data = (BAD / name).read_bytes()
    expected = data.decode(encoding or "utf-8-sig")
    expected = expected[1:] if expected.startswith("\ufeff") else expected
    assert load_corpus(BAD / name, encoding=encoding).loc[0, "raw"] == expected


def test_crlf_survives_in_raw():
    raw = load_corpus(BAD / "utf8_bom_crlf.txt").loc[0, "raw"]
    assert raw.count("\r\n") == 5 and not raw.startswith("\ufeff")


def test_a_mixed_folder_loads_the_good_and_lists_every_bad_file():
    folder = BAD / "mixed"
    with pytest.warns(UserWarning) as caught:
        df = load_corpus(folder, on_error="skip")
    txt_files = sorted(p.name for p in folder.glob("*.txt"))
    assert list(df["source"]) == ["good_cairo.txt", "good_gna.txt"]
    skipped = {s.source: s.reason.split(": ", 1)[1] for s in df.attrs["skipped"]}
    assert len(df) + len(skipped) == len(txt_files) == 7
    assert sorted(skipped) == ["empty.txt", "english.txt", "image.txt", "reversed_pdf.txt", "windows_1256.txt"]
    assert skipped["windows_1256.txt"].startswith("is not valid UTF-8 (byte 0). It looks like Windows-1256")
    assert len(caught) == 5
    assert df.attrs["ignored"] == ["notes.md"]


def test_strict_mode_stops_at_the_first_bad_file_in_order():
    assert message(BAD / "mixed") == "empty.txt: the file is empty. Remove it or add the article text."


def test_table_rows_are_all_accounted_for():
    with pytest.warns(UserWarning):
        df = load_corpus(BAD / "one_invalid_line.jsonl", on_error="skip")
    assert list(df["doc_id"]) == ["j1", "j3"]
    assert [(s.source, s.row) for s in df.attrs["skipped"]] == [("one_invalid_line.jsonl", 2)]
    with pytest.warns(UserWarning):
        csv_df = load_corpus(BAD / "empty_text_row.csv", on_error="skip")
    assert list(csv_df["doc_id"]) == ["r1", "r3"] and [s.row for s in csv_df.attrs["skipped"]] == [3]


def test_when_everything_is_skipped_the_error_carries_the_list(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"English.")
    with pytest.warns(UserWarning), pytest.raises(CorpusError) as err:
        load_corpus(tmp_path, on_error="skip")
    assert str(err.value).endswith(
        ": no document could be loaded (2 skipped). See the warnings above for each skipped document."
    )
    assert [s.source for s in err.value.skipped] == ["a.txt", "b.txt"]


def test_decode_bytes_never_strips_more_than_the_bom():
    assert decode_bytes(b"\xef\xbb\xbf\xef\xbb\xbf\xd8\xa7", "x.txt") == "\ufeff\u0627"


# --- 4. markup is data -------------------------------------------------------------------------

MARKUP = (BAD / "markup_in_text.txt").read_text(encoding="utf-8")
DANGEROUS = ("<script>", "<img", "<b>", 'javascript:alert(3)">')


def assert_inert(page: str) -> None:
    """Fail when article markup in ``page`` could act as HTML."""
    for fragment in DANGEROUS:
        assert fragment not in page, fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page


def test_markup_file_loads_as_text():
    df = load_corpus(BAD / "markup_in_text.txt")
    assert df.loc[0, "raw"] == MARKUP
    assert "<script>alert(1)</script>" in df.loc[0, "text"]


def test_rtl_table_escapes_article_markup():
    from arabic_news import rtl_table

    table = rtl_table(
        pd.DataFrame({"raw": [MARKUP]}, index=pd.Index(["<i>doc</i>"], name="doc_id")), caption="<b>caption</b>"
    )
    page = table._repr_html_()
    assert_inert(page)
    assert "<i>doc</i>" not in page and "&lt;b&gt;caption&lt;/b&gt;" in page
    assert "<bdi>قال **المتحدث** إن</bdi>" in page  # Markdown is shown as typed (the Arabic run isolated), not rendered


def test_report_marks_rtl_without_unescaping():
    from arabic_news.cli.report import mark_rtl
    from arabic_news.display.tables import rtl_table_html

    page = mark_rtl(rtl_table_html(pd.DataFrame({"raw": ["قال " + MARKUP]})))  # starts in Arabic
    assert_inert(page)
    assert 'dir="rtl"' in page


def test_report_index_escapes_markup_in_notebook_markdown(tmp_path):
    import nbformat

    from arabic_news import load_study
    from arabic_news.cli.report import index_page, summarize

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Title <script>alert(0)</script>\n\nA question with <img src=x "
            "onerror=alert(2)>?\n\n**Learning goals**\n\n1. Read <b>bold</b>"
        ),
        nbformat.v4.new_markdown_cell("## Summary\n\n" + MARKUP),
    ]
    page = index_page([summarize(nb, tmp_path / "01-x.ipynb")], load_study())
    assert "<script>alert" not in page and "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page


def test_stance_concordance_html_escapes_article_markup():
    from arabic_news import StanceScorer, concordance, concordance_table, corpus_hits

    raw = (
        "<script>alert(1)</script> أكد الجيش الوطني الليبي <img src=x onerror=alert(2)> أن "
        "مليشيات حفتر <b>تراجعت</b> جنوب طرابلس في ليبيا."
    )
    df = pd.DataFrame({"doc_id": ["m"], "raw": [raw]})
    hits = corpus_hits(df, StanceScorer(LIBYA))
    conc = concordance(df, hits, width=40)
    assert len(conc) >= 1
    page = concordance_table(conc, caption="<i>x</i>")._repr_html_()
    for fragment in ("<script>", "<img", "<b>", "<i>x"):
        assert fragment not in page
    assert "&lt;script&gt;" in page or "&lt;img" in page


def test_no_path_of_the_test_machine_leaks_into_messages(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    assert str(tmp_path) not in message(tmp_path / "e.txt")
    assert os.sep not in message(tmp_path / "e.txt").split(":")[0]


def test_side_by_side_alignment_html_escapes_article_markup():
    from arabic_news import side_by_side

    a = "قال <script>alert(1)</script> المتحدث إن مليشيات حفتر <b>تراجعت</b>."
    b = "قال المتحدث إن قوات <img src=x onerror=alert(2)> الجيش الوطني الليبي تقدمت."
    page = side_by_side([("<i>A</i>", a, "B", b)])._repr_html_()
    for fragment in ("<script>", "<img", "<b>", "<i>A"):
        assert fragment not in page
    assert "<mark>" in page  # the package's own markup survives


def test_exported_notebook_pages_show_article_markup_as_text():
    import nbformat
    from nbconvert import HTMLExporter

    from arabic_news import rtl_table

    df = pd.DataFrame({"raw": [MARKUP]})
    table = rtl_table(df)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "print(raw)",
            outputs=[
                nbformat.v4.new_output("stream", name="stdout", text=MARKUP),
                nbformat.v4.new_output(
                    "execute_result",
                    execution_count=1,
                    data={"text/html": table._repr_html_(), "text/plain": repr(table)},
                ),
                nbformat.v4.new_output(
                    "execute_result", execution_count=2, data={"text/html": df.to_html(), "text/plain": df.to_string()}
                ),
            ],
        )
    ]
    body, _resources = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert "<script>alert(1)</script>" not in body and "<img src=x onerror" not in body
    assert "<b>أكد</b>" not in body
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # stream, rtl_table, pandas
