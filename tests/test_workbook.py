"""The exercises' self-checks: a wrong answer is told what is wrong, never the answer; an empty one is
not answered; a right one passes (the worked solutions pass every check, tests/test_notebook_outputs.py)."""

from arabic_news import NormalizeOptions, PhraseMatcher, check_exercises, load_case_study
from arabic_news.display.workbook import OPEN, RIGHT, WRONG


def test_a_wrong_count_is_told_which_articles_differ_not_the_counts(libya):
    corpus = load_case_study(libya)
    matcher = PhraseMatcher(["حكومة"], options=NormalizeOptions(teh_marbuta=False))  # "government"
    truth = {d[:3]: len(matcher.find(raw)) for d, raw in zip(corpus["doc_id"], corpus["raw"])}
    wrong = {**truth, "004": truth["004"] + 1}
    verdict = check_exercises("00", {1: wrong}, libya).verdicts[0]
    assert verdict.status == WRONG and "004" in verdict.message
    assert str(truth["004"]) not in verdict.message.replace("004", "")
    assert check_exercises("00", {1: truth}, libya).verdicts[0].status == RIGHT
    missing = check_exercises("00", {1: {"000": 1}}, libya).verdicts[0]
    assert missing.status == WRONG and "missing: 001, 002, 003, 004" in missing.message


def test_unanswered_exercises_say_so_and_the_table_shows_every_exercise(libya):
    checks = check_exercises("02", {}, libya)
    assert [v.status for v in checks.verdicts] == [OPEN] * 5 and not checks.passed
    assert repr(checks).count("not answered") == 5
    assert "<table" in checks._repr_html_() and "answers[3]" in checks._repr_html_()


def test_a_sentence_without_a_stretched_word_is_told_what_it_lacks(libya):
    verdict = check_exercises("00", {3: "وصل حفتر\u200f إلى القاهرة"}, libya).verdicts[2]  # "Haftar arrived in Cairo"
    assert verdict.status == WRONG and "tatweel" in verdict.message


def test_a_stance_check_takes_its_camps_from_the_pack_and_hides_the_answer():
    from arabic_news import Context

    syria = Context.of("syria-idlib-2019-2020")
    verdict = check_exercises("04", {4: set()}, syria).verdicts[3]  # no excerpt changes part: wrong
    assert verdict.status == WRONG and "that change are missing" in verdict.message
    assert "-" not in verdict.message.split("missing")[0]  # no doc_id (they hold a dash) is given away
    copy = check_exercises("04", {3: {"pack": str(syria.study.folder), "lines": 1, "exit status": 2}}, syria)
    assert "shipped pack" in copy.verdicts[2].message
