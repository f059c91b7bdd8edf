"""Writes curators make in batches: review articles, set a date's precision, attach an actor.

Each runs in one transaction under an audit context naming the action (`action`), so the
history shows every row it changed as part of it, and each change can be undone from there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from articles.dates import PRECISION_VALUES, date_field_of, truncate
from articles.models import Article
from articles.services import articles_review_status_set
from relations.models import Actor, Agreement, Event, Observation
from relations.services.rollup import temperature_recompute_on_commit

CITED_MODELS = (Agreement, Observation, Event)


@dataclass(frozen=True)
class ReviewResult:
    articles: int  # articles whose status changed
    facts: int  # facts citing them (approved), or deleted with them (rejected with facts)


def _facts_citing(article_ids: Iterable[int], *, only: bool) -> dict[type, list[int]]:
    """Per cited model, the ids of its rows citing these articles (`only`: citing no other)."""
    article_ids = list(article_ids)
    found = {}
    for model in CITED_MODELS:
        rows = model.objects.filter(citations__article__in=article_ids)
        if only:
            rows = model.objects.annotate(
                other_sources=Count("citations", filter=~Q(citations__article__in=article_ids))
            ).filter(pk__in=rows.values("pk"), other_sources=0)
        found[model] = list(rows.values_list("pk", flat=True).distinct())
    return found


@transaction.atomic
def articles_review_set(
    *, articles: Iterable[Article], status: str, delete_facts: bool = False
) -> ReviewResult:
    """Approve or reject articles; rejecting may delete the facts resting on them alone.

    An approved article's facts follow it (what is public is read from the articles' status).
    A rejected article leaves its facts standing unless `delete_facts`, since a fact may be
    right though its first source was poor; with it, the facts citing no other article go.
    """
    if status not in Article.ReviewStatus.values:
        raise ValidationError(f"Unknown review status {status!r}.")
    if delete_facts and status != Article.ReviewStatus.REJECTED:
        raise ValidationError("Only rejected articles take their facts with them.")
    ids = [article.pk for article in articles]
    label = Article.ReviewStatus(status).label.lower()
    with pghistory.context(action=f"{label}: {len(ids)} article(s)"):
        # The one status change (articles/services.py): what cites them follows, the
        # temperature included.
        changed = articles_review_status_set(
            articles=Article.objects.filter(pk__in=ids), status=status
        )
        facts = _facts_citing(ids, only=delete_facts)
        count = sum(len(pks) for pks in facts.values())
        if delete_facts:
            relationship_ids = set(
                Event.objects.filter(pk__in=facts[Event]).values_list("relationship_id", flat=True)
            )
            for model, pks in facts.items():
                model.objects.filter(pk__in=pks).delete()
            temperature_recompute_on_commit(relationship_ids)
    return ReviewResult(articles=changed, facts=count)


def _single_precision_field(model: type[models.Model]) -> str:
    names = [f.name for f in model._meta.concrete_fields if f.name.endswith("_precision")]
    if len(names) != 1:
        raise ValidationError(f"{model._meta.verbose_name_plural} do not have one date.")
    return names[0]


@transaction.atomic
def records_precision_set(*, records: Iterable[models.Model], precision: str) -> int:
    """Give each row's date this precision, its date moved to the first day of the period.

    For rows with one reported date (events, observations, articles). A coarser precision
    cannot be undone by a finer one: the day is gone; the history keeps it.
    """
    if precision not in PRECISION_VALUES:
        raise ValidationError(f"Unknown precision {precision!r}: day, month or year.")
    records = list(records)
    if not records:
        return 0
    model = type(records[0])
    precision_name = _single_precision_field(model)
    date_name = date_field_of(precision_name)
    changed = 0
    with pghistory.context(action=f"set date precision to {precision}"):
        for row in records:
            value = getattr(row, date_name)
            new_value = truncate(value, precision) if value is not None else None
            if getattr(row, precision_name) == precision and new_value == value:
                continue
            setattr(row, precision_name, precision)
            setattr(row, date_name, new_value)
            row.full_clean()
            row.save(update_fields=[precision_name, date_name, "updated"])
            changed += 1
        if model is Event:
            temperature_recompute_on_commit({row.relationship_id for row in records})
    return changed


LINKS = {Event: "actors", Agreement: "parties"}


@transaction.atomic
def records_actor_attach(*, records: Iterable[Event | Agreement], actor: Actor) -> int:
    """Add `actor` to each event's actors or each agreement's parties; how many were added."""
    records = list(records)
    if not records:
        return 0
    model = type(records[0])
    field = model._meta.get_field(LINKS[model])
    through = field.remote_field.through
    owner, linked = field.m2m_field_name(), field.m2m_reverse_field_name()
    present = set(
        through.objects.filter(
            **{f"{owner}__in": [row.pk for row in records], linked: actor}
        ).values_list(f"{owner}_id", flat=True)
    )
    missing = [row for row in records if row.pk not in present]
    with pghistory.context(
        action=f"attach {actor} to {len(missing)} {model._meta.verbose_name_plural}"
    ):
        through.objects.bulk_create(through(**{owner: row, linked: actor}) for row in missing)
        model.objects.filter(pk__in=[row.pk for row in missing]).update(updated=timezone.now())
    return len(missing)
