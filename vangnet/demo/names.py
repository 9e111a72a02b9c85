# Turkish names keep their own letters (the dotless i): the ambiguity is intended.
# ruff: noqa: RUF001
"""Name tables for demo tenants: Dutch names with tussenvoegsels plus the larger migrant communities.

Tables are written as plain text and parsed once at import, so they stay readable and compact. Repetition
is the weight: common surnames appear more than once, as they do in a real portfolio.
"""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


def split_surname(full: str) -> tuple[str, str]:
    """("van der", "Meer") from "van der Meer": the leading lower-case words are the tussenvoegsel."""
    words = full.split()
    cut = 0
    while cut < len(words) - 1 and (words[cut][0].islower() or words[cut].startswith("'")):
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def _surnames(text: str) -> tuple[tuple[str, str], ...]:
    return tuple(split_surname(name) for name in _items(text))


# (first names for men, for women)
DUTCH_FIRST = (
    _words("""Jan Pieter Hendrik Willem Johannes Cornelis Gerrit Dirk Kees Henk Peter Marco Erik Mark Dennis
    Sander Martijn Bas Thijs Daan Sem Lucas Jeroen Ruud Rob Frank Hans Wim Gert Arjan Niels Tim Kevin Stefan
    Joost Bram Jesse Milan Rick Youri Ronald Richard Michel Edwin Patrick Remco Anton Theo Ad Ton Harm Jelle
    Sietse Koen"""),
    _words("""Maria Anna Johanna Cornelia Wilhelmina Elisabeth Ingrid Monique Marieke Sandra Linda Esther
    Petra Anouk Sanne Lotte Femke Lisa Emma Julia Sophie Fleur Iris Eva Nina Anja Karin Ellen Wendy Marloes
    Sabine Yvonne Ria Truus Gerda Annemiek Joyce Chantal Kim Naomi Mirjam Jolanda Bianca Tineke Hanneke
    Astrid Manon Sharon Demi Romy Tessa"""),
)
DUTCH_SURNAMES = _surnames(
    """de Jong, de Jong, de Jong, Jansen, Jansen, de Vries, de Vries, van den Berg, van den Berg, van Dijk,
    van Dijk, Bakker, Bakker, Janssen, Visser, Visser, Smit, Smit, Meijer, de Boer, Mulder, de Groot, Bos,
    Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer,
    van der Linden, Kok, Jacobs, de Haan, Vermeulen, van den Heuvel, van der Veen, van den Broek, de Bruijn,
    de Bruin, van der Heijden, Schouten, van Beek, Willems, van Vliet, van de Ven, Hoekstra, Maas,
    Verhoeven, Koster, van Dam, van der Wal, Prins, Blom, Huisman, de Lange, van Wijk, Kuipers, van Rijn,
    Postma, Kramer, ter Horst, in 't Veld, Wouters, ten Brink, van 't Hof, Zwart, op den Kamp, van der Laan,
    Timmermans, Groen, Gerritsen, Boersma, van Es, van Doorn, Veenstra, Hermans, Evers, van Ommen, Koopman,
    Scholten, Hofman, Biesheuvel, Kroon, van der Ploeg, de Ridder, van Veen, Wijngaarde, Pinas, Sabajo,
    Kromodimedjo, Martina, Isenia, Tjon A Fat, van Houten, Verbeek, den Hartog, Oosterhuis, Lammers"""
)

TURKISH_FIRST = (
    _words("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Emre Murat Yusuf Kemal"),
    _words("Ayşe Fatma Emine Hatice Zeynep Elif Merve Büşra Esra Özlem Sibel"),
)
TURKISH_SURNAMES = _surnames(
    """Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Öztürk, Aydın, Arslan, Doğan, Kılıç, Aslan, Koç, Kurt,
    Özdemir, Erdoğan, Polat, Korkmaz"""
)

MOROCCAN_FIRST = (
    _words("Mohamed Ahmed Youssef Said Rachid Mustapha Karim Hamza Bilal Ilias Soufiane"),
    _words("Fatima Khadija Nadia Samira Malika Naima Latifa Zineb Imane Hanan Salma"),
)
MOROCCAN_SURNAMES = _surnames(
    """El Amrani, Bouzid, El Idrissi, Benali, Ouali, Bakkali, Ahmadi, El Khatib, Azzouzi, Boukhari,
    El Ouahabi, Ziani, Haddouchi, Amrani, El Hamdaoui, Chaara, Aissati"""
)

