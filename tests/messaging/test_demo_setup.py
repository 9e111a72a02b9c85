from datetime import date

from vangnet.demo.setup import seed_demo
from vangnet.messaging.defaults import default_specs
from vangnet.messaging.models import MessageTemplate, MessagingSettings


def test_seed_demo_installs_the_default_templates_once(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for _ in range(2):
        result = seed_demo(tenancies=10, months=3, as_of=date(2026, 3, 10))
    corporation = result.corporation
    assert MessageTemplate.objects.filter(corporation=corporation).count() == len(default_specs())
    demo = MessagingSettings.objects.get(corporation=corporation)
    assert demo.review_batches and demo.sandbox
