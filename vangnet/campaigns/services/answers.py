"""A tenant's answer to a campaign, on the portal or typed in by a colleague from a paper reply slip.

Every answer checks everything first and writes nothing when a value is wrong (ApplicationError with
`extra["fields"]`, one specific message per field). A doubtful meter reading asks the tenant again
(`extra["ask_again"]`); confirmed, or typed from paper, it is kept and flagged for a colleague.
"""

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.campaigns.models import (
    AnswerSource,
    Campaign,
    CampaignKind,
    CampaignTarget,
    ContactChange,
    Meter,
    MeterReading,
    ReadingStatus,
    SurveyAnswer,
)
from vangnet.campaigns.plausibility import ReadingError, parse_reading, reading_problem
from vangnet.campaigns.usage import complex_daily_use, meter_histories, usual_daily_use
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.channels import PREFERENCE_KINDS
from vangnet.core.errors import ApplicationError
from vangnet.events.services import event_publish
from vangnet.messaging.links import normalise_access_code
from vangnet.tasks.models import TaskKind, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Language, Tenant, Tone
from vangnet.tenants.services import PHONE_CHARS, normalise_phone, tenant_contact_update

METER_NUMBER = re.compile(r"^[A-Z0-9\-]{4,20}$")
PHOTO_TYPES = ("image/jpeg", "image/png", "image/heic", "image/webp")
PHOTO_MAX_BYTES = 10 * 1024 * 1024
CHECK_DAYS = 5  # working days a colleague gets to look at a flagged answer


def _refuse(fields: dict[str, str], **extra) -> ApplicationError:
    return ApplicationError(
        gettext("Niet alles is goed ingevuld. Kijk bij de velden wat er mis is."),
        extra={"fields": fields, **extra},
    )


def target_by_code(*, campaign: Campaign, code: str) -> CampaignTarget | None:
    return campaign.targets.select_related("tenant", "unit").filter(code=normalise_access_code(code)).first()


def _answered(target: CampaignTarget, source: str, as_of: date) -> None:
    target.answered_on, target.answered_by = as_of, source
    target.save(update_fields=["answered_on", "answered_by"])


def _duplicates(tenant: Tenant, values: dict[str, str]) -> dict[str, Tenant]:
    """field -> another tenant of the corporation with the same e-mail address or mobile number."""
    found: dict[str, Tenant] = {}
    for name in ("email", "phone_mobile"):
        if values.get(name):
            other = (
                Tenant.objects.filter(corporation_id=tenant.corporation_id, **{name: values[name]})
                .exclude(pk=tenant.pk)
                .first()
            )
            if other is not None:
                found[name] = other
    return found


