"""
Shared test fixtures for the TANDEM management pack: paths, a local status server, the agent's way of loading
alert scripts and of running command scripts. Python 2.7 and 3.x.
"""
from __future__ import print_function

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

try:
  from http.server import BaseHTTPRequestHandler, HTTPServer
  from socketserver import ThreadingMixIn
except ImportError:  # Python 2
  from BaseHTTPServer import BaseHTTPRequestHandler, HTTPServer
  from SocketServer import ThreadingMixIn

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE_DIR = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, os.pardir))
RESOURCES_DIR = os.path.join(MODULE_DIR, 'src', 'main', 'resources')
SERVICE_DIR = os.path.join(RESOURCES_DIR, 'common-services', 'TANDEM', '0.1.0')
ADDON_DIR = os.path.join(RESOURCES_DIR, 'addon-services', 'TANDEM', '0.1.0')
SCRIPTS_DIR = os.path.join(SERVICE_DIR, 'package', 'scripts')
ALERTS_DIR = os.path.join(SERVICE_DIR, 'package', 'alerts')
CSD_DIR = os.path.join(MODULE_DIR, 'src', 'main', 'csd')
FAKES_DIR = os.path.join(HERE, 'fakes')
# The launcher the tandem package installs as <tandem_home>/bin/tandem (built from this repository).
LAUNCHER = os.path.normpath(os.path.join(MODULE_DIR, os.pardir, 'scripts', 'tandem'))

if FAKES_DIR not in sys.path:
  sys.path.insert(0, FAKES_DIR)

from resource_management import journal  # noqa: E402


# tandem-site/tandem.view.secret in the tests' configurations; the fake status server demands it.
SECRET = 's3cret-view-7q'
PORT_TOKEN = '{{tandem-site/tandem.server.port}}'
SECRET_TOKEN = '{{tandem-site/tandem.view.secret}}'
TLS_TOKEN = '{{tandem-site/tandem.server.tls.enabled}}'
CA_FILE_TOKEN = '{{tandem-site/tandem.server.tls.ca.file}}'


def read_json(path):
  with open(path) as f:
    return json.load(f)


def free_port():
  s = socket.socket()
  s.bind(('127.0.0.1', 0))
  port = s.getsockname()[1]
  s.close()
  return port


def make_temp_dir(test_case):
  path = tempfile.mkdtemp(prefix='tandem-test-')
  test_case.addCleanup(shutil.rmtree, path, True)
  return path


# ---------------------------------------------------------------------------------------------------------------
# The status contract

def group(name='billing', enabled=True, periodicity=14400, lag=3600, cut='20261124T150000000Z',
          run_state='SUCCEEDED', error=None, scrub_differences=0, scrub_samples=None):
  """One entry of status.groups; cut=None means the group never produced a good cut."""
  last_run = None
  if run_state is not None:
    last_run = {'id': 'r-' + (cut or '20261124T150000000Z'), 'state': run_state,
                'endedAt': '2026-11-24T15:02:00Z', 'error': error, 'scrubDifferences': scrub_differences,
                'scrubDifferenceSamples': scrub_samples or []}
  return {'name': name, 'enabled': enabled, 'periodicitySeconds': periodicity,
          'lastGoodCut': cut, 'lastGoodCutAt': '2026-11-24T15:00:00Z' if cut else None,
          'lagSeconds': lag if cut else None, 'lastRun': last_run}


def pair_doc(state='NORMAL', detail='primary active, protected by secondary', number=3, roles=None, verdict=True,
             name='primary+secondary'):
  """One entry of status['pairs'] as a server with arbitration reports it."""
  roles = roles or [('primary', 'ACTIVE'), ('secondary', 'STANDBY')]
  return {
    'pair': name,
    'epoch': {'number': number, 'revision': 1, 'active': roles[0][0], 'phase': 'ACTIVE', 'protection': 'PROTECTED',
              'transition': 'FAILBACK', 'decidedAt': '2026-11-24T15:00:00Z', 'decidedBy': 'operator', 'reason': ''},
    'role': roles[0][1],
    'arbiter': {'state': state, 'detail': detail},
    'sites': [{'site': site, 'role': role, 'epoch': number, 'healthy': True, 'healthDetail': '',
               'publishedAt': '2026-11-24T16:00:00Z'} for site, role in roles],
    'verdict': {'arbiter': 'third-place', 'epoch': number, 'active': roles[0][0],
                'at': '2026-11-24T16:00:01Z'} if verdict else None,
  }


