"""The knowledge: who relates to whom, what they agreed, what was measured, what happened.

Every agreement, observation and event cites the articles it rests on (Citation).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse

from api.audit import tracked, tracked_links
from articles.dates import PRECISION_VALUES, format_reported_date
from articles.models import (
    Article,
    DatePrecision,
    Timestamped,
    bounded_date,
    bounded_date_constraint,
    precision_constraint,
)
from articles.search import DocumentDeferringManager, search_document_field


class Normalized(models.Func):
    """bilateral_normalize(text): lower-case, unaccented, single-spaced (an IMMUTABLE SQL function)."""

    function = "bilateral_normalize"
    output_field = models.TextField()


class JoinedText(models.Func):
    """bilateral_join_text(text[]): the items joined by spaces (an IMMUTABLE SQL function)."""

    function = "bilateral_join_text"
    output_field = models.TextField()


class FirstDayOf(models.Func):
    """The first day of a date's day, month or year (`unit`), as a date.

    Cast to `timestamp` first: date_trunc on a bare date picks its timestamptz variant, which
    depends on the session's time zone and is not IMMUTABLE, as a constraint's check should be.
    """

    template = "date_trunc('%(unit)s', %(expressions)s::timestamp)::date"
    output_field = models.DateField()

    def __init__(self, expression, *, unit: str, **extra):
        if unit not in PRECISION_VALUES:
            raise ValueError(f"unknown date unit {unit!r}")
        super().__init__(expression, unit=unit, **extra)


def not_before(later: str, earlier: str) -> Q:
    """Rows where the date `later`, read at its precision, does not end before `earlier` starts.

    Dates are stored as the first day of what the source said: an agreement "in force from
    2013" (year) may follow a signature of 14 May 2013, but one in force from April 2013
    (month) may not. Cut both to `later`'s precision and compare; unknown precisions are left
    to `<model>_<field>_precision_valid`, which names them.
    """
    precision = f"{later}_precision"
    return (
        Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | ~Q(**{f"{precision}__in": PRECISION_VALUES})
        | Q(
            *(
                Q(**{precision: unit})
                & Q(
                    GreaterThanOrEqual(FirstDayOf(later, unit=unit), FirstDayOf(earlier, unit=unit))
                )
                for unit in PRECISION_VALUES
            ),
            _connector=Q.OR,
        )
    )


def _precision_field(**kwargs) -> models.CharField:
    return models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY, **kwargs
    )


def _choices_constraint(
    model: str, field: str, choices: type[models.Choices], message: str
) -> models.CheckConstraint:
    """`<model>_<field>_valid`: the field holds one of the choices' values, whoever writes it."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [choice.value for choice in choices]}),
        name=f"{model}_{field}_valid",
        violation_error_message=message,
    )


def period_not_before(later: str, earlier: str) -> Q:
    """Rows where the period of the date `later` does not end before the date `earlier` starts.

    Periods, not first days: an expiry in 2013 (a year) is not before a signature on 14 May
    2013. `later` is stored as the first day of its period, so its period reaches `earlier`
    exactly when `later` is on or after `earlier` cut to `later`'s precision.
    """
    year, month = F(f"{earlier}__year"), F(f"{earlier}__month")
    same_month_or_later = Q(**{f"{later}__year__gt": year}) | Q(
        **{f"{later}__year": year, f"{later}__month__gte": month}
    )
    return (
        Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)})
        | Q(**{f"{later}_precision": DatePrecision.YEAR, f"{later}__year__gte": year})
        | (Q(**{f"{later}_precision": DatePrecision.MONTH}) & same_month_or_later)
    )


SCORE_RANGE = (-10, 10)

# The order of an index serving "the newest change of a relationship's rows" (/relationships/'
# "last changed"): NULLS LAST, which the plain index on `updated` cannot give, so PostgreSQL
# takes the (relationship, updated) index for it instead of walking every row's `updated`
# backwards until one of the relationship's turns up (7 ms for a small relationship beside one
# of 100,000 events).
NEWEST_FIRST = F("updated").desc(nulls_last=True)


