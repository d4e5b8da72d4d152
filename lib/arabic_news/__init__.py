"""arabic_news: load, normalize, match and analyse Arabic news text for framing studies.

The public API is what the notebooks and a researcher call, importable from here
(``from arabic_news import load_corpus``); everything else is importable from its module
(``arabic_news.analyses.cleaning``...), for tests and for reading the code. The package has four
layers, each importing only from the layers below it:

* :mod:`arabic_news.core`: text, matching, corpus loading, study packs and the analysis context,
  documents, shingles, engines;
* :mod:`arabic_news.analyses`: cleaning, near-duplicates, alignment, sources, templates, keyness,
  naming, stance, discovery;
* :mod:`arabic_news.display`: right-to-left tables, the concordance, charts, notebook setup;
* :mod:`arabic_news.cli`: the ``arabic-news`` command and the report builder.

Import time stays low: each name is loaded on first use, with the heavy libraries it needs.
"""

from __future__ import annotations

from typing import Any

from ._lazy import lazy_exports

#: the public API: name -> the module that defines it (relative to this package), by topic
EXPORTS = {
    # a corpus and its context: the study pack and normalization every analysis uses
    "Context": "core.context",
    "load_study": "core.study",
    "Study": "core.study",
    "StudyError": "core.errors",
    "load_corpus": "core.corpus",
    "load_case_study": "core.corpus",
    "CorpusReader": "core.corpus",
    "CorpusError": "core.errors",
    "Document": "core.document",
    # Arabic text
    "NormalizeOptions": "core.text",
    "normalize": "core.text",
    "normalize_with_offsets": "core.text",
    "split_paragraphs": "core.text",
    "split_sentences": "core.text",
    "tokenize": "core.text",
    "count_words": "core.text",
    "PhraseMatcher": "core.match",
    "overview": "analyses.stats",
    "normalization_report": "analyses.stats",
    "normalization_examples": "analyses.stats",
    "term_occurrences": "analyses.facts",
    # sources, actors and naming
    "find_attributions": "analyses.sources",
    "attribution_records": "analyses.sources",
    "attribution_table": "analyses.sources",
    "actor_table": "analyses.sources",
    "naming_by": "analyses.sources",
    "naming_table": "analyses.naming",
    "outlet_summary": "analyses.sources",
    "date_cues": "analyses.sources",
    "load_events": "analyses.sources",
    "timeline_table": "analyses.sources",
    "shared_lines": "analyses.templates",
    "template_groups": "analyses.templates",
    "keyness_by": "analyses.keyness",
    "concordance": "analyses.concordance",
    # cleaning and duplicates
    "clean_corpus": "analyses.cleaning",
    "internal_duplicates": "analyses.cleaning",
    "removal_report": "analyses.cleaning",
    "cleaning_counts": "analyses.facts",
    "article_text": "analyses.facts",
    "similarity_matrix": "analyses.similarity",
    "shared_passages": "analyses.similarity",
    "hash_corpus": "analyses.near_duplicates",
    "near_duplicates": "analyses.near_duplicates",
    "exact_pairs": "analyses.near_duplicates",
    "lsh_curve": "analyses.near_duplicates",
    "edited_copies": "analyses.similarity",
    "duplicates_report": "analyses.duplicates",
    "align_sentences": "analyses.alignment",
    "sentences_with": "analyses.alignment",
    # stance
    "StanceScorer": "analyses.stance",
    "corpus_hits": "analyses.stance",
    "stance_scores": "analyses.stance",
    "alignment_scores": "analyses.stance",
    "graded_score": "analyses.stance",
    "leave_one_term_out": "analyses.stance",
    "category_table": "analyses.stance",
    "naming_hits": "analyses.stance",
    "evaluate_alignment": "analyses.stance",
    "partisan_band": "analyses.stance",
    "validation_figures": "analyses.stance",
    "fightin_words": "analyses.discovery",
    "top_candidates": "analyses.discovery",
    "term_glosses": "core.glossary",
    # display
    "setup_notebook": "display.notebook",
    "doc_labels": "display.notebook",
    "rtl_table": "display.tables",
    "concordance_table": "display.tables",
    "side_by_side": "display.tables",
    "anonymize_comments": "display.tables",
    "display_text": "display.rendering",
    "plot_rendering_pitfall": "display.rendering",
    "rendering_inputs": "display.rendering",
    "plot_timeline": "display.charts_sources",
    "plot_actor_heatmap": "display.charts_sources",
    "plot_attribution_bars": "display.charts_sources",
    "plot_naming": "display.charts_naming",
    "plot_similarity": "display.charts_duplicates",
    "plot_lsh_curve": "display.charts_duplicates",
    "plot_stance_scores": "display.charts_stance",
    "plot_alignment": "display.charts_stance",
    "plot_category_heatmap": "display.charts_stance",
    "plot_fightin_words": "display.charts_discovery",
    # the workbook: self-checks of the exercises
    "check_exercises": "display.workbook",
    # the command line (arabic-news), callable from Python
    "main": "cli.main",
}

__all__, _public = lazy_exports(__name__, EXPORTS)


def __getattr__(name: str) -> Any:
    """Return a public name (loaded on first use), or ``__version__`` from the installed metadata."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("arabic-news")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    return _public(name)
