"""The portal's forms, one module per area: access (signing in), actions (pay, help, contact details),
agreements (promises, arrangements, payment claims, disputes)."""
