"""The report's glossary page: every Arabic term of the notebooks, grouped by actor and category, with a
search box that works offline.

The search folds what the package's normalization folds (alef forms, alef maksura, teh marbuta,
Persian letter forms such as ی, diacritics, tatweel, invisible marks, Arabic-Indic digits: the same
table as :func:`arabic_news.core.text.normalize`, written into the page) and compares transliterations
and glosses without their diacritics, so "milish" finds ميليشيات (*mīlīshiyāt*). Each group's count
and the total follow the filter. The student build leaves out the terms that only the worked
solutions use and never names the solutions.
"""

from __future__ import annotations

import html
import json
import re

from ..core.glossary import glossary
from ..core.study import Study
from ..core.text import INVISIBLE, normalize
from ..display.tables import rtl_table_html

_SOLUTIONS_RE = re.compile(r"\s*solutions \d\d\s*")


def search_folding() -> dict[str, str]:
    """Return the character folding of the glossary search: what :func:`~arabic_news.core.text.normalize`
    (default options) makes of each Arabic letter and mark and each invisible character it changes ("" when
    deleted); presentation forms are folded by the page's own NFKC, as by ``normalize``."""
    ranges = ((0x0600, 0x06FF), (0x0750, 0x077F))
    chars = [chr(c) for a, b in ranges for c in range(a, b + 1)] + [c for c in INVISIBLE if ord(c) < 0x10000]
    return {c: normalize(c) for c in chars if normalize(c) != c}


_SCRIPT = """<script>
(function () {
  const FOLD = FOLDING;
  const box = document.getElementById('an-search');
  const count = document.getElementById('an-count');
  const rows = Array.from(document.querySelectorAll('.an-group tbody tr'));
  // the package's normalization (NFKC, then its character table), then Latin without diacritics,
  // ayn and hamza signs, case and hyphens: "milish" finds mīlīshiyāt
  const fold = s => Array.from(s.normalize('NFKC')).map(c => c in FOLD ? FOLD[c] : c).join('')
    .normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[ʿʾʼ'‘’`]/g, '')
    .toLowerCase().replace(/[-‐]/g, ' ').replace(/\\s+/g, ' ');
  const keys = rows.map(r => fold(r.textContent));
  function filter() {
    const q = fold(box.value).trim();
    let shown = 0;
    rows.forEach((r, i) => { const on = !q || keys[i].includes(q); r.hidden = !on; if (on) shown++; });
    document.querySelectorAll('.an-group').forEach(g => {
      const n = g.querySelectorAll('tbody tr:not([hidden])').length;
      const all = g.querySelectorAll('tbody tr').length;
      g.hidden = n === 0;
      g.querySelector('.an-n').textContent = q ? n + ' of ' + all : String(all);
    });
    count.textContent = shown + ' of ' + rows.length + ' terms';
  }
  box.addEventListener('input', filter);
  filter();
})();
</script>"""


def student_glossary(table):
    """Return ``table`` without the terms only the worked solutions use, and without naming them."""
    used = table["used_in"].map(lambda s: "; ".join(p for p in s.split("; ") if not _SOLUTIONS_RE.fullmatch(p)))
    return table.assign(used_in=used)[used != ""].reset_index(drop=True)


def glossary_page(study: Study, student: bool = False, page=None) -> str:
    """Return the glossary page: the terms grouped by the actor they name or frame, then the general
    words by category, each group a right-to-left table, with a search box (inline script, offline).
    ``student``: without the terms of the worked solutions. ``page`` wraps the body (the report's
    page function)."""
    table = glossary(study)
    if student:
        table = student_glossary(table)
    columns = ["term", "transliteration", "gloss_en", "camp", "category", "used_in"]
    groups = []
    for actor, label in list(study.actors.items()) + [("", "")]:
        rows = table[table["actor"] == actor]
        if actor and not rows.empty:
            groups.append((f"Actor: {label}", rows.sort_values(["category", "term"])))
    general = table[~table["actor"].isin([a for a in study.actors if a])]
    for category, rows in general.groupby("category", sort=True):
        groups.append((f"Category: {category}", rows))
    sections = "".join(
        f'<section class="an-group"><h3>{html.escape(title)} (<span class="an-n">{len(rows)}</span>)</h3>'
        + rtl_table_html(rows[columns].reset_index(drop=True), rtl_columns=["term"])
        + "</section>"
        for title, rows in groups
    )
    body = (
        '<p><a href="index.html">Report index</a></p><h1>Glossary of the Arabic terms discussed in the notebooks</h1>'
        f"<p>{len(table)} terms, each with a transliteration, an English gloss, the camp that uses it and where "
        "the notebooks use it: first the terms that name or frame an actor, grouped by actor, then the general "
        "words (attribution cues, time expressions, page furniture, linguistic terms) by category.</p>"
        '<label for="an-search">Search (Arabic, transliteration or English; spelling variants and vowel '
        "marks are ignored): </label>"
        '<input id="an-search" type="search" autocomplete="off" placeholder="a word in any script">'
        '<p id="an-count" aria-live="polite"></p>' + sections
    )
    script = _SCRIPT.replace("FOLDING", json.dumps(search_folding(), ensure_ascii=True))
    return page("Glossary", body, script) if page else body + script