def contact_answer_submit(
    *,
    target: CampaignTarget,
    email: str,
    phone_mobile: str,
    preferred_channel: str,
    language: str,
    tone: str,
    iban: str = "",
    as_of: date,
    actor: Actor = "portal",
) -> list[str]:
    """The tenant confirms or completes their contact data. Returns the names of the fields that changed;
    each change is kept with its old value, the ERP gets an event, duplicates and an IBAN go to a colleague."""
    tenant = target.tenant
    email = email.strip().lower()
    phone_mobile = normalise_phone(phone_mobile)
    iban = iban.replace(" ", "").upper()
    problems: dict[str, str] = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = gettext("Dit e-mailadres klopt niet. Kijk of er een @ in staat.")
    if phone_mobile and not (
        PHONE_CHARS.match(phone_mobile) and re.match(r"^(\+316|06|00316)", phone_mobile)
    ):
        problems["phone_mobile"] = gettext("Dit is geen mobiel nummer. Schrijf het zo: 0612345678.")
    if preferred_channel not in {kind.value for kind in PREFERENCE_KINDS}:
        problems["preferred_channel"] = gettext("Kies hoe wij u het liefst bereiken.")
    elif preferred_channel == "email" and not email:
        problems["preferred_channel"] = gettext("U koos e-mail: vul dan ook uw e-mailadres in.")
    elif preferred_channel == "sms" and not phone_mobile:
        problems["preferred_channel"] = gettext("U koos SMS: vul dan ook uw mobiele nummer in.")
    if language not in Language.values:
        problems["language"] = gettext("Kies een taal uit de lijst.")
    if tone not in Tone.values:
        problems["tone"] = gettext("Kies hoe wij u aanspreken.")
    if iban:
        try:
            IBAN(iban)
        except SchwiftyException:
            problems["iban"] = gettext(
                "Dit IBAN klopt niet. Het staat op uw bankpas, bijvoorbeeld NL91ABNA0417164300."
            )
    if problems:
        raise _refuse(problems)
    new_values = {
        "email": email,
        "phone_mobile": phone_mobile,
        "preferred_channel": preferred_channel,
        "language": language,
        "tone": tone,
    }
    old_values = {name: getattr(tenant, name) for name in new_values}
    changed = [name for name, value in new_values.items() if old_values[name] != value]
    duplicates = _duplicates(tenant, {name: new_values[name] for name in changed})
    with transaction.atomic():
        tenant_contact_update(
            tenant=tenant,
            email=email,
            phone_mobile=phone_mobile,
            phone_home=tenant.phone_home,
            actor=actor or "portal",
            action="campaign.contact_updated",
        )
        preferences = [name for name in ("preferred_channel", "language", "tone") if name in changed]
        for preference in preferences:
            setattr(tenant, preference, new_values[preference])
        if preferences:
            tenant.save(update_fields=[*preferences, "updated_at"])
        rows = [
            ContactChange(
                corporation_id=tenant.corporation_id,
                tenant=tenant,
                target=target,
                field=name,
                old_value=old_values[name],
                new_value=new_values[name],
                duplicate_of=duplicates.get(name),
                changed_on=as_of,
            )
            for name in changed
        ]
        if iban:
            rows.append(
                ContactChange(
                    corporation_id=tenant.corporation_id,
                    tenant=tenant,
                    target=target,
                    field="iban",
                    new_value=iban,
                    changed_on=as_of,
                )
            )
        ContactChange.objects.bulk_create(rows)
        for name, other in duplicates.items():
            task_create(
                corporation=tenant.corporation,
                kind=TaskKind.GENERIC,
                title=gettext("Zelfde contactgegeven bij twee huurders: %(a)s en %(b)s")
                % {"a": tenant.display_name, "b": other.display_name},
                description=gettext("Veld: %(field)s. Kijk welke huurder het juiste gegeven heeft.")
                % {"field": getattr(Tenant._meta.get_field(name), "verbose_name", name)},
                due_on=as_of + timedelta(days=CHECK_DAYS),
                source=TaskSource.PORTAL,
                source_key=f"campaign-duplicate:{target.pk}:{name}",
                tenant=tenant,
            )
        if iban:
            task_create(
                corporation=tenant.corporation,
                kind=TaskKind.GENERIC,
                title=gettext("Automatische incasso regelen voor %(name)s") % {"name": tenant.display_name},
                description=gettext("De huurder gaf een IBAN door voor automatische incasso: %(iban)s.")
                % {"iban": iban},
                due_on=as_of + timedelta(days=CHECK_DAYS),
                source=TaskSource.PORTAL,
                source_key=f"campaign-iban:{target.pk}",
                tenant=tenant,
            )
        if changed or iban:
            event_publish(
                corporation=tenant.corporation,
                type="tenant.contact_changed",
                payload={
                    "tenant_id": tenant.source_id,
                    "campaign_id": target.campaign_id,
                    "changed": {name: new_values[name] for name in changed}
                    | ({"iban": iban} if iban else {}),
                    "previous": {name: old_values[name] for name in changed},
                },
            )
        _answered(target, AnswerSource.PORTAL, as_of)
        log_action(
            corporation=tenant.corporation,
            actor=actor,
            action="campaign.answered",
            obj=tenant,
            data={"campaign": target.campaign_id, "fields": changed, "iban": bool(iban)},
        )
    return changed + (["iban"] if iban else [])


def _meter_for(target: CampaignTarget, number: str) -> tuple[Meter | None, str]:
    """The unit's meter the tenant means, or None to register `number` as its first; or a problem."""
    meters = list(Meter.objects.filter(unit_id=target.unit_id or 0))
    if not number:
        if len(meters) == 1:
            return meters[0], ""
        return None, gettext("Vul het meternummer in. Het staat op de meter, bij de streepjescode.")
    if not METER_NUMBER.match(number):
        return None, gettext("Een meternummer heeft 4 tot 20 letters en cijfers. Kijk nog eens op de meter.")
    match = next((meter for meter in meters if meter.number == number), None)
    if match is not None:
        return match, ""
    if meters or Meter.objects.filter(corporation_id=target.corporation_id, number=number).exists():
        return None, gettext("Dit meternummer hoort niet bij uw woning. Kijk nog eens op de meter.")
    return None, ""


