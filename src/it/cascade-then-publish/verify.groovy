def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
assert log.contains('base 2.0.0 → 2.0.1')
assert log.contains('app 1.4.2 → 1.4.3 (base 2.0.0 → 2.0.1)')
assert log.contains('app-plugin 0.9.0 → 0.9.1 (app 1.4.2 → 1.4.3)')
assert new File(basedir, 'contexts/02-app/Dockerfile').text.contains('FROM ${REGISTRY}/base:2.0.1\n')

def first = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip-first/report.json'))
assert first.images.collect { it.name } as Set == ['busybox', 'base', 'side', 'app', 'app-plugin'] as Set
assert first.images.every { it.decision == 'DONE' }
def after = support.report(basedir).images.collectEntries { [it.name, [it.version, it.decision]] }
assert after == ['busybox'   : ['1.0.0', 'SKIP'],
                 'base'      : ['2.0.1', 'DONE'],
                 'side'      : ['3.1.0', 'SKIP'],
                 'app'       : ['1.4.3', 'DONE'],
                 'app-plugin': ['0.9.1', 'DONE']]: after
['base': '2.0.1', 'app': '1.4.3', 'app-plugin': '0.9.1'].each { n, v -> assert support.exists(itRegistry, "$ns/$n", v) }
return true
