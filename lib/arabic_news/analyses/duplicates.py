"""The ``duplicates`` report of a corpus: every document cleaned (boilerplate lines, repeated
paragraphs), then the pairs of documents whose cleaned texts are near-duplicates, their clusters and
(optionally) the passages they share, batch by batch, on any engine.

The corpus is read once, in two passes: pass 1 counts template lines across the corpus and writes
each batch (ids, raw and normalized texts) to a temporary file, pass 2 reads them back, cleans each
document and keeps only what the pair finding needs (shingle hashes, spilled to a temporary file,
and MinHash signatures). With the Dask engine and LSH the pairs are found on the cluster's workers
(see "pair finding on a Dask cluster" below); the algorithms themselves are in
:mod:`~arabic_news.analyses.near_duplicates`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any

from ..core.shingles import (
    NUM_PERM,
    SEED,
    SpilledHashes,
    SpilledMatrix,
    TemporaryStore,
    shingle_hashes_many,
    signature_matrix,
)
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions
from .near_duplicates import (
    LARGE_BUCKET,
    PARALLEL_MIN_DOCS,
    NearDuplicates,
    _band_keys,
    _exact_join,
    _with_copies,
    bucket_pairs,
    confirm_each,
    content_key,
    groups_of_keys,
    near_duplicates,
    recall_banding,
    shared_passages,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


# --- the report of the `duplicates` command ------------------------------------------------


@dataclass(frozen=True)
class DuplicatesReport:
    """Per document counts, internal duplicates, boilerplate lines, near-duplicate pairs and clusters."""

    documents: pd.DataFrame  # doc_id, paragraphs, kept_paragraphs, boilerplate_lines, ..., cluster (0: none)
    internal_duplicates: pd.DataFrame  # doc_id, paragraph, duplicate_of, similarity
    boilerplate: pd.DataFrame  # doc_id, line, text, reason
    near_duplicates: pd.DataFrame  # a, b, similarity, cluster
    clusters: pd.DataFrame  # cluster, size, doc_ids
    #: with ``passages=True``: a, b, passage, words, text (the passages of at least
    #: :data:`PASSAGE_MIN_WORDS` words each near-duplicate pair shares, in the cleaned text of a;
    #: a copy of an identical group is not compared with the group's first document)
    shared_passages: pd.DataFrame | None = None


#: below this many documents ``method="auto"`` finds pairs exactly, above it with LSH. Measured
#: (benchmarks/README.md, "Scaling"): with rensa's signatures LSH is already faster at 31k documents
#: (5.0 vs 7.7 s; 11.2 vs 18.2 s at 61k); with numpy's it was slower at 31k (23.8 vs 13.5 s). Above
#: these sizes the exact join also needs more memory (the whole document x shingle matrix).
EXACT_BELOW = 20_000
#: the shortest passage the ``shared_passages`` table lists, in words
PASSAGE_MIN_WORDS = 8
#: pairs sent to a worker at once to find their shared passages
PASSAGE_CHUNK = 200
EXACT_BELOW_WITHOUT_RENSA = 40_000
DOCUMENT_COLUMNS = [
    "doc_id",
    "paragraphs",
    "kept_paragraphs",
    "boilerplate_lines",
    "internal_duplicates",
    "near_duplicates",
    "cluster",
]


def choose_method(method: str, n_docs: int) -> str:
    """Return "exact" or "lsh" for ``method`` ("auto": exact below :data:`EXACT_BELOW` documents, or
    :data:`EXACT_BELOW_WITHOUT_RENSA` when rensa is not installed)."""
    if method == "auto":
        try:
            import rensa  # noqa: F401  (fast signatures make LSH the faster method sooner)
        except ImportError:
            return "exact" if n_docs < EXACT_BELOW_WITHOUT_RENSA else "lsh"
        return "exact" if n_docs < EXACT_BELOW else "lsh"
    if method not in ("exact", "lsh"):
        raise ValueError(f"method must be 'auto', 'exact' or 'lsh', not {method!r}")
    return method


def duplicates_report(
    df: pd.DataFrame,
    threshold: float = 0.5,
    *,
    study=None,
    workers: int = 1,
    method: str = "auto",
    recall: float = 0.98,
    batch_size: int = 1000,
    passages: bool = False,
) -> DuplicatesReport:
    """Return what the ``duplicates`` command reports: the corpus cleaned (boilerplate and repeated
    paragraphs, as :func:`~arabic_news.analyses.cleaning.clean_corpus` does), then the pairs of
    documents whose cleaned texts have shingle Jaccard >= ``threshold``, and their clusters.

    ``method``: "exact", "lsh" (banding for ``recall`` at ``threshold``) or "auto" (exact below
    :data:`EXACT_BELOW` documents). ``passages``: also list the passages each pair shares. The work
    is done batch by batch (:func:`duplicates_stream`)."""
    from ..core.parallel import make_engine
    from ..core.study import options_of, resolve_study

    def batches() -> Iterator[pd.DataFrame]:
        for start in range(0, len(df), batch_size):
            yield df.iloc[start : start + batch_size]

    with make_engine("local", workers if len(df) >= PARALLEL_MIN_DOCS else 1) as engine:
        return duplicates_stream(
            batches,
            threshold,
            study=resolve_study(study, df),
            options=options_of(df),
            engine=engine,
            method=method,
            recall=recall,
            passages=passages,
        )


def _lines_batch(batch: dict[str, list], options: NormalizeOptions) -> tuple[np.ndarray, ...]:
    """Return the template lines of a batch of documents as arrays (pass 1): lines per document,
    then each line's hashed key (0: empty), whether it is short, and its (start, end) offsets in
    the normalized text."""
    import numpy as np

    from ..core.text import normalize
    from .cleaning import hashed_lines

    norms = batch["text"] if "text" in batch else [normalize(r, options) for r in batch["raw"]]
    docs = hashed_lines(norms)
    flat = [line for doc in docs for line in doc]
    return (
        np.array([len(d) for d in docs], dtype=np.int64),
        np.array([line[2] for line in flat], dtype=np.uint64),
        np.array([line[3] for line in flat], dtype=bool),
        np.array([line[:2] for line in flat], dtype=np.int64).reshape(-1, 2),
    )


def _clean_hash_batch(
    batch: dict[str, list], keys: dict, cues, sign: tuple[int, int] | None, texts: bool = False
) -> dict:
    """Return the cleaned documents of a batch as the report needs them (pass 2): ids, the
    number of paragraphs kept, removed paragraphs, shingle hashes, (with ``sign`` = (num_perm,
    seed)) MinHash signatures and (with ``texts``) the cleaned texts. ``batch["lines"]``: the
    lines per document, hashed keys and offsets pass 1 found in the normalized texts."""
    import numpy as np

    from ..core.text import normalize
    from .cleaning import clean_document, paragraphs

    options = cues.matcher.options
    norms = batch["text"] if "text" in batch else [normalize(r, options) for r in batch["raw"]]
    sizes, line_keys, spans = batch["lines"]
    bounds = np.r_[0, np.cumsum(sizes)].tolist()
    cleaned, kept_words = [], []
    for d, (raw, norm) in enumerate(zip(batch["raw"], norms)):
        first, last = bounds[d], bounds[d + 1]
        paras = paragraphs(raw, norm, options, norm_spans=spans[first:last].tolist())
        # the lines of pass 1 are the paragraphs when those of the normalized text were used
        counts = list(map(keys.get, line_keys[first:last].tolist())) if len(paras) == last - first else None
        cleaned.append(clean_document(raw, keys, 0.8, cues, paras=paras, template_counts=counts))
        kept = set(cleaned[-1][0])  # the words of the cleaned text are those of the paragraphs kept
        kept_words.append(list(chain.from_iterable(p.words for p in paras if (p.span.start, p.span.end) in kept)))
    hashes = shingle_hashes_many(kept_words, 5)
    sigs = signature_matrix(hashes, *sign) if sign else np.zeros((len(hashes), 0), dtype=np.uint32)
    return {
        "ids": [str(d) for d in batch["doc_id"]],
        "kept": [len(c[0]) for c in cleaned],
        "removed": [c[2] for c in cleaned],
        "hashes": hashes,
        "sigs": sigs,
        "texts": [c[1] for c in cleaned] if texts else None,
    }


def duplicates_stream(
    batches: Callable[[], Iterable[pd.DataFrame]], threshold: float = 0.5, **settings: Any
) -> DuplicatesReport:
    """Return the :class:`DuplicatesReport` of a corpus read batch by batch: the tables of
    :func:`duplicates_tables` (same arguments) as DataFrames, which hold a row per document."""
    import pandas as pd

    tables = duplicates_tables(batches, threshold, **settings)
    return DuplicatesReport(
        *(pd.DataFrame(list(tables[name]), columns=TABLE_COLUMNS[name]) for name in TABLE_COLUMNS if name in tables)
    )


#: the columns of each table of the report
TABLE_COLUMNS = {
    "documents": DOCUMENT_COLUMNS,
    "internal_duplicates": ["doc_id", "paragraph", "duplicate_of", "similarity"],
    "boilerplate": ["doc_id", "line", "text", "reason"],
    "near_duplicates": ["a", "b", "similarity", "cluster"],
    "clusters": ["cluster", "size", "doc_ids"],
    "shared_passages": ["a", "b", "passage", "words", "text"],
}


def duplicates_tables(
    batches: Callable[[], Iterable[pd.DataFrame]],
    threshold: float = 0.5,
    *,
    study=None,
    options: NormalizeOptions = DEFAULT_OPTIONS,
    engine=None,
    method: str = "auto",
    recall: float = 0.98,
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
    passages: bool = False,
) -> dict[str, Iterable[dict]]:
    """Return the tables of the ``duplicates`` report as iterables of records (name -> records, the
    names of :data:`TABLE_COLUMNS`; shared_passages only with ``passages``), read back from
    temporary files as they are iterated: what the command line writes. Iterate each table once.

    ``batches()`` yields the corpus as DataFrames or dicts of column lists (doc_id, raw and,
    optionally, text: :data:`CORPUS_COLUMNS`, as :meth:`CorpusReader.columns` yields them); it is
    called once. Pass 1 counts the template lines across the corpus and writes each batch's ids,
    raw and normalized texts to a temporary file; pass 2 reads them back and cleans each document
    (its shingle hashes, MinHash signature and report rows go to temporary files), so memory does
    not grow with the texts or keep a row per document, and the corpus is read and normalized once
    (the temporary files take about twice the size of its texts on disk). ``engine``
    (:func:`~arabic_news.core.parallel.make_engine`) runs the batches (default: this process).
    ``progress(stage, total)`` may return a callback told how many documents each batch held.
    ``passages``: also find the passages each pair shares (the cleaned texts are kept in a temporary
    file for that)."""
    from ..core.parallel import Engine
    from ..core.study import resolve_study

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    engine = engine or Engine()
    pack = resolve_study(study)
    pack.check_options(options)
    with _Spill() as corpus:  # the corpus as pass 1 read it, for pass 2
        return _two_passes(corpus, batches, threshold, pack, options, engine, method, recall, progress, passages)


#: the columns of a batch of documents the duplicates report reads (``text``, the normalized text,
#: is optional)
CORPUS_COLUMNS = ("doc_id", "raw", "text")


def _two_passes(
    corpus: _Spill, batches, threshold, pack, options, engine, method, recall, progress, passages
) -> dict[str, Iterable[dict]]:
    """Return :func:`duplicates_tables`: pass 1 counts the template lines of the batches and keeps
    each batch's ids, raw and normalized texts in ``corpus``, with its lines (offsets in the
    normalized texts and hashed keys); pass 2 reads them back from there (the corpus is read and
    normalized once, its normalized texts split into lines once)."""
    import numpy as np

    from .cleaning import HashedKeys, boilerplate_cues, template_keys_from_arrays

    cues = boilerplate_cues(pack, options)

    read: deque[dict[str, list]] = deque()  # the batches pass 1 is reading, until their lines come

    def first_read() -> Iterator[dict[str, list]]:
        for batch in batches():
            read.append({c: list(batch[c]) for c in CORPUS_COLUMNS if c in batch})
            yield read[-1]

    tick = progress("template lines", None) if progress else None
    lines: list = [(np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(0, bool))]
    for sizes, line_keys, short, spans in engine.map(_lines_batch, first_read(), options):
        corpus.append({**read.popleft(), "lines": (sizes, line_keys, spans)})  # what pass 2 reuses
        lines.append((sizes, line_keys, short))
        if tick:
            tick(len(sizes))
    keys = HashedKeys(template_keys_from_arrays(*(np.concatenate(column) for column in zip(*lines))))
    n_docs = sum(len(part[0]) for part in lines)
    del lines
    method = choose_method(method, n_docs)
    sign = None
    if method == "lsh":
        bands, rows = recall_banding(threshold, recall, NUM_PERM)
        sign = (bands * rows, SEED)
    tick = progress("cleaning and hashing", n_docs) if progress else None
    clean = (keys, cues, sign, passages)
    spill = _Spill()  # the report's rows of each batch
    with SpilledHashes("uint8") as texts:  # the cleaned texts, for the shared passages
        if method == "lsh" and hasattr(engine, "client"):
            ids, found = _dask_pairs(engine, corpus.__iter__, clean, threshold, (bands, rows), tick, texts, spill)
        else:
            ids, found = _local_pairs(engine, corpus.__iter__, clean, threshold, method, recall, tick, texts, spill)
        shared = _passage_table(engine, found, texts, options, progress) if passages else None
    return report_tables(spill, ids, found, shared)


def _local_pairs(
    engine, batches: Callable[[], Iterable[dict[str, list]]], clean: tuple, threshold, method, recall, tick, texts, rows
) -> tuple[list[str], NearDuplicates]:
    """Return (the document ids, the pairs) of :func:`duplicates_stream` found in this process; the
    report's rows of each batch go to ``rows``, the cleaned texts (when asked for) to ``texts``."""
    ids: list[str] = []
    sign = clean[2]
    # on disk: memory holds neither shingle hashes nor signatures
    with SpilledHashes() as hashes, SpilledMatrix(sign[0] if sign else 0) as sigs:
        for part in engine.map(_clean_hash_batch, batches(), *clean):
            ids += part["ids"]
            rows.append(report_parts(part["ids"], part["kept"], part["removed"]))
            hashes.extend(part["hashes"])
            _spill_texts(texts, part["texts"])
            sigs.extend(part["sigs"])
            if tick:
                tick(len(part["ids"]))
        found = near_duplicates([], threshold, method=method, recall=recall, hashed=(hashes, sigs))
    return ids, found