POLISH_FIRST = (
    _words("Piotr Krzysztof Tomasz Paweł Marcin Michał Kamil Łukasz Grzegorz"),
    _words("Anna Katarzyna Magdalena Agnieszka Joanna Monika Małgorzata Ewa Karolina"),
)
# "men/women": Polish surnames ending in -ski take -ska for women.
POLISH_SURNAMES = tuple(
    tuple(pair.split("/"))
    for pair in _words(
        """Kowalski/Kowalska Nowak/Nowak Wiśniewski/Wiśniewska Wójcik/Wójcik Kamiński/Kamińska
        Lewandowski/Lewandowska Zieliński/Zielińska Szymański/Szymańska Woźniak/Woźniak Dąbrowski/Dąbrowska
        Mazur/Mazur"""
    )
)

ENGLISH_FIRST = (
    _words("James John David Michael Thomas Daniel Liam Connor"),
    _words("Sarah Emily Laura Rebecca Jessica Hannah Siobhan Chloe"),
)
ENGLISH_SURNAMES = _surnames("Smith, Brown, Taylor, Wilson, Evans, Murphy, Walker, O'Brien, Hughes")

# Letters Dutch parents give as second and third names, for realistic initials (J.H.M.).
EXTRA_INITIALS = "AAACEFGHHJJJJMMMPPRTW"

# Fictitious mailbox domains under the reserved .example TLD, so a demo can never mail a real person.
EMAIL_DOMAINS = _words(
    """hotmail.example hotmail.example gmail.example gmail.example gmail.example ziggo.example
    kpnmail.example outlook.example live.example xs4all.example home.example planet.example"""
)

# Bewindvoerders in the region: "name | mail slug | area code | postal address".
ADMINISTRATORS = tuple(
    tuple(part.strip() for part in line.split("|"))
    for line in """
    Bewindvoering Midden-Nederland B.V. | bewindmn | 033 | Postbus 2110, 3800 CC Amersfoort
    Stichting Beschermingsbewind Utrecht | sbbu | 030 | Postbus 8142, 3503 RC Utrecht
    Mr. J.A. de Boer Bewindvoering | deboerbewind | 033 | Stationsstraat 41, 3811 MH Amersfoort
    Van Dam Budgetbeheer & Bewind | vandambewind | 030 | Postbus 120, 3700 AC Zeist
    Bewindvoerderskantoor Eemland | bkeemland | 033 | Kamp 88, 3811 AT Amersfoort
    Financiële Hulp Vallei B.V. | fhvallei | 0318 | Postbus 455, 3900 AL Veenendaal
    Hulst & Partners Beschermingsbewind | hulstpartners | 030 | Rijnkade 12, 3511 LC Utrecht
    Stichting Bewind Lekstroom | bewindlekstroom | 030 | Postbus 333, 3430 AH Nieuwegein
    """.strip().splitlines()
)

# Business tenants (bedrijfsruimten): "<surname> <trade> B.V." or a shop name with its legal form.
TRADES = _words(
    """Installatietechniek Schilderwerken Bouw Administratie Fysiotherapie Tandartsen Loodgietersbedrijf
    Schoonmaakdiensten Rijschool Reisbureau Makelaardij Kinderopvang"""
)
SHOPS = _items(
    """Bakkerij De Korenaar, Kapsalon Yasmin, Snackbar De Smulhoek, Slagerij Van der Wal, Bloemenhuis De Tulp,
    Supermarkt Anatolia, Fietsenmaker Trappers, Apotheek De Linde, Pizzeria Da Marco, Bakkerij Al Amal,
    Nagelstudio Pretty Nails, Wasserette Sopje"""
)
LEGAL_FORMS = ("B.V.", "B.V.", "B.V.", "B.V.", "V.O.F.")

# Repair charges passed on to tenants: (description, lowest, highest euro).
REPAIRS = (
    ("Vervangen gebroken ruit", 85, 340),
    ("Ontstoppen afvoer (huurdersonderhoud)", 45, 175),
    ("Vervangen cilinderslot na sleutelverlies", 40, 135),
    ("Herstel deur na schade", 120, 420),
    ("Verwijderen achtergelaten huisraad", 150, 600),
    ("Vervangen rookmelder na schade", 35, 90),
)
FINAL_SETTLEMENTS = (
    "Eindafrekening: herstel wanden en vloer",
    "Eindafrekening: schoonmaak en ontruiming",
    "Eindafrekening: vervangen keukenblad en deuren",
    "Eindafrekening servicekosten en herstelkosten",
)
