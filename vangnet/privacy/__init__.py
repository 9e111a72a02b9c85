"""Personal data under the AVG: the nightly retention job and the export of one tenant's data (art. 15).

No models: the periods are `core.RetentionPolicy`, the data belongs to the domain apps. See docs/privacy.md.
"""
