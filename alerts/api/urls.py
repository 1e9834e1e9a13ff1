from rest_framework.routers import DefaultRouter

from . import findings, views, workflow

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("warnings", views.WarningViewSet, basename="warning")
router.register("warnings", workflow.WarningWorkflowViewSet, basename="warning-workflow")
router.register("spot-checks", findings.SpotCheckViewSet, basename="spotcheck")
router.register("petitions", findings.PetitionViewSet, basename="petition")
router.register("findings", findings.FindingViewSet, basename="finding")
router.register("negative-list/items", findings.NegativeListItemViewSet, basename="negativelistitem")
router.register("negative-list/hits", findings.NegativeListHitViewSet, basename="negativelisthit")

urlpatterns = router.urls
