"""Writes on bank data: importing statements (matching and booking what is certain), a colleague's manual
booking of what the import could not place, and the corporation's bank accounts.

importing.py runs a file through; lookups.py fetches what matching needs; booking.py turns matches into
ledger entries and tells the ERP; assign.py is the colleague's booking; common.py what they share.
"""

from vangnet.bank.services.accounts import bank_account_add, bank_account_remove
from vangnet.bank.services.assign import bank_transaction_assign
from vangnet.bank.services.importing import bank_statement_import

__all__ = ["bank_account_add", "bank_account_remove", "bank_statement_import", "bank_transaction_assign"]
