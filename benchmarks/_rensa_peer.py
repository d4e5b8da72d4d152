"""The reference peer of ``arabic-news duplicates`` (issue 19): an end-to-end rensa pipeline that does
no cleaning.

``python benchmarks/_rensa_peer.py FILE.jsonl.gz OUTPUT.jsonl`` reads the JSONL.gz file, folds each
text (deletes diacritics and tatweel, folds alef forms to ا, alef maksura ى to ي, teh marbuta ة to ه),
splits it into words (the package's word regex, ``[^\\W_]+``) and hashes its word 5-grams (a text of
fewer than 5 words is one shingle of all its words), then computes rensa ``RMinHash`` signatures of
128 permutations: all of this in 2 worker processes, 1,000 lines at a time. The parent puts the
signatures in a rensa ``RMinHashLSH`` at the threshold 0.5 (32 bands of 4 rows, as the rensa peer of
benchmarks/scaling.py), queries each batch as it arrives, confirms every candidate pair by the exact
Jaccard of the two shingle sets and writes the pairs with Jaccard >= 0.5 to OUTPUT (one JSON object
per line: a, b, similarity). It prints a JSON summary (documents, candidates, pairs).

What it leaves out, on purpose: NFKC, invisible characters, digits, cleaning (boilerplate, repeated
paragraphs), identical-document groups, clusters and the other tables of the command.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from bisect import bisect_right
from collections import deque
from itertools import chain

import numpy as np

THRESHOLD = 0.5
NUM_PERM = 128
BANDS = 32
SEED = 1
N = 5
BATCH = 1000
WORKERS = 2

DELETE = re.compile("[\u064b-\u065f\u0670\u0640]")  # diacritics, superscript alef, tatweel
FOLDS = (*((a, "\u0627") for a in "\u0623\u0625\u0622\u0671"), ("\u0649", "\u064a"), ("\u0629", "\u0647"))
WORD = re.compile(r"[^\W_]+")
MULT = np.uint64(0x9E3779B97F4A7C15)


def fold(text: str) -> str:
    """Return ``text`` without diacritics and tatweel, with alef, alef maksura and teh marbuta folded."""
    text = DELETE.sub("", text)
    for a, b in FOLDS:
        text = text.replace(a, b)
    return text


def word_hash(word: str) -> int:
    """Return a 64-bit hash of ``word``, the same in every process (CRC-32 and Adler-32)."""
    b = word.encode("utf-8")
    return (zlib.crc32(b) << 32) | zlib.adler32(b)


def shingles(docs: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Return the sorted unique 64-bit hashes of every document's word 5-grams, concatenated, and the
    number of hashes of each document."""
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    flat = list(chain.from_iterable(docs))
    table = {w: word_hash(w) for w in set(flat)}
    ids = np.fromiter(map(table.__getitem__, flat), dtype=np.uint64, count=len(flat))
    owner = np.repeat(np.arange(len(docs)), lengths)
    n = len(ids) - N + 1
    if n > 0:
        h = ids[:n].copy()
        for k in range(1, N):
            h = h * MULT + ids[k : k + n]  # wraps around modulo 2^64
        within = np.arange(n) - np.repeat(np.cumsum(lengths) - lengths, lengths)[:n]
        valid = within <= np.repeat(lengths - N, lengths)[:n]  # the 5-gram ends inside its document
        values, owners = h[valid], owner[:n][valid]
    else:
        values, owners = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    short = np.flatnonzero((lengths > 0) & (lengths < N)).tolist()
    if short:  # a text of fewer than 5 words: one shingle of all its words
        extra = []
        for d in short:
            v = 0
            for w in docs[d]:
                v = (v * int(MULT) + table[w]) & 0xFFFFFFFFFFFFFFFF
            extra.append(v)
        values = np.concatenate([values, np.array(extra, dtype=np.uint64)])
        owners = np.concatenate([owners, np.array(short, dtype=np.int64)])
    order = np.lexsort((values, owners))
    values, owners = values[order], owners[order]
    distinct = np.r_[True, (values[1:] != values[:-1]) | (owners[1:] != owners[:-1])]
    values, owners = values[distinct], owners[distinct]
    return values, np.bincount(owners, minlength=len(docs))


