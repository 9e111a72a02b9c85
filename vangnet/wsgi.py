import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from vangnet.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
application = get_wsgi_application()
# After setup: the settings are read, and a production server without a secret key never answers.
require_secret_key()
# Import every view now (the URLconf pulls them in), while the server boots the worker and before it takes
# requests: otherwise the first request of each worker waits for it (seconds on a busy machine). With
# gunicorn's --preload this happens once, before the workers are forked.
get_resolver().url_patterns  # noqa: B018