def status_doc(groups=None, peer_reachable=True, peer_error=None, arbiter='NORMAL', detail='both sites healthy',
               peer=True, pairs=None):
  return {
    'site': 'primary', 'role': 'PRIMARY', 'epoch': 3,
    'peer': {'site': 'secondary', 'reachable': peer_reachable,
             'lastSeen': '2026-11-24T16:00:00Z', 'error': peer_error} if peer else None,
    'arbiter': {'state': arbiter, 'detail': detail},
    'groups': [group()] if groups is None else groups,
    'pairs': pairs or [],
    'sites': [{'site': 'primary', 'local': True, 'reachable': True, 'lastSeen': '2026-11-24T16:00:00Z',
               'error': None, 'openFileCapture': 'FROZEN'},
              {'site': 'secondary', 'local': False, 'reachable': True, 'lastSeen': '2026-11-24T16:00:00Z',
               'error': None, 'openFileCapture': 'LIVE'}],
  }


TLS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'tls')
TLS_CERT = os.path.join(TLS_DIR, 'server-cert.pem')  # self-signed: its own CA
TLS_KEY = os.path.join(TLS_DIR, 'server-key.pem')
OTHER_CA = os.path.join(TLS_DIR, 'other-ca.pem')  # a CA that did not sign TLS_CERT


class StatusServer(object):
  """
  A local HTTP server playing the Tandem server's status endpoint, authenticating like it: without
  X-Tandem-User and the right X-Tandem-View-Secret (.secret) it answers 401 with the server's error body.
  Set .code, .body (dict or raw text) and .delay_seconds between requests; .paths records what was asked for,
  .users who asked.
  """

  def __init__(self, port=0, secret=SECRET, tls=False):
    self.code = 200
    self.body = status_doc()
    self.delay_seconds = 0
    self.secret = secret
    self.paths = []
    self.users = []
    self._release = threading.Event()
    owner = self

    class Handler(BaseHTTPRequestHandler):
      def do_GET(self):
        owner.paths.append(self.path)
        if owner.delay_seconds:
          owner._release.wait(owner.delay_seconds)
        user = self.headers.get('X-Tandem-User')
        if not user or self.headers.get('X-Tandem-View-Secret') != owner.secret:
          self._send(401, '{"code":401,"type":"unauthenticated","message":"Missing or wrong '
                          'X-Tandem-View-Secret","field":null,"errorId":null}')
        elif self.path != '/api/v1/status':
          owner.users.append(user)
          self._send(404, '{"code":404,"message":"no such resource"}')
        else:
          owner.users.append(user)
          body = owner.body if isinstance(owner.body, str) else json.dumps(owner.body)
          self._send(owner.code, body)

      def _send(self, code, body):
        payload = body.encode('utf-8')
        try:
          self.send_response(code)
          self.send_header('Content-Type', 'application/json')
          self.send_header('Content-Length', str(len(payload)))
          self.end_headers()
          self.wfile.write(payload)
        except (IOError, OSError):
          pass  # the client gave up (timeout tests)

      def log_message(self, *args):
        pass

    class Server(ThreadingMixIn, HTTPServer):
      daemon_threads = True

      def handle_error(self, request, client_address):
        pass  # a client that gave up (timeout tests) breaks the pipe; nothing to report

    self._server = Server(('127.0.0.1', port), Handler)
    if tls:
      # HTTPS with the test certificate (names localhost and 127.0.0.1), TLS 1.2+ like the Tandem server.
      import ssl
      context = ssl.SSLContext(getattr(ssl, 'PROTOCOL_TLS_SERVER', ssl.PROTOCOL_SSLv23))
      if hasattr(ssl, 'TLSVersion'):
        context.minimum_version = ssl.TLSVersion.TLSv1_2
      else:
        context.options |= ssl.OP_NO_SSLv3 | ssl.OP_NO_TLSv1 | ssl.OP_NO_TLSv1_1
      context.load_cert_chain(TLS_CERT, TLS_KEY)
      self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
    self.port = self._server.server_address[1]
    # A short poll interval: shutdown() waits for one, and the tests start dozens of servers.
    self._thread = threading.Thread(target=self._server.serve_forever, kwargs={'poll_interval': 0.02})
    self._thread.daemon = True

  def __enter__(self):
    self._thread.start()
    return self

  def __exit__(self, *exc):
    self._release.set()
    self._server.shutdown()
    self._server.server_close()
    return False


# ---------------------------------------------------------------------------------------------------------------
# Alerts, loaded the way ambari_agent/alerts/script_alert.py loads them

def load_alert(file_name):
  path = os.path.join(ALERTS_DIR, file_name)
  name = 'tandem_test_' + file_name[:-3]
  try:
    import importlib.util
  except ImportError:  # Python 2: the agent's own imp.load_source
    import imp
    return imp.load_source(name, path)
  spec = importlib.util.spec_from_file_location(name, path)
  module = importlib.util.module_from_spec(spec)
  spec.loader.exec_module(module)
  return module


# ---------------------------------------------------------------------------------------------------------------
# Command scripts, run the way the agent runs them

