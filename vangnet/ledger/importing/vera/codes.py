"""The VERA files, the vangnet.* extensions and the reference-data codes this source maps."""

import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from vangnet.core.channels import ChannelKind

Obj = dict[str, Any]
Row = dict[str, str]

# Which canonical entities each VERA file feeds. The order of the files is the order of their entities.
VERA_FILES: dict[str, tuple[str, ...]] = {
    "relaties.json": ("tenants",),
    "eenheden.json": ("units",),
    "overeenkomsten.json": ("contracts", "contract_tenants"),
    "boekingen.json": ("ledger_entries",),
    "betalingsregelingen.json": ("arrangements", "arrangement_installments"),
    "beloften.json": ("promises",),
    "signaleringen.json": ("circumstances",),
}
FILE_OF = {entity: file for file, entities in VERA_FILES.items() for entity in entities}

EXTENSION_PREFIX = "vangnet."
# Canonical columns VERA has no field for, settable per object through extra-attributen. The
# administrator columns are here too because many ERPs keep the bewindvoerder as text on the tenant.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "relaties.json": (
        "tone",
        "no_voice_calls",
        "no_sms",
        "no_email",
        "paper_only",
        "administrator_name",
        "administrator_email",
        "administrator_phone",
        "administrator_address",
        "administrator_since",
        "administrator_until",
        "debt_counselling_since",
        "debt_counselling_until",
        "wsnp_since",
        "wsnp_until",
    ),
    "eenheden.json": (),
    "overeenkomsten.json": ("payment_reference",),
    "boekingen.json": ("linked_entry_id", "reversal_reason"),
    "betalingsregelingen.json": (),
    "beloften.json": (),
    "signaleringen.json": (),
}
BOOLEAN_EXTENSIONS = {"no_voice_calls", "no_sms", "no_email", "paper_only"}
DATE_EXTENSIONS = {
    name for names in EXTENSIONS.values() for name in names if name.endswith(("_since", "_until"))
}
TRUE_WORDS = {"1", "true", "ja", "j", "yes", "y"}
FALSE_WORDS = {"0", "false", "nee", "n", "no"}

# Reference data (VERA referentiedata soort in the comment). Codes not listed pass through unchanged.
RELATION_KINDS = {"NAT": "person", "REC": "organisation"}  # RELATIESOORT
ISO_639_3 = {"nld": "nl", "eng": "en", "tur": "tr", "ara": "ar", "pol": "pl"}  # voorkeurstaal (TAAL)
CHANNELS = {  # CONTACTGEGEVENSOORT
    "EMA": ChannelKind.EMAIL.value,
    "MOB": ChannelKind.SMS.value,
    "TEL": ChannelKind.PHONE.value,
    "POS": ChannelKind.LETTER.value,
}
UNIT_KINDS = {"WOO": "dwelling", "PAR": "parking", "BED": "business", "MOG": "business"}  # EENHEIDSOORT
PAYMENT_METHODS = {  # BETAALWIJZESOORT
    "INC": "direct_debit",
    "OVB": "transfer",
    "HND": "transfer",
    "ONL": "ideal_link",
    "MAI": "ideal_link",
}
ARRANGEMENT_STATUSES = {  # BETALINGSREGELINGSTATUS
    "AAN": "requested",
    "ACT": "active",
    "BEV": "active",
    "BEE": "completed",
    "ANN": "cancelled",
    "VER": "cancelled",
}
PROMISE_STATUSES = {"OPE": "open", "NAK": "kept", "NNK": "broken", "ANN": "cancelled"}  # Vangnet's own
CONTRACT_ROLES = {"HUU": "main", "MDH": "co"}  # RELATIEROLSOORT
ADMINISTRATOR_ROLE = "BWI"  # RELATIEROLSOORT Bewindvoerder
ADMINISTRATOR_SIGNAL = "BEW"  # SIGNALERINGDETAILSOORT Bewindvoerder
ADDRESS_PREFERENCE = ("FAC", "POS", "WOO")  # RELATIEADRESSOORT: where financial mail goes comes first
COMPLEX_CLUSTER = "FIN"  # CLUSTERSOORT Financieel: the "complex" of Dutch corporations' administration
RENT_COMPONENTS = {"NET", "PAR", "HUA"}  # PRIJSCOMPONENTSOORT
SERVICE_COMPONENTS = {"SER", "VER", "DIE"}
ONE_OFF_COMPONENTS = {"EEN"}
# BOEKINGDETAILSOORT codes that decide the kind whatever the BOEKINGSOORT says.
DETAIL_KINDS = {"STO": "reversal", "AFB": "write_off", "CRE": "correction"}
PAYMENT_SOORT = "ONT"  # BOEKINGSOORT Ontvangst
INVOICE_CATEGORIES = {"PRO": "rent", "EVN": "rent", "FAC": "other", "EIN": "final_settlement"}
INVOICE_CATEGORY_BY_SOORT = {"OHD": "repair", "SKS": "service_costs"}  # refines FAC
SIZE_ONLY_KINDS = ("payment", "reversal", "write_off", "correction")  # the sign follows from the kind
PROVISIONAL = "VRL"  # BOEKINGSTATUS Voorlopig: may still change, and ledger entries never do

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CENT = Decimal("0.01")
