"""pytest plugin, loaded with `-p vangnet.test_environment` (pyproject's addopts): the tests run in the
"test" environment (a fixed test key, plain http, the sandbox providers).

It must be a plugin named on the command line: pytest imports those before pytest-django reads the
settings, while tests/conftest.py is imported after. Nothing else sets VANGNET_ENV=test, so a server,
worker or command can never fall into the test defaults by accident.
"""

import os

os.environ["VANGNET_ENV"] = "test"
