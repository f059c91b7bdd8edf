"""The NinjaAPI instance: every app's Router is mounted here, with one error shape."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Bilateral API",
    version="1",
    description="The curated record of relations between pairs of countries.",
)
