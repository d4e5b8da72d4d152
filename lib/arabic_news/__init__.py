"""arabic_news: load, normalize, match and draw Arabic news text for framing analysis.

Import time is kept low: pandas, matplotlib and other heavy libraries are imported by the
modules that need them, and the names below are loaded on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_corpus": "corpus", "load_case_study": "corpus", "CorpusError": "corpus",
    "normalize": "text", "normalize_with_offsets": "text", "NormalizeOptions": "text",
    "split_paragraphs": "text", "split_sentences": "text", "tokenize": "text",
    "count_words": "text", "has_arabic": "text",
    "PhraseMatcher": "match", "find_terms": "match",
    "display_text": "render", "setup_notebook": "render", "rtl_table": "render",
    "matplotlib_shapes_text": "render",
    "document_stats": "stats",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'arabic_news' has no attribute {name!r}")
