"""Fixtures shared by the tests: the command line run in this process, the contexts of the shipped packs."""

import json

import pytest

from arabic_news import main


def sorted_records(data):
    """Return JSON output with every list of records sorted (the order of batches may differ)."""
    if isinstance(data, dict):
        return {k: sorted_records(v) for k, v in data.items()}
    return sorted(data, key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False))


class CommandLine:
    """``arabic-news`` run in this process (pytest's ``capsys`` holds what it prints)."""

    def __init__(self, capsys: pytest.CaptureFixture) -> None:
        self.capsys = capsys

    def __call__(self, *args: str) -> str:
        """Return the stdout of ``arabic-news ARGS --quiet`` (which must succeed)."""
        assert main([*args, "--quiet"]) == 0
        return self.capsys.readouterr().out

    def records(self, *args: str) -> str:
        """Return the JSON output of ``arabic-news ARGS --format json --quiet``, every list of records
        sorted and written back as JSON (two runs that differ only in the order of batches give the
        same string)."""
        out = json.loads(self(*args, "--format", "json"))
        return json.dumps(sorted_records(out), ensure_ascii=False)


@pytest.fixture
def cli(capsys) -> CommandLine:
    """Return the command line, run in this process: ``cli(*args)`` is its stdout,
    ``cli.records(*args)`` its JSON records in a fixed order."""
    return CommandLine(capsys)


@pytest.fixture(scope="session")
def libya():
    """Return the context of the Libya study pack (the case study) with the default normalization."""
    from arabic_news import Context

    return Context.of("libya-2019-2020")


@pytest.fixture(scope="session")
def yemen():
    """Return the context of the Yemen study pack with the default normalization."""
    from arabic_news import Context

    return Context.of("yemen-2015")
