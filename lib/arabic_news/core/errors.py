"""The one error shape of the package: a file (and row), the problem, and the fix."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used; the message reads ``"<file>[, row N]: <problem>. <fix>"``."""

    def __init__(self, source: str, problem: str, fix: str, row: int | None = None) -> None:
        self.source, self.problem, self.fix, self.row = source, problem, fix, row
        where = f"{source}, row {row}" if row is not None else source
        super().__init__(f"{where}: {problem}. {fix}")
