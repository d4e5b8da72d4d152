"""Self-checks of the stance exercises: notebook 03 (the case-study pack's stance rules, its
development corpus) and notebook 04 (a study pack of one's own, built and validated with the command
line). Each check computes the right answer with the package and the context it is given (the camps
and groups come from the pack, never from this module), and says what is wrong without giving it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .workbook_answers import article_number, by_article, case_study, compare, file_numbers

if TYPE_CHECKING:
    import pandas as pd

    from ..analyses.stance import StanceScorer
    from ..core.context import Context

#: the group of the development corpora's outlets that belong to neither camp
NEUTRAL = "neutral"
#: the exit status of ``arabic-news studies check`` on a pack that cannot be loaded (bad input)
EXIT_BAD_INPUT = 2


def _case_alignment(ctx: Context, scorer: StanceScorer) -> dict[str, float | None]:
    """Return the alignment of each case-study article (cleaned, kept paragraphs) under ``scorer``."""
    from ..analyses.cleaning import clean_corpus
    from ..analyses.stance import alignment_scores, corpus_hits

    corpus = clean_corpus(case_study(ctx), ctx)
    table = alignment_scores(corpus, corpus_hits(corpus, scorer, spans="kept_spans"), scorer)
    return {n: None if s != s else round(float(s), 3) for n, s in zip(file_numbers(table), table["score"])}


def _development(ctx: Context, split: str) -> pd.DataFrame:
    """Return the cleaned excerpts of one split of the pack's development corpus."""
    from ..analyses.cleaning import clean_corpus
    from ..core.corpus import load_corpus

    dev = load_corpus(ctx.study.folder / "validation" / "articles.jsonl")
    return clean_corpus(dev[dev["split"] == split].reset_index(drop=True), ctx)


def _aligned(ctx: Context, split: str, include_quoted: bool = False) -> pd.DataFrame:
    """Return the alignment of each excerpt of ``split`` (unscored as 0) with its group."""
    from ..analyses.stance import StanceScorer, alignment_scores, corpus_hits

    part = _development(ctx, split)
    scorer = StanceScorer(ctx)
    table = alignment_scores(part, corpus_hits(part, scorer, spans="kept_spans"), scorer, include_quoted=include_quoted)
    return table.merge(part[["doc_id", "group"]], on="doc_id").fillna({"score": 0.0})


def _camp_auc(ctx: Context, split: str, include_quoted: bool = False) -> float:
    """Return P(an excerpt of the + camp outscores one of the - camp) on ``split``, as `validate` does."""
    from ..analyses.separation import auc

    table = _aligned(ctx, split, include_quoted)
    plus, minus = (c.id for c in ctx.study.camps[:2])
    return auc(list(table.loc[table["group"] == plus, "score"]), list(table.loc[table["group"] == minus, "score"]))


def _pair(answer: object, keys: tuple[str, str], what: str) -> tuple[tuple[float, float] | None, str]:
    """Return the two numbers of a dict answer with ``keys``, or None and what is wrong with it."""
    if not isinstance(answer, Mapping) or set(answer) != set(keys):
        return None, f"Give a dict {{'{keys[0]}': {what}, '{keys[1]}': {what}}}."
    try:
        return (float(answer[keys[0]]), float(answer[keys[1]])), ""
    except (TypeError, ValueError):
        return None, f"Give each {what} as a number."


def _close(mine: tuple[float, float], truth: tuple[float, float], keys: tuple[str, str]) -> list[str]:
    """Return the keys whose number differs from the computed one by more than rounding."""
    return [k for k, a, b in zip(keys, mine, truth) if abs(a - b) > 0.0015]


# --- notebook 03 --------------------------------------------------------------------------------


