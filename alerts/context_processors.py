from .notifications import unread_count


def notifications(request):
    """The unread count of the bell (one indexed count per page, signed-in users only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": None}
    return {"unread_notifications": unread_count(user)}
