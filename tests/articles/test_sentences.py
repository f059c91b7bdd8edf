"""The sentence splitter and anchor lookup: pure, no database."""

from hypothesis import given
from hypothesis import strategies as st

from articles.extraction.sentences import sentence_span, split_sentences


def texts_of(text: str) -> list[str]:
    return [sentence.text for sentence in split_sentences(text)]


def test_sentences_carry_offsets_into_the_text():
    text = "  First one here. Second one follows!  Third?"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one here.", "Second one follows!", "Third?"]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_empty_and_blank_text_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = (
        "A U.S. delegation met Gen. Ivanov at Base No. 201 near the capital. "
        "V. Putin arrived later with Mr. Smith. The talks ended."
    )
    assert texts_of(text) == [
        "A U.S. delegation met Gen. Ivanov at Base No. 201 near the capital.",
        "V. Putin arrived later with Mr. Smith.",
        "The talks ended.",
    ]


def test_no_ends_a_sentence_when_no_number_follows():
    assert texts_of("The answer was no. Then they left.") == [
        "The answer was no.",
        "Then they left.",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = '"It is settled," he said. "We will stay." She agreed.'
    assert texts_of(text) == ['"It is settled," he said.', '"We will stay."', "She agreed."]


def test_curly_quotes_and_question_marks():
    text = "He asked, “Will they leave?” Nobody knew. “Never!” came the reply."
    assert texts_of(text) == [
        "He asked, “Will they leave?”",
        "Nobody knew.",
        "“Never!” came the reply.",
    ]


def test_a_lower_case_word_after_a_period_continues_the_sentence():
    text = "He earns a lot [over 200 dollars].. his family is fine. Next sentence."
    assert texts_of(text) == [
        "He earns a lot [over 200 dollars].. his family is fine.",
        "Next sentence.",
    ]


def test_an_ellipsis_before_a_capital_ends_a_sentence():
    assert texts_of("We were not sure... Then the news came.") == [
        "We were not sure...",
        "Then the news came.",
    ]


def test_decimal_numbers_do_not_split():
    assert texts_of("Growth was 3.5 percent in 2011. It slowed.") == [
        "Growth was 3.5 percent in 2011.",
        "It slowed.",
    ]


def test_headings_and_blank_lines_end_sentences():
    text = "## **A Headline Without A Period**\n\nBody text starts here. More body\n\nProtracted Talks\n\nNext part."
    assert texts_of(text) == [
        "## **A Headline Without A Period**",
        "Body text starts here.",
        "More body",
        "Protracted Talks",
        "Next part.",
    ]


def test_a_title_cased_line_ends_at_a_single_line_break():
    text = "Publisher Radio Free Europe\nPublication Date 27 February 2017\nThe story begins here."
    assert texts_of(text) == [
        "Publisher Radio Free Europe",
        "Publication Date 27 February 2017",
        "The story begins here.",
    ]


def test_hard_wrapped_prose_stays_one_sentence():
    text = (
        "The two presidents met in the resort\nand agreed on a scheme for the debt\nowed to Moscow."
    )
    assert texts_of(text) == [
        "The two presidents met in the resort\nand agreed on a scheme for the debt\nowed to Moscow."
    ]


def test_a_paragraph_broken_mid_sentence_is_rejoined():
    text = "I have offers promising wonders in return\n\nfor opening bases, he said. Next."
    assert texts_of(text) == [
        "I have offers promising wonders in return\n\nfor opening bases, he said.",
        "Next.",
    ]


def test_list_items_start_new_sentences():
    text = "Provisions agreed\n- land for a base\n- no interest on the debt"
    assert texts_of(text) == ["Provisions agreed", "- land for a base", "- no interest on the debt"]


def test_sentence_span_finds_the_sentence_holding_the_anchor():
    text = "First sentence. The debt is 300 million dollars, officials said. Last one."
    start, end = sentence_span(text, "300 million dollars")
    assert text[start:end] == "The debt is 300 million dollars, officials said."


def test_sentence_span_ignores_case_and_whitespace():
    text = "Intro.\nRussia says Tajikistan\n  owes some money. Outro."
    start, end = sentence_span(text, "  RUSSIA says   tajikistan owes ")
    assert text[start:end] == "Russia says Tajikistan\n  owes some money."


def test_sentence_span_treats_quote_and_dash_styles_alike():
    text = "He said it is “a symbolic sum” – nothing more. Then he left."
    start, end = sentence_span(text, 'is "a symbolic sum" - nothing')
    assert text[start:end] == "He said it is “a symbolic sum” – nothing more."


def test_sentence_span_covers_every_sentence_an_anchor_crosses():
    text = "One ends here. Two starts here. Three."
    start, end = sentence_span(text, "here. Two starts")
    assert text[start:end] == "One ends here. Two starts here."


def test_sentence_span_is_none_when_the_anchor_is_absent_or_blank():
    assert sentence_span("Some text here.", "not there") is None
    assert sentence_span("Some text here.", "   ") is None


def test_sentence_span_takes_the_first_occurrence():
    text = "Moscow agreed. Later Moscow agreed again."
    assert sentence_span(text, "Moscow agreed") == (0, 14)


@given(st.text(alphabet=st.sampled_from(list('ab .!?\n"”U.S#-')), max_size=80))
def test_sentences_are_ordered_trimmed_slices_of_the_text(text):
    previous_end = 0
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
