"""Spilling to temporary files: what a corpus-wide pass produces per document (shingle hashes,
signatures, batches of records) goes to disk as it comes and is read back when needed, so memory does
not grow with the corpus. The one place the package spills; every store deletes its file on
:meth:`TemporaryStore.close` (or at the end of a ``with`` block)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Self

if TYPE_CHECKING:
    import numpy as np


class TemporaryStore:
    """A temporary file that data is spilled to and read back from; deleted by :meth:`close` (or at
    the end of a ``with`` block, or when the object is collected)."""

    def __init__(self) -> None:
        import tempfile

        self._file = tempfile.TemporaryFile()  # noqa: SIM115  (closed by close())

    def close(self) -> None:
        """Delete the file."""
        self._file.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SpilledHashes(TemporaryStore, Sequence):
    """The shingle hash arrays of a corpus, written to a temporary file as they come and read back
    one document at a time: memory holds one offset per document, not its hashes.

    ``extend`` appends the arrays of a batch; ``spilled[i]`` reads document ``i``'s array. Close it
    (or use it as a context manager) to delete the file."""

    def __init__(self, dtype: str = "uint64") -> None:
        from array import array

        import numpy as np

        super().__init__()
        self._dtype = np.dtype(dtype)
        self._ends = array("q", [0])

    def extend(self, hashes: Sequence[np.ndarray]) -> None:
        """Append the hash arrays of a batch of documents."""
        import numpy as np

        if not len(hashes):
            return
        self._file.seek(0, 2)
        self._file.write(np.concatenate(hashes).astype(self._dtype, copy=False).tobytes())
        end = self._ends[-1]
        for h in hashes:
            end += len(h)
            self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends) - 1

    def __getitem__(self, i: int) -> np.ndarray:  # type: ignore[override]
        import numpy as np

        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        start, stop = self._ends[i], self._ends[i + 1]
        self._file.seek(start * self._dtype.itemsize)
        return np.frombuffer(self._file.read((stop - start) * self._dtype.itemsize), dtype=self._dtype)


class SpilledMatrix(TemporaryStore):
    """A matrix of fixed-width rows (MinHash signatures) written to a temporary file as batches
    come and read back a few columns at a time, in blocks of rows: ``m[:, lo:hi]`` returns those
    columns of every row, ``m[rows]`` a view of some rows (read the same way). Memory holds the
    columns asked for, never the matrix."""

    def __init__(self, width: int, dtype: str = "uint32", block: int = 65_536) -> None:
        import numpy as np

        super().__init__()
        self.width, self._dtype, self._block = width, np.dtype(dtype), block
        self._n = 0
        self._rows: np.ndarray | None = None

    def extend(self, matrix: np.ndarray) -> None:
        """Append the rows of a batch."""
        self._file.seek(0, 2)
        self._file.write(matrix.astype(self._dtype, copy=False).reshape(len(matrix), self.width).tobytes())
        self._n += len(matrix)

    def __len__(self) -> int:
        return self._n if self._rows is None else len(self._rows)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self), self.width)

    @property
    def size(self) -> int:
        return len(self) * self.width

    def __getitem__(self, key):
        import copy

        import numpy as np

        if not isinstance(key, tuple):  # a selection of rows: a view
            view = copy.copy(self)
            view._rows = np.asarray(key) if self._rows is None else self._rows[key]
            return view
        rows, cols = key
        if rows != slice(None):
            raise IndexError("a SpilledMatrix gives columns of every row: m[:, lo:hi]")
        row_bytes = self.width * self._dtype.itemsize
        parts = [np.zeros((0, len(range(self.width)[cols])), dtype=self._dtype)]
        for start in range(0, self._n, self._block):
            count = min(self._block, self._n - start)
            self._file.seek(start * row_bytes)
            block = np.frombuffer(self._file.read(count * row_bytes), dtype=self._dtype)
            parts.append(block.reshape(count, self.width)[:, cols].copy())
        out = np.concatenate(parts)
        return out if self._rows is None else out[self._rows]


class SpilledObjects(TemporaryStore):
    """Objects pickled to a temporary file as they come and read back in order."""

    def append(self, item: object) -> None:
        """Add one object at the end."""
        import pickle

        self._file.seek(0, 2)
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator:
        import pickle

        self._file.seek(0)
        while True:
            try:
                item = pickle.load(self._file)
            except EOFError:
                return
            position = self._file.tell()
            yield item
            self._file.seek(position)
