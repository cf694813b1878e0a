#!/usr/bin/env python
"""
Alert tandem_arbiter: the arbitration of this site's cluster pairs, as the server reads it from the pairs'
arbitration records: per pair its state, epoch, each site's role and the arbiter's latest verdict. NORMAL is OK;
the states listed in the parameters arbiter.warning.states and arbiter.critical.states give WARNING and CRITICAL;
a state in neither list (a newer server) is UNKNOWN. With several pairs the worst one decides. A server without
arbitration reports no pairs: then the site-level state (from reachability) is judged alone.
"""
from __future__ import print_function

import os
import sys

# The agent loads alert scripts with imp.load_source, which leaves their directory off sys.path.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
  sys.path.insert(0, _HERE)

import tandem_status as ts  # noqa: E402

NORMAL = 'NORMAL'
WARNING_STATES = 'arbiter.warning.states'
CRITICAL_STATES = 'arbiter.critical.states'
DEFAULT_WARNING_STATES = 'DEGRADED,FAILING_OVER,UNKNOWN'
DEFAULT_CRITICAL_STATES = 'FAILED_OVER,SPLIT_SUSPECTED'


def get_tokens():
  return ts.TOKENS


def execute(configurations=None, parameters=None, host_name=None):
  return ts.run_alert(evaluate, configurations, parameters, host_name)


def evaluate(status, parameters):
  pairs = status.get('pairs') or []
  if not pairs:
    arbiter = status['arbiter']
    text = '%s (site %s, role %s, epoch %s)' % (
        arbiter.get('detail') or 'no detail', status['site'], status.get('role'), status.get('epoch'))
    return _judge([(arbiter['state'], text)], parameters)
  findings = [(pair['arbiter']['state'], _pair_text(pair)) for pair in pairs]
  state, text = _judge(findings, parameters)
  return state, '%s (site %s, role %s)' % (text, status['site'], status.get('role'))


def _pair_text(pair):
  epoch = pair.get('epoch') or {}
  roles = ', '.join('%s %s' % (site['site'], site['role']) for site in pair.get('sites') or [])
  verdict = pair.get('verdict')
  if verdict:
    endorsed = 'arbiter %s endorsed %s at epoch %s (%s)' % (
        verdict['arbiter'], verdict['active'], verdict['epoch'], verdict.get('at'))
  else:
    endorsed = 'no arbiter verdict'
  return 'pair %s epoch %s: %s; %s; %s' % (pair['pair'], epoch.get('number', 0), roles or 'no roles',
                                           pair['arbiter'].get('detail') or 'no detail', endorsed)


def _judge(findings, parameters):
  """findings: (arbiter state, text) per pair; the worst alert state decides, every pair is named."""
  critical = ts.list_parameter(parameters, CRITICAL_STATES, DEFAULT_CRITICAL_STATES)
  warning = ts.list_parameter(parameters, WARNING_STATES, DEFAULT_WARNING_STATES)
  judged = []
  for arbiter_state, text in findings:
    if arbiter_state == NORMAL:
      alert_state = ts.OK
    elif arbiter_state in critical:
      alert_state = ts.CRITICAL
    elif arbiter_state in warning:
      alert_state = ts.WARNING
    else:
      alert_state = ts.UNKNOWN
    judged.append((alert_state, arbiter_state, text))
  worst = ts.worst([alert_state for alert_state, _, _ in judged])
  headline = [arbiter_state for alert_state, arbiter_state, _ in judged if alert_state == worst][0]
  text = 'Arbiter %s: %s' % (headline, ' | '.join(text for _, _, text in judged))
  if worst == ts.UNKNOWN:
    return worst, 'Arbiter reports a state this alert does not know: ' + text
  return worst, text
