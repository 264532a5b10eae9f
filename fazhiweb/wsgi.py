"""WSGI entry point: `gunicorn fazhiweb.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")
application = get_wsgi_application()