def _spill_texts(spilled: SpilledHashes, texts: list[str] | None) -> None:
    """Append texts (UTF-8 bytes) to ``spilled`` (nothing when None)."""
    import numpy as np

    if texts is not None:
        spilled.extend([np.frombuffer(t.encode("utf-8"), dtype=np.uint8) for t in texts])


def _passages_chunk(chunk: list[tuple[int, int, str, str]], options: NormalizeOptions) -> list[dict]:
    """Return the shared passage rows (a, b as document numbers) of pairs with their cleaned texts."""
    rows = []
    for i, j, text_a, text_b in chunk:
        for k, p in enumerate(shared_passages(text_a, text_b, PASSAGE_MIN_WORDS, options), start=1):
            rows.append({"a": i, "b": j, "passage": k, "words": p.words, "text": p.text_a})
    return rows


def _passage_table(engine, found: NearDuplicates, texts: SpilledHashes, options, progress) -> list[dict]:
    """Return the shared passage rows of the pairs ``found`` (copies of an identical group and the
    group's first document left out), computed by ``engine`` a chunk of pairs at a time."""
    rep_of = {c: first for first, others in found.copies.items() for c in others}
    pairs = [(i, j) for i, j, _s in found.pairs if rep_of.get(j) != i]
    tick = progress("shared passages", len(pairs)) if progress else None

    def text(d: int) -> str:
        return texts[d].tobytes().decode("utf-8")

    def chunks() -> Iterator[list]:
        for start in range(0, len(pairs), PASSAGE_CHUNK):
            yield [(i, j, text(i), text(j)) for i, j in pairs[start : start + PASSAGE_CHUNK]]

    rows = []
    for part in engine.map(_passages_chunk, chunks(), options):
        rows += part
        if tick:
            tick(len({(r["a"], r["b"]) for r in part}))
    return rows


