"""The audit trail: every change is kept with who made it, when and through which door, and
curators read it in the admin and at GET /api/history."""

import datetime
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from relations.models import Actor, Agreement, EventCategory
from tests.api.conftest import _token_for, get_json
from tests.factories import ActorFactory, AgreementFactory
from tests.relations.admin.conftest import actor_post_data

pytestmark = pytest.mark.django_db


def metadata(event) -> dict:
    return event.pgh_context.metadata if event.pgh_context else {}


@pytest.fixture
def staff_headers(django_user_model):
    """A token of a staff user, who may read the history without any permission."""
    user = django_user_model.objects.create_user(username="editor", is_staff=True)
    return _token_for(user)


def history(client, headers, **query) -> dict:
    query_string = "&".join(f"{name}={value}" for name, value in query.items())
    return get_json(client, f"/api/history?{query_string}", **headers)


def test_an_admin_change_keeps_its_user_time_and_the_admin_door(admin_client, admin_user):
    before = timezone.now()
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "Igor Ivanow")
    )

    assert response.status_code == 302
    actor = Actor.objects.get(slug="igor-ivanov")
    (event,) = actor.history.all()
    assert event.pgh_label == "insert" and event.name == "Igor Ivanov"
    assert metadata(event)["user"] == admin_user.pk
    assert metadata(event)["door"] == "admin"
    assert event.pgh_created_at >= before - datetime.timedelta(seconds=1)
    (alias,) = actor.aliases.get(name="Igor Ivanow").history.all()
    assert metadata(alias) == metadata(event)


def test_an_api_write_keeps_the_tokens_user_and_the_api_door(api, curator_headers, staff_headers):
    agreement = AgreementFactory(title="Border protocol")
    # The seeded tables' own history (migrations fill in cue words) comes before this test.
    since = quote(timezone.now().isoformat())

    response = api.patch(
        f"/api/agreements/{agreement.pk}",
        json.dumps({"title": "Border treaty"}),
        content_type="application/json",
        headers=curator_headers,
    )

    assert response.status_code == 200, response.content
    update = agreement.history.get(pgh_label="update")
    assert metadata(update)["door"] == "api"
    body = history(api, staff_headers, since=since)
    (item,) = [
        i for i in body["items"] if i["model"] == "relations.agreement" and i["action"] == "update"
    ]
    assert item == {
        "id": f"relations.AgreementHistory:{update.pgh_id}",
        "model": "relations.agreement",
        "object_id": agreement.pk,
        "label": "Border treaty",
        "exists": True,
        "action": "update",
        "changes": {"title": {"old": "Border protocol", "new": "Border treaty"}},
        "user": "curator",
        "at": item["at"],
        "door": "api",
    }
    assert datetime.datetime.fromisoformat(item["at"]) == update.pgh_created_at


def test_the_demo_loader_writes_through_the_loader_door(db):
    call_command("load_demo", verbosity=0)

    agreement = Agreement.objects.order_by("pk").first()
    (event,) = agreement.history.all()
    assert event.pgh_label == "insert"
    assert metadata(event)["door"] == "loader"
    assert metadata(event).get("user") is None


def test_links_and_deletions_are_kept(api, staff_headers):
    agreement = AgreementFactory()
    russia = ActorFactory(name="Russia")
    agreement.parties.add(russia)
    agreement.parties.remove(russia)
    agreement_id = agreement.pk
    agreement.delete()

    items = history(api, staff_headers, limit=500)["items"]

    told = [
        (i["action"], i["changes"].get("parties"), i["exists"])
        for i in items
        if i["model"] == "relations.agreement" and i["object_id"] == agreement_id
    ]
    assert told == [
        ("insert", None, False),
        ("add", {"old": None, "new": russia.pk}, False),
        ("remove", {"old": russia.pk, "new": None}, False),
        ("delete", None, False),
    ]


def test_the_history_lists_changes_since_a_time(api, staff_headers):
    old = AgreementFactory(title="Old deal")
    AgreementFactory(title="New deal")
    old.history.update(pgh_created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    body = history(api, staff_headers, since="2021-01-01T00:00:00Z", limit=500)

    labels = {item["label"] for item in body["items"] if item["model"] == "relations.agreement"}
    assert labels == {"New deal"}
    assert body["count"] == len(body["items"])
    everything = history(api, staff_headers, since="2019-01-01", limit=500)["items"]
    assert "Old deal" in {item["label"] for item in everything}


def test_the_history_is_for_curators_with_a_token(api, reader_headers, django_user_model):
    assert api.get("/api/history").status_code == 401
    refused = api.get("/api/history", headers=reader_headers)
    assert refused.status_code == 403
    assert "pghistory.view_events" in refused.json()["detail"]
    permitted = django_user_model.objects.create_user(username="auditor")
    assert (
        api.get("/api/history", headers=_token_for(permitted, "pghistory.view_events")).status_code
        == 200
    )


def test_the_history_exports_csv(api, staff_headers):
    AgreementFactory(title="Border protocol")

    response = api.get("/api/history?format=csv", headers=staff_headers)

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0] == "id,model,object_id,label,action,changes,user,at,door"
    assert "title: None -> Border protocol" in text


def test_the_admin_shows_an_objects_history(admin_client):
    agreement = AgreementFactory(title="Border protocol")
    agreement.title = "Border treaty"
    agreement.save()
    obj = f"relations.Agreement:{agreement.pk}"

    change_form = admin_client.get(reverse("admin:relations_agreement_change", args=[agreement.pk]))
    events_url = reverse("admin:pghistory_events_changelist")
    own_url = reverse("admin:relations_agreementhistory_changelist")
    pages = [
        admin_client.get(events_url, {"method": "tracks", "obj": obj}),
        admin_client.get(own_url, {"obj": obj}),
    ]

    assert change_form.status_code == 200
    assert events_url in change_form.content.decode()
    assert own_url in change_form.content.decode()
    for page in pages:
        assert page.status_code == 200
        assert "Border protocol" in page.content.decode()
        assert "Border treaty" in page.content.decode()


def test_rows_older_than_the_history_have_a_baseline_to_diff_against(api, staff_headers):
    category = EventCategory.objects.get(code="057")
    old_name = category.name
    assert category.history.order_by("pgh_id").first().pgh_label == "baseline"
    since = quote(timezone.now().isoformat())
    EventCategory.objects.filter(pk=category.pk).update(name="Sign a formal agreement")

    items = history(api, staff_headers, since=since, limit=500)["items"]

    (update,) = [
        i for i in items if i["model"] == "relations.eventcategory" and i["action"] == "update"
    ]
    assert update["changes"] == {"name": {"old": old_name, "new": "Sign a formal agreement"}}
