"""Study packs from the command line: listed with their location, scaffolded by `studies init`,
checked by `studies check`, and the rules a pack used to break silently."""

import json
import re
import shutil

import pytest

from arabic_news import Context, StudyError, load_study, main
from arabic_news.core.packs import pack_problems, pack_summary, scaffold_pack
from repo_paths import PACKS

SYRIA = PACKS / "syria-idlib-2019-2020"
ARTICLES = SYRIA / "validation" / "articles.jsonl"


def _copy(tmp_path, name="pack"):
    pack = tmp_path / name
    shutil.copytree(SYRIA, pack, ignore=shutil.ignore_patterns("validation"))
    (pack / "study.toml").write_text(
        (pack / "study.toml").read_text(encoding="utf-8").replace('articles = "validation/articles.jsonl"\n', ""),
        encoding="utf-8",
    )
    return pack


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# --- listing ----------------------------------------------------------------------------------------


def test_studies_lists_each_pack_with_its_location(capsys):
    code, out, _ = _run(capsys, "studies")
    assert code == 0
    assert "syria-idlib-2019-2020: How Arabic news outlets framed the Idlib offensive (Syria, 2019-2020)" in out
    assert f"    location: {SYRIA}" in out
    code, out, _ = _run(capsys, "studies", "--format", "json")
    packs = {p["name"]: p for p in json.loads(out)}
    assert packs["syria-idlib-2019-2020"]["location"] == str(SYRIA)
    assert list(packs["syria-idlib-2019-2020"]["camps"]) == ["pro_gov", "pro_opp"]


# --- the four cases that used to pass silently ------------------------------------------------------


def test_an_actor_a_camp_both_favours_and_opposes_is_refused(tmp_path):
    pack = _copy(tmp_path)
    _edit(pack / "study.toml", 'opposes = ["opposition", "hts"', 'opposes = ["russia", "opposition", "hts"')
    with pytest.raises(StudyError, match=r"study.toml: camp 'pro_gov' both favours and opposes russia\. Keep each"):
        load_study(pack)


def test_a_third_camp_is_refused_unless_axis_names_the_two_ends(tmp_path):
    pack = _copy(tmp_path)
    _edit(pack / "study.toml", "[lexicons]", '[camps.un_camp]\nlabel = "UN"\nfavours = ["un"]\n\n[lexicons]')
    with pytest.raises(StudyError, match=r"declares 3 camps \(pro_gov, pro_opp, un_camp\) but the alignment axis"):
        load_study(pack)
    _edit(pack / "study.toml", "key_actors =", 'axis = ["pro_opp", "pro_gov"]\nkey_actors =')
    study = load_study(pack)
    assert [c.id for c in study.axis] == ["pro_opp", "pro_gov"]  # axis chooses the ends and their order
    assert [c.id for c in study.camps] == ["pro_opp", "pro_gov", "un_camp"]
    _edit(pack / "study.toml", 'axis = ["pro_opp", "pro_gov"]', 'axis = ["pro_opp", "nobody"]')
    with pytest.raises(StudyError, match=r"axis = \['pro_opp', 'nobody'\] does not name two of the declared camps"):
        load_study(pack)


def test_axis_reverses_the_alignment(tmp_path):
    from arabic_news import StanceScorer

    pack = _copy(tmp_path)
    text = "أعلن الجيش العربي السوري تحرير بلدات في ريف إدلب الجنوبي."
    before = StanceScorer(Context.of(pack)).score(text)["alignment"]["score"]
    _edit(pack / "study.toml", "key_actors =", 'axis = ["pro_opp", "pro_gov"]\nkey_actors =')
    after = StanceScorer(Context.of(pack)).score(text)["alignment"]["score"]
    assert before == pytest.approx(0.6) and after == pytest.approx(-0.6)  # weights 1 + 2: (3 - 0) / (3 + 2)


def test_a_term_both_scored_and_neutral_is_refused(tmp_path):
    pack = _copy(tmp_path)
    rows = (pack / "naming_neutral.csv").read_text(encoding="utf-8").count("\n")
    with open(pack / "naming_neutral.csv", "a", encoding="utf-8") as fh:
        fh.write("قوات النظام,gov_forces,force_labels,the regime forces,,\n")
    with pytest.raises(
        StudyError,
        # the copy's own files are named (issue 20: never the shipped pack's)
        match=rf"pack/naming_neutral.csv, row {rows + 1}: term 'قوات النظام' is also row 4 of "
        rf"{re.escape(str(pack))}/framing.csv \(once normalized\)",
    ):
        load_study(pack)