def _weights(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.stance import StanceScorer

    mine, problem = by_article(answer, "alignment")
    if mine is None:
        return False, problem
    try:
        mine = {k: None if v is None else round(float(v), 3) for k, v in mine.items()}
    except (TypeError, ValueError):
        return False, "Give each alignment as a number (None for an article without a score)."
    truth = _case_alignment(ctx, StanceScorer(ctx, weights=(0, 1, 2)))
    right, message = compare(
        mine,
        truth,
        "alignments",
        "Score with StanceScorer(ctx, weights=(0, 1, 2)) and round each alignment to 3 decimals.",
    )
    return right, message or "Right. Now say which held-out figures move and which weights you would defend."


def _scare_quotes(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.stance import StanceScorer

    if not isinstance(answer, set | list | tuple):
        return False, "Give the set of the articles (by number, '000') whose alignment moves."
    before = _case_alignment(ctx, StanceScorer(ctx))
    after = _case_alignment(ctx, StanceScorer(ctx, scare_quotes="flip"))
    mine = {article_number(a) for a in answer}
    if mine != {n for n in before if before[n] != after[n]}:
        return False, "Your set differs: compare the two alignments of each article, default and flip."
    return True, "Right. Now find the quotation marks that move it, and say why neutralizing is the default."


def _quoted(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.stance import validation_figures

    keys = ("own voice", "all voices")
    mine, problem = _pair(answer, keys, "P(+ camp > - camp) on the held-out articles")
    if mine is None:
        return False, problem
    plus, minus = (c.id for c in ctx.study.camps[:2])
    truth = tuple(
        float(validation_figures(_aligned(ctx, "validation", q), study=ctx.study)[f"P({plus} > {minus})"])
        for q in (False, True)
    )
    wrong = _close(mine, truth, keys)
    if wrong:
        return False, f"Your figure for {', '.join(wrong)} differs: score the validation split (include_quoted=...)."
    return True, "Right. Now say what that tells about whose words partisan outlets quote."


def _other_side(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.discovery import fightin_words, top_candidates
    from ..core.corpus import load_corpus

    decisions = ("added", "in lexicon", "rejected")
    if not isinstance(answer, Mapping) or not answer:
        return False, "Give a dict {n-gram: 'added', 'in lexicon' or 'rejected'} for the ten first candidates."
    dev = load_corpus(ctx.study.folder / "validation" / "articles.jsonl")
    discovery = dev[dev["split"] == "discovery"]
    plus, minus = (c.id for c in ctx.study.camps[:2])
    texts = {g: list(discovery.loc[discovery["group"] == g, "raw"]) for g in (plus, minus, NEUTRAL)}
    fw = fightin_words(texts[minus], texts[NEUTRAL], background=texts[plus])
    top = top_candidates(fw, k=10, z=1.0)
    among = f"the first ten candidates of the {ctx.study.camps[1].outlets} (top_candidates(fw, k=10, z=1), side a)"
    wrong = _judged(answer, set(top.loc[top["side"] == "a", "ngram"]), decisions, among, ctx)
    return wrong or (True, "The right candidates, each decided. Now justify each decision with its concordance.")


def _unattributed(answer: object, ctx: Context) -> tuple[bool, str]:
    import pandas as pd

    from ..analyses.stance import StanceScorer, corpus_hits, evaluate_alignment

    if not isinstance(answer, str):
        return False, "Give the id of one held-out sentence ('s...')."
    sentences = pd.read_csv(ctx.study.folder / "validation" / "sentences.csv", encoding="utf-8")
    scorer = StanceScorer(ctx, topic_gate=False)
    judged = evaluate_alignment(sentences, scorer)
    held = judged[judged["split"] == "validation"]
    wrong = held[~held["correct"]]
    hits = corpus_hits(pd.DataFrame({"doc_id": wrong["id"], "raw": wrong["sentence"]}), scorer)
    truth = set(hits.query("lexicon_polarity != 0 and actor == ''")["doc_id"])
    if answer not in set(held["id"]):
        return False, "That is not the id of a held-out sentence: look in the split 'validation'."
    if answer not in set(wrong["id"]):
        return False, "The measure gets that sentence right: pick one it gets wrong."
    if answer not in truth:
        return False, "The measure gets it wrong, but every generic label in it has an actor: look for an empty actor."
    return True, "Right. Now write the rule, and test it on the discovery sentences before the held-out ones."


def _judged(
    answer: Mapping, truth: set[str], decisions: Sequence[str], among: str, ctx: Context
) -> tuple[bool, str] | None:
    """Return what is wrong with ``answer`` ({n-gram: decision}) when its n-grams are not ``truth``
    (the candidates ``among`` describes) or a decision is not one of ``decisions``; None when right."""
    from ..core.text import normalize

    mine = {normalize(str(k), ctx.options) for k in answer}
    if mine != truth:
        return False, f"{len(mine - truth)} of your n-grams are not among {among}; {len(truth - mine)} are missing."
    odd = [k for k, v in answer.items() if v not in decisions]
    if odd:
        choices = ", ".join(f"'{d}'" for d in decisions)
        return False, f"Decide each candidate: {choices} (not for {', '.join(odd)})."
    return None


# --- notebook 04 --------------------------------------------------------------------------------


def _validate_quoted(answer: object, ctx: Context) -> tuple[bool, str]:
    keys = ("own voice", "all voices")
    mine, problem = _pair(answer, keys, "the held-out AUC of the two camps")
    if mine is None:
        return False, problem
    truth = (_camp_auc(ctx, "validation"), _camp_auc(ctx, "validation", include_quoted=True))
    wrong = _close(mine, truth, keys)
    if wrong:
        return False, f"Your AUC for {', '.join(wrong)} differs: read the main pair of validate's held-out split."
    return True, "Right. Now count the quoted hits (`kwic`'s voice column) to explain why so little moves."


def _opposition_candidates(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.discovery import compare_groups, group_ngrams, top_candidates
    from ..core.text import words

    decisions = ("in the pack", "new row", "not framing")
    if not isinstance(answer, Mapping) or not answer:
        return False, "Give a dict {n-gram: 'in the pack', 'new row' or 'not framing'} for the ten candidates."
    part = _development(ctx, "discovery")
    items = [(g, words(t, ctx.options)) for g, t in zip(part["group"], part["clean"])]
    vocabulary = frozenset(w for _g, ws in items for w in ws)
    plus, minus = (c.id for c in ctx.study.camps[:2])
    result = compare_groups(group_ngrams(items, vocabulary), [minus], [NEUTRAL], [plus])
    top = top_candidates(result, k=10, z=1.0)
    among = f"the first ten of the {ctx.study.camps[1].outlets} (`discover ... --groups` with --z 1 --top 10)"
    wrong = _judged(answer, set(top.loc[top["side"] == "a", "ngram"]), decisions, among, ctx)
    return wrong or (True, "The right candidates, each decided. Now say why, with `kwic` for the ones you hesitate on.")


def _failing_check(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.errors import StudyError
    from ..core.packs import pack_problems
    from ..core.study import load_study

    keys = {"pack", "lines", "exit status"}
    if not isinstance(answer, Mapping) or set(answer) != keys:
        return False, "Give a dict {'pack': the folder of your copy, 'lines': lines printed, 'exit status': ...}."
    folder = Path(str(answer["pack"]))
    if not (folder / "study.toml").exists():
        return False, "No study.toml in that folder: give the folder of your copy of the pack."
    if folder.resolve() == ctx.study.folder.resolve():
        return False, "That is the shipped pack: plant the mistakes in a copy."
    errors, warnings = pack_problems(folder)
    try:
        load_study(folder)
    except StudyError as exc:
        shown = [str(e) for e in errors]
        lines = len(shown) + (str(exc) not in shown) + len(warnings)
    else:
        return False, "Your copy loads without an error: plant the mistakes of section 5 in it."
    if len(errors) < 3 or not warnings:
        return False, f"The check finds {len(errors)} error(s) and {len(warnings)} warning(s): plant all four mistakes."
    if answer["exit status"] != EXIT_BAD_INPUT:
        return False, "Look again at the exit status the command returns."
    if answer["lines"] != lines:
        return False, "Count again the lines `studies check` prints for your copy (errors and warnings)."
    return True, "Right: every mistake at once, each with its file and its fix."


def _own_split(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..analyses.separation import holdout_parts, label_text
    from ..core.corpus import load_corpus

    if not isinstance(answer, set | list | tuple):
        return False, "Give the set of the doc_ids whose part differs from the shipped split."
    corpus = load_corpus(ctx.study.folder / "validation" / "articles.jsonl")
    parts = holdout_parts([label_text(g) for g in corpus["group"]], [label_text(o) for o in corpus["outlet"]])
    shipped = {"discovery": "discovery", "held_out": "validation"}
    truth = {d for d, p, s in zip(corpus["doc_id"], parts, corpus["split"]) if shipped[p] != s}
    mine = {str(d) for d in answer}
    if mine != truth:
        return False, f"{len(mine - truth)} of yours keep their part, {len(truth - mine)} that change are missing."
    return True, "Right. Now say why they move, and what it changes in the held-out figures."


def _new_cue(answer: object, ctx: Context) -> tuple[bool, str]:
    from ..core.context import Context
    from ..core.study import load_study

    keys = ("before", "after")
    mine, problem = _pair(answer, keys, "the discovery AUC of the two camps")
    if mine is None:
        return False, problem
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(shutil.copytree(ctx.study.folder, Path(tmp) / ctx.study.folder.name))
        with open(copy / "target_cues.csv", "a", encoding="utf-8") as fh:
            fh.write("ضرب,fighting,striking,ḍarb,\n")  # "striking": the cue of exercise 5
        truth = (_camp_auc(ctx, "discovery"), _camp_auc(Context(load_study(copy), ctx.options), "discovery"))
    wrong = _close(mine, truth, keys)
    if wrong:
        return False, f"Your AUC {', '.join(wrong)} differs: validate with --where split=discovery, main pair."
    return True, "Right. Now say why the held-out figures must not decide whether the cue stays."


#: exercise -> check of notebook 03 (stance and framing)
STANCE_CHECKS: dict[int, Callable[[Any, Context], tuple[bool, str]]] = {
    1: _weights,
    2: _scare_quotes,
    3: _quoted,
    4: _other_side,
    5: _unattributed,
}
#: exercise -> check of notebook 04 (your own conflict)
CONFLICT_CHECKS: dict[int, Callable[[Any, Context], tuple[bool, str]]] = {
    1: _validate_quoted,
    2: _opposition_candidates,
    3: _failing_check,
    4: _own_split,
    5: _new_cue,
}
