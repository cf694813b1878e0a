"""
Static checks of the management pack against the conventions Ambari enforces or silently relies on
(shared/ambari-contracts.md): every file parses, properties are complete, every configuration type and
component named anywhere exists, and each descriptor has the shape Ambari reads.
"""
from __future__ import print_function

import glob
import io
import json
import os
import py_compile
import re
import unittest
import xml.etree.ElementTree as ElementTree

import support
from support import SERVICE_DIR, read_json

SERVICE = 'TANDEM'
COMPONENTS = ('TANDEM_SERVER', 'TANDEM_CLIENT')
# Configuration types the stack provides; Tandem reads them, never defines them.
STACK_TYPES = frozenset(['cluster-env', 'zoo.cfg', 'hive-site', 'ams-site'])
EXPECTED_STACKS = set([('HDP', '3.1'), ('BIGTOP', '3.2.0'), ('BIGTOP', '3.3.0'), ('ODP', '1.2')])
REQUIRED_METRICS = ('tandem.runs.succeeded', 'tandem.runs.failed', 'tandem.bytes.copied', 'tandem.files.copied',
                    'tandem.consistency.window.ms', 'tandem.group.lag.seconds')
# The server's configuration keys (plugin module, beside this one): tandem-site must use exactly these names.
TANDEM_PROPERTIES = os.path.join(support.MODULE_DIR, os.pardir, 'plugin', 'src', 'main', 'java', 'dev', 'tandem',
                                 'server', 'TandemProperties.java')
USER_DATA_PROPERTIES = os.path.join(support.MODULE_DIR, os.pardir, 'plugin', 'src', 'main', 'java', 'dev', 'tandem',
                                    'userdata', 'UserDataProperties.java')
# tandem-site properties the server does not read, and why they are declared all the same (none today).
NOT_READ_BY_THE_SERVER = {}


def service_file(*parts):
  return os.path.join(SERVICE_DIR, *parts)


def read_text(path):
  with io.open(path, encoding='utf-8') as f:
    return f.read()


def config_types():
  return dict((os.path.basename(p)[:-4], p) for p in glob.glob(service_file('configuration', '*.xml')))


def properties_of(config_type):
  root = ElementTree.parse(config_types()[config_type]).getroot()
  return dict((p.findtext('name'), p) for p in root.findall('property'))


def metainfo():
  return ElementTree.parse(service_file('metainfo.xml')).getroot().find('services/service')


def components():
  return dict((c.findtext('name'), c) for c in metainfo().findall('components/component'))


def package_python_files():
  return sorted(glob.glob(service_file('package', 'scripts', '*.py')) + glob.glob(service_file('package', 'alerts', '*.py')))


def all_files(extension):
  found = []
  for base in (support.RESOURCES_DIR, support.CSD_DIR):
    for directory, _, names in os.walk(base):
      found.extend(os.path.join(directory, n) for n in names if n.endswith(extension))
  return sorted(found)


class ParseTest(unittest.TestCase):

  def test_every_xml_parses(self):
    files = all_files('.xml')
    self.assertGreaterEqual(len(files), 5)
    for path in files:
      ElementTree.parse(path)

  def test_every_json_parses(self):
    files = all_files('.json') + all_files('.sdl')
    self.assertGreaterEqual(len(files), 8)
    for path in files:
      read_json(path)

  def test_python_compiles_on_this_interpreter_without_py3_only_syntax(self):
    f_string = re.compile(r'''(?<![\w.])[fF][rR]?["']''')
    target = os.path.join(support.make_temp_dir(self), 'out.pyc')
    for path in package_python_files():
      source = read_text(path)
      py_compile.compile(path, cfile=target, doraise=True)
      self.assertIsNone(f_string.search(source), '%s uses an f-string' % path)
      self.assertIn('from __future__ import print_function', source, path)
      self.assertIsNone(re.search(r'^\s*print\s+[^(\s]', source, re.M), '%s uses a print statement' % path)


