"""WSGI entry point (``gunicorn stcoop.config.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stcoop.config.settings")
application = get_wsgi_application()
