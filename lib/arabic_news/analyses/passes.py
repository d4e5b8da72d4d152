"""A corpus read in two passes, batch by batch, for the analyses that clean documents first.

Cleaning needs one corpus-wide fact before it can clean any document: which lines are template lines
(rule 5 of :mod:`~arabic_news.analyses.cleaning`). So:

* **pass 1** (:func:`first_pass`) sends each batch of records to the engine's workers, which split the
  normalized texts into lines and hash their keys (:func:`lines_batch`); the client counts the keys
  across the corpus (a few bytes per line) and keeps each batch, with the lines found, in a temporary
  file;
* **pass 2** reads the batches back (:attr:`FirstPass.batches`) and sends them to the workers again,
  where each document is prepared once (:func:`batch_documents`: the lines of pass 1 are its
  paragraphs, not split again) and cleaned with the corpus-wide counts (:func:`clean_batch`), before
  the analysis (shingles for ``duplicates``, scores for ``stance``) reads it.

The corpus file is read once; memory holds the batches in flight, never the corpus; no worker starts
a pool of its own. The temporary file takes about twice the size of the texts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.document import Document
from ..core.spill import SpilledObjects
from ..core.text import NormalizeOptions, normalize
from .cleaning import BoilerplateCues, clean_document
from .templates import HashedKeys, hashed_lines, template_keys_from_arrays

if TYPE_CHECKING:
    import numpy as np

#: the fields of a record that cleaning needs (``text``, the normalized text, is optional)
CORPUS_COLUMNS = ("doc_id", "raw", "text")


def lines_batch(records: Sequence[dict], options: NormalizeOptions) -> tuple[np.ndarray, ...]:
    """Return the lines of a batch of records as arrays (pass 1, in a worker): lines per document, then
    each line's hashed key (0: empty), whether it is short, and its (start, end) offsets in the
    normalized text."""
    import numpy as np

    docs = hashed_lines([_normalized(r, options) for r in records])
    flat = [line for doc in docs for line in doc]
    return (
        np.array([len(d) for d in docs], dtype=np.int64),
        np.array([line[2] for line in flat], dtype=np.uint64),
        np.array([line[3] for line in flat], dtype=bool),
        np.array([line[:2] for line in flat], dtype=np.int64).reshape(-1, 2),
    )


def _normalized(record: dict, options: NormalizeOptions) -> str:
    """Return the normalized text of a record: the reader's, or its raw text normalized."""
    text = record.get("text")
    return normalize(record["raw"], options) if text is None else text


@dataclass
class FirstPass:
    """What pass 1 found: the template line keys (hashed) with their document counts, the batches
    kept for pass 2 (each ``{"records": [...], "lines": (sizes, keys, spans)}``) and the number of
    documents. Close it (or use it as a context manager) to delete the temporary file."""

    keys: HashedKeys
    batches: SpilledObjects
    n_docs: int

    def close(self) -> None:
        """Delete the batches kept for pass 2."""
        self.batches.close()

    def __enter__(self) -> FirstPass:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def first_pass(
    batches: Iterable[list[dict]],
    engine: Any,
    options: NormalizeOptions,
    tick: Callable[[int], None] | None = None,
    keep: Sequence[str] | None = None,
) -> FirstPass:
    """Return pass 1 of ``batches`` (lists of records) on ``engine`` (see the module docstring);
    ``keep``: the fields of each record kept for pass 2 (None: all, metadata included);
    ``tick(n)`` is told how many documents each batch held."""
    import numpy as np

    spill = SpilledObjects()
    read: deque[list[dict]] = deque()  # the batches the workers are reading, until their lines come

    def sent() -> Iterator[list[dict]]:
        for batch in batches:
            if keep is not None:
                batch = [{k: r[k] for k in keep if k in r} for r in batch]
            read.append(batch)
            yield batch

    lines: list = [(np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(0, bool))]
    try:
        for sizes, line_keys, short, spans in engine.map(lines_batch, sent(), options):
            spill.append({"records": read.popleft(), "lines": (sizes, line_keys, spans)})
            lines.append((sizes, line_keys, short))
            if tick:
                tick(len(sizes))
    except BaseException:
        spill.close()
        raise
    keys = HashedKeys(template_keys_from_arrays(*(np.concatenate(column) for column in zip(*lines))))
    return FirstPass(keys, spill, sum(len(part[0]) for part in lines))


def batch_documents(part: dict, options: NormalizeOptions) -> list[Document]:
    """Return the documents of a batch kept by pass 1, prepared once: the reader's normalized text
    and the lines pass 1 found in it (the paragraphs of the normalized text)."""
    sizes, _keys, spans = part["lines"]
    docs = []
    first = 0
    for record, size in zip(part["records"], sizes.tolist()):
        norm_spans = spans[first : first + size].tolist()
        text = _normalized(record, options)
        docs.append(Document(str(record["doc_id"]), record["raw"], options, text=text, norm_spans=norm_spans))
        first += size
    return docs


def clean_batch(part: dict, keys: HashedKeys, cues: BoilerplateCues, dup_threshold: float = 0.8) -> list[Document]:
    """Return the documents of a batch kept by pass 1, cleaned with the corpus-wide template line
    counts ``keys`` (looked up by the hashed keys pass 1 found, when the raw text splits into the same
    paragraphs as the normalized one; by the keys themselves otherwise)."""
    docs = batch_documents(part, cues.matcher.options)
    sizes, line_keys, _spans = part["lines"]
    first = 0
    for doc, size in zip(docs, sizes.tolist()):
        counts = list(map(keys.get, line_keys[first : first + size].tolist())) if len(doc.paragraphs) == size else None
        clean_document(doc, cues, keys, dup_threshold, counts)
        first += size
    return docs
