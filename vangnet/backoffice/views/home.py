from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view, verified_only
from vangnet.backoffice.charts import chart_spec
from vangnet.backoffice.forms.navigation import CorporationSwitchForm
from vangnet.backoffice.selectors import home_summary, today_summary
from vangnet.backoffice.start import start_screen
from vangnet.core import clock
from vangnet.core.middleware import SESSION_KEY


@staff_view(Permission.VIEW_HOME)
def home(request: HttpRequest) -> HttpResponse:
    as_of = clock.today()
    today = today_summary(as_of=as_of)
    context = {
        "summary": home_summary(),
        "today": today,
        "flows_chart": chart_spec(
            title=_("Lopende dossiers per traject"),
            labels=[bar.name for bar in today.flows],
            series=[
                (_("Lopend"), [bar.active for bar in today.flows]),
                (_("Gepauzeerd"), [bar.held for bar in today.flows]),
            ],
            kind="count",
            filename="dossiers-per-traject",
            stacked=True,
        ),
        "start": start_screen(membership=request.membership, as_of=as_of),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/home.html", context)


@require_POST
@verified_only
def switch_corporation(request: HttpRequest) -> HttpResponse:
    """Make another of the user's corporations the active one; only corporations with a membership count."""
    form = CorporationSwitchForm(request.POST, user=request.user)
    if form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["corporation"]
    # Back to the start page: the page the user was on may belong to the other corporation.
    return redirect("backoffice:home")
