"""
The command scripts run as the agent runs them (python <script> <COMMAND> <command.json> ...) against the
resource_management fakes: configure writes the configuration directory, start/stop/status drive a fake
launcher (or the real scripts/tandem with a fake JVM) that serves the status endpoint, and the service check
asks it with the View secret.
"""
from __future__ import print_function

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import unittest
import xml.etree.ElementTree as ElementTree

import support

SERVER = 'tandem_server.py'
CLIENT = 'tandem_client.py'
CHECK = 'service_check.py'


def read(path):
  with open(path) as f:
    return f.read()


def site_properties(conf_dir):
  root = ElementTree.parse(os.path.join(conf_dir, 'tandem-site.xml')).getroot()
  return dict((p.findtext('name'), p) for p in root.findall('property'))


class CommandScriptCase(unittest.TestCase):

  def setUp(self):
    self.root = support.make_temp_dir(self)
    self.port = support.free_port()
    self.conf_dir = os.path.join(self.root, 'conf')
    self.pid_file = os.path.join(self.root, 'run', 'tandem-server.pid')
    self.addCleanup(self.kill_server)

  def config(self, **kwargs):
    return support.command_json(self.root, self.port, **kwargs)

  def run_command(self, script, command, config=None, basedir=None):
    return support.run_script(self.root, script, command, config or self.config(), basedir)

  def assert_succeeded(self, run):
    self.assertEqual(0, run.returncode, run.output)

  def assert_failed(self, run, *fragments):
    self.assertEqual(1, run.returncode, run.output)
    for fragment in fragments:
      self.assertIn(fragment, run.output)

  def install_launcher(self, mode='serve'):
    """A launcher at <tandem_home>/bin/tandem that execs the fake server in the given mode."""
    bin_dir = os.path.join(self.root, 'home', 'bin')
    os.makedirs(bin_dir)
    self.write_exec(os.path.join(bin_dir, 'tandem'), mode)

  def write_exec(self, path, mode):
    with open(path, 'w') as f:
      f.write('#!/bin/sh\nexec "%s" "%s" --mode %s "$@"\n'
              % (sys.executable, os.path.join(support.HERE, 'fake_tandem_server.py'), mode))
    os.chmod(path, 0o755)

  def server_pid(self):
    return int(read(self.pid_file).strip())

  def kill_server(self):
    """Cleanup: kills the fake server this test launched, as recorded by itself (never a pid from a pid file)."""
    launched = os.path.join(self.root, 'launcher.json')
    if os.path.exists(launched):
      pid = support.read_json(launched)['pid']
      if support.process_running(pid):
        os.kill(pid, signal.SIGKILL)