class ConfigurationTest(unittest.TestCase):

  def test_every_property_is_complete_and_added_on_ambari_upgrade(self):
    for config_type, path in config_types().items():
      root = ElementTree.parse(path).getroot()
      self.assertEqual('configuration', root.tag, path)
      names = []
      for prop in root.findall('property'):
        name = prop.findtext('name')
        where = '%s/%s' % (config_type, name)
        self.assertTrue(name, 'a property of %s has no name' % config_type)
        self.assertIsNotNone(prop.find('value'), where + ' has no <value>')
        self.assertTrue((prop.findtext('description') or '').strip(), where + ' has no description')
        upgrade = prop.find('on-ambari-upgrade')
        self.assertIsNotNone(upgrade, where + ' has no <on-ambari-upgrade>')
        self.assertEqual('true', upgrade.get('add'), where)
        names.append(name)
      self.assertEqual(len(names), len(set(names)), 'duplicate property in ' + config_type)

  def test_expected_properties_and_defaults(self):
    site = properties_of('tandem-site')
    expected = {'tandem.zookeeper.connect': '', 'tandem.registry.root': '/tandem', 'tandem.site.id': '',
                'tandem.hive.metastore.uris': '', 'tandem.server.port': '21400',
                'tandem.auth.type': 'basic', 'tandem.view.secret': '', 'tandem.work.dir': '/var/lib/tandem',
                'tandem.metrics.collector.url': ''}
    for name, value in expected.items():
      self.assertIn(name, site)
      self.assertEqual(value, site[name].findtext('value') or '', name)
    self.assertEqual('PASSWORD', site['tandem.view.secret'].findtext('property-type'))
    user_data = {'tandem.userdata.dir': '/tandem/userdata', 'tandem.userdata.hdfs.max-directories': '10000',
                 'tandem.userdata.timeout': '30s', 'tandem.userdata.ambari.url': '',
                 'tandem.userdata.ambari.cluster': '', 'tandem.userdata.ranger.url': ''}
    for name, value in user_data.items():
      self.assertEqual(value, site[name].findtext('value') or '', name)
    for name in ('tandem.userdata.ambari.password', 'tandem.userdata.ranger.password'):
      self.assertEqual('PASSWORD', site[name].findtext('property-type'), name)
      self.assertEqual('password', site[name].findtext('value-attributes/type'), name)
      self.assertEqual('CONFIG_DOWNLOAD', site[name].findtext('value-attributes/hidden'), name)
    auth_values = [e.findtext('value') for e in site['tandem.auth.type'].findall('value-attributes/entries/entry')]
    self.assertEqual(['basic', 'kerberos'], auth_values, 'the server refuses none outside its sandbox')
    env = properties_of('tandem-env')
    for name in ('tandem_user', 'tandem_heapsize', 'tandem_log_dir', 'tandem_pid_dir', 'content'):
      self.assertIn(name, env)
    self.assertEqual('USER', env['tandem_user'].findtext('property-type'))
    self.assertIn('content', properties_of('tandem-log4j'))
    users = properties_of('tandem-users')['content']
    self.assertIn('tandem hash-password', users.findtext('value'))
    self.assertEqual('CONFIG_DOWNLOAD', users.findtext('value-attributes/hidden'), 'it holds password hashes')

  def test_tandem_site_uses_the_servers_keys(self):
    server_keys = set()
    for source in (TANDEM_PROPERTIES, USER_DATA_PROPERTIES):
      server_keys.update(re.findall(r'=\s*"(tandem\.[\w.-]+)"', read_text(source)))
    self.assertIn('tandem.auth.kerberos.keytab', server_keys)
    self.assertIn('tandem.userdata.ambari.password', server_keys)
    for name in properties_of('tandem-site'):
      if name not in NOT_READ_BY_THE_SERVER:
        self.assertIn(name, server_keys,
                      'tandem-site/%s is not a key of TandemProperties.java or UserDataProperties.java' % name)
    user_data_keys = set(k for k in server_keys if k.startswith('tandem.userdata.'))
    self.assertEqual(user_data_keys, set(k for k in properties_of('tandem-site') if k.startswith('tandem.userdata.')),
                     'every user-data key of the server is in the pack')
    java = read_text(USER_DATA_PROPERTIES) + read_text(USER_DATA_PROPERTIES.replace('Properties', 'Store'))
    site = properties_of('tandem-site')
    self.assertEqual(re.search(r'MAX_DIRECTORIES_DEFAULT = ([\d_]+);', java).group(1).replace('_', ''),
                     site['tandem.userdata.hdfs.max-directories'].findtext('value'), 'the server\'s default')
    self.assertEqual(re.search(r'TIMEOUT_DEFAULT = "([^"]+)"', java).group(1),
                     site['tandem.userdata.timeout'].findtext('value'), 'the server\'s default')
    self.assertEqual(re.search(r'DIR_DEFAULT = "([^"]+)"', java).group(1),
                     site['tandem.userdata.dir'].findtext('value'), 'the server\'s default')
    self.assertEqual(re.search(r'HIVE_ENABLED_DEFAULT = (\w+);', java).group(1),
                     site['tandem.userdata.hive.enabled'].findtext('value'), 'the server\'s default')
    default_users_file = re.search(r'AUTH_USERS_FILE_DEFAULT\s*=\s*"([^"]+)"', read_text(TANDEM_PROPERTIES))
    self.assertIn("or '%s')" % default_users_file.group(1),
                  read_text(service_file('package', 'scripts', 'params.py')), 'users file name as the server reads it')

  def test_empty_defaults_are_declared_valid(self):
    """Ambari's UI refuses an empty value unless empty-value-valid (passwords are entered at install)."""
    for config_type in config_types():
      for name, prop in properties_of(config_type).items():
        if (prop.findtext('value') or '').strip() or prop.findtext('property-type') == 'PASSWORD':
          continue
        self.assertEqual('true', prop.findtext('value-attributes/empty-value-valid'), '%s/%s' % (config_type, name))

  def test_templates_use_only_params_that_exist(self):
    params_source = read_text(service_file('package', 'scripts', 'params.py'))
    defined = set(re.findall(r'^(\w+)\s*=', params_source, re.M))
    for config_type in ('tandem-env', 'tandem-log4j'):
      template = properties_of(config_type)['content'].findtext('value')
      used = set(re.findall(r'\{\{\s*(\w+)\s*\}\}', template))
      self.assertTrue(used, config_type)
      self.assertEqual(set(), used - defined, '%s/content uses names params.py does not define' % config_type)


