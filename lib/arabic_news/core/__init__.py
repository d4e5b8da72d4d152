"""The core layer: text, matching, corpus loading, study packs, shingles, the worker pool.

No argparse, HTML or matplotlib here; every other layer builds on this one.
"""
