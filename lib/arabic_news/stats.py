"""Per-document counts: words, paragraphs, sentences, characters."""

from __future__ import annotations

import argparse

import pandas as pd

from .text import count_words, split_paragraphs, split_sentences

META_COLUMNS = ("outlet", "date", "title")


def document_stats(df: pd.DataFrame) -> pd.DataFrame:
    """Return a table indexed by doc_id with words, paragraphs, sentences and characters."""
    rows = []
    for doc_id, raw in zip(df["doc_id"], df["raw"]):
        rows.append({
            "doc_id": doc_id,
            "words": count_words(raw),
            "paragraphs": len(split_paragraphs(raw)),
            "sentences": len(split_sentences(raw)),
            "characters": len(raw),
        })
    return pd.DataFrame(rows).set_index("doc_id")


def corpus_records(df: pd.DataFrame, args: argparse.Namespace | None = None) -> list[dict]:
    """Return one JSON-ready record per document: doc_id, metadata, counts."""
    stats = document_stats(df)
    records = []
    for _, row in df.iterrows():
        rec: dict = {"doc_id": row["doc_id"], "source": row["source"]}
        rec.update({c: row[c] for c in META_COLUMNS if c in df.columns and pd.notna(row[c])})
        s = stats.loc[row["doc_id"]]
        rec.update({k: int(s[k]) for k in ("words", "paragraphs", "sentences", "characters")})
        records.append(rec)
    return records
