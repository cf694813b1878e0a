#!/usr/bin/env python3
"""
Runs the Python tests of the management pack; Maven calls it through exec-maven-plugin.

  run_tests.py unit                     every test_*.py, under this python3, then Python 2.7 and Python 3.9
  run_tests.py archive MPACK_TGZ CSD_JAR  verify_archive.py against the built archives (verify phase)

Python 2.7 and 3.9 are the interpreters of Ambari 2.7/2.8 agents and Ambari 3.x agents. They come from
$TANDEM_PYTHON27 / $TANDEM_PYTHON39 when set, else from pyenv (`pyenv root`, then $PYENV_ROOT, then ~/.pyenv),
taking the newest installed 2.7.x / 3.9.x. If one is missing the build fails and says how to install it.
"""
from __future__ import print_function

import glob
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
AGENT_SERIES = (('2.7', 'TANDEM_PYTHON27'), ('3.9', 'TANDEM_PYTHON39'))


class Missing(Exception):
  pass


def pyenv_roots():
  roots = []
  pyenv = shutil.which('pyenv')
  if pyenv:
    try:
      roots.append(subprocess.check_output([pyenv, 'root'], universal_newlines=True).strip())
    except (OSError, subprocess.CalledProcessError):
      pass
  if os.environ.get('PYENV_ROOT'):
    roots.append(os.environ['PYENV_ROOT'])
  roots.append(os.path.expanduser('~/.pyenv'))
  unique = []
  for root in roots:
    if root and root not in unique:
      unique.append(root)
  return unique


def version_of(python):
  return subprocess.check_output(
      [python, '-c', 'import sys; print("%d.%d.%d" % tuple(sys.version_info[:3]))'], universal_newlines=True).strip()


def find_python(series, variable):
  if os.environ.get(variable):
    python = os.environ[variable]
    if not os.access(python, os.X_OK):
      raise Missing('%s=%s is not an executable' % (variable, python))
    return python
  candidates = []
  for root in pyenv_roots():
    for directory in glob.glob(os.path.join(root, 'versions', series + '.*')):
      match = re.match(r'^(\d+)\.(\d+)\.(\d+)$', os.path.basename(directory))
      python = os.path.join(directory, 'bin', 'python')
      if match and os.access(python, os.X_OK):
        candidates.append((tuple(int(g) for g in match.groups()), python))
  if not candidates:
    raise Missing('Python %s not found (looked in %s). The package scripts and alerts must pass under the '
                  'agents\' interpreters: install it with "pyenv install %s" (e.g. %s.18), or point %s at one.'
                  % (series, ', '.join(os.path.join(r, 'versions') for r in pyenv_roots()), series, series,
                     variable))
  return max(candidates)[1]


def child_environment(extra=None):
  env = dict(os.environ)
  env['PYTHONDONTWRITEBYTECODE'] = '1'  # no .pyc beside the sources that go into the mpack
  env.pop('PYTHONPATH', None)
  env.pop('PYTHONHOME', None)
  env.update(extra or {})
  return env


def run_unittest(python, arguments, extra_env=None):
  """Runs python -m unittest ARGUMENTS in this directory; returns (ran, failed, skipped)."""
  started = time.time()
  process = subprocess.Popen([python, '-m', 'unittest'] + arguments, cwd=HERE, env=child_environment(extra_env),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
  output = []
  for line in process.stdout:
    sys.stdout.write(line)
    output.append(line)
  process.wait()
  text = ''.join(output)
  ran = re.search(r'^Ran (\d+) tests?', text, re.M)
  ran = int(ran.group(1)) if ran else 0
  failed = sum(int(n) for n in re.findall(r'(?:failures|errors|unexpected successes)=(\d+)', text))
  skipped = sum(int(n) for n in re.findall(r'skipped=(\d+)', text))
  if process.returncode != 0 and failed == 0:
    failed = max(1, ran)  # the runner itself broke (import error, crash)
  print('--- %s: %d tests, %d failed, %d skipped in %.1f s' % (python, ran, failed, skipped, time.time() - started))
  return ran, failed, skipped


def unit():
  pythons = [sys.executable]
  try:
    pythons.extend(find_python(series, variable) for series, variable in AGENT_SERIES)
  except Missing as e:
    print('ERROR: %s' % e, file=sys.stderr)
    return 2
  totals = [0, 0, 0]
  for python in pythons:
    print('=== Python %s (%s)' % (version_of(python), python))
    sys.stdout.flush()
    for i, n in enumerate(run_unittest(python, ['discover', '-s', HERE, '-t', HERE, '-p', 'test_*.py'])):
      totals[i] += n
  return report(*totals)


def archive(mpack, csd):
  print('=== Archive layout of %s and %s' % (mpack, csd))
  return report(*run_unittest(sys.executable, ['verify_archive'],
                              {'TANDEM_MPACK_ARCHIVE': mpack, 'TANDEM_CSD_ARCHIVE': csd}))


def report(ran, failed, skipped):
  if ran == 0:
    print('ERROR: no test ran', file=sys.stderr)
    return 1
  print('%d passed, %d failed, %d skipped' % (ran - failed - skipped, failed, skipped))
  return 1 if failed else 0


def main(argv):
  if len(argv) == 2 and argv[1] == 'unit':
    return unit()
  if len(argv) == 4 and argv[1] == 'archive':
    return archive(argv[2], argv[3])
  print(__doc__, file=sys.stderr)
  return 2


if __name__ == '__main__':
  sys.exit(main(sys.argv))
