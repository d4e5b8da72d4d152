"""Same fact, different words: align sentences of different outlets and show where wording differs.

Two outlets reporting the same fact rarely share a five-word shingle: one writes مليشيا حفتر
("Haftar's militia"), the other قوات الجيش الوطني الليبي ("the forces of the Libyan National
Army"). Sentences are therefore compared on looser units: normalized words with their attached
conjunctions and article stripped (``unit="words"``), or character 4-grams (``unit="char"``),
which also match words that differ only by a clitic or a suffix.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .duplicates import char_shingles, jaccard
from .text import normalize, split_sentences, tokenize

if TYPE_CHECKING:
    import pandas as pd

_WORD_RE = re.compile(r"[^\W_]+")
_CLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف")


def light_stem(word: str) -> str:
    """Return a normalized word without a leading conjunction/preposition + article (والجيش → جيش)."""
    for c in _CLITICS:
        if word.startswith(c) and len(word) - len(c) >= 3:
            return word[len(c):]
    return word


def sentence_units(text: str, unit: str = "words") -> set[str]:
    """Return the units compared between sentences: light-stemmed words or char 4-grams."""
    words = _WORD_RE.findall(normalize(text))
    if unit == "words":
        return {light_stem(w) for w in words}
    if unit == "char":
        return char_shingles(words, 4)
    raise ValueError(f"unit must be 'words' or 'char', not {unit!r}")


def align_sentences(df: "pd.DataFrame", column: str = "raw", threshold: float = 0.2,
                    unit: str = "words", min_words: int = 6) -> "pd.DataFrame":
    """Return the best-matching sentence pairs of different documents (similarity >= threshold).

    For every pair of documents, each sentence is matched to at most one sentence of the other
    document, best pairs first. Columns: doc_a, sent_a, doc_b, sent_b, similarity, text_a,
    text_b (sentence numbers are those of :func:`arabic_news.text.split_sentences`).
    """
    import pandas as pd

    docs = []
    for doc_id, raw in zip(df["doc_id"], df[column]):
        sents = [s for s in split_sentences(raw) if len(_WORD_RE.findall(s.text)) >= min_words]
        docs.append((doc_id, sents, [sentence_units(s.text, unit) for s in sents]))
    rows = []
    for x, (id_a, sents_a, units_a) in enumerate(docs):
        for id_b, sents_b, units_b in docs[x + 1:]:
            scored = sorted(((jaccard(ua, ub), i, j) for i, ua in enumerate(units_a)
                             for j, ub in enumerate(units_b)), key=lambda t: (-t[0], t[1], t[2]))
            used_a, used_b = set(), set()
            for sim, i, j in scored:
                if sim < threshold:
                    break
                if i in used_a or j in used_b:
                    continue
                used_a.add(i)
                used_b.add(j)
                rows.append({"doc_a": id_a, "sent_a": sents_a[i].index, "doc_b": id_b,
                             "sent_b": sents_b[j].index, "similarity": round(sim, 3),
                             "text_a": sents_a[i].text, "text_b": sents_b[j].text})
    cols = ["doc_a", "sent_a", "doc_b", "sent_b", "similarity", "text_a", "text_b"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["similarity", "doc_a", "doc_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def word_diff(text_a: str, text_b: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Return both texts as (raw word, shared) lists; a word is shared when its light-stemmed
    normalized form occurs anywhere in the other text (word order is ignored)."""
    ta, tb = tokenize(text_a), tokenize(text_b)
    stems_a = {light_stem(t.norm) for t in ta}
    stems_b = {light_stem(t.norm) for t in tb}
    return ([(t.text, light_stem(t.norm) in stems_b) for t in ta],
            [(t.text, light_stem(t.norm) in stems_a) for t in tb])


def _mark(text: str, other: str, html_out: bool) -> str:
    """Return ``text`` with the words absent from ``other`` marked (<mark> or [brackets]),
    punctuation and spacing kept, everything else HTML-escaped when ``html_out``."""
    stems = {light_stem(t.norm) for t in tokenize(other)}
    esc = html.escape if html_out else (lambda x: x)
    out, pos = [], 0
    for t in tokenize(text):
        out.append(esc(text[pos:t.start]))
        word = esc(text[t.start:t.end])
        if light_stem(t.norm) in stems:
            out.append(word)
        else:
            out.append(f"<mark>{word}</mark>" if html_out else f"[{word}]")
        pos = t.end
    out.append(esc(text[pos:]))
    return "".join(out)


@dataclass
class SideBySide:
    """Aligned sentences shown side by side, words that differ highlighted.

    In notebooks it renders as escaped right-to-left HTML with differing words in <mark>; its
    text form (what nbval compares) puts differing words in [brackets].
    """

    pairs: list[tuple[str, str, str, str]]  # (label_a, text_a, label_b, text_b)

    def _marked(self, text_a: str, text_b: str, html_out: bool) -> tuple[str, str]:
        """Return both texts with their differing words marked."""
        return _mark(text_a, text_b, html_out), _mark(text_b, text_a, html_out)

    def __repr__(self) -> str:
        lines = []
        for la, ta, lb, tb in self.pairs:
            ma, mb = self._marked(ta, tb, html_out=False)
            lines += [f"{la}: {ma}", f"{lb}: {mb}", ""]
        return "\n".join(lines).rstrip()

    def _repr_html_(self) -> str:
        rows = []
        for la, ta, lb, tb in self.pairs:
            ma, mb = self._marked(ta, tb, html_out=True)
            rows.append(f"<tr><th>{html.escape(la)}</th><th>{html.escape(lb)}</th></tr>"
                        f'<tr><td dir="rtl" style="text-align:right;vertical-align:top">{ma}</td>'
                        f'<td dir="rtl" style="text-align:right;vertical-align:top">{mb}</td></tr>')
        return ('<table class="arabic-news side-by-side">' + "".join(rows) + "</table>")


def side_by_side(pairs: "pd.DataFrame | Sequence[tuple[str, str, str, str]]") -> SideBySide:
    """Return aligned sentence pairs (rows of :func:`align_sentences`, or label/text tuples)
    ready to display side by side with their differing words highlighted."""
    if hasattr(pairs, "itertuples"):
        items = [(f"{r.doc_a} #{r.sent_a}", r.text_a, f"{r.doc_b} #{r.sent_b}", r.text_b)
                 for r in pairs.itertuples()]
    else:
        items = [tuple(p) for p in pairs]
    return SideBySide(items)  # type: ignore[arg-type]


def sentences_with(df: "pd.DataFrame", terms: Sequence[str], column: str = "raw") -> "pd.DataFrame":
    """Return the sentences that contain any of ``terms`` (clitic-aware): doc_id, sentence, text."""
    import pandas as pd

    from .match import PhraseMatcher

    matcher = PhraseMatcher(terms)
    rows = [{"doc_id": doc_id, "sentence": s.index, "text": s.text}
            for doc_id, raw in zip(df["doc_id"], df[column])
            for s in split_sentences(raw) if matcher.count(s.text)]
    return pd.DataFrame(rows, columns=["doc_id", "sentence", "text"])
