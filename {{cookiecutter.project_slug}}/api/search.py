"""?search= with bounds: each word is one more LIKE over every search field, so a thousand words
make a query that stalls a worker (PostgreSQL) or fails (SQLite's "Expression tree is too
large"). More than API_SEARCH_MAX_TERMS words or API_SEARCH_MAX_LENGTH characters is a 400 that
names the limit."""

from django.conf import settings
from rest_framework import filters
from rest_framework.exceptions import ValidationError


class SearchFilter(filters.SearchFilter):
    def get_search_terms(self, request):
        text = request.query_params.get(self.search_param, "")
        if len(text) > settings.API_SEARCH_MAX_LENGTH:
            limit = f"at most {settings.API_SEARCH_MAX_LENGTH} characters"
            raise ValidationError({self.search_param: [f"Search for {limit}."]}, "too_long")
        terms = super().get_search_terms(request)
        if len(terms) > settings.API_SEARCH_MAX_TERMS:
            limit = f"at most {settings.API_SEARCH_MAX_TERMS} words"
            raise ValidationError({self.search_param: [f"Search for {limit}."]}, "too_many_terms")
        return terms
