"""History with old and new values, undo and restore: in the admin, the service and the command."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pghistory.models import Events

from api.audit import COMMAND_DOOR
from relations.models import Citation, Country, Event, EventCategory
from relations.services import rollup
from relations.services.revert import RevertError, changes_revert
from tests import factories
from tests.relations.admin.conftest import change_post_data


def post_data(record, **overrides) -> dict:
    """The event's change form as a browser posts it, its actors and spans unchanged."""
    event = record["event"]
    spans = {"citations-0-span_start": "33", "citations-0-span_end": "55"}
    return change_post_data(event, actors=[record["actor"].pk], **spans, **overrides)


def changes_of(model, pk, label=None) -> list[Events]:
    events = Events.objects.filter(pgh_obj_model=model._meta.label, pgh_obj_id=str(pk))
    if label:
        events = events.filter(pgh_label=label)
    return list(events.order_by("pgh_created_at", "pgh_id"))


def test_history_shows_old_and_new_values_who_and_the_door(admin_client, admin_user, record):
    event = record["event"]
    old_title = event.title
    url = reverse("admin:relations_event_change", args=[event.pk])
    response = admin_client.post(url, post_data(record, title="Summit in Dushanbe"))
    assert response.status_code == 302

    page = admin_client.get(reverse("admin:relations_event_history", args=[event.pk]))
    assert page.status_code == 200
    entry = next(
        e
        for e in page.context["entries"]
        if (e["model"], e["action"]) == ("relations.event", "update")
    )
    assert entry["changes"]["title"] == {"old": old_title, "new": "Summit in Dushanbe"}
    assert (entry["user"], entry["door"]) == (admin_user.username, "admin")
    html = page.content.decode()
    assert f"<del>{old_title}</del> → <ins>Summit in Dushanbe</ins>" in html
    # The event's own citations and actor links belong to its history.
    assert {"relations.citation", "relations.event"} <= {
        e["model"] for e in page.context["entries"]
    }


def test_one_click_undoes_a_change_and_the_undo_is_in_history(admin_client, record):
    event = record["event"]
    old_title = event.title
    admin_client.post(
        reverse("admin:relations_event_change", args=[event.pk]),
        post_data(record, title="Summit in Dushanbe"),
    )
    update = changes_of(Event, event.pk, "update")[-1]
    history_url = reverse("admin:relations_event_history", args=[event.pk])
    response = admin_client.post(
        reverse("admin:relations_event_revert"),
        {"change": f"relations.EventHistory:{update.pgh_id}", "next": history_url},
    )
    assert response.status_code == 302
    assert response["Location"] == history_url
    event.refresh_from_db()
    assert event.title == old_title
    undo = changes_of(Event, event.pk, "update")[-1]
    assert undo.pgh_context["door"] == "admin"
    assert undo.pgh_context["reverts"] == [f"relations.EventHistory:{update.pgh_id}"]


