"""The one error shape of the package: a file (and row), the problem, and the fix; and the errors of
corpus input (:class:`CorpusError`, :class:`Skipped`)."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """Input that cannot be used; the message reads ``"<file>[, row N]: <problem>. <fix>"``."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None) -> None:
        self.source, self.problem, self.fix, self.row = source, problem, fix, row
        where = f"{source}, row {row}" if row is not None else source
        super().__init__(f"{where}: {problem}. {fix}")

    def __reduce__(self) -> tuple:
        """Rebuild the error from its parts (raised in a worker process, it reaches the client whole)."""
        return type(self), (self.source, self.problem, self.fix, self.row)


class StudyError(InputError):
    """A study pack (manifest or lexicon) that cannot be used; the message says where and why."""


class CorpusError(InputError):
    """A document or file that cannot be loaded; the message names it and says what to do."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None, line: int | None = None) -> None:
        # a table row that does not start on the physical line of its number is named by both
        super().__init__(source, problem, fix, row if line is None or line == row else f"{row} (line {line})")  # type: ignore[arg-type]
        self.row, self.line = row, line
        #: documents skipped before this error (only set when nothing at all could be loaded)
        self.skipped: list[Skipped] = []

    def __reduce__(self) -> tuple:
        """Rebuild the error from its parts (raised in a worker process, it reaches the client whole)."""
        return type(self), (self.source, self.problem, self.fix, self.row, self.line)


@dataclass(frozen=True)
class Skipped:
    """A document that was not loaded, and why."""

    source: str
    row: int | None
    reason: str


@dataclass
class LoadReport:
    """What happened while a corpus was read: documents skipped, files ignored, metadata problems."""

    skipped: list[Skipped] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: subfolders of a corpus folder that were not read (read with ``recursive=True``)
    folders: list[str] = field(default_factory=list)
    #: metadata rows that matched no document, or repeated an earlier row's key (as Skipped entries)
    metadata: list[Skipped] = field(default_factory=list)
    loaded: int = 0

    def attrs(self) -> dict[str, list]:
        """Return what a loaded corpus DataFrame keeps in ``attrs``: skipped documents, ignored files,
        subfolders not read and metadata problems (lists, for the notebooks to show; nothing an
        analysis reads)."""
        return {
            "skipped": list(self.skipped),
            "ignored": list(self.ignored),
            "folders": list(self.folders),
            "metadata_problems": list(self.metadata),
        }
