"""Self-checks of the notebooks' "Your turn" exercises: each says whether an answer is right and, when it
is not, what is wrong, never the answer itself.

A student writes answers into a dict in the notebook's self-check cell and runs
``check_exercises("00", answers, ctx)``; exercises still at ``None`` show as not answered. Every
check computes the right answer itself, with the package and the context it is given, so the checks
stay true when the code or the data change (the worked solutions run them with their answers, and
the tests require them all to pass). Open questions ("explain why") are the student's: the checks
test the numbers and the choices the explanation rests on.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.context import Context

from .workbook_answers import article_number, by_article, case_study, compare, file_numbers
from .workbook_stance import CONFLICT_CHECKS, STANCE_CHECKS

RIGHT, WRONG, OPEN = "✓ right", "✗ not yet", "– not answered"


@dataclass(frozen=True)
class Verdict:
    """The result of one check: the exercise, its status and what to do next."""

    exercise: int
    status: str
    message: str


class Checks:
    """The verdicts of a notebook's self-checks, shown as a table (HTML in notebooks, text for nbval)."""

    def __init__(self, notebook: str, verdicts: list[Verdict]) -> None:
        self.notebook = notebook
        self.verdicts = verdicts

    @property
    def passed(self) -> bool:
        """Return True when every exercise is answered and right."""
        return all(v.status == RIGHT for v in self.verdicts)

    def __repr__(self) -> str:
        lines = [f"Self-checks of notebook {self.notebook}"]
        lines += [f"exercise {v.exercise}: {v.status}. {v.message}" for v in self.verdicts]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from .tables import isolate_cell

        rows = "".join(
            f"<tr><td>{v.exercise}</td><td>{html.escape(v.status)}</td>"
            f'<td dir="ltr">{isolate_cell(v.message, "ltr")[0]}</td></tr>'
            for v in self.verdicts
        )
        return (
            '<div class="an-scroll" style="max-width:100%;overflow-x:auto"><table class="arabic-news">'
            f"<caption>Self-checks of notebook {html.escape(self.notebook)}</caption>"
            f"<thead><tr><th>exercise</th><th>result</th><th>what to do next</th></tr></thead><tbody>{rows}"
            "</tbody></table></div>"
        )


# --- notebook 00 --------------------------------------------------------------------------------