class ConfigureTest(CommandScriptCase):

  def test_configure_writes_site_env_and_log4j(self):
    run = self.run_command(SERVER, 'CONFIGURE')
    self.assert_succeeded(run)

    site = site_properties(self.conf_dir)
    values = dict((name, p.findtext('value')) for name, p in site.items())
    self.assertEqual('zk1.example.com:2181,zk2.example.com:2181', values['tandem.zookeeper.connect'],
                     'derived from the cluster when left empty')
    self.assertEqual('dc-east', values['tandem.site.id'], 'the cluster name when left empty')
    self.assertEqual('', values['tandem.hive.metastore.uris'])
    self.assertEqual(str(self.port), values['tandem.server.port'])
    self.assertEqual('/tandem', values['tandem.registry.root'])
    self.assertEqual(support.SECRET, values['tandem.view.secret'], 'the server host needs the View secret')
    self.assertEqual('basic', values['tandem.auth.type'])
    self.assertEqual('true', site['tandem.registry.root'].findtext('final'))

    env_sh = read(os.path.join(self.conf_dir, 'tandem-env.sh'))
    self.assertIn('export JAVA_HOME=/usr/lib/jvm/java-17\n', env_sh)
    self.assertIn('export TANDEM_CONF_DIR=%s\n' % self.conf_dir, env_sh)
    self.assertIn('-Xmx2048m', env_sh)
    log4j = read(os.path.join(self.conf_dir, 'log4j.properties'))
    self.assertIn('tandem.log.dir=%s\n' % os.path.join(self.root, 'log'), log4j)
    self.assertIn('log4j.appender.RFA.MaxFileSize=256MB', log4j)
    for text in (env_sh, log4j):
      self.assertNotIn('{{', text)

    for directory in ('log', 'run', 'work'):
      self.assertTrue(os.path.isdir(os.path.join(self.root, directory)), directory)
    self.assertEqual(0o640, stat.S_IMODE(os.stat(os.path.join(self.conf_dir, 'tandem-site.xml')).st_mode))

    users_file = os.path.join(self.conf_dir, 'tandem-users.properties')
    self.assertEqual(0o600, stat.S_IMODE(os.stat(users_file).st_mode))
    self.assertIn('tandem hash-password', read(users_file))
    users, = [f for f in run.resources('File') if f['name'] == users_file]
    self.assertEqual(('tandem', 0o600), (users['arguments']['owner'], users['arguments']['mode']))

    xml_config, = run.resources('XmlConfig')
    self.assertEqual(('tandem-site.xml', 'tandem', 'hadoop', 0o640),
                     (xml_config['name'], xml_config['arguments']['owner'], xml_config['arguments']['group'],
                      xml_config['arguments']['mode']))
    directories = dict((d['name'], d['arguments']) for d in run.resources('Directory'))
    self.assertEqual(0o750, directories[os.path.join(self.root, 'work')]['mode'])
    self.assertEqual(set(['tandem']), set(d['owner'] for d in directories.values()))

  def test_user_data_sources_reach_the_server_and_their_passwords_only_the_server(self):
    config = self.config()
    site = config['configurations']['tandem-site']
    site.update({'tandem.userdata.ambari.url': 'http://ambari.example.com:8080', 'tandem.userdata.ambari.user': 'tandem',
                 'tandem.userdata.ambari.password': 'ambari-pw-41', 'tandem.userdata.ranger.url':
                 'http://ranger.example.com:6080', 'tandem.userdata.ranger.user': 'tandem-ranger',
                 'tandem.userdata.ranger.password': 'ranger-pw-42', 'tandem.userdata.ambari.cluster': '',
                 'tandem.zookeeper.auth': 'digest', 'tandem.zookeeper.digest.secret': 'zk-pw-43-east-and-west'})
    run = self.run_command(SERVER, 'CONFIGURE', config)
    self.assert_succeeded(run)
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual('http://ambari.example.com:8080', values['tandem.userdata.ambari.url'])
    self.assertEqual('dc-east', values['tandem.userdata.ambari.cluster'], 'the cluster name when left empty')
    self.assertEqual('ambari-pw-41', values['tandem.userdata.ambari.password'])
    self.assertEqual('ranger-pw-42', values['tandem.userdata.ranger.password'])
    self.assertEqual('zk-pw-43-east-and-west', values['tandem.zookeeper.digest.secret'])
    self.assertNotIn('pw-4', run.output)

    client = self.config(hostname='client1.example.com')
    client['configurations']['tandem-site'].update(site)
    self.assert_succeeded(self.run_command(CLIENT, 'CONFIGURE', client))
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual('http://ranger.example.com:6080', values['tandem.userdata.ranger.url'])
    self.assertNotIn('tandem.userdata.ambari.password', values)
    self.assertNotIn('tandem.userdata.ranger.password', values)
    self.assertNotIn('tandem.zookeeper.digest.secret', values)

  def test_values_set_in_ambari_are_kept(self):
    config = self.config()
    config['configurations']['tandem-site'].update({
      'tandem.zookeeper.connect': 'zk.other:2182', 'tandem.site.id': 'primary',
      'tandem.hive.metastore.uris': 'thrift://hms.example.com:9083'})
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual(('zk.other:2182', 'primary', 'thrift://hms.example.com:9083'),
                     (values['tandem.zookeeper.connect'], values['tandem.site.id'],
                      values['tandem.hive.metastore.uris']))

  def test_metastore_uris_come_from_hive_site_when_hive_is_installed(self):
    config = self.config()
    config['configurations']['hive-site'] = {'hive.metastore.uris': 'thrift://hms1:9083,thrift://hms2:9083'}
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual('thrift://hms1:9083,thrift://hms2:9083', values['tandem.hive.metastore.uris'])

  def test_metastore_principal_comes_from_hive_site_when_sasl_is_enabled(self):
    for sasl, expected in (('true', 'hive/_HOST@EXAMPLE.COM'), ('false', '')):
      config = self.config()
      config['configurations']['hive-site'] = {'hive.metastore.uris': 'thrift://hms1:9083',
                                               'hive.metastore.sasl.enabled': sasl,
                                               'hive.metastore.kerberos.principal': 'hive/_HOST@EXAMPLE.COM'}
      self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
      values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
      self.assertEqual(expected, values['tandem.hive.metastore.kerberos.principal'] or '', 'sasl ' + sasl)

  def test_users_file_holds_the_configured_users(self):
    config = self.config()
    line = 'alice = admin, pbkdf2-sha256:210000:c2FsdA==:aGFzaA=='
    config['configurations']['tandem-users']['content'] = '# users\n%s\nbob = operator\n' % line
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
    self.assertEqual('# users\n%s\nbob = operator\n' % line,
                     read(os.path.join(self.conf_dir, 'tandem-users.properties')))

  def test_users_file_name_follows_tandem_auth_users_file(self):
    config = self.config()
    config['configurations']['tandem-site']['tandem.auth.users.file'] = 'users/tandem.properties'
    os.makedirs(os.path.join(self.conf_dir, 'users'))
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
    self.assertTrue(os.path.isfile(os.path.join(self.conf_dir, 'users', 'tandem.properties')))

  def test_configure_refuses_users_the_server_would_refuse(self):
    for content, fragment in (
        ('alice = root', 'line 1 (alice): unknown role "root"'),
        ('# ok\nalice admin', 'line 2 is not "user = role[, password hash]"'),
        ('alice = admin, hunter2-plain', 'line 1 (alice): after the role comes the output of "tandem hash-password"')):
      config = self.config()
      config['configurations']['tandem-users']['content'] = content
      run = self.run_command(SERVER, 'CONFIGURE', config)
      self.assert_failed(run, fragment)
      self.assertNotIn('hunter2', run.output, 'a password pasted by mistake is not echoed')
      self.assertFalse(os.path.exists(os.path.join(self.conf_dir, 'tandem-users.properties')))

  def test_configure_refuses_an_empty_view_secret_on_the_server_host(self):
    config = self.config()
    config['configurations']['tandem-site']['tandem.view.secret'] = ''
    self.assert_failed(self.run_command(SERVER, 'CONFIGURE', config), 'tandem-site/tandem.view.secret is empty')

  def test_metrics_collector_is_derived_from_ambari_metrics(self):
    config = self.config()
    config['clusterHostInfo']['metrics_collector_hosts'] = ['ams2.example.com', 'ams1.example.com']
    config['configurations']['ams-site'] = {'timeline.metrics.service.webapp.address': '0.0.0.0:6189'}
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE', config))
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual('http://ams1.example.com:6189', values['tandem.metrics.collector.url'])

  def test_no_metrics_collector_without_ambari_metrics(self):
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE'))
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertEqual('', values['tandem.metrics.collector.url'])

  def test_configure_fails_without_any_zookeeper(self):
    config = self.config()
    config['clusterHostInfo']['zookeeper_server_hosts'] = []
    run = self.run_command(SERVER, 'CONFIGURE', config)
    self.assert_failed(run, 'tandem.zookeeper.connect is empty')
    self.assertFalse(os.path.exists(os.path.join(self.conf_dir, 'tandem-site.xml')))

  def test_install_installs_the_package_then_configures(self):
    run = self.run_command(SERVER, 'INSTALL')
    self.assert_succeeded(run)
    self.assertEqual(['install_packages', 'Directory'], [e['resource'] for e in run.journal][:2])
    self.assertTrue(os.path.exists(os.path.join(self.conf_dir, 'tandem-site.xml')))


