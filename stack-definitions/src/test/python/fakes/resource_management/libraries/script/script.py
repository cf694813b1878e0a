"""
Fake of resource_management.libraries.script.script.Script: the agent-facing contract of Ambari's Script.

execute() takes the agent's argv, runs the lower-cased command as a method inside an Environment with the
same pre_/post_ hooks as Ambari, and exits 1 when the command raises ComponentIsNotRunning,
ClientComponentHasNoStatus or Fail.
"""
from __future__ import print_function

import json
import os
import sys
import time
import traceback

from resource_management import journal
from resource_management.core.environment import Environment
from resource_management.core.exceptions import ClientComponentHasNoStatus, ComponentIsNotRunning, Fail
from resource_management.libraries.script.config_dictionary import ConfigDictionary

USAGE = 'Usage: %s <COMMAND> <JSON_CONFIG> <BASEDIR> <STROUTPUT> <LOGGING_LEVEL> <TMP_DIR>'
# Ambari's post_stop waits for ever; the fake gives up so that a broken stop fails the test instead of hanging it.
POST_STOP_WAIT_SECONDS = 30


class Script(object):
  config = None
  tmp_dir = ''
  structuredOut = {}

  def execute(self):
    if len(sys.argv) < 7:
      print(USAGE % os.path.basename(sys.argv[0]))
      sys.exit(1)
    self.command_name = sys.argv[1].lower()
    command_data_file = sys.argv[2]
    self.basedir = sys.argv[3]
    self.stroutfile = sys.argv[4]
    Script.tmp_dir = sys.argv[6]
    with open(command_data_file) as f:
      Script.config = ConfigDictionary(json.load(f))
    if not hasattr(self, self.command_name):
      raise Fail("Script '%s' has no method '%s'" % (sys.argv[0], self.command_name))
    method = getattr(self, self.command_name)
    try:
      with Environment(self.basedir, tmp_dir=Script.tmp_dir) as env:
        self._hook('pre', env)
        method(env)
        self._hook('post', env)
    except (ComponentIsNotRunning, ClientComponentHasNoStatus):
      traceback.print_exc()
      sys.exit(1)
    except Fail:
      traceback.print_exc()
      sys.exit(1)
    with open(self.stroutfile, 'w') as f:
      json.dump(Script.structuredOut, f)

  def _hook(self, prefix, env):
    hook = getattr(self, '%s_%s' % (prefix, self.command_name), None)
    if hook is not None:
      hook(env)

  @staticmethod
  def get_config():
    return Script.config

  @staticmethod
  def get_tmp_dir():
    return Script.tmp_dir

  def install_packages(self, env):
    journal.record('install_packages', type(self).__name__, {})

  def put_structured_out(self, sout):
    Script.structuredOut.update(sout)

  def get_pid_files(self):
    return []

  def post_start(self, env=None):
    for pid_file in self.get_pid_files():
      if not os.path.exists(pid_file):
        raise Fail("Pid file %s doesn't exist after starting of the component." % pid_file)

  def post_stop(self, env):
    deadline = time.time() + POST_STOP_WAIT_SECONDS
    while True:
      try:
        self.status(env)
      except (ComponentIsNotRunning, ClientComponentHasNoStatus):
        return
      if time.time() > deadline:
        raise Fail('status still reports the component running %d s after stop' % POST_STOP_WAIT_SECONDS)
      time.sleep(0.1)
