"""The article's language."""

from articles.extraction.language import detect_language

ENGLISH = (
    "Armenia and Azerbaijan signed an agreement on Monday that opens the border for trade, "
    "officials in both capitals said. It is the first such deal since the war, and it was "
    "welcomed by the European Union and by Russia, which has troops in the region."
)


def test_english_prose():
    assert detect_language(ENGLISH) == "en"


def test_other_languages_are_told_apart():
    french = (
        "Le président arménien a rencontré son homologue azerbaïdjanais à Bruxelles pour "
        "discuter de la frontière et des prisonniers, a indiqué le Conseil européen dans un communiqué."
    )
    russian = "Президент России Владимир Путин встретился с президентом Армении в Москве и обсудил вопросы безопасности."
    assert detect_language(french) == "fr"
    assert detect_language(russian) == "ru"


def test_no_words_no_language():
    assert detect_language("12345 --- !!!") == ""
