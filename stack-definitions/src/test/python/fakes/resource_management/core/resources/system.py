"""
Fakes of File, Directory and Execute (resource_management/core/resources/system.py). The argument names are
those the real resources declare; the effects happen on the local file system, ownership aside.
"""
from __future__ import print_function

import os
import shutil
import sys
import time

from resource_management.core import shell
from resource_management.core.base import Resource
from resource_management.core.exceptions import ExecutionFailed, Fail


class File(Resource):
  arguments = frozenset(['path', 'backup', 'mode', 'owner', 'group', 'content', 'replace', 'encoding', 'cd_access'])

  def apply(self):
    path = self.args.get('path', self.name)
    if self.action == 'delete':
      if os.path.isdir(path):
        raise Fail("File['%s'] is a directory, not deleting it" % path)
      if os.path.exists(path):
        os.remove(path)
      return
    if self.action != 'create':
      raise Fail("File['%s'] has no action %s" % (path, self.action))
    if not os.path.isdir(os.path.dirname(path)):
      raise Fail("Applying File['%s'] failed, parent directory %s doesn't exist" % (path, os.path.dirname(path)))
    content = self.args.get('content')
    if callable(content):
      content = content()
    if content is not None:
      with open(path, 'wb' if isinstance(content, bytes) else 'w') as f:
        f.write(content)
    elif not os.path.exists(path):
      open(path, 'w').close()
    if self.args.get('mode') is not None:
      os.chmod(path, self.args['mode'])


class Directory(Resource):
  arguments = frozenset(['path', 'mode', 'owner', 'group', 'follow', 'create_parents', 'cd_access',
                         'recursive_ownership', 'recursive_mode_flags', 'safemode_folders',
                         'recursion_follow_links'])

  def apply(self):
    path = self.args.get('path', self.name)
    if self.action == 'delete':
      if os.path.isdir(path):
        shutil.rmtree(path)
      return
    if self.action != 'create':
      raise Fail("Directory['%s'] has no action %s" % (path, self.action))
    if not os.path.isdir(path):
      if not self.args.get('create_parents') and not os.path.isdir(os.path.dirname(path)):
        raise Fail("Applying Directory['%s'] failed, parent directory %s doesn't exist"
                   % (path, os.path.dirname(path)))
      os.makedirs(path)
    if self.args.get('mode') is not None:
      os.chmod(path, self.args['mode'])


class Execute(Resource):
  arguments = frozenset(['command', 'creates', 'cwd', 'environment', 'user', 'returns', 'tries', 'try_sleep',
                         'path', 'logoutput', 'timeout', 'on_timeout', 'wait_for_finish', 'sudo', 'stdout',
                         'stderr', 'on_new_line', 'timeout_kill_strategy'])
  default_action = 'run'

  def apply(self):
    command = self.args.get('command', self.name)
    creates = self.args.get('creates')
    if creates and os.path.exists(creates):
      return
    returns = self.args.get('returns', [0])
    returns = returns if isinstance(returns, (list, tuple)) else [returns]
    tries = int(self.args.get('tries', 1))
    environment = dict((str(k), str(v)) for k, v in (self.args.get('environment') or {}).items())
    for attempt in range(1, tries + 1):
      code, out = shell.call(command, env=environment, cwd=self.args.get('cwd'))
      if out:
        print(out)
        sys.stdout.flush()
      if code in returns:
        return
      if attempt < tries:
        time.sleep(float(self.args.get('try_sleep', 0)))
    raise ExecutionFailed("Execution of '%s' returned %d. %s" % (command, code, out), code, out)
