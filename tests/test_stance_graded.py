"""Graded stance: the shrunken score and its interval, camp alignment, and target-aware attribution
of generic labels (pronoun, name, clause), with expected values worked out by hand."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arabic_news import Context, StanceScorer, graded_score, partisan_band
from arabic_news.analyses.stance import NAME_WINDOW, Quote, QuoteIndex, SpanIndex

LIBYA = Context.of("libya-2019-2020")


@pytest.fixture(scope="module")
def scorer():
    return StanceScorer(LIBYA, topic_gate=False)


def _targets(scorer, text):
    """Return (matched text, actor, target_via) of the scored hits of ``text``, generic or not."""
    return [(h.text, h.actor, h.target_via) for h in scorer.find_hits(text) if h.polarity]


# --- the score -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pro, anti, expected",
    [
        (0, 0, 0.0),
        (0.25, 0, 0.25 / 2.25),  # one conventional name stays near 0
        (1, 0, 1 / 3),  # one marked term
        (2, 0, 0.5),  # one loaded label
        (0, 2, -0.5),
        (20, 0, 20 / 22),  # ten loaded labels: far, never at 1
        (2, 2, 0.0),
        (4, 1, 3 / 7),
    ],
)
def test_graded_score_by_hand(pro, anti, expected):
    score, low, high = graded_score(pro, anti)
    assert score == pytest.approx(expected)
    assert -1 < low < score < high < 1 or (pro, anti) == (0, 0)


def test_prior_interval_and_prior_strength():
    # Beta(1, 1) is uniform: its central 95 % is (0.025, 0.975), i.e. (-0.95, 0.95)
    assert graded_score(0, 0)[1:] == pytest.approx((-0.95, 0.95))
    # a stronger prior shrinks more: (2 - 0) / (2 + 0 + 2 * 4)
    assert graded_score(2, 0, prior=4)[0] == pytest.approx(0.2)


@given(st.floats(0, 50), st.floats(0, 50), st.floats(0.1, 5))
@settings(max_examples=200, deadline=None)
def test_more_favourable_evidence_never_lowers_the_score(pro, anti, extra):
    before, after = graded_score(pro, anti)[0], graded_score(pro + extra, anti)[0]
    assert after >= before - 1e-12
    assert abs(after) < 1


def test_partisan_band_is_one_marked_hit(scorer):
    assert partisan_band(scorer) == pytest.approx(1 / 3)


def test_weights_and_prior_are_parameters():
    lighter = StanceScorer(LIBYA, topic_gate=False, weights=(0.1, 1, 3), prior=2)
    al = lighter.score("قصفت مليشيات حفتر أحياء طرابلس.")["alignment"]
    assert al["score"] == pytest.approx(-3 / (3 + 4))
    with pytest.raises(ValueError):
        StanceScorer(LIBYA, weights=(1, 2))


# --- camp alignment --------------------------------------------------------------------------------


def test_alignment_combines_actors_through_the_camps(scorer):
    # hostile to the GNA (ميليشيات الوفاق, loaded) and to Turkey (الغزو التركي, loaded): both point
    # toward the + camp; favourable to Egypt (الشقيقة الكبرى, marked) too: (2 + 2 + 1) / (5 + 2)
    text = "تصدى الجيش لميليشيات الوفاق وللغزو التركي بدعم من الشقيقة الكبرى في ليبيا."
    al = scorer.score(text)["alignment"]
    assert al["score"] == pytest.approx(5 / 7)
    assert al["n_hits"] == 3


def test_alignment_tells_neutral_names_from_no_hit_and_from_balance(scorer):
    # neutral names only: no score, the names counted beside it
    neutral = scorer.score("التقى خليفة حفتر وفدا من حكومة الوفاق في ليبيا.")["alignment"]
    assert (neutral["score"], neutral["n_hits"], neutral["n_neutral"]) == (None, 0, 2)
    # nothing at all
    nothing = scorer.score("ارتفعت أسعار النفط في ليبيا.")["alignment"]
    assert (nothing["score"], nothing["n_hits"], nothing["n_neutral"]) == (None, 0, 0)
    assert (nothing["low"], nothing["high"]) == pytest.approx((-0.95, 0.95))
    # balance: one loaded label each way scores 0 from two hits (the neutral name beside them)
    balanced = scorer.score("وقصفت مليشيات حفتر والميليشيات التابعة لحكومة الوفاق مدينة ليبية.")["alignment"]
    assert (balanced["score"], balanced["n_hits"], balanced["n_neutral"]) == (0.0, 2, 1)


def test_actors_outside_both_camps_do_not_move_the_alignment(scorer):
    from arabic_news import load_study

    camps = load_study().axis
    assert scorer.axis_sign("un") == 0 and "un" not in camps[0].favours | camps[1].favours
    assert scorer.axis_sign("haftar") == 1 and scorer.axis_sign("turkey") == -1


# --- target-aware attribution ------------------------------------------------------------------------


def test_pronoun_attaches_to_the_nearest_actor_it_can_refer_to(scorer):
    # "his militias": Sarraj (a man, ه) was named before Turkey (a state, ها)
    text = "وطلب فائز السراج من تركيا دعم ميلشياته بالمعدات."
    assert ("ميلشياته", "gna", "pronoun") in _targets(scorer, text)
    # the same label after Haftar is his; the sentence before counts too
    text = "وصل حفتر إلى بنغازي. وقال شهود إن مليشياته انسحبت."
    assert ("مليشياته", "haftar", "pronoun") in _targets(scorer, text)
    # ها refers to a state or a government, not to a man named later
    text = "وأرسلت تركيا مرتزقتها إلى طرابلس حيث التقى السراج."
    assert ("مرتزقتها", "turkey", "pronoun") in _targets(scorer, text)


@pytest.mark.parametrize(
    "text",
    [
        # subject first: "Haftar invites Sisi, Aguila Saleh and Putin to attend a parade of his militias"
        "حفتر يدعو السيسي وعقيلة صالح وبوتين لحضور عرض عسكري لمليشياته في بنغازي.",
        # verb first: "Haftar invites ..."; the nearest name (Aguila Saleh) also takes ه
        "ويدعو حفتر السيسي وعقيلة صالح لحضور عرض عسكري لمليشياته في بنغازي.",
    ],
)
def test_pronoun_prefers_the_subject_of_its_clause_over_the_nearest_name(scorer, text):
    assert [t for t in _targets(scorer, text) if t[2] == "pronoun"] == [("لمليشياته", "haftar", "pronoun")]


def test_pronoun_falls_back_to_the_nearest_name_the_subject_cannot_take(scorer):
    # "Turkey called on Sarraj to merge his militias": Turkey, a state, takes ها, not ه
    assert ("مليشياته", "gna", "pronoun") in _targets(scorer, "ودعت تركيا السراج إلى دمج مليشياته في ليبيا.")
    # "Sarraj said that Haftar wants to throw his militias into Tripoli": the clause after إن has its
    # own subject
    text = "وقال السراج إن حفتر يريد الزج بمليشياته في طرابلس."
    assert ("بمليشياته", "haftar", "pronoun") in _targets(scorer, text)


def test_a_nisba_adjective_is_a_mention_not_a_name_labels_attach_to(scorer):
    from arabic_news.analyses.sources import actor_counts

    # "A shipment of Emirati ammunition reached the mercenaries Haftar brought in": the adjective
    # "Emirati" (nearer the label) does not take it (أسلحة إماراتية, "Emirati weapons", is a framing
    # row of its own since issue 23's second round, and so names the UAE)
    text = "وصلت شحنة ذخيرة إماراتية إلى المرتزقة الذين جلبهم حفتر إلى ليبيا."
    assert _targets(scorer, text) == [("المرتزقة", "haftar", "clause")]
    assert actor_counts(text, LIBYA) == {"uae": 1, "haftar": 1}  # still a mention of the UAE in `sources`
    kinds = LIBYA.study.actor_terms.set_index("term")["kind"]
    assert kinds["الإماراتي"] == kinds["الأتراك"] == "nisba" and kinds["الإمارات"] == "name"


def test_clause_naming_several_actors_of_one_camp_gives_the_nearest(scorer):
    # "Turkey relies on supplying Sarraj with a small army led by terrorists": Turkey and Sarraj are
    # both of the GNA camp; Sarraj is nearer
    text = "وتعتمد تركيا على مد السراج بجيش صغير يقوده إرهابيون في ليبيا."
    assert _targets(scorer, text) == [("إرهابيون", "gna", "clause")]
    # "the mercenaries of the Wagner company": شركة links the label to the company's name
    assert _targets(scorer, "وانسحب مرتزقة شركة فاغنر من سرت.") == [("مرتزقة", "russia", "name")]


def test_a_shared_name_counts_for_the_actor_the_sentence_attaches_it_to(scorer):
    # "the Libyan army belonging to the GNA" is an anchored term; "led by Haftar": Haftar's
    assert _targets(scorer, "وتقدم الجيش الليبي بقيادة حفتر نحو سرت في ليبيا.") == [("الجيش الليبي", "haftar", "name")]
    # "the Libyan army repelled an attack by Haftar's militias": the army fights Haftar, it is the GNA's
    text = "وصدت قوات الجيش الليبي هجوما من مليشيات حفتر على طرابلس."
    assert _targets(scorer, text) == [("الجيش الليبي", "gna", "clause"), ("مليشيات حفتر", "haftar", "term")]


def test_invisible_characters_inside_words_change_no_attachment(scorer):
    # words are counted on the normalized text: a soft hyphen or word joiner inside a raw word (as
    # tests/test_integrity.py's property test drew them) does not split it into two words
    plain = "وتقدم الجيش الليبي بقيادة حفتر نحو سرت في ليبيا."
    disguised = plain.replace("الجيش", "الج\u00adيش").replace("بقيادة", "بقي\u2060ادة")
    assert [(a, v) for _t, a, v in _targets(scorer, disguised)] == [("haftar", "name")]
    # "and Haftar invites Sisi and Aguila Saleh to a parade of his militias" (verb first): Haftar, the
    # second word, is the subject; a soft hyphen in the verb made him the third (was: Aguila Saleh)
    disguised = "ويد\u00adعو حفتر السيسي وعقيلة صالح لحضور عرض عسكري لمليشياته في بنغازي."
    assert _targets(scorer, disguised) == [("لمليشياته", "haftar", "pronoun")]


def test_a_shared_name_the_sentence_does_not_attach_follows_the_document(scorer):
    # alone: the row's actor (Egyptian usage, "the Libyan army downs a Turkish drone")
    assert _targets(scorer, "الجيش الليبي يسقط طائرة تركية مسيرة في ليبيا.") == [("الجيش الليبي", "haftar", "document")]
    # in a text whose own voice calls Haftar's forces militias, the Libyan army is the GNA's
    text = "وأعلن الجيش الليبي مقتل مدني. وكانت مليشيات حفتر قد زرعت ألغاما في طرابلس."
    assert _targets(scorer, text)[0] == ("الجيش الليبي", "gna", "document")
    # in a text whose own voice favours the LNA camp, it stays Haftar's
    text = "وأعلن الجيش الليبي تقدمه. وتراجعت ميليشيات الوفاق في طرابلس."
    assert _targets(scorer, text)[0] == ("الجيش الليبي", "haftar", "document")
    # the same for "the Libyan government": the GNA's, unless the document takes the LNA camp's side
    assert _targets(scorer, "وأعلنت الحكومة الليبية مقتل 25 مرتزقا في ليبيا.")[0] == (
        "الحكومة الليبية",
        "gna",
        "document",
    )


def test_an_anaphoric_descriptor_counts_only_when_the_document_names_its_actor(scorer):
    # "the retired major general" stands for Haftar once he is named, and for nobody otherwise (an
    # Egyptian retired general on a talk show)
    named = "وصل خليفة حفتر إلى القاهرة. وقال اللواء المتقاعد إن الحرب انتهت في ليبيا."
    assert ("اللواء المتقاعد", "haftar", "anaphor") in _targets(scorer, named)
    alone = "وقال اللواء المتقاعد إن الحرب انتهت في ليبيا."
    assert _targets(scorer, alone) == [("اللواء المتقاعد", "", "")]
    assert scorer.score(alone)["alignment"]["score"] is None


def test_loyalty_construction_and_first_name_attach_forces_to_their_actor(scorer):
    # "the forces loyal to Field Marshal Khalifa Haftar" (wire style): the forces named after the man
    # (-0.25) beside the title (+0.25)
    text = "وقصفت القوات الموالية للمشير خليفة حفتر مطار معيتيقة في ليبيا."
    assert _targets(scorer, text) == [("القوات الموالية", "haftar", "name"), ("للمشير خليفة حفتر", "haftar", "term")]
    # Haftar's first name between the words of a term: "Khalifa Haftar's forces" is قوات حفتر
    assert _targets(scorer, "وتقدمت قوات خليفة حفتر نحو طرابلس.") == [("قوات خليفة حفتر", "haftar", "term")]


def test_a_clause_without_an_actor_gives_way_to_its_sentence(scorer):
    # "The LNA regained Sorman, less than 24 hours after launching an operation to eliminate the
    # terrorists": the last clause names nobody; its sentence names the army, and "eliminating" is a
    # word of fighting: the terrorists are the GNA camp's
    text = "وأعلن الجيش الوطني الليبي استعادة صرمان، وذلك بعد إطلاقه عملية للقضاء على الإرهابيين."
    assert ("الإرهابيين", "gna", "clause") in _targets(scorer, text)


def test_from_its_sentence_a_word_of_fighting_counts_only_in_the_labels_clause(scorer):
    # "He took part in the coup against his king, then led an attack against his comrades: such was
    # Haftar's career": the clause of the coup names nobody, its sentence names Haftar, and the word of
    # fighting (ضد, "against") stands in another clause, where it opposes someone else
    text = "شارك في الانقلاب على ملكه، ثم قاد هجوما فاشلا ضد رفاقه، تلك كانت مسيرة حفتر."
    assert ("الانقلاب على", "haftar", "clause") in _targets(scorer, text)
    # the same word of fighting inside the label's own clause still gives the opponent: "the LNA
    # spoke yesterday, then launched an operation against the terrorists"
    text = "وتحدث الجيش الوطني الليبي أمس، ثم أطلق عملية ضد الإرهابيين."
    assert ("الإرهابيين", "gna", "clause") in _targets(scorer, text)


def test_a_label_repeated_is_no_word_of_fighting_for_itself(scorer):
    # "generals who go from defeat to defeat, and here is General Haftar strutting in the land of
    # defeats": هزيمة ("defeat") is also a word of fighting, but its repetition does not set the first
    # defeat against Haftar (it was the GNA's)
    text = "جنرالات يخرجون من هزيمة إلى هزيمة، وها هو الجنرال حفتر يتبختر في أرض الهزائم."
    assert [t[1] for t in _targets(scorer, text)] == ["haftar", "haftar", "haftar"]
    # another word of fighting still does: "the army announced the defeat of the terrorists"
    assert ("الإرهابيين", "gna", "clause") in _targets(scorer, "وأعلن الجيش الوطني الليبي هزيمة الإرهابيين.")


def test_at_the_hands_of_gives_the_opponent(scorer):
    # "the successive defeats he suffered at the hands of the GNA forces" are Haftar's
    text = "وتسببت الهزائم المتتالية التي مني بها على يد قوات حكومة الوفاق في ليبيا في فقدانه مناصريه."
    assert ("الهزائم", "haftar", "clause") in _targets(scorer, text)


def test_the_backing_construction_counts_against_the_backer(scorer):
    # "the GNA militias backed by Turkey" (pro-LNA) and "Haftar, backed by the UAE" (pro-GNA): each
    # against the backer named after it; the UN's backing is a longer row, favourable
    text = "وتقدمت ميليشيات حكومة الوفاق المدعومة من تركيا في ليبيا."
    assert ("المدعومة من", "turkey", "name") in _targets(scorer, text)
    text = "وهاجم حفتر، المدعوم من الإمارات، العاصمة الليبية."
    assert ("المدعوم من", "uae", "name") in _targets(scorer, text)
    text = "وأعلنت حكومة الوفاق المدعومة من الأمم المتحدة في ليبيا وقف القتال."
    assert _targets(scorer, text) == [("المدعومة من الأمم المتحدة", "gna", "term")]


def test_name_after_the_label_with_linking_words_only(scorer):
    assert _targets(scorer, "وقعت اشتباكات مع مرتزقة تابعين لحكومة الوفاق في ليبيا.") == [("مرتزقة", "gna", "name")]
    # (الموالين لتركيا, "loyal to Turkey", is a row of its own since issue 23's second round: Russia here)
    assert _targets(scorer, "وانتشر المرتزقة الموالين لروسيا في طرابلس.") == [("المرتزقة", "russia", "name")]
    # a definite adjective may stand first: "the foreign mercenaries loyal to Turkey"
    assert _targets(scorer, "وانتشر المرتزقة الأجانب الموالين لتركيا في طرابلس.")[0][1:] == ("turkey", "name")
    # another noun between them breaks the link: the name is not the militias' owner
    text = "اشتباكات بين مليشيات وتشكيلات مسلحة تابعة لحكومة الوفاق في ليبيا."
    assert ("مليشيات", "gna", "name") not in _targets(scorer, text)


def test_name_window(scorer):
    assert NAME_WINDOW == 4
    near = "وصلت مليشيات تابعة لحكومة الوفاق."  # one linking word
    assert _targets(scorer, near)[0][1:] == ("gna", "name")
    far = "وصلت مليشيات التي من الموالين التابعين لحكومة الوفاق."  # four linking words
    assert all(t[2] != "name" for t in _targets(scorer, far))


def test_a_name_before_the_label_is_not_its_owner(scorer):
    # "the UN and the militias": two actors in the clause (the UN is in no camp), no attribution
    hits = scorer.find_hits("وقالت الأمم المتحدة والميليشيات في ليبيا إن المعارك توقفت.")
    assert [(h.text, h.actor, h.target_via) for h in hits if h.text == "والميليشيات"] == [
        ("والميليشيات", "un", "clause")
    ]
    # the clause rule decides: Haftar alone in the clause, nothing sets them against each other
    assert ("بالمرتزقة", "haftar", "clause") in _targets(scorer, "وثبتت صلة حفتر بالمرتزقة الأفارقة في ليبيا.")


def test_clause_with_one_side_gives_the_target(scorer):
    # the clause names Haftar only, and nothing sets them against each other
    assert _targets(scorer, "واستعان حفتر بمرتزقة من جنسيات مختلفة في ليبيا.")[-1] == ("بمرتزقة", "haftar", "clause")
    assert _targets(scorer, "وقد استجلب حفتر منذ سنوات مرتزقة من جنسيات مختلفة.")[-1] == ("مرتزقة", "haftar", "clause")


def test_clause_with_a_word_of_fighting_gives_the_opponent(scorer):
    # Haftar's army set an ambush for the mercenaries: they are the other camp's (the GNA first)
    text = "وأعد الجيش الوطني الليبي كمينا محكما للمرتزقة في طرابلس."
    assert ("للمرتزقة", "gna", "clause") in _targets(scorer, text)
    # and the reverse: GNA forces fighting "terrorists" designate Haftar's side
    text = "وتقاتل قوات حكومة الوفاق الإرهابيين جنوب طرابلس."
    assert ("الإرهابيين", "haftar", "clause") in _targets(scorer, text)


def test_clause_with_both_sides_leaves_a_generic_label_unattributed(scorer):
    text = "واتهمت حكومة الوفاق وقوات حفتر بعضهما بجلب المرتزقة إلى ليبيا."
    hits = [h for h in scorer.find_hits(text) if h.term == "مرتزقة"]
    assert [(h.actor, h.target_via) for h in hits] == [("", "")]
    # an unattributed label counts for nobody: the score rests on قوات حفتر alone, beside one neutral name
    al = scorer.score(text)["alignment"]
    assert (al["n_hits"], al["n_neutral"]) == (1, 1)


def test_a_label_with_a_default_keeps_it_unless_a_name_or_pronoun_says_otherwise(scorer):
    assert _targets(scorer, "وتواصل الميليشيات الإرهابية القصف في ليبيا.") == [("الميليشيات الإرهابية", "gna", "term")]
    assert _targets(scorer, "وتواصل الميليشيات الإرهابية التابعة لحفتر القصف في ليبيا.") == [
        ("الميليشيات الإرهابية", "haftar", "name")
    ]
    # the clause does not override a default: the army fights the terrorist militias, which stay the GNA's
    assert _targets(scorer, "وتقدم الجيش الوطني الليبي نحو الميليشيات الإرهابية.")[-1] == (
        "الميليشيات الإرهابية",
        "gna",
        "term",
    )


def test_hashtag_and_lam_forms_reach_the_target(scorer):
    assert _targets(scorer, "غرد النشطاء: لا لمليشيات #حفتر في ليبيا") == [("لمليشيات #حفتر", "haftar", "term")]
    assert _targets(scorer, "تابعة للواء المتقاعد خليفة حفتر في ليبيا")[0][:2] == (
        "للواء المتقاعد خليفة حفتر",
        "haftar",
    )
    assert _targets(scorer, "قصف طيران الجنرال الليبي المتقاعد خليفة حفتر طرابلس")[0][1] == "haftar"


# --- linear lookups --------------------------------------------------------------------------------

SPANS = st.lists(st.tuples(st.integers(0, 300), st.integers(1, 40)), max_size=40)


@given(SPANS, st.integers(0, 340), st.integers(0, 30))
@settings(max_examples=300, deadline=None)
def test_quote_index_finds_exactly_the_overlapping_quotes(spans, start, length):
    quotes = [Quote(s, s + n, s + 1, s + n - 1, "marks") for s, n in spans]
    end = start + length
    brute = sorted((q for q in quotes if q.end > start and q.start < end), key=lambda q: (q.start, q.end))
    assert QuoteIndex(quotes).overlapping(start, end) == brute


@given(st.lists(st.integers(0, 500), max_size=30), st.integers(0, 520), st.integers(0, 20))
@settings(max_examples=300, deadline=None)
def test_span_index_agrees_with_a_scan(points, start, length):
    cuts = sorted(set(points))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2])]  # sorted, disjoint
    end = start + length
    assert SpanIndex(spans).contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert SpanIndex(None).contains(start, end)
