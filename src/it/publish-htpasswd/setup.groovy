def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
registries.killLeftovers(projectRoot, basedir.name)
support.setup(basedir, itRegistry)
String remote = registries.start(projectRoot, basedir, 'auth', ['cip', 'cip-it-s3cret'])
new File(basedir, 'remote-registry.txt').text = remote
registries.substitute(basedir, ['REMOTE_REGISTRY': remote])
// the user's own Docker config: credentials for another registry and a client setting; must stay byte-identical
File dockerConfig = new File(basedir, 'docker-config')
dockerConfig.mkdirs()
String user = '{\n\t"auths": {\n\t\t"registry.example.invalid": {\n\t\t\t"auth": "' + 'someone:else'.bytes.encodeBase64() +
        '"\n\t\t}\n\t},\n\t"detachKeys": "ctrl-q,q"\n}'
new File(dockerConfig, 'config.json').text = user
new File(basedir, 'config.json.orig').text = user
new File(basedir, 'tmp').mkdirs()
return true
