#!/usr/bin/env python
"""
Client of the Tandem server's status endpoint, shared by the alert scripts and the service check.

Contract (see stack-definitions/README.md): GET http://<host>:<tandem.server.port>/api/v1/status (https:// when
tandem-site/tandem.server.tls.enabled is true; the certificate is verified against tandem.server.tls.ca.file, else
the host's default CAs, and must name the host) answers HTTP 200 with a JSON object holding site, role, epoch, peer, arbiter and groups. It needs the viewer role; agents have
no user, so they authenticate like the Ambari View does: X-Tandem-User names the caller (ALERT_USER, or the
service check's name) and X-Tandem-View-Secret carries tandem-site/tandem.view.secret. The server gives such a
caller its default View role, viewer, in every tandem.auth.type. The secret never appears in a returned text.

Alert scripts call run_alert() with their own evaluate(status, parameters) function; everything about
reaching the server, authenticating and turning failures into an UNKNOWN result lives here, once.
Python 2.7 (Ambari 2.7/2.8 agents) and 3.9+ (Ambari 3.x agents).
"""
from __future__ import print_function

import json
import socket
import ssl
import sys

try:
  from urllib.request import HTTPSHandler, ProxyHandler, Request, build_opener
  from urllib.error import HTTPError, URLError
  from http.client import HTTPException
except ImportError:  # Python 2
  from urllib2 import HTTPSHandler, ProxyHandler, Request, build_opener, HTTPError, URLError
  from httplib import HTTPException

OK = 'OK'
WARNING = 'WARNING'
CRITICAL = 'CRITICAL'
UNKNOWN = 'UNKNOWN'
_SEVERITY = {OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3}

STATUS_PATH = '/api/v1/status'
PORT_TOKEN = '{{tandem-site/tandem.server.port}}'
SECRET_TOKEN = '{{tandem-site/tandem.view.secret}}'
TLS_TOKEN = '{{tandem-site/tandem.server.tls.enabled}}'
CA_FILE_TOKEN = '{{tandem-site/tandem.server.tls.ca.file}}'
TOKENS = (PORT_TOKEN, SECRET_TOKEN, TLS_TOKEN, CA_FILE_TOKEN)
DEFAULT_PORT = 21400

# The server's names for the View's header pair (dev.tandem.server.auth.Authenticator).
USER_HEADER = 'X-Tandem-User'
SECRET_HEADER = 'X-Tandem-View-Secret'
# Who the alerts are in the server's log and /whoami; a tandem-users line of this name would set its role.
ALERT_USER = 'ambari-alerts'
REDACTED = '[PROTECTED]'

CONNECTION_TIMEOUT_PARAMETER = 'connection.timeout'
DEFAULT_CONNECTION_TIMEOUT_SECONDS = 10.0

# The server runs on the host the alert runs on; an agent's proxy settings must not route that call away.
_OPENER = build_opener(ProxyHandler({}))


class StatusUnavailable(Exception):
  """The status document could not be obtained; the message says why and from where."""


class InvalidParameter(ValueError):
  """An alert parameter (as edited in Ambari) has an unusable value; the message names it."""


class MissingSecret(Exception):
  """tandem.view.secret is empty or cannot travel in an HTTP header; the message says which, not the value."""


def status_url(host, port, tls=False):
  return '%s://%s:%s%s' % ('https' if tls else 'http', host, port, STATUS_PATH)


def tls_enabled(value):
  """tandem-site/tandem.server.tls.enabled as Ambari passes it ('true'/'false', or None when absent)."""
  return str(value).strip().lower() == 'true'


_CERTIFICATE_ERRORS = tuple(e for e in (getattr(ssl, 'SSLError', None), getattr(ssl, 'CertificateError', None))
                            if e is not None)


