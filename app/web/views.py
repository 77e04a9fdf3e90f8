from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


# Liveness only: it must answer while the database is down or migrating, so it never queries it.
@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})