def work(lines: list[bytes]) -> tuple[list[str], np.ndarray, np.ndarray, list]:
    """Return the ids, shingle hashes, hash counts and rensa signatures (None for a text without words)
    of a batch of JSON lines."""
    from rensa import RMinHash

    ids, docs = [], []
    for line in lines:
        row = json.loads(line)
        ids.append(str(row.get("id")))
        docs.append(WORD.findall(fold(str(row.get("text") or ""))))
    values, counts = shingles(docs)
    tokens = values.view("S8").tolist()  # rensa hashes str or bytes tokens; 8 bytes a shingle
    ends = np.cumsum(counts).tolist()
    starts = [0, *ends[:-1]]
    present = [d for d, c in enumerate(counts.tolist()) if c]
    sigs = RMinHash.from_token_sets([tokens[starts[d] : ends[d]] for d in present], NUM_PERM, SEED)
    out: list = [None] * len(docs)
    for d, sig in zip(present, sigs):
        out[d] = sig
    return ids, values, counts, out


def batches(path: str):
    """Yield the non-blank lines of the gzipped JSONL file ``path``, :data:`BATCH` at a time."""
    batch = []
    with gzip.open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                batch.append(line)
                if len(batch) == BATCH:
                    yield batch
                    batch = []
    if batch:
        yield batch


def bounded_map(pool, items, ahead: int = 2 * WORKERS):
    """Yield ``work(item)`` of each item in order, with at most ``ahead`` batches in flight (``Pool.imap``
    would read the whole file into its task queue)."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.apply_async(work, (item,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def main(path: str, output: str) -> dict:
    """Find the pairs of documents of ``path`` with shingle Jaccard >= THRESHOLD; write them to ``output``."""
    from multiprocessing import get_context

    from rensa import RMinHashLSH

    lsh = RMinHashLSH(THRESHOLD, NUM_PERM, BANDS)
    doc_ids: list[str] = []
    firsts: list[int] = []  # the key of each batch's first document
    hashes: list[tuple[np.ndarray, np.ndarray]] = []  # each batch's hashes and where each document's start
    cand_a, cand_b = [], []
    with get_context("fork").Pool(WORKERS) as pool:
        for ids, values, counts, sigs in bounded_map(pool, batches(path)):
            first = len(doc_ids)
            doc_ids += ids
            firsts.append(first)
            hashes.append((values, np.r_[0, np.cumsum(counts)]))
            keys = [first + d for d, s in enumerate(sigs) if s is not None]
            present = [s for s in sigs if s is not None]
            lsh.insert_pairs(list(zip(keys, present)))
            for key, found in zip(keys, lsh.query_all(present)):
                earlier = [j for j in found if j < key]  # each pair once: found when its later document is queried
                cand_a += earlier
                cand_b += [key] * len(earlier)

    def shingles_of(i: int) -> np.ndarray:
        b = bisect_right(firsts, i) - 1
        values, starts = hashes[b]
        d = i - firsts[b]
        return values[starts[d] : starts[d + 1]]

    n_pairs = 0
    with open(output, "w", encoding="utf-8") as out:
        for i, j in zip(cand_a, cand_b):
            a, b = shingles_of(i), shingles_of(j)
            if min(len(a), len(b)) < THRESHOLD * max(len(a), len(b)):
                continue  # J <= smaller / larger
            inter = len(np.intersect1d(a, b, assume_unique=True))
            sim = inter / (len(a) + len(b) - inter)
            if sim >= THRESHOLD:
                out.write(json.dumps({"a": doc_ids[i], "b": doc_ids[j], "similarity": round(sim, 4)}) + "\n")
                n_pairs += 1
    return {"documents": len(doc_ids), "candidates": len(cand_a), "pairs": n_pairs}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
