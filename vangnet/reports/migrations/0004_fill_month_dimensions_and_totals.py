"""Fills the history's unit dimensions and the month totals for rows written before they existed.

Set-based (the real table has millions of rows): one UPDATE for the dimensions and one INSERT … SELECT for
the totals, whatever the number of rows. Both databases accept UPDATE … FROM (SQLite since 3.33).
"""

from django.db import migrations

FILL_DIMENSIONS = """
UPDATE reports_contractmonth
SET municipality = u.municipality, neighbourhood = u.neighbourhood, complex_code = u.complex_code,
    unit_kind = u.kind
FROM ledger_contract c JOIN ledger_unit u ON u.id = c.unit_id
WHERE c.id = reports_contractmonth.contract_id
"""

FILL_TOTALS = """
INSERT INTO reports_monthtotal (corporation_id, month, recorded_on, contracts, balance, overdue_amount,
                                overdue_current, overdue_departed, monthly_rent)
SELECT corporation_id, month, MAX(recorded_on),
       SUM(CASE WHEN overdue_amount > 0 THEN 1 ELSE 0 END), COALESCE(SUM(balance), 0),
       COALESCE(SUM(overdue_amount), 0),
       COALESCE(SUM(CASE WHEN departed THEN 0 ELSE overdue_amount END), 0),
       COALESCE(SUM(CASE WHEN departed THEN overdue_amount ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN departed THEN 0 ELSE monthly_rent END), 0)
FROM reports_contractmonth
GROUP BY corporation_id, month
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_month_dimensions_and_totals"),
    ]

    operations = [
        migrations.RunSQL(FILL_DIMENSIONS, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_TOTALS, "DELETE FROM reports_monthtotal"),
    ]
