def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
registries.killLeftovers(projectRoot, basedir.name)
support.setup(basedir, itRegistry)
String remote = registries.start(projectRoot, basedir, 'remote')
new File(basedir, 'remote-registry.txt').text = remote
registries.substitute(basedir, ['REMOTE_REGISTRY': remote])
return true