class ReferencesTest(unittest.TestCase):
  """Every configuration type, property and component named anywhere exists."""

  def referenced_properties(self):
    """(where, type, property or None) for every reference in the pack."""
    refs = []
    service = metainfo()
    for config_type in service.findall('configuration-dependencies/config-type'):
      refs.append(('metainfo', config_type.text, None))
    for component in service.findall('components/component'):
      for config_type in component.findall('configuration-dependencies/config-type'):
        refs.append(('metainfo', config_type.text, None))
      for config_file in component.findall('configFiles/configFile'):
        refs.append(('metainfo configFile', config_file.findtext('dictionaryName'), None))
    token = re.compile(r'\{\{([\w.-]+)/([\w.-]+)\}\}')
    for match in token.finditer(read_text(service_file('alerts.json'))):
      refs.append(('alerts.json', match.group(1), match.group(2)))
    for path in glob.glob(service_file('package', 'alerts', '*.py')):
      for match in token.finditer(read_text(path)):
        refs.append((os.path.basename(path), match.group(1), match.group(2)))
    port = read_json(service_file('quicklinks', 'quicklinks.json'))['configuration']['links'][0]['port']
    refs.append(('quicklinks.json', port['site'], port['http_property']))
    for check in read_json(service_file('quicklinks', 'quicklinks.json'))['configuration']['protocol']['checks']:
      refs.append(('quicklinks.json', check['site'], check['property']))
    kerberos = read_text(service_file('kerberos.json'))
    for match in re.finditer(r'"configuration":\s*"([\w.-]+)/([\w.-]+)"', kerberos):
      refs.append(('kerberos.json', match.group(1), match.group(2)))
    for match in re.finditer(r'\$\{([\w.-]+)/([\w.-]+)\}', kerberos):
      refs.append(('kerberos.json', match.group(1), match.group(2)))
    for section in read_json(service_file('kerberos.json'))['services'][0]['configurations']:
      for config_type, values in section.items():
        refs.extend(('kerberos.json', config_type, name) for name in values)
    for path in glob.glob(service_file('package', 'scripts', '*.py')):
      source = read_text(path)
      for match in re.finditer(r"/configurations/([\w.-]+)/([\w.-]+)'", source):
        refs.append((os.path.basename(path), match.group(1), match.group(2)))
      for match in re.finditer(r"\['configurations'\]\['([\w.-]+)'\](?:\['([\w.-]+)'\])?", source):
        refs.append((os.path.basename(path), match.group(1), match.group(2)))
    return refs

  def test_referenced_configuration_types_and_properties_exist(self):
    refs = self.referenced_properties()
    self.assertGreater(len(refs), 20)
    types = config_types()
    for where, config_type, name in refs:
      if config_type in STACK_TYPES:
        continue
      self.assertIn(config_type, types, '%s refers to configuration type %s, which has no configuration/%s.xml'
                    % (where, config_type, config_type))
      if name:
        self.assertIn(name, properties_of(config_type), '%s refers to %s/%s, which is not defined'
                      % (where, config_type, name))

  def test_component_names_agree_everywhere(self):
    known = set(components())
    self.assertEqual(set(COMPONENTS), known)
    alerts = read_json(service_file('alerts.json'))
    self.assertEqual([SERVICE], list(alerts))
    self.assertEqual(set(), set(alerts[SERVICE]) - known - set(['service']))
    self.assertEqual(set(), set(read_json(service_file('metrics.json'))) - known)
    for layout in read_json(service_file('widgets.json'))['layouts']:
      for widget in layout['widgetLayoutInfo']:
        for metric in widget['metrics']:
          self.assertEqual(SERVICE, metric['service_name'])
          self.assertIn(metric['component_name'], known)
    for link in read_json(service_file('quicklinks', 'quicklinks.json'))['configuration']['links']:
      self.assertIn(link['component_name'], known)
    kerberos = read_json(service_file('kerberos.json'))['services'][0]
    self.assertEqual(SERVICE, kerberos['name'])
    self.assertEqual(known, set(c['name'] for c in kerberos['components']))
    for key, values in read_json(service_file('role_command_order.json'))['general_deps'].items():
      for role_command in ([key] + values) if not key.startswith('_') else []:
        role = role_command.rsplit('-', 1)[0]
        if role.startswith('TANDEM'):
          self.assertIn(role, known | set([SERVICE + '_SERVICE_CHECK']), role_command)
    params = read_text(service_file('package', 'scripts', 'params.py'))
    self.assertIn("'/clusterHostInfo/tandem_server_hosts'", params, 'clusterHostInfo key is <component>_hosts')


