"""The display layer: one right-to-left table, one concordance, the charts of each analysis and
the notebook setup. It imports from the analyses and the core.
"""