class CitedQuerySet(models.QuerySet):
    """Agreements, observations and events, and whether their evidence has been reviewed.

    The one rule of what is public: a fact citing only articles pending review (or rejected)
    stays off the pages, the API and the temperature until a curator approves one of them.
    A fact citing nothing is judged on its own, as before citations were required.
    """

    def _citations(self) -> models.QuerySet:
        return Citation.objects.filter(**{self.model._meta.model_name: models.OuterRef("pk")})

    def _public_condition(self) -> Q:
        # "No citation, or an approved one" said as one NOT EXISTS: no citation of the row
        # stands without an approved one beside it. PostgreSQL plans a top-level NOT EXISTS as
        # an anti-join it sizes to the rows: index probes for a page or a narrowed list, one
        # hash for a whole relationship (10 ms at 100,000 events). The "EXISTS(approved) OR
        # NOT EXISTS(any)" form could only be filtered row by row, and PostgreSQL hashed every
        # approved citation of the record for it even for a page of 50 rows.
        owner = self.model._meta.model_name
        approved_beside = Citation.objects.filter(
            **{owner: models.OuterRef(owner)},
            article__review_status=Article.ReviewStatus.APPROVED,
        )
        withheld = self._citations().filter(~models.Exists(approved_beside))
        return ~Q(models.Exists(withheld))

    def public(self) -> CitedQuerySet:
        """Only the rows the public may see."""
        return self.filter(self._public_condition())

    def with_pending(self) -> CitedQuerySet:
        """Every row, marked `pending` where its evidence awaits review (for curators)."""
        return self.annotate(
            pending=models.ExpressionWrapper(
                ~self._public_condition(), output_field=models.BooleanField()
            )
        )

    def for_audience(self, *, curator: bool) -> CitedQuerySet:
        """`with_pending()` for curators, `public()` (marked `pending=False`) for the rest."""
        if curator:
            return self.with_pending()
        return self.public().annotate(
            pending=models.Value(False, output_field=models.BooleanField())
        )


@tracked
class Country(Timestamped):
    """A state, by its ISO 3166-1 alpha-2 code."""

    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2, e.g. RU.")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_iso_alpha2",
                violation_error_message="The code must be two capital letters (ISO 3166-1 alpha-2).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@tracked
