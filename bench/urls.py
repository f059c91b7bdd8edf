"""The product's URLs plus two reference views, for the API bench only (bench/settings.py).

- `bench/bare`: a bare JsonResponse, the ceiling of the stack (gunicorn, Django, middleware).
- `bench/agreements`: the same page as `GET /api/agreements`, from the same selector and so
  the same queries, serialised by hand (plain dicts and orjson, no schema validation).
"""

import orjson
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path

from config import urls as product_urls
from relations.selectors.records.agreements import agreement_list

PAGE_SIZE = 50


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _citation(citation) -> dict:
    article = citation.article
    return {
        "id": citation.pk,
        "article_id": citation.article_id,
        "article_slug": article.slug,
        "article_title": article.title,
        "source": article.source.name,
        "url": article.url,
        "published_on": article.published_on,
        "published_on_precision": article.published_on_precision,
        "span_start": citation.span_start,
        "span_end": citation.span_end,
        "quote": getattr(citation, "quoted", citation.quote),
        "note": citation.note,
    }


def _agreement(agreement) -> dict:
    return {
        "created": agreement.created,
        "updated": agreement.updated,
        "id": agreement.pk,
        "slug": agreement.slug,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "relationship": agreement.relationship.slug,
        "parties": [
            {"id": actor.pk, "slug": actor.slug, "name": actor.name, "kind": actor.kind}
            for actor in agreement.parties.all()
        ],
        "signed_on": agreement.signed_on,
        "signed_on_precision": agreement.signed_on_precision,
        "effective_on": agreement.effective_on,
        "effective_on_precision": agreement.effective_on_precision,
        "expires_on": agreement.expires_on,
        "expires_on_precision": agreement.expires_on_precision,
        "extends_id": agreement.extends_id,
        "supersedes_id": agreement.supersedes_id,
        "summary": agreement.summary,
        "provisions": agreement.provisions,
        "citations": [_citation(citation) for citation in agreement.citations.all()],
    }


def agreements(request: HttpRequest) -> HttpResponse:
    """`GET /api/agreements?relationship=&limit=&offset=` written by hand."""
    limit = int(request.GET.get("limit", PAGE_SIZE))
    offset = int(request.GET.get("offset", 0))
    relationship = request.GET.get("relationship")
    queryset = agreement_list(Q(relationship__slug=relationship) if relationship else Q())
    items = list(queryset[offset : offset + limit])
    is_last_page = len(items) < limit and (offset == 0 or items)
    count = offset + len(items) if is_last_page else queryset.count()
    body = {"count": count, "items": [_agreement(agreement) for agreement in items]}
    return HttpResponse(orjson.dumps(body), content_type="application/json")


urlpatterns = [
    path("bench/bare", bare),
    path("bench/agreements", agreements),
    path("", include("config.urls")),
]

# The product's own error page: an unreachable database is a 503 here as in production.
handler500 = product_urls.handler500