class ClientTest(CommandScriptCase):

  def test_client_only_host_gets_the_configuration_without_the_secret(self):
    run = self.run_command(CLIENT, 'INSTALL', self.config(hostname='client1.example.com'))
    self.assert_succeeded(run)
    values = dict((n, p.findtext('value')) for n, p in site_properties(self.conf_dir).items())
    self.assertNotIn('tandem.view.secret', values)
    self.assertEqual('zk1.example.com:2181,zk2.example.com:2181', values['tandem.zookeeper.connect'])
    self.assertEqual(0o644, stat.S_IMODE(os.stat(os.path.join(self.conf_dir, 'tandem-site.xml')).st_mode))
    self.assertTrue(os.path.exists(os.path.join(self.conf_dir, 'tandem-env.sh')))
    self.assertFalse(os.path.exists(os.path.join(self.root, 'run')), 'no server directories on a client host')
    self.assertFalse(os.path.exists(os.path.join(self.conf_dir, 'tandem-users.properties')))

  def test_client_on_the_server_host_writes_what_the_server_writes(self):
    self.assert_succeeded(self.run_command(SERVER, 'CONFIGURE'))
    server_site = read(os.path.join(self.conf_dir, 'tandem-site.xml'))
    self.assert_succeeded(self.run_command(CLIENT, 'CONFIGURE'))
    self.assertEqual(server_site, read(os.path.join(self.conf_dir, 'tandem-site.xml')))

  def package_with_listener(self):
    """The package directory as the built mpack has it: package/files/ holds the listener jar (assembly)."""
    package = os.path.join(self.root, 'package')
    os.makedirs(os.path.join(package, 'files'))
    with open(os.path.join(package, 'files', 'tandem-metastore-listener.jar'), 'wb') as f:
      f.write(b'PK\x03\x04 the shaded listener')
    return package

  def metastore_cluster(self, hostname, lib_dir):
    """The command JSON for a host of a cluster whose one Hive Metastore runs on hms1.example.com."""
    config = self.config(hostname=hostname)
    config['clusterHostInfo']['hive_metastore_hosts'] = ['hms1.example.com']
    config['configurations']['tandem-env']['tandem_hive_metastore_lib_dir'] = lib_dir
    return config

  def test_client_on_a_metastore_host_installs_the_fence_listener_into_the_metastores_lib_dir(self):
    lib = os.path.join(self.root, 'hive-lib')
    os.makedirs(lib)
    config = self.metastore_cluster('hms1.example.com', lib)
    self.assert_succeeded(self.run_command(CLIENT, 'INSTALL', config, self.package_with_listener()))
    jar = os.path.join(lib, 'tandem-metastore-listener.jar')
    with open(jar, 'rb') as f:
      self.assertEqual(b'PK\x03\x04 the shaded listener', f.read())
    self.assertEqual(0o644, stat.S_IMODE(os.stat(jar).st_mode))

  def test_client_elsewhere_installs_no_listener(self):
    lib = os.path.join(self.root, 'hive-lib')
    os.makedirs(lib)
    config = self.metastore_cluster('client1.example.com', lib)
    self.assert_succeeded(self.run_command(CLIENT, 'INSTALL', config, self.package_with_listener()))
    self.assertEqual([], os.listdir(lib))

  def test_client_on_a_metastore_host_without_a_lib_dir_says_which_setting_to_set(self):
    config = self.metastore_cluster('hms1.example.com', '')
    if any(os.path.isdir(d) for d in ('/usr/hdp/current/hive-metastore/lib', '/usr/odp/current/hive-metastore/lib',
                                      '/usr/bigtop/current/hive-metastore/lib', '/usr/lib/hive/lib')):
      self.skipTest('this machine has a Hive lib directory')
    run = self.run_command(CLIENT, 'CONFIGURE', config, self.package_with_listener())
    self.assert_failed(run, 'tandem-env/tandem_hive_metastore_lib_dir')

  def test_client_has_no_status(self):
    self.assert_failed(self.run_command(CLIENT, 'STATUS'), 'ClientComponentHasNoStatus')


