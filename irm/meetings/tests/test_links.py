"""Stored links accept only http(s) (issue 14 §1): documents' links and video statements."""

from __future__ import annotations

import pytest
from django.urls import reverse

from irm.core.exceptions import InvalidInput
from irm.core.models import AuditEvent
from irm.meetings import forms, services
from irm.meetings.links import is_safe_link
from irm.meetings.models import DocumentLink, OutputKind, Rank, SpeakerEntry, SpeakerMode
from irm.meetings.tests.test_speakers_list import inscribe

pytestmark = pytest.mark.django_db

#: Links a browser would run or load as something other than a web page on another site or this one.
UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example.org/statement.mp4",
    "//evil.example.org/x",
    "/\\evil.example.org/x",
    "https://",
    "https:/no-host",
    "statement.mp4",
    "https://" + "a" * 500 + ".org",
]


@pytest.fixture
def document(session, secretariat):
    return services.register_document(
        actor=secretariat, session=session, symbol="CAC/COSP/2099/10", title_en="TA needs"
    )


@pytest.mark.parametrize("url", UNSAFE)
def test_a_document_link_that_is_not_http_is_refused_and_nothing_is_saved(url, document, secretariat):
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.link_document_output(
            actor=secretariat, document=document, kind=OutputKind.OTHER, url=url, label="x"
        )
    assert refused.value.code == "link_not_http"
    assert not DocumentLink.objects.exists()
    assert AuditEvent.objects.count() == events


def test_http_links_and_addresses_on_this_site_are_kept(document, secretariat):
    for url in ["https://www.unodc.org/corruption/", "http://example.org/a?b=1", "/analysis/?cycle=2"]:
        services.link_document_output(actor=secretariat, document=document, kind=OutputKind.OTHER, url=url)
    assert sorted(document.links.values_list("url", flat=True)) == [
        "/analysis/?cycle=2",
        "http://example.org/a?b=1",
        "https://www.unodc.org/corruption/",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "/analysis/"])
def test_a_video_statement_link_must_be_an_http_address(url, secretariat, open_list, party, make_delegate):
    entry = inscribe(secretariat, open_list, party("KEN"), Rank.MINISTER, 5)
    events = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        services.submit_video_statement(actor=make_delegate("KEN"), entry=entry, url=url)
    assert refused.value.code == "video_link_required"
    entry = SpeakerEntry.objects.get(pk=entry.pk)
    assert (entry.mode, entry.video_url, entry.video_submitted_at) == (SpeakerMode.IN_PERSON, "", None)
    assert AuditEvent.objects.count() == events


def test_the_forms_refuse_the_same_links():
    for url in ["javascript:alert(1)", "data:text/html,x", "//evil.example.org/"]:
        link = forms.DocumentLinkForm({"kind": OutputKind.OTHER, "url": url})
        assert not link.is_valid() and "url" in link.errors
    for url in ["javascript:alert(1)", "data:text/html,x"]:
        video = forms.VideoForm({"url": url})
        assert not video.is_valid() and "url" in video.errors
    assert forms.DocumentLinkForm({"kind": OutputKind.OTHER, "url": "/analysis/"}).is_valid()
    assert not forms.VideoForm({"url": "ftp://files.example.org/v.mp4"}).is_valid()


def test_the_page_refuses_a_javascript_link_on_the_form(client, cast, session, document):
    client.force_login(cast["secretariat"])
    page = reverse("meetings:manage-document", args=[session.slug, document.pk])
    response = client.post(
        page, {"action": "link", "kind": OutputKind.OTHER, "url": "javascript:alert(1)", "label": "x"}
    )
    assert response.status_code == 422
    assert "Give an address starting with http:// or https://" in response.text
    assert not DocumentLink.objects.exists()


def test_a_link_stored_before_the_check_is_not_rendered_as_a_link(client, session, document):
    DocumentLink.objects.create(document=document, kind=OutputKind.OTHER, url="javascript:alert(1)")
    page = client.get(reverse("meetings:session-detail", args=[session.slug])).text
    assert 'href="javascript:' not in page
    assert is_safe_link("/analysis/", site_paths=True) and not is_safe_link("/analysis/")
