"""Pure legal rules for consumer collection in the Netherlands.

No models, no database and no clock: every function takes the dates it needs (``as_of``, ``sent_on``, ...)
so the daily run, the preview and the tests get the same answer for the same input. Sources are summarised
in ``shared/reference/law-and-standards.md`` §1.1-§1.2; each module cites the article it implements.
"""
