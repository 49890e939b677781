"""WSGI entry point (waitress serves it for `duban serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
application = get_wsgi_application()