def test_a_replacement_lexicon_that_overlaps_the_neutral_names_is_refused(tmp_path):
    replacement = tmp_path / "framing.csv"
    replacement.write_text(
        "term,actor,polarity,category,gloss_en\nهيئة تحرير الشام,hts,-1,force_labels,HTS\n", encoding="utf-8"
    )
    with pytest.raises(StudyError, match="is also row 2 of"):
        Context.of("syria-idlib-2019-2020", lexicon=replacement)


def test_an_empty_topic_gate_is_a_warning_printed_by_every_analysis(tmp_path, capsys):
    pack = _copy(tmp_path)
    text = (pack / "study.toml").read_text(encoding="utf-8")
    (pack / "study.toml").write_text(re.sub(r"topic_terms = \[.*?\]\n", "", text, flags=re.S), encoding="utf-8")
    study = load_study(pack)
    assert len(study.warnings) == 1 and "topic_terms is empty, so the topic gate is off" in study.warnings[0]
    doc = tmp_path / "doc.txt"
    doc.write_text("قوات النظام", encoding="utf-8")
    code, _out, err = _run(capsys, "stance", str(doc), "--study", str(pack), "--format", "json", "--workers", "1")
    assert code == 0 and err.startswith("arabic-news: warning: ") and "topic gate is off" in err


def test_check_reports_all_four_planted_mistakes_at_once(tmp_path, capsys):
    pack = _copy(tmp_path)
    text = (pack / "study.toml").read_text(encoding="utf-8")
    text = re.sub(r"topic_terms = \[.*?\]\n", "topic_terms = []\n", text, flags=re.S)
    text = text.replace('opposes = ["opposition", "hts"', 'opposes = ["russia", "opposition", "hts"')
    text = text.replace("[lexicons]", '[camps.third]\nfavours = ["un"]\n\n[lexicons]')
    (pack / "study.toml").write_text(text, encoding="utf-8")
    with open(pack / "naming_neutral.csv", "a", encoding="utf-8") as fh:
        fh.write("الجيش السوري,gov_forces,force_labels,the Syrian army,,\n")
    errors, warnings = pack_problems(pack)
    assert len(errors) == 3 and len(warnings) == 1
    code, out, err = _run(capsys, "studies", "check", str(pack))
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["error", "error", "error", "warning"]
    assert "camp 'pro_gov' both favours and opposes russia" in lines[0]
    assert "declares 3 camps (pro_gov, pro_opp, third)" in lines[1]
    assert f"term 'الجيش السوري' is also row 3 of {pack}/framing.csv" in lines[2]
    assert "topic gate is off" in lines[3]


def test_check_names_a_copied_packs_overlap_once_by_its_path(tmp_path, capsys):
    pack = _copy(tmp_path)
    with open(pack / "naming_neutral.csv", "a", encoding="utf-8") as fh:
        fh.write("الجيش السوري,gov_forces,force_labels,the Syrian army,,\n")
    code, out, err = _run(capsys, "studies", "check", str(pack))
    assert code == 2 and out == ""
    (line,) = err.splitlines()  # found by the rules between the parts and by loading: said once
    assert f"{pack}/naming_neutral.csv, row " in line and "syria-idlib-2019-2020/" not in line


# --- init and check ----------------------------------------------------------------------------------


def test_init_then_check_on_a_fresh_folder(tmp_path, capsys):
    target = tmp_path / "my-conflict"
    code, out, err = _run(capsys, "studies", "init", str(target))
    assert code == 0 and err == ""
    assert sorted(p.name for p in target.iterdir()) == [
        "README.md",
        "actors.csv",
        "framing.csv",
        "naming_neutral.csv",
        "study.toml",
    ]
    assert (target / "framing.csv").read_text(encoding="utf-8") == (
        "term,actor,polarity,category,gloss_en,intensity,target,transliteration,note\n"
    )
    manifest = (target / "study.toml").read_text(encoding="utf-8")
    for key in ("name", "title", "description", "topic_terms", "proper_names", "fillers", "key_actors", "[focus]"):
        assert f"\n{key}" in manifest or manifest.startswith(key)
    for key in ("[actors]", "[camps.camp_a]", "[lexicons]", "# [corpus]", "# [normalization]", "axis ="):
        assert key in manifest
    # the commands suggested name the pack's folder, not the temporary one it was written in
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "`arabic-news studies check my-conflict`" in manifest and "partial" not in manifest + readme
    assert "`arabic-news studies check my-conflict`" in readme and '`Context.of("my-conflict")`' in readme
    code, out, err = _run(capsys, "studies", "check", str(target))
    assert code == 0, err
    assert out.splitlines()[-1] == "ok: the pack loads and every rule holds; 3 warning(s)"
    assert "warning: " in out and "topic gate is off" in out and "has no rows, so nothing is scored" in out
    assert _run(capsys, "studies", "check", str(target), "--strict")[0] == 1
    code, _out, err = _run(capsys, "studies", "init", str(target))
    assert code == 2 and "already exists and is not an empty folder" in err


