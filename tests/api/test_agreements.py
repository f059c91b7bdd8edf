"""GET /api/agreements and /api/agreements/{id}: every filter, ordering, page edge and shape."""

import datetime

import pytest

from relations.models import Agreement
from tests import factories
from tests.api.conftest import get_csv, get_json, ids

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def rahmon():
    return factories.ActorFactory(
        name="Emomali Rahmon",
        slug="emomali-rahmon",
        country=factories.CountryFactory(code="TJ", name="Tajikistan"),
        aliases=("Rahmonov", "Emomali", "Imomali Rahmonov", "Rahmón"),
    )


def test_list_answers_count_and_items_with_parties_and_citations(api, pair, rahmon):
    agreement = factories.AgreementFactory(relationship=pair, title="Base lease")
    agreement.parties.add(rahmon)
    article = factories.ArticleFactory(
        title="Deal signed", source=factories.SourceFactory(name="RFE/RL")
    )
    factories.CitationFactory(agreement=agreement, article=article, note="Signed in Dushanbe.")

    body = get_json(api, "/api/agreements")

    assert body["count"] == 1
    item = body["items"][0]
    assert item["title"] == "Base lease"
    assert item["relationship"] == "ru-tj"
    assert item["parties"] == [
        {"id": rahmon.pk, "slug": "emomali-rahmon", "name": "Emomali Rahmon", "kind": "person"}
    ]
    assert item["citations"][0]["article_title"] == "Deal signed"
    assert item["citations"][0]["source"] == "RFE/RL"
    assert item["citations"][0]["published_on"] == "2012-04-17"
    assert item["citations"][0]["published_on_precision"] == "day"
    assert item["signed_on"] == "2004-06-04"
    assert item["created"] and item["updated"]


def test_filter_by_relationship_slug(api, pair):
    other = factories.RelationshipFactory(
        slug="kz-tj",
        country_a=factories.CountryFactory(code="KZ", name="Kazakhstan"),
        country_b=factories.CountryFactory(code="TJ", name="Tajikistan"),
    )
    mine = factories.AgreementFactory(relationship=pair)
    factories.AgreementFactory(relationship=other)

    assert ids(get_json(api, "/api/agreements?relationship=ru-tj")) == [mine.pk]
    # A slug naming nothing is a 422 naming the filter, not an empty page (issue 11).
    assert get_json(api, "/api/agreements?relationship=nowhere", status=422)["detail"][0][
        "loc"
    ] == [
        "query",
        "relationship",
    ]


@pytest.mark.parametrize("party", ["Rahmonov", "emomali", "RAHMON", "rahmon", "imomali rahmonov"])
def test_filter_by_party_alias_ignores_case_and_accents(api, pair, rahmon, party):
    signed = factories.AgreementFactory(relationship=pair)
    signed.parties.add(rahmon)
    factories.AgreementFactory(relationship=pair)

    assert ids(get_json(api, f"/api/agreements?party={party}")) == [signed.pk]


def test_filter_by_party_id_slug_and_country_code(api, pair, rahmon):
    russia = factories.ActorFactory(
        name="Russia", slug="russia", kind="country", country=pair.country_a
    )
    tajik = factories.AgreementFactory(relationship=pair)
    tajik.parties.add(rahmon)
    russian = factories.AgreementFactory(relationship=pair)
    russian.parties.add(russia)

    assert ids(get_json(api, f"/api/agreements?party={rahmon.pk}")) == [tajik.pk]
    assert ids(get_json(api, "/api/agreements?party=russia")) == [russian.pk]
    assert ids(get_json(api, "/api/agreements?party=TJ")) == [tajik.pk]
    assert ids(get_json(api, "/api/agreements?party=ru")) == [russian.pk]
    assert get_json(api, "/api/agreements?party=Nobody", status=422)["detail"][0]["loc"] == [
        "query",
        "party",
    ]


def test_party_matching_several_actors_lists_each_agreement_once(api, pair, rahmon):
    minister = factories.ActorFactory(name="Tajik minister", country=rahmon.country)
    both = factories.AgreementFactory(relationship=pair)
    both.parties.add(rahmon, minister)

    assert get_json(api, "/api/agreements?party=TJ")["count"] == 1