class Relationship(Timestamped):
    """An unordered pair of countries whose relations the record tells."""

    slug = models.SlugField(max_length=50, unique=True, help_text="e.g. ru-tj")
    name = models.CharField(max_length=200)
    country_a = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    country_b = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    period_start = models.DateField(
        null=True,
        blank=True,
        validators=[bounded_date],
        help_text="Start of the period the dashboard shows by default.",
    )
    period_end = models.DateField(
        null=True,
        blank=True,
        validators=[bounded_date],
        help_text="End of the period the dashboard shows by default.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(country_a=F("country_b")),
                name="relationship_two_countries",
                violation_error_message="A relationship joins two different countries.",
            ),
            models.UniqueConstraint(
                Least("country_a", "country_b"),
                Greatest("country_a", "country_b"),
                name="relationship_pair_unique",
                violation_error_message="A relationship between these two countries already exists.",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="relationship_period_ordered",
                violation_error_message="The period cannot end before it starts.",
            ),
            bounded_date_constraint("period_start", "relationship"),
            bounded_date_constraint("period_end", "relationship"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relations:relationship", args=[self.slug])


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    COUNTRY = "country", "Country"
    GOVERNMENT_BODY = "government_body", "Government body"
    MILITARY_UNIT = "military_unit", "Military unit"
    FACILITY = "facility", "Facility"
    COMPANY = "company", "Company"
    INTERNATIONAL_ORGANISATION = "international_organisation", "International organisation"
    GROUP = "group", "Group of people"
    MEDIA = "media", "News organisation"


@tracked
class Actor(Timestamped):
    """A person, body, unit, facility or state that takes part in events and agreements."""

    Kind = ActorKind

    name = models.CharField(max_length=200, help_text="The spelling the record displays.")
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=ActorKind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="actors"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            _choices_constraint("actor", "kind", ActorKind, "Unknown kind of actor."),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relations:actor", args=[self.slug])


@tracked
class ActorRole(Timestamped):
    """A dated position, such as President of Tajikistan from 1994."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=300)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True, validators=[bounded_date])
    started_on_precision = _precision_field()
    ended_on = models.DateField(null=True, blank=True, validators=[bounded_date])
    ended_on_precision = _precision_field()

    class Meta:
        ordering = ["actor", "started_on"]
        constraints = [
            precision_constraint("started_on", "actorrole"),
            precision_constraint("ended_on", "actorrole"),
            bounded_date_constraint("started_on", "actorrole"),
            bounded_date_constraint("ended_on", "actorrole"),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="actorrole_ends_after_start",
                violation_error_message="A role cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        start = format_reported_date(self.started_on, self.started_on_precision) or "?"
        end = format_reported_date(self.ended_on, self.ended_on_precision)
        return f"{self.title}, {start}–{end}"


@tracked
class ActorAlias(Timestamped):
    """A name variant or transliteration: Rahmonov, Rahmon, Rakhmon, Emomali, Imomali."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.GeneratedField(
        expression=Normalized("name"),
        output_field=models.CharField(max_length=200),
        db_persist=True,
        help_text="Lower-case, unaccented form: the key that lookups and uniqueness use.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="e.g. 'Russian transliteration'.")

    class Meta:
        ordering = ["actor", "name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(
                Normalized("name"),
                name="actoralias_normalized_unique",
                violation_error_message="This spelling already names an actor (case and accents aside).",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="actoralias_name_not_blank",
                violation_error_message="An alias needs a name.",
            ),
        ]
        indexes = [
            GinIndex(
                fields=["normalized"], opclasses=["gin_trgm_ops"], name="actoralias_normalized_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    TREATY = "treaty", "Treaty"
    AGREEMENT = "agreement", "Agreement"
    LEASE = "lease", "Lease"
    DECISION = "decision", "Summit decision"
    MEMORANDUM = "memorandum", "Memorandum"
    PROTOCOL = "protocol", "Protocol"


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SIGNED = "signed", "Signed"
    IN_FORCE = "in_force", "In force"
    EXPIRED = "expired", "Expired"
    LAPSED = "lapsed", "Lapsed"
    SUPERSEDED = "superseded", "Superseded"
    TERMINATED = "terminated", "Terminated"


@tracked
class Agreement(Timestamped):
    """A treaty, accord, lease or summit decision between the parties of a relationship."""

    Kind = AgreementKind

    Status = AgreementStatus

    relationship = models.ForeignKey(
        Relationship, on_delete=models.PROTECT, related_name="agreements"
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    parties = models.ManyToManyField(Actor, related_name="agreements", blank=True)
    signed_on = models.DateField(null=True, blank=True, validators=[bounded_date])
    signed_on_precision = _precision_field()
    effective_on = models.DateField(null=True, blank=True, validators=[bounded_date])
    effective_on_precision = _precision_field()
    expires_on = models.DateField(null=True, blank=True, validators=[bounded_date])
    expires_on_precision = _precision_field()
    extends = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="extensions",
        help_text="The earlier agreement whose term this one prolongs.",
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The earlier agreement this one replaces.",
    )
    summary = models.TextField(blank=True)
    provisions = ArrayField(models.TextField(), default=list, blank=True)
    search_document = search_document_field(
        ("title", "A"), ("summary", "B"), (JoinedText("provisions"), "B")
    )

    objects = DocumentDeferringManager.from_queryset(CitedQuerySet)()

    class Meta:
        ordering = ["signed_on", "title"]
        indexes = [
            GinIndex(fields=["search_document"], name="agreement_search_document"),
            # Lists page in (signed_on, id) order; without these every page sorts the table.
            models.Index(fields=["signed_on", "id"], name="agreement_signed_id"),
            # The included columns let a browse page's tally read a relationship's matching
            # agreements (their status, kind, year and precision) from the index alone.
            models.Index(
                fields=["relationship", "signed_on", "id"],
                include=["status", "kind", "signed_on_precision"],
                name="agreement_relationship_signed",
            ),
            # /relationships/' "last changed" (see NEWEST_FIRST).
            models.Index(F("relationship"), NEWEST_FIRST, name="agreement_rel_updated"),
        ]
        constraints = [
            precision_constraint("signed_on", "agreement"),
            precision_constraint("effective_on", "agreement"),
            precision_constraint("expires_on", "agreement"),
            bounded_date_constraint("signed_on", "agreement"),
            bounded_date_constraint("effective_on", "agreement"),
            bounded_date_constraint("expires_on", "agreement"),
            models.CheckConstraint(
                condition=period_not_before("expires_on", "signed_on"),
                name="agreement_expires_after_signature",
                violation_error_message="An agreement cannot expire before it is signed.",
            ),
            models.CheckConstraint(
                condition=not_before("effective_on", "signed_on"),
                name="agreement_effective_after_signature",
                violation_error_message="An agreement cannot take effect before it is signed.",
            ),
            _choices_constraint("agreement", "kind", AgreementKind, "Unknown kind of agreement."),
            _choices_constraint(
                "agreement", "status", AgreementStatus, "Unknown agreement status."
            ),
            models.CheckConstraint(
                condition=Q(extends__isnull=True) | ~Q(extends=F("id")),
                name="agreement_not_extending_itself",
                violation_error_message="An agreement cannot extend itself.",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(supersedes=F("id")),
                name="agreement_not_superseding_itself",
                violation_error_message="An agreement cannot supersede itself.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("relations:agreement", args=[self.slug])


@tracked
class Metric(Timestamped):
    """A quantity followed over time: debt, remittances, troops, migrants..."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=50, help_text="The usual unit, e.g. USD or persons.")
    description = models.TextField(blank=True, help_text="What it measures.")
    direction = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'owed by Tajikistan to Russia'."
    )
    cues = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Words that name this quantity in a sentence (e.g. debt, owes); "
        "extraction gives a figure the metric whose cues stand nearest it.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("relations:metric", args=[self.slug])


class ObservationQualifier(models.TextChoices):
    EXACT = "exact", "Exact"
    APPROXIMATE = "approximate", "About"
    ESTIMATE = "estimate", "Estimate"
    AT_LEAST = "at_least", "At least"
    AT_MOST = "at_most", "At most"
    BY_SOME_ACCOUNTS = "by_some_accounts", "By some accounts"
    CLAIMED = "claimed", "Claimed by a party"


@tracked
class Observation(Timestamped):
    """One reported figure of a metric, for a date or period, as a source gave it."""

    Qualifier = ObservationQualifier

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="observations")
    relationship = models.ForeignKey(
        Relationship, on_delete=models.PROTECT, related_name="observations"
    )
    value = models.DecimalField(max_digits=20, decimal_places=4)
    unit = models.CharField(max_length=50)
    period_start = models.DateField(
        validators=[bounded_date], help_text="The day, or first day of the month or year."
    )
    period_precision = _precision_field()
    qualifier = models.CharField(max_length=20, choices=Qualifier.choices, default=Qualifier.EXACT)
    by_some_accounts = models.BooleanField(
        default=False,
        help_text="The source gives the figure only 'by some accounts', whatever its qualifier.",
    )
    claimed_by = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Whose figure this is, where a party's claim rather than a measurement.",
    )
    note = models.TextField(blank=True)

    objects = CitedQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "period_start"]
        indexes = [
            models.Index(F("relationship"), NEWEST_FIRST, name="observation_rel_updated"),
        ]
        constraints = [
            precision_constraint("period", "observation"),
            bounded_date_constraint("period_start", "observation"),
            _choices_constraint(
                "observation", "qualifier", ObservationQualifier, "Unknown qualifier."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value.normalize():f} {self.unit} ({self.period_display})"

    @property
    def period_display(self) -> str:
        return format_reported_date(self.period_start, self.period_precision)


@tracked
class EventCategory(Timestamped):
    """A row of the cooperation–conflict table: a CAMEO code and its Goldstein-style weight."""

    code = models.CharField(max_length=4, unique=True, help_text="CAMEO code, e.g. 057.")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    default_score = models.DecimalField(max_digits=3, decimal_places=1)
    codebook_version = models.CharField(
        max_length=100, help_text="Which table this weight comes from."
    )
    cues = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Verbs and phrases that report this act, in their base form "
        "(e.g. meet, call on); extraction also finds their inflections.",
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "event categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(default_score__gte=SCORE_RANGE[0], default_score__lte=SCORE_RANGE[1]),
                name="eventcategory_score_in_range",
                violation_error_message="A score runs from -10 (conflict) to +10 (cooperation).",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2,4}$"),
                name="eventcategory_code_digits",
                violation_error_message="A CAMEO code is two to four digits.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EventQuerySet(CitedQuerySet):
    def with_effective_score(self) -> EventQuerySet:
        """Annotate `effective_score`: the curator's override, else the category's score."""
        return self.annotate(effective_score=Coalesce("score_override", "category__default_score"))


class DateBasis(models.TextChoices):
    STATED = "stated", "Stated in the cited text"
    ARTICLE_DATE = "article_date", "Reckoned from the article's date"
    CONTEXT = "context", "Inferred from context"


@tracked
class Event(Timestamped):
    """Something that happened between the two sides, scored on the cooperation–conflict scale."""

    DateBasis = DateBasis

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    occurred_on = models.DateField(validators=[bounded_date])
    occurred_on_precision = _precision_field()
    date_basis = models.CharField(
        max_length=20,
        choices=DateBasis.choices,
        default=DateBasis.STATED,
        help_text="How the date was set: stated in the text, or reckoned (the note says how).",
    )
    location = models.CharField(max_length=200, blank=True)
    category = models.ForeignKey(EventCategory, on_delete=models.PROTECT, related_name="events")
    initiator = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The side that acted: one of the relationship's two countries.",
    )
    target = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The side acted upon: the relationship's other country.",
    )
    mutual = models.BooleanField(
        default=False,
        help_text="Both sides acted together (a joint signing): each counts as initiator.",
    )
    actors = models.ManyToManyField(Actor, related_name="events", blank=True)
    score_override = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Leave empty to use the category's score.",
    )
    score_override_reason = models.TextField(blank=True)
    confidence = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=1,
        help_text="How sure the record is that it happened as told (0 to 1).",
    )
    note = models.TextField(
        blank=True, help_text="Curators' note: how the date was set and any judgment in the coding."
    )
    search_document = search_document_field(("title", "A"), ("summary", "B"))

    objects = DocumentDeferringManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["occurred_on", "id"]
        constraints = [
            precision_constraint("occurred_on", "event"),
            bounded_date_constraint("occurred_on", "event"),
            _choices_constraint("event", "date_basis", DateBasis, "Unknown date basis."),
            models.CheckConstraint(
                condition=Q(date_basis=DateBasis.STATED) | ~Q(note=""),
                name="event_reckoned_date_explained",
                violation_error_message="Say in the note how a date the text does not state was set.",
            ),
            models.CheckConstraint(
                condition=Q(score_override__isnull=True)
                | Q(score_override__gte=SCORE_RANGE[0], score_override__lte=SCORE_RANGE[1]),
                name="event_score_override_in_range",
                violation_error_message="A score runs from -10 (conflict) to +10 (cooperation).",
            ),
            models.CheckConstraint(
                condition=Q(score_override__isnull=True) | ~Q(score_override_reason=""),
                name="event_score_override_has_reason",
                violation_error_message="Say why the category's score is overridden.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="event_confidence_in_range",
                violation_error_message="Confidence runs from 0 to 1.",
            ),
            models.CheckConstraint(
                condition=Q(initiator__isnull=True)
                | Q(target__isnull=True)
                | ~Q(initiator=F("target")),
                name="event_sides_differ",
                violation_error_message="The initiator and the target are the two different sides.",
            ),
            models.CheckConstraint(
                condition=Q(mutual=False) | Q(initiator__isnull=True, target__isnull=True),
                name="event_mutual_has_no_single_side",
                violation_error_message="A mutual act has both sides as initiator: leave initiator "
                "and target empty.",
            ),
        ]
        indexes = [
            # A relationship's events in date order, paged from either end without a sort; the
            # included columns let a browse page's tally read the matching events (their
            # category, acting side, year and precision) from the index alone, not the table.
            models.Index(
                fields=["relationship", "occurred_on", "id"],
                include=["category", "initiator", "occurred_on_precision"],
                name="event_relationship_date_id",
            ),
            # A relationship's events of a category (or a root's few): a page narrowed by
            # category reads their entries, not every event of the relationship and year.
            models.Index(
                fields=["relationship", "category", "occurred_on"],
                name="event_relationship_category",
            ),
            # Every event in date order (the unfiltered list), paged without a sort.
            models.Index(fields=["occurred_on", "id"], name="event_date_id"),
            models.Index(F("relationship"), NEWEST_FIRST, name="event_rel_updated"),
            GinIndex(fields=["search_document"], name="event_search_document"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_display}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("relations:event", args=[self.pk])

    def clean(self) -> None:
        """The sides must be the relationship's own countries."""
        super().clean()
        if not self.relationship_id:
            return
        sides = {self.relationship.country_a_id, self.relationship.country_b_id}
        errors = {
            field: "Must be one of the relationship's two countries."
            for field in ("initiator", "target")
            if getattr(self, f"{field}_id") is not None
            and getattr(self, f"{field}_id") not in sides
        }
        if errors:
            raise ValidationError(errors)

    @property
    def score(self) -> Decimal:
        """The effective score of one event: EventQuerySet.with_effective_score's rule in Python."""
        if self.score_override is not None:
            return self.score_override
        return self.category.default_score

    @property
    def occurred_display(self) -> str:
        return format_reported_date(self.occurred_on, self.occurred_on_precision)


@tracked
class Citation(Timestamped):
    """The article behind one agreement, observation or event; the sentence where text is held."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    span_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the supporting sentence."
    )
    span_end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(
        blank=True, help_text="The supporting sentence, taken from the stored text."
    )
    note = models.TextField(blank=True, help_text="What the article says here, in our words.")
    stale = models.BooleanField(
        default=False,
        help_text="The article's text was changed and no longer holds the quote: the span is "
        "cleared until a curator points the citation at its new words.",
    )

    class Meta:
        ordering = ["article__published_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, observation__isnull=True, event__isnull=True)
                | Q(agreement__isnull=True, observation__isnull=False, event__isnull=True)
                | Q(agreement__isnull=True, observation__isnull=True, event__isnull=False),
                name="citation_cites_one_thing",
                violation_error_message="A citation supports exactly one agreement, observation or event.",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__isnull=False, span_end__gt=F("span_start")),
                name="citation_span_ordered",
                violation_error_message="A quoted span needs a start before its end.",
            ),
            models.CheckConstraint(
                condition=Q(stale=False) | Q(span_start__isnull=True, span_end__isnull=True),
                name="citation_stale_has_no_span",
                violation_error_message="A stale citation points at no words: give it a new "
                "span, which clears the flag, or none.",
            ),
        ]
        # A fact's articles read from the index alone: the public rule's anti-join and the
        # browse pages' source facet walk from a handful of events or agreements to their
        # articles (without these, the facet hashed every citation: 5 ms a page at 25,000).
        indexes = [
            models.Index(
                fields=["event", "article"],
                condition=Q(event__isnull=False),
                name="citation_event_article",
            ),
            models.Index(
                fields=["agreement", "article"],
                condition=Q(agreement__isnull=False),
                name="citation_agreement_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article.title}"


class RelationshipTally(models.Model):
    """How many public agreements, events and figures a relationship holds, and when any of
    them last changed, as of one version of the record: stored for /relationships/ and read
    from here, not counted over every row (0.1 s at 100,000 events) on each request.

    The record's version moves with every write (api/record_version.py), whichever way it is
    made, so a tally of an older version is stale; the first read after a write counts them
    all again (services/tallies.py). Not part of the record: no history, no version bump."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    record_version = models.BigIntegerField(help_text="The record's version these counts are of.")
    agreement_count = models.PositiveIntegerField()
    event_count = models.PositiveIntegerField()
    observation_count = models.PositiveIntegerField()
    last_changed = models.DateTimeField(
        help_text="The latest change to the relationship or any of its agreements, events or "
        "figures."
    )

    def __str__(self) -> str:
        return f"{self.relationship} (record version {self.record_version})"


class TemperaturePoint(models.Model):
    """One month of a relationship's temperature: stored by the rollup, read by pages and API."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="temperature_points"
    )
    direction = models.CharField(
        max_length=2,
        blank=True,
        default="",
        help_text="The acting side's code for one side's acts toward the other; blank for all events.",
    )
    month = models.DateField(help_text="First day of the month.")
    value = models.FloatField(help_text="0 (hostile) to 100 (warm); 50 is neutral.")
    low = models.FloatField()
    high = models.FloatField()
    event_count = models.PositiveIntegerField(help_text="Events that shaped this month.")
    effective_weight = models.FloatField(default=0)
    contributions = models.JSONField(
        default=list, help_text="Top contributing events: [{event_id, share}], largest first."
    )
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["relationship", "direction", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "direction", "month"],
                name="temperaturepoint_one_per_month_and_direction",
            ),
            models.CheckConstraint(
                condition=Q(direction="") | Q(direction__regex=r"^[A-Z]{2}$"),
                name="temperaturepoint_direction_is_a_country_code",
                violation_error_message="A direction is blank or a country's two-letter code.",
            ),
            models.CheckConstraint(
                condition=Q(low__lte=F("value"), value__lte=F("high")),
                name="temperaturepoint_band_contains_value",
            ),
        ]

    def __str__(self) -> str:
        direction = f" ({self.direction} acting)" if self.direction else ""
        return f"{self.relationship}{direction} {self.month:%Y-%m}: {self.value:.1f}"


class TurningPoint(models.Model):
    """A month whose temperature moved five points or more, and the events that moved it.

    Stored by the rollup beside the temperature points; pages and the API only read it.
    """

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="turning_points"
    )
    month = models.DateField(help_text="First day of the month that moved.")
    previous_value = models.FloatField(help_text="The month before's temperature.")
    value = models.FloatField(help_text="This month's temperature.")
    pushed = models.FloatField(help_text="Points of every part that moved it the move's way.")
    fading = models.FloatField(help_text="Points of the move due to earlier events fading.")
    movers = models.JSONField(
        default=list,
        help_text="The events that moved it most: [{event_id, points, share}], largest first.",
    )
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["relationship", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "month"], name="turningpoint_one_per_month"
            ),
            # Python tests v - p >= 5, PostgreSQL v >= p + 5: a rounding's leeway apart.
            models.CheckConstraint(
                condition=Q(value__gte=F("previous_value") + (5 - 1e-9))
                | Q(value__lte=F("previous_value") - (5 - 1e-9)),
                name="turningpoint_moves_five_points",
                violation_error_message="A turning point moves five points or more.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship} {self.month:%Y-%m}: {self.change:+.1f}"

    def get_absolute_url(self) -> str:
        return reverse(
            "relations:turning_point", args=[self.relationship.slug, f"{self.month:%Y-%m}"]
        )

    @property
    def change(self) -> float:
        return self.value - self.previous_value


class TemperatureRecomputeFailure(models.Model):
    """A relationship whose stored temperature is out of date: its recompute after a saved
    change failed. Retried by the next change, `recompute_temperature --failed` or the admin;
    any successful recompute of the relationship deletes the row."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="recompute_failure"
    )
    error = models.TextField(help_text="What went wrong the last time.")
    attempts = models.PositiveIntegerField(default=1)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()

    class Meta:
        ordering = ["first_failed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attempts__gte=1),
                name="temperaturerecomputefailure_attempted",
                violation_error_message="A failure follows at least one attempt.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relationship}: temperature out of date since {self.first_failed_at:%Y-%m-%d %H:%M}"


# Who is party to an agreement and who took part in an event are links, kept as their own events.
tracked_links(Agreement._meta.get_field("parties"), model_name="AgreementPartyHistory")
tracked_links(Event._meta.get_field("actors"), model_name="EventActorHistory")


class CandidateKind(models.TextChoices):
    ACTOR = "actor", "Actor"
    AGREEMENT = "agreement", "Agreement"
    OBSERVATION = "observation", "Observation (a figure)"
    EVENT = "event", "Event"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", "Pending review"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    MERGED = "merged", "Merged into an existing item"


CANDIDATE_TARGETS = ("actor", "agreement", "observation", "event")
DECIDED = (CandidateStatus.ACCEPTED, CandidateStatus.MERGED)


def _only_its_kind(prefix: str) -> Q:
    """Each `<prefix>_<kind>` link may be set only on a candidate of that kind."""
    condition = Q()
    for kind in CANDIDATE_TARGETS:
        condition &= Q(**{f"{prefix}_{kind}__isnull": True}) | Q(kind=kind)
    return condition


def _candidate_link(model: type[models.Model] | str, help_text: str) -> models.ForeignKey:
    """A link most candidates leave empty: indexed where set (Candidate.Meta.indexes), so the
    rows ingestion inserts by the thousand do not each add an empty key to every index."""
    return models.ForeignKey(
        model,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=help_text,
        db_index=False,
    )


_CANDIDATE_LINKS = (
    *(f"matched_{kind}" for kind in CandidateKind.values),
    *(f"accepted_{kind}" for kind in CandidateKind.values),
    "citation",
    "reviewed_by",
)


class Candidate(Timestamped):
    """One item extraction proposed from an article, waiting for a curator's decision.

    Nothing here reaches the dashboard, the public API or the temperature: accepting a
    candidate creates (or cites) an ordinary Actor, Agreement, Observation or Event.
    """

    Kind = CandidateKind
    Status = CandidateStatus

    # Indexed by candidate_one_per_item, whose first column it is.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="candidates", db_index=False
    )
    relationship = models.ForeignKey(
        Relationship,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidates",
        help_text="The relationship the article was found to be about.",
    )
    kind = models.CharField(max_length=12, choices=CandidateKind.choices)
    proposal = models.JSONField(help_text="The extracted item, as extraction gave it.")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of kind and proposal: the same item is proposed once."
    )
    span_start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the sentence in the article's text."
    )
    span_end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField(blank=True, help_text="The sentence the item was read from.")
    confidence = models.DecimalField(max_digits=3, decimal_places=2, default=0)
    matched_actor = _candidate_link(Actor, "An existing actor this names.")
    matched_agreement = _candidate_link(Agreement, "An existing agreement this reports.")
    matched_observation = _candidate_link(Observation, "An existing figure this reports.")
    matched_event = _candidate_link(Event, "An existing event this reports.")
    status = models.CharField(
        max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(
        blank=True, help_text="Why it was rejected, or what the curator changed in accepting it."
    )
    accepted_actor = _candidate_link(Actor, "The actor accepting created or merged into.")
    accepted_agreement = _candidate_link(Agreement, "The agreement accepting created or cited.")
    accepted_observation = _candidate_link(Observation, "The figure accepting created or cited.")
    accepted_event = _candidate_link(Event, "The event accepting created or cited.")
    citation = _candidate_link(Citation, "The citation accepting wrote for the sentence.")

    class Meta:
        ordering = ["article", "span_start", "id"]
        indexes = [
            models.Index(fields=["status", "article"], name="candidate_status_article"),
            *(
                models.Index(
                    fields=[link],
                    condition=Q(**{f"{link}__isnull": False}),
                    name=f"candidate_{link}",
                )
                for link in _CANDIDATE_LINKS
            ),
        ]
        constraints = [
            _choices_constraint("candidate", "kind", CandidateKind, "Unknown candidate kind."),
            _choices_constraint(
                "candidate", "status", CandidateStatus, "Unknown candidate status."
            ),
            models.UniqueConstraint(
                fields=["article", "fingerprint"],
                name="candidate_one_per_item",
                violation_error_message="This article already proposes this item.",
            ),
            models.CheckConstraint(
                condition=Q(fingerprint__regex=r"^[0-9a-f]{64}$"),
                name="candidate_fingerprint_sha256",
                violation_error_message="The fingerprint must be a SHA-256 hex digest.",
            ),
            models.CheckConstraint(
                condition=_only_its_kind("matched"),
                name="candidate_matches_its_kind",
                violation_error_message="A candidate matches only an existing item of its kind.",
            ),
            models.CheckConstraint(
                condition=_only_its_kind("accepted"),
                name="candidate_result_its_kind",
                violation_error_message="Accepting a candidate yields an item of its kind.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=DECIDED)
                | Q(accepted_actor__isnull=False)
                | Q(accepted_agreement__isnull=False)
                | Q(accepted_observation__isnull=False)
                | Q(accepted_event__isnull=False),
                name="candidate_accepted_has_result",
                violation_error_message="An accepted or merged candidate links the item it became.",
            ),
            models.CheckConstraint(
                condition=Q(status=CandidateStatus.PENDING, reviewed_at__isnull=True)
                | (~Q(status=CandidateStatus.PENDING) & Q(reviewed_at__isnull=False)),
                name="candidate_reviewed_when_decided",
                violation_error_message="A decided candidate records when it was reviewed; "
                "a pending one has no review.",
            ),
            models.CheckConstraint(
                condition=Q(span_start__isnull=True, span_end__isnull=True)
                | Q(span_start__isnull=False, span_end__isnull=False, span_end__gt=F("span_start")),
                name="candidate_span_ordered",
                violation_error_message="A quoted span needs a start before its end.",
            ),
            models.CheckConstraint(
                # A row missing its review time breaks candidate_reviewed_when_decided instead.
                condition=~Q(status=CandidateStatus.REJECTED)
                | ~Q(review_note="")
                | Q(reviewed_at__isnull=True),
                name="candidate_rejection_has_reason",
                violation_error_message="Say why the candidate is rejected.",
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="candidate_confidence_in_range",
                violation_error_message="Confidence runs from 0 to 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.article_id}: {self.quote[:60]}"

    @property
    def matched(self) -> models.Model | None:
        """The existing item extraction found this to be, if any."""
        return getattr(self, f"matched_{self.kind}", None)

    @property
    def accepted(self) -> models.Model | None:
        """The item accepting produced or cited, if decided."""
        return getattr(self, f"accepted_{self.kind}", None)


class IngestionOutcome(models.TextChoices):
    QUEUED = "queued", "Queued"
    NEW = "new", "New article"
    ATTACHED = "attached", "Attached to an existing article"
    DUPLICATE = "duplicate", "Duplicate (same text already held)"
    REJECTED = "rejected", "Rejected"
    FAILED = "failed", "Failed"


class IngestionFormat(models.TextChoices):
    TEXT = "text", "Plain text"
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


class Ingestion(Timestamped):
    """One text submitted for ingestion (a file, an API call, an admin upload) and its outcome.

    The job on the queue carries only this row's id; the row keeps what was sent, what it
    produced and, when it failed, why (procrastinate's own tables keep no reason).
    """

    Outcome = IngestionOutcome
    Format = IngestionFormat

    origin = models.CharField(max_length=1000, help_text="The file's path, or 'api' or 'admin'.")
    content = models.TextField(help_text="What was sent: text, Markdown or HTML.")
    content_format = models.CharField(
        max_length=8, choices=IngestionFormat.choices, default=IngestionFormat.TEXT
    )
    metadata = models.JSONField(
        default=dict, blank=True, help_text="What the sender said: title, url, publisher, date."
    )
    job_id = models.BigIntegerField(
        null=True, blank=True, unique=True, help_text="The procrastinate job that runs it."
    )
    outcome = models.CharField(
        max_length=10, choices=IngestionOutcome.choices, default=IngestionOutcome.QUEUED
    )
    reason = models.TextField(blank=True, help_text="Why it was rejected or failed.")
    attempts = models.PositiveIntegerField(default=0)
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    candidate_counts = models.JSONField(
        default=dict, blank=True, help_text="Candidates proposed, by kind."
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            _choices_constraint(
                "ingestion", "outcome", IngestionOutcome, "Unknown ingestion outcome."
            ),
            _choices_constraint(
                "ingestion", "content_format", IngestionFormat, "Unknown content format."
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["rejected", "failed"]) | ~Q(reason=""),
                name="ingestion_refusal_has_reason",
                violation_error_message="A rejected or failed ingestion says why.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} ({self.get_outcome_display()})"
