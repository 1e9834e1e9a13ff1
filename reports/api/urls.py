from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("bulletins", views.BulletinViewSet, basename="bulletin")
router.register("assessments", views.AssessmentViewSet, basename="assessment")

urlpatterns = router.urls
