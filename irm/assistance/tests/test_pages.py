from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from irm.assistance import services
from irm.assistance.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(cast, kenya, make_input):
    activity = services.record_activity(
        actor=cast["donor-norway"],
        data=make_input(
            title="Financial investigation course",
            needs=[(kenya["needs"][0].pk, "full")],
            status="delivered",
            starts_on=date(2023, 1, 9),
            ends_on=date(2023, 1, 13),
            amount=120000,
            currency="NOK",
        ),
    )
    return services.validate_activity(actor=cast["secretariat"], activity=activity)


def test_register_and_detail_show_funding_only_to_the_sides(client, cast, delivered):
    client.force_login(cast["fp-kenya"])
    page = client.get(reverse("assistance:register")).content.decode()
    assert "Financial investigation course" in page and "Norway" in page
    detail = client.get(reverse("assistance:detail", args=[delivered.pk]))
    assert "120,000.00 NOK" in detail.content.decode() or "120000.00 NOK" in detail.content.decode()
    assert "no-store" in detail["Cache-Control"]
    client.force_login(cast["delegate"])
    detail = client.get(reverse("assistance:detail", args=[delivered.pk])).content.decode()
    assert "Financial investigation course" in detail and "NOK" not in detail
    client.logout()
    assert client.get(reverse("assistance:detail", args=[delivered.pk])).status_code == 302


def test_a_proposal_is_hidden_from_other_states(client, cast, kenya, make_input):
    proposal = services.record_activity(actor=cast["fp-kenya"], data=make_input(title="Our proposal"))
    client.force_login(cast["fp-france"])
    assert client.get(reverse("assistance:detail", args=[proposal.pk])).status_code == 404
    assert "Our proposal" not in client.get(reverse("assistance:register")).content.decode()


def test_focal_point_proposes_through_the_form(client, cast, kenya, states):
    client.force_login(cast["fp-kenya"])
    form = client.get(reverse("assistance:new")).content.decode()
    assert "Need on article 9" in form  # the needs of the focal point's own State are offered
    response = client.post(
        reverse("assistance:new"),
        {
            "title": "Whistle-blower protection workshop",
            "provider_kind": "state",
            "provider_state": states["NOR"].pk,
            "beneficiary": states["KEN"].pk,
            "status": "planned",
            "needs": [kenya["needs"][1].pk],
        },
    )
    activity = Activity.objects.get(title="Whistle-blower protection workshop")
    assert response.status_code == 302 and activity.validated_at is None
    assert list(activity.needs.all()) == [kenya["needs"][1]]
    bad = client.post(
        reverse("assistance:new"),
        {
            "title": "Dates",
            "provider_kind": "state",
            "provider_state": states["NOR"].pk,
            "beneficiary": states["KEN"].pk,
            "status": "planned",
            "starts_on": "2024-02-01",
            "ends_on": "2024-01-01",
        },
    )
    assert bad.status_code == 422 and "cannot end before it starts" in bad.content.decode()


def test_secretariat_validates_from_the_detail_page(client, cast, kenya, make_input):
    activity = services.record_activity(actor=cast["fp-kenya"], data=make_input())
    client.force_login(cast["fp-kenya"])
    assert client.post(reverse("assistance:validate", args=[activity.pk])).status_code == 404
    client.force_login(cast["secretariat"])
    assert "Validate" in client.get(reverse("assistance:detail", args=[activity.pk])).content.decode()
    client.post(reverse("assistance:validate", args=[activity.pk]))
    activity.refresh_from_db()
    assert activity.validated_by == cast["secretariat"]


def test_public_report_counts_published_needs_and_shows_no_funding(client, cast, kenya, delivered):
    page = client.get(reverse("assistance:report"), {"cycle": 2, "as_of": "2024-01-01"}).content.decode()
    assert "0 needs: 0 met" in page  # Kenya's summary is not published
    client.force_login(cast["secretariat"])
    page = client.get(reverse("assistance:report"), {"cycle": 2, "as_of": "2024-01-01"}).content.decode()
    assert "3 needs: 1 met, 0 partly met, 2 unmet." in page and "Kenya" in page
    csv = client.get(reverse("assistance:download", args=["csv"]), {"as_of": "2024-01-01", "table": "state"})
    assert csv.content.decode("utf-8-sig").splitlines()[1].startswith("KEN,Kenya,AFRICA,3,1,0,2")
    xlsx = client.get(reverse("assistance:download", args=["xlsx"]), {"as_of": "2024-01-01"})
    assert xlsx.content[:2] == b"PK"
    svg = client.get(reverse("assistance:chart", args=["over-time"]), {"as_of": "2024-01-01"})
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content


def test_import_page_previews_then_imports(client, cast, kenya):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        "reference,title,provider_kind,provider,beneficiary,needs,status,starts_on\n"
        f"UNODC-1,Mentoring,unodc,Global Programme against Money Laundering,KEN,{kenya['needs'][2].pk},ongoing,2023-03-01\n"
    ).encode()
    client.force_login(cast["donor-norway"])
    assert client.get(reverse("assistance:import")).status_code == 404
    client.force_login(cast["secretariat"])
    preview = client.post(reverse("assistance:import"), {"file": SimpleUploadedFile("ta.csv", content)})
    assert "Mentoring" in preview.content.decode() and "Ongoing" in preview.content.decode()
    assert not Activity.objects.exists()
    client.post(reverse("assistance:import-confirm"))
    assert Activity.objects.get().reference == "UNODC-1"
    bad = client.post(
        reverse("assistance:import"),
        {
            "file": SimpleUploadedFile(
                "bad.csv", b"title,provider_kind,provider,beneficiary\nX,state,NOR,XXX\n"
            )
        },
    )
    assert bad.status_code == 422 and "bad.csv, row 2, column beneficiary" in bad.content.decode()
