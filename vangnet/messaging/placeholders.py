"""The placeholder language of message templates: `{{ naam }}`, nothing else.

Corporations edit texts, not code: a fixed list of names, no logic, no filters. Unknown or malformed
placeholders are refused when a template is saved (`template_errors`), so sending never meets one. Blocks
(the open items table, the QR code) exist only where a layout can hold them: e-mail and letters.
Pure functions: the values come in as a dict.
"""

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
BRACES = re.compile(r"\{\{|\}\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    help: "StrOrPromise"
    block: bool = False


PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder("aanhef", _("Aanhef met naam: 'Beste Jan' of 'Beste J. Jansen'")),
        Placeholder("naam", _("Naam van de ontvanger")),
        Placeholder("voornaam", _("Voornaam van de huurder")),
        Placeholder("contractnummer", _("Nummer van de huurovereenkomst")),
        Placeholder("adres_woning", _("Adres van de woning")),
        Placeholder("achterstand", _("Bedrag dat te laat is, bijvoorbeeld € 695,50")),
        Placeholder("saldo", _("Totaal openstaand saldo")),
        Placeholder("bedrag", _("Bedrag van deze stap (bijvoorbeeld een storno)")),
        Placeholder("incassokosten", _("Incassokosten (WIK) over de achterstand")),
        Placeholder("totaal_met_kosten", _("Achterstand plus incassokosten")),
        Placeholder("oudste_vervaldatum", _("Oudste onbetaalde vervaldatum")),
        Placeholder("datum", _("Datum van vandaag")),
        Placeholder("termijn_veertien_dagen", _("De wettelijke termijn van de veertiendagenbrief")),
        Placeholder(
            "gevolgen_niet_betalen", _("Zin over betalen binnen de termijn en de exacte incassokosten")
        ),
        Placeholder("betaallink", _("Persoonlijke betaallink")),
        Placeholder("portaallink", _("Link naar het huurdersportaal")),
        Placeholder("toegangscode", _("Persoonlijke toegangscode voor het portaal")),
        Placeholder("eenmalige_code", _("Eenmalige code om te tekenen (alleen in het bericht met de code)")),
        Placeholder(
            "campagnelink", _("Link naar de vraag van een campagne in het portaal (brief: het portaaladres)")
        ),
        Placeholder("factuur_nummer", _("Nummer van de gevraagde factuur (kopie factuur)")),
        Placeholder("factuur_datum", _("Datum van de gevraagde factuur")),
        Placeholder("factuur_omschrijving", _("Omschrijving van de gevraagde factuur")),
        Placeholder("factuur_bedrag", _("Bedrag van de gevraagde factuur")),
        Placeholder("factuur_open", _("Wat van de gevraagde factuur nog openstaat")),
        Placeholder("iban", _("IBAN van de corporatie")),
        Placeholder("betalingskenmerk", _("Betalingskenmerk van het contract")),
        Placeholder("corporatie", _("Naam van de corporatie")),
        Placeholder("afzender", _("Afzender onder de brief")),
        Placeholder("telefoon", _("Telefoonnummer van de corporatie")),
        Placeholder("email_corporatie", _("E-mailadres van de corporatie")),
        Placeholder("website", _("Website van de corporatie")),
        Placeholder("adres_corporatie", _("Postadres van de corporatie")),
        Placeholder(
            "regeling_termijnen", _("Betalingsregeling: elke termijn met datum en bedrag, één per regel")
        ),
        Placeholder("regeling_totaal", _("Betalingsregeling: het totaalbedrag")),
        Placeholder(
            "regeling_eerste_termijn",
            _("Betalingsregeling: eerste termijn, bijvoorbeeld € 233,33 op 1 december 2026"),
        ),
        Placeholder(
            "regeling_betaalwijze", _("Betalingsregeling: hoe de huurder betaalt (betaallink of incasso)")
        ),
        Placeholder(
            "regeling_reden", _("Betalingsregeling: uitleg van de beslissing, afwijzing of waarom hij stopte")
        ),
        Placeholder("belofte_datum", _("Betaalbelofte: de beloofde datum")),
        Placeholder("belofte_bedrag", _("Betaalbelofte: het beloofde bedrag")),
        Placeholder("geschil_soort", _("Geschil: de soort, bijvoorbeeld 'Factuur niet ontvangen'")),
        Placeholder("geschil_termijn", _("Geschil: de datum waarop we uiterlijk antwoorden")),
        Placeholder("open_posten", _("Tabel met de openstaande posten"), block=True),
        Placeholder(
            "qr_code", _("Betaalblok met EPC-QR-code (brief) of betaalgegevens (e-mail)"), block=True
        ),
    )
}
BLOCK_CHANNELS = frozenset({"email", "letter"})


def names_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def template_errors(text: str, *, channel: str) -> list[str]:
    """What is wrong with the placeholders in `text`, in Dutch; empty when it can be saved."""
    errors: list[str] = []
    stray = BRACES.findall(PLACEHOLDER.sub("", text))
    if stray:
        errors.append(
            str(_("Er staat een losse '{{' of '}}' in de tekst; een veld schrijft u als {{ naam }}."))
        )
    for name in dict.fromkeys(names_in(text)):
        placeholder = PLACEHOLDERS.get(name)
        if placeholder is None:
            errors.append(str(_("Onbekend veld: {{ %(name)s }}.")) % {"name": name})
        elif placeholder.block and channel not in BLOCK_CHANNELS:
            errors.append(
                str(_("Het veld {{ %(name)s }} kan alleen in een e-mail of brief.")) % {"name": name}
            )
    return errors


def substitute(
    text: str,
    values: Mapping[str, str],
    *,
    escape: Callable[[str], str] | None = None,
    raw: frozenset[str] = frozenset(),
) -> str:
    """Replace every placeholder. Values are escaped with `escape` (HTML) unless they are blocks or `raw`."""

    def replace(match: re.Match) -> str:
        name = match[1]
        value = values.get(name, "")
        placeholder = PLACEHOLDERS.get(name)
        if escape is not None and not (placeholder and placeholder.block) and name not in raw:
            return escape(value)
        return value

    return PLACEHOLDER.sub(replace, text)


def substitute_html(text: str, values: Mapping[str, str], *, raw: frozenset[str] = frozenset()) -> str:
    return substitute(text, values, escape=html.escape, raw=raw)


def expand_tone(text: str, tone: str) -> str:
    """Default files write both tones at once: `[[u|je]]`, e.g. 'Wilt [[u|je]] betalen?' ('Wilt u' / 'Wil je').

    `[[betaalt u|betaal je]]` picks the first part for "u" and the second for "je".
    """
    index = 0 if tone == "u" else 1
    return re.sub(r"\[\[([^|\]]*)\|([^\]]*)\]\]", lambda m: m[1 + index], text)
