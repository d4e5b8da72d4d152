"""The command line: output formats and clean failures."""

import json
import subprocess
import sys

import pytest

from arabic_news import main
from repo_paths import RAW_DIR


def test_corpus_json_lists_every_document_with_counts(capsys):
    assert main(["corpus", str(RAW_DIR), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["doc_id"] for r in records] == sorted(p.stem for p in RAW_DIR.glob("*.txt"))
    first = records[0]
    assert set(first) >= {"doc_id", "source", "words", "paragraphs", "sentences", "characters"}
    # 002 prints its paragraphs twice: 4 distinct paragraphs, 8 lines
    assert next(r for r in records if r["doc_id"].startswith("002"))["paragraphs"] == 8


def test_corpus_table_format(capsys, tmp_path):
    (tmp_path / "x.txt").write_text("قال حفتر إن الحرب انتهت.", encoding="utf-8")
    assert main(["corpus", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["doc_id", "words", "paragraphs", "sentences", "characters"]
    assert out[1].split() == ["x", "5", "1", "1", "24"]


def test_bad_input_exits_2_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "win.txt"
    bad.write_bytes("وصل حفتر إلى القاهرة".encode("cp1256"))
    result = subprocess.run([sys.executable, "-m", "arabic_news", "corpus", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "arabic-news: error: win.txt: is not valid UTF-8 (byte 0). It looks like Windows-1256: "
        "pass `--encoding cp1256` (encoding='cp1256' in Python), or re-save the file as UTF-8."
    ]
    ok = subprocess.run(
        [sys.executable, "-m", "arabic_news", "corpus", str(bad), "--encoding", "cp1256", "--format", "json"],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)[0]["words"] == 4


def test_metadata_kept_elsewhere_is_passed_through_by_every_subcommand(capsys):
    from repo_paths import METADATA_CSV

    assert main(["corpus", str(RAW_DIR), "--format", "json", "--metadata", str(METADATA_CSV)]) == 0
    records = json.loads(capsys.readouterr().out)
    raseef = next(r for r in records if r["doc_id"].startswith("001"))
    assert raseef["outlet"] == "Raseef22"
    assert raseef["date_earliest"] == "2019-04-14"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["corpus"],
        ["sources"],
        ["duplicates"],
        ["stance"],
        ["studies"],
        ["studies", "init"],
        ["studies", "check"],
        ["kwic"],
        ["discover"],
        ["validate"],
        ["explain"],
    ],
)
def test_help_is_plain_text(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: arabic-news") and "``" not in out and ":func:" not in out
