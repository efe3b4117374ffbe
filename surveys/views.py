"""The public survey page: no sign-in, the link's token is the only key (Code 1.6)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from complaints.errors import WorkflowError
from surveys.forms import SurveyForm
from surveys.services import SurveyClosedError, survey_answer, survey_for_token


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
