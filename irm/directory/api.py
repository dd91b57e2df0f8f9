"""`GET /api/v1/directory/authorities`: the directory, filtered as the page is (issue 21 §3).

Anonymous callers get every entry's public fields; the contact fields of an entry not marked public are
`null` except for the secretariat and signed-in focal points, contributors, governmental experts and
delegates of States parties. `format=csv` answers the CSV export of the same search instead of JSON.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from irm.core.api_schemas import Code, Line
from irm.core.tabular import write_table
from irm.directory import selectors

router = Router()


class AuthoritiesQuery(Schema):
    state: Line = ""
    article: Code = ""
    language: Code = ""
    accepts_electronic_requests: Literal["", "yes", "no", "unknown"] = ""
    format: Literal["json", "csv"] = "json"


class AuthorityItem(Schema):
    state: str
    state_name: str
    article: str
    article_label: str
    authority: str
    languages: list[str]
    accepts_electronic_requests: str
    interpol_in_urgent_cases: str
    procedural_requirements: str
    notes: str
    as_of: str
    version: int
    contacts_public: bool
    contacts_shown: bool
    address: str | None
    phone: str | None
    email: str | None
    website: str | None


class AuthoritiesPage(Schema):
    count: int
    items: list[AuthorityItem]


#: `format=csv` answers a CSV file: documented beside the JSON answer.
CSV_ANSWER = {
    "responses": {
        200: {
            "description": "OK",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


@router.get(
    "/authorities",
    response=AuthoritiesPage,
    summary="The directory of competent authorities",
    openapi_extra=CSV_ANSWER,
)
def authorities(request: HttpRequest, query: Query[AuthoritiesQuery]):
    """`{count, items}`: each item's `state` is the ISO3 code, `article` the provision (`46.13`, `6.3`,
    `44.6.a`, …; filter by `article=46` for every provision of article 46), `languages` ISO 639-1
    codes; `state` takes a code or any name, `language` a code or a name. Contact fields are `null`
    where the caller may not read them (`contacts_shown` false)."""
    filters = selectors.Filters(
        state=query.state,
        article=query.article,
        language=query.language,
        electronic=query.accepts_electronic_requests,
    )
    rows = selectors.items(request.user, selectors.search(request.user, filters))
    if query.format == "csv":
        content = write_table(selectors.EXPORT_HEADER, selectors.export_rows(rows), "csv", bom=True)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="irm-directory.csv"'
        return response
    return {"count": len(rows), "items": rows}