def site_config(port, **overrides):
  site = {
    'tandem.site.id': '',
    'tandem.zookeeper.connect': '',
    'tandem.registry.root': '/tandem',
    'tandem.hive.metastore.uris': '',
    'tandem.hive.metastore.kerberos.principal': '',
    'tandem.hive.metastore.sasl.protection': 'authentication',
    'tandem.hive.full.read.interval': '24h',
    'tandem.verify.full.interval': '24h',
    'tandem.drift.snapshot.retention': '7d',
    'tandem.space.refresh.interval': '15m',
    'tandem.space.scan.max.files': '1000000',
    'tandem.scheduler.retry.attempts': '3',
    'tandem.scheduler.retry.backoff': '5m',
    'tandem.audit.retention': '90d',
    'tandem.server.port': str(port),
    'tandem.auth.type': 'basic',
    'tandem.view.secret': SECRET,
    'tandem.metrics.collector.url': '',
    'tandem.work.dir': '',
    'tandem.kerberos.principal': '',
    'tandem.kerberos.keytab': '',
    'tandem.auth.kerberos.principal': 'HTTP/_HOST',
    'tandem.auth.kerberos.keytab': '',
  }
  site.update(overrides)
  return site


def default_configurations(root, port):
  """The configurations of a command JSON: the stack defaults, with every directory under root."""
  env = defaults_of('tandem-env')
  env.update({
    'tandem_user': 'tandem',
    'tandem_log_dir': os.path.join(root, 'log'),
    'tandem_pid_dir': os.path.join(root, 'run'),
    'tandem_home': os.path.join(root, 'home'),
    'tandem_conf_dir': os.path.join(root, 'conf'),
    'tandem_java_home': '/usr/lib/jvm/java-17',
  })
  return {
    'tandem-site': site_config(port, **{'tandem.work.dir': os.path.join(root, 'work')}),
    'tandem-env': env,
    'tandem-log4j': defaults_of('tandem-log4j'),
    'tandem-users': defaults_of('tandem-users'),
    'cluster-env': {'user_group': 'hadoop', 'security_enabled': 'false'},
    'zoo.cfg': {'clientPort': '2181'},
  }


def command_json(root, port, hostname='127.0.0.1', server_hosts=('127.0.0.1',), configurations=None,
                 command_timeout='300'):
  return {
    'clusterName': 'dc-east',
    'configurations': configurations or default_configurations(root, port),
    'configurationAttributes': {'tandem-site': {'final': {'tandem.registry.root': 'true'}}},
    'commandParams': {'command_timeout': command_timeout},
    'hostLevelParams': {},
    'clusterLevelParams': {},
    'ambariLevelParams': {'java_home': '/usr/jdk64/jdk1.8.0_112'},
    'agentLevelParams': {'hostname': hostname},
    'roleParams': {},
    'clusterHostInfo': {'tandem_server_hosts': list(server_hosts),
                        'zookeeper_server_hosts': ['zk2.example.com', 'zk1.example.com']},
  }


def defaults_of(config_type):
  """The stack default values of one configuration/<type>.xml, as Ambari would send them."""
  import xml.etree.ElementTree as ElementTree
  root = ElementTree.parse(os.path.join(SERVICE_DIR, 'configuration', config_type + '.xml')).getroot()
  return dict((p.findtext('name'), p.findtext('value') or '') for p in root.findall('property'))


def process_running(pid):
  """True while pid is a live process; a zombie (killed, not yet reaped) is not running."""
  try:
    with open('/proc/%d/stat' % pid) as f:
      return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
  except (IOError, OSError):
    return False


class ScriptRun(object):
  def __init__(self, returncode, output, journal_entries):
    self.returncode = returncode
    self.output = output
    self.journal = journal_entries

  def resources(self, kind):
    return [entry for entry in self.journal if entry['resource'] == kind]


def run_script(root, script, command, config, basedir=None):
  """
  Runs package/scripts/<script> COMMAND like the agent; returns a ScriptRun. basedir is the package directory the
  agent passes (default: this module's package/), where StaticFile finds files/.
  """
  config_file = os.path.join(root, 'command-%s.json' % command.lower())
  with open(config_file, 'w') as f:
    json.dump(config, f)
  journal_file = os.path.join(root, 'journal-%s.jsonl' % command.lower())
  if os.path.exists(journal_file):
    os.remove(journal_file)
  env = dict(os.environ)
  env['PYTHONPATH'] = os.pathsep.join([FAKES_DIR, SCRIPTS_DIR])
  env['FAKE_RM_JOURNAL'] = journal_file
  env['PYTHONDONTWRITEBYTECODE'] = '1'
  process = subprocess.Popen(
      [sys.executable, os.path.join(SCRIPTS_DIR, script), command, config_file,
       basedir or os.path.join(SERVICE_DIR, 'package'), os.path.join(root, 'structured-out.json'), 'INFO', root],
      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=root)
  output = process.communicate()[0].decode('utf-8', 'replace')
  return ScriptRun(process.returncode, output, journal.read(journal_file))
