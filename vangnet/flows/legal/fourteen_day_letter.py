# Turkish texts keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""The veertiendagenbrief of art. 6:96 lid 6 BW.

For a consumer, collection costs become due only after the debtor, once in verzuim, has been reminded in
vain to pay within fourteen days "aanvangende de dag na aanmaning", with the consequences of non-payment
stated, including the costs. HR 25-11-2016, ECLI:NL:HR:2016:2704 (Fa-Med): the term starts the day after the
reminder is received, not after its date or dispatch; a letter with "binnen veertien dagen na dagtekening" is
defective and only a new, correct letter cures it. The creditor must prove receipt, so this module assumes
a delivery date that is late rather than early.
"""

from datetime import date, timedelta
from decimal import Decimal

from vangnet.core.calendar import add_business_days
from vangnet.core.channels import ChannelKind as Channel
from vangnet.core.money import format_euro
from vangnet.flows.legal.termijnenwet import statutory_term_end
from vangnet.flows.legal.wik import collection_costs

TERM_DAYS = 14
# Post is assumed delivered two business days after posting. PostNL's norm is delivery within two days and it
# does not deliver letters on Sundays, Mondays or holidays; counting business days keeps the assumed date at
# or after any real delivery.
LETTER_TRANSIT_BUSINESS_DAYS = 2

# The wording NVI and kantonrechters consider safe (law-and-standards.md §1.1 point 4). Never use "na
# dagtekening" or "na heden": that makes the letter defective (HR 25-11-2016, ECLI:NL:HR:2016:2704).
TERM_WORDING_NL = "binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd"
# The same term in an email: it is a "bericht", not a "brief" (a tenant must recognise what the term counts from).
TERM_WORDING_EMAIL_NL = "binnen veertien dagen vanaf de dag nadat dit bericht bij u is bezorgd"

# Templates a 14-day-letter step may use: only texts checked for the legal parts (principal, term, costs).
LEGAL_TEMPLATE_CODES = frozenset({"veertiendagenbrief"})

SUPPORTED_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})


def delivery_date(sent_on: date, channel: Channel | str) -> date:
    """The day the 14-day letter counts as received ("bezorgd").

    A posted letter: the send day plus two business days. An email: the send day (art. 3:37 lid 1 BW lets a
    declaration take any form; send by email only where the tenant agreed to electronic communication). An SMS cannot carry
    the content a 14-day letter needs, so any other channel is refused rather than guessed.
    """
    match _supported(channel):
        case Channel.LETTER:
            return add_business_days(sent_on, LETTER_TRANSIT_BUSINESS_DAYS)
        case _:
            return sent_on


def term_end(sent_on: date, channel: Channel | str) -> date:
    """The last day on which the tenant can pay without owing collection costs.

    The term starts the day after delivery (HR 25-11-2016, ECLI:NL:HR:2016:2704) and lasts fourteen days, so
    it ends on delivery + 14 days. A term set by law that ends on a Saturday, Sunday or algemeen erkende
    feestdag runs on to the next day that is none of these (Algemene termijnenwet art. 1 lid 1; art. 3 counts
    5 May every year and Good Friday as feestdagen, and equated days are included).
    """
    first_day = delivery_date(sent_on, channel) + timedelta(days=1)
    return statutory_term_end(first_day, TERM_DAYS)


def costs_may_be_charged(
    *, letter_sent_on: date, channel: Channel | str, as_of: date, paid_in_full_on: date | None
) -> bool:
    """Whether, on ``as_of``, collection costs are due after this 14-day letter (art. 6:96 lid 6 BW).

    Only once the term has passed (``as_of`` after ``term_end``) without full payment. A payment counts on the
    day the amount is credited to the corporation's account (art. 6:114 lid 2 BW), so ``paid_in_full_on`` is
    that day; full payment on the last day of the term is in time. A payment made after the term does not undo
    costs that were already due. The letter itself must have been sent after verzuim and state the costs
    (see ``costs_notice_nl``); that is checked where the letter is planned, not here.
    """
    last_day = term_end(letter_sent_on, channel)
    if as_of <= last_day:
        return False
    return paid_in_full_on is None or paid_in_full_on > last_day


def term_wording_nl(channel: Channel | str) -> str:
    """The safe term sentence for the channel the 14-day letter travels by."""
    return TERM_WORDING_EMAIL_NL if _supported(channel) == Channel.EMAIL else TERM_WORDING_NL


def costs_notice_nl(
    principal: Decimal, *, channel: Channel | str = Channel.LETTER, vat_uplift: Decimal | None = None
) -> str:
    """The sentence that states the consequence of non-payment, with the exact costs (art. 6:96 lid 6 BW).

    Plain Dutch (B1). The sentence names no calendar date: the tenant's delivery day is unknown to us, and a
    date that turns out too early would make the letter defective. A VAT uplift is only lawful when a
    collection agency with VAT collects (art. 2 lid 3 Besluit BIK), never on the corporation's own letter;
    with one the sentence also makes the explicit declaration lid 3 requires.
    """
    costs = collection_costs(principal, vat_uplift=vat_uplift)
    text = (
        f"Betaal het bedrag van {format_euro(principal)} {term_wording_nl(channel)}. "
        f"Betaalt u niet op tijd, dan moet u ook {format_euro(costs)} incassokosten betalen."
    )
    if vat_uplift is not None:
        text += (
            f" Wij kunnen de btw over deze kosten niet verrekenen. "
            f"Daarom zijn de kosten verhoogd met {vat_uplift.normalize():f}% btw."
        )
    return text


# The same two sentences in the other languages a tenant can choose. The legal text is always the Dutch one:
# a letter in another language carries the Dutch text beside it and says that the Dutch text counts.
TERM_WORDING = {
    "nl": (TERM_WORDING_NL, TERM_WORDING_EMAIL_NL),
    "en": (
        "within fourteen days from the day after this letter was delivered to you",
        "within fourteen days from the day after this message was delivered to you",
    ),
    "tr": (
        "bu mektubun size teslim edildiği günün ertesi gününden başlayarak on dört gün içinde",
        "bu mesajın size teslim edildiği günün ertesi gününden başlayarak on dört gün içinde",
    ),
    "ar": (
        "خلال أربعة عشر يومًا تبدأ من اليوم التالي لوصول هذه الرسالة إليك",
        "خلال أربعة عشر يومًا تبدأ من اليوم التالي لوصول هذا البريد الإلكتروني إليك",
    ),
    "pl": (
        "w ciągu czternastu dni od dnia następującego po dniu, w którym ten list został Państwu doręczony",
        "w ciągu czternastu dni od dnia następującego po dniu, w którym ta wiadomość została Państwu doręczona",
    ),
}
COSTS_NOTICE = {
    "en": "Pay the amount of {principal} {term}. If you do not pay on time, you will also have to pay {costs} "
    "in collection costs.",
    "tr": "{principal} tutarını {term} ödeyin. Zamanında ödemezseniz, ayrıca {costs} tahsilat masrafı "
    "ödemeniz gerekir.",
    "ar": "ادفع مبلغ {principal} {term}. إذا لم تدفع في الوقت المحدد، فعليك أيضًا دفع {costs} تكاليف تحصيل.",
    "pl": "Prosimy zapłacić kwotę {principal} {term}. Jeśli nie zapłacą Państwo na czas, trzeba będzie "
    "zapłacić także {costs} kosztów windykacji.",
}


def term_wording(channel: Channel | str, language: str) -> str:
    """The term sentence in `language` (Dutch when there is none)."""
    letter, email = TERM_WORDING.get(language, TERM_WORDING["nl"])
    return email if _supported(channel) == Channel.EMAIL else letter


def costs_notice(principal: Decimal, *, channel: Channel | str = Channel.LETTER, language: str = "nl") -> str:
    """`costs_notice_nl` in the tenant's language: the same amounts and the same term, counted from delivery."""
    if language not in COSTS_NOTICE:
        return costs_notice_nl(principal, channel=channel)
    return COSTS_NOTICE[language].format(
        principal=format_euro(principal),
        term=term_wording(channel, language),
        costs=format_euro(collection_costs(principal)),
    )


def _supported(channel: Channel | str) -> Channel:
    value = Channel(channel)
    if value not in SUPPORTED_CHANNELS:
        raise ValueError(f"a 14-day letter cannot be sent by {value}; use a letter or an email")
    return value
