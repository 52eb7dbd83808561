"""Lists come a page at a time: {"count", "next", "previous", "results"}, ?page=N (from 1) and
?page_size=N up to API_MAX_PAGE_SIZE; a page past the last is a 404."""

from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
