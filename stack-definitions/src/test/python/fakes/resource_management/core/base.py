"""Fake of Ambari's Resource base: validates argument names the way resource_management.core.base does."""
from resource_management.core.exceptions import Fail
from resource_management import journal

# Arguments every Ambari resource accepts (resource_management/core/base.py, class Resource).
COMMON_ARGUMENTS = frozenset(['action', 'ignore_failures', 'not_if', 'only_if', 'initial_wait'])


class Resource(object):
  arguments = frozenset()
  default_action = 'create'

  def __init__(self, name, **kwargs):
    allowed = COMMON_ARGUMENTS | self.arguments
    for key in kwargs:
      if key not in allowed:
        raise Fail('%s[%r] received unsupported argument %s' % (type(self).__name__, name, key))
    self.name = name
    self.args = kwargs
    action = kwargs.get('action', self.default_action)
    self.action = action[0] if isinstance(action, (list, tuple)) else action
    journal.record(type(self).__name__, name, kwargs)
    if self._condition_allows():
      try:
        self.apply()
      except Fail:
        if not kwargs.get('ignore_failures'):
          raise

  def _condition_allows(self):
    from resource_management.core import shell
    not_if = self.args.get('not_if')
    if not_if is not None and (not_if() if callable(not_if) else shell.call(not_if)[0] == 0):
      return False
    only_if = self.args.get('only_if')
    if only_if is not None and not (only_if() if callable(only_if) else shell.call(only_if)[0] == 0):
      return False
    return True

  def apply(self):
    raise NotImplementedError
