"""Fake of resource_management.core.shell: runs commands with bash, as Ambari does."""
import os
import subprocess


def call(command, env=None, cwd=None, timeout=None):
  """Returns (exit code, combined output)."""
  environment = dict(os.environ)
  environment.update(env or {})
  process = subprocess.Popen(['/bin/bash', '-c', command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             env=environment, cwd=cwd)
  out = process.communicate()[0]
  return process.returncode, out.decode('utf-8', 'replace')
