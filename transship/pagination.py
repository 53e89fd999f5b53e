"""Customer lists in pages: 50 rows by default, `?page_size=` up to 200, `?page=` the number.

`paginate` returns Django's `Page` with the links the shared `partials/pagination.html` needs,
each keeping the other query parameters (a list's filter stays on when paging)."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_SIZE_DEFAULT = 50
PAGE_SIZE_MAX = 200


def page_size_from(request: HttpRequest) -> int:
    """The requested page size, clamped to 1..PAGE_SIZE_MAX; the default when absent or bad."""
    try:
        size = int(request.GET.get("page_size", PAGE_SIZE_DEFAULT))
    except (TypeError, ValueError):
        return PAGE_SIZE_DEFAULT
    return min(max(size, 1), PAGE_SIZE_MAX)


def _link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"


def paginate(request: HttpRequest, rows: QuerySet) -> Page:
    """The requested page of `rows` (the last one when the number is past the end)."""
    page = Paginator(rows, page_size_from(request)).get_page(request.GET.get("page"))
    page.previous_link = _link(request, page.previous_page_number()) if page.has_previous() else ""
    page.next_link = _link(request, page.next_page_number()) if page.has_next() else ""
    return page
