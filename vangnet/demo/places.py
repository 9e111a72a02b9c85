"""Where the demo corporation's homes are: real municipalities around Amersfoort and Utrecht, their real
wijken with their postcode areas, and street names in the local style.

A corporation works in one region, so the portfolio is regional on purpose; the weight per municipality
decides how many complexes land there.
"""

from dataclasses import dataclass

# Postcode letters: F, I, O, Q, U and Y are never used, nor the combinations SA, SD and SS.
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
FORBIDDEN_PAIRS = frozenset({"SA", "SD", "SS"})
POSTCODE_PAIRS = tuple(
    a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS if a + b not in FORBIDDEN_PAIRS
)


@dataclass(frozen=True)
class Neighbourhood:
    municipality: str
    city: str
    name: str
    postcodes: tuple[int, ...]  # the 4-digit areas of this wijk
    streets: tuple[str, ...]
    area_code: str


@dataclass(frozen=True)
class Municipality:
    name: str
    area_code: str
    weight: int
    neighbourhoods: tuple[Neighbourhood, ...]


# "= municipality | area code | weight" starts a municipality; "city | wijk | postcodes | streets" follow.
_GEOGRAPHY = """
= Amersfoort | 033 | 38
Amersfoort | Kruiskamp | 3817 | Dahliastraat, Asterstraat, Goudsbloemstraat, Lupinestraat, Anjerstraat,
    Ridderspoorstraat
Amersfoort | Soesterkwartier | 3812 | Bisschopsweg, Soesterweg, Van Eijdenstraat, Pelikaanstraat,
    Reigerstraat, Ooievaarstraat
Amersfoort | Liendert | 3822 3823 | Rembrandtlaan, Frans Halsstraat, Jan Steenstraat, Vermeerstraat,
    Ruysdaelstraat, Jacob Marisstraat
Amersfoort | Schothorst | 3822 | Emiclaerseweg, Aletta Jacobslaan, Hooglandseweg-Noord, Bunschotenweg,
    Sint Jorisstraat
Amersfoort | Randenbroek | 3816 | Randenbroekerweg, Ringweg Randenbroek, Albrecht Dürerlaan,
    Holbeinstraat, Rubensstraat
Amersfoort | Kattenbroek | 3824 | Ringweg Kattenbroek, Laan der Hoven, Zwanenburg, Het Zwarte Water,
    Paladijnenweg
Amersfoort | Nieuwland | 3824 | Nieuwlandseweg, Zeeltweg, Brasemweg, Karperweg, Snoekweg, Voornweg
Amersfoort | Vathorst | 3825 | Vathorsterweg, Bastion, Scheldeweg, Emmerikweg, Kwekerijweg, Laak
Hoogland | Hoogland | 3828 | Hessenweg, Zevenhuizerstraat, Kerkstraat, Van Marlenhof, Engweg
= Utrecht | 030 | 26
Utrecht | Overvecht | 3561 3562 3563 3564 | Zambesidreef, Tigrisdreef, Gambiadreef, Amazonedreef,
    Bernadottelaan, Zamenhofdreef, Vechtdreef, Nijldreef
Utrecht | Kanaleneiland | 3526 3527 | Marshalllaan, Churchilllaan, Rooseveltlaan, Aziëlaan,
    Columbuslaan, Vasco da Gamalaan, Magelhaenlaan
Utrecht | Zuilen | 3551 3552 3553 3554 | Amsterdamsestraatweg, Burgemeester Norbruislaan, Marnixlaan,
    Prinses Margrietstraat, Julianaweg
Utrecht | Lunetten | 3524 3525 | Hondsrug, Zevenwouden, Brabantse Wal, Peelland, Kempenland, Gooiland
Utrecht | Hoograven | 3523 | Hooft Graaflandstraat, Van Zijstweg, Ravellaan, Verlengde Hoogravenseweg,
    Jutfaseweg
Utrecht | Leidsche Rijn | 3541 3542 3543 | Langerakbaan, Parkzichtlaan, Grauwaartsingel, Terwijdelaan,
    Vlinderweg
Vleuten | Vleuten | 3451 3452 | Dorpsstraat, Schoolstraat, Pastoor Ohllaan, Odijkerweg
De Meern | Veldhuizen | 3453 3454 | Zandweg, Veldhuizerweg, Meerndijk, Rijksstraatweg
= Nieuwegein | 030 | 9
Nieuwegein | Batau-Noord | 3437 | Batauweg, Bataviadreef, Hoogzandveldweg, Schouwstede
Nieuwegein | Fokkesteeg | 3432 | Fokkesteeg, Rietveldseweg, Zwanenveld, Voorveste
Nieuwegein | Zuilenstein | 3435 | Zuilenstein, Wiersdijk, Lekboulevard, Zilverschoon
Nieuwegein | Doorslag | 3431 | Kruyderlaan, Martinusstraat, Raadstede, Dukatenburg
= Zeist | 030 | 7
Zeist | Vollenhove | 3706 | Bovenweg, Gerard Doulaan, Jacob van Ruisdaellaan, Ruysdaellaan
Zeist | Kerckebosch | 3705 | Arnhemse Bovenweg, Kerckeboschweg, Dijnselburgerlaan, Woudenbergseweg
Zeist | Nijenheim | 3704 | Nijenheimlaan, Pimpelmees, Koekoek, Torenvalk, Boomklever
= Stichtse Vecht | 0346 | 6
Maarssen | Maarssenbroek | 3605 3606 3607 | Bisonspoor, Klokbekerweg, Floraweg, Duivenkamp, Planetenbaan
Maarssen | Maarssen-Dorp | 3601 | Breedstraat, Kaatsbaan, Nassaustraat, Harmonieplein
Breukelen | Breukelen | 3621 | Straatweg, Kerkbrink, Nieuwstraat, Vreelandseweg
= Leusden | 033 | 4
Leusden | Leusden-Zuid | 3831 3832 | Hamersveldseweg, Groene Zoom, Vossenveld, Sint Jacobsweg
Achterveld | Achterveld | 3791 | Hessenweg, Kerkstraat, Van Reenenweg
= Soest | 035 | 4
Soest | Soest-Zuid | 3764 | Kerkebuurt, Van Weedestraat, Koningsweg, Steenhoffstraat
Soest | Smitsveen | 3766 | Smitsveenlaan, Talmalaan, Lange Brinkweg, Bosstraat
Soesterberg | Soesterberg | 3769 | Rademakerstraat, Kampweg, Van Weerden Poelmanweg
= Veenendaal | 0318 | 5
Veenendaal | Dragonder | 3902 | Dragonderweg, Ritmeesterweg, Kuraspad, Lansierstraat
Veenendaal | Petenbos | 3904 | Petenbos, Dennenlaan, Boslaan, Prins Bernhardlaan
Veenendaal | Franse Gat | 3905 | Zuiderkerkstraat, Wilhelminastraat, Kerkewijk, Nieuweweg
= Houten | 030 | 3
Houten | Houten-Zuid | 3995 | Hofspoor, Odijkseweg, Kruisboog, Nijenrode
Houten | De Schaft | 3991 | De Schaft, Plein, Binnenweg, Burgemeester Wallerweg"""


