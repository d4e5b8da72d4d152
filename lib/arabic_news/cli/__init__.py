"""The command line (``arabic-news``) and the report builder (``make run``): parse, call, format."""

from __future__ import annotations

from .._lazy import lazy_exports

EXPORTS = {
    # main
    "main": "main",
    "build_parser": "main",
    "entry_point": "main",
    "escape_controls": "main",
    # atomic outputs
    "replace_folder": "atomic",
    # report
    "build_report": "report",
    "refresh_notebooks": "report",
    "numbered_notebooks": "report",
    "summarize": "report",
    "index_page": "report",
    "glossary_page": "report",
    "mark_rtl": "report",
    "link_pages": "report",
    "make_offline": "report",
    "first_strong_is_arabic": "report",
    "NotebookSummary": "report",
    "REPORT_CSS": "report",
    "learning_goals": "report",
    "lesson_minutes": "report",
    "kernelspec_metadata": "report",
    "mark_missing": "report",
    "page_fonts": "report",
}

__all__, __getattr__ = lazy_exports(__name__, EXPORTS)
