"""The `irm` command: Django's management commands plus the platform's own (`irm help`)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["irm", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
