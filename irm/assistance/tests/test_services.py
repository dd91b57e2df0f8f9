from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from irm.assistance import permissions, selectors, services
from irm.assistance.models import Activity, ActivityStatus, NeedStatus, ProviderKind
from irm.core.audit import AuditEvent
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db


def test_focal_point_proposes_for_its_state_unvalidated(cast, kenya, make_input):
    need = kenya["needs"][0]
    activity = services.record_activity(
        actor=cast["fp-kenya"], data=make_input(needs=[(need.pk, "full")], title="Asset recovery course")
    )
    assert activity.validated_at is None
    assert list(activity.needs.all()) == [need]
    event = AuditEvent.objects.get(action="assistance.activity_recorded", object_id=str(activity.pk))
    assert event.after is not None
    assert event.after["needs"] == [[need.pk, "full"]]
    assert event.after["beneficiary"] == "KEN"


def test_focal_point_cannot_propose_for_another_state(cast, kenya, make_input):
    with pytest.raises(PermissionDenied):
        services.record_activity(actor=cast["fp-france"], data=make_input())
    assert not Activity.objects.exists()


def test_donor_records_only_what_it_provides(cast, kenya, make_input, states):
    own = services.record_activity(actor=cast["donor-norway"], data=make_input(title="Norway's course"))
    assert own.provider_label == states["NOR"].name
    with pytest.raises(PermissionDenied):
        services.record_activity(
            actor=cast["donor-norway"],
            data=make_input(
                provider_kind=ProviderKind.ORGANIZATION, provider_state=None, provider_name="UNDP"
            ),
        )
    assert Activity.objects.count() == 1


def test_only_needs_of_the_beneficiary_can_be_linked(cast, kenya, make_input, states):
    with pytest.raises(InvalidInput) as caught:
        services.record_activity(
            actor=cast["secretariat"], data=make_input(needs=[(kenya["challenge"].pk, "full")])
        )
    assert caught.value.code == "assistance_not_a_need"
    with pytest.raises(InvalidInput) as caught:
        services.record_activity(
            actor=cast["secretariat"],
            data=make_input(beneficiary=states["FRA"], needs=[(kenya["needs"][0].pk, "full")]),
        )
    assert caught.value.code == "assistance_need_of_other_state"
    assert not Activity.objects.exists()


def test_funding_needs_a_currency_and_dates_in_order(cast, kenya, make_input):
    with pytest.raises(InvalidInput) as caught:
        services.record_activity(actor=cast["secretariat"], data=make_input(amount=Decimal("1000")))
    assert caught.value.code == "assistance_currency"
    with pytest.raises(InvalidInput) as caught:
        services.record_activity(
            actor=cast["secretariat"], data=make_input(starts_on=date(2023, 5, 1), ends_on=date(2023, 4, 1))
        )
    assert caught.value.code == "assistance_dates"
    activity = services.record_activity(
        actor=cast["secretariat"], data=make_input(amount=Decimal("250000.50"), currency="nok")
    )
    assert (activity.amount, activity.currency) == (Decimal("250000.50"), "NOK")


def test_secretariat_validates_and_others_cannot(cast, kenya, make_input):
    activity = services.record_activity(actor=cast["fp-kenya"], data=make_input())
    with pytest.raises(PermissionDenied):
        services.validate_activity(actor=cast["fp-kenya"], activity=activity)
    activity.refresh_from_db()
    assert activity.validated_at is None
    services.validate_activity(actor=cast["secretariat"], activity=activity)
    activity.refresh_from_db()
    assert activity.validated_by == cast["secretariat"]
    assert AuditEvent.objects.filter(
        action="assistance.activity_validated", object_id=str(activity.pk)
    ).exists()
    with pytest.raises(Conflict):
        services.validate_activity(actor=cast["secretariat"], activity=activity)


def test_a_change_by_a_side_needs_validating_again(cast, kenya, make_input):
    activity = services.record_activity(actor=cast["donor-norway"], data=make_input())
    services.validate_activity(actor=cast["secretariat"], activity=activity)
    activity.refresh_from_db()
    changed = services.update_activity(
        actor=cast["donor-norway"],
        activity=activity,
        data=make_input(status=ActivityStatus.ONGOING, starts_on=date(2023, 1, 1)),
        version=activity.version,
    )
    assert changed.validated_at is None and changed.status == "ongoing" and changed.version == 2
    event = AuditEvent.objects.get(action="assistance.activity_updated")
    assert event.before is not None and event.after is not None
    assert event.before["status"] == "planned" and event.after["status"] == "ongoing"
    with pytest.raises(Conflict):  # the version the form was built from is old
        services.update_activity(actor=cast["secretariat"], activity=activity, data=make_input(), version=1)
    with pytest.raises(PermissionDenied):
        services.update_activity(actor=cast["fp-france"], activity=activity, data=make_input(), version=2)


def _validated(cast, make_input, **kwargs) -> Activity:
    activity = services.record_activity(actor=cast["secretariat"], data=make_input(**kwargs))
    return services.validate_activity(actor=cast["secretariat"], activity=activity)


