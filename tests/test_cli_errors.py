"""The command line on bad input: one test per failure mode, run as a real process.

Every refusal is exactly one line ``arabic-news: error: <file>[, row N]: <problem>. <fix>`` with
exit status 2, skipped documents are one ``arabic-news: warning: skipped ...`` line each (exit 0),
and no Python traceback ever reaches the user.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "fixtures" / "bad"
REPO = Path(__file__).resolve().parents[1]


_DONE: dict[tuple[str, ...], subprocess.CompletedProcess] = {}


def _launch(args: tuple[str, ...], env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m arabic_news ARGS --format json`` in the fixtures folder."""
    return subprocess.run(
        [sys.executable, "-m", "arabic_news", *args, "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=BAD,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def run(*args: str, env: dict | None = None, command: str = "corpus") -> subprocess.CompletedProcess:
    """Return the finished ``arabic-news COMMAND ARGS`` process (prefetched runs are reused)."""
    key = (command, *args)
    result = _DONE.get(key) if env is None else None
    if result is None:
        result = _launch(key, env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def prefetch(*arg_lists: list[str], command: str = "corpus") -> None:
    """Run many fixture commands side by side (each is mostly interpreter start-up)."""
    from concurrent.futures import ThreadPoolExecutor

    keys = [(command, *a) for a in arg_lists if (command, *a) not in _DONE]
    with ThreadPoolExecutor(max_workers=4) as pool:
        _DONE.update(zip(keys, pool.map(_launch, keys)))


def error_line(*args: str) -> str:
    """Return the one stderr line of a run that must fail with exit status 2."""
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    return line


REFUSALS = [
    (["empty.txt"], "empty.txt: the file is empty. Remove it or add the article text."),
    (["whitespace_only.txt"], "whitespace_only.txt: the file is empty. Remove it or add the article text."),
    (
        ["english_only.txt"],
        "english_only.txt: contains no Arabic text. Check that this is an Arabic "
        "article and that the encoding is right (pass `--encoding`).",
    ),
    (
        ["image_renamed.txt"],
        "image_renamed.txt: is a binary file (a PNG image), not text. Pass the article as plain text (UTF-8).",
    ),
    (
        ["gzip_renamed.txt"],
        "gzip_renamed.txt: is a binary file (gzip-compressed data), not text. "
        "Decompress it first (gunzip), or name it .jsonl.gz if it holds JSON lines.",
    ),
    (
        ["docx_renamed.txt"],
        "docx_renamed.txt: is a binary file (a ZIP archive; .docx and .xlsx files are "
        "ZIP archives), not text. Save the article as plain text (UTF-8), or unpack "
        "the archive first.",
    ),
    (
        ["windows_1256.txt"],
        "windows_1256.txt: is not valid UTF-8 (byte 0). It looks like Windows-1256: "
        "pass `--encoding cp1256` (encoding='cp1256' in Python), or re-save the file "
        "as UTF-8.",
    ),
    (
        ["word_utf16le_bom.txt"],
        "word_utf16le_bom.txt: is not valid UTF-8 (byte 0). It looks like UTF-16: "
        "pass `--encoding utf-16` (encoding='utf-16' in Python), or re-save the "
        "file as UTF-8.",
    ),
    (
        ["utf16le_no_bom.txt"],
        "utf16le_no_bom.txt: is not UTF-8 text (it contains NUL bytes). It looks "
        "like UTF-16 (little-endian, no BOM): pass `--encoding utf-16-le` "
        "(encoding='utf-16-le' in Python), or re-save the file as UTF-8.",
    ),
    (
        ["encoded_surrogate.txt"],
        "encoded_surrogate.txt: is not valid UTF-8 (byte 55, line 1): 3 "
        "undecodable byte(s) in an otherwise UTF-8 file. Repair or re-export the "
        "file; no encoding option can read damaged bytes.",
    ),
    (
        ["pdf_visual_order.txt"],
        "pdf_visual_order.txt: reads backwards (words such as يف for في): it was "
        "probably copied from a PDF in visual order, which cannot be repaired "
        "reliably. Copy the article from its web page, or extract the PDF with a "
        "tool that keeps logical order (e.g. `pdftotext`).",
    ),
    (
        ["clean_utf8.txt", "--encoding", "klingon"],
        "clean_utf8.txt: unknown encoding 'klingon'. Pass a codec name Python knows, e.g. utf-8, cp1256, utf-16.",
    ),
    (
        ["no_text_column.csv"],
        "no_text_column.csv, row 2: has no 'text' column (columns: id, body). Name "
        "the column that holds the article text with `--text-column`.",
    ),
    (
        ["unclosed_quote.csv"],
        "unclosed_quote.csv, row 2: is not a well-formed CSV (',' expected after "
        "'\"'). Check the quotes: a field with a comma, quote or line break must be "
        "wrapped in double quotes, and inner quotes doubled.",
    ),
    (
        ["windows_1256.csv"],
        "windows_1256.csv: is not valid UTF-8 (byte 28). It looks like Windows-1256: "
        "pass `--encoding cp1256` (encoding='cp1256' in Python), or re-save the file "
        "as UTF-8.",
    ),
    (
        ["windows_1256.jsonl"],
        "windows_1256.jsonl: is not valid UTF-8 (byte 22). It looks like "
        "Windows-1256: pass `--encoding cp1256` (encoding='cp1256' in Python), or "
        "re-save the file as UTF-8.",
    ),
    (
        ["truncated.jsonl.gz"],
        "truncated.jsonl.gz: is not a readable gzip file (Compressed file ended "
        "before the end-of-stream marker was reached). Check that the download "
        "finished, or decompress it first.",
    ),
    (
        ["bad_metadata_encoding"],
        "metadata.csv: is not valid UTF-8 (byte 16). It looks like Windows-1256: "
        "pass `--encoding cp1256` (encoding='cp1256' in Python), or re-save the "
        "file as UTF-8.",
    ),
    (
        ["malformed_metadata"],
        "metadata.csv, row 2: is not a well-formed CSV (unexpected end of data). Fix "
        "the metadata file, or remove it to load the texts without metadata.",
    ),
    (["no_such_file.txt"], "no_such_file.txt: does not exist. Check the path."),
    (
        ["mixed/notes.md"],
        "notes.md: unsupported file type .md. Pass a .txt file, a folder of .txt files, "
        "or a .csv/.jsonl/.jsonl.gz/.parquet file (or a DataFrame).",
    ),
    (
        ["clean_utf8.txt", "--max-bytes", "100"],
        "clean_utf8.txt: is 615 bytes, above the limit of 100 bytes. Split it into smaller documents, or raise the "
        "limit with `--max-bytes 1M` (max_bytes=1_000_000 in Python; None for no limit).",
    ),
]
READABLE = [
    ["clean_utf8.txt"],
    ["windows_1256.txt", "--encoding", "cp1256"],
    ["word_utf16le_bom.txt", "--encoding", "utf-16"],
    ["utf16le_no_bom.txt", "--encoding", "utf-16-le"],
    ["windows_1256.csv", "--encoding", "cp1256"],
    ["windows_1256.jsonl", "--encoding", "cp1256"],
    ["bad_metadata_encoding", "--encoding", "cp1256"],
    ["clean_utf8.txt", "--encoding", "cp1256"],  # valid UTF-8 stays UTF-8 instead of being garbled
    ["utf8_bom_crlf.txt"],
    ["pdf_presentation_forms.txt"],
    ["marks_tatweel_diacritics.txt"],
    ["markup_in_text.txt"],
    ["line_separator.jsonl"],
]
SKIPPED_ROWS = [
    (
        "one_invalid_line.jsonl",
        2,
        "invalid JSON (Expecting ',' delimiter, column 117). Each line must be one complete JSON object.",
    ),
    ("empty_text_row.csv", 3, "the text is empty. Remove it or add the article text."),
    (
        "ragged_row.csv",
        3,
        "has more fields than the header (5 instead of 3). Quote fields that contain commas, or fix the header.",
    ),
    (
        "lone_surrogate_escape.jsonl",
        2,
        "'text' contains an unpaired surrogate (U+D800 at character 94), "
        "which is not valid Unicode text. Fix the program that wrote the "
        "file (a JSON \\ud800-style escape without its pair), or remove "
        "the row.",
    ),
]
ODD_BUT_LOADABLE = ["mixed", "markup_in_text.txt"]


@pytest.fixture(scope="module", autouse=True)
def _prefetch_fixture_runs():
    """Start every command on the committed fixtures at once; the tests then read the results."""
    prefetch(
        *[a for a, _e in REFUSALS],
        *READABLE,
        *[[n] for n, _r, _p in SKIPPED_ROWS],
        *[[n, "--strict"] for n, _r, _p in SKIPPED_ROWS],
        ["mixed"],
        ["mixed", "--verbose"],
        ["mixed", "--strict"],
    )
    for command in ("sources", "stance"):
        prefetch(*[[n] for n in ODD_BUT_LOADABLE], command=command)


@pytest.mark.parametrize("args, expected", REFUSALS, ids=[" ".join(a) for a, _e in REFUSALS])
def test_refusal_is_one_line_with_file_problem_and_fix(args, expected):
    assert error_line(*args) == f"arabic-news: error: {expected}"


@pytest.mark.parametrize("args", READABLE, ids=" ".join)
def test_readable_inputs_succeed_quietly(args):
    result = run(*args)
    assert result.returncode == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)) == 1


def test_the_same_article_gives_the_same_counts_in_every_encoding():
    records = [
        json.loads(run(*args).stdout)[0]
        for args in (
            ["clean_utf8.txt"],
            ["windows_1256.txt", "--encoding", "cp1256"],
            ["utf8_bom_crlf.txt"],
            ["word_utf16le_bom.txt", "--encoding", "utf-16"],
            ["pdf_presentation_forms.txt"],
            ["marks_tatweel_diacritics.txt"],
        )
    ]
    assert {(r["words"], r["sentences"], r["paragraphs"]) for r in records} == {(59, 4, 3)}


@pytest.mark.parametrize("name, row, problem", SKIPPED_ROWS, ids=[n for n, _r, _p in SKIPPED_ROWS])
def test_a_bad_row_is_skipped_with_one_warning_and_fatal_with_strict(name, row, problem):
    line = f"{name}, row {row}: {problem}"
    result = run(name)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"arabic-news: warning: skipped {line}"]
    assert len(json.loads(result.stdout)) >= 1
    assert error_line(name, "--strict") == f"arabic-news: error: {line}"


