"""The officers' side. Every view here sits behind `officer_required` (group and MFA)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.access import officer_required
from portal.selectors import import_runs_recent


@officer_required
@require_GET
def home(request):
    """The officers' home: for now, how the latest housing system imports went."""
    return render(request, "casework/home.html", {"import_runs": import_runs_recent()})
