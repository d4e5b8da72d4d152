"""One set of facts: every statement of a corpus fact in the notebooks, the report's index and the
instructor guide agrees with the value the package computes (a grep over the text, fact by fact)."""

import re

import nbformat
import pytest

from arabic_news import (
    Context,
    article_text,
    clean_corpus,
    cleaning_counts,
    count_words,
    load_case_study,
    overview,
    term_occurrences,
)
from arabic_news.analyses.facts import documents_containing, repeated_paragraphs
from arabic_news.cli.report import index_page, summarize
from arabic_news.cli.report_index import lesson_minutes
from arabic_news.display.bidi import strip_isolates
from repo_paths import NOTEBOOKS, REPO_ROOT

LIBYA = Context.of("libya-2019-2020")

GUIDE = REPO_ROOT / "docs" / "instructor-guide.md"
NUMBERED = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
ALL_NOTEBOOKS = NUMBERED + sorted((NOTEBOOKS / "solutions").glob("*.ipynb"))
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "twice": 2}
ARTICLE_002 = re.compile(r"\b002\b|al-Araby al-Jadeed", re.I)


def _number(word: str) -> int | str:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word, word)  # "every", "each": not a number


def _plain(markdown: str) -> str:
    """Return Markdown without isolate tags (their text kept) and emphasis marks."""
    return re.sub(r"</?bdi>|\*\*?", "", markdown)


@pytest.fixture(scope="module")
def corpus():
    return clean_corpus(load_case_study(LIBYA), LIBYA)


def _paragraphs(path):
    """Return the Markdown paragraphs of a notebook (or of the guide), tags removed."""
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
    else:
        text = "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return [_plain(p) for p in re.split(r"\n\s*\n", text)]


def _index_text():
    summaries = [summarize(nbformat.read(p, as_version=4), p) for p in NUMBERED]
    return re.sub(r"<[^>]+>", " ", index_page(summaries, LIBYA.study))


def _places():
    """Return (name, paragraphs) of every place that states facts, with a skip reason for handed-over ones."""
    places = [(p.name, p) for p in ALL_NOTEBOOKS] + [(GUIDE.name, GUIDE)]
    return [pytest.param(name, path, id=name) for name, path in places]


# --- the facts, each with the patterns that find its statements -------------------------------------

#: "three of its eight paragraphs twice", "each of its paragraphs twice", "Two paragraphs are printed twice"
REPEATS_RE = re.compile(
    r"\b(every|each|all|one|two|three|four|five|six|seven|eight|\d+)\s+(?:of\s+(?:its|the)\s+(?:(\w+)\s+)?)?"
    r"paragraphs?\b[^.;:]{0,50}?\b(?:twice|a second time|repeated|duplicated)",
    re.I,
)
#: "its paragraphs 1, 2 and 4 are printed a second time"
LISTED_RE = re.compile(r"paragraphs ((?:\d+, )*\d+ and \d+) are printed a second time")
#: "only 002 repeats paragraphs (three, exactly)"
REPEATS_SHORT_RE = re.compile(r"002 repeats paragraphs \((\w+)")


def _repeat_statements(paragraphs):
    found = []
    for p in paragraphs:
        if not ARTICLE_002.search(p):
            continue
        for m in REPEATS_RE.finditer(p):
            found.append(("repeated", _number(m.group(1))))
            if m.group(2):
                found.append(("paragraphs", _number(m.group(2))))
        found += [("listed", tuple(int(x) for x in re.findall(r"\d+", m.group(1)))) for m in LISTED_RE.finditer(p)]
        found += [("repeated", _number(m.group(1))) for m in REPEATS_SHORT_RE.finditer(p)]
    return found


def test_the_repeat_patterns_catch_the_variants_the_issue_found():
    variants = [
        "one article (002) prints each of its paragraphs twice",
        "002: Two paragraphs are printed twice in this file",
        "Repeated paragraphs (article 002 prints every paragraph twice)",
    ]
    assert [_repeat_statements([v]) for v in variants] == [
        [("repeated", "each")],
        [("repeated", 2)],
        [("repeated", "every")],
    ]


@pytest.mark.parametrize("name, path", _places())
def test_statements_of_002_s_repeated_paragraphs_agree(name, path, corpus):
    repeats = repeated_paragraphs(corpus)
    repeats = repeats[repeats["doc_id"].str.startswith("002")]
    truth = {
        "repeated": len(repeats),
        "paragraphs": int(repeats["paragraphs in the article"].iloc[0]),
        "listed": tuple(sorted(repeats["repeats"])),
    }
    for kind, value in _repeat_statements(_paragraphs(path)):
        assert value == truth[kind], f"{name} states {kind} = {value!r}; the package computes {truth[kind]!r}"


def test_the_repeat_facts_are_stated_somewhere_and_the_package_counts_three_of_eight(corpus):
    repeats = repeated_paragraphs(corpus)
    assert list(repeats["doc_id"].str[:3]) == ["002"] * 3
    assert (list(repeats["repeats"]), int(repeats["paragraphs in the article"].iloc[0])) == ([1, 2, 4], 8)
    stated = [s for path in NUMBERED[:3] + [GUIDE] for s in _repeat_statements(_paragraphs(path))]
    assert len(stated) >= 5  # notebooks 00, 01, 02 and the guide all state it