def test_init_from_a_corpus_proposes_frequent_phrases(tmp_path, capsys):
    target = tmp_path / "idlib"
    code, out, _ = _run(capsys, "studies", "init", str(target), "--from", str(ARTICLES), "--candidates", "12")
    assert code == 0 and "actor_candidates.csv: the 12 most frequent phrases" in out
    lines = (target / "actor_candidates.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "term,documents,actor,kind,gloss_en,transliteration,note"
    assert lines[1] == "إدلب,68,,,,,"  # Idlib, in 68 of the 69 excerpts, spelled as the texts spell it
    terms = [line.split(",")[0] for line in lines[1:]]
    assert "قوات النظام" in terms and "الجيش" in terms and "في" not in terms
    assert _run(capsys, "studies", "check", str(target))[0] == 0


def test_scaffold_refuses_a_bad_name(tmp_path):
    with pytest.raises(StudyError, match="is not a pack id"):
        scaffold_pack(tmp_path / "x", name="my pack")


def test_check_summarizes_the_syria_pack_and_its_coverage(capsys):
    code, out, err = _run(capsys, "studies", "check", "syria-idlib-2019-2020", "--corpus", str(ARTICLES))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[2].startswith("actors: 12 (assad, gov_forces, russia")
    assert "camp pro_gov (+ end of the axis): favours assad, gov_forces, iran, iran_militias, russia" in out
    assert "framing rows: 70 (20 favourable, 50 hostile; target term 44, context 26, of which 24" in out
    assert "  force_labels             5    9   21    35" in out
    assert "69 documents): 69 mention a topic term, 65 have a lexicon hit, 59 a favourable or hostile hit" in out
    assert "framing terms found: 52 of 70" in out
    summary = pack_summary(load_study("syria-idlib-2019-2020"))
    assert summary["framing"]["by_category"]["foreign_interference"] == {"0": 0, "1": 1, "2": 10, "all": 11}
    assert summary["warnings"] == [] and summary["notes"] == []
    code, out, _ = _run(capsys, "studies", "check", "syria-idlib-2019-2020", "--format", "json")
    assert json.loads(out)["camps"][1] == {
        "id": "pro_opp",
        "label": "the opposition camp (armed opposition, Turkey)",
        "end": "-",
        "favours": ["hts", "opposition", "turkey", "turkey_leaders"],
        "opposes": ["assad", "gov_forces", "iran", "iran_militias", "russia"],
    }


def test_check_counts_every_kind_of_actor_term_and_every_target(capsys):
    # the Libya pack has the nisba adjectives, shared names and anaphoric descriptors of issue 23
    code, out, _ = _run(capsys, "studies", "check", "libya-2019-2020")
    assert code == 0
    assert "actor lexicon: 71 names, 8 titles, 11 descriptors, 15 nisbas" in out
    assert "target term 234, context 51, of which 33 without a default actor; shared 2; anaphor 2)" in out
    framing = pack_summary(load_study("libya-2019-2020"))["framing"]
    assert (
        framing["target_term"] + framing["target_context"] + framing["target_shared"] + framing["target_anaphor"]
        == framing["rows"]
    )


def test_a_pack_without_names_is_refused_in_one_line(tmp_path, capsys):
    pack = tmp_path / "p"
    scaffold_pack(pack)
    with open(pack / "framing.csv", "a", encoding="utf-8") as fh:
        fh.write("مرتزقة,,-1,force_labels,mercenaries,2,context,,\n")
    code, _out, err = _run(capsys, "studies", "check", str(pack))
    assert code == 2 and err.strip().endswith("Add the names of the actors to actors.csv (kind = name).")


def test_errors_raised_in_a_worker_reach_the_command_line_whole():
    import pickle

    from arabic_news.core.errors import CorpusError

    error = pickle.loads(pickle.dumps(CorpusError("a.csv", "is odd", "Fix it.", 3, 4)))
    assert str(error) == "a.csv, row 3 (line 4): is odd. Fix it." and (error.row, error.line) == (3, 4)
    assert str(pickle.loads(pickle.dumps(StudyError("p", "bad", "Fix.")))) == "p: bad. Fix."
