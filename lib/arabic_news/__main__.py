"""``python -m arabic_news``: the same as the ``arabic-news`` command."""

from .cli.main import entry_point

entry_point()
