"""Who sees what of the mechanism's money (DESIGN-SKETCH "finance details").

- the secretariat sees everything and is the only one who edits;
- States' users (focal points, national contributors, governmental experts, delegates, and donor
  representatives of a State) see the financial reports: spending, contributions by donor,
  requirements, the gap;
- a donor (a DONOR membership of a State or of an organization) sees its own contributions in
  detail — payments, earmarking conditions, what they paid for, the expenditure charged to them;
- observers and the public see nothing of the live figures (the pages answer 404);
- a financial report the secretariat *published* is a public document: everyone, signed in or not,
  reads it (issue 16 §7, docs/RULES.md R-FN1); a draft (issued, not published) is the secretariat's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.models import Membership, Role
from irm.accounts.roles import is_public, is_secretariat, roles_of, state_ids
from irm.finance.models import Contribution, Donor, FinanceReport

#: Roles whose holders act for a State and therefore see the reports made to the States.
REPORT_ROLES = {Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.EXPERT, Role.DELEGATE}


def can_edit_finance(user: Any) -> bool:
    return is_secretariat(user)


def can_view_reports(user: Any) -> bool:
    if is_public(user):
        return False
    if is_secretariat(user):
        return True
    return bool(roles_of(user) & REPORT_ROLES) or bool(state_ids(user, Role.DONOR))


def donors_of(user: Any) -> QuerySet[Donor]:
    """The donors the user represents (DONOR memberships), or every donor for the secretariat."""
    if is_public(user):
        return Donor.objects.none()
    if is_secretariat(user):
        return Donor.objects.all()
    memberships = Membership.objects.filter(user=user, role=Role.DONOR)
    states = [m.state_id for m in memberships if m.state_id]
    organizations = [m.organization for m in memberships if not m.state_id and m.organization]
    if not states and not organizations:
        return Donor.objects.none()
    return Donor.objects.filter(
        Q(state_id__in=states) | Q(state__isnull=True, organization__in=organizations)
    )


def is_donor(user: Any) -> bool:
    return not is_public(user) and Role.DONOR in roles_of(user)


def can_view_finance(user: Any) -> bool:
    """Whether the finance pages exist for the user at all."""
    return can_view_reports(user) or donors_of(user).exists()


def published_reports() -> QuerySet[FinanceReport]:
    """The financial reports the secretariat published: public documents."""
    return FinanceReport.objects.filter(published_on__isnull=False)


def visible_to(user: Any) -> QuerySet[FinanceReport]:
    """Issued financial reports: every one for the secretariat (drafts too), the published ones for
    everybody else."""
    return FinanceReport.objects.all() if is_secretariat(user) else published_reports()


def can_view_report(user: Any, report: FinanceReport) -> bool:
    return is_secretariat(user) or report.published_on is not None


def can_publish_report(user: Any) -> bool:
    return is_secretariat(user)


def contributions_visible_to(user: Any) -> QuerySet[Contribution]:
    """Contributions the user may see in detail: all for the secretariat, a donor's own otherwise."""
    if is_secretariat(user):
        return Contribution.objects.all()
    return Contribution.objects.filter(donor__in=donors_of(user))


def can_view_contribution(user: Any, contribution: Contribution) -> bool:
    return contributions_visible_to(user).filter(pk=contribution.pk).exists()


def can_view_donor(user: Any, donor: Donor) -> bool:
    return donors_of(user).filter(pk=donor.pk).exists()
