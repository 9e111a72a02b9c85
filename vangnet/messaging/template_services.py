"""Writes of message templates: install the shipped defaults, save a corporation's own text (placeholders
checked here, at save time), and the lookup that picks a template for a message with its fallbacks."""

from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows.legal.fourteen_day_letter import LEGAL_TEMPLATE_CODES
from vangnet.messaging.defaults import default_specs
from vangnet.messaging.models import MessageTemplate
from vangnet.messaging.placeholders import names_in, template_errors
from vangnet.messaging.template_versions import (
    log_version,
    template_version_get,
    template_version_save,
    template_versions_start,
)


def templates_install_defaults(*, corporation: Corporation, actor: Actor = None) -> int:
    """Install the shipped default texts; idempotent, and texts the corporation changed stay as they are."""
    existing = set(
        MessageTemplate.objects.filter(corporation=corporation).values_list(
            "code", "channel", "language", "tone"
        )
    )
    new = [
        MessageTemplate(
            corporation=corporation,
            code=spec.code,
            name=spec.name,
            channel=spec.channel,
            language=spec.language,
            tone=spec.tone,
            subject=spec.subject,
            body_text=spec.body_text,
            is_default=True,
            updated_by="vangnet",
        )
        for spec in default_specs()
        if (spec.code, spec.channel, spec.language, spec.tone) not in existing
    ]
    with transaction.atomic():
        MessageTemplate.objects.bulk_create(new, ignore_conflicts=True)
        # Each installed text is version 1 of its template.
        template_versions_start(corporation=corporation, actor=actor)
        if new:
            log_action(
                corporation=corporation,
                actor=actor,
                action="messaging.templates_installed",
                data={"created": len(new)},
            )
    return len(new)


# The 14-day letter of art. 6:96 lid 6 BW must state the principal, the term and the exact costs; a term
# counted "na dagtekening" or "na heden" makes it defective (HR 25-11-2016, ECLI:NL:HR:2016:2704).
LEGAL_CODES = LEGAL_TEMPLATE_CODES
LEGAL_REQUIRED = ("achterstand", "gevolgen_niet_betalen")
LEGAL_FORBIDDEN = ("dagtekening", "na heden", "na vandaag")


def template_validate(
    *, channel: str, subject: str, body_text: str, body_html: str = "", code: str = ""
) -> list[str]:
    errors = []
    if not body_text.strip():
        errors.append(gettext("De tekst is leeg."))
    for text in (subject, body_text, body_html):
        errors.extend(template_errors(text, channel=channel))
    if code in LEGAL_CODES:
        used = set(names_in(body_text))
        for name in LEGAL_REQUIRED:
            if name not in used:
                errors.append(
                    gettext("De veertiendagenbrief moet het veld {{ %(name)s }} bevatten.") % {"name": name}
                )
        lowered = f"{subject}\n{body_text}\n{body_html}".lower()
        for words in LEGAL_FORBIDDEN:
            if words in lowered:
                errors.append(
                    gettext(
                        "Schrijf in de veertiendagenbrief niet '%(words)s': de termijn begint de dag nadat de "
                        "brief is bezorgd."
                    )
                    % {"words": words}
                )
    return list(dict.fromkeys(errors))


def template_update(
    *, template: MessageTemplate, subject: str, body_text: str, body_html: str = "", actor: User
) -> MessageTemplate:
    """Save a corporation's own text as the template's next version. Unknown placeholders are refused here,
    never at send time. The same text as the version in use saves nothing new."""
    _check(template, subject, body_text, body_html)
    with transaction.atomic():
        version = template_version_save(
            template=template, subject=subject, body_text=body_text, body_html=body_html, actor=actor
        )
        template.is_default = False
        template.updated_by = actor.get_username()
        template.save()
        log_version(template, version, actor, "messaging.template_updated")
    return template


def template_restore(*, template: MessageTemplate, number: int, actor: User) -> MessageTemplate:
    """Use an old version's text again: it is saved as the template's next version (the old one stays)."""
    old = template_version_get(template=template, number=number)
    _check(template, old.subject, old.body_text, old.body_html)
    with transaction.atomic():
        version = template_version_save(
            template=template,
            subject=old.subject,
            body_text=old.body_text,
            body_html=old.body_html,
            actor=actor,
            restored_from=old.number,
        )
        if version is None:
            raise ApplicationError(
                gettext("Versie %(number)s is al de tekst die nu wordt gebruikt.") % {"number": number},
                extra={"code": "version_in_use"},
            )
        template.is_default = False
        template.updated_by = actor.get_username()
        template.save()
        log_version(template, version, actor, "messaging.template_restored")
    return template


def _check(template: MessageTemplate, subject: str, body_text: str, body_html: str) -> None:
    errors = template_validate(
        channel=template.channel,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        code=template.code,
    )
    if errors:
        raise ApplicationError(" ".join(errors), extra={"errors": errors})


TemplateKey = tuple[str, str, str, str]


def template_index(*, corporation: Corporation) -> dict[TemplateKey, int]:
    return {
        (code, channel, language, tone): pk
        for pk, code, channel, language, tone in MessageTemplate.objects.filter(
            corporation=corporation
        ).values_list("pk", "code", "channel", "language", "tone")
    }


def template_resolve(
    index: dict[TemplateKey, int], *, code: str, channel: str, language: str, tone: str
) -> tuple[int | None, list[str]]:
    """The template for a message, falling back to Dutch and then to "u"; notes say what was used."""
    for lang, tn in ((language, tone), (language, "u"), ("nl", tone), ("nl", "u")):
        pk = index.get((code, channel, lang, tn))
        if pk is not None:
            notes = []
            if lang != language:
                notes.append(f"Geen tekst in taal '{language}': Nederlands gebruikt.")
            if tn != tone:
                notes.append(f"Geen tekst met '{tone}': 'u' gebruikt.")
            return pk, notes
    return None, [f"Geen sjabloon '{code}' voor {channel}."]
