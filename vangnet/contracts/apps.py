from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "vangnet.contracts"
    label = "contracts"
    verbose_name = "Contractprocessen"

    def ready(self) -> None:
        # Imported here because models may only load once the app registry is ready (Django's rule for
        # ready()); the ledger sits below contracts, so contracts registers its hook on the ledger import.
        from vangnet.contracts.services.payment_method import pending_changes_after_import
        from vangnet.contracts.services.subscription import plans_for_import
        from vangnet.ledger.importing.targets import REFERENCE_LISTS
        from vangnet.ledger.services.imports import IMPORT_APPLIED_HOOKS

        if pending_changes_after_import not in IMPORT_APPLIED_HOOKS:
            IMPORT_APPLIED_HOOKS.append(pending_changes_after_import)
        # The plans of service_subscriptions.csv are the serviceabonnement type's settings.
        REFERENCE_LISTS["subscription_plans"] = plans_for_import
