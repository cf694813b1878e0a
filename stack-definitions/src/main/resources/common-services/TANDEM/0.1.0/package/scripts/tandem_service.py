#!/usr/bin/env python
"""
Starts and stops the Tandem server process.

The launcher runs in the background as the Tandem user; $! goes to the pid file, so the launcher must exec
the JVM (not fork it) for the pid to be the server's. Start returns only once the server listens on its port,
so a server that dies on bad configuration fails the START command with its console output instead of
failing the next status check.
"""
from __future__ import print_function

import errno
import os
import socket
import time

from resource_management.core.exceptions import ComponentIsNotRunning, Fail
from resource_management.core.logger import Logger
from resource_management.core.resources.system import Execute, File
from resource_management.libraries.functions.check_process_status import check_process_status
from resource_management.libraries.functions.format import format

STARTUP_TIMEOUT_SECONDS = 300
STOP_TIMEOUT_SECONDS = 60
POLL_SECONDS = 0.5
OUT_TAIL_LINES = 40


def start(params):
  # A pid file naming a live, non-zombie process means the server already runs: START is idempotent.
  already_running = format("ps -o stat= -p `cat {tandem_pid_file} 2>/dev/null` 2>/dev/null | grep -qv Z")
  launch = format("source {tandem_conf_dir}/tandem-env.sh ; "
                  "nohup {tandem_launcher} server --conf-dir {tandem_conf_dir} >> {tandem_out_file} 2>&1 < /dev/null & "
                  "echo $! > {tandem_pid_file}")
  Execute(launch, user=params.tandem_user, not_if=already_running)
  _wait_until_listening(params)


def stop(params):
  pid = read_pid(params.tandem_pid_file)
  if pid is None or not is_alive(pid):
    Logger.info("Tandem server is not running")
  else:
    Execute(format("kill {pid}"), user=params.tandem_user, only_if=format("ps -p {pid}"))
    if not _wait_for_exit(pid, STOP_TIMEOUT_SECONDS):
      Logger.warning("Tandem server (pid %d) still runs %d s after SIGTERM; sending SIGKILL" % (pid, STOP_TIMEOUT_SECONDS))
      Execute(format("kill -9 {pid}"), user=params.tandem_user, only_if=format("ps -p {pid}"))
      if not _wait_for_exit(pid, 10):
        raise Fail("Tandem server (pid %d) survived SIGKILL" % pid)
  File(params.tandem_pid_file, action='delete')


def status(pid_file):
  """Raises ComponentIsNotRunning unless the pid file names a running process."""
  check_process_status(pid_file)
  # kill -0 also succeeds on a zombie, which is dead but not yet reaped by its parent.
  if not is_alive(read_pid(pid_file)):
    raise ComponentIsNotRunning()


def read_pid(pid_file):
  try:
    with open(pid_file) as f:
      return int(f.read().strip())
  except (IOError, OSError, ValueError):
    return None


def is_alive(pid):
  if pid is None:
    return False
  try:
    os.kill(pid, 0)
  except OSError as e:
    # EPERM: the process exists but belongs to another user (non-root agent).
    if e.errno != errno.EPERM:
      return False
  try:
    with open('/proc/%d/stat' % pid) as f:
      # Field 3 is the state; the command name in field 2 may contain spaces, hence the rsplit on ')'.
      return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
  except (IOError, OSError, IndexError):
    return True


def _wait_for_exit(pid, timeout_seconds):
  deadline = time.time() + timeout_seconds
  while is_alive(pid):
    if time.time() >= deadline:
      return False
    time.sleep(POLL_SECONDS)
  return True


def _wait_until_listening(params):
  deadline = time.time() + STARTUP_TIMEOUT_SECONDS
  while True:
    pid = read_pid(params.tandem_pid_file)
    if not is_alive(pid):
      raise Fail("Tandem server exited during start-up. Last lines of %s:\n%s"
                 % (params.tandem_out_file, _tail(params.tandem_out_file, OUT_TAIL_LINES)))
    if _port_open(params.hostname, params.tandem_server_port):
      Logger.info("Tandem server (pid %d) listens on %s:%d" % (pid, params.hostname, params.tandem_server_port))
      return
    if time.time() >= deadline:
      raise Fail("Tandem server (pid %d) does not listen on %s:%d after %d s. Last lines of %s:\n%s"
                 % (pid, params.hostname, params.tandem_server_port, STARTUP_TIMEOUT_SECONDS,
                    params.tandem_out_file, _tail(params.tandem_out_file, OUT_TAIL_LINES)))
    time.sleep(POLL_SECONDS)


def _port_open(host, port):
  try:
    connection = socket.create_connection((host, port), 2)
  except (socket.error, socket.timeout):
    return False
  connection.close()
  return True


def _tail(path, lines):
  try:
    with open(path) as f:
      return ''.join(f.readlines()[-lines:])
  except (IOError, OSError) as e:
    return '(cannot read %s: %s)' % (path, e)
