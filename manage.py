#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # The command line is a developer's tool: it runs with DEBUG on unless told
    # otherwise (DJANGO_DEBUG=0, as `make serve` does). The servers (gunicorn through
    # config.wsgi, Celery workers) default to off and refuse to start without a secret.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