# --- pair finding on a Dask cluster -------------------------------------------------------------
#
# With the Dask engine and LSH, shingle hashes and signatures stay on the workers that computed
# them; the client keeps what the report needs (ids, paragraph counts, removed paragraphs) and a 16-byte
# key per document. The band keys are shuffled to ``parts`` partitions by key, so that the
# documents of a bucket meet in one task; the candidate pairs are then joined with the shingle
# hashes of their second document (partitioned by document), then of their first, and confirmed
# exactly where both meet. The pairs are the local engine's: the same buckets, the same large-
# bucket joins, the same exact Jaccard.


def _light_part(part: dict) -> dict:
    """Return what the client keeps of a cleaned batch: ids, paragraphs kept, removed paragraphs and
    the :func:`content_key` of each document."""
    light = {k: part[k] for k in ("ids", "kept", "removed", "texts")}
    return {**light, "keys": [content_key(h) for h in part["hashes"]]}


def _band_split(part: dict, docs: np.ndarray, local: np.ndarray, bands: int, rows: int, parts: int) -> list:
    """Return the band keys of the documents ``local`` of a cleaned batch (numbered ``docs`` in the
    corpus) as ``parts`` pieces (band, key, doc arrays), a key always in the same piece."""
    import numpy as np

    sigs = part["sigs"][local]
    key = np.concatenate([_band_keys(sigs[:, b * rows : (b + 1) * rows]) for b in range(bands)])
    band = np.repeat(np.arange(bands, dtype=np.int32), len(docs))
    doc = np.tile(docs, bands)
    where = key % np.uint64(parts)
    return [(band[where == p], key[where == p], doc[where == p]) for p in range(parts)]


