"""R-FN1: the secretariat's published financial reports are public pages; drafts are the secretariat's."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from irm.core.exceptions import Conflict, PermissionDenied
from irm.core.models import AuditEvent
from irm.finance import permissions, services
from irm.finance.models import FinanceReport

pytestmark = pytest.mark.django_db

DRAFT_AS_OF = date(2023, 6, 30)


@pytest.fixture
def draft(dataset, people):
    return services.issue_report(
        actor=people["secretariat"], as_of=DRAFT_AS_OF, symbol="CAC/COSP/IRG/2023/DRAFT"
    )


def test_a_published_report_is_a_public_page_read_anonymously(draft):
    published = FinanceReport.objects.get(symbol="CAC/COSP/IRG/2022/5")
    assert published.published_on is not None
    anonymous = Client()
    home = anonymous.get("/").content.decode()
    assert 'href="/finance/reports/"' in home  # reachable from the menu, not only by its address
    listing = anonymous.get("/finance/reports/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "CAC/COSP/IRG/2022/5" in body and "/finance/reports/2022-02-28/" in body
    page = anonymous.get("/finance/reports/2022-02-28/").content.decode()
    assert "CAC/COSP/IRG/2022/5" in page and "Funding gap" in page
    assert "3,991,400.00" in page  # the frozen figure of cycle 2's spending, as published
    assert "/finance/reports/2022-02-28/report.docx?lang=en" in page
    assert "no-store" not in anonymous.get("/finance/reports/2022-02-28/").get("Cache-Control", "")
    word = anonymous.get("/finance/reports/2022-02-28/report.docx?lang=en")
    assert word.status_code in (200, 302)  # the file, or the page of its job
    if word.status_code == 302:
        assert anonymous.get(word["Location"]).status_code == 200


def test_a_draft_is_not_visible_anonymously_nor_to_the_states(draft, people):
    anonymous = Client()
    assert "CAC/COSP/IRG/2023/DRAFT" not in anonymous.get("/finance/reports/").content.decode()
    assert anonymous.get("/finance/reports/2023-06-30/").status_code == 404
    assert anonymous.get("/finance/reports/2023-06-30/report.docx?lang=en").status_code == 404
    focal = Client()
    focal.force_login(people["fp-kenya"])
    assert focal.get("/finance/reports/2023-06-30/").status_code == 404
    assert draft not in permissions.visible_to(people["fp-kenya"])
    secretariat = Client()
    secretariat.force_login(people["secretariat"])
    page = secretariat.get("/finance/reports/2023-06-30/")
    assert "Draft: not published" in page.content.decode()
    assert "no-store" in page["Cache-Control"]


def test_the_secretariat_publishes_a_draft_audited_once(draft, people):
    secretariat = Client()
    secretariat.force_login(people["secretariat"])
    assert Client().post("/finance/reports/2023-06-30/publish/").status_code in (403, 404)
    response = secretariat.post("/finance/reports/2023-06-30/publish/")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_on is not None
    event = AuditEvent.objects.filter(action="finance.report_published").latest("pk")
    assert event.after is not None and event.after["symbol"] == "CAC/COSP/IRG/2023/DRAFT"
    assert "CAC/COSP/IRG/2023/DRAFT" in Client().get("/finance/reports/").content.decode()
    with pytest.raises(Conflict) as refused:
        services.publish_report(actor=people["secretariat"], report=draft)
    assert refused.value.code == "already_published"
    with pytest.raises(PermissionDenied):
        services.publish_report(
            actor=people["fp-kenya"], report=FinanceReport.objects.get(as_of=date(2022, 2, 28))
        )


def test_the_file_of_a_draft_or_a_bad_date_is_nobodys_but_the_secretariats(draft, people):
    from django.contrib.auth.models import AnonymousUser

    from irm.finance.jobs import issued_allowed

    assert not issued_allowed(AnonymousUser(), {"as_of": "2023-06-30"})
    assert not issued_allowed(AnonymousUser(), {"as_of": "not a date"})
    assert issued_allowed(AnonymousUser(), {"as_of": "2022-02-28"})
    assert issued_allowed(people["secretariat"], {"as_of": "2023-06-30"})