#: "counts الجيش الوطني الليبي five times in 003 and this table twice"
LNA_RE = re.compile(r"الجيش الوطني الليبي (\w+) times in 003 and this table (\w+)")


@pytest.mark.parametrize("name, path", _places())
def test_statements_of_the_lna_counts_in_003_agree(name, path, corpus):
    row = term_occurrences(corpus, "الجيش الوطني الليبي", LIBYA).loc["003_a70efb1e516236b5"]
    for p in _paragraphs(path):
        for m in LNA_RE.finditer(p):
            assert (_number(m.group(1)), _number(m.group(2))) == (row["matches"], row["as a name of its own"])


def test_the_two_lna_counts_differ_for_a_stated_reason(corpus):
    row = term_occurrences(corpus, "الجيش الوطني الليبي", LIBYA).loc["003_a70efb1e516236b5"]
    # worked out by reading 003: two "commander of the LNA", one "forces of the LNA", two on its own
    assert (row["matches"], row["as a name of its own"], row["inside a longer phrase"]) == (5, 2, 3)
    assert row["longer phrases"] == "قائد الجيش الوطني الليبي ×2; قوات الجيش الوطني الليبي ×1"
    assert any(LNA_RE.search(p) for p in _paragraphs(NOTEBOOKS / "01-source-comparison.ipynb"))


#: "calls him المشير", "calls Haftar الجنرال المتقاعد"
CALLS_RE = re.compile(r"\bcalls? (?:him|Haftar|it) ([\u0621-\u064A ]+[\u0621-\u064A])")


@pytest.mark.parametrize("name, path", _places())
def test_every_name_an_outlet_is_said_to_use_occurs_in_the_articles(name, path, corpus):
    for p in _paragraphs(path):
        terms = CALLS_RE.findall(p)
        if terms and not re.search(r"test page|wire story|invented|example", p):
            assert all(documents_containing(corpus, terms).values()), f"{name}: {terms}"


def test_the_name_check_would_catch_a_name_no_article_uses(corpus):
    assert CALLS_RE.findall("One calls him المشير (al-mushīr)") == ["المشير"]
    assert documents_containing(corpus, ["المشير", "الجنرال المتقاعد"]) == {"المشير": 0, "الجنرال المتقاعد": 1}


def test_words_before_and_after_cleaning_have_one_definition(corpus):
    counts = cleaning_counts(corpus)
    # before cleaning: the word count of notebook 00's overview; after: the article text of notebook 01
    assert counts["words before"].to_dict() == overview(corpus)["words"].to_dict()
    article = article_text(corpus)
    assert counts["words after"].to_list() == [count_words(t, None) for t in article["text"]]
    assert counts.loc["002_9cfb2c13c3eeb495", "% words removed"] == pytest.approx(
        100 * (1 - counts.loc["002_9cfb2c13c3eeb495", "words after"] / 371), abs=0.05
    )


def test_the_index_quotes_the_words_removed_per_article(corpus):
    text = _index_text()
    m = re.search(r"Words removed per article \(%\): ([^\n<]+)", text)
    assert m, "notebook 02's summary (on the index) states the words removed per article"
    stated = dict(re.findall(r"(\d{3}) (\d+\.\d)", m.group(1)))
    computed = {d[:3]: f"{v:.1f}" for d, v in cleaning_counts(corpus)["% words removed"].items()}
    assert stated == computed


TIME_RE = re.compile(r"Time: about (\d+) minutes")
#: a row of the guide's lesson table: | session | `notebook` | setup | read and run | ...
GUIDE_ROW_RE = re.compile(r"\| `(\d\d-[\w-]+)` \| \d+ min \| (\d+) min")


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.name)
def test_stated_lesson_times_are_the_measured_ones(path):
    nb = nbformat.read(path, as_version=4)
    stated = TIME_RE.findall(_plain(nb.cells[0].source))
    assert stated == [str(lesson_minutes(nb))]


def test_the_guide_and_the_index_quote_the_measured_lesson_times():
    measured = {p.stem: lesson_minutes(nbformat.read(p, as_version=4)) for p in NUMBERED}
    rows = dict(GUIDE_ROW_RE.findall(GUIDE.read_text(encoding="utf-8")))
    assert set(rows) == set(measured)
    for stem, minutes in rows.items():
        assert int(minutes) == measured[stem], stem
    assert [int(m) for m in re.findall(r"Time\.\s+About (\d+) minutes to read and run", _index_text())] == list(
        measured.values()
    )


def test_no_isolate_tag_hides_a_fact_from_these_patterns():
    assert _plain("<bdi>الجيش الوطني الليبي</bdi> **five** times") == "الجيش الوطني الليبي five times"
    assert strip_isolates("a <bdi>b</bdi> c") == "a   c"
