"""The display layer: one right-to-left table, one concordance, the charts of each analysis and
the notebook setup. It imports from the analyses and the core.
"""

from __future__ import annotations

from .._lazy import lazy_exports

EXPORTS = {
    # rendering
    "display_text": "rendering",
    "display_labels": "rendering",
    "matplotlib_shapes_text": "rendering",
    "ARABIC_FONT": "rendering",
    "new_axes": "rendering",
    "plot_rendering_pitfall": "rendering",
    "rendering_inputs": "rendering",
    "LATIN_FONT": "rendering",
    "arabic_font_path": "rendering",
    "register_fonts": "rendering",
    "use_arabic_font": "rendering",
    "arabic_font_family": "rendering",
    "ARABIC_SCRIPT_RE": "rendering",
    "embedded_font_css": "rendering",
    # bidi
    "isolate_markdown": "bidi",
    "unisolated_runs": "bidi",
    "arabic_in_code": "bidi",
    "isolate_cell": "bidi",
    "is_mixed": "bidi",
    "strip_isolates": "bidi",
    "ARABIC_RUN_RE": "bidi",
    # tables
    "rtl_table": "tables",
    "rtl_table_html": "tables",
    "RtlTable": "tables",
    "concordance_table": "tables",
    "side_by_side": "tables",
    "SideBySide": "tables",
    "format_column": "tables",
    "MISSING": "tables",
    # notebook
    "setup_notebook": "notebook",
    "doc_labels": "notebook",
    # charts_sources
    "plot_timeline": "charts_sources",
    "plot_actor_heatmap": "charts_sources",
    "plot_attribution_bars": "charts_sources",
    # charts_stance
    "plot_stance_scores": "charts_stance",
    "plot_alignment": "charts_stance",
    "plot_category_heatmap": "charts_stance",
    # charts_discovery
    "plot_fightin_words": "charts_discovery",
    # charts_naming
    "plot_naming": "charts_naming",
    "PRO_COLOR": "charts_naming",
    "ANTI_COLOR": "charts_naming",
    "NEUTRAL_COLOR": "charts_naming",
    # charts_duplicates
    "plot_similarity": "charts_duplicates",
    "plot_lsh_curve": "charts_duplicates",
}

__all__, __getattr__ = lazy_exports(__name__, EXPORTS)