def test_need_status_is_derived_from_validated_activities(cast, kenya, make_input):
    one, two, three = kenya["needs"]
    _validated(
        cast,
        make_input,
        needs=[(one.pk, "full"), (two.pk, "partial")],
        status=ActivityStatus.DELIVERED,
        starts_on=date(2023, 2, 1),
        ends_on=date(2023, 6, 30),
    )
    # A proposal nobody validated and a cancelled activity change nothing.
    services.record_activity(
        actor=cast["fp-kenya"],
        data=make_input(needs=[(three.pk, "full")], status="delivered", ends_on=date(2023, 1, 1)),
    )
    _validated(cast, make_input, needs=[(three.pk, "full")], status=ActivityStatus.CANCELLED)
    after = date(2024, 1, 1)
    assert selectors.status_of_need(one, after) == NeedStatus.MET
    assert selectors.status_of_need(two, after) == NeedStatus.PARTLY_MET
    assert selectors.status_of_need(three, after) == NeedStatus.UNMET
    # While the activity was under way the first need was only partly met; before it started, unmet.
    assert selectors.status_of_need(one, date(2023, 3, 1)) == NeedStatus.PARTLY_MET
    assert selectors.status_of_need(one, date(2023, 1, 1)) == NeedStatus.UNMET


def test_report_adds_up(cast, kenya, make_input):
    one, two, _three = kenya["needs"]
    _validated(
        cast,
        make_input,
        needs=[(one.pk, "full"), (two.pk, "partial")],
        status="delivered",
        starts_on=date(2023, 2, 1),
        ends_on=date(2023, 6, 30),
        amount=Decimal("1000"),
        currency="NOK",
    )
    doc = selectors.report(cycle=2, as_of=date(2024, 1, 1), funding=True)
    assert (doc["needs"], doc["met"], doc["partly_met"], doc["unmet"]) == (3, 1, 1, 1)
    assert doc["met"] + doc["partly_met"] + doc["unmet"] == doc["needs"]
    assert sum(row["needs"] for row in doc["by_category"]) == 3
    for row in doc["by_category"] + doc["by_state"] + doc["by_article"] + doc["by_region"]:
        assert row["met"] + row["partly_met"] + row["unmet"] == row["needs"]
    [norway] = doc["by_provider"]
    assert norway["provider"] == "NOR" and norway["delivered"] == 1
    assert (norway["needs_met"], norway["needs_partly_met"]) == (1, 1)
    assert norway["funding"] == {"NOK": "1000.00"}
    assert doc["by_state"][0]["state"] == "KEN" and doc["by_state"][0]["unmet"] == 1
    assert [(y["year"], y["identified"], y["met"]) for y in doc["over_time"]] == [
        (2022, 3, 0),
        (2023, 3, 1),
        (2024, 3, 1),
    ]
    # Before the executive summary was completed, there are no needs to count.
    assert selectors.report(cycle=2, as_of=date(2022, 1, 1))["needs"] == 0
    assert "funding" not in selectors.report(cycle=2, as_of=date(2024, 1, 1))["by_provider"][0]


def test_addressed_rows_count_each_dimension_once(cast, kenya, make_input):
    one, two, _three = kenya["needs"]
    _validated(cast, make_input, needs=[(one.pk, "full")], status="ongoing", starts_on=date(2023, 1, 1))
    _validated(
        cast,
        make_input,
        needs=[(one.pk, "partial"), (two.pk, "full")],
        status="ongoing",
        starts_on=date(2023, 6, 1),
    )
    rows = selectors.addressed_rows([kenya["review"].pk], date(2024, 1, 1))
    review = kenya["review"].pk
    assert rows["total"] == [(review, 0, 2)]
    assert sorted(k for _r, k, _n in rows["article"]) == sorted(
        [one.articles.get().pk, two.articles.get().pk]
    )
    assert sum(n for _r, _k, n in rows["category"]) == 2
    primary = selectors.addressed_rows([review], date(2024, 1, 1), primary=True)
    assert sum(n for _r, _k, n in primary["primary"]) == 2
    assert selectors.addressed_rows([review], date(2023, 3, 1))["total"] == [(review, 0, 1)]
    assert not selectors.addressed_rows([review], date(2022, 12, 31))["total"]


def test_who_sees_what(cast, kenya, make_input, states):
    proposal = services.record_activity(
        actor=cast["fp-kenya"], data=make_input(amount=Decimal("5"), currency="EUR")
    )
    validated = _validated(cast, make_input, provider_state=states["FRA"])
    seen = {
        name: set(permissions.visible_to(cast[name]))
        for name in ("secretariat", "fp-kenya", "donor-norway", "fp-france", "delegate")
    }
    assert seen["secretariat"] == {proposal, validated}
    assert seen["fp-kenya"] == {proposal, validated}
    assert seen["donor-norway"] == {proposal, validated}  # Norway provides the proposal
    assert seen["fp-france"] == {validated}
    assert seen["delegate"] == {validated}
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.visible_to(AnonymousUser()).exists()
    assert [
        u
        for u in ("secretariat", "fp-kenya", "donor-norway", "contrib-kenya", "delegate")
        if permissions.can_view_funding(cast[u], proposal)
    ] == [
        "secretariat",
        "fp-kenya",
        "donor-norway",
    ]
