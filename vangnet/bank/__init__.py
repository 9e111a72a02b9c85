"""Bank statements: pure parsers for camt.053/054 and MT940 (``vangnet.bank.parsers``).

Models, matching and services are added on top of the parsers; the parsers never touch the database.
"""
