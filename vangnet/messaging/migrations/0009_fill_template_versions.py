"""Every template that exists gets its text as version 1, saved when and by whom the template was last saved.

Set-based: one INSERT … SELECT and one UPDATE, whatever the number of templates; plain SQL both databases
accept. Messages sent before keep no version (they may have been rendered from an older text)."""

from django.db import migrations

FILL_VERSIONS = """
INSERT INTO messaging_templateversion (corporation_id, template_id, number, subject, body_text, body_html,
                                       saved_at, saved_by, restored_from)
SELECT corporation_id, id, 1, subject, body_text, body_html, updated_at,
       COALESCE(NULLIF(updated_by, ''), 'vangnet'), NULL
FROM messaging_messagetemplate
WHERE current_version_id IS NULL
"""

POINT_TO_VERSIONS = """
UPDATE messaging_messagetemplate
SET current_version_id = (
    SELECT v.id FROM messaging_templateversion v
    WHERE v.template_id = messaging_messagetemplate.id AND v.number = 1
)
WHERE current_version_id IS NULL
"""

UNDO = [
    "UPDATE messaging_messagetemplate SET current_version_id = NULL",
    "UPDATE messaging_outgoingmessage SET template_version_id = NULL",
    "DELETE FROM messaging_templateversion",
]


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0008_template_versions"),
    ]

    operations = [
        migrations.RunSQL([FILL_VERSIONS, POINT_TO_VERSIONS], UNDO),
    ]
