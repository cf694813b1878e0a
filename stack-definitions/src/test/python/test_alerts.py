"""
The SCRIPT alerts against a local HTTP server playing the Tandem status endpoint (and demanding the View secret
like it): each alert is loaded like the agent loads it and asked for OK, WARNING, CRITICAL and UNKNOWN outcomes.
plugin's AmbariAlertScriptsTest runs the same scripts against the real server.
"""
from __future__ import print_function

import socket
import time
import unittest

import support
from support import group, pair_doc, status_doc

ALERT_FILES = ('alert_rpo.py', 'alert_last_run.py', 'alert_peer.py', 'alert_arbiter.py', 'alert_snapshot_space.py')
PORT_TOKEN = support.PORT_TOKEN
SECRET_TOKEN = support.SECRET_TOKEN


def configurations(port, secret=support.SECRET):
  """What the agent passes: the value of each token get_tokens() named."""
  return {PORT_TOKEN: str(port), SECRET_TOKEN: secret}


class AlertCase(unittest.TestCase):

  def run_alert(self, file_name, body, parameters=None, code=200):
    alert = support.load_alert(file_name)
    with support.StatusServer() as server:
      server.code = code
      server.body = body
      result = alert.execute(configurations(server.port), parameters or {}, '127.0.0.1')
      self.assertEqual(['/api/v1/status'], server.paths)
      self.assertEqual(['ambari-alerts'], server.users)
    self.assert_shape(result)
    return result

  def assert_shape(self, result):
    """Ambari's script_alert takes (state, [text])."""
    self.assertIsInstance(result, tuple)
    state, texts = result
    self.assertIn(state, ('OK', 'WARNING', 'CRITICAL', 'UNKNOWN'))
    self.assertIsInstance(texts, list)
    self.assertEqual(1, len(texts))

  def check(self, file_name, cases):
    for description, body, parameters, expected_state, expected_fragments in cases:
      state, texts = self.run_alert(file_name, body, parameters)
      self.assertEqual(expected_state, state, '%s: %s' % (description, texts[0]))
      for fragment in expected_fragments:
        self.assertIn(fragment, texts[0], description)


GIB = 1024 ** 3


def spaced(name='billing', secondary='secondary', capacity=100 * GIB, remaining=50 * GIB, next_cut=GIB,
           cuts=2 * GIB, drift=0, enabled=True, error=None):
  """A status group with a snapshot space measurement (the secondary's free space as the NameNode reports it)."""
  g = group(name, enabled=enabled)
  g['space'] = {'group': name, 'computedAt': '2026-11-24T16:00:00Z', 'nextCutBytes': next_cut, 'sites': [
    {'site': 'primary', 'role': 'PRIMARY', 'cutsBytes': 0, 'driftBytes': 0, 'snapshotsBytes': 0,
     'capacityBytes': capacity, 'remainingBytes': capacity, 'remainingPercent': 100.0, 'complete': True,
     'error': None, 'snapshots': []},
    {'site': secondary, 'role': 'SECONDARY', 'cutsBytes': cuts, 'driftBytes': drift, 'snapshotsBytes': cuts + drift,
     'capacityBytes': None if error else capacity, 'remainingBytes': None if error else remaining,
     'remainingPercent': None if error else 100.0 * remaining / capacity, 'complete': True, 'error': error,
     'snapshots': []}]}
  return g


