def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
support.setup(basedir, itRegistry)
// the shared registry under another name: localhost:5000 -> 127.0.0.1:5000
String other = itRegistry.replace('localhost', '127.0.0.1')
assert other != itRegistry: "cip.it.registry must be named localhost:<port> for this test, not $itRegistry"
registries.substitute(basedir, ['PUBLISH_REGISTRY': other])
new File(basedir, 'publish-registry.txt').text = other
return true
