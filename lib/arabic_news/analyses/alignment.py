"""Same fact, different words: align sentences of different outlets and show where wording differs.

Two outlets reporting the same fact rarely share a five-word shingle: one writes مليشيا حفتر
("Haftar's militia"), the other قوات الجيش الوطني الليبي ("the forces of the Libyan National
Army"). Sentences are therefore compared on looser units: normalized words with their attached
conjunctions and article stripped (``unit="words"``), or character 4-grams (``unit="char"``),
which also match words that differ only by a clitic or a suffix.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..core.match import PhraseMatcher
from ..core.shingles import char_shingles, jaccard
from ..core.text import DEFAULT_OPTIONS, NormalizeOptions, split_sentences, tokenize, words

if TYPE_CHECKING:
    import pandas as pd

_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")


def light_stem(word: str) -> str:
    """Return a normalized word without a leading conjunction/preposition + article (والجيش → جيش)."""
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            return word[len(c) :]
    return word


def sentence_units(text: str, unit: str = "words", options: NormalizeOptions = DEFAULT_OPTIONS) -> set[str]:
    """Return the units compared between sentences: light-stemmed words or char 4-grams."""
    ws = words(text, options)
    if unit == "words":
        return {light_stem(w) for w in ws}
    if unit == "char":
        return char_shingles(ws, 4)
    raise ValueError(f"unit must be 'words' or 'char', not {unit!r}")


def align_sentences(
    df: pd.DataFrame,
    column: str = "raw",
    threshold: float = 0.2,
    unit: str = "words",
    min_words: int = 6,
    options: NormalizeOptions = DEFAULT_OPTIONS,
) -> pd.DataFrame:
    """Return the best-matching sentence pairs of different documents (similarity >= threshold).

    For every pair of documents, each sentence is matched to at most one sentence of the other
    document, best pairs first. Columns: doc_a, sent_a, doc_b, sent_b, similarity, text_a,
    text_b (sentence numbers are those of :func:`arabic_news.text.split_sentences`); words are
    compared normalized with ``options``.
    """
    import pandas as pd

    docs = []
    for doc_id, raw in zip(df["doc_id"], df[column]):
        sents = [s for s in split_sentences(raw) if len(words(s.text, options)) >= min_words]
        docs.append((doc_id, sents, [sentence_units(s.text, unit, options) for s in sents]))
    rows = []
    for x, (id_a, sents_a, units_a) in enumerate(docs):
        for id_b, sents_b, units_b in docs[x + 1 :]:
            scored = sorted(
                ((jaccard(ua, ub), i, j) for i, ua in enumerate(units_a) for j, ub in enumerate(units_b)),
                key=lambda t: (-t[0], t[1], t[2]),
            )
            used_a, used_b = set(), set()
            for sim, i, j in scored:
                if sim < threshold:
                    break
                if i in used_a or j in used_b:
                    continue
                used_a.add(i)
                used_b.add(j)
                rows.append(
                    {
                        "doc_a": id_a,
                        "sent_a": sents_a[i].index,
                        "doc_b": id_b,
                        "sent_b": sents_b[j].index,
                        "similarity": round(sim, 3),
                        "text_a": sents_a[i].text,
                        "text_b": sents_b[j].text,
                    }
                )
    cols = ["doc_a", "sent_a", "doc_b", "sent_b", "similarity", "text_a", "text_b"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True], kind="stable").reset_index(
        drop=True
    )


def word_diff(
    text_a: str, text_b: str, options: NormalizeOptions = DEFAULT_OPTIONS
) -> tuple[list[tuple[str, str, bool]], list[tuple[str, str, bool]]]:
    """Return both texts as (text before the word, raw word, shared) triples, then the text after
    the last word as a final ("", tail, True) triple: a word is shared when its light-stemmed
    normalized form occurs anywhere in the other text (word order is ignored). Joining the first
    two fields of every triple gives the text back."""
    ta, tb = tokenize(text_a, options), tokenize(text_b, options)
    stems_a = {light_stem(t.norm) for t in ta}
    stems_b = {light_stem(t.norm) for t in tb}

    def pieces(text: str, tokens: list, other: set[str]) -> list[tuple[str, str, bool]]:
        out, pos = [], 0
        for t in tokens:
            out.append((text[pos : t.start], text[t.start : t.end], light_stem(t.norm) in other))
            pos = t.end
        out.append((text[pos:], "", True))
        return out

    return pieces(text_a, ta, stems_b), pieces(text_b, tb, stems_a)


def sentences_with(
    df: pd.DataFrame, terms: Sequence[str], column: str = "raw", options: NormalizeOptions = DEFAULT_OPTIONS
) -> pd.DataFrame:
    """Return the sentences that contain any of ``terms`` (clitic-aware, normalized with ``options``):
    doc_id, sentence, text."""
    import pandas as pd

    matcher = PhraseMatcher(terms, options=options)
    rows = [
        {"doc_id": doc_id, "sentence": s.index, "text": s.text}
        for doc_id, raw in zip(df["doc_id"], df[column])
        for s in split_sentences(raw)
        if matcher.count(s.text)
    ]
    return pd.DataFrame(rows, columns=["doc_id", "sentence", "text"])
