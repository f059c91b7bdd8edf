"""The stored text and the metadata: HTML via trafilatura, labelled lines, bad bytes."""

import datetime

import pytest

from articles.extraction.document import (
    BadInput,
    NoArticle,
    decode_article,
    from_html,
    from_text,
    headline,
)

PAGE = """<html><head><title>Armenia and Azerbaijan sign deal | Wire</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-06-12"></head>
<body><nav>Home | World | Sport</nav><article><h1>Armenia and Azerbaijan sign deal</h1>
<p>Armenia and Azerbaijan signed an agreement on June 10 that opens the border for trade until 2042,
officials in both capitals said.</p>
<p>Pashinyan said the deal would help both countries preserve their interests for many years.</p>
</article><footer>Copyright Wire 2023</footer></body></html>"""


def test_html_keeps_the_article_and_its_metadata():
    document = from_html(PAGE)
    assert "Home | World" not in document.text
    assert "opens the border" in document.text
    assert "\n\n" in document.text  # paragraphs stay apart for the sentence splitter
    assert (document.title, document.author, document.date_hint) == (
        "Armenia and Azerbaijan sign deal",
        "Jane Doe",
        datetime.date(2023, 6, 12),
    )


def test_html_without_an_article():
    with pytest.raises(NoArticle):
        from_html("<html><body><nav>Home | Login</nav></body></html>")


def test_labelled_lines_of_a_text():
    text = (
        "## **Talks Resume in Brussels**\n\n**Author:** [Ann Lee](#)\n\nPublisher Wire Service\n\n"
        "Body text of the article.\n\n**Source URL:** <https://example.com/a/talks>\n"
    )
    document = from_text(text)
    assert (document.title, document.author, document.source, document.url) == (
        "Talks Resume in Brussels",
        "Ann Lee",
        "Wire Service",
        "https://example.com/a/talks",
    )
    assert document.text == text  # spans index the text as given


def test_the_headline_skips_boilerplate_and_metadata():
    text = "Accessibility links\n\nBreaking News\n\nLast Updated: Monday, 1 May 2023\n\nArmenia Rejects Azerbaijan's Offer of Talks\n\nBody."
    assert headline(text) == "Armenia Rejects Azerbaijan's Offer of Talks"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("caf\u00e9".encode("latin-1") + b" au lait", "not UTF-8"),
        (b"x" * 101, "too big"),
    ],
)
def test_bad_bytes_say_why(data, reason):
    with pytest.raises(BadInput, match=reason):
        decode_article(data, max_bytes=100)


def test_good_bytes_decode_and_html_is_recognised():
    assert decode_article("Caf\u00e9 talks.\r\n".encode()) == ("Caf\u00e9 talks.\n", False)
    assert decode_article(b"<!DOCTYPE html><html></html>")[1] is True
