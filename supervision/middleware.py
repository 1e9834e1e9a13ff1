from .audit import audit_context
from .choices import AuditSource


class AuditContextMiddleware:
    """Marks every write made while serving a request as coming from the browser (or
    the admin), with the client's address. API views re-mark themselves as ``api``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = AuditSource.ADMIN if request.path.startswith("/admin/") else AuditSource.UI
        with audit_context(source=source, remote_addr=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