def _https_opener(ca_file):
  """An opener that verifies the server's certificate and name, TLS 1.2 or later only, no proxy."""
  if not hasattr(ssl, 'create_default_context'):
    raise StatusUnavailable('Python %d.%d.%d cannot verify the Tandem server\'s certificate (ssl.create_default_context '
                            'needs 2.7.9 or later)' % tuple(sys.version_info[:3]))
  try:
    context = ssl.create_default_context(cafile=ca_file or None)
  except (IOError, OSError, ValueError) + _CERTIFICATE_ERRORS as e:
    raise StatusUnavailable('Cannot load tandem-site/tandem.server.tls.ca.file %s: %s' % (ca_file, e))
  if hasattr(ssl, 'TLSVersion'):
    context.minimum_version = ssl.TLSVersion.TLSv1_2
  else:
    context.options |= getattr(ssl, 'OP_NO_SSLv3', 0) | getattr(ssl, 'OP_NO_TLSv1', 0) | getattr(ssl, 'OP_NO_TLSv1_1', 0)
  return build_opener(ProxyHandler({}), HTTPSHandler(context=context))


def auth_headers(user, secret):
  """The header pair that authenticates user with the View secret. Raises MissingSecret, naming no value."""
  if not secret:
    raise MissingSecret('tandem-site/tandem.view.secret is empty: the Tandem server accepts monitoring calls '
                        'only with it (set it in Ambari, then restart Tandem)')
  try:
    secret.encode('ascii')
  except UnicodeError:
    raise MissingSecret('tandem-site/tandem.view.secret has characters other than ASCII, which cannot be sent '
                        'in an HTTP header')
  return {USER_HEADER: str(user), SECRET_HEADER: str(secret)}


def redact(text, secret):
  """text with every occurrence of secret replaced, for anything shown or logged."""
  if secret and text:
    return text.replace(secret, REDACTED)
  return text


def http_get(url, timeout_seconds, headers=None, ca_file=None):
  """
  Returns (http_code, body_text) for any HTTP answer, 4xx and 5xx included. An https url is verified against
  ca_file (PEM), else the host's default CAs.
  Raises StatusUnavailable when no HTTP answer arrives (refused, timeout, reset, bad response, bad certificate).
  """
  opener = _https_opener(ca_file) if url.startswith('https:') else _OPENER
  try:
    response = opener.open(Request(url, headers=headers or {}), timeout=timeout_seconds)
    try:
      return response.getcode(), _text(response.read())
    finally:
      response.close()
  except HTTPError as e:
    return e.code, _text(e.read())
  except URLError as e:
    if isinstance(e.reason, _CERTIFICATE_ERRORS):
      raise StatusUnavailable(_tls_failure(url, e.reason))
    raise StatusUnavailable('Tandem server at %s is unreachable: %s' % (url, e.reason))
  except _CERTIFICATE_ERRORS as e:
    raise StatusUnavailable(_tls_failure(url, e))
  except (socket.timeout, socket.error, HTTPException, EnvironmentError) as e:
    raise StatusUnavailable('Tandem server at %s is unreachable: %s' % (url, ('%s' % (e,)) or type(e).__name__))


def _tls_failure(url, error):
  return ('No verified TLS connection to the Tandem server at %s (%s): set tandem-site/tandem.server.tls.ca.file '
          'to the CA that signed its certificate, which must name this host' % (url, error))


def fetch_status(url, timeout_seconds, headers, ca_file=None):
  """Returns the status document as a dict; raises StatusUnavailable unless HTTP 200 with a JSON object."""
  code, body = http_get(url, timeout_seconds, headers, ca_file)
  if code != 200:
    raise StatusUnavailable('Tandem server at %s answered HTTP %d: %s' % (url, code, _shorten(body)))
  try:
    status = json.loads(body)
  except ValueError as e:
    raise StatusUnavailable('Tandem server at %s answered with invalid JSON (%s): %s' % (url, e, _shorten(body)))
  if not isinstance(status, dict):
    raise StatusUnavailable('Tandem server at %s answered with JSON that is not an object: %s' % (url, _shorten(body)))
  return status


