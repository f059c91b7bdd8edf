"""Events: sides, category and score from the table, negation, hedges, matching."""

import datetime

from articles.extraction import extract_article


def _events(text, vocabulary, **kwargs):
    result = extract_article(text, vocabulary=vocabulary, **kwargs)
    return result, [
        (e.initiator, e.target, e.category, e.score, e.negated, e.hedged) for e in result.events
    ]


HEAD = "Armenia and Azerbaijan\n\nYerevan, 12 June 2023 (Wire) -- "


def test_the_subject_initiates_and_the_table_scores(vocabulary):
    _, events = _events(HEAD + "Azerbaijan demanded that Armenia withdraw its troops.", vocabulary)
    assert events == [("AZ", "AM", "10", -5.0, False, False)]


def test_refusing_is_a_rejection(vocabulary):
    _, events = _events(HEAD + "Baku refused to even discuss such terms with Yerevan.", vocabulary)
    assert events[0][:4] == ("AZ", "AM", "12", -4.0)


def test_a_negated_cooperative_act_becomes_a_rejection(vocabulary):
    _, events = _events(
        HEAD + "Armenia decided not to renew the transit deal with Azerbaijan.", vocabulary
    )
    assert events[0][2:5] == ("12", -4.0, True)


def test_a_hedge_halves_the_score(vocabulary):
    _, events = _events(
        HEAD + "Azerbaijan may consider the release of Armenian prisoners.", vocabulary
    )
    assert events[0][2:] == ("08", 2.5, False, True)
    _, events = _events(HEAD + "Armenia agreed to consider Azerbaijan's proposal.", vocabulary)
    assert events[0][2] == "03"


def test_a_passive_verb_turns_the_sides(vocabulary):
    _, events = _events(
        HEAD + "An Armenian soldier was detained in Azerbaijan last week.", vocabulary
    )
    assert events[0][:3] == ("AZ", "AM", "17")


def test_acting_together(vocabulary):
    result, _ = _events(
        HEAD + "Pashinyan and Aliyev signed the peace treaty on June 10.", vocabulary
    )
    event = result.events[0]
    assert (event.mutual, event.category, event.date, event.precision) == (
        True,
        "057",
        datetime.date(2023, 6, 10),
        "day",
    )


def test_a_third_state_with_one_side_is_not_our_event(vocabulary):
    _, events = _events(
        HEAD + "Armenia and Azerbaijan held talks. Putin met Turkey's president in Sochi.",
        vocabulary,
    )
    assert [event[2] for event in events] == ["04"]


def test_nouns_are_not_acts(vocabulary):
    _, events = _events(
        HEAD + "A clear sign of the thaw between Armenia and Azerbaijan came.", vocabulary
    )
    assert events == []


def test_an_undated_act_takes_the_article_month_never_its_day(vocabulary):
    result, _ = _events(HEAD + "Aliyev accused Armenia of shelling.", vocabulary)
    event = result.events[0]
    assert (event.date, event.precision, event.date_basis) == (
        datetime.date(2023, 6, 1),
        "month",
        "article_date",
    )


def test_an_event_already_recorded_is_matched(vocabulary):
    result, _ = _events(HEAD + "Pashinyan and Aliyev met in Brussels in May.", vocabulary)
    assert [(e.category, e.matches) for e in result.events] == [("04", 80)]


def test_one_act_reported_twice_is_one_event(vocabulary):
    _, events = _events(
        HEAD
        + "Azerbaijan demanded a corridor from Armenia. Azerbaijan demanded a corridor from Armenia again.",
        vocabulary,
    )
    assert len(events) == 1


def test_the_temperature_is_the_mean_score_with_its_label(vocabulary):
    result, _ = _events(
        HEAD + "Azerbaijan threatened Armenia. Armenia accused Azerbaijan. Aliyev met Pashinyan.",
        vocabulary,
    )
    assert (round(result.temperature.score, 2), result.temperature.label) == (-2.33, "cold")
    result, _ = _events(HEAD + "Armenia and Azerbaijan signed a treaty.", vocabulary)
    assert result.temperature.label == "very warm"
