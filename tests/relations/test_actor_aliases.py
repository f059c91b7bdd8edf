"""Finding actors by any spelling of their name, case and accents aside."""

import pytest

from relations.models import Actor
from relations.selectors.actors import actor_alias_filter, actors_matching
from tests.factories import ActorAliasFactory, ActorFactory

pytestmark = pytest.mark.django_db


def _found(name: str) -> set[str]:
    return {actor.slug for actor in actors_matching(name)}


def test_every_spelling_of_the_tajik_president_finds_the_same_actor(demo_record):
    spellings = [
        "Rahmonov",
        "Rahmon",
        "RAHMON",
        "Rakhmon",
        "Emomali",
        "Imomali",
        "Émomali",
        "Imomali Rahmonov",
        "  imomali   RAHMONOV ",
        "Emomali Rahmon",
        "Imomali Rakhmon",
    ]
    found = {spelling: _found(spelling) for spelling in spellings}
    assert found == dict.fromkeys(spellings, {"emomali-rahmon"})


def test_other_demo_actors_are_found_under_their_own_spellings(demo_record):
    expected = {
        "Rahmon Ulmasov": "rahmon-ulmasov",
        "Sergey Ivanov": "sergei-ivanov",
        "Igor Ivanov": "igor-ivanov",
        "Nazarbaev": "nursultan-nazarbayev",
        "RAO EES Rossii": "rao-ues",
        "Sangtudin": "sangtuda-power-station",
        "Okno": "nurek-space-surveillance-centre",
        "201st Motorised Rifle Division": "201st-division",
        "201st motorized rifle division": "201st-division",
        "201st Motor Rifle Division": "201st-division",
        "201st Motorized Division": "201st-division",
        "Base No. 201": "201st-division",
    }
    found = {spelling: _found(spelling) for spelling in expected}
    assert found == {spelling: {slug} for spelling, slug in expected.items()}


def test_matching_finds_nothing_for_an_unknown_or_blank_name():
    ActorAliasFactory(name="Known Name")
    assert _found("Unknown Name") == set()
    assert _found("") == set()
    assert _found("   ") == set()


def test_matching_does_not_match_a_part_of_an_alias():
    ActorAliasFactory(name="Nursultan Nazarbayev")
    assert _found("Nursultan") == set()


def test_matching_reads_the_display_name_case_and_accents_aside():
    actor = ActorFactory(name="Zoë Exampleova")
    assert list(actors_matching("ZOE exampleova")) == [actor]


def test_matching_finds_both_the_alias_owner_and_a_namesake():
    namesake = ActorFactory(name="Moscow")
    owner = ActorAliasFactory(name="Moscow").actor
    assert set(actors_matching("moscow")) == {namesake, owner}


def test_filter_matches_a_substring_of_any_alias_case_and_accents_aside():
    president = ActorAliasFactory(name="Imomali Rahmonov").actor
    ActorAliasFactory(actor=president, name="Emomali Rahmon")
    scientist = ActorAliasFactory(name="Rahmon Ulmasov").actor
    ActorAliasFactory(name="Vladimir Putin")
    found = set(actor_alias_filter(Actor.objects.all(), "RAHM"))
    assert found == {president, scientist}
    assert set(actor_alias_filter(Actor.objects.all(), "émomali")) == {president}


def test_filter_forgives_a_misspelling_through_trigram_similarity():
    president = ActorAliasFactory(name="Rahmonov").actor
    ActorAliasFactory(name="Putin")
    assert list(actor_alias_filter(Actor.objects.all(), "Rakhmonov")) == [president]


def test_filter_matches_the_display_name_too():
    actor = ActorFactory(name="Sangtuda hydroelectric power station")
    ActorFactory(name="Kant air base")
    assert list(actor_alias_filter(Actor.objects.all(), "sangtuda")) == [actor]


def test_filter_treats_like_wildcards_literally():
    ActorAliasFactory(name="Plain Name")
    percent = ActorAliasFactory(name="100% Owned Company").actor
    assert list(actor_alias_filter(Actor.objects.all(), "%")) == [percent]
    assert list(actor_alias_filter(Actor.objects.all(), "_")) == []


def test_filter_keeps_the_queryset_it_is_given_and_a_blank_query_filters_nothing():
    person = ActorAliasFactory(name="Rahmonov", actor__kind=Actor.Kind.PERSON).actor
    ActorAliasFactory(name="Rahmonov Street", actor__kind=Actor.Kind.FACILITY)
    people = Actor.objects.filter(kind=Actor.Kind.PERSON)
    assert list(actor_alias_filter(people, "rahmonov")) == [person]
    assert actor_alias_filter(people, "  ") is people


def test_filter_returns_each_actor_once_in_one_query(django_assert_max_num_queries):
    actor = ActorAliasFactory(name="Rahmonov").actor
    ActorAliasFactory(actor=actor, name="Rahmon")
    ActorAliasFactory(actor=actor, name="Rakhmon")
    with django_assert_max_num_queries(1):
        found = list(actor_alias_filter(Actor.objects.all(), "rahm"))
    assert found == [actor]