def test_a_deleted_event_is_restored_with_its_citations_and_actors(admin_client, record):
    event = record["event"]
    citation = event.citations.get()
    delete_url = reverse("admin:relations_event_delete", args=[event.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()

    deleted = admin_client.get(reverse("admin:relations_event_deleted"))
    assert deleted.status_code == 200
    (entry,) = deleted.context["entries"]
    assert entry["object_id"] == event.pk and entry["action"] == "delete"

    response = admin_client.post(reverse("admin:relations_event_revert"), {"change": entry["id"]})
    assert response.status_code == 302
    restored = Event.objects.get(pk=event.pk)
    assert restored.title == event.title
    assert list(restored.actors.all()) == [record["actor"]]
    restored_citation = Citation.objects.get(pk=citation.pk)
    assert (restored_citation.event_id, restored_citation.span_start) == (event.pk, 33)
    assert admin_client.get(reverse("admin:relations_event_deleted")).context["entries"] == []


def test_the_changelist_links_to_the_deleted_rows(admin_client, record):
    page = admin_client.get(reverse("admin:relations_event_changelist"))
    assert reverse("admin:relations_event_deleted") in page.content.decode()


def test_a_change_changed_again_since_is_not_undone_silently(record):
    event = record["event"]
    for title in ("First", "Second"):
        event.title = title
        event.save()
    first = changes_of(Event, event.pk, "update")[0]
    with pytest.raises(RevertError, match=r"EventHistory:\d+: title has changed since"):
        changes_revert(change_ids=[f"relations.EventHistory:{first.pgh_id}"])
    # Both together are undone newest first.
    second = changes_of(Event, event.pk, "update")[1]
    changes_revert(
        change_ids=[
            f"relations.EventHistory:{first.pgh_id}",
            f"relations.EventHistory:{second.pgh_id}",
        ]
    )
    event.refresh_from_db()
    assert event.title == record["event"].title


def test_undoing_an_addition_removes_the_row(record):
    agreement = factories.AgreementFactory(relationship=record["relationship"], title="Stray")
    insert = changes_of(type(agreement), agreement.pk, "insert")[0]
    (done,) = changes_revert(change_ids=[f"relations.AgreementHistory:{insert.pgh_id}"])
    assert "removed" in done.description
    assert not type(agreement).objects.filter(pk=agreement.pk).exists()


def test_undoing_a_category_weight_recomputes_every_temperature(
    record, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    monkeypatch.setattr(rollup, "temperature_recompute_all", lambda: calls.append("all"))
    category = EventCategory.objects.get(code="057")
    category.default_score = 5
    category.save()
    update = changes_of(EventCategory, category.pk, "update")[-1]
    with django_capture_on_commit_callbacks(execute=True):
        changes_revert(change_ids=[f"relations.EventCategoryHistory:{update.pgh_id}"])
    category.refresh_from_db()
    assert category.default_score == 8
    assert calls == ["all"]


def test_the_command_undoes_a_list_in_one_transaction_and_names_a_bad_id(record, capsys):
    event = record["event"]
    event.title = "Changed by a script"
    event.save()
    update = changes_of(Event, event.pk, "update")[-1]
    good = f"relations.EventHistory:{update.pgh_id}"
    for bad, message in [
        ("relations.EventHistory:999999", "relations.EventHistory:999999: no such change"),
        ("nonsense", "nonsense: not a change id"),
    ]:
        with pytest.raises(CommandError, match=message):
            call_command("revert", good, bad)
        event.refresh_from_db()
        assert event.title == "Changed by a script"  # nothing undone

    call_command("revert", good)
    event.refresh_from_db()
    assert event.title == record["event"].title
    assert "Undid 1 change(s)." in capsys.readouterr().out
    assert changes_of(Event, event.pk, "update")[-1].pgh_context["door"] == COMMAND_DOOR


def test_a_baseline_is_not_a_change_to_undo(db):
    country = factories.CountryFactory()
    history = Country._meta.get_field("history").related_model
    insert = history.objects.get(pgh_obj=country)
    history.objects.filter(pk=insert.pk).update(pgh_label="baseline")
    with pytest.raises(RevertError, match="a baseline records a row"):
        changes_revert(change_ids=[f"relations.CountryHistory:{insert.pgh_id}"])


def test_a_row_deleted_outside_any_request_is_restored_with_its_citations(record):
    event_id = record["event"].pk
    citation_id = record["event"].citations.get().pk
    record["event"].delete()
    delete = changes_of(Event, event_id, "delete")[-1]
    (done,) = changes_revert(change_ids=[f"relations.EventHistory:{delete.pgh_id}"])
    assert "restored with 2 row(s) deleted along with it" in done.description
    assert Event.objects.get(pk=event_id).citations.get().pk == citation_id
    assert list(Event.objects.get(pk=event_id).actors.all()) == [record["actor"]]


@pytest.mark.parametrize("view", ["history", "deleted"])
def test_history_pages_read_in_a_bounded_number_of_queries(
    admin_client, record, django_assert_max_num_queries, view
):
    event = record["event"]
    for number in range(30):
        event.title = f"Title {number}"
        event.save()
        factories.EventFactory(relationship=record["relationship"]).delete()
    if view == "history":
        url = reverse("admin:relations_event_history", args=[event.pk])
    else:
        url = reverse("admin:relations_event_deleted")
    admin_client.get(url)  # warm the session and content types
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert len(response.context["entries"]) >= 30