def run_alert(evaluate, configurations, parameters, host_name):
  """
  The body of every Tandem SCRIPT alert's execute(): reads the status document from the server on this host
  and hands it to evaluate(status, parameters) -> (state, text).
  Returns (state, [text]) as Ambari's script_alert expects; UNKNOWN when the server cannot be asked, when a
  parameter is invalid, or when the answer does not follow the contract. The text never holds the secret.
  """
  configurations = configurations or {}
  parameters = parameters or {}
  secret = configurations.get(SECRET_TOKEN) or ''
  state, text = _alert(evaluate, configurations, parameters, host_name, secret)
  return state, [redact(text, secret)]


def _alert(evaluate, configurations, parameters, host_name, secret):
  port_value = configurations.get(PORT_TOKEN) or DEFAULT_PORT
  try:
    port = int(port_value)
  except (TypeError, ValueError):
    return UNKNOWN, 'Invalid tandem-site/tandem.server.port: %r' % (port_value,)
  url = status_url(host_name or socket.getfqdn(), port, tls_enabled(configurations.get(TLS_TOKEN)))
  try:
    timeout = number_parameter(parameters, CONNECTION_TIMEOUT_PARAMETER, DEFAULT_CONNECTION_TIMEOUT_SECONDS)
    status = fetch_status(url, timeout, auth_headers(ALERT_USER, secret), configurations.get(CA_FILE_TOKEN))
    return evaluate(status, parameters)
  except (InvalidParameter, StatusUnavailable, MissingSecret) as e:
    return UNKNOWN, e.args[0]
  except (KeyError, TypeError, AttributeError, ValueError) as e:
    return UNKNOWN, ('Status document from %s does not follow the contract (%s: %s)'
                     % (url, type(e).__name__, e))


def number_parameter(parameters, name, default_value):
  value = parameters.get(name, default_value)
  try:
    number = float(value)
  except (TypeError, ValueError):
    raise InvalidParameter('Invalid alert parameter %s: %r is not a number' % (name, value))
  if number <= 0:
    raise InvalidParameter('Invalid alert parameter %s: %r is not greater than 0' % (name, value))
  return number


def list_parameter(parameters, name, default_value):
  """A comma-separated STRING parameter as a list of upper-case, stripped items."""
  value = parameters.get(name, default_value) or ''
  return [item.strip().upper() for item in value.split(',') if item.strip()]


def enabled_groups(status):
  """The protection groups to alert on: disabled groups never are."""
  return [group for group in status['groups'] if group.get('enabled', True)]


def severity(state):
  """OK < UNKNOWN < WARNING < CRITICAL, for sorting findings."""
  return _SEVERITY[state]


def worst(states):
  return max(states, key=severity) if states else OK


def duration(seconds):
  """Renders 9000 as '2h 30m', 90 as '1m 30s'; for alert texts."""
  seconds = int(round(seconds))
  days, rest = divmod(seconds, 86400)
  hours, rest = divmod(rest, 3600)
  minutes, secs = divmod(rest, 60)
  if days:
    return '%dd %dh' % (days, hours)
  if hours:
    return '%dh %dm' % (hours, minutes)
  if minutes:
    return '%dm %ds' % (minutes, secs)
  return '%ds' % secs


def size(n):
  """Renders 1536 as '1.5 KiB', binary units as the server's UI does; for alert texts."""
  value = float(n)
  for unit in ('B', 'KiB', 'MiB', 'GiB', 'TiB'):
    if abs(value) < 1024 or unit == 'TiB':
      return ('%d %s' % (value, unit)) if unit == 'B' else ('%.1f %s' % (value, unit))
    value /= 1024.0
  return '%d B' % n


def _text(raw):
  return raw.decode('utf-8', 'replace') if isinstance(raw, bytes) else raw


def _shorten(text, limit=200):
  text = ' '.join((text or '').split())
  return text if len(text) <= limit else text[:limit] + '...'
