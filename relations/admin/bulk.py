"""Bulk actions on the changelists: each asks what it needs on a page of its own, then calls
a service (relations/services/bulk.py, actors_merge.py) and says what it did."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from articles.models import DatePrecision
from relations.models import Actor, Event
from relations.services.actors_merge import actors_merge
from relations.services.bulk import records_actor_attach, records_precision_set


class PrecisionForm(forms.Form):
    precision = forms.ChoiceField(
        choices=DatePrecision.choices,
        help_text="Each date moves to the first day of its period: a day dropped is not "
        "brought back by a finer precision later (the history keeps it).",
    )


class ActorForm(forms.Form):
    actor = forms.ModelChoiceField(
        queryset=Actor.objects.all(),
        widget=AutocompleteSelect(Event._meta.get_field("actors"), admin.site),
    )


def choose_then_apply(
    model_admin,
    request,
    queryset,
    *,
    form_class: type[forms.Form],
    title: str,
    apply: Callable[[dict], str],
    form_kwargs: dict | None = None,
):
    """Show `form_class` for the selected rows; once posted valid, `apply` it and report."""
    posted = "apply" in request.POST
    form = form_class(request.POST if posted else None, **(form_kwargs or {}))
    if posted and form.is_valid():
        try:
            message = apply(form.cleaned_data)
        except ValidationError as exc:
            model_admin.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            model_admin.message_user(request, message, messages.SUCCESS)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "opts": model_admin.model._meta,
        "form": form,
        "media": model_admin.media + form.media,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/bulk_choose.html", context)


@admin.action(description="Set the date precision of the selected rows…", permissions=["change"])
def set_precision(model_admin, request, queryset):
    def apply(data):
        changed = records_precision_set(records=queryset, precision=data["precision"])
        return f"Precision set to {data['precision']} on {changed} row(s)."

    return choose_then_apply(
        model_admin,
        request,
        queryset,
        form_class=PrecisionForm,
        title="Set the date precision",
        apply=apply,
    )


@admin.action(description="Attach an actor to the selected rows…", permissions=["change"])
def attach_actor(model_admin, request, queryset):
    def apply(data):
        added = records_actor_attach(records=queryset, actor=data["actor"])
        return f"{data['actor']} attached to {added} row(s) (the others had it already)."

    return choose_then_apply(
        model_admin, request, queryset, form_class=ActorForm, title="Attach an actor", apply=apply
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Actor.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep",
        help_text="The other actor's aliases, roles, events, agreements and claimed figures "
        "move to this one; its name stays as an alias; it is then deleted.",
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = actors


@admin.action(description="Merge the two selected actors…", permissions=["change", "delete"])
def merge_actors(model_admin, request, queryset):
    actors = list(queryset.order_by("pk")[:3])
    if len(actors) != 2:
        model_admin.message_user(request, "Select exactly two actors to merge.", messages.ERROR)
        return None

    def apply(data):
        keep = data["keep"]
        merged = actors[1] if keep.pk == actors[0].pk else actors[0]
        result = actors_merge(keep=keep, merged=merged)
        return (
            f"{merged} merged into {keep}: {result.aliases} alias(es), {result.roles} role(s), "
            f"{result.events} event(s), {result.agreements} agreement(s) and {result.claims} "
            f"figure(s) moved; “{merged.name}” is now an alias."
        )

    return choose_then_apply(
        model_admin,
        request,
        queryset,
        form_class=MergeForm,
        title="Merge two actors",
        apply=apply,
        form_kwargs={"actors": queryset.order_by("pk")},
    )
