"""Actors through the alias dictionary: case, accents, possessives, -ov forms, near misses."""

from articles.extraction.actors import actor_index, actor_mentions, find_mentions, surname_forms
from articles.extraction.sentences import split_sentences


def _found(text, vocabulary):
    return [(m.text, m.actor, m.form) for m in find_mentions(text, actor_index(vocabulary))]


def test_case_and_accents_aside(vocabulary):
    found = _found("ILHAM ALIYEV met İlham Əliyev's aides and ilham aliyev.", vocabulary)
    assert [actor for _, actor, _ in found] == [5, 5, 5]


def test_possessives_and_the_longest_alias(vocabulary):
    found = _found("Vladimir Putin's envoy and Putin’s aide", vocabulary)
    assert [(text, actor) for text, actor, _ in found] == [("Vladimir Putin", 6), ("Putin", 6)]


def test_russian_surname_forms(vocabulary):
    assert "Nikol Pashinyanov" in surname_forms("Nikol Pashinyan")
    assert surname_forms("Sergei Lavrov") == ("Sergei Lavrova",)
    found = _found("Dadashev spoke, then Zurab Dadasheva.", vocabulary)
    assert {actor for _, actor, _ in found} == {10}


def test_a_misspelt_state_is_a_near_miss(vocabulary):
    found = _found("Tensions rose in Azerbiajan and Armnia.", vocabulary)
    assert [(actor, form) for _, actor, form in found] == [(2, "near miss"), (1, "near miss")]


def test_short_unrelated_words_are_not_near_misses(vocabulary):
    assert _found("Albania and Austria met.", vocabulary) == []


def test_an_acronym_must_keep_its_case(vocabulary):
    assert _found("the nato summit", vocabulary) == []
    assert [actor for _, actor, _ in _found("the NATO summit", vocabulary)] == [9]


def test_words_inside_other_words_do_not_match(vocabulary):
    assert _found("Putinism and Armenians' Pashinyanism", vocabulary) == [
        ("Armenians", None, "demonym")
    ]


def test_unknown_people_are_proposed_as_new_actors(vocabulary):
    text = (
        "Deputy Foreign Minister Paruyr Hovhannisyan said talks would resume. The Black Sea coast."
    )
    found = find_mentions(text, actor_index(vocabulary))
    new = [m for m in found if m.form == "new"]
    assert [(m.text, m.actor, m.kind) for m in new] == [("Paruyr Hovhannisyan", None, "person")]


def test_states_stand_in_names_adjectives_and_capitals(vocabulary):
    found = find_mentions("Yerevan and the Azerbaijani side", actor_index(vocabulary))
    assert [(m.country, m.actor, m.form) for m in found] == [
        ("AM", 1, "capital"),
        ("AZ", None, "adjective"),
    ]


def test_mentions_are_grouped_by_actor_with_their_sentences(vocabulary):
    text = "Aliyev met Pashinyan. Later Ilham Aliyev left."
    sentences = split_sentences(text)
    actors = actor_mentions(find_mentions(text, actor_index(vocabulary)), sentences)
    aliyev = next(actor for actor in actors if actor.actor == 5)
    assert aliyev.name == "Aliyev"
    assert aliyev.canonical == "Ilham Aliyev"
    assert aliyev.spans == ((0, 21), (22, 46))


def test_the_index_is_built_once_per_vocabulary(vocabulary):
    assert actor_index(vocabulary) is actor_index(vocabulary)
