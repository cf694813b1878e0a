"""Fake-only: records every resource the scripts declare, for the tests to assert on."""
import json
import os


def record(kind, name, arguments):
  path = os.environ.get('FAKE_RM_JOURNAL')
  if not path:
    return
  entry = {'resource': kind, 'name': name, 'arguments': _plain(arguments)}
  with open(path, 'a') as f:
    f.write(json.dumps(entry, sort_keys=True) + '\n')


def read(path):
  if not os.path.exists(path):
    return []
  with open(path) as f:
    return [json.loads(line) for line in f if line.strip()]


def _plain(value):
  if isinstance(value, dict):
    return dict((str(k), _plain(v)) for k, v in value.items())
  if isinstance(value, (list, tuple)):
    return [_plain(v) for v in value]
  if value is None or isinstance(value, (bool, int, float)) or isinstance(value, type(u'')) or isinstance(value, str):
    return value
  return repr(value)