class MetainfoTest(unittest.TestCase):

  def test_service_definition(self):
    root = ElementTree.parse(service_file('metainfo.xml')).getroot()
    self.assertEqual('2.0', root.findtext('schemaVersion'))
    service = metainfo()
    self.assertEqual((SERVICE, '0.1.0'), (service.findtext('name'), service.findtext('version')))
    self.assertEqual(['HDFS', 'ZOOKEEPER'], [s.text for s in service.findall('requiredServices/service')])
    self.assertEqual(['tandem'], [p.text for p in service.findall('osSpecifics/osSpecific/packages/package/name')])
    self.assertEqual('scripts/service_check.py', service.findtext('commandScript/script'))
    quicklinks = service.findtext('quickLinksConfigurations/quickLinksConfiguration/fileName')
    self.assertTrue(os.path.isfile(service_file('quicklinks', quicklinks)))

  def test_components(self):
    server, client = components()['TANDEM_SERVER'], components()['TANDEM_CLIENT']
    self.assertEqual(('MASTER', '1'), (server.findtext('category'), server.findtext('cardinality')))
    self.assertEqual(('CLIENT', '0+'), (client.findtext('category'), client.findtext('cardinality')))
    self.assertEqual('tandem_server', server.findtext('timelineAppid'), 'AMS lower-cases appIds')
    files = dict((f.findtext('fileName'), f.findtext('dictionaryName')) for f in client.findall('configFiles/configFile'))
    self.assertEqual({'tandem-site.xml': 'tandem-site', 'tandem-env.sh': 'tandem-env',
                      'log4j.properties': 'tandem-log4j'}, files, 'no tandem-users: clients never get the hashes')
    self.assertIn('tandem-users', [t.text for t in server.findall('configuration-dependencies/config-type')])
    for component in components().values():
      script = component.findtext('commandScript/script')
      self.assertEqual('PYTHON', component.findtext('commandScript/scriptType'))
      self.assertTrue(os.path.isfile(service_file('package', script)), script)

  def test_every_stack_entry_extends_the_common_definition(self):
    service = ElementTree.parse(os.path.join(support.ADDON_DIR, 'metainfo.xml')).getroot().find('services/service')
    self.assertEqual((SERVICE, 'common-services/TANDEM/0.1.0'), (service.findtext('name'), service.findtext('extends')))
    self.assertEqual(['metainfo.xml'], os.listdir(support.ADDON_DIR))