def _bucket_pairs(large: int, *pieces: tuple) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Return the candidate pairs (first and second documents, first < second) of the buckets of
    one partition of band keys, and the members of its buckets larger than ``large`` (given as a
    star, as :func:`band_candidates` does)."""
    import numpy as np

    band, key, doc = (np.concatenate([p[k] for p in pieces]) for k in range(3))
    order = np.lexsort((doc, key, band))
    band, key, doc = band[order], key[order], doc[order]
    starts = np.flatnonzero(np.r_[True, (band[1:] != band[:-1]) | (key[1:] != key[:-1])])
    return bucket_pairs(doc, starts, np.diff(np.r_[starts, len(doc)]), large)


def _route(pairs: tuple, parts: int, by: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Return the pairs (first, second arrays) split into ``parts`` pieces by document ``by`` (0:
    the first, 1: the second) modulo ``parts``."""
    first, second = pairs[0], pairs[1]
    where = pairs[by] % parts
    return [(first[where == p], second[where == p]) for p in range(parts)]


def _hash_split(part: dict, docs: np.ndarray, local: np.ndarray, parts: int) -> list[dict[int, np.ndarray]]:
    """Return the shingle hashes of the documents ``local`` of a cleaned batch as ``parts`` dicts
    (document number -> hashes), a document in piece (number modulo ``parts``)."""
    out: list[dict[int, np.ndarray]] = [{} for _ in range(parts)]
    for d, i in zip(docs.tolist(), local.tolist()):
        out[d % parts][d] = part["hashes"][i]
    return out


