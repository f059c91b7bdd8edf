"""Who may call the API: bearer tokens for writes, and for reads when settings ask for it.

`token_auth` accepts `Authorization: Bearer blt_...` and puts the user on `request.auth`
(and `request.user`); `read_auth` is the `auth=` of read operations; a write operation's
`auth=` is `token_with_permission("app.codename")`. ninja runs authentication before it reads
the body, so a caller without the permission is told 403 rather than what was wrong with the
payload. Failures answer in the API's one error shape, `{"detail": ...}`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from api.audit import API_DOOR, enter_door
from api.tokens import api_token_authenticate


class TokenAuth(HttpBearer):
    """A per-user API token, issued by curators in the admin; optionally a permission too."""

    def __init__(self, permission: str | None = None) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is None:
            # Raised rather than returned: a bad key is refused even where reads are public,
            # and the client is told why.
            raise AuthenticationError(message="Invalid, revoked or expired API token.")
        if not self.allows(user):
            raise HttpError(403, f"Your account lacks the permission {self.permission}.")
        # Setting the user names it in a write's audit context (api/audit.py); this, its door.
        request.user = user
        enter_door(API_DOOR)
        return user

    def allows(self, user) -> bool:
        return self.permission is None or user.has_perm(self.permission)


class CuratorTokenAuth(TokenAuth):
    """A curator's token: a staff user's, or one whose user holds `permission`."""

    def allows(self, user) -> bool:
        return user.is_staff or super().allows(user)


class PublicRead:
    """Lets a request through anonymously unless settings.API_READ_REQUIRES_TOKEN is set."""

    def __call__(self, request: HttpRequest):
        if settings.API_READ_REQUIRES_TOKEN:
            return None  # ninja answers 401 {"detail": "Unauthorized"}
        return AnonymousUser()


token_auth = TokenAuth()
# Tried in order: a token when one is sent, else anonymous access where reads are public.
read_auth = [token_auth, PublicRead()]


def token_with_permission(permission: str) -> TokenAuth:
    """The `auth=` of a write: a valid token whose user holds `permission` (else 401, 403)."""
    return TokenAuth(permission)


# The audit trail is for curators; `view_events` is the permission its admin asks for too.
curator_auth = CuratorTokenAuth("pghistory.view_events")
