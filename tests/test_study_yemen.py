"""The second study pack (Yemen 2015): the package is general. Every subcommand runs on it with
``--study`` and no code change, and the scorer finds exactly the hits its author derived by hand
from the constructed example articles (``examples/constructed/EXPECTED.md``, written before any code
was run on them)."""

import json
import re
from collections import Counter

import pytest

from arabic_news import Context, StanceScorer, corpus_hits, load_corpus, load_study, main
from repo_paths import PACKS

EXAMPLES = PACKS / "yemen-2015" / "examples" / "constructed"
#: "3. الجيش الموالي للشرعية (clitic form ...) → hadi_government, +1, 1"
ITEM_RE = re.compile(
    r"^\d+\. (?P<term>[^(→]+?)\s*(?:\([^)]*\))?\s*→ (?P<actor>\w+), (?:lexicon )?(?P<pol>[+−-]1)", re.M
)


def _expected() -> dict[str, Counter]:
    text = (EXAMPLES / "EXPECTED.md").read_text(encoding="utf-8")
    out = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        doc_id = section.split()[0]
        if not (EXAMPLES / f"{doc_id}.txt").exists():  # "## What a test can check"
            continue
        framing = section.split("Neutral names")[0]
        out[doc_id] = Counter(
            (m["term"].strip(), m["actor"], int(m["pol"].replace("−", "-"))) for m in ITEM_RE.finditer(framing)
        )
    return out


@pytest.fixture(scope="module")
def yemen():
    return load_study("yemen-2015")


@pytest.fixture(scope="module")
def examples(yemen):
    return load_corpus(EXAMPLES)


def test_the_pack_declares_two_camps_and_its_focus(yemen):
    assert yemen.name == "yemen-2015" and not yemen.default
    assert [c.id for c in yemen.axis] == ["pro_coalition", "pro_houthi"]
    assert yemen.focus_actor == "houthis" and yemen.focus_forces is None
    assert {"houthis", "hadi_government", "coalition", "iran"} <= set(yemen.actors)


def test_the_scorer_finds_the_hand_derived_hits(examples):
    expected = _expected()
    assert set(expected) == set(examples["doc_id"]) and sum(map(len, expected.values())) > 40
    hits = corpus_hits(examples, StanceScorer(Context(load_study("yemen-2015"))))
    framing = hits[hits["lexicon_polarity"] != 0]
    for doc_id, wanted in expected.items():
        found = framing[framing["doc_id"] == doc_id]
        assert Counter(zip(found["term"], found["actor"], found["lexicon_polarity"])) == wanted, doc_id


def test_camp_articles_lean_their_own_way_and_wires_do_not(yemen, examples):
    hits = corpus_hits(examples, StanceScorer(Context(load_study("yemen-2015"))))
    intensity = dict(zip(zip(yemen.framing["term"], yemen.framing["actor"]), yemen.framing["intensity"]))
    own = hits[(hits["polarity"] != 0) & ~hits["quoted"].astype(bool)]
    own = own[[intensity[(t, a)] >= 1 for t, a in zip(own["term"], own["actor"])]]
    camp = dict(zip(examples["doc_id"], examples["camp"]))
    pro, anti = yemen.axis

    def side(actor: str, polarity: int) -> str:
        return pro.id if (actor in pro.favours) == (polarity > 0) else anti.id

    for doc_id, group in own.groupby("doc_id"):
        assert {side(a, p) for a, p in zip(group["actor"], group["polarity"])} == {camp[doc_id]}, doc_id
    assert set(own["doc_id"]) == {d for d, c in camp.items() if c != "neutral"}


@pytest.mark.parametrize("command", ["corpus", "sources", "duplicates", "stance"])
def test_every_subcommand_runs_with_the_pack(command, capsys):
    assert main([command, str(EXAMPLES), "--study", "yemen-2015", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data
    if command == "sources":
        assert {r["naming"]["actor"] for r in data} == {"houthis"}
        assert sum(r["actors"].get("houthis", 0) for r in data) >= 10
    if command == "stance":
        houthi = next(r for r in data if r["doc_id"] == "pro_houthi_01")
        # "the crimes of the aggression" is the Ansar Allah spokesman's claim (أكد ... أن): reported, not counted
        assert houthi["actors"]["coalition"]["anti"] == 3 and houthi["actors"]["houthis"]["pro"] >= 3
        assert [h["term"] for h in houthi["hits"] if h["voice"] == "reported"] == ["جرائم العدوان"]