def test_a_mixed_folder_summarises_the_skipped_files_in_one_line_and_continues():
    result = run("mixed")
    assert result.returncode == 0
    assert [r["doc_id"] for r in json.loads(result.stdout)] == ["good_cairo", "good_gna"]
    assert result.stderr.splitlines() == [
        "arabic-news: warning: skipped 5 documents (empty.txt, english.txt, image.txt and 2 more); --verbose lists why",
        "arabic-news: note: ignored 1 file(s) that are not .txt: notes.md",
    ]


def test_verbose_lists_every_skipped_file():
    result = run("mixed", "--verbose")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("arabic-news: corpus: 2 documents read, 5 skipped, 2 records written in ")
    lines = lines[:-1]
    assert [line.split(":")[:3] for line in lines] == [
        ["arabic-news", " warning", " skipped empty.txt"],
        ["arabic-news", " warning", " skipped english.txt"],
        ["arabic-news", " warning", " skipped image.txt"],
        ["arabic-news", " warning", " skipped reversed_pdf.txt"],
        ["arabic-news", " warning", " skipped windows_1256.txt"],
        ["arabic-news", " note", " ignored 1 file(s) that are not .txt"],
    ]
    assert lines[-1] == "arabic-news: note: ignored 1 file(s) that are not .txt: notes.md"