def test_filter_by_status_and_kind(api, pair):
    lease = factories.AgreementFactory(relationship=pair, kind="lease", status="in_force")
    factories.AgreementFactory(relationship=pair, kind="treaty", status="lapsed")

    assert ids(get_json(api, "/api/agreements?status=in_force")) == [lease.pk]
    assert ids(get_json(api, "/api/agreements?kind=lease")) == [lease.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=ratified", "status"),
        ("kind=pact", "kind"),
        ("ordering=price", "ordering"),
        ("ordering=-party", "ordering"),
        ("in_force_on=2020-13-01", "in_force_on"),
        ("signed_from=yesterday", "signed_from"),
        ("expires_to=2020-02-30", "expires_to"),
        ("updated_since=soon", "updated_since"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=100000", "limit"),
        ("limit=ten", "limit"),
        ("offset=-1", "offset"),
        ("format=xml", "format"),
        ("q=", "q"),
        ("party=%00", "party"),
    ],
)
def test_bad_parameters_answer_422_naming_the_parameter(api, query, field):
    body = get_json(api, f"/api/agreements?{query}", status=422)

    assert [error["loc"] for error in body["detail"]] == [["query", field]]
    assert all(error["msg"] and error["type"] for error in body["detail"])


def test_several_bad_parameters_are_all_named(api):
    body = get_json(api, "/api/agreements?limit=501&status=nope&signed_to=x", status=422)

    assert sorted(error["loc"][1] for error in body["detail"]) == ["limit", "signed_to", "status"]


def test_in_force_on_applies_start_expiry_precision_supersession_and_status(api, pair):
    def agreement(**fields):
        return factories.AgreementFactory(relationship=pair, **fields)

    running = agreement(signed_on=D(2000, 1, 1), expires_on=D(2030, 1, 1))
    open_ended = agreement(signed_on=D(2019, 12, 31), expires_on=None)
    expired = agreement(signed_on=D(2000, 1, 1), expires_on=D(2019, 12, 31))
    to_year_end = agreement(
        signed_on=D(2000, 1, 1), expires_on=D(2020, 1, 1), expires_on_precision="year"
    )
    agreement(signed_on=D(2020, 1, 2))  # not yet signed
    agreement(signed_on=D(2019, 1, 1), status="proposed")
    agreement(signed_on=D(2019, 1, 1), effective_on=D(2021, 1, 1))  # signed, not yet in force
    replaced = agreement(signed_on=D(2000, 1, 1))
    agreement(signed_on=D(2010, 1, 1), supersedes=replaced, status="in_force")
    agreement(signed_on=None)  # undated: never known to be in force

    body = get_json(api, "/api/agreements?in_force_on=2020-01-01")
    in_force = set(ids(body))

    assert running.pk in in_force
    assert open_ended.pk in in_force
    assert to_year_end.pk in in_force  # "expires in 2020" runs to the end of 2020
    assert expired.pk not in in_force
    assert replaced.pk not in in_force
    assert len(in_force) == 4  # the superseding agreement itself
    assert ids(get_json(api, "/api/agreements?in_force_on=2021-06-01")).count(to_year_end.pk) == 0


def test_superseded_agreement_is_in_force_before_its_successor_starts(api, pair):
    old = factories.AgreementFactory(relationship=pair, signed_on=D(2000, 1, 1))
    factories.AgreementFactory(relationship=pair, signed_on=D(2010, 1, 1), supersedes=old)

    assert old.pk in ids(get_json(api, "/api/agreements?in_force_on=2005-01-01"))
    assert old.pk not in ids(get_json(api, "/api/agreements?in_force_on=2011-01-01"))


