"""Validation of the camp alignment on real articles and sentences (issue 11), on both splits.

Data: the development corpus that ships with the Libya study pack (``validation/``): excerpts of
real Arabic articles from pro-LNA, pro-GNA and neutral outlets (camp decided by owner and
country, never from the text) and real sentences labelled +1 / 0 / -1 by reading. The
``discovery`` split was used to grow the lexicon and to choose the rules; the ``validation``
split was held out and is only scored here.

Articles are scored as ``arabic-news stance`` scores them (cleaned article text, topic gate on);
sentences with the topic gate off. Figures, per split (targets of issue 11 in brackets):
coverage of partisan articles [>= 0.9], share of scored articles at |score| >= 0.99 [<= 0.3],
P(pro-LNA > neutral) [>= 0.8], P(neutral > pro-GNA) [>= 0.8], P(pro-LNA > pro-GNA) [>= 0.95]
(a random article of one group outscores one of the other; unscored articles at 0, ties half),
sentence accuracy with unscored sentences counted wrong [>= 0.6]; and the ordering of the five
case-study articles (seeds) toward Haftar's camp.

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

SECTION = "## Stance validation"
TARGETS = {
    "coverage of partisan articles": ">= 0.90",
    "saturation (abs score >= 0.99)": "<= 0.30",
    "P(pro_lna > neutral)": ">= 0.80",
    "P(neutral > pro_gna)": ">= 0.80",
    "P(pro_lna > pro_gna)": ">= 0.95",
    "sentence accuracy (unscored wrong)": ">= 0.60",
}


def figures() -> tuple[dict, dict]:
    """Return the validation figures per split and the sizes of the development corpus."""
    import pandas as pd

    ctx = Context.of("libya-2019-2020")
    folder = ctx.study.folder / "validation"
    articles = clean_corpus(load_corpus(folder / "articles.jsonl"), ctx)
    scorer = StanceScorer(ctx)
    hits = corpus_hits(articles, scorer, spans="kept_spans")
    aligned = alignment_scores(articles, hits, scorer).merge(articles[["doc_id", "group", "split"]], on="doc_id")
    sentences = pd.read_csv(folder / "sentences.csv", encoding="utf-8")
    evaluated = evaluate_alignment(sentences, StanceScorer(ctx, topic_gate=False))
    out, sizes = {}, {}
    for split in ("discovery", "validation"):
        arts = aligned[aligned["split"] == split]
        sents = evaluated[evaluated["split"] == split]
        out[split] = validation_figures(arts, sents, study=ctx.study)
        sizes[split] = {
            **{g: int((arts["group"] == g).sum()) for g in ("pro_lna", "neutral", "pro_gna")},
            "sentences": len(sents),
        }
    return out, sizes


def seeds() -> list[tuple[str, float]]:
    """Return (doc_id, alignment score) of the case-study articles, highest first."""
    ctx = Context.of("libya-2019-2020")
    corpus = clean_corpus(load_case_study(ctx), ctx)
    scorer = StanceScorer(ctx)
    table = alignment_scores(corpus, corpus_hits(corpus, scorer, spans="kept_spans"), scorer)
    return sorted(zip(table["doc_id"], table["score"]), key=lambda x: -x[1])


def main() -> None:
    """Measure and write the results section."""
    results, sizes = figures()
    names = list(results["discovery"])
    lines = [
        SECTION,
        "",
        "`python benchmarks/stance_validation.py`: the development corpus of the Libya study pack "
        "(`lib/arabic_news/studies/libya-2019-2020/validation/`), scored as `arabic-news stance` scores it. "
        "Sizes (pro-LNA / neutral / pro-GNA articles; sentences): "
        + "; ".join(
            f"{split} {s['pro_lna']} / {s['neutral']} / {s['pro_gna']}, {s['sentences']} sentences"
            for split, s in sizes.items()
        )
        + ". The validation split was held out from the discovery step, the lexicon additions and the "
        "choice of rules and parameters.",
        "",
        "| figure | discovery | validation (held out) | target |",
        "|---|---:|---:|---|",
    ]
    for name in names:
        d, v = results["discovery"][name], results["validation"][name]
        fmt = "{:.0f}" if name in ("articles", "sentences") else "{:.3f}"
        lines.append(f"| {name} | {fmt.format(d)} | {fmt.format(v)} | {TARGETS.get(name, '')} |")
    order = seeds()
    lines += [
        "",
        "Case-study articles (seeds), alignment toward the LNA camp, highest first: "
        + " > ".join(f"{doc[:3]} ({score:+.3f})" for doc, score in order)
        + ". Target: 003 > 001 > 002 > 000 and 004, no seed at ±1.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    write_section(SECTION, text)


if __name__ == "__main__":
    main()
