"""Fake of check_process_status: the pid file must name a process that answers kill -0."""
import os

from resource_management.core.exceptions import ComponentIsNotRunning


def check_process_status(pid_file):
  if not pid_file or not os.path.isfile(pid_file):
    raise ComponentIsNotRunning()
  try:
    with open(pid_file) as f:
      pid = int(f.read())
  except (IOError, OSError, ValueError):
    raise ComponentIsNotRunning()
  try:
    os.kill(pid, 0)
  except OSError:
    raise ComponentIsNotRunning()