class MpackTest(unittest.TestCase):

  def setUp(self):
    self.mpack = read_json(os.path.join(support.RESOURCES_DIR, 'mpack.json'))

  def test_identity_matches_the_build(self):
    pom = read_text(os.path.join(support.MODULE_DIR, 'pom.xml'))
    version = re.search(r'<mpack.version>([^<]+)</mpack.version>', pom).group(1)
    self.assertEqual(('full-release', 'tandem-mpack', version),
                     (self.mpack['type'], self.mpack['name'], self.mpack['version']))

  def test_prerequisites_use_the_keys_ambari_reads(self):
    prerequisites = self.mpack['prerequisites']
    self.assertEqual(set(['min_ambari_version', 'min_stack_versions']), set(prerequisites))
    self.assertEqual('2.7.0.0', prerequisites['min_ambari_version'])
    self.assertEqual(EXPECTED_STACKS, set((s['stack_name'], s['stack_version'])
                                          for s in prerequisites['min_stack_versions']))
    for key in re.findall(r'"([\w-]+)"\s*:', read_text(os.path.join(support.RESOURCES_DIR, 'mpack.json'))):
      self.assertNotIn('-', key, 'install-mpack ignores hyphenated keys like %s' % key)

  def test_artifacts_point_at_existing_definitions(self):
    artifacts = dict((a['type'], a) for a in self.mpack['artifacts'])
    self.assertEqual(set(['service-definitions', 'stack-addon-service-definitions']), set(artifacts))
    for artifact in artifacts.values():
      self.assertTrue(os.path.isdir(os.path.join(support.RESOURCES_DIR, artifact['source_dir'], SERVICE, '0.1.0')),
                      artifact['name'])
    addon = artifacts['stack-addon-service-definitions']
    entry, = addon['service_versions_map']
    self.assertEqual((SERVICE, '0.1.0'), (entry['service_name'], entry['service_version']))
    self.assertEqual(EXPECTED_STACKS, set((s['stack_name'], s['stack_version']) for s in entry['applicable_stacks']))


