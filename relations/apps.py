from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "Knowledge: relationships, actors, agreements, metrics, events"

    def ready(self) -> None:
        from api.caching import register_change_column, register_updated_columns

        # The API's Last-Modified: the newest row, and the last computed temperature.
        register_updated_columns(self)
        register_change_column(self.get_model("TemperaturePoint"), "computed_at")
