from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API: tokens and tombstones"

    def ready(self) -> None:
        from api.caching import register_change_column
        from api.models import Deletion

        register_change_column(Deletion, "deleted_at", every_family=True)
