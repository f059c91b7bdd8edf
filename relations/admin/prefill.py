"""Add forms that open already holding what a sentence proposes: no one types an offset again.

`/admin/relations/event/add/?article=7&span_start=120&span_end=188` opens the event form with
the citation (article, span, quote), the article's relationship, the date reckoned from the
article and the actors the sentence names. A candidate's "edit, then accept" opens the same
form with `?candidate=ID` (relations/admin/candidates.py). "Save and add another from this
article" returns to the article's sentences to pick the next fact.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from articles.forms import ReportedDatesForm
from articles.models import Article
from relations.admin.citations import CitationInline
from relations.models import Candidate, Observation, Relationship
from relations.selectors.proposals import Proposal, candidate_proposal, sentence_proposal
from relations.services import records
from relations.services.review import candidate_accepted_as
from relations.services.writes import Invalid

ADD_ANOTHER_FROM_ARTICLE = "_addanother_article"


def _whole_number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 10 else None


SPECS = {spec.model: spec for spec in (records.AGREEMENT, records.OBSERVATION, records.EVENT)}


def form_initial(model: type[models.Model], data: dict) -> dict:
    """A proposal's service data as a ModelForm's initial: rows as ids, lists as id lists.

    Natural keys (a category's code, a metric's slug, a country's code) are resolved as the
    record services resolve them; one that names nothing is left out, for the curator to fill.
    """
    resolvers = SPECS[model].foreign_keys if model in SPECS else {}
    initial = {}
    for name, value in data.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            initial[name] = [getattr(item, "pk", item) for item in value]
        elif field.is_relation:
            if name in resolvers and not isinstance(value, int):
                try:
                    value = resolvers[name](value)
                except Invalid:
                    continue
            initial[name] = getattr(value, "pk", value)
        else:
            initial[name] = value
    return initial


class ProposalPrefillMixin:
    """Prefills a ModelAdmin's add form, and its citation inline, from a Proposal."""

    change_form_template = "admin/relations/proposed_change_form.html"
    proposal_kind: str

    def proposal(self, request) -> Proposal | None:
        """The proposal the add form's address names, read once per request."""
        if not hasattr(request, "_proposal"):
            request._proposal = self.read_proposal(request)
        return request._proposal

    def proposed_candidate(self, request) -> Candidate | None:
        """The pending candidate of this form's kind that `?candidate=ID` names, if any."""
        candidate_id = _whole_number(request.GET.get("candidate"))
        if candidate_id is None:
            return None
        return (
            Candidate.objects.select_related("article", "relationship")
            .filter(pk=candidate_id, kind=self.proposal_kind, status=Candidate.Status.PENDING)
            .first()
        )

    def read_proposal(self, request) -> Proposal | None:
        candidate = self.proposed_candidate(request)
        if candidate is not None:
            request._proposed_candidate = candidate
            return candidate_proposal(candidate)
        article_id = _whole_number(request.GET.get("article"))
        start = _whole_number(request.GET.get("span_start"))
        end = _whole_number(request.GET.get("span_end"))
        if article_id is None or start is None or end is None:
            return None
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            return None
        proposal = sentence_proposal(article=article, start=start, end=end, kind=self.proposal_kind)
        if proposal is not None and proposal.candidate is not None:
            # Saving the sentence's fact accepts what ingestion proposed there.
            request._proposed_candidate = Candidate.objects.get(pk=proposal.candidate)
        return proposal

    def proposal_article(self, request) -> Article | None:
        proposal = self.proposal(request)
        if proposal is None:
            return None
        return (
            Article.objects.select_related("source").filter(pk=proposal.citation["article"]).first()
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        proposal = self.proposal(request)
        if proposal is not None:
            initial.update(form_initial(self.model, proposal.data))
        elif "relationship" not in initial:
            # The record's only relationship needs no choosing.
            only = list(Relationship.objects.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                initial["relationship"] = only[0]
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        proposal = self.proposal(request)
        # On GET only: posted back unchanged, a row equal to its initial would count as empty.
        if (
            proposal is not None
            and request.method == "GET"
            and obj.pk is None
            and isinstance(inline, CitationInline)
        ):
            citation = proposal.citation
            kwargs["initial"] = [
                {name: citation[name] for name in ("article", "span_start", "span_end")}
            ]
        return kwargs

    def add_view(self, request, form_url="", extra_context=None):
        proposal = self.proposal(request)
        if proposal is not None:
            extra_context = {
                **(extra_context or {}),
                "proposal": proposal,
                "proposal_article": self.proposal_article(request),
            }
        return super().add_view(request, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        candidate = getattr(request, "_proposed_candidate", None)
        if candidate is not None and not change:
            # In the add view's transaction: if the candidate was decided meanwhile, the
            # ValidationError undoes this save too, and the curator is told why.
            candidate_accepted_as(candidate=candidate, record=form.instance, user=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if getattr(request, "_proposed_candidate", None) is None:
                raise
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            candidate = request._proposed_candidate
            url = reverse("admin:relations_candidate_review", args=[candidate.article_id])
            return HttpResponseRedirect(f"{url}#candidate-{candidate.pk}")

    def response_add(self, request, obj, post_url_continue=None):
        candidate = getattr(request, "_proposed_candidate", None)
        if candidate is not None and "_continue" not in request.POST:
            self.message_user(
                request, f"Candidate #{candidate.pk} accepted as “{obj}”.", messages.SUCCESS
            )
            url = reverse("admin:relations_candidate_review", args=[candidate.article_id])
            return HttpResponseRedirect(f"{url}#candidate-{candidate.pk}")
        article = self.proposal_article(request)
        if ADD_ANOTHER_FROM_ARTICLE in request.POST and article is not None:
            link = reverse(
                f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
            )
            self.message_user(
                request,
                format_html(
                    'The {} “<a href="{}">{}</a>” was added. Pick the next sentence.',
                    obj._meta.verbose_name,
                    link,
                    obj,
                ),
                messages.SUCCESS,
            )
            url = reverse("admin:articles_article_change", args=[article.pk])
            return HttpResponseRedirect(f"{url}#sentences")
        return super().response_add(request, obj, post_url_continue)


class ObservationForm(ReportedDatesForm):
    """An observation whose unit, left empty, is its metric's usual unit."""

    class Meta:
        model = Observation
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "unit" in self.fields:
            self.fields["unit"].required = False
            self.fields["unit"].help_text = "Leave empty for the metric's usual unit."

    def clean(self):
        cleaned_data = super().clean()
        metric = cleaned_data.get("metric")
        if not cleaned_data.get("unit") and metric is not None:
            cleaned_data["unit"] = metric.unit
            self.instance.unit = metric.unit
        return cleaned_data
