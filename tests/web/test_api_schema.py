"""Schemathesis against the API's own OpenAPI schema: no generated request makes the server fail."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from storyscope.web import create_app

from .conftest import copy_sqlite

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(web_db, tmp_path_factory):
    # its own copy: generated requests may write (the add-articles endpoints, if one got past CSRF)
    db = copy_sqlite(web_db, tmp_path_factory.mktemp("schemathesis") / "api.db")
    yield schemathesis.openapi.from_asgi("/openapi.json", create_app(db, allowed_hosts=["testserver", "localhost"]))
    # schemathesis serves every ASGI app from one event-loop thread per process (an anyio blocking
    # portal) and stops it, with the apps' lifespans, only at exit; stopped here with the module, by
    # the function schemathesis registers for exit (private: if it is renamed, this fails loudly)
    from schemathesis.python import asgi

    asgi._shutdown()


def operations():
    """The API's operations, read from the schema of an app over an empty store. Read as a dict, not
    through from_asgi: that leaves a client thread running for the whole session, and a process with
    a second thread starts its analysis workers from a forkserver instead of a fork."""
    return [result.ok() for result in
            schemathesis.openapi.from_dict(create_app("sqlite://").openapi()).get_all_operations()]


@pytest.mark.parametrize("label", [op.label for op in operations()])
def test_no_request_the_schema_allows_makes_a_server_error(api_schema, label):
    (operation,) = [op.ok() for op in api_schema.get_all_operations() if op.ok().label == label]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate(checks=[not_a_server_error])

    check()
