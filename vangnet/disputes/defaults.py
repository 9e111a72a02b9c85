"""The dispute categories a new corporation starts with; each corporation changes them afterwards."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryDefault:
    code: str
    name: str
    pauses_collection: bool
    resolution_days: int
    resolver_team: str
    description_hint: str
    monitor_team: str = "Huurincasso"


DEFAULT_CATEGORIES: tuple[CategoryDefault, ...] = (
    CategoryDefault(
        "factuur-niet-ontvangen",
        "Factuur niet ontvangen",
        True,
        10,
        "Klantcontact",
        "U heeft de rekening niet gekregen. Wij sturen u een kopie.",
    ),
    CategoryDefault(
        "niet-geleverd",
        "Product of dienst niet geleverd",
        True,
        14,
        "Klantcontact",
        "U betaalt voor iets dat u niet heeft gekregen. Zeg wat en wanneer.",
    ),
    CategoryDefault(
        "bedrag-klopt-niet",
        "Bedrag klopt niet",
        True,
        10,
        "Financiële administratie",
        "Het bedrag is te hoog of staat er twee keer. Zeg welk bedrag volgens u klopt.",
    ),
    CategoryDefault(
        "reparatie-niet-uitgevoerd",
        "Reparatie niet uitgevoerd",
        True,
        21,
        "Onderhoud",
        "U betaalt voor een reparatie die niet is gedaan. Zeg wat er mis is.",
    ),
    CategoryDefault(
        "huurverlaging",
        "Huurverlaging gevraagd",
        False,
        42,
        "Verhuur",
        "U vindt dat de huur lager moet. Betaal de huur wel door tot u antwoord heeft.",
    ),
    CategoryDefault(
        "servicekosten",
        "Servicekosten",
        True,
        28,
        "Financiële administratie",
        "U bent het niet eens met de servicekosten of de afrekening daarvan.",
    ),
    CategoryDefault(
        "anders",
        "Anders",
        True,
        14,
        "Klantcontact",
        "Iets anders klopt niet. Leg kort uit wat er aan de hand is.",
    ),
)