def _merged(pieces: Sequence[dict]) -> dict:
    """Return one dict of several."""
    out: dict = {}
    for p in pieces:
        out.update(p)
    return out


def _attach(parts: int, n_hashes: int, *pieces) -> list[tuple[np.ndarray, np.ndarray, list]]:
    """Return the distinct pairs of ``pieces[n_hashes:]`` (all with the second document in this
    partition) with the hashes of their second document (``pieces[:n_hashes]``), split into
    ``parts`` pieces by first document."""
    import numpy as np

    hashes = _merged(pieces[:n_hashes])
    code = np.unique(np.concatenate([(p[0] << 32) | p[1] for p in pieces[n_hashes:]] or [np.zeros(0, np.int64)]))
    first, second = code >> 32, code & 0xFFFFFFFF
    where = first % parts
    return [
        (first[where == p], second[where == p], [hashes[j] for j in second[where == p].tolist()]) for p in range(parts)
    ]


def _confirm_attached(threshold: float, n_hashes: int, *pieces) -> tuple[list[tuple[int, int, float]], int]:
    """Return (the pairs of ``pieces[n_hashes:]`` with exact Jaccard >= ``threshold``, the number
    of pairs); the hashes of their first documents are ``pieces[:n_hashes]``."""
    hashes = _merged(pieces[:n_hashes])
    found, count = [], 0
    for first, second, right in pieces[n_hashes:]:
        count += len(first)
        sure = confirm_each(zip(first.tolist(), range(len(first))), hashes, right, threshold)
        found += [(i, int(second[k]), sim) for i, k, sim in sure]
    return found, count


