"""The public survey page: no sign-in, the link's token is the only key (Code 1.6); and the staff results page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import WorkflowError
from surveys.forms import SurveyForm
from surveys.models import Survey
from surveys.selectors import survey_results
from surveys.services import SurveyClosedError, survey_answer, survey_for_token
from ui.forms import DateRangeForm
from ui.pages import require


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = survey_for_token(token)
    if survey is None:
        raise Http404
    if survey.answered_at is not None:
        return render(request, "surveys/answered.html", {"already": True})
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_answer(token=token, handling=data["handling"], outcome=data["outcome"], comments=data["comments"])
        except SurveyClosedError:
            return render(request, "surveys/answered.html", {"already": True})
        except WorkflowError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("surveys:thanks")
    return render(request, "surveys/survey.html", {"form": form, "survey": survey})


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/answered.html", {"already": False})


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Staff page: the results for a period; what residents wrote only for the roles that may read it."""
    require(request.user, "surveys.view_results")
    form = DateRangeForm(request.GET or None)
    start, end = form.period()
    answers = None
    if request.user.has_perm("surveys.view_answers"):
        answers = (
            Survey.objects.filter(sent_on__gte=start, sent_on__lte=end, answered_at__isnull=False)
            .select_related("complaint")
            .order_by("-answered_at")[:100]
        )
    results = survey_results(start, end)
    return render(
        request,
        "surveys/results.html",
        {
            "form": form,
            "results": results,
            "bands": zip(results.handling, results.outcome, strict=True),
            "answers": answers,
        },
    )