class SnapshotSpaceAlertTest(AlertCase):

  def test_states_follow_free_space_against_capacity_and_next_cuts(self):
    self.check('alert_snapshot_space.py', [
      ('nothing measured yet', status_doc([group()]), None, 'OK', ['No snapshot space measured yet']),
      ('half free', status_doc([spaced()]), None, 'OK',
       ['HDFS space sufficient on 1 secondary site(s): secondary 50.0 GiB free of 100.0 GiB (50.0 %)',
        'next cuts need up to 1.0 GiB; kept cuts hold 2.0 GiB, drift snapshots 0 B (groups billing)']),
      ('below 15 %', status_doc([spaced(remaining=14 * GIB)]), None, 'WARNING', ['HDFS space short on 1 of 1']),
      ('below 5 %', status_doc([spaced(remaining=4 * GIB)]), None, 'CRITICAL', ['secondary 4.0 GiB free']),
      ('below 3 next cuts', status_doc([spaced(next_cut=20 * GIB)]), None, 'WARNING', ['next cuts need up to 20.0 GiB']),
      ('below 1 next cut', status_doc([spaced(next_cut=60 * GIB)]), None, 'CRITICAL', []),
      ('thresholds are parameters', status_doc([spaced()]), {'space.warning.percent': 60}, 'WARNING', []),
      ('disabled groups are ignored', status_doc([spaced(remaining=GIB, enabled=False)]), None, 'OK',
       ['No snapshot space measured yet']),
      ('site not surveyed', status_doc([spaced(error='HDFS down')]), None, 'UNKNOWN', ['billing: HDFS down']),
    ])

  def test_groups_sharing_a_secondary_add_their_next_cuts(self):
    body = status_doc([spaced('billing', next_cut=10 * GIB), spaced('orders', next_cut=10 * GIB)])
    state, texts = self.run_alert('alert_snapshot_space.py', body)
    self.assertEqual('WARNING', state, texts[0])
    self.assertIn('next cuts need up to 20.0 GiB', texts[0])
    self.assertIn('(groups billing, orders)', texts[0])

  def test_critical_threshold_above_warning_is_unknown(self):
    state, texts = self.run_alert('alert_snapshot_space.py', status_doc([spaced()]),
                                  {'space.critical.percent': 20, 'space.warning.percent': 10})
    self.assertEqual('UNKNOWN', state)
    self.assertIn('space.critical.percent (20.0) is above space.warning.percent (10.0)', texts[0])


class RpoAlertTest(AlertCase):

  def test_states_follow_lag_against_periodicity(self):
    four_hours = 14400
    self.check('alert_rpo.py', [
      ('lag of 1/4 periodicity', status_doc([group(lag=3600)]), None, 'OK',
       ['All 1 enabled protection groups within RPO', 'billing lag 1h 0m']),
      ('lag of 1x, as before every commit', status_doc([group(lag=four_hours)]), None, 'OK',
       ['billing lag 4h 0m']),
      ('lag just below 1.5x', status_doc([group(lag=21600 - 1)]), None, 'OK', []),
      ('lag of exactly 1.5x', status_doc([group(lag=21600)]), None, 'WARNING',
       ['RPO breached for 1 of 1', 'billing lag 6h 0m = 1.5x periodicity 4h 0m']),
      ('lag of exactly 2x', status_doc([group(lag=2 * four_hours)]), None, 'CRITICAL', ['billing lag 8h 0m = 2.0x']),
      ('lag of 3x', status_doc([group(lag=3 * four_hours)]), None, 'CRITICAL', []),
    ])

  def test_worst_group_decides_and_every_breach_is_named(self):
    body = status_doc([group('billing', lag=3600), group('orders', lag=30000), group('hr', lag=25000)])
    state, texts = self.run_alert('alert_rpo.py', body)
    self.assertEqual('CRITICAL', state)
    self.assertIn('RPO breached for 2 of 3 enabled protection groups', texts[0])
    self.assertIn('orders lag 8h 20m', texts[0])
    self.assertIn('hr lag 6h 56m', texts[0])
    self.assertNotIn('billing', texts[0])
    self.assertLess(texts[0].index('orders'), texts[0].index('hr'), 'CRITICAL breaches come first')

  def test_enabled_group_that_never_ran_is_warning(self):
    state, texts = self.run_alert('alert_rpo.py', status_doc([group('billing', cut=None, run_state=None)]))
    self.assertEqual(('WARNING', 'billing: no backup yet'), (state, texts[0].split(': ', 1)[1]))

  def test_disabled_groups_are_never_alerted_on(self):
    self.check('alert_rpo.py', [
      ('disabled and far behind', status_doc([group(enabled=False, lag=10 ** 6)]), None, 'OK',
       ['No enabled protection group']),
      ('disabled and never ran', status_doc([group(enabled=False, cut=None, run_state=None)]), None, 'OK', []),
      ('no group at all', status_doc([]), None, 'OK', ['No enabled protection group']),
    ])

  def test_multipliers_are_parameters(self):
    lag_half = status_doc([group(lag=7200)])
    self.check('alert_rpo.py', [
      ('0.5x with defaults', lag_half, {}, 'OK', []),
      ('0.5x with warning at 0.5', lag_half, {'rpo.warning.multiplier': 0.5}, 'WARNING', []),
      ('0.5x with critical at 0.5', lag_half,
       {'rpo.warning.multiplier': 0.25, 'rpo.critical.multiplier': '0.5'}, 'CRITICAL', []),
      ('critical below warning', lag_half, {'rpo.warning.multiplier': 3, 'rpo.critical.multiplier': 2}, 'UNKNOWN',
       ['rpo.critical.multiplier']),
      ('not a number', lag_half, {'rpo.warning.multiplier': 'soon'}, 'UNKNOWN',
       ['rpo.warning.multiplier', "'soon' is not a number"]),
    ])


