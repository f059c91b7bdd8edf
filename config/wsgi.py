"""WSGI entry point (gunicorn config.wsgi, and runserver through WSGI_APPLICATION)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

if settings.RECORD_VERSION_LISTEN:
    from api.record_version import listen

    # Each worker learns of writes through LISTEN/NOTIFY instead of asking on every request.
    listen()
