#!/usr/bin/env python
"""
TANDEM service check: GET http://<server>:<tandem.server.port>/api/v1/status must answer HTTP 200.

A server that was just started may still be opening its port, so failed attempts are retried for up to half
of the command's timeout; the last failure is reported.
"""
from __future__ import print_function

import os
import sys
import time

from resource_management.core.exceptions import Fail
from resource_management.core.logger import Logger
from resource_management.libraries.script.script import Script

# One client for the status contract, shared with the alert scripts.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'alerts'))
import tandem_status  # noqa: E402

REQUEST_TIMEOUT_SECONDS = 10
RETRY_PAUSE_SECONDS = 3


class TandemServiceCheck(Script):

  def service_check(self, env):
    import params
    env.set_params(params)
    if not params.tandem_server_hosts:
      raise Fail('The cluster has no TANDEM_SERVER host to check')
    deadline = time.time() + params.command_timeout_seconds / 2.0
    for host in params.tandem_server_hosts:
      check_status(tandem_status.status_url(host, params.tandem_server_port), deadline)


def check_status(url, deadline):
  """Passes when url answers HTTP 200; raises Fail with the last failure once deadline has passed."""
  attempt = 0
  while True:
    attempt += 1
    try:
      code, body = tandem_status.http_get(url, REQUEST_TIMEOUT_SECONDS)
      if code == 200:
        Logger.info('Tandem server at %s answered HTTP 200 (attempt %d): %s' % (url, attempt, body[:300]))
        return
      failure = 'Tandem server at %s answered HTTP %d, expected 200: %s' % (url, code, body[:300])
    except tandem_status.StatusUnavailable as e:
      failure = e.args[0]
    if time.time() + RETRY_PAUSE_SECONDS > deadline:
      raise Fail('%s (after %d attempts)' % (failure, attempt))
    Logger.info('%s; retrying in %d s' % (failure, RETRY_PAUSE_SECONDS))
    time.sleep(RETRY_PAUSE_SECONDS)


if __name__ == "__main__":
  TandemServiceCheck().execute()
