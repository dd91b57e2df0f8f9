"""`irm serve --demo` collects its static files hashed but not compressed (issue 18 §4)."""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage, staticfiles_storage

from irm.web.management.commands.serve import _collect_uncompressed


def test_the_demo_collects_hashed_uncompressed_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }  # restored, with the storages, when the test ends
    _collect_uncompressed()
    staticfiles_storage._setup()
    assert type(staticfiles_storage._wrapped) is ManifestStaticFilesStorage
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
