def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
assert support.platforms(itRegistry, "$ns/busybox", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set
assert support.platforms(itRegistry, "$ns/both", '1.0.0') == ['linux/amd64', 'linux/arm64'] as Set
assert support.platforms(itRegistry, "$ns/both", 'latest') == ['linux/amd64', 'linux/arm64'] as Set
assert support.platforms(itRegistry, "$ns/amd64-only", '1.0.0') == ['linux/amd64'] as Set
// the arm64 variant really is an arm64 image: its config says so
def index = support.manifest(itRegistry, "$ns/both", '1.0.0')
def arm = index.manifests.find { it.platform?.architecture == 'arm64' }
def armManifest = support.manifest(itRegistry, "$ns/both", arm.digest)
assert support.blob(itRegistry, "$ns/both", armManifest.config.digest).architecture == 'arm64'
def report = support.report(basedir)
assert report.images.find { it.name == 'amd64-only' }.platforms == ['linux/amd64']
assert report.images.find { it.name == 'both' }.platforms == ['linux/amd64', 'linux/arm64']
assert new File(basedir, 'build.log').text.contains('building (linux/amd64, linux/arm64)')
return true
