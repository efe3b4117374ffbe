from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from alerts import services
from alerts.forms import AlertSettingsForm
from alerts.models import AlertSettings, Kind
from alerts.selectors import alerts_for


@login_required
def alert_list(request):
    page = Paginator(alerts_for(request.user), 50).get_page(request.GET.get("page"))
    services.review_alerts_viewed_record(viewer=request.user, alerts=page)
    return render(request, "alerts/list.html", {"page": page})


@login_required
@require_POST
def alert_read(request, alert_id: int):
    services.alert_mark_read(actor=request.user, alert=get_object_or_404(alerts_for(request.user), pk=alert_id))
    return redirect("alerts:list")


@login_required
@require_POST
def alerts_read_all(request):
    services.alerts_mark_all_read(actor=request.user)
    return redirect("alerts:list")


@login_required
def alert_settings(request):
    current = AlertSettings.objects.filter(user=request.user).first()
    muted = set(current.no_email_for) if current else set()
    form = AlertSettingsForm(request.POST or None, initial={"email_for": [k for k in Kind.values if k not in muted]})
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["email_for"])
        services.alert_settings_update(actor=request.user, no_email_for=[k for k in Kind.values if k not in wanted])
        messages.success(request, "Your alert settings have been saved.")
        return redirect("alerts:settings")
    return render(request, "alerts/settings.html", {"form": form})