def _count_without_teh_marbuta(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.match import PhraseMatcher
    from ..core.text import NormalizeOptions

    mine, problem = by_article(answer, "count")
    if mine is None:
        return False, problem
    corpus = case_study(ctx)
    matcher = PhraseMatcher(["حكومة"], options=NormalizeOptions(teh_marbuta=False))
    truth = {n: len(matcher.find(raw)) for n, raw in zip(file_numbers(corpus), corpus["raw"])}
    right, message = compare(
        mine,
        truth,
        "counts",
        "Pass options=NormalizeOptions(teh_marbuta=False) to PhraseMatcher and count its matches in each raw text.",
    )
    return right, message or "Now explain it: compare with the counts under the default options."


def _forms_of_two_words(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.match import PhraseMatcher

    if not isinstance(answer, Mapping) or len(answer) != 2:
        return False, "Give a dict {word: set of the articles that use it} for the two words of the exercise."
    corpus = case_study(ctx)
    numbers = file_numbers(corpus)
    wrong = []
    for word, docs in answer.items():
        matcher = PhraseMatcher([word], options=ctx.options)
        truth = {n for n, raw in zip(numbers, corpus["raw"]) if matcher.find(raw)}
        if {article_number(d) for d in docs} != truth:
            wrong.append(word)
    if wrong:
        return (
            False,
            f"The articles you list for {', '.join(wrong)} differ from the matcher's: search with PhraseMatcher.",
        )
    return True, "Right for these spellings. Outlets also write one of the words with an extra letter: find it."


def _break_it(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.text import tokenize

    if not isinstance(answer, str) or not answer.strip():
        return False, "Give the sentence you wrote, as a string."
    if "\u0640" not in answer:
        return False, "Your sentence has no stretched word: put a tatweel (ـ) inside a word."
    if "\u200f" not in answer:
        return False, "Your sentence has no right-to-left mark: add '\\u200f' somewhere."
    tokens = tokenize(answer, ctx.options)
    if any(answer[t.start : t.end] != t.text for t in tokens):
        return False, "A token's span does not return its text: tell the maintainers, this is a bug."
    stretched = [t for t in tokens if "\u0640" in t.text]
    return True, f"Right: {len(tokens)} tokens; the stretched one is normalized to {stretched[0].norm}."


def _own_corpus(answer: object, ctx: Context) -> tuple[bool, str]:
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return False, "Give the DataFrame load_corpus(folder) returned."
    if len(answer) < 2:
        return False, f"Your corpus has {len(answer)} document(s): put at least two .txt files in the folder."
    if "raw" not in answer.columns or not answer["raw"].str.strip().all():
        return False, "Some documents are empty: check the files' encoding (load_corpus(..., encoding=...))."
    return True, f"Loaded {len(answer)} documents. Now compare the rows of normalization_report for them."


def _false_suffix(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.match import PhraseMatcher
    from ..core.text import normalize

    if not (isinstance(answer, tuple | list) and len(answer) == 2 and all(isinstance(a, str) for a in answer)):
        return False, "Give a pair (term, word): a term, and a word that is the term followed by ك but not 'your'."
    term, word = (a.strip() for a in answer)
    if not normalize(word, ctx.options).endswith("ك"):
        return False, "Your word does not end in ك."
    if normalize(word, ctx.options) != normalize(term, ctx.options) + "ك":
        return False, "Your word is not your term followed by ك: the matcher would never compare them."
    if len(normalize(term, ctx.options)) < 2:
        return False, "The matcher needs a term of two letters or more."
    if PhraseMatcher([term], options=ctx.options).find(word):
        return False, "The matcher already finds the term in your word: pick one where ك is part of the word."
    return True, "Right: the matcher leaves it alone today; with ـك allowed, it would count the term inside the word."


# --- notebook 01 --------------------------------------------------------------------------------


def _sixth_article(answer: object, ctx: Context) -> tuple[bool, str]:
    import pandas as pd

    from ..analyses.sources import load_events

    if not isinstance(answer, Mapping) or not {"outlet", "date_earliest", "date_latest"} <= set(answer):
        return False, "Give a dict with 'outlet', 'date_earliest' and 'date_latest' (YYYY-MM-DD)."
    if not str(answer["outlet"]).strip():
        return False, "Give the article an outlet label (say how sure it is, as the metadata does)."
    try:
        first, last = pd.Timestamp(answer["date_earliest"]), pd.Timestamp(answer["date_latest"])
    except ValueError:
        return False, "Write the dates as YYYY-MM-DD."
    if first > last:
        return False, "Your range ends before it starts."
    if first.weekday() != 0 or last.weekday() != 0:
        return False, "Read the article's time expressions again: which weekday does it name? Start and end on one."
    start = load_events(ctx.study)["date"].min()
    if first <= start:
        return False, "The article reports the offensive as already launched: your range starts too early."
    return True, "Defensible. Say in words what would narrow the range further."


def _uncorrected_keyness(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.cleaning import clean_corpus
    from ..analyses.facts import article_text
    from ..analyses.keyness import keyness_by

    if not isinstance(answer, int):
        return False, "Give one number: the words of all outlets with G2 >= 3.84 without the correction."
    article = article_text(clean_corpus(case_study(ctx), ctx))

    def significant(correction: bool) -> int:
        table = keyness_by(article, by="outlet", top=100_000, min_count=1, correction=correction)
        return int((table["G2"] >= 3.84).sum())

    if answer == significant(True):
        return False, "That is the number with the correction: pass correction=False."
    if answer != significant(False):
        return False, "Count over every word (min_count=1, a large top) of every outlet, with G2 >= 3.84."
    return True, "Right. Now explain why most of these words are not evidence."


def _missed_verbs(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.sources import attribution_records
    from ..core.match import PhraseMatcher
    from ..core.text import normalize

    if not isinstance(answer, set | list | tuple) or not answer:
        return False, "Give the verbs (as written in 003) that introduce a statement but that the patterns missed."
    corpus = case_study(ctx)
    text = dict(zip(file_numbers(corpus), corpus["raw"]))["003"]
    found = {normalize(v, ctx.options) for v in attribution_records(text, ctx)["verb"]}
    absent = [v for v in answer if not PhraseMatcher([v], options=ctx.options).find(text)]
    if absent:
        return False, f"Not in article 003: {', '.join(absent)}. Copy the verbs as the article writes them."
    caught = [v for v in answer if normalize(v, ctx.options) in found]
    if caught:
        return False, f"The patterns already find {', '.join(caught)}: list only what they miss."
    return True, "These verbs occur and the lexicon lacks them. Decide: is demanding a way of citing?"


def _template_settings(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.templates import template_groups

    settings = {"min_shared=5": {"min_shared": 5}, "max_words=3": {"max_words": 3}}
    if not isinstance(answer, Mapping) or set(answer) != set(settings):
        return False, "Give a dict {'min_shared=5': {article: group}, 'max_words=3': {article: group}}."
    corpus = case_study(ctx)
    for name, kwargs in settings.items():
        mine, problem = by_article(answer[name], "group")
        if mine is None:
            return False, problem
        groups = template_groups(corpus, **kwargs)
        truth = {n: g for n, g in zip(file_numbers(groups), groups["template"])}
        right, message = compare(mine, truth, "groups", f"Run template_groups with {name} ('' for no group).")
        if not right:
            return False, f"{name}: {message}"
    return True, "Right. Now explain each result from the shared lines."


def _descriptor_or_title(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.match import PhraseMatcher
    from ..core.text import normalize

    if not isinstance(answer, Mapping) or not {"phrase", "kind"} <= set(answer):
        return False, "Give a dict {'phrase': the words as written, 'kind': 'title' or 'descriptor'}."
    if answer["kind"] not in ("title", "descriptor"):
        return False, "The kind is 'title' (counted anywhere) or 'descriptor' (counted next to the name only)."
    corpus = case_study(ctx)
    if not any(PhraseMatcher([answer["phrase"]], options=ctx.options).find(raw) for raw in corpus["raw"]):
        return False, "Your phrase does not occur in the five articles: copy it as written."
    lexicon = ctx.study.actor_terms
    listed = lexicon[
        lexicon["term"].map(lambda t: normalize(t, ctx.options)) == normalize(answer["phrase"], ctx.options)
    ]
    if not listed.empty and listed["kind"].iloc[0] != answer["kind"]:
        return False, f"The lexicon already lists it, as a {listed['kind'].iloc[0]}: argue against that, or agree."
    if answer["kind"] == "title":
        others = [a for a in ctx.study.actors if a != ctx.study.focus_actor]
        return True, f"A title counts anywhere: check it can never name another actor ({len(others)} others here)."
    return True, "A descriptor counts only next to the name: the safe choice when the phrase can name others."


# --- notebook 02 --------------------------------------------------------------------------------


def _removed_by_threshold(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.cleaning import clean_corpus, removal_report

    if not (isinstance(answer, tuple | list) and len(answer) == 2):
        return False, "Give a pair: (paragraphs removed with dup_threshold=0.8, removed with 0.5)."
    corpus = case_study(ctx)
    truth = tuple(len(removal_report(clean_corpus(corpus, ctx, dup_threshold=t))) for t in (0.8, 0.5))
    if tuple(answer) != truth:
        return False, "Count the rows of removal_report(clean_corpus(corpus, ctx, dup_threshold=...)) for each value."
    return True, "Right. Now explain why the default is safer, with a text where it matters."


def _char_shingles(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.cleaning import clean_corpus
    from ..analyses.similarity import similarity_matrix

    if not isinstance(answer, Mapping) or set(answer) != {3, 5, 8}:
        return False, "Give a dict {3: mean Jaccard, 5: ..., 8: ...} of the pairs of different articles."
    cleaned = clean_corpus(case_study(ctx), ctx)
    wrong = []
    for n, value in answer.items():
        m = similarity_matrix(cleaned["clean"], kind="char", n=n).to_numpy()
        pairs = [m[i, j] for i in range(len(m)) for j in range(len(m)) if i != j]
        if abs(float(value) - sum(pairs) / len(pairs)) > 0.005:
            wrong.append(n)
    if wrong:
        return False, f"The mean for n = {', '.join(map(str, wrong))} differs: average the pairs off the diagonal."
    return True, "Right. Now say how the baseline changes with n, and why."


def _new_site(answer: object, ctx: Context) -> tuple[bool, str]:
    import pandas as pd

    from ..analyses.cleaning import clean_corpus, removal_report
    from ..core.context import Context
    from ..core.corpus import load_corpus
    from ..core.errors import StudyError

    if not (isinstance(answer, tuple | list) and len(answer) == 2):
        return False, "Give a pair: (the text of your page, the path of your copy of the lexicon)."
    page, lexicon = answer
    lines = [line for line in str(page).splitlines() if line.strip()]
    if len(lines) < 3:
        return False, "Your page needs an article (a few sentences) and its page furniture, one paragraph per line."
    doc = load_corpus(pd.DataFrame({"id": ["page"], "text": [str(page)]}))
    before = removal_report(clean_corpus(doc, ctx))
    try:
        mine = Context(ctx.study.with_lexicon(lexicon, "boilerplate"), ctx.options)
    except (StudyError, OSError) as error:  # a malformed lexicon is refused with the reason
        return False, f"Your lexicon was refused: {error}"
    after = removal_report(clean_corpus(doc, mine))
    if len(after) <= len(before):
        return False, "Your lexicon flags nothing more than the package's: add the phrase of the line it missed."
    long_lines = [t for t in after["text"] if len(t.split()) >= 8]
    if long_lines:
        return False, "A long line of article text is now removed: make your phrase more specific."
    return True, f"Right: {len(after) - len(before)} more line(s) flagged, no article text lost."


def _lsh_tradeoff(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.near_duplicates import exact_pairs, hash_corpus, near_duplicates
    from ..analyses.similarity import edited_copies
    from ..core.corpus import load_corpus

    if not isinstance(answer, Mapping) or set(answer) != {0.3, 0.5, 0.7}:
        return False, "Give a dict {0.3: (candidates, recall), 0.5: (...), 0.7: (...)}."
    texts = load_corpus(ctx.study.folder / "validation" / "articles.jsonl")["raw"]
    demo = edited_copies(texts, copies=40, seed=0)
    hashed = hash_corpus(demo["text"])
    truth = {(i, j) for i, j, _s in exact_pairs(hashed[0], 0.6)}
    wrong = []
    for t, (candidates, recall) in answer.items():
        found = near_duplicates(demo["text"], 0.5, lsh_threshold=t, hashed=hashed)
        got = {(i, j) for i, j, s in found.pairs if s >= 0.6}
        if candidates != found.candidates or abs(recall - len(got & truth) / len(truth)) > 0.001:
            wrong.append(t)
    if wrong:
        return (
            False,
            f"Your numbers for lsh_threshold {', '.join(map(str, wrong))} differ: use the notebook's demo corpus.",
        )
    return True, "Right. Now explain the trade-off with the S-curve."


def _april_sentences(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.alignment import align_sentences
    from ..analyses.cleaning import clean_corpus

    if not isinstance(answer, Mapping) or set(answer) != {"words", "char"}:
        return False, "Give a dict {'words': True or False, 'char': True or False}: is the 000/003 April pair found?"
    cleaned = clean_corpus(case_study(ctx), ctx)
    numbers = dict(zip(cleaned["doc_id"], file_numbers(cleaned)))
    wrong = []
    for unit in ("words", "char"):
        pairs = align_sentences(cleaned, column="clean", threshold=0.2, unit=unit)
        hit = any(
            {numbers[a], numbers[b]} == {"000", "003"} and "أبريل" in ta + tb
            for a, b, ta, tb in zip(pairs["doc_a"], pairs["doc_b"], pairs["text_a"], pairs["text_b"])
        )
        if bool(answer[unit]) != hit:
            wrong.append(unit)
    if wrong:
        return False, f"Look again at the pairs of unit {', '.join(wrong)}: filter them for 000, 003 and April."
    return True, "Right. Now explain what lexical alignment can and cannot find."


#: notebook -> exercise -> check (answer, context) -> (right, message)
CHECKS: dict[str, dict[int, Callable[[Any, Context], tuple[bool, str]]]] = {
    "00": {1: _count_without_teh_marbuta, 2: _forms_of_two_words, 3: _break_it, 4: _own_corpus, 5: _false_suffix},
    "01": {
        1: _sixth_article,
        2: _uncorrected_keyness,
        3: _missed_verbs,
        4: _template_settings,
        5: _descriptor_or_title,
    },
    "02": {1: _removed_by_threshold, 2: _char_shingles, 3: _new_site, 4: _lsh_tradeoff, 5: _april_sentences},
    "03": STANCE_CHECKS,
    "04": CONFLICT_CHECKS,
}


def check_exercises(notebook: str, answers: Mapping[int, Any], ctx: Context) -> Checks:
    """Return the verdict on each answer to the exercises of ``notebook`` ("00", "01"...): right, not yet
    (with what is wrong, not the answer) or not answered (``None``)."""
    if notebook not in CHECKS:
        raise ValueError(f"no self-checks for notebook {notebook!r}: there are {', '.join(CHECKS)}")
    verdicts = []
    for number, check in CHECKS[notebook].items():
        answer = answers.get(number)
        if answer is None:
            verdicts.append(Verdict(number, OPEN, "Put your answer in answers[" + str(number) + "] and run the cell."))
            continue
        right, message = check(answer, ctx)
        verdicts.append(Verdict(number, RIGHT if right else WRONG, message))
    return Checks(notebook, verdicts)