def meter_reading_submit(
    *,
    target: CampaignTarget,
    meter_number: str,
    value: str,
    as_of: date,
    actor: Actor = "portal",
    source: str = AnswerSource.PORTAL,
    confirmed: bool = False,
    photo: UploadedFile | None = None,
) -> MeterReading:
    """A reading for the target's unit. A doubtful value asks again unless `confirmed` (the tenant said it
    is right) or typed from paper: then it is kept, marked implausible, and a colleague gets a task."""
    unit = target.unit
    if target.campaign.kind != CampaignKind.METER or unit is None:
        raise ApplicationError(gettext("Deze campagne vraagt geen meterstand."))
    number = meter_number.strip().upper().replace(" ", "")
    problems: dict[str, str] = {}
    try:
        reading_value = parse_reading(value)
    except ReadingError as error:
        problems["value"] = str(error)
    meter, meter_problem = _meter_for(target, number)
    if meter_problem:
        problems["meter_number"] = meter_problem
    if photo is not None and (photo.content_type not in PHOTO_TYPES or (photo.size or 0) > PHOTO_MAX_BYTES):
        problems["photo"] = gettext("Stuur een foto (JPG of PNG) van hoogstens 10 MB.")
    if problems:
        raise _refuse(problems)
    history = meter_histories([meter.pk]).get(meter.pk, []) if meter is not None else []
    history = [p for p in history if p.read_on < as_of]  # not an earlier answer of today
    complex_code = target.unit.complex_code if target.unit else ""
    complex_use = complex_daily_use(corporation_id=target.corporation_id, complex_codes=[complex_code]).get(
        complex_code
    )
    problem = reading_problem(
        reading_value,
        previous=history[-1] if history else None,
        read_on=as_of,
        usual_daily=usual_daily_use(history, complex_use),
    )
    if problem and not confirmed and source == AnswerSource.PORTAL:
        raise _refuse({"value": problem}, ask_again=True)
    with transaction.atomic():
        if meter is None:
            meter = Meter.objects.create(corporation_id=target.corporation_id, unit=unit, number=number)
        MeterReading.objects.filter(target=target).delete()  # a second answer replaces the first
        reading = MeterReading.objects.create(
            corporation_id=target.corporation_id,
            meter=meter,
            target=target,
            value=reading_value,
            read_on=as_of,
            source=source,
            status=ReadingStatus.IMPLAUSIBLE if problem else ReadingStatus.ACCEPTED,
            problem=problem[:300],
            entered_by=actor_label(actor),
        )
        if photo is not None:
            reading.photo.save(f"meter-{meter.number}-{as_of:%Y%m%d}", photo, save=True)
        if problem:
            task_create(
                corporation=target.campaign.corporation,
                kind=TaskKind.GENERIC,
                title=gettext("Meterstand controleren: %(address)s") % {"address": unit.address_line},
                description=problem,
                due_on=as_of + timedelta(days=CHECK_DAYS),
                source=TaskSource.PORTAL if source == AnswerSource.PORTAL else TaskSource.STAFF,
                source_key=f"campaign-reading:{target.pk}",
                tenant=target.tenant,
            )
        _answered(target, source, as_of)
        log_action(
            corporation=target.campaign.corporation,
            actor=actor,
            action="campaign.reading_entered",
            obj=target.tenant,
            data={"campaign": target.campaign_id, "source": source, "implausible": bool(problem)},
        )
    return reading


def paper_slip_enter(
    *, campaign: Campaign, code: str, meter_number: str, value: str, as_of: date, actor: Actor
) -> MeterReading:
    """A colleague types a paper reply slip: the printed code, and the reading the tenant wrote on it."""
    target = target_by_code(campaign=campaign, code=code)
    if target is None:
        raise _refuse({"code": gettext("Deze code hoort bij geen enkele huurder in deze campagne.")})
    return meter_reading_submit(
        target=target,
        meter_number=meter_number,
        value=value,
        as_of=as_of,
        actor=actor,
        source=AnswerSource.PAPER,
    )


def survey_answer_submit(
    *, target: CampaignTarget, score: int | None, comment: str, as_of: date, team: str = ""
) -> SurveyAnswer:
    problems: dict[str, str] = {}
    if score is None or not 1 <= score <= 10:
        problems["score"] = gettext("Kies een cijfer van 1 tot en met 10.")
    if len(comment) > 2000:
        problems["comment"] = gettext("Uw toelichting is te lang: hoogstens 2000 tekens.")
    if problems or score is None:
        raise _refuse(problems)
    with transaction.atomic():
        answer, _ = SurveyAnswer.objects.update_or_create(
            target=target,
            defaults={
                "corporation_id": target.corporation_id,
                "tenant_id": target.tenant_id,
                "team": team,
                "score": score,
                "comment": comment.strip(),
                "answered_on": as_of,
            },
        )
        _answered(target, AnswerSource.PORTAL, as_of)
    return answer
