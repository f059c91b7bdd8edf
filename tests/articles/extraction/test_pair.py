"""The pair an article is about, even where a third state is named often."""

from articles.extraction.actors import actor_index, find_mentions
from articles.extraction.pair import relationship_pair
from articles.extraction.sentences import split_sentences


def _pair(text, vocabulary, title=""):
    index = actor_index(vocabulary)
    title_codes = {m.country for m in find_mentions(title, index) if m.country}
    return relationship_pair(
        find_mentions(text, index),
        split_sentences(text),
        title_codes=title_codes,
        known_pairs=vocabulary.relationships,
    )


def test_the_pair_named_together_beats_a_state_named_often(vocabulary):
    text = (
        "Russia hosted the talks. Russia offered mediation. Russia, Russia and Russia again. "
        "Armenia and Azerbaijan agreed to meet. Pashinyan said Aliyev was ready."
        " Yerevan accused Baku."
    )
    assert _pair(text, vocabulary) == ("AM", "AZ")


def test_the_title_counts(vocabulary):
    text = "Russia said Armenia would sign. Azerbaijan and Russia disagreed."
    assert _pair(text, vocabulary, title="Armenia and Azerbaijan sign a deal") == ("AM", "AZ")


def test_one_state_only(vocabulary):
    assert _pair("Armenia held elections.", vocabulary) == ("AM",)
