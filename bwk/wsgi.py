"""WSGI entry point (gunicorn bwk.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bwk.settings")
application = get_wsgi_application()
