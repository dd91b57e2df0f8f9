"""Pages of the themes app: the themes and their sources (public); the suggestions the secretariat
confirms or rejects (secretariat only, never cached)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from irm.core.exceptions import DomainError
from irm.core.i18n import localized
from irm.reviews.models import Review
from irm.themes import permissions, selectors, services, suggest
from irm.themes.models import Theme

MAX_DECISIONS = 500


def theme_list(request: HttpRequest) -> HttpResponse:
    language = translation.get_language()
    themes = [(t, localized(t, "name", language)) for t in selectors.themes()]
    return render(
        request,
        "themes/list.html",
        {
            "sdg": [(t, n) for t, n in themes if t.kind == Theme.Kind.SDG_TARGET],
            "topics": [(t, n) for t, n in themes if t.kind == Theme.Kind.TOPIC],
        },
    )


@never_cache
def suggestions(request: HttpRequest) -> HttpResponse:
    if not permissions.can_decide(request.user):
        raise Http404
    model = suggest.load()
    return render(
        request,
        "themes/suggestions.html",
        {"reviews": selectors.reviews_with_suggestions(), "model": model},
    )


@never_cache
def review_suggestions(request: HttpRequest, review_id: int) -> HttpResponse:
    if not permissions.can_decide(request.user):
        raise Http404
    review = Review.objects.select_related("state", "cycle").filter(pk=review_id).first()
    if review is None:
        raise Http404
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("tag") if i.isdigit()][:MAX_DECISIONS]
        tags = list(
            permissions.suggestions_visible_to(request.user).filter(pk__in=ids, finding__review=review)
        )
        decision = request.POST.get("decision")
        try:
            if not tags:
                messages.warning(request, _("Choose at least one suggestion."))
            elif decision == "confirm":
                count = services.confirm_tags(actor=request.user, tags=tags)
                messages.success(request, _("%(count)d suggestions confirmed.") % {"count": count})
            elif decision == "reject":
                count = services.reject_tags(actor=request.user, tags=tags)
                messages.success(request, _("%(count)d suggestions rejected.") % {"count": count})
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("themes:review-suggestions", review_id=review.pk)
    pending = list(selectors.pending_suggestions(review.pk))
    return render(
        request,
        "themes/review_suggestions.html",
        {"review": review, "groups": selectors.group_by_finding(pending, translation.get_language())},
    )
