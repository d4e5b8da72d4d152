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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any

from ..core.context import Context
from ..core.shingles import NUM_PERM, SEED, shingle_hashes_many, signature_matrix
from ..core.spill import SpilledHashes, SpilledMatrix, SpilledObjects
from ..core.text import NormalizeOptions
from .cleaning import BoilerplateCues, boilerplate_cues
from .duplicates_cluster import cluster_pairs
from .families import family_key
from .near_duplicates import (
    PARALLEL_MIN_DOCS,
    NearDuplicates,
    near_duplicates,
    recall_banding,
)
from .passes import CORPUS_COLUMNS, clean_batch, first_pass
from .similarity import shared_passages
from .templates import HashedKeys

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..core.parallel import Engine


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
    ctx: Context,
    threshold: float = 0.5,
    *,
    workers: int = 1,
    method: str = "auto",
    recall: float = 0.98,
    batch_size: int = 1000,
    passages: bool = False,
) -> DuplicatesReport:
    """Return what the ``duplicates`` command reports: the corpus cleaned (boilerplate and repeated
    paragraphs, as :func:`~arabic_news.analyses.cleaning.clean_corpus` does with the context's study
    and options), then the pairs of documents whose cleaned texts have shingle Jaccard >=
    ``threshold``, and their clusters.

    ``method``: "exact", "lsh" (banding for ``recall`` at ``threshold``) or "auto" (exact below
    :data:`EXACT_BELOW` documents). ``passages``: also list the passages each pair shares. The work
    is done batch by batch (:func:`duplicates_stream`)."""
    from ..core.parallel import make_engine

    def batches() -> Iterator[list[dict]]:
        for start in range(0, len(df), batch_size):
            part = df.iloc[start : start + batch_size]
            yield [{"doc_id": str(d), "raw": r} for d, r in zip(part["doc_id"], part["raw"])]

    with make_engine("local", workers if len(df) >= PARALLEL_MIN_DOCS else 1) as engine:
        return duplicates_stream(
            batches, ctx, threshold, engine=engine, method=method, recall=recall, passages=passages
        )


def _clean_hash_batch(
    part: dict, keys: HashedKeys, cues: BoilerplateCues, sign: tuple[int, int] | None, texts: bool = False
) -> dict:
    """Return the cleaned documents of a batch kept by pass 1 as the report needs them (pass 2): ids,
    the number of paragraphs kept, removed paragraphs, shingle hashes, (with ``sign`` = (num_perm,
    seed)) MinHash signatures and (with ``texts``) the cleaned texts."""
    import numpy as np

    docs = clean_batch(part, keys, cues)
    # the words of the cleaned text are those of the paragraphs kept
    words = [list(chain.from_iterable(p.words for p in d.kept_paragraphs)) for d in docs]
    hashes = shingle_hashes_many(words, 5)
    sigs = signature_matrix(hashes, *sign) if sign else np.zeros((len(hashes), 0), dtype=np.uint32)
    return {
        "ids": [d.doc_id for d in docs],
        "kept": [len(d.kept or ()) for d in docs],
        "removed": [d.removed for d in docs],
        "hashes": hashes,
        "sigs": sigs,
        "texts": [d.clean_raw for d in docs] if texts else None,
        "families": [family_key(w) for w in words],
    }


