"""The `vangnet` console script: Django's command line with our settings."""

import os
import sys

from django.core.management import execute_from_command_line

from vangnet.startup import check_command, command_environment


def main() -> None:
    command_environment(sys.argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
    check_command(sys.argv)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
