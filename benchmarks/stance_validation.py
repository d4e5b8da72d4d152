"""Validation of the camp alignment on real articles, short texts and sentences, on both splits.

Data: the development sets that ship with the Libya study pack (``validation/``): excerpts of real
Arabic articles (issue 11) and short texts, headlines, ledes and posts (issue 23), from pro-LNA,
pro-GNA and neutral outlets (camp decided by owner and country, never from the text), and real
sentences labelled +1 / 0 / -1 by reading. The ``discovery`` splits were used to grow the lexicon and
to choose the rules; the ``validation`` splits were held out and are only scored here.

Articles and short texts are scored as ``arabic-news stance`` scores them (cleaned text, topic gate
on); sentences with the topic gate off. Figures, per set and split (targets of issues 11 and 23):
coverage of partisan items (share with a score: at least one favourable or hostile hit), share of
scored items at |score| >= 0.99, P(pro-LNA > neutral), P(neutral > pro-GNA), P(pro-LNA > pro-GNA) (a
random item of one group outscores one of the other; unscored items at 0, ties half), sentence
accuracy with sentences without any hit counted wrong; the ordering of the five case-study articles
(seeds) toward Haftar's camp; and the sign of each partisan channel's post.

Results are printed and written to the section "Stance validation" of benchmarks/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "lib"))
sys.path.insert(0, str(REPO / "benchmarks"))

from _readme import write_section  # noqa: E402
from arabic_news import (  # noqa: E402
    Context,
    StanceScorer,
    alignment_scores,
    clean_corpus,
    corpus_hits,
    evaluate_alignment,
    load_case_study,
    load_corpus,
    validation_figures,
)
from arabic_news.analyses.stance import outscores  # noqa: E402
from arabic_news.analyses.stance.wordscores import fit_wordscores, measures_agreement, wordscores_table  # noqa: E402

SECTION = "## Stance validation"
#: targets of issue 11 (articles, sentences) and issue 23 (short texts)
TARGETS = {
    "coverage of partisan articles": (">= 0.90", ">= 0.95"),
    "saturation (abs score >= 0.99)": ("<= 0.30", ""),
    "P(pro_lna > neutral)": (">= 0.80", ">= 0.85"),
    "P(neutral > pro_gna)": (">= 0.80", ">= 0.80"),
    "P(pro_lna > pro_gna)": (">= 0.95", ">= 0.92"),
    "sentence accuracy (no hit = wrong)": (">= 0.72", ""),
}
SPLITS = ("discovery", "validation")


def aligned(ctx, path):
    """Return the alignment of every item of a development set (JSONL) with its group, split, kind
    and text, scored as ``arabic-news stance`` scores it."""
    items = clean_corpus(load_corpus(path), ctx)
    scorer = StanceScorer(ctx)
    hits = corpus_hits(items, scorer, spans="kept_spans")
    columns = [c for c in ("doc_id", "group", "split", "kind", "raw") if c in items]
    return alignment_scores(items, hits, scorer).merge(items[columns], on="doc_id")


def second_measure(ctx, articles, short) -> tuple[dict, dict, int]:
    """Return Wordscores fitted on the partisan items of both discovery splits (+1 pro-LNA, -1
    pro-GNA): its pairwise figures on each validation split beside the lexicon's, their agreement,
    and the number of reference texts."""
    references = [d[(d["split"] == "discovery") & d["group"].isin(["pro_lna", "pro_gna"])] for d in (articles, short)]
    texts = [t for r in references for t in r["raw"]]
    positions = [1 if g == "pro_lna" else -1 for r in references for g in r["group"]]
    model = fit_wordscores(texts, positions, ctx)
    figures, agreement = {}, {}
    for name, items in (("articles", articles), ("short texts", short)):
        held = items[items["split"] == "validation"].reset_index(drop=True)
        ws = wordscores_table(held, model)["wordscore"]
        for measure, values in (("lexicon", held["score"]), ("Wordscores", ws)):
            by = {g: list(values[held["group"] == g]) for g in ("pro_lna", "neutral", "pro_gna")}
            figures[(name, measure)] = {
                "P(pro_lna > neutral)": outscores(by["pro_lna"], by["neutral"]),
                "P(neutral > pro_gna)": outscores(by["neutral"], by["pro_gna"]),
                "P(pro_lna > pro_gna)": outscores(by["pro_lna"], by["pro_gna"]),
            }
        agreement[name] = measures_agreement(list(held["score"]), list(ws))
    return figures, agreement, len(texts)


def figures() -> tuple[dict, dict, object, tuple]:
    """Return the validation figures per set and split, the sizes of the sets, the short posts and
    the second measure (:func:`second_measure`)."""
    import pandas as pd

    ctx = Context.of("libya-2019-2020")
    folder = ctx.study.folder / "validation"
    articles = aligned(ctx, folder / "articles.jsonl")
    short = aligned(ctx, folder / "short_texts.jsonl")
    sentences = pd.read_csv(folder / "sentences.csv", encoding="utf-8")
    evaluated = evaluate_alignment(sentences, StanceScorer(ctx, topic_gate=False))
    out, sizes = {}, {}
    for split in SPLITS:
        arts, sents = articles[articles["split"] == split], evaluated[evaluated["split"] == split]
        out[("articles", split)] = validation_figures(arts, sents, study=ctx.study)
        items = short[short["split"] == split]
        out[("short texts", split)] = validation_figures(items, study=ctx.study)
        sizes[split] = {
            "articles": [int((arts["group"] == g).sum()) for g in ("pro_lna", "neutral", "pro_gna")],
            "short": [int((items["group"] == g).sum()) for g in ("pro_lna", "neutral", "pro_gna")],
            "sentences": len(sents),
        }
    posts = short[short["kind"] == "post"].sort_values(["split", "doc_id"])
    return out, sizes, posts, second_measure(ctx, articles, short)


def seeds() -> list[tuple[str, float]]:
    """Return (doc_id, alignment score) of the case-study articles, highest first."""
    ctx = Context.of("libya-2019-2020")
    corpus = clean_corpus(load_case_study(ctx), ctx)
    scorer = StanceScorer(ctx)
    table = alignment_scores(corpus, corpus_hits(corpus, scorer, spans="kept_spans"), scorer)
    return sorted(zip(table["doc_id"], table["score"]), key=lambda x: -x[1])


def main() -> None:
    """Measure and write the results section."""
    results, sizes, posts, (second, agreement, n_references) = figures()
    columns = [(kind, split) for kind in ("articles", "short texts") for split in SPLITS]
    names = list(dict.fromkeys(n for c in columns for n in results[c]))
    lines = [
        SECTION,
        "",
        "`python benchmarks/stance_validation.py`: the development sets of the Libya study pack "
        "(`lib/arabic_news/studies/libya-2019-2020/validation/`), scored as `arabic-news stance` scores them. "
        "Sizes (pro-LNA / neutral / pro-GNA): "
        + "; ".join(
            f"{split}: articles {' / '.join(map(str, s['articles']))}, short texts {' / '.join(map(str, s['short']))}, "
            f"{s['sentences']} sentences"
            for split, s in sizes.items()
        )
        + ". The validation splits were held out from the discovery step, the lexicon additions and the "
        "choice of rules and parameters. A score needs a favourable or hostile hit (neutral names alone "
        "leave it empty); unscored items count as 0 in the pairwise figures.",
        "",
        "| figure | articles, discovery | articles, validation | short texts, discovery | short texts, validation "
        "| target (articles) | target (short texts) |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for name in names:
        fmt = "{:.0f}" if name in ("articles", "sentences") else "{:.3f}"
        cells = [fmt.format(results[c][name]) if name in results[c] else "" for c in columns]
        label = "items" if name == "articles" else name.replace("partisan articles", "partisan items")
        lines.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(TARGETS.get(name, ("", ""))) + " |")
    order = seeds()
    signs = [
        f"{doc} ({split}, {'+' if group == 'pro_lna' else '−'} camp): "
        + ("unscored" if score != score else f"{score:+.3f}")
        for doc, split, group, score in zip(posts["doc_id"], posts["split"], posts["group"], posts["score"])
    ]
    lines += [
        "",
        "Case-study articles (seeds), alignment toward the LNA camp, highest first: "
        + " > ".join(f"{doc[:3]} ({score:+.3f})" for doc, score in order)
        + ". Target: 003 > 001 > 002 > 000 and 004, no seed at ±1.",
        "",
        "Posts of partisan channels (alignment; a post of the + camp should score above 0, of the − camp "
        "below): " + "; ".join(signs) + ".",
        "",
        "**A second, independent measure** (`arabic_news.analyses.stance.wordscores`, reported beside the "
        f"lexicon, never mixed into it): Wordscores fitted on the {n_references} partisan items of the two "
        "discovery splits (+1 pro-LNA, −1 pro-GNA), on the validation splits. Agreement: Spearman rank "
        "correlation and share of same sign, over the items both measures score.",
        "",
        "| validation split | measure | P(pro_lna > neutral) | P(neutral > pro_gna) | P(pro_lna > pro_gna) "
        "| agreement with the lexicon |",
        "|---|---|---:|---:|---:|---|",
    ]
    for (name, measure), f in second.items():
        agree = agreement[name]
        note = (
            f"Spearman {agree['spearman']:.3f}, same sign {agree['same sign']:.3f} (n = {agree['n']:.0f})"
            if measure == "Wordscores"
            else ""
        )
        lines.append(f"| {name} | {measure} | " + " | ".join(f"{v:.3f}" for v in f.values()) + f" | {note} |")
    lines.append("")
    text = "\n".join(lines)
    print(text)
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
