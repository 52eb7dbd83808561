from api.routing import Router

from .views import PostViewSet

# Also serves /api/ itself, listing the endpoints. Each route with or without its slash.
router = Router()
router.register("posts", PostViewSet)

urlpatterns = router.urls
