"""Writes on bank data: importing statements (matching and booking what is certain), a colleague's manual
booking of what the import could not place, and the corporation's bank accounts.

importing.py runs a file through; lookups.py fetches what matching needs; bookings.py turns matches into
ledger entries and tells the ERP; returns.py books each returned direct debit once; assigning.py is the
colleague's booking; accounts.py the corporation's bank accounts; common.py what they share.
"""

from vangnet.bank.services.accounts import bank_account_add, bank_account_remove
from vangnet.bank.services.assigning import bank_transaction_assign
from vangnet.bank.services.importing import bank_statement_import

__all__ = ["bank_account_add", "bank_account_remove", "bank_statement_import", "bank_transaction_assign"]
