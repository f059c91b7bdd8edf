from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Evidence: sources and articles"

    def ready(self) -> None:
        from api.caching import register_updated_columns
        from api.sync import register_deletion_kinds

        register_updated_columns(self)  # the API's Last-Modified counts our rows' changes
        # Deleted sources and articles leave tombstones (relations' migration 0004 triggers).
        register_deletion_kinds(self.get_model("Source"), self.get_model("Article"))
