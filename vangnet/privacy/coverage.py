"""Which model holds personal data, and how the AVG reaches it: every model of Vangnet is listed here, so a
new one cannot escape the retention job and the art. 15 export unnoticed (tests/privacy/test_coverage.py).

`PERSONAL` names per model the keys of the retention report (`vangnet retention --json`: `deleted`,
`anonymised`) that remove or clear it, and the keys of the art. 15 export (`tenant_data`) that show it to the
tenant; where one of the two does not reach the model, a sentence says why instead. `NOT_PERSONAL` names the
models without personal data of tenants, with the reason. docs/privacy.md explains the periods.
"""

Reach = tuple[str, ...] | str

# model: (retention report keys or why not, export keys or why not)
PERSONAL: dict[str, tuple[Reach, Reach]] = {
    "core.User": (
        "a colleague's account: an administrator deactivates it when the colleague leaves",
        "a colleague's account, not a tenant's",
    ),
    "core.Membership": ("kept with the colleague's account", "a colleague's role, not a tenant's"),
    "core.AuditEntry": (("portal_access_log",), ("access_log",)),
    "core.AccessThrottle": (
        ("access_throttle",),
        "a hashed address or code: it cannot be tied to the tenant",
    ),
    "tenants.Tenant": (("tenants",), ("tenant",)),
    "tenants.TenantNote": (("tenant_notes",), ("notes",)),
    "tenants.TenantDocument": (("tenant_documents",), ("documents",)),
    "tenants.Circumstance": (("circumstances",), ("circumstances",)),
    "tenants.PortalVisit": (
        ("portal_visits",),
        "the same sign-ins are exported with their times as access_log",
    ),
    "ledger.Contract": (("contract_ibans",), ("contracts",)),
    "ledger.ContractTenant": (
        "the link between a contract and its parties is the administration; the party is anonymised",
        ("contracts",),
    ),
    "ledger.LedgerEntry": ("the corporation's administration (AWR art. 52): kept", ("ledger",)),
    "ledger.ContractStanding": (
        "figures derived from the ledger",
        "derived from the ledger, which is exported",
    ),
    "reports.ContractMonth": (
        "monthly figures derived from the ledger",
        "derived from the ledger, which is exported",
    ),
    "tasks.Task": (("call_notes",), ("tasks",)),
    "arrangements.Arrangement": (("contract_ibans",), ("arrangements",)),
    "arrangements.Installment": ("part of the arrangement, the administration", ("arrangements",)),
    "arrangements.BudgetCheck": (("budget_checks",), ("budget_checks",)),
    "arrangements.Promise": (
        "part of the collection's administration, kept with the contract",
        ("promises",),
    ),
    "arrangements.PaymentClaim": ("part of the collection's administration: kept", ("payment_claims",)),
    "disputes.Dispute": ("kept with the dossier; its uploads follow their own period", ("disputes",)),
    "disputes.DisputeAttachment": (("dispute_attachments",), ("dispute_attachments",)),
    "disputes.DisputeNote": (
        "kept with the dispute",
        "colleagues' working notes on a dispute; the dispute and its outcome are exported",
    ),
    "cases.Case": (("service_cases", "terminations", "home_modifications", "nuisance_reporters"), ("cases",)),
    "cases.CaseEntry": (
        ("service_cases", "terminations", "home_modifications", "nuisance_reporters"),
        ("case_entries",),
    ),
    "cases.Contact": (("contacts",), ("contacts",)),
    "cases.WorkOrder": (
        ("service_cases",),
        "the contractor's order; what the tenant is told of it is on the case's timeline",
    ),
    "appointments.Booking": (("bookings",), ("appointments",)),
    "inspections.Termination": (("terminations",), ("terminations",)),
    "inspections.Inspection": (
        ("terminations", "home_modifications", "service_cases"),
        ("inspection_defects",),
    ),
    "inspections.Defect": (("terminations", "home_modifications", "service_cases"), ("inspection_defects",)),
    "inspections.Modification": (("home_modifications",), ("home_modifications",)),
    "contracts.Letting": (("lettings",), ("lettings",)),
    "contracts.SigningCode": (("signing_codes",), "a hash of a one-time code: it tells the tenant nothing"),
    "contracts.PaymentMethodChange": (
        ("payment_method_changes", "contract_ibans"),
        ("payment_method_changes",),
    ),
    "contracts.Swap": (("swaps",), ("swaps",)),
    "contracts.SwapParty": (("swaps",), ("swaps",)),
    "contracts.CoTenantChange": (("co_tenant_changes",), ("co_tenant_changes",)),
    "contracts.CoTenantConsent": (("co_tenant_changes",), ("co_tenant_consents",)),
    "contracts.ServiceSubscription": (("service_subscriptions",), ("service_subscriptions",)),
    "handovers.Handover": ("part of the dossier's administration (AWR art. 52): kept", ("handovers",)),
    "handovers.HandoverUpdate": (
        "kept with the hand-over",
        "the agency's progress; the hand-over's stage is exported",
    ),
    "handovers.HandoverExport": (
        ("handover_exports",),
        "the file sent to the agency: the hand-over is exported",
    ),
    "handovers.HandoverExportFile": (
        ("handover_exports",),
        "the file sent to the agency: the hand-over is exported",
    ),
    "handovers.AgencyPayment": (
        "a payment booked on the ledger, the administration",
        "the payment is on the ledger, which is exported",
    ),
    "handovers.FeedbackImport": (
        "the agency's feedback file, kept as the administration",
        "its payments are on the ledger",
    ),
    "bank.BankTransaction": (
        "the fiscal administration (AWR art. 52): kept",
        "a bank line cannot always be tied to one tenant; its booking is on the ledger",
    ),
    "payments.PaymentRequest": (("payment_requests",), "a pay link; its payment is on the ledger"),
    "payments.Payment": (("payments",), "an attempt at the provider; the payment is on the ledger"),
    "payments.DirectDebitExport": (
        "the collection file sent to the bank: the fiscal administration",
        "the debits are on the ledger, the IBAN and mandate on the contract",
    ),
    "events.OutboundEvent": (
        "what was delivered to the corporation's own systems, which keep their own copy (not yet pruned)",
        "the same facts as the records exported",
    ),
    "flows.Enrollment": (("closed_dossiers",), "the dossier's letters and messages are exported"),
    "flows.StepRun": (("closed_dossiers",), "the dossier's letters and messages are exported"),
    "flows.EnrollmentEvent": (("closed_dossiers",), "the dossier's letters and messages are exported"),
    "flows.Hold": (
        "part of the dossier's administration: kept",
        "a pause of the collection; its reason is in the dossier",
    ),
    "flows.ReversalFollowUp": ("part of the collection's administration", "its messages are exported"),
    "flows.ContractSegment": (
        "derived from the ledger every night",
        "derived from the ledger, which is exported",
    ),
    "messaging.OutgoingMessage": (("messages", "closed_dossiers"), ("messages",)),
    "earlysignal.ContactAttempt": (("contact_attempts",), ("contact_attempts",)),
    "earlysignal.Objection": (
        "kept while it holds: it stops signals to the municipality",
        ("signal_objections",),
    ),
    "earlysignal.Signal": ("proof of what was reported to the municipality (Wgs): kept", ("early_signals",)),
    "earlysignal.SignalFile": ("proof of the delivery to the municipality: kept", "its signals are exported"),
    "campaigns.CampaignTarget": (("campaign_targets",), ("campaign_targets",)),
    "campaigns.MeterReading": ("the service-cost administration: kept", ("meter_readings",)),
    "campaigns.ContactChange": (("contact_changes",), ("contact_changes",)),
    "campaigns.SurveyAnswer": (("survey_answers",), ("survey_answers",)),
}

