"""Finance pages. Thin: parse, ask permissions and selectors, call one service, render. 404 for the unauthorised."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from irm.core.content_cache import per_content_version
from irm.core.errors import form_error
from irm.core.exceptions import DomainError, InvalidInput
from irm.core.limits import language_param, rate_limited
from irm.documents.views import answer as document_answer
from irm.finance import charts, forms, jobs, permissions, selectors, services
from irm.finance.documents import narrative
from irm.finance.models import Activity, Contribution, Funding
from irm.reviews.models import Review


def _language() -> str:
    return "zh" if (translation.get_language() or "en").startswith("zh") else "en"


def _dates(request: HttpRequest) -> tuple[date, date | None]:
    form = forms.AsOfForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise Http404
    data = form.cleaned_data if form.is_bound else {}
    as_of = data.get("as_of") or timezone.localdate()
    since = data.get("since")
    if since is not None and since >= as_of:
        since = None
    return as_of, since


def _require_reports(request: HttpRequest) -> None:
    if not permissions.can_view_reports(request.user):
        raise Http404


def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_view_reports(user):
        own = list(permissions.donors_of(user)[:2])
        if len(own) == 1:
            return redirect("finance:donor", pk=own[0].pk)
        raise Http404
    as_of, since = _dates(request)
    # The same figures and words for everyone allowed to see them (checked above): kept per content version.
    language = _language()
    report, paragraphs = per_content_version(
        "finance-overview", (as_of, since, language), lambda: _report_and_narrative(as_of, since, language)
    )
    activities = dict(Activity.choices)
    by_activity = [
        {**row, "label": activities.get(row["activity"], row["activity"])}
        for row in report["expenditure_by_activity"]
    ]
    scenarios = _scenarios(request, as_of)
    query = request.GET.urlencode()
    return render(
        request,
        "finance/overview.html",
        {
            "report": report,
            "as_of": as_of,
            "since": since,
            "paragraphs": paragraphs,
            "by_activity": by_activity,
            "form": forms.AsOfForm(initial={"as_of": as_of, "since": since}),
            "scenario_form": scenarios["form"],
            "scenarios": scenarios["results"],
            "query": query,
            "can_edit": permissions.can_edit_finance(user),
            "donors": permissions.donors_of(user).select_related("state"),
            "issued": permissions.visible_to(user).order_by("-as_of")[:20],
        },
    )


def _report_and_narrative(as_of: date, since: date | None, language: str) -> tuple[dict[str, Any], list[str]]:
    report = selectors.build_report(as_of, since=since)
    return report, narrative(report, language)


def _scenarios(request: HttpRequest, as_of: date) -> dict[str, Any]:
    form = forms.ScenarioForm(
        request.GET if any(k.startswith(("posts_", "extension_")) for k in request.GET) else None,
        initial={"posts_amount": Decimal("560000"), "posts_cycle": 2, "posts_from_year": 3},
    )
    results = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        base = selectors.position(as_of)
        if data.get("posts_amount") and data.get("posts_cycle") and data.get("posts_from_year"):
            after = selectors.scenario_regular_budget_posts(
                base,
                yearly_amount=data["posts_amount"],
                cycle_number=data["posts_cycle"],
                from_year=data["posts_from_year"],
            )
            results.append(
                {
                    "label": _(
                        "New regular-budget posts saving %(amount)s USD a year in cycle %(cycle)s from year %(year)s"
                    )
                    % {
                        "amount": f"{data['posts_amount']:,.0f}",
                        "cycle": data["posts_cycle"],
                        "year": data["posts_from_year"],
                    },
                    "gap": after.funding_gap,
                    "change": after.funding_gap - base.funding_gap,
                }
            )
        if data.get("extension_cycle") and data.get("extension_months"):
            after = selectors.scenario_extension(
                base, cycle_number=data["extension_cycle"], months=data["extension_months"]
            )
            results.append(
                {
                    "label": _("Extension of cycle %(cycle)s by %(months)s months")
                    % {"cycle": data["extension_cycle"], "months": data["extension_months"]},
                    "gap": after.funding_gap,
                    "change": after.funding_gap - base.funding_gap,
                }
            )
    return {"form": form, "results": results}


def chart(request: HttpRequest, name: str) -> HttpResponse:
    _require_reports(request)
    as_of, _since = _dates(request)
    if name == "spending":
        svg = charts.spending_per_year(selectors.report_figures(as_of))
    elif name == "donors":
        svg = charts.contributions_by_donor(selectors.report_figures(as_of), language=_language())
    elif name == "gap":
        first = Contribution.objects.order_by("pledged_on").values_list("pledged_on", flat=True).first()
        dates = charts.gap_dates(as_of, first.year if first else as_of.year)
        svg = charts.gap_over_time(selectors.gap_over_time(dates))
    else:
        raise Http404
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@rate_limited("documents")
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_reports(request)
    as_of, since = _dates(request)
    report = selectors.build_report(as_of, since=since)
    if fmt == "json":
        return HttpResponse(json.dumps(report, ensure_ascii=False, indent=2), content_type="application/json")
    if fmt in ("docx", "pdf"):
        language = language_param(request.GET.get("lang"), allowed=("en", "zh"))
        job = jobs.request_report(
            actor=request.user, report=report, as_of=as_of, since=since, language=language, fmt=fmt
        )
        return document_answer(request, job)
    raise Http404


def donor(request: HttpRequest, pk: int) -> HttpResponse:
    found = permissions.donors_of(request.user).select_related("state").filter(pk=pk).first()
    if found is None:
        raise Http404
    as_of, _since = _dates(request)
    statement = selectors.donor_statement(found, as_of)
    activities = dict(Activity.choices)
    for row in statement["rows"]:
        for allocation in row["allocations"]:
            allocation["label"] = activities.get(allocation["activity"], allocation["activity"])
    return render(
        request,
        "finance/donor.html",
        {
            "statement": statement,
            "donor": found,
            "as_of": as_of,
            "can_edit": permissions.can_edit_finance(request.user),
        },
    )


def donor_list(request: HttpRequest) -> HttpResponse:
    donors = permissions.donors_of(request.user).select_related("state")
    if not permissions.can_edit_finance(request.user) and not donors.exists():
        raise Http404
    return render(request, "finance/donors.html", {"donors": donors})


@require_http_methods(["GET", "POST"])
def contribution(request: HttpRequest, reference: str) -> HttpResponse:
    found = (
        permissions.contributions_visible_to(request.user)
        .select_related("donor__state")
        .filter(reference=reference)
        .first()
    )
    if found is None:
        raise Http404
    can_edit = permissions.can_edit_finance(request.user)
    form = forms.PaymentForm(request.POST or None) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit or form is None:
            raise Http404
        status = 422
        if form.is_valid():
            try:
                services.record_payment(actor=request.user, contribution=found, **form.cleaned_data)
            except DomainError as exc:
                status = form_error(form, exc)
            else:
                messages.success(request, _("Payment recorded."))
                return redirect("finance:contribution", reference=found.reference)
    return render(
        request,
        "finance/contribution.html",
        {
            "contribution": found,
            "payments": found.payments.all(),
            "expenditure": found.expenditure.select_related("cycle"),
            "form": form,
        },
        status=status,
    )


# --------------------------------------------------------------------------- secretariat forms

FORMS = {
    "contribution": (forms.ContributionForm, _("Record a contribution")),
    "requirement": (forms.RequirementForm, _("Record an estimate of requirements")),
    "expenditure": (forms.ExpenditureForm, _("Record expenditure")),
    "rate": (forms.RateForm, _("Record an exchange rate")),
    "report": (forms.IssueForm, _("Issue a financial report")),
}


def _save(kind: str, user: Any, data: dict[str, Any]) -> str:
    """Call the one service the form stands for; returns where to go next."""
    if kind == "contribution":
        state, organization = data.pop("donor_state"), data.pop("organization").strip()
        donor = services.register_donor(actor=user, state=state, organization="" if state else organization)
        c = services.record_contribution(actor=user, donor=donor, **data)
        return reverse("finance:contribution", kwargs={"reference": c.reference})
    if kind == "requirement":
        services.estimate_requirement(actor=user, **data)
    elif kind == "expenditure":
        review_id, reference = data.pop("review_id"), data.pop("contribution").strip()
        review = Review.objects.filter(pk=review_id).first() if review_id else None
        if review_id and review is None:
            raise InvalidInput(_("No review %(id)s.") % {"id": review_id})
        found = Contribution.objects.filter(reference=reference).first() if reference else None
        if reference and found is None:
            raise InvalidInput(_("No contribution %(ref)s.") % {"ref": reference})
        services.record_expenditure(actor=user, review=review, contribution=found, **data)
    elif kind == "rate":
        services.record_exchange_rate(actor=user, **data)
    elif kind == "report":
        services.issue_report(actor=user, **data)
    return reverse("finance:overview")


@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in FORMS or not permissions.can_edit_finance(request.user):
        raise Http404
    form_class, title = FORMS[kind]
    form = form_class(request.POST or None)
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("earmark_activity", "earmark_region", "region"):
            if key in data and data[key] is None:
                data[key] = ""
        try:
            target = _save(kind, request.user, data)
        except DomainError as exc:
            status = form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(target)
    context = {"form": form, "title": title, "kind": kind, "funding": Funding}
    return render(request, "finance/form.html", context, status=status)
