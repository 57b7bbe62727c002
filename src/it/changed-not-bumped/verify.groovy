def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def slurp = { new groovy.json.JsonSlurper().parse(new File(basedir, it)) }

// the fingerprint is recorded on the pushed image as a label
def first = slurp('target/cip-first/report.json').images.collectEntries { [it.name, it] }
String fp = first.app.fingerprint
assert fp ==~ /sha256:[0-9a-f]{64}/
assert support.labels(itRegistry, "$ns/app", '1.0.0')['dev.cip.fingerprint'] == fp

// the same content under another platform set is no change (not even under cip.strict): nothing to rebuild or bump
def platforms = slurp('target/cip-platforms/report.json')
assert !platforms.images.isEmpty()
assert platforms.images.every { it.decision == 'SKIP' }
assert platforms.warnings.isEmpty(): platforms.warnings

// a change to a file .dockerignore excludes is no change
def ignored = slurp('target/plan-ignored/plan.json')
assert !ignored.images.isEmpty()
assert ignored.images.every { it.decision == 'SKIP' }
assert ignored.warnings.isEmpty(): ignored.warnings

// a real change without a bump: SKIP (the version exists) with a warning naming the image and version
def changed = slurp('target/cip-changed/report.json')
assert !changed.images.isEmpty()
assert changed.images.every { it.decision == 'SKIP' }
assert changed.warnings.size() == 1
assert changed.warnings[0].startsWith('app 1.0.0: the context changed since this version was published, but the version was not bumped')
String log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] app 1.0.0: the context changed since this version was published')

// under cip.strict the same is an error before anything is built
assert log.contains('cip.strict: the content of app changed since its version was published')
assert log.contains('run mvn cip:update: it bumps app and cascades to the images built on it')
assert !new File(basedir, 'target/cip-strict/logs').exists()
// the ITs' own cache and Docker config (pom.xml, invoker configuration), never the user's ~/.cache/cip or ~/.docker
// one summary file per registry namespace
assert new File(basedir, 'target/cip-cache/registry-summaries').listFiles().findAll { it.name.endsWith('.json') }.size() == 1
assert new File(projectRoot, 'target/it-docker-config/buildx').isDirectory()
return true
