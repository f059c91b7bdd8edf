"""The review queue: candidates by article, each beside its highlighted sentence.

The list is the queue (by article, in reading order), with bulk accept and reject. Each
article's review page shows its text with the candidates' sentences highlighted and, beside
them, every candidate with accept, edit then accept (the ordinary add form, prefilled from the
same Proposal a picked sentence gives), merge into an existing item, and reject with a reason.
Every decision goes through relations/services/review.py.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from articles.models import Article
from relations.models import Candidate
from relations.selectors.candidates import merge_choices
from relations.selectors.detail_pages import highlight_segments
from relations.selectors.proposals import article_relationship, reported_date
from relations.services.review import (
    RECORD_MODELS,
    candidate_accept,
    candidate_merge,
    candidate_reject,
)

# Kinds whose ordinary add form takes a candidate's prefill (ProposalPrefillMixin).
EDITABLE_KINDS = ("agreement", "observation", "event")


def _errors(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages_)}" if name != "__all__" else " ".join(messages_)
            for name, messages_ in error.message_dict.items()
        )
    return " ".join(error.messages)


def edit_url(candidate: Candidate) -> str | None:
    """The ordinary add form of the candidate's kind, holding what it proposes."""
    if candidate.kind not in EDITABLE_KINDS:
        return None
    return (
        reverse(f"admin:relations_{candidate.kind}_add")
        + "?"
        + urlencode({"candidate": candidate.pk})
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Why these candidates do not belong in the record.",
    )


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = (
        "article_title",
        "kind",
        "sentence",
        "matched_item",
        "confidence",
        "status",
        "review",
    )
    list_display_links = None
    list_filter = ("status", "kind", ("article", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("article__source",)
    search_fields = ("quote", "article__title")
    ordering = ("article__published_on", "article_id", "span_start", "id")
    actions = ("accept_selected", "reject_selected")
    list_per_page = 100
    readonly_fields = [field.name for field in Candidate._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__text", "article__search_document")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Decided on the review page, through the services: the row itself is not edited here.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False  # candidates come from ingestion

    def get_urls(self):
        own = [
            path(
                "article/<int:article_id>/",
                self.admin_site.admin_view(self.review_view),
                name="relations_candidate_review",
            ),
            path(
                "<int:candidate_id>/decide/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="relations_candidate_decide",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description="article", ordering="article__published_on")
    def article_title(self, candidate: Candidate) -> str:
        url = reverse("admin:relations_candidate_review", args=[candidate.article_id])
        return format_html('<a href="{}">{}</a>', url, candidate.article.title)

    @admin.display(description="sentence")
    def sentence(self, candidate: Candidate) -> str:
        quote = candidate.quote
        return quote if len(quote) <= 160 else f"{quote[:159]}…"

    @admin.display(description="matches")
    def matched_item(self, candidate: Candidate) -> str:
        return str(candidate.matched or "")

    @admin.display(description="review")
    def review(self, candidate: Candidate) -> str:
        url = reverse("admin:relations_candidate_review", args=[candidate.article_id])
        label = "Review" if candidate.status == Candidate.Status.PENDING else "See"
        return format_html('<a href="{}#candidate-{}">{}</a>', url, candidate.pk, label)

    # --- bulk actions ----------------------------------------------------------------------

    @admin.action(description="Accept selected candidates", permissions=["change"])
    def accept_selected(self, request, queryset):
        accepted, refused = 0, []
        for candidate in queryset.filter(status=Candidate.Status.PENDING).select_related("article"):
            try:
                candidate_accept(candidate=candidate, user=request.user)
                accepted += 1
            except ValidationError as error:
                refused.append(f"#{candidate.pk} ({candidate.quote[:40]}…): {_errors(error)}")
        if accepted:
            self.message_user(request, f"{accepted} candidate(s) accepted.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not accepted, edit it first: {reason}", messages.WARNING)
        if not accepted and not refused:
            self.message_user(request, "No pending candidate was selected.", messages.INFO)

    @admin.action(description="Reject selected candidates…", permissions=["change"])
    def reject_selected(self, request, queryset):
        pending = queryset.filter(status=Candidate.Status.PENDING)
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            count = 0
            for candidate in pending:
                candidate_reject(
                    candidate=candidate, user=request.user, reason=form.cleaned_data["reason"]
                )
                count += 1
            self.message_user(request, f"{count} candidate(s) rejected.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/relations/candidate/reject_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reject candidates",
                "opts": self.model._meta,
                "form": form,
                "candidates": pending.select_related("article"),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "action": "reject_selected",
            },
        )

    # --- one article's review page ---------------------------------------------------------

    def review_view(self, request, article_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article.objects.select_related("source"), pk=article_id)
        candidates = list(
            Candidate.objects.filter(article=article)
            .select_related(
                "relationship",
                "reviewed_by",
                *(f"matched_{kind}" for kind in RECORD_MODELS),
                *(f"accepted_{kind}" for kind in RECORD_MODELS),
            )
            .order_by("span_start", "id")
        )
        relationship = article_relationship(article)
        cards, choices = [], {}
        for candidate in candidates:
            candidate.article = article
            pending = candidate.status == Candidate.Status.PENDING
            item = candidate.proposal if isinstance(candidate.proposal, dict) else {}
            if pending:
                # Candidates of one article mostly share their kin: one query per kind of choice.
                key = (
                    candidate.kind,
                    candidate.relationship_id or getattr(relationship, "pk", None),
                    reported_date(item.get("date")) or article.published_on,
                    item.get("metric"),
                    item.get("name") if candidate.kind == "actor" else None,
                    candidate.matched,
                )
                if key not in choices:
                    choices[key] = merge_choices(
                        candidate, relationship_id=key[1], day=key[2], metric=key[3]
                    )
            cards.append(
                {
                    "candidate": candidate,
                    "pending": pending,
                    "fields": sorted(item.items()),
                    "edit_url": edit_url(candidate) if pending else None,
                    "merge_choices": choices[key] if pending else [],
                }
            )
        queue = (
            Candidate.objects.filter(status=Candidate.Status.PENDING)
            .values("article_id")
            .annotate(count=Count("id"))
            .order_by("article__published_on", "article_id")
        )
        following = next(
            (row["article_id"] for row in queue if row["article_id"] != article.pk), None
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review: {article.title}",
            "opts": self.model._meta,
            "article": article,
            "segments": highlight_segments(article.text, candidates),
            "cards": cards,
            "pending": sum(1 for c in candidates if c.status == Candidate.Status.PENDING),
            "can_decide": self.has_change_permission(request),
            "next_article": following,
            "article_admin": reverse("admin:articles_article_change", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/relations/candidate/review.html", context)

    def decide_view(self, request, candidate_id: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        candidate = get_object_or_404(Candidate.objects.select_related("article"), pk=candidate_id)
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                candidate_accept(candidate=candidate, user=request.user)
            elif decision == "merge":
                into = self._merge_target(candidate, request.POST.get("into", ""))
                candidate_merge(candidate=candidate, into=into, user=request.user)
            elif decision == "reject":
                candidate_reject(
                    candidate=candidate, user=request.user, reason=request.POST.get("reason", "")
                )
            else:
                raise ValidationError("Choose accept, merge or reject.")
        except ValidationError as error:
            self.message_user(
                request, f"Candidate #{candidate.pk}: {_errors(error)}", messages.ERROR
            )
        else:
            candidate.refresh_from_db()
            self.message_user(
                request,
                f"Candidate #{candidate.pk} {candidate.get_status_display().lower()}"
                + (f": {candidate.accepted}" if candidate.accepted else "."),
                messages.SUCCESS,
            )
        url = reverse("admin:relations_candidate_review", args=[candidate.article_id])
        return HttpResponseRedirect(f"{url}#candidate-{candidate.pk}")

    @staticmethod
    def _merge_target(candidate: Candidate, value: str):
        model = RECORD_MODELS[candidate.kind]
        if not value.isdigit() or len(value) > 18:
            raise ValidationError("Choose the item to merge into.")
        row = model.objects.filter(Q(pk=int(value))).first()
        if row is None:
            raise ValidationError(f"No {model._meta.verbose_name} with id {value}.")
        return row
