from rest_framework.permissions import BasePermission

from ..roles import has_capability


class HasCapability(BasePermission):
    """Signed in, and — when the view names one — holding its ``capability``.

    A view may map actions to capabilities with ``action_capabilities``
    (e.g. ``{"acknowledge": "answer_warnings"}``).
    """

    message = "您的角色无权执行此操作。"

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        action = getattr(view, "action", None)
        capability = getattr(view, "action_capabilities", {}).get(action) or getattr(view, "capability", None)
        return capability is None or has_capability(user, capability)