class AlertsTest(unittest.TestCase):

  def definitions(self):
    alerts = read_json(service_file('alerts.json'))[SERVICE]
    return [d for key, defs in alerts.items() for d in defs]

  def test_shape(self):
    alerts = read_json(service_file('alerts.json'))[SERVICE]
    self.assertEqual([], alerts['service'])
    definitions = self.definitions()
    names = [d['name'] for d in definitions]
    self.assertEqual(len(names), len(set(names)))
    for d in definitions:
      for key in ('name', 'label', 'description', 'interval', 'scope', 'enabled', 'source'):
        self.assertIn(key, d, d.get('name'))
      self.assertTrue(re.match(r'^[a-z][a-z0-9_]*$', d['name']), d['name'])
      self.assertIsInstance(d['interval'], int)
      self.assertGreater(d['interval'], 0)
      self.assertIn(d['scope'], ('ANY', 'HOST', 'SERVICE'))
      self.assertIn(d['source']['type'], ('PORT', 'WEB', 'METRIC', 'AGGREGATE', 'SCRIPT', 'SERVER', 'AMS', 'RECOVERY'))

  def test_port_alert_watches_the_server_port(self):
    port, = [d for d in self.definitions() if d['source']['type'] == 'PORT']
    self.assertEqual('{{tandem-site/tandem.server.port}}', port['source']['uri'])
    self.assertEqual(21400, port['source']['default_port'])
    self.assertEqual(set(['ok', 'warning', 'critical']), set(port['source']['reporting']))

  def test_script_alerts_exist_and_follow_the_agent_contract(self):
    scripts = [d for d in self.definitions() if d['source']['type'] == 'SCRIPT']
    self.assertEqual(set(['alert_rpo.py', 'alert_last_run.py', 'alert_peer.py', 'alert_arbiter.py',
                          'alert_snapshot_space.py']),
                     set(os.path.basename(d['source']['path']) for d in scripts))
    for d in scripts:
      path = d['source']['path']
      self.assertTrue(path.startswith('TANDEM/0.1.0/package/alerts/'),
                      '%s: relative to the common-services dir, the same on every stack' % path)
      self.assertTrue(os.path.isfile(os.path.join(support.RESOURCES_DIR, 'common-services', path)), path)
      module = support.load_alert(os.path.basename(path))
      self.assertTrue(callable(module.get_tokens) and callable(module.execute), path)
      source = read_text(os.path.join(support.RESOURCES_DIR, 'common-services', path))
      for parameter in d['source'].get('parameters', []):
        for key in ('name', 'display_name', 'value', 'type', 'description'):
          self.assertIn(key, parameter, d['name'])
        self.assertIn(parameter['type'], ('NUMERIC', 'PERCENT', 'STRING'))
        if parameter['type'] == 'NUMERIC':
          self.assertIsInstance(parameter['value'], (int, float))
        if parameter['name'] != 'connection.timeout':
          self.assertIn("'%s'" % parameter['name'], source, '%s does not read %s' % (path, parameter['name']))
    unused = set(os.path.basename(p) for p in glob.glob(service_file('package', 'alerts', 'alert_*.py')))
    self.assertEqual(unused, set(os.path.basename(d['source']['path']) for d in scripts), 'alert scripts without alert')


class MetricsTest(unittest.TestCase):

  def metric_paths(self):
    """{component: {path: metric name}} of the AMS-served (ganglia) metrics."""
    result = {}
    for component, categories in read_json(service_file('metrics.json')).items():
      self.assertEqual(set(['Component', 'HostComponent']), set(categories))
      for category, blocks in categories.items():
        for block in blocks:
          self.assertEqual('ganglia', block['type'])
          for path, spec in block['metrics']['default'].items():
            self.assertTrue(path.startswith('metrics/'), path)
            self.assertEqual(set(['metric', 'pointInTime', 'temporal']), set(spec), path)
            if '$1' in path:
              self.assertIn('(', spec['metric'], '%s: $1 needs a regex group in the metric name' % path)
            result.setdefault(component, {})[path] = spec['metric']
    return result

  def test_required_metrics_are_served(self):
    served = set(self.metric_paths()['TANDEM_SERVER'].values())
    for name in REQUIRED_METRICS:
      self.assertIn(name, served)
    per_group = [m for m in served if m.startswith('tandem.group.lag.seconds.')]
    self.assertEqual(1, len(per_group))
    pattern = re.compile(per_group[0].replace('.', r'\.', 4) + '$')
    for group_name in ('billing', 'orders-eu', 'hr_2024'):
      self.assertTrue(pattern.match('tandem.group.lag.seconds.' + group_name), group_name)
    self.assertFalse(pattern.match('tandem.group.lag.seconds'))

  def test_widgets_use_served_metrics(self):
    paths = self.metric_paths()
    layouts = read_json(service_file('widgets.json'))['layouts']
    self.assertEqual(['TANDEM_SUMMARY'], [l['section_name'] for l in layouts])
    for layout in layouts:
      self.assertTrue(layout['layout_name'])
      for widget in layout['widgetLayoutInfo']:
        self.assertIn(widget['widget_type'], ('GRAPH', 'NUMBER', 'GAUGE', 'HEATMAP', 'TEMPLATE'))
        names = set()
        for metric in widget['metrics']:
          base_name = re.sub(r'\._(rate|sum|avg|min|max)$', '', metric['name'])
          base_path = re.sub(r'\._(rate|sum|avg|min|max)$', '', metric['metric_path'])
          self.assertEqual(base_name, paths[metric['component_name']].get(base_path), metric['metric_path'])
          names.add(metric['name'])
        for value in widget['values']:
          for used in re.findall(r'\$\{([^}]+)\}', value['value']):
            self.assertIn(used, names, widget['widget_name'])


