#!/usr/bin/env python
"""The example host's manage.py (run from this directory)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "host.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