def _parse(text: str) -> tuple[Municipality, ...]:
    municipalities: list[Municipality] = []
    current: tuple[str, str, int] | None = None
    wijken: list[Neighbourhood] = []
    # A line ending in a comma continues on the next one (long street lists).
    lines = text.strip().replace(",\n    ", ", ").splitlines()
    for raw in lines:
        if raw.startswith("="):
            if current is not None:
                municipalities.append(Municipality(*current, tuple(wijken)))
            name, area, weight = (part.strip() for part in raw[1:].split("|"))
            current, wijken = (name, area, int(weight)), []
            continue
        assert current is not None
        city, wijk, postcodes, streets = (part.strip() for part in raw.split("|"))
        wijken.append(
            Neighbourhood(
                municipality=current[0],
                city=city,
                name=wijk,
                postcodes=tuple(int(p) for p in postcodes.split()),
                streets=tuple(s.strip() for s in streets.split(",")),
                area_code=current[1],
            )
        )
    assert current is not None
    municipalities.append(Municipality(*current, tuple(wijken)))
    return tuple(municipalities)


MUNICIPALITIES = _parse(_GEOGRAPHY)
# One entry per weight point: picking a complex's municipality is then a single choice().
WEIGHTED_MUNICIPALITIES = tuple(m for m in MUNICIPALITIES for _ in range(m.weight))
