from django.apps import AppConfig

# The models whose deleted rows leave a tombstone (the triggers of migration 0004).
TOMBSTONED_MODELS = (
    "Country",
    "Relationship",
    "Actor",
    "ActorAlias",
    "Agreement",
    "Metric",
    "Observation",
    "EventCategory",
    "Event",
    "Citation",
)


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "Knowledge: relationships, actors, agreements, metrics, events"

    def ready(self) -> None:
        from api.caching import register_change_column, register_updated_columns
        from api.sync import register_deletion_kinds
        from articles.services import article_review_change_hook, article_text_change_hook
        from relations.services.citations import citations_follow_text
        from relations.services.rollup import temperature_follows_review

        # The API's Last-Modified: the newest row, and the last computed temperature.
        register_updated_columns(self)
        register_change_column(self.get_model("TemperaturePoint"), "computed_at")
        register_deletion_kinds(*(self.get_model(name) for name in TOMBSTONED_MODELS))
        # An edited article text moves its citations onto their quotes, or flags them stale.
        article_text_change_hook(citations_follow_text)
        # An approved (or unapproved) article makes what cites it public (or not).
        article_review_change_hook(temperature_follows_review)
