"""WSGI entry point: `gunicorn fazhiweb.wsgi`. In production (FAZHI_DEBUG=0) it refuses to start
without a real FAZHI_SECRET_KEY."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

from fazhiweb.keys import require_server_key  # noqa: E402

require_server_key(settings.DEBUG)
