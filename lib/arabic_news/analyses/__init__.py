"""The analyses: plain arguments in, DataFrames or dataclasses out.

Cleaning, near-duplicates, alignment, sources, templates, keyness, naming and stance. They import
from :mod:`arabic_news.core` only; no argparse, no HTML, no matplotlib.
"""

from __future__ import annotations

from .._lazy import lazy_exports

EXPORTS = {
    # stats
    "document_stats": "stats",
    "overview": "stats",
    "normalization_report": "stats",
    "normalization_examples": "stats",
    # cleaning
    "clean_corpus": "cleaning",
    "clean_document": "cleaning",
    "flag_boilerplate": "cleaning",
    "internal_duplicates": "cleaning",
    "removal_report": "cleaning",
    "paragraphs": "cleaning",
    "cue_flag": "cleaning",
    "boilerplate_cues": "cleaning",
    "template_lines": "cleaning",
    "relative_time": "cleaning",
    "is_user_name_line": "cleaning",
    "line_key": "cleaning",
    "Flag": "cleaning",
    "InternalDuplicate": "cleaning",
    "Paragraph": "cleaning",
    # near_duplicates
    "near_duplicates": "near_duplicates",
    "NearDuplicates": "near_duplicates",
    "exact_pairs": "near_duplicates",
    "hash_corpus": "near_duplicates",
    "shingle_corpus": "near_duplicates",
    "lsh_candidates": "near_duplicates",
    "lsh_curve": "near_duplicates",
    "similarity_matrix": "near_duplicates",
    "shared_passages": "near_duplicates",
    "SharedPassage": "near_duplicates",
    "duplicates_report": "near_duplicates",
    "DuplicatesReport": "near_duplicates",
    "generate_corpus": "near_duplicates",
    "recall_banding": "near_duplicates",
    "datasketch_banding": "near_duplicates",
    "band_candidates": "near_duplicates",
    "identical_groups": "near_duplicates",
    "clusters_of": "near_duplicates",
    "confirm_pairs": "near_duplicates",
    "choose_method": "near_duplicates",
    "EXACT_BELOW": "near_duplicates",
    # alignment
    "align_sentences": "alignment",
    "sentences_with": "alignment",
    "word_diff": "alignment",
    "light_stem": "alignment",
    "sentence_units": "alignment",
    # sources
    "actor_mentions": "sources",
    "actor_counts": "sources",
    "actor_table": "sources",
    "naming_phrases": "sources",
    "naming_mentions": "sources",
    "naming_by": "sources",
    "find_attributions": "sources",
    "attribution_table": "sources",
    "attribution_records": "sources",
    "outlet_summary": "sources",
    "date_cues": "sources",
    "load_events": "sources",
    "timeline_table": "sources",
    "source_profiles": "sources",
    "SourceProfile": "sources",
    "ActorMention": "sources",
    "Attribution": "sources",
    "KINDS": "sources",
    # templates
    "candidate_lines": "templates",
    "shared_lines": "templates",
    "template_groups": "templates",
    # keyness
    "keyness": "keyness",
    "keyness_by": "keyness",
    "log_likelihood": "keyness",
    "log_ratio": "keyness",
    "token_counts": "keyness",
    "keep_token": "keyness",
    # stance
    "StanceScorer": "stance",
    "Hit": "stance",
    "Quote": "stance",
    "corpus_hits": "stance",
    "stance_scores": "stance",
    "actor_scores": "stance",
    "leave_one_term_out": "stance",
    "category_table": "stance",
    "naming_hits": "stance",
    "evaluate_sentences": "stance",
    "agreement": "stance",
    "find_quotes": "stance",
    "saying_matcher": "stance",
    "document_words": "stance",
    "scorer_for": "stance",
    "HIT_COLUMNS": "stance",
    # concordance
    "concordance": "concordance",
    "find_matches": "concordance",
    "keyword_in_context": "concordance",
    # naming
    "naming_table": "naming",
}

__all__, __getattr__ = lazy_exports(__name__, EXPORTS)
