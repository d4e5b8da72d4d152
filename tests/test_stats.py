"""Per-document counts and the normalization report used by notebook 00."""

import json

import pandas as pd

from arabic_news import load_corpus, main, normalization_examples, normalization_report, overview, rendering_inputs
from arabic_news.analyses.stats import document_stats


def _corpus(tmp_path, texts):
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return load_corpus(tmp_path)


def test_document_stats_counts(tmp_path):
    df = _corpus(tmp_path, {"a": "عنوان\n\nقال حفتر: انتهت الحرب. هل انتهت؟\n\nفقرة ثالثة"})
    stats = document_stats(df)
    assert stats.loc["a"].to_dict() == {
        "words": 9,
        "paragraphs": 3,
        "sentences": 4,
        "characters": len(df.loc[0, "raw"]),
    }


def test_overview_adds_the_opening(tmp_path):
    df = _corpus(tmp_path, {"a": "عنوان  الخبر\nالنص"})
    assert overview(df, chars=8).loc["a", "opening"] == "عنوان ال…"


def test_normalization_report_counts_changed_characters_per_option(tmp_path):
    df = _corpus(tmp_path, {"a": "أعلنت الحكومةُ ـ ٢٠١٩", "b": "قال حفتر"})
    report = normalization_report(df)
    assert report.loc["alef", "a"] == 1  # أ
    assert report.loc["teh_marbuta", "a"] == 1  # ة
    assert report.loc["diacritics", "a"] == 1  # ُ
    assert report.loc["tatweel", "a"] == 1  # ـ
    assert report.loc["digits", "a"] == 4  # ٢٠١٩
    assert report["b"].sum() == 0


def test_normalization_examples_show_raw_and_normalized(tmp_path):
    df = _corpus(tmp_path, {"a": "دولياً دولياً مسبقاً قال"})
    ex = normalization_examples(df, "diacritics", n=5)
    assert ex[["raw", "normalized"]].values.tolist() == [["دولياً", "دوليا"], ["مسبقاً", "مسبقا"]]
    assert set(ex["codepoints removed or changed"]) == {"ARABIC FATHATAN"}


def test_corpus_records_pass_metadata_through(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("قال حفتر", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("doc_id,outlet\na,Youm7\n", encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--format", "json"]) == 0
    (rec,) = json.loads(capsys.readouterr().out)
    assert rec == {
        "doc_id": "a",
        "source": "a.txt",
        "outlet": "Youm7",
        "words": 2,
        "paragraphs": 1,
        "sentences": 1,
        "characters": 8,
    }


def test_rendering_inputs_lists_both_paths():
    table = rendering_inputs("حفتر")
    assert isinstance(table, pd.DataFrame)
    assert list(table["path"]) == ["correct"] * 4 + ["wrong"] * 4
    names = list(table["unicode name"])
    assert ("ARABIC LETTER HAH" in names[:4]) != ("ARABIC LETTER HAH" in names[4:])