class LastRunAlertTest(AlertCase):

  def test_states(self):
    failed = group('billing', run_state='FAILED', error='DistCp sync failed: target changed since s1')
    self.check('alert_last_run.py', [
      ('succeeded', status_doc([group()]), None, 'OK', ['No failed last run among 1 enabled', '1 have run']),
      ('running', status_doc([group(run_state='RUNNING')]), None, 'OK', []),
      ('never ran', status_doc([group(cut=None, run_state=None)]), None, 'OK', ['0 have run']),
      ('failed', status_doc([failed, group('orders')]), None, 'CRITICAL',
       ['Last run failed for 1 of 2 enabled protection groups',
        'billing (run r-20261124T150000000Z, ended 2026-11-24T15:02:00Z): DistCp sync failed: target changed']),
      ('failed without error text', status_doc([group(run_state='FAILED')]), None, 'CRITICAL',
       ['no error message']),
      ('failed but disabled', status_doc([group(enabled=False, run_state='FAILED', error='x')]), None, 'OK', []),
      ('scrub found differences', status_doc([group(scrub_differences=2,
                                                    scrub_samples=['/data/billing/events/a: checksum']),
                                              group('orders')]), None, 'WARNING',
       ['differed from the primary (copied again) for 1 of 2 enabled protection groups',
        'billing (run r-20261124T150000000Z): 2 file(s), e.g. /data/billing/events/a: checksum']),
      ('failure outranks differences', status_doc([group(scrub_differences=1), group('orders', run_state='FAILED')]),
       None, 'CRITICAL', ['Last run failed for 1 of 2']),
      ('older record without the field', status_doc([dict(group(), lastRun={'id': 'r-1', 'state': 'SUCCEEDED',
                                                                             'endedAt': None, 'error': None})]),
       None, 'OK', []),
      ('scrub differences but disabled', status_doc([group(enabled=False, scrub_differences=3)]), None, 'OK', []),
    ])


class PeerAlertTest(AlertCase):

  def test_states(self):
    self.check('alert_peer.py', [
      ('reachable', status_doc(), None, 'OK', ['Peer site secondary reachable']),
      ('unreachable', status_doc(peer_reachable=False, peer_error='Connection refused'), None, 'CRITICAL',
       ['Peer site secondary unreachable from site primary', 'Connection refused']),
      ('no peer configured', status_doc(peer=False), None, 'UNKNOWN', ['No peer site configured for site primary']),
    ])


