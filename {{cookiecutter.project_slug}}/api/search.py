"""?search= with bounds: each word is one more LIKE over every search field, so a thousand words
make a query that stalls a worker (PostgreSQL) or fails (SQLite's "Expression tree is too
large"). More than `max_terms` words or `max_length` characters is a 400 that names the limit."""

from rest_framework import filters
from rest_framework.exceptions import ValidationError

from config.env import env


class SearchFilter(filters.SearchFilter):
    max_terms = env.int("API_SEARCH_MAX_TERMS", default=10)
    max_length = env.int("API_SEARCH_MAX_LENGTH", default=200)

    def get_search_terms(self, request):
        text = request.query_params.get(self.search_param, "")
        if len(text) > self.max_length:
            limit = f"at most {self.max_length} characters"
            raise ValidationError({self.search_param: [f"Search for {limit}."]}, "too_long")
        terms = super().get_search_terms(request)
        if len(terms) > self.max_terms:
            limit = f"at most {self.max_terms} words"
            raise ValidationError({self.search_param: [f"Search for {limit}."]}, "too_many_terms")
        return terms
