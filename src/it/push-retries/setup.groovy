def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// A fault-injecting proxy (the unit tests' FaultProxy) in front of the real registry, on a free loopback port: the
// first eight manifest PUTs answer 500, as registry 2.8 does now and then under parallel pushes. The engine itself
// tries a manifest PUT four times before the push fails: each run meets one failed push.
File address = new File(basedir, 'proxy-address.txt')
String java = new File(System.getProperty('java.home'), 'bin/java').path
def proxy = new ProcessBuilder(java, '-cp', new File(projectRoot, 'target/test-classes').path,
        'dev.cip.registry.testing.FaultProxy', itRegistry, address.path, new File(basedir, 'faults.log').path,
        'PUT:/manifests/:500:8')
        .redirectErrorStream(true).redirectOutput(new File(basedir, 'proxy.log')).start()
new File(basedir, 'proxy.pid').text = proxy.pid().toString()
long deadline = System.currentTimeMillis() + 30_000
while (!(address.exists() && address.text) && System.currentTimeMillis() < deadline && proxy.alive) {
    Thread.sleep(50)
}
if (!address.exists() || !address.text) {
    throw new IllegalStateException("the fault proxy did not start: ${new File(basedir, 'proxy.log').text}")
}
File pom = new File(basedir, 'pom.xml')
pom.text = pom.text.replace('PROXY_ADDRESS', address.text.trim())
return true
