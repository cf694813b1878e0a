#!/usr/bin/env python
"""
Alert tandem_rpo: recovery point objective per protection group.

For every enabled group, its lag (time since its last good cut) is compared with its periodicity:
WARNING from rpo.warning.multiplier x periodicity, CRITICAL from rpo.critical.multiplier x periodicity.
An enabled group without any good cut yet is WARNING ("no backup yet"). Disabled groups are never alerted on.
"""
from __future__ import print_function

import os
import sys

# The agent loads alert scripts with imp.load_source, which leaves their directory off sys.path.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
  sys.path.insert(0, _HERE)

import tandem_status as ts  # noqa: E402

WARNING_MULTIPLIER = 'rpo.warning.multiplier'
CRITICAL_MULTIPLIER = 'rpo.critical.multiplier'


def get_tokens():
  return ts.TOKENS


def execute(configurations=None, parameters=None, host_name=None):
  return ts.run_alert(evaluate, configurations, parameters, host_name)


def evaluate(status, parameters):
  # The lag reaches 1x periodicity plus a run's duration before every commit: warning there would be noise.
  warning_at = ts.number_parameter(parameters, WARNING_MULTIPLIER, 1.5)
  critical_at = ts.number_parameter(parameters, CRITICAL_MULTIPLIER, 2.0)
  if critical_at < warning_at:
    raise ts.InvalidParameter('Invalid alert parameters: %s (%s) is below %s (%s)'
                              % (CRITICAL_MULTIPLIER, critical_at, WARNING_MULTIPLIER, warning_at))
  groups = ts.enabled_groups(status)
  if not groups:
    return ts.OK, 'No enabled protection group'

  findings = [_assess(group, warning_at, critical_at) for group in groups]
  breaches = sorted((f for f in findings if f[0] != ts.OK), key=lambda f: -ts.severity(f[0]))
  if not breaches:
    largest = max(findings, key=lambda f: f[2])
    return ts.OK, 'All %d enabled protection groups within RPO; largest lag: %s' % (len(groups), largest[1])
  return (ts.worst([f[0] for f in breaches]),
          'RPO breached for %d of %d enabled protection groups: %s'
          % (len(breaches), len(groups), '; '.join(f[1] for f in breaches)))


def _assess(group, warning_at, critical_at):
  """Returns (state, text, lag/periodicity) for one group."""
  name = group['name']
  if not group.get('lastGoodCut'):
    return ts.WARNING, '%s: no backup yet' % name, 0.0
  periodicity = float(group['periodicitySeconds'])
  if periodicity <= 0:
    raise ValueError('periodicitySeconds of group %s is %r' % (name, group['periodicitySeconds']))
  lag = float(group['lagSeconds'])
  ratio = lag / periodicity
  text = '%s lag %s = %.1fx periodicity %s' % (name, ts.duration(lag), ratio, ts.duration(periodicity))
  if ratio >= critical_at:
    return ts.CRITICAL, text, ratio
  if ratio >= warning_at:
    return ts.WARNING, text, ratio
  return ts.OK, text, ratio
