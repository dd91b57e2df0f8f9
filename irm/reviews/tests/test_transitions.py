"""Every transition, allowed and refused, by role. Refusals leave everything as it was."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from irm.accounts.models import Role
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.core.models import AuditEvent
from irm.reviews import services
from irm.reviews.models import DialogueType, Stage
from irm.reviews.permissions import STAGE_ACTORS
from irm.reviews.tests.conftest import bring_to, snapshot

pytestmark = pytest.mark.django_db

ROLES = [
    "secretariat",
    "fp-kenya",
    "contrib-kenya",
    "expert-nzl",
    "other-expert",
    "fp-france",
    "delegate",
    "anonymous",
]


@pytest.fixture
def actors(cast, make_user):
    people = dict(cast)
    people["other-expert"] = make_user("other-expert", Role.EXPERT, "NZL")
    people["anonymous"] = AnonymousUser()
    return people


def allowed(role: str, stage: Stage) -> bool:
    if role == "secretariat":
        return True
    actors = STAGE_ACTORS[stage]
    return (role == "fp-kenya" and "focal_point" in actors) or (role == "expert-nzl" and "expert" in actors)


CASES = [
    (stage, role) for stage in Stage.ordered()[1:] for role in ROLES if stage != Stage.FOCAL_POINT_NOMINATED
]


@pytest.mark.parametrize(("stage", "role"), CASES, ids=[f"{s.value}-{r}" for s, r in CASES])
def test_advance_stage_by_role(kenya_review, actors, stage, role):
    before_stage = Stage.ordered()[stage.index - 1]
    review = bring_to(kenya_review, before_stage, actor=actors["secretariat"], expert=actors["expert-nzl"])
    if stage == Stage.REVIEW_NOTIFIED:  # the fixture's review is notified on the day of the draw
        review.milestones.filter(stage=stage).update(done_on=None)
    if stage == Stage.REPORT_PUBLISHED:
        services.record_report_consent(actor=actors["secretariat"], review=review, consent=True)
    if stage == Stage.DIRECT_DIALOGUE_HELD:
        services.record_direct_dialogue(
            actor=actors["secretariat"],
            review=review,
            kind=DialogueType.ONLINE,
            starts_on=date(2024, 9, 2),
            state_agreed=True,
        )
    before = snapshot(review)
    if allowed(role, stage):
        services.advance_stage(actor=actors[role], review=review, stage=stage)
        review.refresh_from_db()
        assert review.stage == stage
        assert review.milestones.get(stage=stage).done_on == date.today()
        assert AuditEvent.objects.filter(action=f"review.{stage.value}", object_id=str(review.pk)).exists()
    else:
        with pytest.raises(PermissionDenied):
            services.advance_stage(actor=actors[role], review=review, stage=stage)
        assert snapshot(review) == before


def test_secretariat_names_the_focal_point_which_marks_the_stage(kenya_review, actors):
    services.set_focal_point(
        actor=actors["secretariat"], review=kenya_review, user=actors["fp-kenya"], on=date(2024, 6, 20)
    )
    kenya_review.refresh_from_db()
    assert kenya_review.focal_point == actors["fp-kenya"]
    assert kenya_review.stage == Stage.FOCAL_POINT_NOMINATED
    assert kenya_review.milestones.get(stage=Stage.FOCAL_POINT_NOMINATED).done_on == date(2024, 6, 20)


@pytest.mark.parametrize("role", ["fp-france", "contrib-kenya", "expert-nzl", "delegate", "anonymous"])
def test_others_cannot_name_the_focal_point(kenya_review, actors, role):
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.set_focal_point(actor=actors[role], review=kenya_review, user=actors["fp-kenya"])
    assert snapshot(kenya_review) == before


def test_focal_point_must_be_a_focal_point_of_the_state(kenya_review, actors):
    before = snapshot(kenya_review)
    with pytest.raises(InvalidInput):
        services.set_focal_point(actor=actors["secretariat"], review=kenya_review, user=actors["fp-france"])
    assert snapshot(kenya_review) == before


def test_stages_go_in_order(kenya_review, actors):
    before = snapshot(kenya_review)
    with pytest.raises(Conflict) as error:
        services.advance_stage(actor=actors["secretariat"], review=kenya_review, stage=Stage.KICK_OFF_HELD)
    assert error.value.code == "stage_out_of_order"
    assert snapshot(kenya_review) == before


@pytest.mark.parametrize(
    ("stage", "code"),
    [
        (Stage.FOCAL_POINT_NOMINATED, "no_focal_point"),
        (Stage.DESK_REVIEW_DONE, "no_experts"),
        (Stage.DIRECT_DIALOGUE_HELD, "no_dialogue"),
    ],
)
def test_prerequisites_are_checked(kenya_review, actors, stage, code):
    secretariat = actors["secretariat"]
    review = kenya_review
    if stage.index > Stage.FOCAL_POINT_NOMINATED.index:
        expert = actors["expert-nzl"] if stage == Stage.DIRECT_DIALOGUE_HELD else None
        review = bring_to(kenya_review, Stage.ordered()[stage.index - 1], actor=secretariat, expert=expert)
    before = snapshot(review)
    with pytest.raises(Conflict) as error:
        services.advance_stage(actor=secretariat, review=review, stage=stage)
    assert error.value.code == code
    assert snapshot(review) == before


def test_dates_cannot_be_in_the_future_or_before_the_previous_stage(kenya_review, actors):
    review = bring_to(kenya_review, Stage.FOCAL_POINT_NOMINATED, actor=actors["secretariat"])
    before = snapshot(review)
    for on in (date(2024, 6, 1), date(2999, 1, 1)):
        with pytest.raises(InvalidInput):
            services.advance_stage(
                actor=actors["secretariat"], review=review, stage=Stage.KICK_OFF_HELD, on=on
            )
    assert snapshot(review) == before


def test_secretariat_reopens_a_draft_with_a_reason(kenya_review, actors):
    review = bring_to(
        kenya_review, Stage.SUMMARY_AGREED, actor=actors["secretariat"], expert=actors["expert-nzl"]
    )
    services.reopen_stage(
        actor=actors["secretariat"],
        review=review,
        stage=Stage.DRAFT_REPORT_SENT,
        reason="Draft to be revised",
    )
    review.refresh_from_db()
    assert review.stage == Stage.DIRECT_DIALOGUE_HELD
    assert not review.milestones.get(stage=Stage.DRAFT_REPORT_SENT).done_on
    assert not review.milestones.get(stage=Stage.SUMMARY_AGREED).done_on
    event = AuditEvent.objects.filter(action="review.stage_reopened").get()
    assert event.reason == "Draft to be revised"
    assert event.before is not None
    assert event.before["done"]["summary_agreed"]


@pytest.mark.parametrize("role", ["fp-kenya", "expert-nzl", "fp-france", "anonymous"])
def test_only_the_secretariat_reopens(kenya_review, actors, role):
    review = bring_to(
        kenya_review, Stage.DRAFT_REPORT_SENT, actor=actors["secretariat"], expert=actors["expert-nzl"]
    )
    before = snapshot(review)
    with pytest.raises(PermissionDenied):
        services.reopen_stage(actor=actors[role], review=review, stage=Stage.DRAFT_REPORT_SENT, reason="x")
    assert snapshot(review) == before


def test_reopening_needs_a_reason_and_a_done_stage(kenya_review, actors):
    review = bring_to(kenya_review, Stage.KICK_OFF_HELD, actor=actors["secretariat"])
    before = snapshot(review)
    with pytest.raises(InvalidInput):
        services.reopen_stage(
            actor=actors["secretariat"], review=review, stage=Stage.KICK_OFF_HELD, reason=" "
        )
    with pytest.raises(Conflict):
        services.reopen_stage(
            actor=actors["secretariat"], review=review, stage=Stage.DESK_REVIEW_DONE, reason="x"
        )
    assert snapshot(review) == before


@pytest.mark.parametrize("role", ["secretariat", "fp-kenya"])
def test_state_or_secretariat_suspend_and_resume(kenya_review, actors, role):
    review = bring_to(kenya_review, Stage.FOCAL_POINT_NOMINATED, actor=actors["secretariat"])
    services.suspend_review(actor=actors[role], review=review, reason="Elections")
    review.refresh_from_db()
    assert review.is_suspended
    before = snapshot(review)
    with pytest.raises(Conflict):
        services.advance_stage(actor=actors["secretariat"], review=review, stage=Stage.KICK_OFF_HELD)
    assert snapshot(review) == before
    services.resume_review(actor=actors[role], review=review)
    review.refresh_from_db()
    assert not review.is_suspended
    assert review.suspensions.get().ended_on == date.today()


@pytest.mark.parametrize("role", ["fp-france", "contrib-kenya", "expert-nzl", "delegate", "anonymous"])
def test_others_cannot_suspend(kenya_review, actors, role):
    bring_to(
        kenya_review, Stage.FOCAL_POINT_NOMINATED, actor=actors["secretariat"], expert=actors["expert-nzl"]
    )
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.suspend_review(actor=actors[role], review=kenya_review)
    assert snapshot(kenya_review) == before


def test_expert_must_be_on_a_reviewing_states_list(kenya_review, actors, make_user):
    stranger = make_user("expert-chn", Role.EXPERT, "CHN")
    before = snapshot(kenya_review)
    with pytest.raises(InvalidInput):
        services.assign_expert(actor=actors["secretariat"], review=kenya_review, user=stranger)
    assert snapshot(kenya_review) == before


def test_two_experts_per_reviewing_state_and_fifteen_on_a_list(kenya_review, actors, states, make_user):
    secretariat, nzl = actors["secretariat"], states["NZL"]
    experts = [make_user(f"nzl-{i}", Role.EXPERT, "NZL") for i in range(16)]
    for expert in experts[:15]:
        services.nominate_expert(actor=secretariat, state=nzl, user=expert)
    with pytest.raises(Conflict) as error:
        services.nominate_expert(actor=secretariat, state=nzl, user=experts[15])
    assert error.value.code == "expert_list_full"
    services.assign_expert(actor=secretariat, review=kenya_review, user=experts[0])
    services.assign_expert(actor=secretariat, review=kenya_review, user=experts[1])
    before = snapshot(kenya_review)
    with pytest.raises(Conflict):
        services.assign_expert(actor=secretariat, review=kenya_review, user=experts[2])
    assert snapshot(kenya_review) == before


@pytest.mark.parametrize("role", ["fp-kenya", "expert-nzl", "fp-france"])
def test_only_the_secretariat_assigns_experts(kenya_review, actors, states, role):
    services.nominate_expert(actor=actors["secretariat"], state=states["NZL"], user=actors["expert-nzl"])
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.assign_expert(actor=actors[role], review=kenya_review, user=actors["expert-nzl"])
    assert snapshot(kenya_review) == before


def test_focal_point_of_another_state_cannot_change_a_list(actors, states):
    with pytest.raises(PermissionDenied):
        services.nominate_expert(actor=actors["fp-france"], state=states["NZL"], user=actors["expert-nzl"])


@pytest.mark.parametrize("role", ["secretariat", "expert-nzl"])
def test_dialogue_recorded_by_secretariat_or_assigned_expert(kenya_review, actors, role):
    bring_to(kenya_review, Stage.LOTS_DRAWN, actor=actors["secretariat"], expert=actors["expert-nzl"])
    dialogue = services.record_direct_dialogue(
        actor=actors[role],
        review=kenya_review,
        kind=DialogueType.HYBRID,
        starts_on=date(2024, 11, 4),
        ends_on=date(2024, 11, 6),
        participants="Experts, focal point, NGOs",
        other_stakeholders=True,
        state_agreed=True,
    )
    assert (dialogue.kind, dialogue.other_stakeholders) == (DialogueType.HYBRID, True)


@pytest.mark.parametrize("role", ["fp-kenya", "other-expert", "fp-france", "anonymous"])
def test_dialogue_refused_to_others(kenya_review, actors, role):
    before = snapshot(kenya_review)
    with pytest.raises(PermissionDenied):
        services.record_direct_dialogue(
            actor=actors[role], review=kenya_review, kind=DialogueType.ON_SITE, starts_on=date(2024, 11, 4)
        )
    assert snapshot(kenya_review) == before


def test_dialogue_dates_and_kind_are_checked(kenya_review, actors):
    with pytest.raises(InvalidInput):
        services.record_direct_dialogue(
            actor=actors["secretariat"], review=kenya_review, kind="party", starts_on=date(2024, 11, 4)
        )
    with pytest.raises(InvalidInput):
        services.record_direct_dialogue(
            actor=actors["secretariat"],
            review=kenya_review,
            kind=DialogueType.ONLINE,
            starts_on=date(2024, 11, 4),
            ends_on=date(2024, 11, 1),
            state_agreed=True,
        )


@pytest.mark.parametrize("kind", sorted(DialogueType.needs_agreement()))
def test_a_visit_or_joint_meeting_needs_the_agreement_of_the_state_under_review(kenya_review, actors, kind):
    """R-T2: a country visit or a joint meeting in Vienna only with the State's agreement."""
    before = snapshot(kenya_review)
    with pytest.raises(Conflict) as refused:
        services.record_direct_dialogue(
            actor=actors["secretariat"], review=kenya_review, kind=kind, starts_on=date(2024, 11, 4)
        )
    assert refused.value.code == "no_state_agreement"
    assert snapshot(kenya_review) == before


def test_without_agreement_the_dialogue_is_held_by_other_means(kenya_review, actors):
    dialogue = services.record_direct_dialogue(
        actor=actors["secretariat"],
        review=kenya_review,
        kind=DialogueType.OTHER_MEANS,
        starts_on=date(2024, 11, 4),
    )
    assert dialogue.kind == DialogueType.OTHER_MEANS and dialogue.state_agreed is False
    agreed = services.record_direct_dialogue(
        actor=actors["secretariat"],
        review=kenya_review,
        kind=DialogueType.JOINT_MEETING,
        starts_on=date(2024, 11, 4),
        state_agreed=True,
    )
    assert agreed.kind == DialogueType.JOINT_MEETING and agreed.state_agreed is True
