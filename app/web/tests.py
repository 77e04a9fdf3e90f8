import json
import warnings

from django.conf import settings
from django.test import SimpleTestCase

# whitenoise warns when STATIC_ROOT is missing; these tests run without collectstatic.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)


class HealthzTests(SimpleTestCase):
    """Meant to run with the production config vars (see test/django-app.test.ts).

    SimpleTestCase fails any database query, which is how these tests also pin that /healthz makes none.
    """

    def setUp(self):
        self.host = settings.ALLOWED_HOSTS[0]

    def get(self, **extra):
        return self.client.get("/healthz", HTTP_HOST=self.host, **extra)

    def test_answers_ok_over_https(self):
        response = self.get(secure=True)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(json.loads(response.content), {"status": "ok"})

    def test_trusts_the_routers_forwarded_proto(self):
        response = self.get(HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content), {"status": "ok"})

    def test_redirects_plain_http_to_https(self):
        response = self.get()
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"https://{self.host}/healthz")

    def test_sends_security_headers_and_is_never_cached(self):
        response = self.get(secure=True)
        self.assertEqual(
            response["Strict-Transport-Security"],
            f"max-age={settings.SECURE_HSTS_SECONDS}; includeSubDomains; preload",
        )
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertIn("no-store", [d.strip() for d in response["Cache-Control"].split(",")])

    def test_refuses_unsafe_methods(self):
        with self.assertLogs("django", "WARNING") as logs:
            response = self.client.post("/healthz", HTTP_HOST=self.host, secure=True)
        self.assertEqual(logs.output, ["WARNING:django.request:Method Not Allowed (POST): /healthz"])
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")

    def test_rejects_hosts_outside_allowed_hosts(self):
        with self.assertLogs("django", "WARNING") as logs:
            response = self.client.get("/healthz", HTTP_HOST="attacker.example", secure=True)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            [record.name for record in logs.records], ["django.security.DisallowedHost", "django.request"]
        )
