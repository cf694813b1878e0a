"""
The service advisor as Ambari loads it: the parent module from BASE_SERVICE_ADVISOR (a stand-in with the
DefaultStackAdvisor methods the advisor calls, behaving as Ambari's do), the class found by its name.
"""
from __future__ import print_function

import imp
import os
import unittest

import support

ADVISOR = os.path.join(support.SERVICE_DIR, 'service_advisor.py')

PARENT = '''
class ServiceAdvisor(object):
  def putProperty(self, config, configType, services=None):
    config.setdefault(configType, {"properties": {}})
    def put(key, value):
      config[configType]["properties"][key] = str(value)
    return put

  def getSiteProperties(self, configurations, siteName):
    site = configurations.get(siteName)
    return None if site is None else site.get("properties")

  def getWarnItem(self, message):
    return {"level": "WARN", "message": message}

  def toConfigurationValidationProblems(self, validationProblems, siteName):
    return [dict(type="configuration", level=p["item"]["level"], message=p["item"]["message"],
                 **{"config-type": siteName, "config-name": p["config-name"]}) for p in validationProblems]
'''


class ServiceAdvisorTest(unittest.TestCase):

  def setUp(self):
    root = support.make_temp_dir(self)
    parent = os.path.join(root, 'service_advisor.py')
    with open(parent, 'w') as f:
      f.write(PARENT)
    os.environ['BASE_SERVICE_ADVISOR'] = parent
    self.addCleanup(os.environ.pop, 'BASE_SERVICE_ADVISOR', None)
    module = imp.load_source('tandem_service_advisor', ADVISOR)
    names = [n for n in dir(module) if n.startswith('TANDEM') and n.endswith('ServiceAdvisor')]
    self.assertEqual(['TANDEMServiceAdvisor'], names)
    self.advisor = getattr(module, names[0])()

  def test_recommends_snapshots_that_freeze_open_files(self):
    configurations = {}
    services = {'configurations': {'hdfs-site': {'properties': {}}}}
    self.advisor.getServiceConfigurationRecommendations(configurations, {}, services, {})
    self.assertEqual('true', configurations['hdfs-site']['properties']['dfs.namenode.snapshot.capture.openfiles'])

  def test_recommends_nothing_without_hdfs(self):
    configurations = {}
    self.advisor.getServiceConfigurationRecommendations(configurations, {}, {'configurations': {}}, {})
    self.assertEqual({}, configurations)

  def test_warns_when_snapshots_follow_open_files(self):
    for value in (None, 'false', 'FALSE '):
      props = {} if value is None else {'dfs.namenode.snapshot.capture.openfiles': value}
      problems = self.advisor.getServiceConfigurationsValidationItems(
          {'hdfs-site': {'properties': props}}, {}, {}, {})
      self.assertEqual(1, len(problems), value)
      self.assertEqual('WARN', problems[0]['level'])
      self.assertEqual('hdfs-site', problems[0]['config-type'])
      self.assertEqual('dfs.namenode.snapshot.capture.openfiles', problems[0]['config-name'])

  def test_accepts_true_and_a_cluster_without_hdfs(self):
    self.assertEqual([], self.advisor.getServiceConfigurationsValidationItems(
        {'hdfs-site': {'properties': {'dfs.namenode.snapshot.capture.openfiles': 'true'}}}, {}, {}, {}))
    self.assertEqual([], self.advisor.getServiceConfigurationsValidationItems({}, {}, {}, {}))


if __name__ == '__main__':
  unittest.main()
