#!/usr/bin/env python
"""
TANDEM service check: GET http://<server>:<tandem.server.port>/api/v1/status must answer HTTP 200 (https:// with
tandem.server.tls.enabled, verified against tandem.server.tls.ca.file as the alerts do).

It authenticates as the alerts do (tandem_status.auth_headers: the View secret, user SERVICE_CHECK_USER), so it
also proves that the alerts can read the status. A server that was just started may still be opening its port,
so failed attempts are retried for up to half of the command's timeout; the last failure is reported. Nothing
shown or logged holds the secret.
"""
from __future__ import print_function

import json
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
SERVICE_CHECK_USER = 'ambari-service-check'


class TandemServiceCheck(Script):

  def service_check(self, env):
    import params
    env.set_params(params)
    if not params.tandem_server_hosts:
      raise Fail('The cluster has no TANDEM_SERVER host to check')
    try:
      headers = tandem_status.auth_headers(SERVICE_CHECK_USER, params.tandem_view_secret)
    except tandem_status.MissingSecret as e:
      raise Fail(e.args[0])
    deadline = time.time() + params.command_timeout_seconds / 2.0
    for host in params.tandem_server_hosts:
      check_status(tandem_status.status_url(host, params.tandem_server_port, params.tandem_server_tls), headers,
                   deadline, params.tandem_view_secret, params.tandem_server_tls_ca_file)


def check_status(url, headers, deadline, secret, ca_file=None):
  """Passes when url answers HTTP 200; raises Fail with the last failure once deadline has passed."""
  attempt = 0
  while True:
    attempt += 1
    try:
      code, body = tandem_status.http_get(url, REQUEST_TIMEOUT_SECONDS, headers, ca_file)
      if code == 200:
        Logger.info(tandem_status.redact('Tandem server at %s answered HTTP 200 (attempt %d): %s'
                                         % (url, attempt, body[:300]), secret))
        warn_open_files(body)
        return
      failure = 'Tandem server at %s answered HTTP %d, expected 200: %s' % (url, code, body[:300])
      if code == 401:
        # Retrying does not change credentials: the server runs with another tandem.view.secret than Ambari has.
        raise Fail(tandem_status.redact('%s. The server refused tandem-site/tandem.view.secret: restart Tandem '
                                        'after changing it' % failure, secret))
    except tandem_status.StatusUnavailable as e:
      failure = e.args[0]
    failure = tandem_status.redact(failure, secret)
    if time.time() + RETRY_PAUSE_SECONDS > deadline:
      raise Fail('%s (after %d attempts)' % (failure, attempt))
    Logger.info('%s; retrying in %d s' % (failure, RETRY_PAUSE_SECONDS))
    time.sleep(RETRY_PAUSE_SECONDS)


def warn_open_files(body):
  """
  A WARNING (the check still passes) for each site whose HDFS snapshots follow files open for write: Tandem is
  correct there, but copies and checks every file open at a cut again at each run until it is closed.
  """
  try:
    sites = json.loads(body).get('sites') or []
  except (ValueError, AttributeError):
    return
  for site in sites:
    capture = site.get('openFileCapture')
    if capture == 'LIVE':
      Logger.warning('Site %s: HDFS snapshots follow files open for write; set hdfs-site '
                     'dfs.namenode.snapshot.capture.openfiles=true on its NameNodes for exact cuts of open files'
                     % site.get('site'))
    elif capture == 'UNKNOWN':
      Logger.warning('Site %s: Tandem could not tell whether HDFS snapshots freeze files open for write '
                     '(see the Tandem server log)' % site.get('site'))


if __name__ == "__main__":
  TandemServiceCheck().execute()
