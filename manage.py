#!/usr/bin/env python
"""Django entry point for the Fazhi web ledger (`python manage.py runserver`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhiweb.settings")
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] == "runserver":
        from django.conf import settings

        from fazhiweb.keys import require_server_key

        require_server_key(settings.DEBUG)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
