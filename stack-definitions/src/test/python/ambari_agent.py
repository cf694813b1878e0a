"""
Plays the Ambari agent for tests outside this module (plugin's AmbariAlertScriptsTest runs it against a real
Tandem server). It prints one JSON object on stdout.

  ambari_agent.py alert NAME HOST CONFIGURATIONS_JSON [PARAMETERS_JSON]
      Runs the SCRIPT alert NAME of alerts.json the way ambari_agent/alerts/script_alert.py does: loads the script
      from its path under common-services, resolves each token of get_tokens() against the cluster configurations
      ({"tandem-site": {...}}), takes the parameters' values from the definition (PARAMETERS_JSON overrides them)
      and calls execute(configurations, parameters, HOST).  Prints {"state", "text", "tokens"}.

  ambari_agent.py service-check PORT CONFIGURATIONS_JSON
      Runs package/scripts/service_check.py SERVICE_CHECK like the agent (against the resource_management fakes)
      for a TANDEM_SERVER on 127.0.0.1:PORT, with tandem-site overridden by CONFIGURATIONS_JSON.
      Prints {"returncode", "output"}.
"""
from __future__ import print_function

import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import support  # noqa: E402

TOKEN = re.compile(r'^\{\{([^/]+)/(.+)\}\}$')


def definition(name):
  alerts = support.read_json(os.path.join(support.SERVICE_DIR, 'alerts.json'))
  for definitions in alerts['TANDEM'].values():
    for d in definitions:
      if d['name'] == name:
        return d
  raise SystemExit('no alert %s in alerts.json' % name)


def run_alert(name, host, cluster_configurations, overrides):
  source = definition(name)['source']
  if source['type'] != 'SCRIPT':
    raise SystemExit('alert %s is a %s alert, not a SCRIPT' % (name, source['type']))
  module = support.load_alert(os.path.basename(source['path']))
  tokens = list(module.get_tokens())
  configurations = {}
  for token in tokens:
    config_type, key = TOKEN.match(token).groups()
    configurations[token] = cluster_configurations.get(config_type, {}).get(key)
  parameters = dict((p['name'], p['value']) for p in source.get('parameters', []))
  parameters.update(overrides)
  state, texts = module.execute(configurations, parameters, host)
  return {'state': state, 'text': texts[0], 'tokens': tokens}


def run_service_check(port, site_overrides):
  root = tempfile.mkdtemp(prefix='tandem-agent-')
  try:
    config = support.command_json(root, port)
    config['configurations']['tandem-site'].update(site_overrides)
    run = support.run_script(root, 'service_check.py', 'SERVICE_CHECK', config)
    return {'returncode': run.returncode, 'output': run.output}
  finally:
    shutil.rmtree(root, True)


def main(argv):
  if len(argv) >= 5 and argv[1] == 'alert':
    result = run_alert(argv[2], argv[3], json.loads(argv[4]), json.loads(argv[5]) if len(argv) > 5 else {})
  elif len(argv) == 4 and argv[1] == 'service-check':
    result = run_service_check(int(argv[2]), json.loads(argv[3]))
  else:
    raise SystemExit(__doc__)
  print(json.dumps(result))


if __name__ == '__main__':
  main(sys.argv)
