"""Production settings refuse to start half-configured, and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "x7#kQ2v!pL9@mN4$rT8&wZ1^yB6*cF3(hJ5)dG0-sA_eU+iO=Vn7%Lq2#Rt",
    "ALLOWED_HOSTS": "congthongtin.example.gov.vn",
    "DATABASE_URL": "sqlite:////tmp/cong-check-deploy.sqlite3",
}


def run_django(args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "settings.production", **env_overrides})
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_settings_fail_fast_naming_the_missing_variable(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_django(["check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr
    for present in set(PRODUCTION_ENV) - {missing}:
        assert f" {present}" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production_settings_treat_blank_variables_as_missing():
    result = run_django(["check"], {**PRODUCTION_ENV, "SECRET_KEY": "   "})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_reports_nothing_under_production_settings():
    result = run_django(["check", "--deploy", "--fail-level", "DEBUG"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_locale_and_time_zone_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert "wagtail_localize" in settings.INSTALLED_APPS


def test_check_deploy_warns_when_behind_proxy_is_on_but_no_proxy_is_trusted():
    result = run_django(["check", "--deploy"], {**PRODUCTION_ENV, "BEHIND_PROXY": "1"})
    assert "cong.W001" in result.stderr + result.stdout
    trusted = run_django(
        ["check", "--deploy", "--fail-level", "DEBUG"], {**PRODUCTION_ENV, "TRUSTED_PROXIES": "127.0.0.1"}
    )
    assert trusted.returncode == 0, trusted.stderr + trusted.stdout


FORGED_REQUEST = (
    "from django.conf import settings\n"
    "from django.test import RequestFactory\n"
    "from django.utils.module_loading import import_string\n"
    "from visits.clients import client_hash, client_ip\n"
    "for peer in ('203.0.113.66', '127.0.0.1'):\n"
    "    request = RequestFactory().get('/', REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR='198.51.100.1')\n"
    "    print(import_string(settings.AXES_CLIENT_IP_CALLABLE)(request), client_ip(request))\n"
)


def test_production_defaults_do_not_believe_x_forwarded_for_from_a_client():
    """Issue 18, finding 8: with the default BEHIND_PROXY a client rotated X-Forwarded-For to escape the
    lockout and the rate limits. Now only a listed proxy's header counts, for axes and the rate limits."""
    default = run_django(
        ["shell", "--no-imports", "-c", FORGED_REQUEST], {**PRODUCTION_ENV, "BEHIND_PROXY": "1"}
    )
    assert default.stdout.split() == ["203.0.113.66"] * 2 + ["127.0.0.1"] * 2, default.stderr
    behind_nginx = run_django(
        ["shell", "--no-imports", "-c", FORGED_REQUEST], {**PRODUCTION_ENV, "TRUSTED_PROXIES": "127.0.0.1"}
    )
    assert behind_nginx.stdout.split() == ["203.0.113.66"] * 2 + ["198.51.100.1"] * 2, behind_nginx.stderr