class LifecycleTest(CommandScriptCase):

  def test_start_status_service_check_stop(self):
    self.install_launcher()
    start = self.run_command(SERVER, 'START')
    self.assert_succeeded(start)
    pid = self.server_pid()
    self.assertTrue(support.process_running(pid))

    launched = support.read_json(os.path.join(self.root, 'launcher.json'))
    self.assertEqual(['server', '--conf-dir', self.conf_dir], launched['args'])
    self.assertEqual(pid, launched['pid'], 'the pid file names the server process itself')
    self.assertEqual('/usr/lib/jvm/java-17', launched['env']['JAVA_HOME'], 'tandem-env.sh is sourced')
    launch, = [e for e in start.resources('Execute') if 'nohup' in e['name']]
    self.assertEqual('tandem', launch['arguments']['user'])

    self.assert_succeeded(self.run_command(SERVER, 'STATUS'))
    check = self.run_command(CHECK, 'SERVICE_CHECK')
    self.assert_succeeded(check)
    self.assertIn('answered HTTP 200', check.output)
    self.assertIn('WARNING Site secondary: HDFS snapshots follow files open for write', check.output)
    self.assertNotIn('Site primary', check.output)
    self.assertNotIn(support.SECRET, start.output + check.output)

    self.assert_succeeded(self.run_command(SERVER, 'START'))
    self.assertEqual(pid, self.server_pid(), 'a second START leaves the running server alone')

    self.assert_succeeded(self.run_command(SERVER, 'STOP'))
    self.assertFalse(support.process_running(pid))
    self.assertFalse(os.path.exists(self.pid_file))
    self.assert_failed(self.run_command(SERVER, 'STATUS'), 'ComponentIsNotRunning')
    self.assert_succeeded(self.run_command(SERVER, 'STOP'))

  def test_start_runs_the_real_launcher_with_tandem_env(self):
    """
    scripts/tandem as the package installs it (<tandem_home>/bin, jars in lib/), with a fake JVM at
    tandem_java_home: tandem-env.sh's JAVA_HOME, heap and TANDEM_OPTS reach the JVM, the conf dir and Jersey 3
    come first on the class path, and the pid file names the JVM (the launcher execs it).
    """
    home = os.path.join(self.root, 'home')
    os.makedirs(os.path.join(home, 'bin'))
    os.makedirs(os.path.join(home, 'lib'))
    shutil.copy(support.LAUNCHER, os.path.join(home, 'bin', 'tandem'))
    for jar in ('hadoop-common-3.3.6.jar', 'jersey-server-1.19.4.jar', 'jersey-server-3.1.11.jar',
                'tandem-plugin-0.1.0.jar'):
      open(os.path.join(home, 'lib', jar), 'w').close()
    java_home = os.path.join(self.root, 'jdk')
    os.makedirs(os.path.join(java_home, 'bin'))
    self.write_exec(os.path.join(java_home, 'bin', 'java'), 'serve')
    config = self.config()
    config['configurations']['tandem-env']['tandem_java_home'] = java_home

    self.assert_succeeded(self.run_command(SERVER, 'START', config))
    launched = support.read_json(os.path.join(self.root, 'launcher.json'))
    self.assertEqual(self.server_pid(), launched['pid'], 'the launcher execs the JVM')
    self.assertEqual(java_home, launched['env']['JAVA_HOME'])
    jvm_args = launched['args']
    main = jvm_args.index('dev.tandem.cli.TandemCli')
    self.assertEqual(['server', '--conf-dir', self.conf_dir], jvm_args[main + 1:])
    options = jvm_args[:main]
    log4j = '-Dlog4j.configuration=file:%s/log4j.properties' % self.conf_dir
    self.assertEqual(log4j, [o for o in options if o.startswith('-Dlog4j.configuration=')][-1], 'the last one wins')
    self.assertEqual('-Xmx2048m', [o for o in options if o.startswith('-Xmx')][-1], 'tandem_heapsize is MB')
    for option in ('-Xms2048m', '-Dtandem.log.dir=%s' % os.path.join(self.root, 'log')):
      self.assertIn(option, options)
    class_path = options[options.index('-cp') + 1].split(':')
    self.assertEqual([self.conf_dir, os.path.join(home, 'bin', '..', 'lib', 'jersey-server-3.1.11.jar')],
                     class_path[:2], 'conf dir, then Jersey 3 before the lib/* wildcard')

    check = self.run_command(CHECK, 'SERVICE_CHECK', config)
    self.assert_succeeded(check)

  def test_start_fails_with_the_console_output_when_the_server_exits(self):
    self.install_launcher(mode='crash')
    run = self.run_command(SERVER, 'START')
    self.assert_failed(run, 'Tandem server exited during start-up',
                       'FATAL tandem.zookeeper.connect: cannot reach any ZooKeeper server')


