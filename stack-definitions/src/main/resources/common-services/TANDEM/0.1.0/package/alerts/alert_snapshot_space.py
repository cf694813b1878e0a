#!/usr/bin/env python
"""
Alert tandem_snapshot_space: free HDFS space on the sites that receive this server's groups' cuts.

For every secondary site of an enabled protection group whose snapshot space has been measured (groups[].space in
the status document), its free HDFS space is compared with two thresholds each for WARNING and CRITICAL:
  - a percentage of the site's HDFS capacity (space.warning.percent, space.critical.percent);
  - a multiple of the space the next cuts of all groups protected there are expected to take
    (space.warning.cuts, space.critical.cuts; a group's next cut is expected to take at most what its largest
    recent run copied, times the secondary's replication).
The text names each site's free space and what the groups' kept cuts and drift snapshots hold there, i.e. what
deleting them (lower retention, tandem.drift.snapshot.retention) could free. Disabled groups are never alerted on.
"""
from __future__ import print_function

import os
import sys

# The agent loads alert scripts with imp.load_source, which leaves their directory off sys.path.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
  sys.path.insert(0, _HERE)

import tandem_status as ts  # noqa: E402

WARNING_PERCENT = 'space.warning.percent'
CRITICAL_PERCENT = 'space.critical.percent'
WARNING_CUTS = 'space.warning.cuts'
CRITICAL_CUTS = 'space.critical.cuts'
SECONDARY = 'SECONDARY'


def get_tokens():
  return ts.TOKENS


def execute(configurations=None, parameters=None, host_name=None):
  return ts.run_alert(evaluate, configurations, parameters, host_name)


def evaluate(status, parameters):
  warning_percent = ts.number_parameter(parameters, WARNING_PERCENT, 15.0)
  critical_percent = ts.number_parameter(parameters, CRITICAL_PERCENT, 5.0)
  warning_cuts = ts.number_parameter(parameters, WARNING_CUTS, 3.0)
  critical_cuts = ts.number_parameter(parameters, CRITICAL_CUTS, 1.0)
  for low, high, low_name, high_name in ((critical_percent, warning_percent, CRITICAL_PERCENT, WARNING_PERCENT),
                                         (critical_cuts, warning_cuts, CRITICAL_CUTS, WARNING_CUTS)):
    if low > high:
      raise ts.InvalidParameter('Invalid alert parameters: %s (%s) is above %s (%s)'
                                % (low_name, low, high_name, high))
  sites = _sites(ts.enabled_groups(status))
  if not sites:
    return ts.OK, 'No snapshot space measured yet for any enabled protection group'
  findings = []
  for name in sorted(sites):
    findings.append(_assess(name, sites[name], warning_percent, critical_percent, warning_cuts, critical_cuts))
  short = sorted((f for f in findings if f[0] != ts.OK), key=lambda f: -ts.severity(f[0]))
  if not short:
    return ts.OK, 'HDFS space sufficient on %d secondary site(s): %s' % (len(findings),
                                                                         '; '.join(f[1] for f in findings))
  return (ts.worst([f[0] for f in short]),
          'HDFS space short on %d of %d secondary site(s): %s' % (len(short), len(findings),
                                                                  '; '.join(f[1] for f in short)))


def _sites(groups):
  """Secondary site name -> totals over the measured groups protected there."""
  sites = {}
  for group in groups:
    space = group.get('space')
    if not space:
      continue
    for site in space['sites']:
      if site['role'] != SECONDARY:
        continue
      entry = sites.setdefault(site['site'], {'groups': [], 'next': 0, 'cuts': 0, 'drift': 0, 'site': None,
                                              'errors': []})
      entry['groups'].append(group['name'])
      entry['next'] += int(space['nextCutBytes'])
      entry['cuts'] += int(site['cutsBytes'])
      entry['drift'] += int(site['driftBytes'])
      if site.get('error'):
        entry['errors'].append('%s: %s' % (group['name'], site['error']))
      elif site.get('remainingBytes') is not None:
        entry['site'] = site
  return sites


def _assess(name, entry, warning_percent, critical_percent, warning_cuts, critical_cuts):
  """Returns (state, text) for one secondary site."""
  site = entry['site']
  groups = ', '.join(entry['groups'])
  if site is None:
    return ts.UNKNOWN, '%s: free space not known (%s)' % (name, '; '.join(entry['errors']) or groups)
  remaining = int(site['remainingBytes'])
  percent = float(site['remainingPercent'])
  text = ('%s %s free of %s (%.1f %%), next cuts need up to %s; kept cuts hold %s, drift snapshots %s (groups %s)'
          % (name, ts.size(remaining), ts.size(int(site['capacityBytes'])), percent, ts.size(entry['next']),
             ts.size(entry['cuts']), ts.size(entry['drift']), groups))
  if percent < critical_percent or remaining < entry['next'] * critical_cuts:
    return ts.CRITICAL, text
  if percent < warning_percent or remaining < entry['next'] * warning_cuts:
    return ts.WARNING, text
  return ts.OK, text
