"""One explicit context: the study pack and the normalization options are resolved once, where the user
gives them, and passed as a :class:`Context`; no analysis falls back to the default (Libya) pack, and
nothing an analysis needs rides in ``DataFrame.attrs``."""

from __future__ import annotations

import inspect
import json
import re

import pandas as pd
import pytest

import arabic_news
from arabic_news import (
    Context,
    Document,
    StanceScorer,
    actor_table,
    align_sentences,
    alignment_scores,
    article_text,
    attribution_records,
    attribution_table,
    category_table,
    clean_corpus,
    cleaning_counts,
    concordance,
    corpus_hits,
    date_cues,
    duplicates_report,
    evaluate_alignment,
    find_attributions,
    keyness_by,
    leave_one_term_out,
    load_corpus,
    load_events,
    load_study,
    main,
    naming_by,
    naming_hits,
    normalize,
    outlet_summary,
    removal_report,
    sentences_with,
    stance_scores,
    term_occurrences,
)
from arabic_news.analyses.facts import documents_containing, repeated_paragraphs
from arabic_news.analyses.sources import actor_counts, actor_mentions, naming_phrases, source_profiles
from arabic_news.core.glossary import glossary
from repo_paths import PACKS

YEMEN = Context.of("yemen-2015")
EXAMPLES = PACKS / "yemen-2015" / "examples" / "constructed"
GENERAL = ("attribution", "boilerplate", "time_cues", "target_cues")


def _terms(study) -> set[str]:
    """Return the normalized terms of a study's own lexicons (framing, neutral names, actors)."""
    lexicons = (study.framing["term"], study.neutral["term"], study.actor_terms["term"])
    return {normalize(t) for lex in lexicons for t in lex}


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus(EXAMPLES)


@pytest.fixture(scope="module")
def libya_only(corpus) -> tuple[set[str], set[str]]:
    """Return the Libya pack's terms that neither the Yemen pack nor the Yemen corpus holds (so any of
    them in an output came from the Libya lexicons), and its actor ids the Yemen pack lacks."""
    libya, yemen = load_study("libya-2019-2020"), YEMEN.study
    text = " ".join(normalize(r) for r in corpus["raw"])
    # what every pack shares: the general lists (attribution, boilerplate, time and target cues) and
    # the general glossary, whose rows may name any example
    general = " ".join(normalize(" ".join(yemen.lexicon(k).astype(str).agg(" ".join, axis=1))) for k in GENERAL)
    general += " " + normalize((PACKS.parent / "lexicons" / "glossary_extra.csv").read_text(encoding="utf-8"))
    own = " | ".join(_terms(yemen))  # a Libya term inside a Yemen term (المعترف بها دوليا) is the Yemen term's
    terms = {t for t in _terms(libya) - _terms(yemen) if len(t) > 3 and not any(t in x for x in (text, general, own))}
    actors = set(libya.actors) - set(yemen.actors)
    assert len(terms) > 300 and {"haftar", "gna"} <= actors
    return terms, actors


def _text(value: object) -> str:
    """Return everything an output holds as one string: tables with their index and columns."""
    if isinstance(value, pd.DataFrame):
        return value.to_csv() + " ".join(map(str, value.columns)) + " ".join(map(str, value.index))
    if isinstance(value, pd.Series):
        return value.to_csv()
    return repr(value)


