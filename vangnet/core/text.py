"""Text that may travel into an e-mail header, a letter's address block or an export's row."""

import re

# C0 controls (line breaks, tab, escape, NUL, ...), DEL and the C1 controls.
CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def has_control_character(value: str) -> bool:
    """A name, address or e-mail address with a line break could add a header to an e-mail or split a row."""
    return CONTROL_CHARACTER.search(value) is not None
