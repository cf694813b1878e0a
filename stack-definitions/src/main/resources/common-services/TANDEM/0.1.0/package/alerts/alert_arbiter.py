#!/usr/bin/env python
"""
Alert tandem_arbiter: the arbiter's view of the cluster pair. NORMAL is OK; the states listed in the
parameters arbiter.warning.states and arbiter.critical.states give WARNING and CRITICAL; a state in neither
list (a newer server) is UNKNOWN.
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
  arbiter = status['arbiter']
  state = arbiter['state']
  text = 'Arbiter %s: %s (site %s, role %s, epoch %s)' % (
      state, arbiter.get('detail') or 'no detail', status['site'], status.get('role'), status.get('epoch'))
  if state == NORMAL:
    return ts.OK, text
  if state in ts.list_parameter(parameters, CRITICAL_STATES, DEFAULT_CRITICAL_STATES):
    return ts.CRITICAL, text
  if state in ts.list_parameter(parameters, WARNING_STATES, DEFAULT_WARNING_STATES):
    return ts.WARNING, text
  return ts.UNKNOWN, 'Arbiter reports a state this alert does not know: ' + text