def test_signed_and_expiry_date_ranges_are_inclusive(api, pair):
    early = factories.AgreementFactory(
        relationship=pair, signed_on=D(2004, 6, 4), expires_on=D(2014, 1, 1)
    )
    late = factories.AgreementFactory(
        relationship=pair, signed_on=D(2012, 10, 5), expires_on=D(2042, 1, 1)
    )

    assert ids(get_json(api, "/api/agreements?signed_from=2012-10-05")) == [late.pk]
    assert ids(get_json(api, "/api/agreements?signed_to=2004-06-04")) == [early.pk]
    assert ids(get_json(api, "/api/agreements?signed_from=2004-06-05&signed_to=2012-10-04")) == []
    assert ids(get_json(api, "/api/agreements?expires_from=2042-01-01")) == [late.pk]
    assert ids(get_json(api, "/api/agreements?expires_to=2020-01-01")) == [early.pk]


def test_full_text_search_covers_title_summary_and_provisions(api, pair):
    by_title = factories.AgreementFactory(relationship=pair, title="Border protection accord")
    by_summary = factories.AgreementFactory(
        relationship=pair, summary="Troops guard the frontier borders."
    )
    by_provision = factories.AgreementFactory(
        relationship=pair, provisions=["Russia leases the airfield."]
    )
    factories.AgreementFactory(relationship=pair, title="Debt settlement")

    assert set(ids(get_json(api, "/api/agreements?q=border"))) == {by_title.pk, by_summary.pk}
    assert ids(get_json(api, "/api/agreements?q=airfields")) == [by_provision.pk]
    assert ids(get_json(api, "/api/agreements?q=border%20-accord")) == [by_summary.pk]


def test_full_text_search_ignores_accents(api, pair):
    accented = factories.AgreementFactory(relationship=pair, title="Accord de Douchanbé")
    plain = factories.AgreementFactory(relationship=pair, provisions=["A pipeline to Douchanbe."])

    assert set(ids(get_json(api, "/api/agreements?q=douchanbe"))) == {accented.pk, plain.pk}
    assert set(ids(get_json(api, "/api/agreements?q=DOUCHANBÉ"))) == {accented.pk, plain.pk}


def test_updated_since_keeps_rows_changed_at_or_after_it(api, pair):
    old = factories.AgreementFactory(relationship=pair)
    new = factories.AgreementFactory(relationship=pair)
    Agreement.objects.filter(pk=old.pk).update(
        updated=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    Agreement.objects.filter(pk=new.pk).update(
        updated=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )

    assert ids(get_json(api, "/api/agreements?updated_since=2024-01-01T00:00:00Z")) == [new.pk]
    assert ids(get_json(api, "/api/agreements?updated_since=2023-12-31")) == [new.pk]
    assert get_json(api, "/api/agreements?updated_since=2019-01-01T00:00:00")["count"] == 2


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("signed_on", ["b", "c", "a", "d"]),
        ("-signed_on", ["a", "b", "c", "d"]),
        ("expires_on", ["a", "b", "c", "d"]),
        ("-expires_on", ["c", "b", "a", "d"]),
        ("title", ["a", "b", "c", "d"]),
        ("-title", ["d", "c", "b", "a"]),
    ],
)
def test_ordering_puts_unknown_dates_last_and_breaks_ties_by_id(api, pair, ordering, expected):
    factories.AgreementFactory(
        relationship=pair, title="a", signed_on=D(2012, 1, 1), expires_on=D(2013, 1, 1)
    )
    factories.AgreementFactory(
        relationship=pair, title="b", signed_on=D(2004, 1, 1), expires_on=D(2020, 1, 1)
    )
    factories.AgreementFactory(
        relationship=pair, title="c", signed_on=D(2004, 1, 1), expires_on=D(2042, 1, 1)
    )
    factories.AgreementFactory(relationship=pair, title="d", signed_on=None, expires_on=None)

    body = get_json(api, f"/api/agreements?ordering={ordering}")

    assert [item["title"] for item in body["items"]] == expected


def test_pages_are_stable_and_offset_past_the_end_is_empty(api, pair):
    created = [
        factories.AgreementFactory(relationship=pair, signed_on=D(2004, 1, 1)) for _ in range(7)
    ]

    first = get_json(api, "/api/agreements?limit=3")
    second = get_json(api, "/api/agreements?limit=3&offset=3")
    last = get_json(api, "/api/agreements?limit=3&offset=6")
    beyond = get_json(api, "/api/agreements?limit=3&offset=70")

    assert ids(first) + ids(second) + ids(last) == [agreement.pk for agreement in created]
    assert [page["count"] for page in (first, second, last, beyond)] == [7, 7, 7, 7]
    assert beyond["items"] == []


