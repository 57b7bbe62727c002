def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def report = support.report(basedir).images.collectEntries { [it.name, it] }
assert report.values().every { it.decision == 'DONE' }: "$report"

// one bake call for all images built (nothing failed), on the one bake.json, with the builder and the extra argument
// as given
def calls = new File(basedir, 'docker-argv.txt').text.split('----\n').collect { it.readLines() }.findAll { it }
def bakes = calls.findAll { it.take(2) == ['buildx', 'bake'] }
assert bakes.size() == 1: "$calls"
assert bakes[0].subList(bakes[0].indexOf('--') + 1, bakes[0].size()) as Set == report.keySet(): "$calls"
bakes.each { List<String> bake ->
    assert bake[bake.indexOf('--file') + 1] == new File(basedir, 'target/cip/bake.json').path
    assert bake[bake.indexOf('--builder') + 1] == 'default'
    assert bake.contains('--set=*.labels.it.extra=a,b')
}

// the extra argument took effect: the label with its comma is on the pushed image
Map config = support.imageConfig(itRegistry, "$ns/secretive", '1.0.0')
assert config.config.Labels['it.extra'] == 'a,b'

// the secret reached the RUN step (it checks its hash), by name only: its value is nowhere cip writes
String definition = new File(basedir, 'target/cip/bake.json').text
assert new groovy.json.JsonSlurper().parseText(definition).target.secretive.secret == ['id=token,env=CIP_IT_TOKEN']
def written = [new File(basedir, 'build.log'), new File(basedir, 'docker-argv.txt')] + new File(basedir, 'target/cip').listFiles().findAll { it.isFile() } + new File(basedir, 'target/cip/logs').listFiles().toList()
written.each { assert !it.text.contains('s3cr3t-IT-value'): "the secret's value is in $it" }
// -Dcip.verbose streams each image's lines with its name in front
assert new File(basedir, 'build.log').readLines().any { it.startsWith('[INFO] secretive | #') && it.contains('sha256sum /run/secrets/token') }
return true