def _take(part: dict, docs: np.ndarray, local: np.ndarray) -> dict[int, np.ndarray]:
    """Return document number -> shingle hashes of the documents ``local`` of a cleaned batch."""
    return {d: part["hashes"][i] for d, i in zip(docs.tolist(), local.tolist())}


def _large_joins(threshold: float, buckets: list[np.ndarray], *taken: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return the pairs (first, second arrays) with exact Jaccard >= ``threshold`` inside each
    large bucket, by the exact join of its members."""
    import numpy as np

    hashes = _merged(taken)
    found = set()
    for members in buckets:
        sub, _c = _exact_join([hashes[m] for m in members.tolist()], threshold)
        found.update((int(members[i]), int(members[j])) for i, j, _s in sub)
    pairs = np.array(sorted(found), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _dask_pairs(
    engine,
    batches: Callable[[], Iterable[dict[str, list]]],
    clean: tuple,
    threshold: float,
    banding: tuple,
    tick,
    texts,
    rows,
) -> tuple[list[str], NearDuplicates]:
    """Return (the document ids, the pairs) of :func:`duplicates_stream` found with LSH on a Dask
    cluster (``engine.client``); ``clean`` = (template keys, cues, signature settings, texts?); the
    report's rows of each batch go to ``rows``, the cleaned texts (when asked for) to ``texts``."""
    import operator

    import numpy as np

    client = engine.client
    submit = partial(client.submit, pure=False)
    cleaned, ids, content, sizes = [], [], [], []
    for fut in engine.submit_map(_clean_hash_batch, batches(), *clean):
        light = submit(_light_part, fut).result()
        cleaned.append(fut)
        ids += light["ids"]
        rows.append(report_parts(light["ids"], light["kept"], light["removed"]))
        content += light["keys"]
        _spill_texts(texts, light["texts"])
        sizes.append(len(light["ids"]))
        if tick:
            tick(sizes[-1])
    reps, copies = groups_of_keys(content)
    is_rep = np.zeros(len(ids), dtype=bool)
    is_rep[reps] = True
    offsets = np.r_[0, np.cumsum(sizes)].astype(np.int64)
    local = [np.flatnonzero(is_rep[offsets[b] : offsets[b + 1]]) for b in range(len(cleaned))]
    docs = [offsets[b] + local[b] for b in range(len(cleaned))]
    parts = max(2, 2 * engine.workers)
    split = [submit(_band_split, f, d, x, *banding, parts) for f, d, x in zip(cleaned, docs, local)]
    buckets = [
        submit(_bucket_pairs, LARGE_BUCKET, *[submit(operator.getitem, s, p) for s in split]) for p in range(parts)
    ]
    hashes = [submit(_hash_split, f, d, x, parts) for f, d, x in zip(cleaned, docs, local)]
    routed = [submit(_route, b, parts, 1) for b in buckets]
    big = [m for b in client.gather([submit(operator.getitem, b, 2) for b in buckets]) for m in b]
    if big:
        wanted = np.zeros(len(ids), dtype=bool)
        wanted[np.concatenate(big)] = True
        taken = []
        for b, f in enumerate(cleaned):
            x = np.flatnonzero(wanted[offsets[b] : offsets[b + 1]])
            if len(x):
                taken.append(submit(_take, f, offsets[b] + x, x))
        routed.append(submit(_route, submit(_large_joins, threshold, big, *taken), parts, 1))
    del cleaned, split  # the workers free them once their dependents are done
    by_doc = [[submit(operator.getitem, h, q) for h in hashes] for q in range(parts)]
    attached = [
        submit(_attach, parts, len(by_doc[q]), *by_doc[q], *[submit(operator.getitem, r, q) for r in routed])
        for q in range(parts)
    ]
    confirmed = client.gather(
        [
            submit(
                _confirm_attached,
                threshold,
                len(by_doc[q]),
                *by_doc[q],
                *[submit(operator.getitem, a, q) for a in attached],
            )
            for q in range(parts)
        ]
    )
    found = [p for pairs, _n in confirmed for p in pairs]
    near = _with_copies(found, copies, sum(n for _p, n in confirmed), *banding, "lsh")
    return ids, near


def report_parts(ids: Sequence[str], kept: Sequence[int], removed: Sequence) -> tuple[list, list, list]:
    """Return (document rows without pair counts, internal duplicate rows, boilerplate rows) of
    cleaned documents (``kept``: the number of paragraphs each keeps)."""
    documents, internal, boiler = [], [], []
    for doc_id, n_kept, gone in zip(ids, kept, removed):
        dups = [r for r in gone if "duplicate_of" in r]
        flags = [r for r in gone if "duplicate_of" not in r]
        documents.append(
            {
                "doc_id": doc_id,
                "paragraphs": n_kept + len(gone),
                "kept_paragraphs": n_kept,
                "boilerplate_lines": len(flags),
                "internal_duplicates": len(dups),
            }
        )
        internal.extend(
            {
                "doc_id": doc_id,
                "paragraph": r["paragraph"],
                "duplicate_of": r["duplicate_of"],
                "similarity": r["similarity"],
            }
            for r in dups
        )
        boiler.extend(
            {"doc_id": doc_id, "line": r["paragraph"], "text": r["text"], "reason": r["reason"]} for r in flags
        )
    return documents, internal, boiler


def pair_counts(n_docs: int, found: NearDuplicates) -> tuple[np.ndarray, np.ndarray]:
    """Return, per document, the number of documents it is a near-duplicate of (every copy of an
    identical group counted, though only one pair per copy is listed) and its cluster number (0
    outside clusters; clusters are numbered from 1), as arrays."""
    import numpy as np

    cluster = np.zeros(n_docs, dtype=np.int64)
    for k, members in enumerate(found.clusters, start=1):
        cluster[list(members)] = k
    rep = np.arange(n_docs)
    size = np.ones(n_docs, dtype=np.int64)
    for first, others in found.copies.items():
        rep[others] = first
        size[first] = 1 + len(others)
    per_rep = np.zeros(n_docs, dtype=np.int64)
    for i, j, _sim in found.pairs:
        if rep[j] == i:
            continue  # a copy paired with its group's first document
        per_rep[i] += size[j]
        per_rep[j] += size[i]
    return size[rep] - 1 + per_rep[rep], cluster


class _Spill(TemporaryStore):
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


def report_tables(
    rows: Iterable[tuple[list, list, list]],
    ids: Sequence[str],
    found: NearDuplicates,
    passages: list[dict] | None = None,
) -> dict[str, Iterable[dict]]:
    """Return the tables of the report (:data:`TABLE_COLUMNS`) as iterables of records, from the
    :func:`report_parts` of each batch (``rows``, iterable more than once), the document ids, the
    near-duplicates found and (when given) their shared passages (a, b as numbers)."""
    count, cluster = pair_counts(len(ids), found)

    def documents() -> Iterator[dict]:
        d = 0
        for part, _internal, _boiler in rows:
            for row in part:
                yield {**row, "near_duplicates": int(count[d]), "cluster": int(cluster[d])}
                d += 1

    tables: dict[str, Iterable[dict]] = {
        "documents": documents(),
        "internal_duplicates": (r for _d, internal, _b in rows for r in internal),
        "boilerplate": (r for _d, _i, boiler in rows for r in boiler),
        "near_duplicates": (
            {"a": ids[i], "b": ids[j], "similarity": sim, "cluster": int(cluster[i])} for i, j, sim in found.pairs
        ),
        "clusters": (
            {"cluster": k, "size": len(m), "doc_ids": [ids[i] for i in m]}
            for k, m in enumerate(found.clusters, start=1)
        ),
    }
    if passages is not None:
        tables["shared_passages"] = ({**r, "a": ids[r["a"]], "b": ids[r["b"]]} for r in passages)
    return tables
