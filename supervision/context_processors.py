from django.utils.translation import gettext_lazy as _

from .roles import capabilities_of

PLATFORM_NAME = _("Law-enforcement Supervision Platform")


def platform(request):
    user = getattr(request, "user", None)
    return {
        "PLATFORM_NAME": PLATFORM_NAME,
        "caps": capabilities_of(user) if user is not None and user.is_authenticated else frozenset(),
    }
