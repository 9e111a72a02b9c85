"""Why a message did not arrive, in words a colleague understands (no provider codes).

The provider's own text stays in `OutgoingMessage.last_error` and `provider_status` for whoever maintains the
connection; `status_reason`, which colleagues read on the tenant card and the batch page, gets the sentence
from here.
"""

import re

# Twilio's delivery error codes (https://www.twilio.com/docs/api/errors) for texts that did not arrive.
TWILIO_CODES = {
    "21211": "Het telefoonnummer is ongeldig.",
    "21408": "Naar dit land kan niet worden ge-sms't.",
    "21610": "De huurder heeft zich afgemeld voor sms (STOP).",
    "21614": "Dit nummer kan geen sms ontvangen (het is geen mobiel nummer).",
    "30003": "De telefoon was niet bereikbaar (uitgeschakeld of buiten bereik).",
    "30004": "De ontvanger heeft berichten van ons geblokkeerd.",
    "30005": "Dit nummer bestaat niet (meer).",
    "30006": "Dit nummer kan geen sms ontvangen (het is een vast nummer).",
    "30007": "De telefoonaanbieder van de ontvanger heeft het bericht tegengehouden.",
    "30008": "De telefoonaanbieder kon het bericht niet afleveren.",
}
CALL_OUTCOMES = {
    "busy": "De lijn was bezet.",
    "no-answer": "Er werd niet opgenomen.",
    "failed": "Het nummer was niet bereikbaar.",
    "canceled": "De oproep is afgebroken.",
}
# Our own refusals before sending, by the start of the channel's message.
OWN_ERRORS = (
    ("geen mobiel nummer", "Er is geen mobiel nummer bekend."),
    ("geen telefoonnummer", "Er is geen telefoonnummer bekend."),
    ("geen e-mailadres", "Er is geen e-mailadres bekend."),
    ("geen volledig postadres", "Het postadres is niet volledig."),
    ("brief zonder PDF", "De brief kon niet worden gemaakt."),
    ("geen sjabloon", "Er is geen tekst voor dit kanaal in deze taal."),
    ("opmaak mislukt", "De tekst kon niet worden opgemaakt; kijk het sjabloon na."),
    ("onveilige kopregel", "Het onderwerp of het adres bevat tekens die niet mogen."),
    ("SMTP weigert ontvanger", "De mailserver van de ontvanger neemt geen e-mail aan op dit adres."),
    ("SMTP weigert bericht", "De mailserver van de ontvanger heeft de e-mail geweigerd."),
)
EMAIL_REPORTS = {
    "bounce": "Het e-mailadres bestaat niet of neemt geen e-mail aan.",
    "complaint": "De ontvanger heeft de e-mail als ongewenst gemeld.",
}
GENERIC = "De verzenddienst kon het bericht niet afleveren."
TWILIO_CODE = re.compile(r"\b(2\d{4}|3\d{4})\b")


def plain_reason(channel: str, error: str, provider_status: str = "") -> str:
    """The reason a colleague reads: a sentence without codes, whatever the provider answered."""
    text = (error or "").strip()
    for start, sentence in OWN_ERRORS:
        if text.startswith(start):
            return sentence
    match = TWILIO_CODE.search(text) if channel in ("sms", "voice") else None
    if match and match[1] in TWILIO_CODES:
        return TWILIO_CODES[match[1]]
    if channel == "voice" and provider_status in CALL_OUTCOMES:
        return CALL_OUTCOMES[provider_status]
    if channel == "email" and provider_status in EMAIL_REPORTS:
        return EMAIL_REPORTS[provider_status]
    return GENERIC
