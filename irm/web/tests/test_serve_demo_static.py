"""`irm serve`: the demo collects its static files hashed but not compressed (issue 18 §4), and the
server warms its pages up in process right after the start (§3)."""

from typing import Any

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage, staticfiles_storage

from irm.web.management.commands.serve import _collect_uncompressed


def test_the_demo_collects_hashed_uncompressed_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }  # restored, with the storages, when the test ends
    _collect_uncompressed()
    lazy: Any = staticfiles_storage  # a LazyObject, which django-stubs type as the storage it wraps
    lazy._setup()
    assert type(lazy._wrapped) is ManifestStaticFilesStorage
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_the_started_server_warms_its_pages_up_in_process(db):
    """The dashboards' first request after a start (issue 18 §3): served once inside the process."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from irm.web.serving import WARM_PATHS, warm_up
    from irm.wsgi import application

    # As Django's test client does: a request must not close the test's connection (inside its
    # transaction, PostgreSQL's connection would be closed by close_old_connections).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        statuses = warm_up(application, 8000)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert set(statuses) == set(WARM_PATHS)
    assert statuses["/"].startswith("200")
    assert statuses["/analysis/"].startswith("200")
    search = next(path for path in WARM_PATHS if path.startswith("/public/findings/?q="))
    assert statuses[search].startswith("200")  # the search facets, built once before a fork
    from irm.search import text

    assert text._jieba_ready  # the Chinese word of the warming search loaded jieba's dictionary
    assert all(status.startswith("200") for status in statuses.values()), statuses  # a 404 warms nothing
