"""``python -m reboot_http`` is the ``reboot`` command."""

from reboot_http.cli import main

raise SystemExit(main())
