"""The analyses: plain arguments in, DataFrames or dataclasses out.

Cleaning, near-duplicates, alignment, sources, templates, keyness, naming, stance and discovery. They import
from :mod:`arabic_news.core` only; no argparse, no HTML, no matplotlib.
"""
