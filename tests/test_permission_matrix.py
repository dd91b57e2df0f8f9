"""The role × object × action matrix of who may see and do what.

The table below is the rule, written out. A change to any permissions.py that alters one cell makes
this test fail and name the cell: change the table only when the rule itself changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from irm.accounts.models import Membership, Role, User
from irm.analytics import permissions as analytics_permissions
from irm.assistance import permissions as assistance_permissions
from irm.assistance.models import Activity
from irm.checklists import permissions as checklist_permissions
from irm.checklists import services as checklist_services
from irm.convention.models import Article, Chapter
from irm.cycles.models import Cycle
from irm.directory import permissions as directory_permissions
from irm.directory.tests.factories import make_entry
from irm.finance import permissions as finance_permissions
from irm.finance.models import FinanceReport
from irm.findings import permissions as findings_permissions
from irm.findings import selectors as findings_selectors
from irm.findings.models import DocumentKind, DraftSharing, Finding, FollowUpPublication, FollowUpReport
from irm.findings.selectors import published_reviews
from irm.followup import permissions as followup_permissions
from irm.library import permissions as library_permissions
from irm.library.models import LibraryDocument
from irm.lots import permissions as lots_permissions
from irm.lots.models import RedrawRequest
from irm.meetings import permissions as meeting_permissions
from irm.meetings.models import Delegation, Session
from irm.parties import permissions as party_permissions
from irm.parties.models import State
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Milestone, Review, ReviewExpert, Stage
from irm.themes import permissions as themes_permissions
from irm.web import permissions as audit_permissions

pytestmark = pytest.mark.django_db

ROLES = [
    "public",
    "observer",
    "delegate",
    "fp-kenya",
    "contrib-kenya",
    "fp-france",
    "expert-nzl",
    "expert-unassigned",
    "secretariat",
]

# Objects: Kenya's review in cycle 2 in several publication states.
#   draft        — nothing published
#   summary_pub  — executive summary published, report not
#   report_nocon — report "published" milestone set but no consent (must stay confidential)
#   report_pub   — report published with consent
Y, N = True, False
MATRIX: dict[tuple[str, str], list[bool]] = {
    #                                   pub obs del fpK ctK fpF exN exU sec
    ("state", "view"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:draft", "view"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:draft", "view_confidential"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:draft", "manage"): [N, N, N, N, N, N, N, N, Y],
    ("review:draft", "view_summary"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:draft", "view_report"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:summary_pub", "view_summary"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:summary_pub", "view_report"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:summary_pub", "view_confidential"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:report_nocon", "view_report"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:report_pub", "view_report"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:report_pub", "view_confidential"): [N, N, N, Y, Y, N, Y, N, Y],
    ("audit", "browse"): [N, N, N, N, N, N, N, N, Y],
    ("redraw_request:KEN", "view_redraw"): [N, N, N, Y, Y, N, N, N, Y],
    ("redraw_request:KEN", "request_redraw"): [N, N, N, Y, N, N, N, N, Y],
    # Issue 14 §5: contributors read the draft summary and report only once the focal point shares them,
    # and the draft findings of the articles assigned to them (contrib-kenya: article 5) only.
    ("review:draft", "read_summary_document"): [N, N, N, Y, N, N, Y, N, Y],
    ("review:draft_shared", "read_summary_document"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:draft", "read_report_document"): [N, N, N, Y, N, N, Y, N, Y],
    ("review:draft_shared", "read_report_document"): [N, N, N, Y, Y, N, Y, N, Y],
    ("review:summary_pub", "read_summary_document"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:summary_pub", "read_report_document"): [N, N, N, Y, N, N, Y, N, Y],
    ("review:report_pub", "read_report_document"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("finding:art5", "view_finding"): [N, N, N, Y, Y, N, Y, N, Y],
    ("finding:art9", "view_finding"): [N, N, N, Y, N, N, Y, N, Y],
    ("finding:art9", "list_findings"): [N, N, N, Y, N, N, Y, N, Y],
    # General technical-assistance needs are the focal point's; article needs, the article's writers.
    ("need:general", "edit_need"): [N, N, N, Y, N, N, N, N, N],
    ("need:art5", "edit_need"): [N, N, N, Y, Y, N, N, N, N],
    # The public record (irm.public) shows the same published set to everyone, signed in or not.
    ("review:draft", "in_public_record"): [N, N, N, N, N, N, N, N, N],
    ("review:summary_pub", "in_public_record"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("review:report_nocon", "in_public_record"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],  # its summary is published
    ("review:report_pub", "in_public_record"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("tags", "decide_tags"): [N, N, N, N, N, N, N, N, Y],
    # Issue 22: the process analytics' every cell (others get the public version) and the proposals.
    ("process_analytics", "every_cell"): [N, N, N, N, N, N, N, N, Y],
    ("proposal", "manage_proposals"): [N, N, N, N, N, N, N, N, Y],
    # Issue 21 §5: the knowledge library. Published documents are public; a submitted one is seen by the
    # secretariat and the focal points of its State, who submit for their own State only.
    ("library:published", "view_library_document"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("library:submitted", "view_library_document"): [N, N, N, Y, N, N, N, N, Y],
    ("library:submitted", "add_library_file"): [N, N, N, Y, N, N, N, N, Y],
    ("library:published", "add_library_file"): [N, N, N, N, N, N, N, N, Y],
    ("state", "submit_library_document"): [N, N, N, Y, N, N, N, N, Y],
    ("library:submitted", "publish_library_document"): [N, N, N, N, N, N, N, N, Y],
    # Issue 20: technical-assistance activities for Kenya (docs/apps/assistance.md). A proposal is seen by
    # its sides and the secretariat; a validated activity by every signed-in user; funding by the sides.
    ("ta_activity:proposal", "view_activity"): [N, N, N, Y, Y, N, N, N, Y],
    ("ta_activity:validated", "view_activity"): [N, Y, Y, Y, Y, Y, Y, Y, Y],
    ("ta_activity:validated", "view_funding"): [N, N, N, Y, N, N, N, N, Y],
    ("ta_activity:validated", "edit_activity"): [N, N, N, Y, N, N, N, N, Y],
    ("ta_activity:proposal", "validate_activity"): [N, N, N, N, N, N, N, N, Y],
    ("ta_activity:proposal", "import_activities"): [N, N, N, N, N, N, N, N, Y],
    ("ta_activity:proposal", "view_ta_report"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    # Issue 20 §1-2: follow-up of a cycle-1 recommendation of Kenya. The State's own report: its circle and
    # the experts on its cycle-2 review read it (read-only), everyone once Kenya published it.
    ("followup:unpublished", "view_follow_up"): [N, N, N, Y, Y, N, Y, N, Y],
    ("followup:published", "view_follow_up"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    # R-F2: consent on a review whose outcome is not public publishes nothing.
    ("followup:consent_only", "view_follow_up"): [N, N, N, Y, Y, N, Y, N, Y],
    ("followup:published", "in_public_follow_up"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("followup:consent_only", "in_public_follow_up"): [N, N, N, N, N, N, N, N, N],
    ("followup:unpublished", "in_public_follow_up"): [N, N, N, N, N, N, N, N, N],
    # The signed-in follow-up lists (/api/v1/follow-up/…): the same readers; the public has its own list.
    ("followup:unpublished", "list_follow_up"): [N, N, N, Y, Y, N, Y, N, Y],
    ("followup:consent_only", "list_follow_up"): [N, N, N, Y, Y, N, Y, N, Y],
    ("followup:published", "list_follow_up"): [N, Y, Y, Y, Y, Y, Y, Y, Y],
    ("followup:unpublished", "report_follow_up"): [N, N, N, Y, Y, N, N, N, Y],
    ("followup:unpublished", "publish_follow_up"): [N, N, N, Y, N, N, N, N, N],
    ("followup:unpublished", "comment_follow_up"): [N, N, N, N, N, N, N, N, N],  # off by default
    ("followup:unpublished", "acknowledge_follow_up"): [N, N, N, N, N, N, N, N, N],  # off by default
    ("followup:unpublished", "set_follow_up_options"): [N, N, N, N, N, N, N, N, Y],
    # Issue 21 §2: the directory's restricted contacts are for the secretariat and signed-in focal points,
    # contributors, experts and delegates of States parties; not observers, donors or the public.
    ("directory:restricted", "view_contacts"): [N, N, Y, Y, Y, Y, Y, Y, Y],
    ("directory:public", "view_contacts"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("state", "propose_directory_change"): [N, N, N, Y, N, N, N, N, Y],
    ("directory:restricted", "decide_directory_change"): [N, N, N, N, N, N, N, N, Y],
    # Issue 16 §7, R-FN1: a financial report the secretariat published is public; a draft is the secretariat's.
    ("finance_report:draft", "view_finance_report"): [N, N, N, N, N, N, N, N, Y],
    ("finance_report:published", "view_finance_report"): [Y, Y, Y, Y, Y, Y, Y, Y, Y],
    ("finance_report:draft", "publish_finance_report"): [N, N, N, N, N, N, N, N, Y],
    # Issue 17 §2: whose personal calendar feed holds a session (Brazil's delegation, the NGO admitted).
    ("session", "in_own_calendar"): [N, Y, Y, N, N, N, N, N, Y],
    # Issue 16 §7, R-T3: a cycle's reminder settings are changed by the secretariat only.
    ("cycle", "edit_reminders"): [N, N, N, N, N, N, N, N, Y],
}

ACTIONS: dict[str, Callable[[Any, Any], object]] = {
    "view": lambda user, obj: (
        party_permissions.can_view(user, obj)
        if isinstance(obj, State)
        else review_permissions.can_view(user, obj)
    ),
    "view_confidential": review_permissions.can_view_confidential,
    "manage": review_permissions.can_manage,
    "view_summary": review_permissions.can_view_summary,
    "view_report": review_permissions.can_view_report,
    "browse": lambda user, obj: audit_permissions.can_browse_audit(user),
    "edit_reminders": lambda user, obj: review_permissions.can_edit_reminders(user),
    "view_redraw": lambda user, obj: (
        lots_permissions.redraw_requests_visible_to(user).filter(pk=obj.pk).exists()
    ),
    "request_redraw": lambda user, obj: lots_permissions.can_request_redraw(user, obj.state),
    "read_summary_document": lambda user, obj: findings_permissions.can_view_document(
        user, obj, DocumentKind.EXECUTIVE_SUMMARY
    ),
    "read_report_document": lambda user, obj: findings_permissions.can_view_document(
        user, obj, DocumentKind.COUNTRY_REPORT
    ),
    "view_finding": findings_permissions.can_view_finding,
    "list_findings": lambda user, obj: (
        findings_selectors.findings_of(user, obj.review).filter(pk=obj.pk).exists()
        and findings_permissions.visible_to(user).filter(pk=obj.pk).exists()
    ),
    "edit_need": lambda user, obj: checklist_permissions.can_edit_need(user, obj[0], obj[1]),
    "in_public_record": lambda user, obj: published_reviews().filter(pk=obj.pk).exists(),
    "decide_tags": lambda user, obj: themes_permissions.can_decide(user),
    "every_cell": lambda user, obj: analytics_permissions.sees_every_cell(user),
    "manage_proposals": lambda user, obj: analytics_permissions.can_manage_proposals(user),
    "view_library_document": library_permissions.can_view,
    "add_library_file": library_permissions.can_add_file,
    "submit_library_document": library_permissions.can_submit,
    "publish_library_document": lambda user, obj: library_permissions.can_publish(user),
    "view_activity": lambda user, obj: assistance_permissions.visible_to(user).filter(pk=obj.pk).exists(),
    "view_funding": assistance_permissions.can_view_funding,
    "edit_activity": assistance_permissions.can_edit,
    "validate_activity": assistance_permissions.can_validate,
    "import_activities": lambda user, obj: assistance_permissions.can_import(user),
    "view_ta_report": lambda user, obj: assistance_permissions.can_view_reports(user),
    "view_follow_up": lambda user, obj: (
        findings_permissions.can_view_follow_up(user, obj.recommendation)
        and findings_permissions.follow_up_visible_to(user).filter(pk=obj.pk).exists()
    ),
    "in_public_follow_up": lambda user, obj: (
        findings_selectors.published_follow_up().filter(pk=obj.pk).exists()
    ),
    "list_follow_up": lambda user, obj: (
        followup_permissions.can_list(user)
        and followup_permissions.reviews_visible_to(user).filter(pk=obj.review_id).exists()
        and followup_permissions.reports_visible_to(user).filter(pk=obj.pk).exists()
    ),
    "report_follow_up": lambda user, obj: findings_permissions.can_report_follow_up(user, obj.recommendation),
    "publish_follow_up": lambda user, obj: findings_permissions.can_publish_follow_up(user, obj.review),
    "comment_follow_up": findings_permissions.can_comment_follow_up,
    "acknowledge_follow_up": findings_permissions.can_acknowledge_follow_up,
    "set_follow_up_options": lambda user, obj: findings_permissions.can_set_follow_up_options(user),
    "view_contacts": directory_permissions.can_view_contacts,
    "propose_directory_change": directory_permissions.can_propose,
    "decide_directory_change": lambda user, obj: directory_permissions.can_decide(user),
    "view_finance_report": lambda user, obj: (
        finance_permissions.can_view_report(user, obj)
        and finance_permissions.visible_to(user).filter(pk=obj.pk).exists()
    ),
    "publish_finance_report": lambda user, obj: finance_permissions.can_publish_report(user),
    "in_own_calendar": lambda user, obj: meeting_permissions.sessions_of(user).filter(pk=obj.pk).exists(),
}


@pytest.fixture
def users(cast):
    from django.contrib.auth.models import AnonymousUser

    unassigned = User.objects.create_user("expert-unassigned", password="x")
    Membership.objects.create(user=unassigned, role=Role.EXPERT, state=State.objects.get(iso3="ZAF"))
    return {"public": AnonymousUser(), **cast, "expert-unassigned": unassigned}


def _review(variant: str, cast) -> Review:
    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "ZAF", "FRA"])}
    review, _ = Review.objects.get_or_create(
        cycle=Cycle.objects.get(number=2),
        state=states["KEN"],
        defaults={"year": 1, "reviewer_1": states["NZL"], "reviewer_2": states["ZAF"]},
    )
    ReviewExpert.objects.get_or_create(
        review=review, user=cast["expert-nzl"], defaults={"state": states["NZL"]}
    )
    review.milestones.all().delete()
    DraftSharing.objects.filter(review=review).delete()
    if variant == "draft_shared":
        DraftSharing.objects.create(review=review, shared_by=cast["fp-kenya"])
    review.report_publication_consent = variant == "report_pub"
    review.save()
    done = date(2023, 1, 1)
    if variant in {"summary_pub", "report_nocon", "report_pub"}:
        Milestone.objects.create(review=review, stage=Stage.SUMMARY_PUBLISHED, done_on=done)
    if variant in {"report_nocon", "report_pub"}:
        Milestone.objects.create(review=review, stage=Stage.REPORT_PUBLISHED, done_on=done)
    return review


def _with_assignment(kind: str, cast) -> object:
    """A draft finding (of article 5 or 9) or a need (general or of article 5) on Kenya's review, whose
    answer assigns article 5 to contrib-kenya."""
    review = _review("draft", cast)
    checklist = checklist_services.start_checklist(actor=cast["fp-kenya"], review=review)
    five = Article.objects.get(number=5)
    checklist_services.assign_article(
        actor=cast["fp-kenya"], checklist=checklist, article=five, user=cast["contrib-kenya"]
    )
    if kind.startswith("need:"):
        return (checklist, five if kind == "need:art5" else None)
    number = int(kind.removeprefix("finding:art"))
    finding = Finding.objects.create(
        review=review,
        type="challenge",
        chapter=Chapter.objects.get(number=2),
        text=f"Draft on article {number}",
    )
    finding.articles.set([Article.objects.get(number=number)])
    return finding


def _session() -> Session:
    """A session where Brazil (the demo delegate's State) and the observer's NGO take part."""
    session = Session.objects.create(
        body="irg",
        number=17,
        slug="irg-17",
        title_en="IRG 17",
        city="Vienna",
        starts_on=date(2027, 6, 1),
        ends_on=date(2027, 6, 3),
        opens_at=timezone.now(),
    )
    Delegation.objects.create(
        session=session, kind="party", state=State.objects.get(iso3="BRA"), status="participating"
    )
    Delegation.objects.create(session=session, kind="ngo_ecosoc", name="Transparency NGO", status="admitted")
    Session.objects.create(
        body="cosp",
        number=98,
        slug="cosp-98",
        title_en="CoSP 98",
        city="Doha",
        starts_on=date(2027, 6, 1),
        ends_on=date(2027, 6, 3),
        opens_at=timezone.now(),
    )
    return session


def _activity(variant: str) -> Activity:
    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NOR"])}
    activity = Activity.objects.create(
        title="Training",
        provider_kind="state",
        provider_state=states["NOR"],
        beneficiary=states["KEN"],
        amount=1000,
        currency="NOK",
    )
    if variant == "validated":
        Activity.objects.filter(pk=activity.pk).update(validated_at=timezone.now())
        activity.refresh_from_db()
    return activity


def _follow_up(variant: str, cast) -> FollowUpReport:
    """A report by Kenya on a recommendation of its cycle-1 review; its cycle-2 review has expert-nzl."""
    _review("draft", cast)
    states = {s.iso3: s for s in State.objects.filter(iso3__in=["KEN", "NZL", "ZAF"])}
    earlier, _ = Review.objects.get_or_create(
        cycle=Cycle.objects.get(number=1),
        state=states["KEN"],
        defaults={"year": 1, "reviewer_1": states["ZAF"], "reviewer_2": states["NZL"]},
    )
    Milestone.objects.get_or_create(
        review=earlier, stage=Stage.SUMMARY_AGREED, defaults={"done_on": date(2015, 1, 1)}
    )
    recommendation = Finding.objects.create(review=earlier, type="recommendation", text="Adopt a law.")
    report = FollowUpReport.objects.create(
        recommendation=recommendation,
        review=earlier,
        measures="Law adopted.",
        status="implemented",
        reported_on=date(2020, 1, 1),
        submitted_by=cast["fp-kenya"],
    )
    if variant in {"published", "consent_only"}:
        FollowUpPublication.objects.create(review=earlier, published_by=cast["fp-kenya"])
    if variant == "published":
        Milestone.objects.create(review=earlier, stage=Stage.SUMMARY_PUBLISHED, done_on=date(2015, 6, 1))
    return report


@pytest.mark.parametrize(("kind", "action"), list(MATRIX))
def test_permission_matrix(kind, action, users, cast):
    if kind == "state":
        obj: object = State.objects.get(iso3="KEN")
    elif kind.startswith("review:"):
        obj = _review(kind.split(":")[1], cast)
    elif kind.startswith(("finding:", "need:")):
        obj = _with_assignment(kind, cast)
    elif kind.startswith("redraw_request:"):
        review = _review("draft", cast)
        obj = RedrawRequest.objects.create(
            cycle=review.cycle, state=review.state, replace=["ZAF"], reason="Confidential reason"
        )
    elif kind.startswith("library:"):
        obj = LibraryDocument.objects.create(
            state=State.objects.get(iso3="KEN"),
            type="law",
            title="Act",
            status=kind.split(":")[1],
        )
    elif kind.startswith("followup:"):
        obj = _follow_up(kind.split(":")[1], cast)
    elif kind.startswith("directory:"):
        obj = make_entry(cast["secretariat"], contacts_public=kind == "directory:public")
    elif kind.startswith("finance_report:"):
        obj = FinanceReport.objects.create(
            as_of=date(2023, 6, 30),
            figures={"funding_gap": "0"},
            published_on=date(2023, 7, 1) if kind.endswith(":published") else None,
        )
    elif kind == "session":
        obj = _session()
    elif kind == "cycle":
        obj = Cycle.objects.get(number=2)
    elif kind.startswith("ta_activity:"):
        obj = _activity(kind.split(":")[1])
    else:
        obj = None
    got = [bool(ACTIONS[action](users[role], obj)) for role in ROLES]
    wrong = [
        f"{role}: expected {exp}, got {g}"
        for role, exp, g in zip(ROLES, MATRIX[kind, action], got, strict=True)
        if exp != g
    ]
    assert not wrong, f"{kind} × {action}: " + "; ".join(wrong)


@pytest.mark.parametrize("variant", ["draft", "summary_pub", "report_pub"])
def test_querysets_agree_with_predicates(variant, users, cast):
    review = _review(variant, cast)
    for role in ROLES:
        user = users[role]
        assert (
            review in review_permissions.confidential_to(user)
        ) == review_permissions.can_view_confidential(user, review), role
        assert (
            review in review_permissions.summaries_visible_to(user)
        ) == review_permissions.can_view_summary(user, review), role
        assert (review in review_permissions.reports_visible_to(user)) == review_permissions.can_view_report(
            user, review
        ), role
