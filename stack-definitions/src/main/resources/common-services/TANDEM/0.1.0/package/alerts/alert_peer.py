#!/usr/bin/env python
"""
Alert tandem_peer: CRITICAL when this site's Tandem server cannot reach the peer site's server.
UNKNOWN while no peer is configured.
"""
from __future__ import print_function

import os
import sys

# The agent loads alert scripts with imp.load_source, which leaves their directory off sys.path.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
  sys.path.insert(0, _HERE)

import tandem_status as ts  # noqa: E402


def get_tokens():
  return ts.TOKENS


def execute(configurations=None, parameters=None, host_name=None):
  return ts.run_alert(evaluate, configurations, parameters, host_name)


def evaluate(status, parameters):
  peer = status['peer']
  if not peer:
    return ts.UNKNOWN, 'No peer site configured for site %s' % status['site']
  if peer['reachable']:
    return ts.OK, 'Peer site %s reachable; last seen %s' % (peer['site'], peer.get('lastSeen') or '?')
  return ts.CRITICAL, 'Peer site %s unreachable from site %s; last seen %s: %s' % (
      peer['site'], status['site'], peer.get('lastSeen') or 'never', peer.get('error') or 'no error message')
