"""Fake of resource_management.core.logger.Logger: prints to stdout, which the tests capture."""
from __future__ import print_function

import sys


class Logger(object):
  sensitive_strings = {}

  @staticmethod
  def _log(level, message):
    print('%s %s' % (level, message))
    sys.stdout.flush()

  @staticmethod
  def info(message):
    Logger._log('INFO', message)

  @staticmethod
  def debug(message):
    Logger._log('DEBUG', message)

  @staticmethod
  def warning(message):
    Logger._log('WARNING', message)

  @staticmethod
  def error(message):
    Logger._log('ERROR', message)

  @staticmethod
  def exception(message):
    Logger._log('ERROR', message)
