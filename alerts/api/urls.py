from rest_framework.routers import DefaultRouter

from . import views, workflow

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("warnings", views.WarningViewSet, basename="warning")
router.register("warnings", workflow.WarningWorkflowViewSet, basename="warning-workflow")

urlpatterns = router.urls
