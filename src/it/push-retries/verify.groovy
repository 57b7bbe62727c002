def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
ProcessHandle.of(new File(basedir, 'proxy.pid').text.trim() as long).ifPresent { it.destroy() }
String ns = support.namespace(basedir)
def slurp = { new groovy.json.JsonSlurper().parse(it) }
def faults = new File(basedir, 'faults.log').readLines()
assert faults.size() == 8 && faults.every { it.startsWith('PUT ') && it.contains('/manifests/') && it.endsWith(' 500') }

// cip.retries=0: the first 500 fails the image, and nothing is tried again
def once = slurp(new File(basedir, 'target/cip-no-retries/report.json')).images.collectEntries { [it.name, it] }
assert once.busybox.decision == 'FAILED' && once.busybox.attempts == 1: "$once"
String log = new File(basedir, 'build.log').text
assert log.contains('500 Internal Server Error')

// default retries: the same 500s are solved again and the run succeeds, every attempt counted
def report = support.report(basedir).images.collectEntries { [it.name, it] }
assert report.values().every { it.decision == 'DONE' }: "$report"
assert report.busybox.attempts == 2: "the failed push was solved again: $report"
assert log.contains('[WARNING] busybox 1.0.0: transient registry failure')
['busybox'].each { assert support.exists(itRegistry, "$ns/$it", '1.0.0') && support.exists(itRegistry, "$ns/$it", 'latest') }
return true
