"""``python -m arabic_news``: the same as the ``arabic-news`` command."""

from .cli import entry_point

entry_point()
