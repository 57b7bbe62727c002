def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
registries.killLeftovers(projectRoot, basedir.name)
support.setup(basedir, itRegistry)
String remote = registries.start(projectRoot, basedir, 'auth', ['citest', 'citest-h3lper-s3cret'])
new File(basedir, 'remote-registry.txt').text = remote
registries.substitute(basedir, ['REMOTE_REGISTRY': remote])
// The helper: logs each question, answers for the IT's registry only, "not found" (exit 1) for any other host.
File bin = new File(basedir, 'bin')
bin.mkdirs()
File calls = new File(basedir, 'helper-calls.txt')
File helper = new File(bin, 'docker-credential-citest')
helper.text = """#!/bin/sh
read host
echo "\$1 \$host" >> '${calls.absolutePath}'
if [ "\$1" = get ] && [ "\$host" = '${remote}' ]; then
  printf '{"ServerURL":"%s","Username":"citest","Secret":"citest-h3lper-s3cret"}' "\$host"
else
  echo 'credentials not found in native keychain'
  exit 1
fi
"""
helper.setExecutable(true, true)
File dockerConfig = new File(basedir, 'docker-config')
dockerConfig.mkdirs()
new File(dockerConfig, 'config.json').text = '{"credHelpers":{"' + remote + '":"citest"}}'
new File(basedir, 'tmp').mkdirs()
return true
