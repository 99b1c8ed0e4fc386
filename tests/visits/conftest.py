import pytest

from tests.engagement import reset_counter_state


@pytest.fixture(autouse=True)
def fresh_counter_state():
    """Each test starts with no memory of a Redis failure, of live pages or of a salt."""
    reset_counter_state()
    yield
    reset_counter_state()