class ArbiterAlertTest(AlertCase):

  def test_default_mapping_of_every_documented_state(self):
    expected = {'NORMAL': 'OK', 'DEGRADED': 'WARNING', 'FAILING_OVER': 'WARNING', 'UNKNOWN': 'WARNING',
                'FAILED_OVER': 'CRITICAL', 'SPLIT_SUSPECTED': 'CRITICAL'}
    self.check('alert_arbiter.py', [
      (arbiter_state, status_doc(arbiter=arbiter_state, detail='detail of ' + arbiter_state), None, alert_state,
       ['Arbiter %s: detail of %s' % (arbiter_state, arbiter_state), 'epoch 3'])
      for arbiter_state, alert_state in sorted(expected.items())
    ])

  def test_state_lists_are_parameters(self):
    self.check('alert_arbiter.py', [
      ('degraded made critical', status_doc(arbiter='DEGRADED'),
       {'arbiter.critical.states': 'degraded, FAILED_OVER'}, 'CRITICAL', []),
      ('unlisted state', status_doc(arbiter='REBALANCING'), None, 'UNKNOWN', ['does not know', 'REBALANCING']),
    ])

  def test_pairs_show_their_epoch_roles_and_verdict(self):
    self.check('alert_arbiter.py', [
      ('normal at epoch 3', status_doc(pairs=[pair_doc()]), None, 'OK',
       ['Arbiter NORMAL: pair primary+secondary epoch 3: primary ACTIVE, secondary STANDBY; '
        'primary active, protected by secondary; arbiter third-place endorsed primary at epoch 3 '
        '(2026-11-24T16:00:01Z) (site primary, role PRIMARY)']),
      ('failed over, no arbiter', status_doc(pairs=[pair_doc(
          'FAILED_OVER', 'failed over from primary to secondary, unprotected until failback', number=4,
          roles=[('secondary', 'ACTIVE'), ('primary', 'STANDBY')], verdict=False)]), None, 'CRITICAL',
       ['Arbiter FAILED_OVER: pair primary+secondary epoch 4: secondary ACTIVE, primary STANDBY; failed over',
        'no arbiter verdict']),
    ])

  def test_the_worst_pair_decides_and_every_pair_is_named(self):
    doc = status_doc(pairs=[pair_doc(), pair_doc('DEGRADED', 'third published no status', number=7,
                                                 roles=[('primary', 'ACTIVE'), ('third', 'NONE')],
                                                 name='primary+third')])
    state, texts = self.run_alert('alert_arbiter.py', doc)
    self.assertEqual('WARNING', state, texts[0])
    self.assertTrue(texts[0].startswith('Arbiter DEGRADED: pair primary+secondary epoch 3'), texts[0])
    self.assertIn(' | pair primary+third epoch 7: primary ACTIVE, third NONE; third published no status', texts[0])
    self.assertNotIn('epoch 0', texts[0])


class ServerProblemsTest(AlertCase):
  """Whatever goes wrong reaching the server, every alert says UNKNOWN and why."""

  def test_unreachable_server(self):
    port = support.free_port()
    for file_name in ALERT_FILES:
      state, texts = support.load_alert(file_name).execute(configurations(port), {}, '127.0.0.1')
      self.assertEqual('UNKNOWN', state, file_name)
      self.assertIn('Tandem server at http://127.0.0.1:%d/api/v1/status is unreachable' % port, texts[0])

  def test_http_error(self):
    for file_name in ALERT_FILES:
      state, texts = self.run_alert(file_name, '{"message":"registry unavailable"}', code=503)
      self.assertEqual('UNKNOWN', state, file_name)
      self.assertIn('answered HTTP 503', texts[0])
      self.assertIn('registry unavailable', texts[0])

  def test_invalid_json(self):
    for file_name in ALERT_FILES:
      state, texts = self.run_alert(file_name, '<html>proxy error</html>')
      self.assertEqual('UNKNOWN', state, file_name)
      self.assertIn('invalid JSON', texts[0])

  def test_document_breaking_the_contract(self):
    for file_name in ALERT_FILES:
      state, texts = self.run_alert(file_name, {'site': 'primary'})
      self.assertEqual('UNKNOWN', state, file_name)
      self.assertIn('does not follow the contract', texts[0])

  def test_slow_server_times_out(self):
    alert = support.load_alert('alert_peer.py')
    with support.StatusServer() as server:
      server.delay_seconds = 5
      started = time.time()
      state, texts = alert.execute(configurations(server.port), {'connection.timeout': 0.5}, '127.0.0.1')
      elapsed = time.time() - started
    self.assertEqual('UNKNOWN', state)
    self.assertIn('unreachable', texts[0])
    self.assertLess(elapsed, 4)

  def test_missing_port_configuration_uses_the_default_port(self):
    """Without the token Ambari passes nothing; the alert asks port 21400 on the given host."""
    listener = socket.socket()
    try:
      listener.bind(('127.0.0.1', 21400))
    except socket.error:
      self.skipTest('port 21400 is in use on this machine')
    listener.close()
    state, texts = support.load_alert('alert_rpo.py').execute({SECRET_TOKEN: support.SECRET}, {}, '127.0.0.1')
    self.assertEqual('UNKNOWN', state)
    self.assertIn('http://127.0.0.1:21400/api/v1/status', texts[0])

  def test_invalid_port_configuration(self):
    state, texts = support.load_alert('alert_rpo.py').execute({PORT_TOKEN: 'http', SECRET_TOKEN: support.SECRET},
                                                              {}, '127.0.0.1')
    self.assertEqual(('UNKNOWN', "Invalid tandem-site/tandem.server.port: 'http'"), (state, texts[0]))


