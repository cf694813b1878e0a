#!/usr/bin/env python
"""
Alert tandem_last_run: CRITICAL when the last run of an enabled protection group failed, naming the group,
the run and the error; WARNING when the last run's continuous verification (scrub) found files on the secondary
that differed from the primary (they were copied again, but no snapshot diff accounted for them: a disk, a
writer on the secondary or a file open across cuts). Groups that never ran are left to tandem_rpo; disabled
groups are never alerted on.
"""
from __future__ import print_function

import os
import sys

# The agent loads alert scripts with imp.load_source, which leaves their directory off sys.path.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
  sys.path.insert(0, _HERE)

import tandem_status as ts  # noqa: E402

FAILED = 'FAILED'


def get_tokens():
  return ts.TOKENS


def execute(configurations=None, parameters=None, host_name=None):
  return ts.run_alert(evaluate, configurations, parameters, host_name)


def evaluate(status, parameters):
  groups = ts.enabled_groups(status)
  runs = [(group['name'], group['lastRun']) for group in groups if group.get('lastRun')]
  failed = [(name, run) for name, run in runs if run['state'] == FAILED]
  if failed:
    return ts.CRITICAL, 'Last run failed for %d of %d enabled protection groups: %s' % (
        len(failed), len(groups), '; '.join(_describe(name, run) for name, run in failed))
  scrubbed = [(name, run) for name, run in runs if (run.get('scrubDifferences') or 0) > 0]
  if scrubbed:
    return ts.WARNING, ('Last run found files on the secondary that differed from the primary (copied again) for '
                        '%d of %d enabled protection groups: %s') % (
        len(scrubbed), len(groups), '; '.join(_differences(name, run) for name, run in scrubbed))
  return ts.OK, 'No failed last run among %d enabled protection groups (%d have run)' % (len(groups), len(runs))


def _differences(name, run):
  samples = run.get('scrubDifferenceSamples') or []
  return '%s (run %s): %d file(s)%s' % (name, run.get('id') or '?', run['scrubDifferences'],
                                        (', e.g. ' + ', '.join(samples)) if samples else '')


def _describe(name, run):
  return '%s (run %s, ended %s): %s' % (name, run.get('id') or '?', run.get('endedAt') or '?',
                                        run.get('error') or 'no error message')
