"""A URLConf for the plumbing's tests (api/, accounts/, config/): the project's routes, then a
throwaway endpoint of the tests' own, so they need no app of the project (posts may be deleted).
Use it with `pytest.mark.urls("api.tests.urls")`.

/api/notes/ is a DRF router's, /api/notes/<id>/ too; /api/plain is a plain path() registered
without its slash. Listed after the project's routes: what a student appends is never shadowed."""

from django.contrib.auth import get_user_model
from django.urls import include, path
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from config.urls import handler400, handler403, handler500
from config.urls import urlpatterns as project_urls

__all__ = ["handler400", "handler403", "handler500", "urlpatterns"]

NOTES_URL = "/api/notes/"
NOTE_URL = "/api/notes/1/"  # the one note there is
TITLE_MAX_LENGTH = 20


class NoteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)


class NoteViewSet(viewsets.ViewSet):
    """Writes are validated and kept nowhere; the list asks the database something (the number
    of users), as every real list does.{% if cookiecutter.auth != "none" %} Anyone reads; writing needs a login.{% endif %}"""

    permission_classes = [permissions.{{ "AllowAny" if cookiecutter.auth == "none" else "IsAuthenticatedOrReadOnly" }}]

    def list(self, request):
        return Response({"users": get_user_model().objects.count()})

    def create(self, request):
        return self.answer(request, status.HTTP_201_CREATED)

    def retrieve(self, request, pk):
        self.the_note(pk)
        return Response({"id": 1, "title": "The note"})

    def update(self, request, pk):
        self.the_note(pk)
        return self.answer(request, status.HTTP_200_OK, partial=False)

    def partial_update(self, request, pk):
        self.the_note(pk)
        return self.answer(request, status.HTTP_200_OK, partial=True)

    def destroy(self, request, pk):
        self.the_note(pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def the_note(self, pk):
        if pk != "1":
            raise NotFound()

    def answer(self, request, code, partial=False):
        note = NoteSerializer(data=request.data, partial=partial)
        note.is_valid(raise_exception=True)
        return Response(note.validated_data, status=code)


class PlainView(APIView):
    def get(self, request):
        return Response({"plain": True})


router = DefaultRouter()
router.register("notes", NoteViewSet, basename="note")

urlpatterns = [
    *project_urls,
    path("api/", include(router.urls)),
    path("api/plain", PlainView.as_view()),
]
