"""Stored links accept only http(s) (issue 14 §1): no `javascript:`, `data:` or other scheme.

A link is kept only if it is an absolute http or https address with a host, or — where the caller
allows it — an address on this site (a path starting with a single "/", as the platform's own outputs
are linked). The services check every link they store; the forms use the same check, and the pages
render a stored link as a link only if it still passes (rows written before the check existed).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from irm.core.exceptions import InvalidInput

#: The longest link a meetings table stores (the columns are 500 characters).
MAX_LINK_LENGTH = 500


def is_safe_link(url: str, *, site_paths: bool = False) -> bool:
    """True for an http(s) address with a host, or (with `site_paths`) a path on this site."""
    if not url or len(url) > MAX_LINK_LENGTH:
        return False
    # Browsers drop tabs and newlines inside a scheme ("java\tscript:"): refuse any control or space.
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url):
        return False
    if site_paths and url.startswith("/"):
        # "//host" and "/\host" are read by browsers as another site's address.
        return not url.startswith(("//", "/\\"))
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def check_link(url: str, *, site_paths: bool = False, code: str = "link_not_http", message: str = "") -> str:
    """The link without surrounding spaces; refused (`InvalidInput` with `code`) unless it is safe."""
    url = (url or "").strip()
    if not is_safe_link(url, site_paths=site_paths):
        raise InvalidInput(message or refusal(site_paths=site_paths), code=code)
    return url


def refusal(*, site_paths: bool = False) -> str:
    if site_paths:
        return _(
            "Give an address starting with http:// or https://, or an address on this site starting with /."
        )
    return _("Give an address starting with http:// or https://.")


def validate_http_link(value: str) -> None:
    """Form validator: an http(s) address."""
    if not is_safe_link((value or "").strip()):
        raise ValidationError(refusal(), code="link_not_http")


def validate_link_or_site_path(value: str) -> None:
    """Form validator: an http(s) address or an address on this site."""
    if not is_safe_link((value or "").strip(), site_paths=True):
        raise ValidationError(refusal(site_paths=True), code="link_not_http")