class OtherDescriptorsTest(unittest.TestCase):

  def test_role_command_order(self):
    deps = read_json(service_file('role_command_order.json'))['general_deps']
    self.assertEqual(['TANDEM_SERVER-START'], deps['TANDEM_SERVICE_CHECK-SERVICE_CHECK'])
    self.assertIn('ZOOKEEPER_SERVER-START', deps['TANDEM_SERVER-START'])
    for key, values in deps.items():
      if key.startswith('_'):
        continue
      for role_command in [key] + values:
        self.assertTrue(re.match(r'^[A-Z_]+-(START|STOP|INSTALL|SERVICE_CHECK|RESTART)$', role_command), role_command)

  def test_quicklinks(self):
    quicklinks = read_json(service_file('quicklinks', 'quicklinks.json'))
    self.assertEqual('default', quicklinks['name'])
    link, = quicklinks['configuration']['links']
    self.assertEqual('%@://%@:%@/ui', link['url'])
    self.assertEqual(('tandem-site', 'tandem.server.port', '21400'),
                     (link['port']['site'], link['port']['http_property'], link['port']['http_default_port']))
    self.assertEqual(('tandem.server.port', '21400'), (link['port']['https_property'], link['port']['https_default_port']))
    # https when tandem-site/tandem.server.tls.enabled is true, else http (Ambari's QuickLinksProtocol checks)
    self.assertEqual({'type': 'https', 'checks': [{'property': 'tandem.server.tls.enabled', 'desired': 'true',
                                                   'site': 'tandem-site'}]},
                     quicklinks['configuration']['protocol'])

  def test_kerberos(self):
    service = read_json(service_file('kerberos.json'))['services'][0]
    spnego, = [i for i in service['identities'] if i.get('reference') == '/spnego']
    self.assertEqual(('tandem-site/tandem.auth.kerberos.principal', 'tandem-site/tandem.auth.kerberos.keytab'),
                     (spnego['principal']['configuration'], spnego['keytab']['configuration']),
                     'the keys the server reads for SPNEGO')
    # Kerberizing the cluster also turns on SASL towards ZooKeeper (issue 16 A): Ambari's ZooKeeper strips host and
    # realm, so the server principal tandem/_HOST is sasl:tandem, the default of tandem.zookeeper.sasl.ids.
    self.assertEqual([{'tandem-site': {'tandem.auth.type': 'kerberos', 'tandem.zookeeper.auth': 'sasl'}}],
                     service['configurations'])
    server, = [c for c in service['components'] if c['name'] == 'TANDEM_SERVER']
    identity, = server['identities']
    self.assertEqual(('tandem/_HOST@${realm}', 'service'),
                     (identity['principal']['value'], identity['principal']['type']))
    self.assertEqual('${keytab_dir}/tandem.service.keytab', identity['keytab']['file'])
    self.assertEqual('tandem-site/tandem.kerberos.keytab', identity['keytab']['configuration'])


if __name__ == '__main__':
  unittest.main()
