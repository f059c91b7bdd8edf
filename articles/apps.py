from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Evidence: sources and articles"

    def ready(self) -> None:
        from api.caching import register_updated_columns

        register_updated_columns(self)  # the API's Last-Modified counts our rows' changes
