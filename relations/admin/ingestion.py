"""Ingestion in admin: an upload form on the articles' list, and the submissions' outcomes.

The form queues the same jobs as `manage.py ingest` and `POST /api/articles`. Failed jobs
are listed twice: here with their reason (Ingestions, outcome "failed"), and in
procrastinate's own admin of the queue (Procrastinate › jobs).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from api.admin import ReadOnlyAdmin
from relations.models import Ingestion
from relations.services.ingestion import (
    FILE_FORMATS,
    Rejected,
    Submission,
    decode,
    ingestion_queue,
    ingestion_reject,
    max_bytes,
    read_payload,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once: the cleaned value is a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(FILE_FORMATS)}))
        # An empty file is refused by ingestion's own rules, with its name, like the others.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class IngestForm(forms.Form):
    files = MultipleFileField(
        required=False, help_text="Plain text (.txt), Markdown (.md) or saved web pages (.html)."
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Or paste one article's text.",
    )
    title = forms.CharField(required=False, max_length=500, help_text="For the pasted text.")
    url = forms.URLField(required=False, max_length=1000, assume_scheme="https")
    publisher = forms.CharField(required=False, max_length=200)
    published_on = forms.DateField(required=False, help_text="YYYY-MM-DD, if known.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("text", "").strip():
            raise forms.ValidationError("Choose files or paste a text.")
        return cleaned


def _file_submission(upload) -> Submission:
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    content_format = FILE_FORMATS.get(suffix)
    if content_format is None:
        raise Rejected(f"unsupported kind of file '{suffix}'")
    if upload.size > max_bytes():
        raise Rejected(f"the file is {upload.size:,} bytes, over the limit of {max_bytes():,}")
    return Submission(
        origin=f"admin upload: {upload.name}",
        content=decode(upload.read()),
        content_format=content_format,
        metadata={},
    )


@admin.register(Ingestion)
class IngestionAdmin(ReadOnlyAdmin):
    list_display = ("origin", "outcome", "short_reason", "article_link", "candidates", "job")
    list_filter = ("outcome", "content_format")
    list_select_related = ("article",)
    search_fields = ("origin", "reason")
    ordering = ("-created", "-id")
    exclude = ("content",)

    @admin.display(description="reason")
    def short_reason(self, ingestion: Ingestion) -> str:
        return ingestion.reason[:120]

    @admin.display(description="article")
    def article_link(self, ingestion: Ingestion) -> str:
        if ingestion.article_id is None:
            return ""
        url = reverse("admin:articles_article_change", args=[ingestion.article_id])
        return format_html('<a href="{}">{}</a>', url, ingestion.article.title[:80])

    @admin.display(description="candidates")
    def candidates(self, ingestion: Ingestion) -> str:
        return ", ".join(f"{count} {kind}" for kind, count in ingestion.candidate_counts.items())

    @admin.display(description="job")
    def job(self, ingestion: Ingestion) -> str:
        if ingestion.job_id is None:
            return ""
        url = reverse("admin:procrastinate_procrastinatejob_change", args=[ingestion.job_id])
        return format_html('<a href="{}">{}</a>', url, ingestion.job_id)


class IngestArticlesMixin:
    """An "Ingest articles" button and form for the articles' admin (it lives here: it uses the
    queue); relations/admin/articles.py registers the articles' admin with it."""

    change_list_template = "admin/articles/article/change_list_ingest.html"

    def get_urls(self):
        ingest = path(
            "ingest/", self.admin_site.admin_view(self.ingest_view), name="articles_article_ingest"
        )
        return [ingest, *super().get_urls()]

    def ingest_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IngestForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            queued, rejected = self._queue(request, form.cleaned_data)
            if queued:
                messages.success(request, f"Queued {queued} for ingestion.")
            for name, reason in rejected:
                messages.error(request, f"Rejected {name}: {reason}")
            return redirect("admin:relations_ingestion_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Ingest articles",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/articles/article/ingest.html", context)

    def _queue(self, request, data) -> tuple[int, list[tuple[str, str]]]:
        queued, rejected = 0, []
        submissions = []
        for upload in data["files"]:
            try:
                submissions.append(_file_submission(upload))
            except Rejected as rejection:
                rejected.append((upload.name, str(rejection)))
                ingestion_reject(
                    origin=f"admin upload: {upload.name}", reason=str(rejection), user=request.user
                )
        if data["text"].strip():
            metadata = {key: data[key] for key in ("title", "url", "publisher") if data.get(key)}
            if data.get("published_on"):
                metadata["published_on"] = data["published_on"].isoformat()
            try:
                submissions.append(
                    read_payload(text=data["text"], html=None, metadata=metadata, origin="admin")
                )
            except Rejected as rejection:
                rejected.append(("the pasted text", str(rejection)))
        for submission in submissions:
            ingestion_queue(submission=submission, user=request.user)
            queued += 1
        return queued, rejected
