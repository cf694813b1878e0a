"""Fake of resource_management.core.exceptions: same class names and hierarchy as Ambari's."""


class Fail(Exception):
  def pre_raise(self):
    pass


class ExecutionFailed(Fail):
  def __init__(self, exception_message, code, out, err=None):
    super(ExecutionFailed, self).__init__(exception_message)
    self.code = code
    self.out = out
    self.err = err


class InvalidArgument(Fail):
  pass


class ClientComponentHasNoStatus(Fail):
  """Raised by a client component's status(): clients have no process."""


class ComponentIsNotRunning(Fail):
  """Raised by status() when the component's process is not running."""