def test_every_public_analysis_on_a_yemen_corpus_meets_no_libya_term(corpus, libya_only, capsys):
    terms, actors = libya_only
    ctx = YEMEN
    cleaned = clean_corpus(corpus, ctx)
    article = article_text(cleaned)
    scorer = StanceScorer(ctx)
    hits = corpus_hits(cleaned, scorer, spans="kept_spans")
    by_camp = corpus.assign(outlet=corpus["camp"])
    raw = corpus["raw"].iloc[0]
    term = YEMEN.study.framing["term"].iloc[0]
    sentences = pd.DataFrame({"sentence": [s for s in raw.split(".") if s.strip()][:5], "label": 0})
    outputs = {
        "clean_corpus": cleaned,
        "removal_report": removal_report(cleaned),
        "cleaning_counts": cleaning_counts(cleaned),
        "article_text": article,
        "repeated_paragraphs": repeated_paragraphs(cleaned),
        "term_occurrences": term_occurrences(corpus, term, ctx),
        "documents_containing": documents_containing(corpus, [term], ctx.options),
        "actor_table": actor_table(article, ctx, by="outlet"),
        "naming_by": naming_by(by_camp, ctx),
        "attribution_table": attribution_table(by_camp, ctx, by="outlet"),
        "attribution_records": attribution_records(raw, ctx),
        "outlet_summary": outlet_summary(by_camp, ctx),
        "date_cues": date_cues(corpus, ctx),
        "source_profiles": source_profiles([Document(d, r) for d, r in zip(corpus["doc_id"], corpus["raw"])], ctx),
        "actor_mentions": actor_mentions(raw, ctx),
        "actor_counts": actor_counts(raw, ctx),
        "naming_phrases": naming_phrases(raw, ctx),
        "find_attributions": find_attributions(raw, ctx),
        "corpus_hits": hits,
        "stance_scores": stance_scores(cleaned, hits, scorer, spans="kept_spans"),
        "alignment_scores": alignment_scores(cleaned, hits, scorer),
        "leave_one_term_out": leave_one_term_out(hits, scorer, on="alignment"),
        "category_table": category_table(hits),
        "naming_hits": naming_hits(hits, YEMEN.study.focus_actor),
        "evaluate_alignment": evaluate_alignment(sentences, StanceScorer(ctx, topic_gate=False)),
        "concordance": concordance(cleaned, hits, width=30),
        "duplicates_report": duplicates_report(corpus, ctx).documents,
        "glossary": glossary(YEMEN.study),
        "load_events": load_events(YEMEN.study),
        "keyness_by": keyness_by(by_camp, by="outlet"),
        "align_sentences": align_sentences(corpus),
        "sentences_with": sentences_with(corpus, [term]),
    }
    for command in ("corpus", "sources", "stance", "duplicates"):
        assert main([command, str(EXAMPLES), "--study", "yemen-2015", "--format", "json", "--quiet"]) == 0
        outputs[f"arabic-news {command}"] = json.loads(capsys.readouterr().out)
    actor_re = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(actors))) + r")\b")
    assert hits["polarity"].ne(0).sum() > 20  # the Yemen lexicons found something to score
    for name, value in outputs.items():
        shown = json.dumps(value, ensure_ascii=False, default=repr) if isinstance(value, (list, dict)) else _text(value)
        text = normalize(shown)
        found = sorted(t for t in terms if t in text)
        assert found == [], f"{name} holds Libya terms: {found[:5]}"
        assert not actor_re.search(text), f"{name} names a Libya actor: {actor_re.search(text).group()}"


#: public functions whose ``study`` may be None, and what None means there (never the Libya pack in an
#: analysis): the boundaries where a user names a pack, and labels that then show ids
BOUNDARY_DEFAULTS = {
    "load_study": "the command line's documented default pack (`--study` left out)",
    "build_report": "the report's title and glossary pack, from `make run --study`",
    "doc_labels": "camp ids instead of the camps' outlet names",
}


def _public_callables():
    for name in arabic_news.__all__:
        obj = getattr(arabic_news, name)
        if inspect.isclass(obj):
            yield name, obj.__init__
        elif callable(obj):
            yield name, obj


def test_no_public_function_defaults_to_a_study_or_takes_one_by_name():
    """Every function that needs lexicons takes them from an argument it cannot leave out: a Context
    (or a Study); none takes ``Study | str | None`` to resolve a pack itself."""
    offenders = []
    for name, func in _public_callables():
        try:
            params = inspect.signature(func).parameters.values()
        except (TypeError, ValueError):
            continue
        for p in params:
            annotation = str(p.annotation)
            if (
                p.name in ("ctx", "study")
                and p.default is not inspect.Parameter.empty
                and name not in BOUNDARY_DEFAULTS
            ):
                offenders.append(f"{name}({p.name}={p.default!r})")
            if "Study | str" in annotation and name != "load_study":
                offenders.append(f"{name}({p.name}: {annotation})")
    assert offenders == []


def test_a_context_rebuilds_nothing_it_has_built_when_it_travels(corpus):
    """The matchers built from a context are kept per process by the study's fingerprint and the
    options: a context pickled to a worker (a new Study object) finds them again."""
    import pickle

    from arabic_news.analyses.cleaning import boilerplate_cues

    again = pickle.loads(pickle.dumps(YEMEN))
    assert again.study is not YEMEN.study and again.key == YEMEN.key
    assert boilerplate_cues(again) is boilerplate_cues(YEMEN)
    changed = Context(YEMEN.study, YEMEN.options.__class__(digits=False))
    assert changed.key != YEMEN.key and boilerplate_cues(changed) is not boilerplate_cues(YEMEN)


def test_a_replaced_lexicon_changes_the_fingerprint(tmp_path):
    lexicon = tmp_path / "mine.csv"
    lexicon.write_text(
        "term,actor,polarity,category,gloss_en\nالمليشيات الحوثية,houthis,-1,force_labels,the Houthi militias\n",
        encoding="utf-8",
    )
    mine = Context.of("yemen-2015", lexicon=lexicon)
    assert mine.study.fingerprint != YEMEN.study.fingerprint
    assert list(StanceScorer(mine).lexicon["term"]) == ["المليشيات الحوثية"]


def test_naming_no_pack_is_an_error_not_a_default():
    with pytest.raises(TypeError, match="name the study pack"):
        Context.of(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs a Context"):
        StanceScorer(YEMEN.study)  # type: ignore[arg-type]
