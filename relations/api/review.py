"""Who sees facts awaiting review through the API: curators whose token may see unreviewed
articles (the articles API's rule), everyone else only what is public."""

from django.http import HttpRequest

from articles.api import UNREVIEWED_PERMISSION


def sees_pending(request: HttpRequest) -> bool:
    user = request.auth
    return bool(user is not None and user.is_authenticated and user.has_perm(UNREVIEWED_PERMISSION))
