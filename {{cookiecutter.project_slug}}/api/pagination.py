"""Lists come a page at a time: {"count", "next", "previous", "results"}, ?page=N (from 1) and
?page_size=N up to max_page_size; a page past the last is a 404. The page size is DRF's PAGE_SIZE
(settings.py: API_PAGE_SIZE)."""

from rest_framework import pagination

from config.env import env


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = env.int("API_MAX_PAGE_SIZE", default=100)