def test_strict_stops_at_the_first_bad_file_of_a_folder():
    assert error_line("mixed", "--strict") == (
        "arabic-news: error: empty.txt: the file is empty. Remove it or add the article text."
    )


def test_when_nothing_loads_the_skipped_files_are_listed_before_the_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = run(str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "arabic-news: warning: skipped a.txt: the file is empty. Remove it or add the article text.",
        "arabic-news: warning: skipped b.txt: is a binary file (a PNG image), not text. Pass the article "
        "as plain text (UTF-8).",
        f"arabic-news: error: {tmp_path.name}: no document could be loaded (2 skipped). See the warnings "
        "above for each skipped document.",
    ]


def test_a_broken_symlink_is_named(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert run(str(tmp_path / "gone.txt")).stderr.splitlines() == [
        "arabic-news: error: gone.txt: is a broken symbolic link. Point it at an existing file or remove it."
    ]


def test_a_folder_where_a_file_is_expected_is_named(tmp_path):
    (tmp_path / "good.txt").write_text("قال حفتر إن الحرب انتهت.", encoding="utf-8")
    (tmp_path / "chapter.txt").mkdir()
    result = run(str(tmp_path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "arabic-news: warning: skipped chapter.txt: is a folder, not a file. Pass the folder itself or a "
        "file inside it."
    ]


def test_a_directory_with_a_table_suffix_is_named(tmp_path):
    (tmp_path / "export.csv").mkdir()
    assert run(str(tmp_path / "export.csv")).stderr.splitlines() == [
        f"arabic-news: error: {tmp_path / 'export.csv'}: has no .txt files. "
        "Put one article per .txt file in the folder, or pass a CSV/JSONL file."
    ]


def test_an_invalid_max_bytes_is_a_usage_error():
    result = run("clean_utf8.txt", "--max-bytes", "lots")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "arabic-news: error: argument --max-bytes: not a size: 'lots' (use e.g. 500M) (see `arabic-news corpus --help`)"
    ]


def test_max_bytes_zero_lifts_the_limit():
    assert run("clean_utf8.txt", "--max-bytes", "0").returncode == 0


def test_arabic_output_works_whatever_the_terminal_encoding():
    result = run("clean_utf8.txt", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and json.loads(result.stdout)[0]["words"] == 59


def test_errors_name_arabic_file_names_whatever_the_terminal_encoding(tmp_path):
    (tmp_path / "مقال.txt").write_bytes(b"")
    result = run(str(tmp_path / "مقال.txt"), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "arabic-news: error: \\u0645\\u0642\\u0627\\u0644.txt: the file is empty. Remove it or add the article text."
    ]


@pytest.mark.parametrize("command", ["sources", "stance"])
@pytest.mark.parametrize("name", ODD_BUT_LOADABLE)
def test_other_subcommands_survive_odd_but_loadable_input(command, name):
    result = run(name, command=command)
    assert result.returncode == 0
    assert json.loads(result.stdout)
