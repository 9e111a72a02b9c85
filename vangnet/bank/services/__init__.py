"""Writes of the bank app, by concern: importing a statement (importing.py), a colleague assigning a payment
nobody could place (assigning.py), and the booking both share (bookings.py). Re-exported here because the
back office, the command and the tests know them as the bank services."""

from vangnet.bank.services.assigning import bank_transaction_assign
from vangnet.bank.services.importing import bank_statement_import

__all__ = ["bank_statement_import", "bank_transaction_assign"]