def test_default_page_is_fifty_and_limit_500_is_allowed(api, pair):
    Agreement.objects.bulk_create(
        Agreement(
            relationship=pair, title=f"A{n}", slug=f"a-{n}", kind="agreement", status="signed"
        )
        for n in range(60)
    )

    assert len(get_json(api, "/api/agreements")["items"]) == 50
    body = get_json(api, "/api/agreements?limit=500")
    assert len(body["items"]) == body["count"] == 60


def _signed_agreements(pair, count: int, *, parties) -> list[Agreement]:
    """`count` signed agreements in one bulk insert, each with every one of `parties`."""
    agreements = Agreement.objects.bulk_create(
        Agreement(
            relationship=pair, title=f"A{n}", slug=f"a-{n}", kind="agreement", status="signed"
        )
        for n in range(count)
    )
    Agreement.parties.through.objects.bulk_create(
        Agreement.parties.through(agreement_id=agreement.pk, actor_id=actor.pk)
        for agreement in agreements
        for actor in parties
    )
    return agreements


def test_list_of_500_agreements_takes_a_constant_number_of_queries(
    api, pair, rahmon, django_assert_max_num_queries
):
    russia = factories.ActorFactory(name="Russia", kind="country")
    article = factories.ArticleFactory()
    agreements = _signed_agreements(pair, 500, parties=(rahmon, russia))
    from relations.models import Citation

    Citation.objects.bulk_create(
        Citation(agreement=agreement, article=article, note="n") for agreement in agreements
    )

    # record version, Last-Modified, the page, parties, citations (and COUNT when paged)
    with django_assert_max_num_queries(6):
        body = get_json(api, "/api/agreements?limit=500&party=TJ&q=A1")
    with django_assert_max_num_queries(6):
        body = get_json(api, "/api/agreements?limit=500")
    assert len(body["items"]) == 500
    assert all(len(item["parties"]) == 2 and len(item["citations"]) == 1 for item in body["items"])
    with django_assert_max_num_queries(7):
        get_json(api, "/api/agreements?limit=100&offset=100")


def test_detail_gives_dates_with_precision_lineage_both_ways_and_quotes(api, pair):
    original = factories.AgreementFactory(
        relationship=pair,
        title="1993 base deal",
        signed_on=D(1993, 1, 1),
        signed_on_precision="year",
        expires_on=D(2014, 1, 1),
        expires_on_precision="year",
    )
    extension = factories.AgreementFactory(
        relationship=pair,
        title="2012 extension",
        signed_on=D(2012, 10, 5),
        expires_on=D(2042, 1, 1),
        expires_on_precision="year",
        extends=original,
        provisions=["Base stays to 2042.", "Symbolic rent."],
    )
    successor = factories.AgreementFactory(
        relationship=pair, title="Successor", supersedes=extension
    )
    text = "Intro. The base stays until 2042. Outro."
    article = factories.ArticleFactory(text=text, url="https://news.example/base")
    start = text.index("The base")
    factories.CitationFactory(
        agreement=extension, article=article, span_start=start, span_end=text.index(" Outro")
    )
    factories.CitationFactory(
        agreement=extension, article=factories.ArticleFactory(), quote="", note="No text held."
    )

    body = get_json(api, f"/api/agreements/{extension.pk}")

    assert body["signed_on"] == "2012-10-05" and body["signed_on_precision"] == "day"
    assert body["expires_on"] == "2042-01-01" and body["expires_on_precision"] == "year"
    assert body["provisions"] == ["Base stays to 2042.", "Symbolic rent."]
    assert body["extends"]["id"] == original.pk
    assert body["extends"]["signed_on_precision"] == "year"
    assert body["extensions"] == []
    assert body["supersedes"] is None
    assert [ref["id"] for ref in body["superseded_by"]] == [successor.pk]
    quotes = [citation["quote"] for citation in body["citations"]]
    assert "The base stays until 2042." in quotes
    assert "" in quotes
    assert body["citations"][0]["url"] in ("https://news.example/base", body["citations"][0]["url"])
    assert "text" not in body["citations"][0]

    assert get_json(api, f"/api/agreements/{original.pk}")["extensions"][0]["id"] == extension.pk


