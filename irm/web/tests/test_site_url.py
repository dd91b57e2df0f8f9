"""`IRM_SITE_URL` follows `irm serve --host/--port` when it is not set (issue 17 §14)."""

from __future__ import annotations

from irm.web.management.commands.serve import site_url_for


def test_the_site_address_is_the_one_served():
    assert site_url_for("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert site_url_for("0.0.0.0", 9000) == "http://127.0.0.1:9000"  # noqa: S104
    assert site_url_for("::", 9000) == "http://[::1]:9000"
    assert site_url_for("::1", 8001) == "http://[::1]:8001"
    assert site_url_for("irm.local", 80) == "http://irm.local:80"
