"""Telling the curator who saved a change that the temperature could not follow it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse

from relations.services.rollup import recompute_failures_collected

NOTICE = (
    "Saved. The temperature of {names} could not be recomputed ({error}); it stays as it was "
    "until a retry succeeds (Temperature recompute failures in the admin)."
)


class RecomputeNoticeMiddleware:
    """A request whose saved change was followed by a failed temperature recompute answers as
    it would have (the change is committed), plus a warning: a message on the next admin page
    for curators, and a `Warning` header (code 199) for API clients.

    Listed after MessageMiddleware: its response phase runs first, while messages can still
    be stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with recompute_failures_collected() as failures:
            response = self.get_response(request)
        if not failures:
            return response
        names = ", ".join(sorted({str(failure.relationship) for failure in failures}))
        notice = NOTICE.format(names=names, error=failures[-1].error.splitlines()[0][:200])
        header = notice.replace("\\", "\\\\").replace('"', '\\"')
        response["Warning"] = f'199 bilateral "{header}"'.encode("ascii", "replace").decode()
        user = getattr(request, "user", None)
        if hasattr(request, "_messages") and user is not None and user.is_staff:
            messages.warning(request, notice)
        return response
