import os

from django.core.wsgi import get_wsgi_application

from vangnet.startup import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vangnet.settings")
application = get_wsgi_application()
# After setup: the settings are read, and a production server without a secret key never answers.
require_secret_key()