@pytest.mark.parametrize("agreement_id", ["999999", "9223372036854775807"])
def test_unknown_agreement_is_404(api, agreement_id):
    assert get_json(api, f"/api/agreements/{agreement_id}", status=404) == {"detail": "Not Found"}


@pytest.mark.parametrize("agreement_id", ["0", "x", "99999999999999999999"])
def test_malformed_agreement_id_is_422(api, agreement_id):
    body = get_json(api, f"/api/agreements/{agreement_id}", status=422)

    assert body["detail"][0]["loc"] == ["path", "agreement_id"]


def test_detail_query_count_is_constant(api, pair, django_assert_max_num_queries):
    agreement = factories.AgreementFactory(relationship=pair)
    for _ in range(5):
        factories.CitationFactory(agreement=agreement)
        factories.AgreementFactory(relationship=pair, extends=agreement)

    with django_assert_max_num_queries(7):
        get_json(api, f"/api/agreements/{agreement.pk}")


def test_csv_has_a_header_and_the_rows_of_the_json_with_iso_dates(api, pair, rahmon):
    first = factories.AgreementFactory(
        relationship=pair,
        title="Lease, with comma",
        signed_on=D(2012, 10, 5),
        expires_on=D(2042, 1, 1),
        expires_on_precision="year",
        provisions=["One", "Two"],
    )
    first.parties.add(rahmon)
    factories.CitationFactory(agreement=first)
    factories.AgreementFactory(
        relationship=pair, title="Other", signed_on=D(2004, 6, 4), kind="treaty"
    )

    body = get_json(api, "/api/agreements")
    _, rows = get_csv(api, "/api/agreements?format=csv")
    header, *data = rows

    assert header[:3] == ["id", "slug", "title"]
    assert {"signed_on", "signed_on_precision", "parties", "created", "updated"} <= set(header)
    assert [int(row[0]) for row in data] == ids(body)
    row = dict(zip(header, data[1], strict=True))
    assert row["title"] == "Lease, with comma"
    assert row["signed_on"] == "2012-10-05"
    assert row["expires_on"] == "2042-01-01" and row["expires_on_precision"] == "year"
    assert row["parties"] == "Emomali Rahmon"
    assert row["provisions"] == "One; Two"
    assert (
        datetime.datetime.fromisoformat(row["updated"]).isoformat() == body["items"][1]["updated"]
    )


def test_csv_applies_filters_and_accept_header_selects_it(api, pair):
    lease = factories.AgreementFactory(relationship=pair, kind="lease")
    factories.AgreementFactory(relationship=pair, kind="treaty")

    _, by_parameter = get_csv(api, "/api/agreements?kind=lease&format=csv")
    _, by_header = get_csv(api, "/api/agreements?kind=lease", Accept="text/csv")

    assert by_parameter == by_header
    assert [row[0] for row in by_header[1:]] == [str(lease.pk)]
    assert api.get("/api/agreements", headers={"Accept": "application/json"})[
        "Content-Type"
    ].startswith("application/json")


def test_csv_holds_every_row_unless_a_limit_is_given(api, pair):
    Agreement.objects.bulk_create(
        Agreement(
            relationship=pair, title=f"A{n}", slug=f"a-{n}", kind="agreement", status="signed"
        )
        for n in range(120)
    )

    _, everything = get_csv(api, "/api/agreements?format=csv")
    _, paged = get_csv(api, "/api/agreements?format=csv&limit=10&offset=115")

    assert len(everything) == 121
    assert len(paged) == 1 + 5


def test_csv_of_500_agreements_takes_a_constant_number_of_queries(
    api, pair, rahmon, django_assert_max_num_queries
):
    _signed_agreements(pair, 500, parties=(rahmon,))

    with django_assert_max_num_queries(6):
        _, rows = get_csv(api, "/api/agreements?format=csv")
    assert len(rows) == 501
