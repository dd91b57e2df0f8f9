"""The demo (CoSP 10 and IRG 13 from the seeds), idempotent; the pages, exports and API answer."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from irm.demo import load_demo
from irm.meetings import selectors
from irm.meetings.models import (
    Document,
    EntryStatus,
    ParticipationStatus,
    Session,
    SpeakerEntry,
    SpeakersList,
    WorkSlot,
)

pytestmark = pytest.mark.django_db


def test_the_demo_sessions_their_pages_exports_and_api(client, cast, demo):
    """The sessions of the shared demo (CoSP 10, IRG 13): their pages, exports and API."""
    demo_data = Session.objects.get(slug="cosp-10")
    check_demo(demo_data)
    check_pages(client, demo_data, cast)
    client.logout()
    check_exports(client, demo_data)
    check_api(client, demo_data)


def check_demo(demo_data):
    cosp10 = demo_data
    counts = (
        Session.objects.count(),
        Document.objects.count(),
        SpeakerEntry.objects.count(),
        WorkSlot.objects.count(),
    )
    load_demo(stdout=io.StringIO())
    assert (
        Session.objects.count(),
        Document.objects.count(),
        SpeakerEntry.objects.count(),
        WorkSlot.objects.count(),
    ) == counts
    assert (
        cosp10.city == "Atlanta"
        and str(cosp10.starts_on) == "2023-12-11"
        and cosp10.interpreted_meetings_limit == 20
    )
    labels = [i.label for i in cosp10.agenda_items.all()]
    assert labels[:7] == ["1", "1 (a)", "1 (b)", "1 (c)", "1 (d)", "1 (e)", "1 (f)"] and "10" in labels
    work = selectors.organization_of_work(cosp10)
    assert work["interpreted_used"] == 10 and work["parallel"]
    general = SpeakersList.objects.get(session=cosp10)
    assert 90 <= general.entries.count() <= 110
    rows = selectors.speakers_rows(general)
    tiers = [r.entry.ministerial for r in rows]
    assert tiers == sorted(tiers, reverse=True)  # all ministerial speakers first
    order = [r.entry.delegation.iso3 for r in rows]
    assert order.index("MEX") < order.index("BRA")  # the demo swap
    irg = Session.objects.get(slug="irg-13-r2")
    assert irg.hybrid and irg.delegations.filter(kind="party").count() >= 115
    assert irg.joint_meetings.count() == 1
    assert (
        not SpeakerEntry.objects.filter(speakers_list__session=irg).exclude(status=EntryStatus.SPOKE).exists()
    )
    proposal = selectors.rotation_proposal(cosp10)
    assert (proposal["president_group"], proposal["rapporteur_group"]) == ("ASIA_PACIFIC", "AFRICA")
    assert proposal["host_practice"]["president_group"] == "WEOG"
    assert cosp10.delegations.filter(status=ParticipationStatus.REFERRED).count() == 1


def check_pages(client, demo_data, cast):
    lst = SpeakersList.objects.get(session=demo_data)
    public = [
        "/meetings/",
        "/meetings/cosp-10/",
        "/meetings/cosp-10/participants/",
        "/meetings/cosp-10/bureau/",
        "/meetings/cosp-10/resolutions/",
        f"/meetings/cosp-10/speakers/{lst.pk}/",
        f"/meetings/cosp-10/speakers/{lst.pk}/print/?lang=zh",
        f"/meetings/cosp-10/speakers/{lst.pk}/room/",
        f"/meetings/cosp-10/speakers/{lst.pk}/room/now/",
        "/meetings/irg-13-r2/",
    ]
    for url in public:
        assert client.get(url).status_code == 200, url
    assert client.get("/meetings/cosp-10/credentials/").status_code == 302  # login first
    assert "CAC/COSP/IRG/2022/L.1/Add.9" not in client.get("/meetings/irg-13-r2/").content.decode()
    client.force_login(cast["delegate"])
    assert "CAC/COSP/IRG/2022/L.1/Add.9" in client.get("/meetings/irg-13-r2/").content.decode()
    assert client.get("/meetings/cosp-10/credentials/").status_code == 200
    client.force_login(cast["secretariat"])
    for url in ["/meetings/cosp-10/credentials/", "/meetings/cosp-10/credentials/report.docx"]:
        assert client.get(url).status_code == 200, url
    # The bureau's overview counts by name, not by code (issue 17 §3: a person never reads a code).
    overview = client.get("/meetings/cosp-10/credentials/").content.decode()
    assert "Not in due form: " in overview and "Parties registered: " in overview
    assert "not_in_order" not in overview and "provisional:" not in overview


def check_exports(client, demo_data):
    lst = SpeakersList.objects.get(session=demo_data)
    zh = client.get(f"/meetings/cosp-10/speakers/{lst.pk}/export.csv?lang=zh").content.decode("utf-8-sig")
    assert zh.splitlines()[0].startswith("序号,代表团,发言者") and "巴西" in zh
    en = client.get(f"/meetings/cosp-10/speakers/{lst.pk}/export.csv").content.decode("utf-8-sig")
    assert en.splitlines()[0].startswith("No.,Delegation,Speaker") and len(en.splitlines()) > 90
    word = client.get(f"/meetings/cosp-10/speakers/{lst.pk}/export.docx?lang=fr")
    assert word.status_code == 200 and word.content[:2] == b"PK"


def check_api(client, demo_data):
    lst = SpeakersList.objects.get(session=demo_data)
    sessions = client.get("/api/v1/meetings/").json()
    assert {"cosp-10", "irg-13-r2"} <= {s["slug"] for s in sessions}
    detail = client.get("/api/v1/meetings/cosp-10").json()
    assert detail["draft_resolution_deadline"] == "2023-11-13" and len(detail["organization_of_work"]) == 13
    speakers = client.get(f"/api/v1/meetings/cosp-10/speakers/{lst.pk}").json()["speakers"]
    assert speakers[0]["ministerial"] and speakers[0]["position"] == 1
    rotation = client.get("/api/v1/meetings/cosp-10/bureau/rotation").json()
    assert (
        rotation["president_group"] == "ASIA_PACIFIC" and rotation["host_practice_president_group"] == "WEOG"
    )
    docs = client.get("/api/v1/meetings/irg-13-r2/documents").json()
    assert all(d["access"] == "public" for d in docs)
    assert client.get("/api/v1/meetings/cosp-10/credentials/report").status_code == 401
    assert json.loads(client.get("/api/v1/meetings/nowhere").content)["code"] == "not_found"


def test_api_refuses_a_request_before_the_list_opens_and_keeps_nothing(client, cast, open_list):
    open_list.opens_at = timezone.now() + timedelta(days=1)
    open_list.save()
    client.force_login(cast["delegate"])
    response = client.post(
        f"/api/v1/meetings/{open_list.session.slug}/speakers/{open_list.pk}/requests",
        data={"speaker_name": "X", "rank": "minister"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["code"] == "list_not_open"
    assert SpeakerEntry.objects.count() == 0


def test_api_inscribes_the_delegates_own_delegation(client, cast, open_list):
    client.force_login(cast["delegate"])
    response = client.post(
        f"/api/v1/meetings/{open_list.session.slug}/speakers/{open_list.pk}/requests",
        data={"speaker_name": "Minister", "rank": "minister"},
        content_type="application/json",
    )
    assert (
        response.status_code == 201 and response.json()["iso3"] == "BRA" and response.json()["position"] == 1
    )