class StatusTest(CommandScriptCase):

  def status_with_pid_file(self, content):
    os.makedirs(os.path.dirname(self.pid_file))
    if content is not None:
      with open(self.pid_file, 'w') as f:
        f.write(content)
    return self.run_command(SERVER, 'STATUS')

  def test_no_pid_file(self):
    self.assert_failed(self.status_with_pid_file(None), 'ComponentIsNotRunning')

  def test_pid_file_of_a_finished_process(self):
    finished = subprocess.Popen(['true'])
    finished.wait()
    self.assert_failed(self.status_with_pid_file(str(finished.pid)), 'ComponentIsNotRunning')

  def test_unreadable_pid_file(self):
    self.assert_failed(self.status_with_pid_file('not-a-pid'), 'ComponentIsNotRunning')

  def test_pid_file_of_a_running_process(self):
    sleeper = subprocess.Popen(['sleep', '30'])
    self.addCleanup(sleeper.wait)
    self.addCleanup(sleeper.kill)
    self.assert_succeeded(self.status_with_pid_file('%d\n' % sleeper.pid))


class ServiceCheckTest(CommandScriptCase):

  def check_against(self, code, command_timeout='1', secret=support.SECRET, ca_file=None):
    tls = ca_file is not None
    config = self.config(command_timeout=command_timeout, server_hosts=('localhost',) if tls else ('127.0.0.1',))
    config['configurations']['tandem-site']['tandem.view.secret'] = secret
    if tls:
      config['configurations']['tandem-site']['tandem.server.tls.enabled'] = 'true'
      config['configurations']['tandem-site']['tandem.server.tls.ca.file'] = ca_file
    with support.StatusServer(tls=tls) as server:
      server.code = code
      self.port = server.port
      config['configurations']['tandem-site']['tandem.server.port'] = str(server.port)
      run = self.run_command(CHECK, 'SERVICE_CHECK', config)
      self.users = server.users
    return run

  def test_passes_on_http_200(self):
    run = self.check_against(200)
    self.assert_succeeded(run)
    self.assertEqual(['ambari-service-check'], self.users, 'authenticated with the View secret')
    self.assertNotIn(support.SECRET, run.output)

  def test_passes_over_https_verified_with_the_ca_file(self):
    run = self.check_against(200, ca_file=support.TLS_CERT)
    self.assert_succeeded(run)
    self.assertIn('Tandem server at https://localhost:%d/api/v1/status answered HTTP 200' % self.port, run.output)
    self.assertEqual(['ambari-service-check'], self.users)

  def test_fails_over_https_with_a_certificate_of_another_ca(self):
    run = self.check_against(200, ca_file=support.OTHER_CA)
    self.assert_failed(run, 'No verified TLS connection to the Tandem server at https://localhost:%d' % self.port,
                       'tandem.server.tls.ca.file')
    self.assertEqual([], self.users)
    self.assertNotIn(support.SECRET, run.output)

  def test_fails_at_once_when_the_server_refuses_the_secret(self):
    run = self.check_against(200, command_timeout='60', secret='not-the-secret-4')
    self.assert_failed(run, 'answered HTTP 401', 'The server refused tandem-site/tandem.view.secret')
    self.assertNotIn('retrying', run.output)
    self.assertNotIn('not-the-secret-4', run.output)

  def test_fails_without_a_secret(self):
    run = self.check_against(200, secret='')
    self.assert_failed(run, 'tandem-site/tandem.view.secret is empty')

  def test_fails_on_any_other_status(self):
    run = self.check_against(503)
    self.assert_failed(run, 'Tandem server at http://127.0.0.1:%d/api/v1/status answered HTTP 503, expected 200'
                       % self.port)

  def test_fails_when_unreachable(self):
    self.assert_failed(self.run_command(CHECK, 'SERVICE_CHECK', self.config(command_timeout='1')),
                       'http://127.0.0.1:%d/api/v1/status is unreachable' % self.port)

  def test_retries_within_half_the_command_timeout(self):
    run = self.check_against(503, command_timeout='8')
    self.assert_failed(run, 'after 2 attempts', 'retrying in 3 s')

  def test_fails_without_a_server_host(self):
    self.assert_failed(self.run_command(CHECK, 'SERVICE_CHECK', self.config(server_hosts=())),
                       'no TANDEM_SERVER host')


class FakesTest(unittest.TestCase):
  """The fakes refuse what Ambari refuses, so the script tests can fail for the same reasons Ambari would."""

  def test_unknown_resource_argument_fails(self):
    from resource_management.core.exceptions import Fail
    from resource_management.core.resources.system import Execute, File
    from resource_management.libraries.resources.xml_config import XmlConfig
    for resource, arguments in ((Execute, {'usr': 'tandem'}), (File, {'permissions': 0o644}),
                                (XmlConfig, {'configuration': {}})):
      with self.assertRaises(Fail) as raised:
        resource('x', **arguments)
      self.assertIn('unsupported argument', str(raised.exception))

  def test_undefined_template_variable_fails(self):
    from resource_management.core.environment import Environment
    from resource_management.core.exceptions import Fail
    from resource_management.core.source import InlineTemplate
    with Environment() as env:
      env.set_params({'tandem_home': '/usr/lib/tandem'})
      self.assertEqual('home=/usr/lib/tandem', InlineTemplate('home={{ tandem_home }}')())
      self.assertRaises(Fail, InlineTemplate('home={{tandem_homes}}'))


if __name__ == '__main__':
  unittest.main()
