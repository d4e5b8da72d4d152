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


#: notebooks whose committed outputs were made with the package before the table markup of issue 22
#: (every table in its own scrolling box, mixed cells isolated run by run): they are rewritten on another
#: branch and re-executed when it is merged (issue 22, phase 2); until then their HTML tables may differ
NOTEBOOKS_REGENERATED_LATER = {
    "03-stance-and-framing.ipynb",
    "03-stance-and-framing-solutions.ipynb",
    "04-your-own-conflict.ipynb",
    "04-your-own-conflict-solutions.ipynb",
}


def pytest_collection_modifyitems(config, items):
    """Mark the regression items of :data:`NOTEBOOKS_REGENERATED_LATER` as expected to differ (not strict)."""
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.name in NOTEBOOKS_REGENERATED_LATER:
            item.add_marker(pytest.mark.xfail(reason="re-executed after the merge of its rewrite (issue 22)"))