def duplicates_stream(
    batches: Callable[[], Iterable[list[dict]]], ctx: Context, threshold: float = 0.5, **settings: Any
) -> DuplicatesReport:
    """Return the :class:`DuplicatesReport` of a corpus read batch by batch: the tables of
    :func:`duplicates_tables` (same arguments) as DataFrames, which hold a row per document."""
    import pandas as pd

    tables = duplicates_tables(batches, ctx, threshold, **settings)
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
    batches: Callable[[], Iterable[list[dict]]],
    ctx: Context,
    threshold: float = 0.5,
    *,
    engine: Engine | None = None,
    method: str = "auto",
    recall: float = 0.98,
    progress: Callable[[str, int | None], Callable[[int], None]] | None = None,
    passages: bool = False,
) -> dict[str, Iterable[dict]]:
    """Return the tables of the ``duplicates`` report as iterables of records (name -> records, the
    names of :data:`TABLE_COLUMNS`; shared_passages only with ``passages``), read back from
    temporary files as they are iterated: what the command line writes. Iterate each table once.

    ``batches()`` yields the corpus as lists of records (doc_id, raw and, optionally, text: the
    reader's normalized text, as :meth:`CorpusReader.batches` yields them); it is called once. The
    corpus is read in two passes (:mod:`~arabic_news.analyses.passes`): template lines are counted
    across it, then each document is cleaned with the context's study and options, and its shingle
    hashes, MinHash signature and report rows go to temporary files, so memory does not grow with
    the texts or keep a row per document (the temporary files take about twice the size of its
    texts on disk). ``engine`` (:func:`~arabic_news.core.parallel.make_engine`) runs the batches
    (default: this process). ``progress(stage, total)`` may return a callback told how many
    documents each batch held. ``passages``: also find the passages each pair shares (the cleaned
    texts are kept in a temporary file for that)."""
    from ..core.parallel import Engine

    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    engine = engine or Engine()
    cues = boilerplate_cues(ctx)
    tick = progress("template lines", None) if progress else None
    with first_pass(batches(), engine, ctx.options, tick, keep=CORPUS_COLUMNS) as read:
        method = choose_method(method, read.n_docs)
        sign = banding = None
        if method == "lsh":
            banding = recall_banding(threshold, recall, NUM_PERM)
            sign = (banding[0] * banding[1], SEED)
        tick = progress("cleaning and hashing", read.n_docs) if progress else None
        clean = (read.keys, cues, sign, passages)
        spill = SpilledObjects()  # the report's rows of each batch
        with SpilledHashes("uint8") as texts:  # the cleaned texts, for the shared passages
            if method == "lsh" and engine.distributed:
                ids: list[str] = []

                def keep(light: dict) -> None:
                    ids.extend(light["ids"])
                    spill.append(report_parts(light["ids"], light["kept"], light["removed"]))
                    spill_texts(texts, light["texts"])
                    if tick:
                        tick(len(light["ids"]))

                parts = engine.submit_map(_clean_hash_batch, read.batches, *clean)
                found = cluster_pairs(engine, parts, threshold, banding, keep)
            else:
                ids, found = _local_pairs(engine, read.batches, clean, threshold, method, recall, tick, texts, spill)
            shared = _passage_table(engine, found, texts, ctx.options, progress) if passages else None
    return report_tables(spill, ids, found, shared)


def _local_pairs(
    engine, batches: Iterable[dict], clean: tuple, threshold, method, recall, tick, texts, rows
) -> tuple[list[str], NearDuplicates]:
    """Return (the document ids, the pairs) of :func:`duplicates_stream` found in this process; the
    report's rows of each batch go to ``rows``, the cleaned texts (when asked for) to ``texts``."""
    ids: list[str] = []
    families: list[bytes | None] = []
    sign = clean[2]
    # on disk: memory holds neither shingle hashes nor signatures
    with SpilledHashes() as hashes, SpilledMatrix(sign[0] if sign else 0) as sigs:
        for part in engine.map(_clean_hash_batch, batches, *clean):
            ids += part["ids"]
            families += part["families"]
            rows.append(report_parts(part["ids"], part["kept"], part["removed"]))
            hashes.extend(part["hashes"])
            spill_texts(texts, part["texts"])
            sigs.extend(part["sigs"])
            if tick:
                tick(len(part["ids"]))
        found = near_duplicates(
            [], threshold, method=method, recall=recall, hashed=(hashes, sigs), family_keys=families
        )
    return ids, found


def spill_texts(spilled: SpilledHashes, texts: list[str] | None) -> None:
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
    identical group and every member of a family counted, though only one pair per copy or member is
    listed) and its cluster number (0 outside clusters; clusters are numbered from 1), as arrays."""
    import numpy as np

    cluster = np.zeros(n_docs, dtype=np.int64)
    for k, members in enumerate(found.clusters, start=1):
        cluster[list(members)] = k
    rep = np.arange(n_docs)
    size = np.ones(n_docs, dtype=np.int64)
    for first, others in found.copies.items():
        rep[others] = first
        size[first] = 1 + len(others)
    head = np.arange(n_docs)  # the first document of each one's family (itself outside families)
    family_size = size.copy()  # the documents of the family of each first document, copies included
    for first, others in found.families.items():
        head[others] = first
        family_size[first] = size[first] + size[others].sum()
    per_rep = np.zeros(n_docs, dtype=np.int64)
    for i, j, _sim in found.pairs:
        if rep[j] == i or head[j] == i:
            continue  # a copy paired with its group's first document, a member with its family's
        per_rep[i] += size[j]
        per_rep[j] += size[i]
    return family_size[head[rep]] - 1 + per_rep[rep], cluster


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