class AuthenticationTest(AlertCase):
  """The alerts authenticate with the View secret, and never show it."""

  def test_wrong_secret_is_unknown_and_the_text_shows_neither_secret(self):
    for file_name in ALERT_FILES:
      with support.StatusServer() as server:
        state, texts = support.load_alert(file_name).execute(configurations(server.port, 'wrong-secret-x1'), {},
                                                             '127.0.0.1')
      self.assertEqual('UNKNOWN', state, file_name)
      self.assertIn('answered HTTP 401', texts[0])
      self.assertIn('Missing or wrong X-Tandem-View-Secret', texts[0])
      self.assertNotIn('wrong-secret-x1', texts[0])
      self.assertNotIn(support.SECRET, texts[0])

  def test_empty_secret_is_unknown_without_asking_the_server(self):
    for secret in ('', None):
      with support.StatusServer() as server:
        state, texts = support.load_alert('alert_peer.py').execute(configurations(server.port, secret), {},
                                                                   '127.0.0.1')
        self.assertEqual([], server.paths)
      self.assertEqual('UNKNOWN', state)
      self.assertIn('tandem-site/tandem.view.secret is empty', texts[0])

  def test_secret_that_cannot_be_a_header_is_unknown_and_not_shown(self):
    with support.StatusServer() as server:
      state, texts = support.load_alert('alert_peer.py').execute(configurations(server.port, u'geheim-\u00e4\u20ac'),
                                                                 {}, '127.0.0.1')
      self.assertEqual([], server.paths)
    self.assertEqual('UNKNOWN', state)
    self.assertIn('other than ASCII', texts[0])
    self.assertNotIn(u'geheim', texts[0])

  def test_secret_echoed_by_a_server_is_redacted(self):
    state, texts = self.run_alert('alert_arbiter.py', status_doc(arbiter='DEGRADED', detail='echo ' + support.SECRET))
    self.assertEqual('WARNING', state)
    self.assertNotIn(support.SECRET, texts[0])
    self.assertIn('echo [PROTECTED]', texts[0])


class TokensTest(unittest.TestCase):

  def test_every_alert_asks_for_the_server_port_and_the_view_secret(self):
    for file_name in ALERT_FILES:
      tokens = support.load_alert(file_name).get_tokens()
      self.assertIsInstance(tokens, tuple, file_name)
      self.assertEqual((PORT_TOKEN, SECRET_TOKEN, support.TLS_TOKEN, support.CA_FILE_TOKEN), tokens, file_name)


class TlsAlertTest(unittest.TestCase):
  """With tandem.server.tls.enabled the alerts speak HTTPS and verify the certificate against the CA file."""

  def execute(self, ca_file, host='localhost', tls='true'):
    alert = support.load_alert('alert_peer.py')
    with support.StatusServer(tls=True) as server:
      server.body = status_doc([group()])
      config = configurations(server.port)
      config.update({support.TLS_TOKEN: tls, support.CA_FILE_TOKEN: ca_file})
      return alert.execute(config, {}, host), server

  def test_https_with_the_ca_file_reads_the_status(self):
    (state, texts), server = self.execute(support.TLS_CERT)
    self.assertNotEqual('UNKNOWN', state, texts[0])
    self.assertEqual(['/api/v1/status'], server.paths)
    self.assertEqual(['ambari-alerts'], server.users)

  def test_a_certificate_from_another_ca_is_unknown_and_says_so(self):
    (state, texts), server = self.execute(support.OTHER_CA)
    self.assertEqual('UNKNOWN', state)
    self.assertIn('No verified TLS connection to the Tandem server at https://localhost:%d/api/v1/status'
                  % server.port, texts[0])
    self.assertIn('tandem.server.tls.ca.file', texts[0])
    self.assertEqual([], server.paths, 'nothing was sent before the certificate was checked')
    self.assertNotIn(support.SECRET, texts[0])

  def test_a_missing_ca_file_is_named(self):
    (state, texts), _ = self.execute('/nonexistent/ca.pem')
    self.assertEqual('UNKNOWN', state)
    self.assertIn('Cannot load tandem-site/tandem.server.tls.ca.file /nonexistent/ca.pem', texts[0])

  def test_plain_http_alert_against_a_tls_server_gets_no_status(self):
    (state, texts), server = self.execute(None, tls='false')
    self.assertEqual('UNKNOWN', state, texts[0])
    self.assertIn('http://localhost:', texts[0])


if __name__ == '__main__':
  unittest.main()
