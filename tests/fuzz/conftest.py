"""Hypothesis profiles: "cong" (default: a few dozen examples per property, so the suite stays fast) and
"thorough" (HYPOTHESIS_PROFILE=thorough, for a longer hunt before a release). No deadline: CI machines are
slow and shared, and a slow example is not a failure."""

import os

from hypothesis import HealthCheck, settings

_common = {
    "deadline": None,
    "database": None,  # no .hypothesis/ directory in the checkout; failures print their example
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "print_blob": True,
}
settings.register_profile("cong", max_examples=40, **_common)
settings.register_profile("thorough", max_examples=1000, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cong"))
