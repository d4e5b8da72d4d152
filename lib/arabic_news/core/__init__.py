"""The core layer: text, matching, corpus loading, study packs, shingles, the worker pool.

No argparse, HTML or matplotlib here; every other layer builds on this one.
"""

from __future__ import annotations

from .._lazy import lazy_exports

EXPORTS = {
    # corpus
    "load_corpus": "corpus",
    "load_case_study": "corpus",
    "CorpusError": "errors",
    "Skipped": "errors",
    "DEFAULT_MAX_BYTES": "files",
    "decode_bytes": "decoding",
    "looks_reversed": "decoding",
    "safe_name": "files",
    "CorpusReader": "corpus",
    "LoadReport": "errors",
    "group_labels": "metadata",
    "MISSING_LABEL": "metadata",
    "RESERVED_COLUMNS": "readers",
    "doc_key": "readers",
    "match_key": "readers",
    "check_max_bytes": "files",
    # text
    "normalize": "text",
    "normalize_with_offsets": "text",
    "NormalizeOptions": "text",
    "NormalizedText": "text",
    "DEFAULT_OPTIONS": "text",
    "split_paragraphs": "text",
    "split_sentences": "text",
    "tokenize": "text",
    "count_words": "text",
    "words": "text",
    "has_arabic": "text",
    "ends_like_sentence": "text",
    "Span": "text",
    "Token": "text",
    "WORD_RE": "text",
    "INVISIBLE": "text",
    "PERSIAN_LETTERS": "text",
    "split_lines": "text",
    # match
    "PhraseMatcher": "match",
    "Match": "match",
    "find_terms": "match",
    "key_substring": "match",
    # study
    "Study": "study",
    "Camp": "study",
    "StudyError": "study",
    "load_study": "study",
    "list_studies": "study",
    "shipped_study_names": "study",
    "CATEGORIES": "study",
    # shingles
    "word_shingles": "shingles",
    "char_shingles": "shingles",
    "shingles": "shingles",
    "paragraph_shingles": "shingles",
    "jaccard": "shingles",
    "exact_jaccard": "shingles",
    "shingle_hashes": "shingles",
    "shingle_hashes_many": "shingles",
    "minhash_signatures": "shingles",
    "signature_matrix": "shingles",
    "SpilledHashes": "spill",
    "SpilledMatrix": "spill",
    "NUM_PERM": "shingles",
    "SEED": "shingles",
    # parallel
    "parallel_map": "parallel",
    "default_workers": "parallel",
    "Engine": "parallel",
    "PoolEngine": "parallel",
    "DaskEngine": "parallel",
    "make_engine": "parallel",
    # glossary
    "glossary": "glossary",
    "camp_of": "glossary",
    # context and documents
    "Context": "context",
    "Document": "document",
    # errors
    "InputError": "errors",
}

__all__, __getattr__ = lazy_exports(__name__, EXPORTS)