NOT_PERSONAL: dict[str, str] = {
    "core.Corporation": "the corporation's own details",
    "core.RetentionPolicy": "the corporation's periods",
    "core.ApiKey": "a system's key",
    "core.Team": "a team's name",
    "tenants.CircumstanceKind": "a list of kinds",
    "ledger.Unit": "a home: its address is not a person's",
    "ledger.ImportRun": "counts and errors of an import; who ran it is a colleague",
    "arrangements.ArrangementPolicy": "the corporation's rules",
    "disputes.DisputeCategory": "a list of kinds",
    "cases.CaseType": "a kind of case and its stages",
    "cases.Article": "the knowledge base",
    "cases.Contractor": "a business's contact data",
    "cases.ContractorKey": "a contractor system's key (a hash)",
    "appointments.Resource": "an agenda",
    "appointments.Availability": "an agenda's hours",
    "contracts.RentDebit": "a contract's collection day; the IBAN and mandate are on the contract",
    "handovers.Agency": "a business's contact data",
    "handovers.WkiCheck": "a check of an agency's registration",
    "handovers.HandoverPolicy": "the corporation's rules",
    "bank.BankAccount": "the corporation's own accounts",
    "bank.BankStatementImport": "counts and errors of an import",
    "payments.PaymentSettings": "the corporation's provider",
    "payments.SandboxCheckout": "a pretend payment in the test and demo environments",
    "events.EventSequence": "a counter",
    "events.WebhookEndpoint": "a system's address",
    "events.EventDelivery": "the status of a delivery; the event holds the data",
    "flows.Flow": "a collection flow",
    "flows.FlowVersion": "a flow's version; its author is a colleague",
    "flows.FlowStep": "a flow's step",
    "flows.Segment": "a group's rules",
    "flows.SegmentProposal": "a proposed group; its author is a colleague",
    "flows.CollectionPolicy": "the corporation's rules",
    "flows.InterestRate": "the statutory interest",
    "flows.ReversalRule": "the corporation's rules",
    "messaging.MessagingSettings": "the corporation's settings",
    "messaging.MessageTemplate": "a template",
    "messaging.TemplateVersion": "a template's text as saved; who saved it is a colleague",
    "messaging.Batch": "a day's batch; who approved it is a colleague",
    "earlysignal.SignalPolicy": "the corporation's rules",
    "earlysignal.Municipality": "a municipality's contact data",
    "earlysignal.SignalBatch": "a batch; its signals hold the data",
    "campaigns.Campaign": "a campaign's name, group and dates",
    "campaigns.Meter": "a home's meter",
    "reports.SavedReport": "a report's definition",
    "reports.MonthTotal": "a month's totals over the whole portfolio: no tenant, no contract",
}
