def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
support.setup(basedir, itRegistry)
// a loopback port nobody listens on
String down = '127.0.0.1:' + registries.freePort()
new File(basedir, 'down-registry.txt').text = down
registries.substitute(basedir, ['DOWN_REGISTRY': down])
return true
