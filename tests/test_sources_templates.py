"""Tests of arabic_news.templates (template fingerprinting) on unseen and synthetic articles."""

from __future__ import annotations

import pandas as pd

from arabic_news import load_corpus, shared_lines, template_groups
from arabic_news.analyses.templates import candidate_lines
from repo_paths import EXAMPLES

UNSEEN = EXAMPLES / "unseen"


def test_unseen_site_is_recognised_by_its_template():
    df = load_corpus(UNSEEN)
    groups = template_groups(df).set_index("doc_id")
    assert groups["template"].to_dict() == {
        "gna_site": "",
        "lna_portal_1": "T1",
        "lna_portal_2": "T1",
        "wire_style": "",
    }
    # section label + copyright line + "follow us" line
    assert groups.loc["lna_portal_1", "n_shared_lines"] == 3
    assert "تابعونا على فيسبوك وتويتر" in groups.loc["lna_portal_2", "shared_lines"]


def test_shared_lines_lists_documents():
    df = load_corpus(UNSEEN)
    table = shared_lines(df)
    assert set(table["line"]) == {
        "ليبيا",
        "جميع الحقوق محفوظة لبوابة الشرق الإخبارية © 2020",
        "تابعونا على فيسبوك وتويتر",
    }
    assert set(table["doc_ids"]) == {"lna_portal_1, lna_portal_2"}


def test_min_shared_raises_the_bar():
    df = load_corpus(UNSEEN)
    assert set(template_groups(df, min_shared=4)["template"]) == {""}


def test_lines_compare_after_normalization_and_long_lines_are_prose():
    raw = "اترك تعليقاً\nاترك  تعليقا\n" + "كلمة " * 20
    assert list(candidate_lines(raw)) == ["اترك تعليقا"]  # tanwin dropped, spaces collapsed


def test_two_sites_give_two_groups():
    site_a = "\nاقرأ أيضا\nجميع الحقوق محفوظة لموقع ألف"
    site_b = "\nشارك المقال\nحقوق النشر محفوظة لموقع باء"
    df = pd.DataFrame(
        {
            "doc_id": ["a1", "b1", "a2", "b2", "c"],
            "raw": [
                "خبر أول عن طرابلس" + site_a,
                "خبر ثان عن بنغازي" + site_b,
                "خبر ثالث عن مصراتة" + site_a,
                "خبر رابع عن سرت" + site_b,
                "خبر خامس بلا قالب",
            ],
        }
    )
    groups = template_groups(df).set_index("doc_id")["template"].to_dict()
    assert groups == {"a1": "T1", "b1": "T2", "a2": "T1", "b2": "T2", "c": ""}


def test_signatures_sharing_enough_lines_merge():
    # d3 lacks one footer line but still shares two with d1 and d2
    footer = ["مقالات ذات صلة", "اترك تعليقا", "زر الذهاب إلى الأعلى"]
    df = pd.DataFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "raw": ["نص أ\n" + "\n".join(footer), "نص ب\n" + "\n".join(footer), "نص ج\n" + "\n".join(footer[:2])],
        }
    )
    assert template_groups(df)["template"].tolist() == ["T1", "T1", "T1"]
