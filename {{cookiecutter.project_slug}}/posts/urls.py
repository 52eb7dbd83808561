from rest_framework.routers import DefaultRouter

from .views import PostViewSet

# Also serves /api/ itself, listing the endpoints.
router = DefaultRouter()
router.register("posts", PostViewSet)

urlpatterns = router.urls
